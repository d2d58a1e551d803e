import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config';

// `npm run customers:rfm` as a real child process, on small files written by hand.

const dir = mkdtempSync(path.join(os.tmpdir(), 'customers-rfm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function runCli(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli/customers-rfm.ts', ...args],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Columns shuffled and in mixed case, a note column with quoted commas and "" (ignored), CRLF
 * line ends, a blank line, a status column. As of 2025-03-01:
 *   A  o1 in two rows 100.00 + 50.5 on 02-28 (23:00 UTC), o2 200 on 02-10 → R 1, F 2, M 350.50
 *   B  o3 80 at 02-28 23:30 −02:00 = 03-01 UTC → R 0; o4 refunded → F 1, M 80
 *   C  o5 80 on 01-30, o6 20 on 01-01 → R 30, F 2, M 100
 *   D  o7 350.50 on 02-10 → R 19, F 1, M 350.50
 *   E  o8 on 03-05 is after the as-of day; o9 10 on 2024-12-01 → R 90 (31+31+28), F 1, M 10
 *   F  only a refunded order → not listed
 * Scores: R E1 C2 D3 A4 B5 (distinct). F: the three 1s sit at p = 1.5/5 → 2, the two 2s at
 * p = 4/5 → 4. M: E 1, B 2, C 3, A and D tied at p = 4/5 → 4.
 * Means: recency 28, frequency 1.4, monetary 178.20 (equal counts as low).
 */
const shopCsv = [
  'note,Amount,ORDERED_AT,order_id,status,customer_id',
  '"first order, gift wrapped",100.00,2025-02-28T23:00:00Z,o1,paid,A',
  ',50.5,2025-02-28T23:00:00Z,o1,paid,A',
  '"said ""thanks""",200,2025-02-10,o2,,A',
  ',80,2025-02-28T23:30:00-02:00,o3,paid,B',
  '',
  ',500,2025-01-15,o4,refunded,B',
  ',80,2025-01-30,o5,paid,C',
  ',20,2025-01-01 09:00,o6,paid,C',
  ',350.50,2025-02-10,o7,paid,D',
  ',999,2025-03-05,o8,paid,E',
  ',10,2024-12-01,o9,paid,E',
  ',70,2025-02-20,o10,refunded,F',
].join('\r\n');

describe('customers:rfm CLI', () => {
  it('scores a hand-checked shop as of a day', async () => {
    const { code, stdout, stderr } = await runCli(
      '--input',
      csvFile('shop.csv', shopCsv),
      '--as-of',
      '2025-03-01',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      asOf: '2025-03-01',
      customers: [
        {
          customerId: 'A',
          recency: 1,
          frequency: 2,
          monetary: 350.5,
          r: 4,
          f: 4,
          m: 4,
          segment: 'Loyal',
          class8: '重要价值',
        },
        {
          customerId: 'B',
          recency: 0,
          frequency: 1,
          monetary: 80,
          r: 5,
          f: 2,
          m: 2,
          segment: 'New',
          class8: '一般发展',
        },
        {
          customerId: 'C',
          recency: 30,
          frequency: 2,
          monetary: 100,
          r: 2,
          f: 4,
          m: 3,
          segment: 'At Risk',
          class8: '一般保持',
        },
        {
          customerId: 'D',
          recency: 19,
          frequency: 1,
          monetary: 350.5,
          r: 3,
          f: 2,
          m: 4,
          segment: 'About to Sleep',
          class8: '重要发展',
        },
        {
          customerId: 'E',
          recency: 90,
          frequency: 1,
          monetary: 10,
          r: 1,
          f: 2,
          m: 1,
          segment: 'Lost',
          class8: '一般挽留',
        },
      ],
    });
  });

  it('defaults the as-of day to the day after the last order', async () => {
    // K1's order is 2025-07-01 00:30 in Shanghai = 06-30 16:30 UTC: as of 07-01, R 1; K2 R 2.
    // R: K2 2, K1 4. F tied (1, 1) → 3, 3. M: 10 → 2, 20 → 4.
    // K1 4/3/2 Potential Loyalist; K2 2/3/4 At Risk (F + M = 7).
    // Means: recency 1.5, frequency 1 (both equal: low), monetary 15.
    // K1 H L L 一般发展; K2 L L H 重要挽留.
    const file = csvFile(
      'default.csv',
      'customer_id,order_id,ordered_at,amount\nK2,X2,2025-06-29,20\nK1,X1,2025-07-01T00:30:00+08:00,10\n',
    );
    const { code, stdout } = await runCli('--input', file);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      asOf: '2025-07-01',
      customers: [
        {
          customerId: 'K1',
          recency: 1,
          frequency: 1,
          monetary: 10,
          r: 4,
          f: 3,
          m: 2,
          segment: 'Potential Loyalist',
          class8: '一般发展',
        },
        {
          customerId: 'K2',
          recency: 2,
          frequency: 1,
          monetary: 20,
          r: 2,
          f: 3,
          m: 4,
          segment: 'At Risk',
          class8: '重要挽留',
        },
      ],
    });
  });

  it('prints no customers for a file without orders', async () => {
    const file = csvFile('empty.csv', 'customer_id,order_id,ordered_at,amount\n');
    const { code, stdout } = await runCli('--input', file, '--as-of', '2025-01-31');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ asOf: '2025-01-31', customers: [] });
  });

  const header = 'customer_id,order_id,ordered_at,amount\n';
  it.each([
    [
      'missing-column.csv',
      'customer_id,order_id,amount\nC1,O1,10\n',
      'line 1: header lacks the column ordered_at',
    ],
    [
      'bad-date.csv',
      `${header}C1,O1,2025-03-01,10\nC1,O2,2025-02-30,10\n`,
      'line 3: bad date in ordered_at: "2025-02-30"',
    ],
    ['bad-amount.csv', `${header}C1,O1,2025-03-01,"12,50"\n`, 'line 2: bad amount: "12,50"'],
    [
      'field-count.csv',
      `${header}C1,O1,2025-03-01,10\n\nC2,O2,2025-03-01\n`,
      'line 4: expected 4 fields as in the header, found 3',
    ],
    [
      'two-customers.csv',
      `${header}C1,O1,2025-03-01,10\nC2,O1,2025-03-01,5\n`,
      'line 3: order O1 belongs to customer C1, not C2',
    ],
    ['empty-file.csv', '', 'line 1: missing header'],
  ])('rejects %s with exit code 1 and one line naming the line', async (name, text, message) => {
    const file = csvFile(name, text);
    const { code, stdout, stderr } = await runCli('--input', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const start = `customers:rfm: ${file} ${message}`;
    expect(stderr.slice(0, start.length)).toBe(start);
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['--input', path.join(dir, 'nowhere.csv')], 'cannot read'],
    [['--as-of', '2025-03-01'], '--input FILE is required'],
    [['--input', 'x.csv', '--as-of', '1/3/2025'], '--as-of must be a date as YYYY-MM-DD'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ])('rejects bad options %j with exit code 1', async (args, message) => {
    const { code, stdout, stderr } = await runCli(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints its usage with the rules on --help', async () => {
    const { code, stdout } = await runCli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run --silent customers:rfm -- --input orders\.csv/);
    expect(stdout).toContain('p = (b + e/2) / n and scores ceil(5p)');
    expect(stdout).toContain("Can't Lose Them     R 1-2   F 4-5   M 4-5");
    expect(stdout).toContain('HHH 重要价值');
  });
});
