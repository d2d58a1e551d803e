import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConversationQuality } from '../../shared/domain/quality-checks';
import {
  defaultQualityRulesFile,
  lintQualityRulesFile,
  parseQualityRules,
  readQualityRulesFile,
} from './quality-rules-file';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the default quality rules (scripts-library/quality-rules.yaml)', () => {
  const rules = readQualityRulesFile();
  const T0 = Date.UTC(2025, 0, 6, 2, 0, 0);
  /** The rules that flag `text` written by `author` 5 s into an otherwise quiet chat. */
  const rulesFlagging = (
    text: string,
    author: 'agent' | 'shopper',
    locale: 'zh-CN' | 'en' = 'zh-CN',
  ) =>
    checkConversationQuality({
      messages: [
        {
          seq: 1,
          authorKind: 'shopper',
          text: locale === 'en' ? 'hi' : '在吗',
          createdAt: new Date(T0),
        },
        {
          seq: 2,
          authorKind: 'agent',
          text: locale === 'en' ? 'hi' : '在的',
          createdAt: new Date(T0 + 5_000),
        },
        { seq: 3, authorKind: author, text, createdAt: new Date(T0 + 10_000) },
        ...(author === 'shopper'
          ? [{ seq: 4, authorKind: 'agent' as const, text: 'ok', createdAt: new Date(T0 + 15_000) }]
          : []),
      ],
      locale,
      objectionsOf: () => [],
      closedAt: new Date(T0 + 20_000),
      rules,
    }).map((f) => f.rule);

  it('runs every rule, with the limits the team agreed', () => {
    expect(rules.slow_first_response).toMatchObject({ enabled: true, thresholdSeconds: 60 });
    expect(rules.slow_reply).toMatchObject({ enabled: true, thresholdSeconds: 180 });
    expect(rules.long_silence).toMatchObject({ enabled: true, thresholdSeconds: 600 });
    expect(rules.risky_phrase.severity).toBe('critical');
  });

  it.each([
    '最近很多人买这款，第一次购买我们第一时间发货',
    '您最好先量一下尺寸，最快明天到',
    '这是最后一件了，最多三天到',
    '亲，滤芯建议三个月换一次',
  ])('lets ordinary service talk pass: %s', (text) => {
    expect(rulesFlagging(text, 'agent')).toEqual([]);
  });

  it.each([
    '这款是全网最低价',
    '我们是国家级品质，销量第一',
    '用了保证有效，终身免费保修',
    '加微信转账可以再便宜点',
    '质量100%没问题',
  ])('flags a risky agent sentence: %s', (text) => {
    expect(rulesFlagging(text, 'agent')).toEqual(['risky_phrase']);
  });

  it('flags risky English wording on whole words only', () => {
    expect(rulesFlagging("We'll do our best. Best regards!", 'agent', 'en')).toEqual([]);
    expect(rulesFlagging('Our bestseller is on sale', 'agent', 'en')).toEqual([]);
    expect(rulesFlagging('It is the best, just PayPal me', 'agent', 'en')).toEqual([
      'risky_phrase',
    ]);
  });

  it('hears a frustrated shopper in both languages, but not a question about bin bags', () => {
    expect(rulesFlagging('怎么还不回？？？', 'shopper')).toEqual(['shopper_frustration']);
    expect(rulesFlagging('什么破服务，我要投诉', 'shopper')).toEqual(['shopper_frustration']);
    expect(rulesFlagging('送垃圾袋吗', 'shopper')).toEqual([]);
    expect(rulesFlagging('This is ridiculous, a waste of time', 'shopper', 'en')).toEqual([
      'shopper_frustration',
    ]);
  });
});

describe('lintQualityRulesFile', () => {
  async function libraryWith(content: string | null): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'quality-rules-'));
    dirs.push(dir);
    if (content !== null) await writeFile(path.join(dir, 'quality-rules.yaml'), content);
    return dir;
  }

  it('names file and line of each problem', async () => {
    const source = await readFile(defaultQualityRulesFile, 'utf8');
    const broken = source
      .replace('  thresholdSeconds: 180', '  thresholdSeconds: 0')
      .replace('      - 差评\n', '      - 差评\n      - 差评\n');
    const lineOf = (needle: string, nth = 1) => {
      let at = -1;
      for (let i = 0; i < nth; i++) at = broken.indexOf(needle, at + 1);
      return broken.slice(0, at).split('\n').length;
    };
    const problems = lintQualityRulesFile(await libraryWith(broken), false);
    expect(problems).toEqual([
      {
        file: 'quality-rules.yaml',
        line: lineOf('thresholdSeconds: 0'),
        message: expect.stringMatching(/^slow_reply\.thresholdSeconds: /),
      },
      {
        file: 'quality-rules.yaml',
        line: lineOf('      - 差评', 2),
        message: expect.stringMatching(
          /^shopper_frustration\.phrases\.zh-CN\[\d+\]: "差评" is listed twice$/,
        ),
      },
    ]);
  });

  it('refuses a phrase that its own except list would always excuse', () => {
    const result = parseQualityRules(
      `slow_first_response: {enabled: true, severity: warning, thresholdSeconds: 60}\n` +
        `slow_reply: {enabled: true, severity: warning, thresholdSeconds: 180}\n` +
        `long_silence: {enabled: true, severity: info, thresholdSeconds: 600}\n` +
        `risky_phrase:\n  enabled: true\n  severity: critical\n  lists:\n` +
        ['absolute_claims', 'unkeepable_promises', 'off_platform_payment']
          .map(
            (list) =>
              `    ${list}:\n      phrases: {zh-CN: [${list === 'absolute_claims' ? '最近' : ''}], en: []}\n` +
              `      except: {zh-CN: [最近], en: []}\n`,
          )
          .join('') +
        `shopper_frustration:\n  enabled: true\n  severity: warning\n` +
        `  phrases: {zh-CN: [], en: []}\n  except: {zh-CN: [], en: []}\n` +
        `  repeatedPunctuation: {enabled: true, minRun: 3}\n` +
        `unanswered_objection: {enabled: true, severity: warning}\n`,
    );
    expect(result.problems).toEqual([
      {
        line: 9,
        message:
          'risky_phrase.lists.absolute_claims.phrases.zh-CN[0]: "最近" is also in the except list, so it would never flag',
      },
    ]);
  });

  it('requires the file only in the project library', async () => {
    expect(lintQualityRulesFile(await libraryWith(null), false)).toEqual([]);
    expect(lintQualityRulesFile(await libraryWith(null), true)).toEqual([
      { file: 'quality-rules.yaml', message: 'cannot read the file: ENOENT' },
    ]);
    expect(lintQualityRulesFile(await libraryWith('a: [1'), false)[0]).toMatchObject({
      file: 'quality-rules.yaml',
      message: expect.stringMatching(/^not valid YAML: /),
    });
  });
});
