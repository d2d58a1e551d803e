import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { importShopData, type ImportProgress } from '../customers/import/import-shop-data';
import { undoImportBatch } from '../customers/import/undo-import';
import { ImportWriteError } from '../customers/import/write-import';
import { defaultTierRules } from '../customers/member-tiers';
import { createLogger } from '../infra/logger';
import { startDatabase } from '../infra/mongo';

// `npm run import -- --customers FILE --products FILE --orders FILE`: see usage.

const usage = `Usage: npm run import -- [--customers FILE] [--products FILE] [--orders FILE]
       npm run import -- --undo BATCH

Adds the shop's customers, products and orders from CSV files (any of the three, at least one)
to the database (MONGODB_URI, or the embedded FerretDB in DATA_DIR), then recomputes the points,
paid spend, paid order count and member tier of every customer with imported orders.

Every file is checked completely first, and so is everything it refers to; if anything is wrong,
every problem is listed (file, line, reason; up to 100) and nothing is written. A write that
fails part-way is undone.

Options
  --customers FILE  the customers, as in customers.csv below
  --products FILE   the products, as in products.csv below
  --orders FILE     the orders, as in orders.csv below
  --undo BATCH      remove what one earlier import inserted (its batch is in its summary line)
                    and recompute the customers whose orders it removes
  -h, --help        this text

Files: UTF-8 CSV, comma-separated, with a header row naming the columns (any order, any case;
[optional] ones may be left out). Quoted fields may hold commas, line breaks and "" for a quote.
Dates: YYYY-MM-DD or ISO 8601 such as 2025-03-01T10:15:00+08:00 (no zone = UTC).
Amounts: yuan with at most two decimals, such as 129.90 (no sign, currency or separators).

customers.csv   customer_id,name,phone,city,joined_at[,member_tier,complaints]
  customer_id   letters, digits and . _ : / # - (at most 64), unique in the file
  member_tier   regular, silver, gold or diamond; default regular. Used until the customer has
                orders: from then on the tier follows the paid spend by the tier rules
  complaints    a whole number; default 0
  A customer already in the database must match its name, phone, city and joined_at exactly
  (it is then left alone): an import adds customers, it does not change them.

products.csv    sku,name_zh,name_en,category,price,cost,stock,durable,fits_skus,image_url
                [,description_zh,description_en]
  category      humidifier, air_purifier, filter, fragrance, heater, kettle, fan, dehumidifier
  stock         a whole number            durable   true or false (also yes/no, 1/0)
  fits_skus     for consumables, the SKUs they fit, separated by |, such as HUM-001|HUM-002;
                empty for durable appliances. Each must be in the file or the database
  image_url     http(s)://… or a path such as /shop-images/filter.svg
  description_* default: the name
  A product already in the database must match it (all but stock) and is then left alone.

orders.csv      order_id,customer_id,ordered_at,status,sku,qty,unit_price[,paid_at,refunded_at]
  One row per line item; the rows of an order share order_id, customer_id, ordered_at, status,
  paid_at and refunded_at (they need not be next to each other).
  status        paid or refunded          qty   1 to 9999       unit_price   what was paid each
  paid_at       default ordered_at        refunded_at   only for refunded orders
  The order's customer and every sku must be in the files or the database; an order_id already
  in the database is an error. The amount is the sum of qty x unit_price.

Points: an order earns points for its amount by the tier rules (1 per whole yuan); a refunded
order gives them back. Both are entries in the points ledger.

Output: progress on stderr; one summary line on stdout. Exit status 0 on success, 1 on bad
options, problems in the files or a failed write (the messages go to stderr).
`;

/** A problem to report without a stack: bad options. */
class CliError extends Error {}

const started = Date.now();

