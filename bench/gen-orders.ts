/**
 * `node --import tsx bench/gen-orders.ts --rows 500000 [--customers 50000] [--seed 1] --out FILE`
 *
 * Writes an order export for `npm run customers:rfm`: the same seed gives the same file. Orders
 * span 1–3 rows (items), about 4% are refunded, ordered_at covers two years with mixed
 * timestamp styles, and one row in ten has a quoted note with commas and "" escapes, so that
 * the reader's slow path is measured too. Customers buy with heavy-tailed frequencies.
 *
 * Measure with:
 *   /usr/bin/time -v npm run --silent customers:rfm -- --input FILE > /dev/null
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rows: { type: 'string', default: '500000' },
    customers: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const rows = Number(values.rows);
const customers = Number(values.customers);
if (!values.out || !(rows >= 0) || !(customers >= 1)) {
  console.error('Usage: gen-orders.ts --rows N [--customers N] [--seed N] --out FILE');
  process.exit(1);
}

// mulberry32: tiny, fast and good enough for test data.
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

const start = Date.UTC(2024, 10, 1);
const span = 730 * 86_400_000;
const out = createWriteStream(values.out);
out.write('order_id,customer_id,ordered_at,amount,status,note\n');

let written = 0;
let order = 0;
let chunk: string[] = [];
while (written < rows) {
  order += 1;
  // Squaring skews purchases towards low customer numbers: a few heavy buyers, many light.
  const customer = 1 + Math.floor(random() ** 2 * customers);
  const at = new Date(start + Math.floor(random() * span));
  const iso = at.toISOString();
  const orderedAt =
    order % 3 === 0 ? iso.slice(0, 10) : order % 3 === 1 ? iso : `${iso.slice(0, 19)}+08:00`;
  const status = random() < 0.04 ? 'refunded' : 'paid';
  const items = Math.min(1 + Math.floor(random() * 3), rows - written);
  for (let i = 0; i < items; i++) {
    const amount = (5 + random() * 995).toFixed(2);
    const note = written % 10 === 0 ? '"gift wrap, ""red"" ribbon"' : '';
    chunk.push(
      `O${order},C${String(customer).padStart(6, '0')},${orderedAt},${amount},${status},${note}\n`,
    );
    written += 1;
  }
  if (chunk.length >= 5000) {
    if (!out.write(chunk.join(''))) await once(out, 'drain');
    chunk = [];
  }
}
out.end(chunk.join(''));
await once(out, 'finish');
console.error(
  `Wrote ${written} rows, ${order} orders, up to ${customers} customers to ${values.out}`,
);
