/**
 * `npm run --silent offers:mine -- --input baskets.csv --min-support 0.01 --min-confidence 0.2`
 *
 * Mines cross-sell rules (A ⇒ {c}) from a basket file: one basket per line, items separated by
 * commas, no header. Prints exactly one JSON object on stdout:
 * {"transactions":N,"rules":[{"antecedent":[…],"consequent":[…],"support","confidence","lift","count"}]}
 * Bad arguments or an unreadable file: exit 1 with one line on stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseBaskets } from '../../shared/domain/parse-baskets';
import { DEFAULT_MAX_LEN, mineRules } from '../../shared/domain/rules';

const USAGE = `Usage: npm run --silent offers:mine -- --input FILE --min-support S --min-confidence C [--max-len K]

Mines association rules A => {c} (cross-sell) from baskets and prints one JSON object:
  {"transactions":N,"rules":[{"antecedent":[...],"consequent":[...],"support":...,"confidence":...,"lift":...,"count":...}]}
sorted by lift, then confidence, then support (descending), then item names.

  --input FILE           one basket per line, items separated by commas, no header
  --min-support S        smallest support, a fraction in (0, 1] (e.g. 0.01)
  --min-confidence C     smallest confidence, in [0, 1] (e.g. 0.2)
  --max-len K            largest itemset, i.e. |antecedent| + 1 (default ${DEFAULT_MAX_LEN})
  --help                 show this text`;

function fail(message: string, hint = ' (see --help)'): never {
  process.stderr.write(`offers:mine: ${message}${hint}\n`);
  process.exit(1);
}

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function fraction(name: string, value: string | undefined, allowZero: boolean): number {
  const range = allowZero ? '[0, 1]' : '(0, 1]';
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
if (args.input === undefined) {
  fail("--input is required for now (mining the shop's paid orders from MongoDB comes later)");
}
const minSupport = fraction('min-support', args['min-support'], false);
const minConfidence = fraction('min-confidence', args['min-confidence'], true);
let maxLen = DEFAULT_MAX_LEN;
if (args['max-len'] !== undefined) {
  maxLen = /^\d+$/.test(args['max-len']) ? Number(args['max-len']) : 0;
  if (maxLen < 1) fail(`--max-len must be a whole number ≥ 1 (got "${args['max-len']}")`);
}

let text: string;
try {
  text = readFileSync(args.input, 'utf8');
} catch (error) {
  fail(`cannot read ${args.input}: ${(error as Error).message}`, '');
}

const { transactions, rules } = mineRules(parseBaskets(text), {
  minSupport,
  minConfidence,
  maxLen,
});
process.stdout.write(`${JSON.stringify({ transactions, rules })}\n`);
