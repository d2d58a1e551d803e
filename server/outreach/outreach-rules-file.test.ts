import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultOutreachRulesFile,
  lintOutreachRulesFile,
  parseOutreachRules,
  readOutreachRulesFile,
} from './outreach-rules-file';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('scripts-library/outreach-rules.yaml', () => {
  it('holds the agreed defaults', () => {
    expect(readOutreachRulesFile()).toEqual({
      paymentReminder: { enabled: true, delayMinutes: 30 },
      followUp: { enabled: true, daysAfterDelivery: 3, reviewInviteAfterDays: 2 },
      memberCare: { enabled: true, withinAmount: 500 },
      winBack: { enabled: true, segments: ['重要保持', '重要挽留'], silentDays: 60 },
      quietHours: { start: '21:00', end: '09:00', timeZone: 'Asia/Shanghai' },
      weeklyCapPerCustomer: 2,
      attributionHours: 48,
    });
  });

  it('names the line of each problem, a mistyped time zone included', async () => {
    const text = await readFile(defaultOutreachRulesFile, 'utf8');
    const lines = text.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const broken = text
      .replace('delayMinutes: 30', 'delayMinutes: 2')
      .replace('timeZone: Asia/Shanghai', 'timeZone: Asia/Shangai');
    const result = parseOutreachRules(broken);
    expect(result.rules).toBeNull();
    // The schema's problems come first; the time zone is checked once the shape is right.
    expect(result.problems).toEqual([expect.objectContaining({ line: at('delayMinutes: 30') })]);
    expect(result.problems[0]!.message).toMatch(/^paymentReminder\.delayMinutes: /);
    const zone = parseOutreachRules(text.replace('Asia/Shanghai', 'Asia/Shangai'));
    expect(zone.problems).toEqual([
      {
        line: at('timeZone: Asia/Shanghai'),
        path: ['quietHours', 'timeZone'],
        message:
          'quietHours.timeZone: unknown time zone "Asia/Shangai" (an IANA name such as Asia/Shanghai)',
      },
    ]);
  });

  it('is required in the project’s library and optional in another', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'outreach-rules-'));
    dirs.push(dir);
    expect(lintOutreachRulesFile(dir, false)).toEqual([]);
    expect(lintOutreachRulesFile(dir, true)).toEqual([
      { file: 'outreach-rules.yaml', message: 'cannot read the file: ENOENT' },
    ]);
    await writeFile(path.join(dir, 'outreach-rules.yaml'), 'weeklyCapPerCustomer: [\n');
    const [problem] = lintOutreachRulesFile(dir, false);
    expect(problem).toMatchObject({ file: 'outreach-rules.yaml', line: expect.any(Number) });
    expect(problem!.message).toMatch(/^not valid YAML/);
  });
});
