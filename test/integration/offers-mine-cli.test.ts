import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config';

const folder = mkdtempSync(path.join(os.tmpdir(), 'offers-mine-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the CLI as `npm run offers:mine` does (node --import tsx), without a shell. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/offers-mine.ts', ...args],
      { cwd: projectRoot, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Six baskets (the blank line is skipped; CRLF, spaces and a repeated item are tolerated).
const baskets = path.join(folder, 'baskets.csv');
writeFileSync(
  baskets,
  [
    'humidifier, filter, fragrance',
    'humidifier,filter',
    ' humidifier , fragrance , humidifier\r',
    'filter',
    '',
    'kettle, cup',
    'kettle',
    '',
  ].join('\n'),
);

// minSupport 0.3 of 6 baskets → a count of at least ceil(1.8) = 2.
// Items: humidifier 3, filter 3, fragrance 2, kettle 2 (cup 1 is not frequent).
// Pairs: humidifier+filter 2, humidifier+fragrance 2 (filter+fragrance 1, kettle+cup 1 are not).
// Rules with confidence ≥ 0.6:
//   fragrance ⇒ humidifier  conf 2/2 = 1,   lift 1 / (3/6) = 2
//   humidifier ⇒ fragrance  conf 2/3,       lift (2/3) / (2/6) = 2      (same lift, lower conf)
//   filter ⇒ humidifier     conf 2/3,       lift (2/3) / (3/6) = 4/3
//   humidifier ⇒ filter     conf 2/3,       lift 4/3   (tie on everything: by antecedent name)
// All with support 2/6 and count 2.
const expectedRules = [
  { antecedent: ['fragrance'], consequent: ['humidifier'], confidence: 1, lift: 1 / (3 / 6) },
  {
    antecedent: ['humidifier'],
    consequent: ['fragrance'],
    confidence: 2 / 3,
    lift: 2 / 3 / (2 / 6),
  },
  { antecedent: ['filter'], consequent: ['humidifier'], confidence: 2 / 3, lift: 2 / 3 / (3 / 6) },
  { antecedent: ['humidifier'], consequent: ['filter'], confidence: 2 / 3, lift: 2 / 3 / (3 / 6) },
].map(({ antecedent, consequent, confidence, lift }) => ({
  antecedent,
  consequent,
  support: 2 / 6,
  confidence,
  lift,
  count: 2,
}));

describe('npm run offers:mine', () => {
  it('prints one JSON object with the hand-computed rules', async () => {
    const { code, stdout, stderr } = await runCli([
      '--input',
      baskets,
      '--min-support',
      '0.3',
      '--min-confidence',
      '0.6',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({ transactions: 6, rules: expectedRules });
    expect(expectedRules.map((r) => r.lift)).toEqual([2, 2, 4 / 3, 4 / 3]);
  });

  it('applies --min-confidence and --max-len', async () => {
    const strict = await runCli([
      '--input',
      baskets,
      '--min-support',
      '0.3',
      '--min-confidence',
      '0.7',
    ]);
    expect(JSON.parse(strict.stdout)).toEqual({ transactions: 6, rules: [expectedRules[0]] });
    const singles = await runCli([
      '--input',
      baskets,
      '--min-support=0.3',
      '--min-confidence=0',
      '--max-len=1',
    ]);
    expect(JSON.parse(singles.stdout)).toEqual({ transactions: 6, rules: [] });
  });

  it('prints usage on --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run --silent offers:mine -- --input FILE');
  });

  const some = (...more: string[]) => ['--input', baskets, ...more];
  it.each([
    {
      // Without --input the orders come from the database (offers-mine-db.test.ts); the
      // thresholds are checked before it is started.
      why: 'a bad threshold without --input',
      args: ['--min-confidence', '2'],
      message: '--min-confidence must be a number in [0, 1]',
    },
    {
      why: 'no --min-support',
      args: some('--min-confidence', '0.5'),
      message: '--min-support is required',
    },
    {
      why: 'a zero support',
      args: some('--min-support', '0'),
      message: '--min-support must be a number in (0, 1]',
    },
    {
      why: 'a support that is not a number',
      args: some('--min-support', 'abc'),
      message: '--min-support must be a number in (0, 1]',
    },
    {
      why: 'a confidence above 1',
      args: some('--min-support', '0.1', '--min-confidence', '1.5'),
      message: '--min-confidence must be',
    },
    {
      why: 'a zero --max-len',
      args: some('--min-support', '0.1', '--min-confidence', '0.1', '--max-len', '0'),
      message: '--max-len must be',
    },
    { why: 'an unknown option', args: some('--bogus'), message: "Unknown option '--bogus'" },
    {
      why: 'a missing file',
      args: [
        '--input',
        path.join(folder, 'missing.csv'),
        '--min-support',
        '0.1',
        '--min-confidence',
        '0.1',
      ],
      message: 'cannot read',
    },
  ])('exits 1 with one line on stderr for $why', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
