import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { objectionCategories } from '../../shared/domain/objection-categories';
import {
  ObjectionPhrasesFileError,
  parseObjectionPhrases,
  readObjectionPhrases,
} from './objection-phrases-file';

const valid = `language: en
unit: word
negation:
  cues: [not]
categories:
  price:
    phrases:
      - expensive
      - { phrase: price…high, weight: 0.9 }
`;

const problem = (text: string, file = 'en.yaml') => {
  try {
    parseObjectionPhrases(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ObjectionPhrasesFileError);
    return (error as Error).message;
  }
  throw new Error('expected the list to be rejected');
};

describe('parseObjectionPhrases', () => {
  it('reads a list and fills in the defaults', () => {
    const list = parseObjectionPhrases(valid, 'en.yaml');
    expect(list).toMatchObject({ language: 'en', gap: 4, defaultWeight: 0.8, ignore: [] });
    expect(list.negation).toMatchObject({ window: 3, after: [], aNotAQuestions: false });
    expect(list.categories.price!.negatable).toBe(true);
  });

  it('names the file and line of what is wrong', () => {
    expect(problem(valid.replace('weight: 0.9', 'weight: 1.5'))).toMatch(
      /^en\.yaml:9: categories\.price\.phrases\[1\](\.weight)?: /,
    );
    expect(problem(valid.replace('price…high', '太…'))).toBe(
      'en.yaml:9: categories.price.phrases[1].phrase: a "…" gap needs text on both sides',
    );
    expect(problem(valid.replace('- expensive', '- ex*pensive'))).toMatch(
      /^en\.yaml:8: .*"\*" may only end a word/,
    );
    expect(problem(valid.replace('  price:', '  pricing:'))).toMatch(/^en\.yaml:6: categories/);
    expect(problem(valid.replace('- expensive', '- expensive\n      - Expensive'))).toMatch(
      /listed twice/,
    );
    expect(problem(valid.replace('cues: [not]', 'cues: [not…really]'))).toMatch(
      /negation\.cues\[0\]: a plain phrase/,
    );
    expect(problem('language: en\nunit: [')).toMatch(/^en\.yaml:\d+: not valid YAML/);
    expect(problem(valid, 'zh-CN.yaml')).toMatch(/named for "zh-CN"/);
  });
});

describe('readObjectionPhrases', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'objection-phrases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the supervisors’ lists: zh-CN and en, every category', () => {
    const lists = readObjectionPhrases();
    expect(lists.map((l) => l.language)).toEqual(['en', 'zh-CN']);
    for (const list of lists) {
      expect(Object.keys(list.categories).sort()).toEqual([...objectionCategories].sort());
    }
  });

  it('says when a folder has no list or cannot be read', () => {
    expect(() => readObjectionPhrases(dir)).toThrow(/no phrase lists/);
    expect(() => readObjectionPhrases(path.join(dir, 'missing'))).toThrow(/ENOENT/);
    writeFileSync(path.join(dir, 'en.yaml'), valid);
    expect(readObjectionPhrases(dir)).toHaveLength(1);
  });
});
