/**
 * `npm run --silent outcomes:rollup`
 *
 * Rebuilds the dashboards' daily rollups (collections `outcome_daily` and `script_daily`) from
 * the outcome records, for recovery when they drifted. Prints one JSON object on stdout:
 * {"outcomes":N,"dailyRows":N,"scriptRows":N,"removed":N,"tookMs":N}. Uses MONGODB_URI, or the
 * embedded FerretDB in DATA_DIR as npm start does. Run it while no chat is being closed.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../config';
import { startDatabase } from '../infra/mongo';
import { rebuildRollups } from '../outcomes/outcome-rollups';

const USAGE = `Usage: npm run --silent outcomes:rollup

Recomputes the daily rollups the dashboards read (outcome_daily, script_daily) from the outcome
records (outcomes) and replaces them. Prints one JSON object:
  {"outcomes":N,"dailyRows":N,"scriptRows":N,"removed":N,"tookMs":N}
"removed" counts rollup documents no outcome backs any more. Database: MONGODB_URI, or the
embedded FerretDB in DATA_DIR. Run it while no chat is being closed: an outcome written during
the rebuild may be counted twice or not at all (running it again fixes that).

  --help   show this text`;

function fail(message: string): never {
  process.stderr.write(`outcomes:rollup: ${message}\n`);
  process.exit(1);
}

let help = false;
try {
  ({
    values: { help = false },
  } = parseArgs({
    args: process.argv.slice(2),
    options: { help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(`${(error as Error).message.split('. ')[0]!.replace(/\.$/, '')} (see --help)`);
}
if (help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  fail((error as Error).message);
}
const logger = pino({ level: 'warn' }, pino.destination(2));
const started = Date.now();
let database;
try {
  database = await startDatabase(config, logger);
} catch (error) {
  fail(`cannot start the database: ${(error as Error).message}`);
}
try {
  const result = await rebuildRollups();
  process.stdout.write(`${JSON.stringify({ ...result, tookMs: Date.now() - started })}\n`);
} catch (error) {
  process.stderr.write(`outcomes:rollup: the rebuild failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
