import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseAutomaton } from './phrase-automaton';

function scanAll(automaton: PhraseAutomaton, text: string): Array<[number, number, number]> {
  const hits: number[] = [];
  automaton.scan(text, hits);
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < hits.length; i += 3) out.push([hits[i]!, hits[i + 1]!, hits[i + 2]!]);
  return out;
}

function naive(keys: string[], text: string): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  keys.forEach((key, k) => {
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      out.push([k, at, at + key.length]);
    }
  });
  return out.sort((a, b) => a[2] - b[2] || a[1] - b[1]);
}

describe('PhraseAutomaton', () => {
  it('finds overlapping keys, longer first for one end (he, she, his, hers)', () => {
    const keys = ['he', 'she', 'his', 'hers'];
    expect(scanAll(new PhraseAutomaton(keys), 'ushers')).toEqual([
      [1, 1, 4],
      [0, 2, 4],
      [3, 2, 6],
    ]);
  });

  it('finds Chinese keys inside each other', () => {
    const keys = ['贵', '太贵', '不贵', '便宜点'];
    expect(scanAll(new PhraseAutomaton(keys), '不贵,太贵了,便宜点')).toEqual([
      [2, 0, 2],
      [0, 1, 2],
      [1, 3, 5],
      [0, 4, 5],
      [3, 7, 10],
    ]);
  });

  it('rejects an empty key', () => {
    expect(() => new PhraseAutomaton(['a', ''])).toThrow(/empty key/);
  });

  it('agrees with indexOf on random keys and texts', () => {
    const char = fc.constantFrom('a', 'b', 'c', '贵', '不');
    const word = fc.array(char, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
        fc.array(char, { maxLength: 30 }).map((cs) => cs.join('')),
        (keys, text) => {
          expect(scanAll(new PhraseAutomaton(keys), text)).toEqual(naive(keys, text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
