import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config';

// `npm run objections:detect` and `objections:eval` as real child processes.

const dir = mkdtempSync(path.join(os.tmpdir(), 'objections-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

function run(
  cli: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${cli}.ts`, ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('objections:detect', () => {
  it('prints one JSON array, an entry per non-blank line', async () => {
    const input = file(
      'messages.txt',
      '\ufeff这个太贵了，能便宜点吗\r\n\r\n不贵，挺好的\r\nCan I return it if it breaks?\n快递已经收到啦',
    );
    const { code, stdout, stderr } = await run('objections-detect', '--input', input);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.endsWith(']\n')).toBe(true);
    const out = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(out.map((o) => Object.keys(o))).toEqual(
      Array(4).fill(['text', 'categories', 'confidence', 'phrases']),
    );
    expect(out.map((o) => o.text)).toEqual([
      '这个太贵了，能便宜点吗',
      '不贵，挺好的',
      'Can I return it if it breaks?',
      '快递已经收到啦',
    ]);
    expect(out[0]).toMatchObject({ categories: ['price'], phrases: ['太贵', '能便宜'] });
    expect(out[0]!.confidence).toBeGreaterThan(0.9);
    expect(out[1]).toEqual({ text: '不贵，挺好的', categories: [], confidence: 0, phrases: [] });
    expect(out[2]).toMatchObject({ categories: ['after_sales'] });
    expect(out[3]).toMatchObject({ categories: [], confidence: 0 });
  });

  it('prints [] for an empty file', async () => {
    const { code, stdout } = await run('objections-detect', '--input', file('empty.txt', ''));
    expect(code).toBe(0);
    expect(stdout).toBe('[]\n');
  });

  it('fails with one line for bad options and unreadable input', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /--input FILE is required/],
      [['--input'], /--input/],
      [['--input', path.join(dir, 'missing.txt')], /cannot read .*missing\.txt: ENOENT/],
      [['--input', dir], /cannot read .*: EISDIR/],
      [['--input', file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]))], /is not UTF-8 text/],
      [['--input', file('binary.txt', 'a\nb\u0000c')], /binary\.txt:2: contains a NUL/],
      [['--input', file('ok.txt', 'hi'), '--phrases', dir], /no phrase lists/],
      [['--input', file('ok2.txt', 'hi'), '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await run('objections-detect', ...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^objections:detect: [^\n]+\n$/);
      expect(stderr).toMatch(message);
    }
  });
});

describe('objections:eval', () => {
  it('prints the figures for a split', async () => {
    const { code, stdout } = await run('objections-eval', '--split', 'test');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['split', 'n', 'perCategory', 'macroF1', 'microF1']);
    expect(result).toMatchObject({ split: 'test' });
    expect(Object.keys(result.perCategory as object)).toHaveLength(7);
    expect(result.macroF1).toBeGreaterThanOrEqual(0.85);
  });

  it('fails with one line for a bad split or a malformed set', async () => {
    const bad = file('bad.jsonl', '{"id":"a","lang":"en","text":"x","labels":["pricey"]}\n');
    for (const [args, message] of [
      [['--split', 'dev'], /--split must be train or test/],
      [[], /either --split/],
      [['--input', bad], /bad\.jsonl:1: labels\.0: /],
    ] as Array<[string[], RegExp]>) {
      const { code, stderr } = await run('objections-eval', ...args);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^objections:eval: [^\n]+\n$/);
      expect(stderr).toMatch(message);
    }
  });
});
