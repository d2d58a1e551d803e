import { describe, expect, it } from 'vitest';
import { rankScripts, scriptFit, type RankContext } from './rank-scripts';

type S = Parameters<typeof scriptFit>[0];
const script = (id: string, over: Partial<S> = {}): S => ({
  id,
  locale: 'zh-CN',
  stage: 'recommend',
  objection: undefined,
  personalities: [],
  ...over,
});
const ctx: RankContext = {
  objection: 'price',
  stage: 'handle_objection',
  personality: 'frugal',
  locale: 'zh-CN',
};
const ids = (scripts: S[]) => scripts.map((s) => `${s.locale}/${s.id}`);

describe('rankScripts', () => {
  it('puts the objection first, then the stage, then the personality, then the language', () => {
    const scripts = [
      script('stage-only', { stage: 'handle_objection', locale: 'zh-CN' }),
      script('price-en', { stage: 'recommend', objection: 'price', locale: 'en' }),
      script('price-any', { stage: 'handle_objection', objection: 'price' }),
      script('price-frugal', {
        stage: 'handle_objection',
        objection: 'price',
        personalities: ['frugal'],
      }),
      script('price-vain', {
        stage: 'handle_objection',
        objection: 'price',
        personalities: ['vain'],
      }),
    ];
    expect(ids(rankScripts(scripts, ctx, 5))).toEqual([
      'zh-CN/price-frugal', // names the shopper's personality
      'zh-CN/price-any', // fits anyone
      'zh-CN/price-vain', // written for someone else, still answers the objection in stage
      'en/price-en', // answers the objection, wrong stage
      'zh-CN/stage-only',
    ]);
    expect(rankScripts(scripts, ctx)).toHaveLength(3);
  });

  it('prefers the chat language among otherwise equal scripts, and keeps library order on ties', () => {
    const scripts = [
      script('a', { locale: 'en' }),
      script('b', { locale: 'zh-CN' }),
      script('c', { locale: 'zh-CN' }),
    ];
    expect(ids(rankScripts(scripts, { ...ctx, objection: null }))).toEqual([
      'zh-CN/b',
      'zh-CN/c',
      'en/a',
    ]);
  });

  it('lists a script once, in the chat language when both languages have it', () => {
    const scripts = [script('same', { locale: 'en' }), script('same', { locale: 'zh-CN' })];
    expect(ids(rankScripts(scripts, ctx))).toEqual(['zh-CN/same']);
    expect(ids(rankScripts(scripts, { ...ctx, locale: 'en' }))).toEqual(['en/same']);
  });

  it('without a detected objection ranks by stage, and an untagged shopper gets scripts for anyone first', () => {
    const scripts = [
      script('price', { stage: 'handle_objection', objection: 'price' }),
      script('greet-vain', { stage: 'greet', personalities: ['vain'] }),
      script('greet-any', { stage: 'greet' }),
    ];
    expect(
      ids(
        rankScripts(scripts, {
          objection: null,
          stage: 'greet',
          personality: null,
          locale: 'zh-CN',
        }),
      ),
    ).toEqual(['zh-CN/greet-any', 'zh-CN/greet-vain', 'zh-CN/price']);
  });

  it('scores each key', () => {
    expect(scriptFit(script('x', { objection: 'price', stage: 'handle_objection' }), ctx)).toEqual([
      1, 1, 1, 1,
    ]);
    expect(
      scriptFit(script('x', { objection: 'shipping', personalities: ['vain'], locale: 'en' }), ctx),
    ).toEqual([0, 0, 0, 0]);
    expect(scriptFit(script('x', { personalities: ['frugal', 'vain'] }), ctx)[2]).toBe(2);
  });

  it('returns nothing from an empty library', () => {
    expect(rankScripts([], ctx)).toEqual([]);
  });
});
