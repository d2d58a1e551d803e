import { loadConfig } from '../config';
import { seedDemoShop, type SeedProgress } from '../customers/demo-shop/seed-demo-shop';
import { createLogger } from '../infra/logger';
import { startDatabase } from '../infra/mongo';

// `npm run seed`: loads the demo shop (DEMO_CUSTOMERS, DEMO_ORDERS) and the demo staff.

const config = loadConfig();
// The database's own info logs would break the progress line; debug and trace still show.
const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
const logger = createLogger({ logLevel: verbose ? config.logLevel : 'warn' });
const started = Date.now();

/** A single updating line on a terminal; otherwise (CI, pipes) a line every 10%. */
function progressPrinter(): (p: SeedProgress) => void {
  const tty = process.stdout.isTTY;
  let lastStep = '';
  let lastTenth = -1;
  return ({ step, done, total }) => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const line = `Seeding ${step}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${percent}%)`;
    if (tty) {
      process.stdout.write(`\r${line}\x1b[K${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (step !== lastStep || tenth !== lastTenth || done >= total) console.log(line);
    lastStep = step;
    lastTenth = tenth;
  };
}

const database = await startDatabase(config, logger).catch((error: unknown) => {
  console.error(`Cannot start the database: ${(error as Error).message}`);
  process.exit(1);
});

try {
  const { skipped, counts } = await seedDemoShop({
    customers: config.demoCustomers,
    orders: config.demoOrders,
    onProgress: progressPrinter(),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const shop = `${counts.products} products, ${counts.bundles} bundles, ${counts.customers} customers, ${counts.orders} orders`;
  console.log(
    skipped
      ? `The demo shop is already seeded (${shop}); nothing changed. ${seconds} s.`
      : `Seeded the demo shop (${shop}) and ${counts.staffCreated} new staff accounts in ${seconds} s.`,
  );
} catch (error) {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
