import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [key: string]: unknown };

/** Every leaf as `path → value`, so the two languages can be compared key by key. */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [childPath, childValue] of leaves(value as Tree, path))
        out.set(childPath, childValue);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const languages = { en: leaves(en), 'zh-CN': leaves(zhCN) };

describe('UI string resources', () => {
  it('zh-CN has every key of en and no other', () => {
    const enKeys = [...languages.en.keys()];
    const zhKeys = [...languages['zh-CN'].keys()];
    expect(
      enKeys.filter((key) => !languages['zh-CN'].has(key)),
      'missing in zh-CN',
    ).toEqual([]);
    expect(
      zhKeys.filter((key) => !languages.en.has(key)),
      'extra in zh-CN',
    ).toEqual([]);
  });

  it.each(Object.entries(languages))('%s has no empty or non-string value', (_lang, strings) => {
    const bad = [...strings].filter(
      ([, value]) => typeof value !== 'string' || value.trim() === '',
    );
    expect(bad.map(([path]) => path)).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const variables = (text: unknown) =>
      [...String(text).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const [path, text] of languages.en) {
      expect(variables(languages['zh-CN'].get(path)), path).toEqual(variables(text));
    }
  });
});
