import { describe, expect, it } from 'vitest';
import { parseBaskets } from './parse-baskets';

describe('parseBaskets', () => {
  it('reads one basket per line, trimming items and skipping blank lines', () => {
    const text = '\uFEFFmilk, bread\r\n\r\n  eggs ,milk,, \n , \nbeer\n';
    expect(parseBaskets(text)).toEqual([['milk', 'bread'], ['eggs', 'milk'], ['beer']]);
  });

  it('keeps duplicates and inner spaces as written (the miner dedupes)', () => {
    expect(parseBaskets('green tea, green tea,cup')).toEqual([['green tea', 'green tea', 'cup']]);
  });

  it('reads nothing from empty text', () => {
    expect(parseBaskets('')).toEqual([]);
    expect(parseBaskets('\n\n')).toEqual([]);
  });
});
