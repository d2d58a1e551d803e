import { describe, expect, it } from 'vitest';
import { scriptLocales, scriptVersions, stageInfo, techniqueInfo } from '../domain/scripts';
import { scriptSchema } from './script';

const valid = {
  id: 'price-gift-instead',
  locale: 'zh-CN',
  scenario: 'bargaining',
  stage: 'handle_objection',
  objection: 'price',
  technique: 'gift_not_discount',
  title: '  不降价，送赠品 ',
  text: '\n亲，价格已经是活动价了，我给您申请一份赠品~\n',
};

function messages(input: unknown): string[] {
  const result = scriptSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('scriptSchema', () => {
  it('fills the empty lists in and trims title and text', () => {
    expect(scriptSchema.parse(valid)).toEqual({
      ...valid,
      title: '不降价，送赠品',
      text: '亲，价格已经是活动价了，我给您申请一份赠品~',
      personalities: [],
      variants: [],
      tags: [],
    });
  });

  it('requires the objection in the handle_objection stage only', () => {
    expect(messages({ ...valid, objection: undefined })).toEqual([
      'objection: a handle_objection script must name the objection it answers',
    ]);
    expect(messages({ ...valid, stage: 'close', objection: undefined })).toEqual([]);
    expect(messages({ ...valid, stage: 'close', objection: 'hesitation' })).toEqual([]);
  });

  it('rejects unknown keys, bad enums and non-slug ids', () => {
    expect(messages({ ...valid, persona: 'vain' })).toEqual([': Unrecognized key: "persona"']);
    expect(messages({ ...valid, technique: 'hard_sell' })[0]).toMatch(/^technique: /);
    expect(messages({ ...valid, objection: 'colour' })[0]).toMatch(/^objection: /);
    expect(messages({ ...valid, personalities: ['grumpy'] })[0]).toMatch(/^personalities.0: /);
    for (const id of ['Price-Gift', 'price_gift', 'price--gift', '-price', 'price gift', '']) {
      expect(messages({ ...valid, id })[0], id).toMatch(/^id: /);
    }
  });

  it('checks templates in the text and in every variant', () => {
    expect(messages({ ...valid, text: '亲，{{customer.email}}' })).toEqual([
      'text: unknown variable "customer.email"',
    ]);
    expect(
      messages({ ...valid, variants: [{ id: 'b', text: '{{#if x}}hi{{/if}}', weight: 1 }] }),
    ).toHaveLength(2);
  });

  it('checks variants and lists', () => {
    const variant = { id: 'b', text: '亲~', weight: 1 };
    expect(messages({ ...valid, variants: [variant, variant] })).toEqual([
      'variants: variant ids are not unique',
    ]);
    expect(messages({ ...valid, variants: [{ ...variant, id: 'base' }] })).toEqual([
      `variants.0.id: "base" is the script's own text; choose another variant id`,
    ]);
    expect(messages({ ...valid, variants: [{ ...variant, weight: 0 }] })).toEqual([
      'variants.0.weight: weight must be above 0',
    ]);
    expect(messages({ ...valid, personalities: ['vain', 'vain'] })).toEqual([
      'personalities: personalities are listed twice',
    ]);
    expect(messages({ ...valid, text: '   ' })).toEqual(['text: text is empty']);
    expect(messages({ ...valid, text: '亲'.repeat(1001) })).toEqual([
      'text: text is longer than 1000 characters',
    ]);
  });
});

describe('the script vocabulary', () => {
  it('puts the base text first in the A/B versions', () => {
    const script = scriptSchema.parse({ ...valid, variants: [{ id: 'b', text: 'B', weight: 2 }] });
    expect(scriptVersions(script)).toEqual([
      { id: 'base', text: script.text, weight: 1 },
      { id: 'b', text: 'B', weight: 2 },
    ]);
  });

  it('labels everything in both locales and points method steps inside their steps', () => {
    for (const info of Object.values(stageInfo)) {
      for (const locale of scriptLocales) expect(info.label[locale]).not.toBe('');
    }
    for (const [name, info] of Object.entries(techniqueInfo)) {
      for (const locale of scriptLocales) {
        expect(info.label[locale], name).not.toBe('');
        for (const step of info.steps) expect(step.does[locale], name).not.toBe('');
      }
      if (info.method) expect(info.steps[info.method.step], name).toBeDefined();
      if (name !== 'plain') expect(info.steps.length, name).toBeGreaterThan(0);
    }
    expect(techniqueInfo.laer_explore.steps.map((s) => s.name.en)).toEqual([
      'Listen',
      'Acknowledge',
      'Explore',
      'Respond',
    ]);
  });
});
