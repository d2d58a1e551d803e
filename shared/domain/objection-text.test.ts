import { describe, expect, it } from 'vitest';
import { normaliseObjectionText } from './objection-text';
import { traditionalToSimplifiedPairs } from './traditional-simplified';

const norm = (s: string) => normaliseObjectionText(s).text;

describe('normaliseObjectionText', () => {
  it('folds full-width letters, digits and punctuation to half-width lower case', () => {
    expect(norm('ＡＢＣ１２３')).toBe('abc123');
    expect(norm('ＴＯＯ　ＥＸＰＥＮＳＩＶＥ！')).toBe('too expensive!');
    expect(norm('ＰＭ２．５')).toBe('pm2.5');
  });

  it('maps traditional characters to simplified ones', () => {
    expect(norm('這個價格太貴了，還有運費')).toBe('这个价格太贵了,还有运费');
    expect(norm('質量怎麼樣？會不會壞')).toBe('质量怎么样?会不会坏');
    expect(norm('東西買了可以換貨嗎')).toBe('东西买了可以换货吗');
  });

  it('maps CJK punctuation and collapses repeated punctuation', () => {
    expect(norm('太贵了。。。')).toBe('太贵了.');
    expect(norm('包邮吗？？？')).toBe('包邮吗?');
    expect(norm('what?!')).toBe('what?');
    expect(norm('太贵了！！！')).toBe('太贵了!');
    expect(norm('嗯……再想想、好吗')).toBe('嗯.再想想,好吗');
    expect(norm('it’s “fine”')).toBe('it\'s "fine"');
  });

  it('collapses white space, dropping it next to CJK characters and before punctuation', () => {
    expect(norm('  too \t  expensive  ')).toBe('too expensive');
    expect(norm('太 贵 了')).toBe('太贵了');
    expect(norm('price is high , really')).toBe('price is high, really');
    expect(norm('line one\nline two')).toBe('line one.line two');
    expect(norm('zero\u200bwidth')).toBe('zerowidth');
  });

  it('knows where each character came from', () => {
    const message = '這個 太貴了！！ OK';
    const { text, origin } = normaliseObjectionText(message);
    expect(text).toBe('这个太贵了! ok');
    expect(origin).toHaveLength(text.length);
    const start = text.indexOf('太贵');
    expect(message.slice(origin[start], origin[start + 1]! + 1)).toBe('太貴');
    expect(message.slice(origin[0], origin[text.length - 1]! + 1)).toBe(message.trim());
  });

  it('leaves the empty string and plain ASCII alone', () => {
    expect(norm('')).toBe('');
    expect(norm('shipping to canada')).toBe('shipping to canada');
  });
});

describe('the traditional → simplified table', () => {
  const pairs = traditionalToSimplifiedPairs();

  it('maps each character once, never to itself, and never to another traditional one', () => {
    const from = new Set(pairs.map(([t]) => t));
    expect(from.size).toBe(pairs.length);
    for (const [t, s] of pairs) {
      expect(t).not.toBe(s);
      expect(from.has(s)).toBe(false);
    }
  });

  it('covers the characters of shopping chat', () => {
    const words = '貴質價運費點還買賣錢實與這麼會對說試換貨發東邊別壞應嗎優';
    expect(norm(words)).toBe('贵质价运费点还买卖钱实与这么会对说试换货发东边别坏应吗优');
  });
});
