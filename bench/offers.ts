/**
 * `npm run --silent bench:offers -- [--input baskets.csv] [--min-support 0.006]`
 *
 * Times, in the same process, our frequent-itemset + rule mining (shared/domain/rules.ts) against
 * node-fpgrowth's frequent-itemset mining alone (it has no rules), on the same baskets at the same
 * minimum count, after a warm-up, as the median of several runs; first checks that both find the
 * same itemsets with the same counts and fails loudly if not. Without --input it generates a
 * Groceries-like set (bench/offers-baskets.ts; --write FILE saves it as CSV).
 * Prints exactly one JSON object on stdout; progress and details go to stderr.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FPGrowth } from 'node-fpgrowth';
import { parseBaskets } from '../shared/domain/parse-baskets';
import {
  DEFAULT_MAX_LEN,
  compareNames,
  findFrequentItemsets,
  mineRules,
  minCountFor,
} from '../shared/domain/rules';
import { log, round } from './chat-shared';
import { DEFAULT_BASKET_SET, generateBaskets } from './offers-baskets';

const options = {
  input: { type: 'string' },
  write: { type: 'string' },
  'min-support': { type: 'string', default: '0.006' },
  'min-confidence': { type: 'string', default: '0.1' },
  'max-len': { type: 'string', default: String(DEFAULT_MAX_LEN) },
  runs: { type: 'string', default: '15' },
  warmup: { type: 'string', default: '3' },
  transactions: { type: 'string', default: String(DEFAULT_BASKET_SET.transactions) },
  items: { type: 'string', default: String(DEFAULT_BASKET_SET.items) },
  seed: { type: 'string', default: String(DEFAULT_BASKET_SET.seed) },
} as const;
// Not strict: `npm run bench -- …` hands every benchmark the same arguments.
const { values, tokens } = parseArgs({ options, strict: false, tokens: true });
for (const t of tokens) {
  if (t.kind === 'option' && !(t.name in options)) log(`offers: ignoring --${t.name}`);
}
function fail(message: string): never {
  log(`offers: ${message}`);
  process.exit(1);
}
const text = (name: keyof typeof options): string | undefined => {
  const value = values[name];
  if (typeof value === 'boolean') fail(`--${name} needs a value`);
  return value;
};
const number = (name: keyof typeof options, min: number, max: number, whole = false): number => {
  const value = Number(text(name));
  if (!(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    fail(`--${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`);
  }
  return value;
};

const minSupport = number('min-support', 0, 1);
if (minSupport === 0) fail('--min-support must be above 0');
const minConfidence = number('min-confidence', 0, 1);
const maxLen = number('max-len', 1, 100, true);
const runs = number('runs', 1, 1000, true);
const warmup = number('warmup', 0, 1000, true);
const input = text('input');
const write = text('write');
if (input !== undefined && write !== undefined) fail('--write saves a generated set; drop --input');

let baskets: string[][];
if (input !== undefined) {
  // node-fpgrowth would count a repeated item twice; ours dedupes. Give both deduped baskets.
  let csv = '';
  try {
    csv = readFileSync(input, 'utf8');
  } catch (error) {
    fail(`cannot read ${input}: ${(error as Error).message}`);
  }
  baskets = parseBaskets(csv).map((b) => [...new Set(b)]);
  log(`offers: read ${baskets.length} baskets from ${input}`);
} else {
  const set = {
    transactions: number('transactions', 1, 10_000_000, true),
    items: number('items', 2, 100_000, true),
    seed: number('seed', 0, 2 ** 31 - 1, true),
  };
  baskets = generateBaskets(set);
  log(`offers: generated ${set.transactions} baskets over ${set.items} items (seed ${set.seed})`);
  if (write !== undefined) {
    try {
      writeFileSync(write, baskets.map((b) => b.join(',')).join('\n') + '\n');
    } catch (error) {
      fail(`cannot write ${write}: ${(error as Error).message}`);
    }
    log(`offers: wrote them to ${write}`);
  }
}
const n = baskets.length;
if (n === 0) fail('no baskets to mine');
const minCount = Math.max(1, minCountFor(minSupport, n));
const sizes = baskets.reduce((sum, b) => sum + b.length, 0);
log(
  `offers: ${n} transactions, ${new Set(baskets.flat()).size} items, mean basket ${round(sizes / n)}; ` +
    `minSupport ${minSupport} (count ≥ ${minCount}), minConfidence ${minConfidence}, maxLen ${maxLen}`,
);

// node-fpgrowth keeps itemsets with count ≥ ceil(support × N); (minCount − ½) / N makes that
// exactly our minCount whatever the rounding of minSupport × N.
const fpSupport = (minCount - 0.5) / n;
const runOurs = () => mineRules(baskets, { minSupport, minConfidence, maxLen });
const runTheirs = () => new FPGrowth<string>(fpSupport).exec(baskets);

// Same itemsets with the same counts (theirs cut at maxLen: they mine every length).
const ours = findFrequentItemsets(baskets, { minSupport, maxLen }).itemsets;
const theirsAll = await runTheirs();
const theirs = theirsAll.filter((s) => s.items.length <= maxLen);
const keyed = (sets: Array<{ items: string[]; count: number }>) =>
  new Map(sets.map((s) => [[...s.items].sort(compareNames).join('\u0000'), s.count]));
const ourCounts = keyed(ours);
const theirCounts = keyed(theirs.map((s) => ({ items: s.items, count: s.support })));
const differences = [...new Set([...ourCounts.keys(), ...theirCounts.keys()])].filter(
  (k) => ourCounts.get(k) !== theirCounts.get(k),
);
if (ours.length !== theirs.length || differences.length > 0) {
  const sample = differences
    .slice(0, 5)
    .map(
      (k) =>
        `{${k.split('\u0000').join(', ')}}: ours ${ourCounts.get(k)}, theirs ${theirCounts.get(k)}`,
    );
  fail(
    `FAIL: itemsets differ: ours ${ours.length}, node-fpgrowth ${theirs.length}; ${sample.join('; ')}`,
  );
}
const longest = ours.reduce((max, s) => Math.max(max, s.items.length), 0);
log(
  `offers: both find the same ${ours.length} itemsets with the same counts (longest: ${longest} items)`,
);
if (theirsAll.length > theirs.length) {
  const beyond = theirsAll.length - theirs.length;
  log(
    `offers: node-fpgrowth also mined ${beyond} itemsets longer than maxLen ${maxLen} (not compared)`,
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// One miner after the other, each warmed up first; ours first, so that collecting the heaps of
// garbage node-fpgrowth leaves behind does not land in our timings. Wall-clock ms are reported; CPU ms go beside them on stderr,
// which tells a busy machine from a slow miner. (A forced gc() before each run was tried: it
// made our runs several times slower, so it is not used.)
const cpuMs: Record<string, number[]> = { ours: [], theirs: [] };
async function time(who: 'ours' | 'theirs', fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await fn();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs[who]!.push((used.user + used.system) / 1000);
  }
  return wall;
}
const ourTimes = await time('ours', runOurs);
const theirTimes = await time('theirs', runTheirs);
const cpuNote = (who: string) => `(median CPU ${round(median(cpuMs[who]!))} ms)`;
log(`offers: node-fpgrowth ms: ${theirTimes.map((x) => round(x)).join(' ')} ${cpuNote('theirs')}`);
log(`offers: ours ms: ${ourTimes.map((x) => round(x)).join(' ')} ${cpuNote('ours')}`);
const result = runOurs();
if (result.itemsets !== ours.length) fail(`FAIL: mineRules counted ${result.itemsets} itemsets`);
const theirMs = median(theirTimes);
const ourMs = median(ourTimes);
const summary = {
  transactions: n,
  ours: { ms: round(ourMs), itemsets: result.itemsets, rules: result.rules.length },
  nodeFpgrowth: { ms: round(theirMs), itemsets: theirs.length },
  speedup: round(theirMs / ourMs, 1),
};
if (input === undefined && minSupport === 0.006 && n === 10_000) {
  const met = summary.speedup >= 6 && ourMs <= 50;
  log(
    `offers: target (10k baskets, support 0.006) ≥ 6× node-fpgrowth and ≤ 50 ms: ${met ? 'met' : 'NOT met'}`,
  );
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
