/**
 * `npm run --silent bench:objections -- [--messages 100000] [--runs 5] [--warmup 2]`
 *
 * Times the objection detector per message, in the same process, with its Aho–Corasick scan
 * (shared/domain/phrase-automaton.ts) against a naive scan that looks for every key of the
 * compiled lists with String.indexOf over the same normalised text (indexOf rather than
 * includes, since the matcher needs every position). Everything after the scan is the same code,
 * so both must return the same detections: that is checked first, on every distinct message,
 * and the benchmark fails loudly if they differ. The messages are the labelled set
 * (test/fixtures/objections, train and test) repeated up to --messages.
 * Prints exactly one JSON object on stdout:
 *   {"messages":N,"ours":{"msPerMessage":…},"naive":{"msPerMessage":…},"speedup":…}
 * Progress and details go to stderr.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseArgs } from 'node:util';
import { compileObjectionDetector, type ObjectionDetector } from '../shared/domain/objections';
import type { PhraseScanner } from '../shared/domain/phrase-automaton';
import {
  labelledSplitFile,
  objectionSplits,
  readLabelledObjections,
} from '../server/scripts/objection-labelled-set';
import { readObjectionPhrases } from '../server/scripts/objection-phrases-file';
import { log, round } from './chat-shared';

const options = {
  messages: { type: 'string', default: '100000' },
  runs: { type: 'string', default: '5' },
  warmup: { type: 'string', default: '2' },
} as const;
// Not strict: `npm run bench -- …` hands every benchmark the same arguments.
const { values, tokens } = parseArgs({ options, strict: false, tokens: true });
for (const t of tokens) {
  if (t.kind === 'option' && !(t.name in options)) log(`objections: ignoring --${t.name}`);
}
function fail(message: string): never {
  log(`objections: ${message}`);
  process.exit(1);
}
const number = (name: keyof typeof options, min: number, max: number): number => {
  const value = Number(values[name]);
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    fail(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
};
const total = number('messages', 1, 10_000_000);
const runs = number('runs', 1, 100);
const warmup = number('warmup', 0, 100);

/** Every occurrence of every key, found with indexOf, in the order the automaton reports them. */
class NaiveScanner implements PhraseScanner {
  constructor(private readonly keys: readonly string[]) {}
  scan(text: string, out: number[]): void {
    const hits: Array<[number, number, number]> = [];
    this.keys.forEach((key, k) => {
      for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
        hits.push([k, at, at + key.length]);
      }
    });
    // The automaton's order: by end, and for one end the longer key first.
    hits.sort((a, b) => a[2] - b[2] || a[1] - b[1]);
    for (const [k, start, end] of hits) out.push(k, start, end);
  }
}

const lists = readObjectionPhrases();
const ours = compileObjectionDetector(lists);
const naive = compileObjectionDetector(lists, { scanner: (keys) => new NaiveScanner(keys) });
const labelled = objectionSplits.flatMap((s) => readLabelledObjections(labelledSplitFile(s)));
const distinct = labelled.map((row) => row.text);
const phrases = lists.reduce(
  (n, l) => n + Object.values(l.categories).reduce((m, c) => m + c.phrases.length, 0),
  0,
);
log(
  `objections: ${phrases} phrases in ${lists.length} lists → ${ours.keys.length} keys; ` +
    `${distinct.length} labelled messages repeated to ${total}`,
);

for (const text of distinct) {
  const a = ours.detect(text);
  const b = naive.detect(text);
  if (!isDeepStrictEqual(a, b)) {
    fail(
      `FAIL: the two scans disagree on ${JSON.stringify(text)}: ` +
        `${JSON.stringify(a.categories)} vs ${JSON.stringify(b.categories)}`,
    );
  }
}
log(`objections: both scans give the same detections on all ${distinct.length} messages`);

const messages = Array.from({ length: total }, (_, i) => distinct[i % distinct.length]!);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
let sink = 0;
function time(who: string, detector: ObjectionDetector): number {
  const pass = () => {
    const started = performance.now();
    for (const m of messages) sink += detector.detect(m).categories.length;
    return performance.now() - started;
  };
  for (let i = 0; i < warmup; i++) pass();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(pass());
  log(`objections: ${who} ms per pass: ${ms.map((x) => round(x)).join(' ')}`);
  return median(ms) / total;
}
const ourMs = time('ours', ours);
const naiveMs = time('naive', naive);
if (sink < 0) log('unreachable');
const summary = {
  messages: total,
  ours: { msPerMessage: round(ourMs, 5) },
  naive: { msPerMessage: round(naiveMs, 5) },
  speedup: round(naiveMs / ourMs, 1),
};
log(`objections: target ≤ 0.2 ms per message: ${ourMs <= 0.2 ? 'met' : 'NOT met'}`);
process.stdout.write(`${JSON.stringify(summary)}\n`);
