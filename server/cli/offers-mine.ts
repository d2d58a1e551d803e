/**
 * `npm run --silent offers:mine -- --input baskets.csv --min-support 0.01 --min-confidence 0.2`
 * `npm run --silent offers:mine -- [--min-support S --min-confidence C --max-len K]`
 *
 * Mines cross-sell rules (A ⇒ {c}) from a basket file (one basket per line, items separated by
 * commas, no header), or without --input from the shop's paid orders in the database, storing
 * them as a mining run (the rules agents are offered). Prints exactly one JSON object on stdout:
 * {"transactions":N,"rules":[{"antecedent":[…],"consequent":[…],"support","confidence","lift","count"}]}
 * Bad arguments or an unreadable file: exit 1 with one line on stderr. From the database,
 * progress goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { parseBaskets } from '../../shared/domain/parse-baskets';
import { DEFAULT_MAX_LEN, mineRules } from '../../shared/domain/rules';
import type { RuleRunProgress } from '../../shared/schemas/rule-mining';
import { loadConfig } from '../config';
import { startDatabase, type Database } from '../infra/mongo';
import { mineShopRules, RULE_MINING } from '../offers/rule-mining/mine-shop-rules';

const USAGE = `Usage: npm run --silent offers:mine -- --input FILE --min-support S --min-confidence C [--max-len K]
       npm run --silent offers:mine -- [--min-support S] [--min-confidence C] [--max-len K]

Mines association rules A => {c} (cross-sell) and prints one JSON object:
  {"transactions":N,"rules":[{"antecedent":[...],"consequent":[...],"support":...,"confidence":...,"lift":...,"count":...}]}
sorted by lift, then confidence, then support (descending), then item names.

With --input, from a basket file; every rule that reaches the thresholds is printed.

Without --input, from the shop's paid orders in the database (MONGODB_URI, or the embedded
FerretDB in DATA_DIR, as npm start uses): refunded orders are left out, an order is one basket of
its SKUs. The rules are stored as a mining run and become the ones agents are offered (the server
also mines them every RULE_MINING_INTERVAL_MINUTES). As the server does, only rules with
lift > ${RULE_MINING.minLift} are kept, at most ${RULE_MINING.maxRules} (the best by lift); "transactions" is the number of paid
orders. Progress goes to stderr.

  --input FILE           one basket per line, items separated by commas, no header
  --min-support S        smallest support, a fraction in (0, 1] (e.g. 0.01); without --input
                         optional: by default ${RULE_MINING.minSupport * 100}% of the paid orders, and at least ${RULE_MINING.minCount} of them
  --min-confidence C     smallest confidence, in [0, 1] (e.g. 0.2); without --input optional,
                         default ${RULE_MINING.minConfidence}
  --max-len K            largest itemset, i.e. |antecedent| + 1 (default ${DEFAULT_MAX_LEN} with --input,
                         ${RULE_MINING.maxLen} without)
  --help                 show this text`;

function fail(message: string, hint = ' (see --help)'): never {
  process.stderr.write(`offers:mine: ${message}${hint}\n`);
  process.exit(1);
}

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A fraction option; absent, it is an error unless `optional`. */
function fraction(
  name: string,
  value: string | undefined,
  allowZero: boolean,
  optional = false,
): number | undefined {
  const range = allowZero ? '[0, 1]' : '(0, 1]';
  if (value === undefined && optional) return undefined;
  if (value === undefined) fail(`--${name} is required: a number in ${range}`);
  const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!(n <= 1 && (allowZero ? n >= 0 : n > 0))) {
    fail(`--${name} must be a number in ${range} (got "${value}")`);
  }
  return n;
}

let args;
try {
  ({ values: args } = parseArgs({
    args: process.argv.slice(2),
    options: {
      input: { type: 'string' },
      'min-support': { type: 'string' },
      'min-confidence': { type: 'string' },
      'max-len': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  // Node's messages run on with advice about positionals; the first sentence says it.
  fail((error as Error).message.split('. ')[0]!.replace(/\.$/, ''));
}

if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const fromDatabase = args.input === undefined;
const minSupport = fraction('min-support', args['min-support'], false, fromDatabase);
const minConfidence = fraction('min-confidence', args['min-confidence'], true, fromDatabase);
let maxLen: number | undefined;
if (args['max-len'] !== undefined) {
  maxLen = /^\d+$/.test(args['max-len']) ? Number(args['max-len']) : 0;
  if (maxLen < 1) fail(`--max-len must be a whole number ≥ 1 (got "${args['max-len']}")`);
}

if (fromDatabase) {
  await mineFromDatabase();
} else {
  let text: string;
  try {
    text = readFileSync(args.input!, 'utf8');
  } catch (error) {
    fail(`cannot read ${args.input}: ${(error as Error).message}`, '');
  }

  const { transactions, rules } = mineRules(parseBaskets(text), {
    minSupport: minSupport!,
    minConfidence: minConfidence!,
    maxLen: maxLen ?? DEFAULT_MAX_LEN,
  });
  process.stdout.write(`${JSON.stringify({ transactions, rules })}\n`);
}

/** Mines the shop's paid orders, stores the rules as a run; stdout gets the JSON alone. */
async function mineFromDatabase(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail((error as Error).message, '');
  }
  // Logs go to stderr with the progress: stdout carries the JSON object alone.
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const logger = pino({ level: verbose ? config.logLevel : 'warn' }, pino.destination(2));
  const started = Date.now();

  let database: Database;
  try {
    database = await startDatabase(config, logger);
  } catch (error) {
    fail(`cannot start the database: ${(error as Error).message}`, '');
  }
  try {
    const { run, transactions, rules } = await mineShopRules({
      params: { minSupport, minConfidence, maxLen },
      trigger: 'cli',
      onProgress: progressPrinter(),
    });
    process.stdout.write(`${JSON.stringify({ transactions, rules })}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `Stored ${rules.length.toLocaleString('en')} rules mined from ${transactions.toLocaleString('en')} paid orders as run ${run.id} in ${seconds} s.\n`,
    );
  } catch (error) {
    process.stderr.write(
      `offers:mine: mining the paid orders failed: ${(error as Error).message}\n`,
    );
    process.exitCode = 1;
  } finally {
    await database.stop();
  }
}

/** On a terminal a single updating line; otherwise (CI, pipes) a line per step and every 10%. */
function progressPrinter(): (p: RuleRunProgress) => void {
  const tty = process.stderr.isTTY;
  const labels: Record<RuleRunProgress['step'], string> = {
    queued: 'Waiting',
    orders: 'Reading orders',
    mining: 'Mining rules',
    storing: 'Storing rules',
    done: 'Done',
  };
  let last = '';
  return ({ step, done, total }) => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const line = `${labels[step]}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${percent}%)`;
    if (tty) {
      process.stderr.write(`\r${line}\x1b[K${step === 'done' ? '\n' : ''}`);
      return;
    }
    const key = `${step}:${Math.floor(percent / 10)}`;
    if (key !== last) process.stderr.write(`${line}\n`);
    last = key;
  };
}