function parseOptions(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' },
        products: { type: 'string' },
        orders: { type: 'string' },
        undo: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see --help)`);
  }
}

/** An updating line on a terminal; otherwise (CI, pipes) a line per step and every 10%. */
function progressPrinter(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  let last = '';
  return (p) => {
    const [label, done, total] =
      p.step === 'reading'
        ? [`Reading ${p.file}`, p.bytes, p.totalBytes]
        : p.step === 'checking'
          ? ['Checking against the database', 1, 1]
          : [`Writing ${p.progress.step}`, p.progress.done, p.progress.total];
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const line = `${label}: ${percent}%`;
    if (tty) {
      process.stderr.write(`\r${line}\x1b[K${done >= total ? '\n' : ''}`);
      return;
    }
    const key = `${label} ${Math.floor(percent / 10)}`;
    if (key !== last) process.stderr.write(`${line}\n`);
    last = key;
  };
}

const plural = (n: number, word: string) =>
  `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(usage);
    return;
  }
  const files = {
    customers: options.customers,
    products: options.products,
    orders: options.orders,
  };
  const given = Object.values(files).filter((file) => file !== undefined);
  if (options.undo !== undefined && given.length > 0) {
    throw new CliError('--undo removes an earlier import; it cannot be combined with files.');
  }
  if (options.undo === undefined && given.length === 0) {
    throw new CliError('Name at least one file: --customers, --products or --orders (see --help).');
  }
  if (given.some((file) => file === '')) throw new CliError('A file name is empty.');

  const config = loadConfig();
  // The database's own info logs would break the progress line; debug and trace still show.
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const logger = createLogger({ logLevel: verbose ? config.logLevel : 'warn' });
  const database = await startDatabase(config, logger).catch((error: unknown) => {
    throw new CliError(`Cannot start the database: ${(error as Error).message}`);
  });
  try {
    if (options.undo !== undefined) {
      const removed = await undoImportBatch(options.undo, defaultTierRules);
      process.stdout.write(
        `Removed import ${options.undo}: ${plural(removed.customers, 'customer')}, ${plural(removed.products, 'product')}, ${plural(removed.orders, 'order')} and ${removed.pointsEntries.toLocaleString('en')} points ledger ${removed.pointsEntries === 1 ? 'entry' : 'entries'}; recomputed ${plural(removed.customersUpdated, 'customer')} in ${seconds()}.\n`,
      );
      return;
    }
    await runImport(files);
  } finally {
    await database.stop();
  }
}

async function runImport(files: { customers?: string; products?: string; orders?: string }) {
  let outcome;
  try {
    outcome = await importShopData(files, { onProgress: progressPrinter() });
  } catch (error) {
    if (!(error instanceof ImportWriteError)) throw error;
    const reason = (error.failure as Error).message;
    throw new CliError(
      error.undo.ok
        ? `Writing failed part-way (${reason}). Everything this run had written was removed again, so the database is as it was before.`
        : `Writing failed part-way (${reason}), and removing what this run had written failed too (${(error.undo.error as Error).message}). Once the database works again, run: npm run import -- --undo ${error.batch}`,
    );
  }
  if (!outcome.ok) {
    for (const line of outcome.problems.describe()) process.stderr.write(`import: ${line}\n`);
    throw new CliError(
      `Nothing was written: ${plural(outcome.problems.count, 'problem')} found. Correct the files and run the import again.`,
    );
  }
  const { written, unchanged } = outcome;
  const alreadyThere =
    unchanged.customers + unchanged.products > 0
      ? `; ${plural(unchanged.customers, 'customer')} and ${plural(unchanged.products, 'product')} were already there as in the files`
      : '';
  const updated =
    written.customersUpdated > 0
      ? `; updated the points and tiers of ${plural(written.customersUpdated, 'customer')} already stored`
      : '';
  process.stdout.write(
    `Imported ${plural(written.customers, 'customer')}, ${plural(written.products, 'product')} and ${plural(written.orders, 'order')} (${plural(outcome.orderLines, 'order line')})${alreadyThere}${updated}; batch ${outcome.batch}; ${seconds()}.\n`,
  );
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const message =
    error instanceof CliError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`import: ${message}\n`);
  process.exitCode = 1;
}
