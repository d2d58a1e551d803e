import { describe, expect, it } from 'vitest';
import {
  objectionPhraseListSchema,
  type ObjectionPhraseListInput,
} from '../schemas/objection-phrases';
import { compileObjectionDetector, detectObjections } from './objections';
import type { PhraseScanner } from './phrase-automaton';

// The mechanics on small lists written here; the supervisors' lists are measured in
// test/integration/objection-detector.test.ts.

const zh: ObjectionPhraseListInput = {
  language: 'zh-CN',
  unit: 'character',
  negation: {
    cues: ['不', '没', '没有', '一点都不', '一点也不', '并不'],
    window: 3,
    after: ['无所谓'],
    scopeBreakers: ['但是', '就是'],
    questionEndings: ['吗', '吧'],
    aNotAQuestions: true,
  },
  intensifiers: { window: 1, boost: 0.5, phrases: ['有点', { phrase: '非常', boost: 0.8 }] },
  ignore: ['贵店', '不过', '不知道'],
  categories: {
    price: {
      phrases: [
        { phrase: '贵', weight: 0.7 },
        { phrase: '太…贵', weight: 0.9 },
        '不便宜',
        '便宜点',
        { phrase: '优惠', weight: 0.45 },
        { phrase: '折扣', weight: 0.45 },
      ],
    },
    shipping: { phrases: ['运费', '包邮', '不包邮', { phrase: '几天能到', weight: 0.9 }] },
    after_sales: { phrases: ['退货运费', '退货'] },
    fit: { phrases: ['不会用', '适合'] },
  },
};

const en: ObjectionPhraseListInput = {
  language: 'en',
  unit: 'word',
  negation: {
    cues: ['not', "isn't", 'no', 'never'],
    window: 2,
    after: ['is fine'],
    scopeBreakers: ['but'],
    questionEndings: ['right'],
  },
  intensifiers: { window: 0, phrases: ['too'] },
  categories: {
    price: {
      phrases: [
        'expensive',
        'not cheap',
        'price…high',
        { phrase: 'cost', weight: 0.4 },
        'discount*',
        'no discount',
      ],
    },
    after_sales: { phrases: ['refund*'] },
    quality: { negatable: false, phrases: ['actually work*'] },
  },
};

const lists = [objectionPhraseListSchema.parse(zh), objectionPhraseListSchema.parse(en)];
const detector = compileObjectionDetector(lists);
const detect = (text: string) => detectObjections(detector, text);
const categories = (text: string) => detect(text).categories;

describe('detectObjections: negation', () => {
  it('a cue shortly before a phrase cancels it', () => {
    expect(categories('贵')).toEqual(['price']);
    expect(categories('不贵')).toEqual([]);
    expect(categories('一点都不贵')).toEqual([]);
    expect(categories('没有那么贵')).toEqual([]);
    expect(categories('并不贵啊')).toEqual([]);
    expect(categories('not expensive')).toEqual([]);
    expect(categories("isn't that expensive")).toEqual([]);
    expect(categories('expensive')).toEqual(['price']);
  });

  it('reports what a negation cancelled', () => {
    const d = detect('不贵，挺好的');
    expect(d.categories).toEqual([]);
    expect(d.confidence).toBe(0);
    expect(d.negated.map((m) => [m.category, m.text])).toEqual([['price', '贵']]);
  });

  it('does not reach past the window, a clause end or a scope breaker', () => {
    expect(categories('不是说这个东西贵')).toEqual(['price']); // 6 characters away
    expect(categories('不，贵了')).toEqual(['price']);
    expect(categories('不错就是贵')).toEqual(['price']); // 就是 ends the scope
    expect(categories('not bad but expensive')).toEqual(['price']);
    expect(categories('not at all cheap or expensive')).toEqual(['price']); // 5 words away
  });

  it('a negation written into a phrase is the phrase, whatever cue is in front of it', () => {
    expect(categories('不便宜')).toEqual(['price']);
    expect(categories('一点都不便宜')).toEqual(['price']);
    expect(categories('并不便宜')).toEqual(['price']);
    expect(categories('not cheap')).toEqual(['price']);
    expect(categories('no discount?')).toEqual(['price']);
    expect(detect('不包邮吗').phrases).toEqual(['不包邮']);
  });

  it('a cue in a gap cancels the gap phrase', () => {
    expect(categories('the price is high')).toEqual(['price']);
    expect(categories('the price is not high')).toEqual([]);
  });

  it('after-cues cancel the phrase they follow', () => {
    expect(categories('贵不贵无所谓')).toEqual([]);
    expect(categories('the cost is fine')).toEqual([]);
  });

  it('a worried question keeps the phrase', () => {
    expect(categories('不贵吗')).toEqual(['price']);
    expect(categories('包邮吗')).toEqual(['shipping']);
    expect(categories("it isn't expensive, right?")).toEqual(['price']);
    expect(categories("it isn't expensive, I think")).toEqual([]);
  });

  it('A-not-A questions are not negations, and phrases do not start inside them', () => {
    expect(categories('贵不贵')).toEqual(['price']);
    expect(categories('有没有优惠和折扣')).toEqual(['price']);
    expect(categories('会不会用几天就贵了')).toEqual(['price']);
    expect(categories('老人不会用')).toEqual(['fit']);
  });

  it('cues inside ignore entries do not count; nor do phrases', () => {
    expect(categories('不知道贵不贵')).toEqual(['price']);
    expect(categories('不过有点贵')).toEqual(['price']);
    expect(categories('贵店的东西')).toEqual([]);
  });

  it('a phrase marked not negatable stays', () => {
    expect(categories("it won't actually work")).toEqual(['quality']);
  });
});

describe('detectObjections: matching', () => {
  it('finds several categories, the most confident first', () => {
    const d = detect('运费多少，太贵了');
    expect(d.categories).toEqual(['price', 'shipping']); // 0.9 before 0.8
    expect(d.perCategory.map((c) => [c.category, c.confidence])).toEqual([
      ['price', 0.9],
      ['shipping', 0.8],
    ]);
    expect(d.confidence).toBe(0.9);
    expect(d.phrases).toEqual(['运费', '太贵']); // in the order they appear
    expect(categories('运费几天能到，太贵了')).toEqual(['shipping', 'price']); // 0.98, 0.9
  });

  it('a match inside a part of a larger one gives way, whatever its category', () => {
    expect(categories('退货运费谁出')).toEqual(['after_sales']);
    const d = detect('太特么贵了');
    expect(d.perCategory[0]!.matches.map((m) => m.pattern)).toEqual(['太…贵']);
  });

  it('gaps stay within a clause and within their length', () => {
    expect(detect('太特么贵了').phrases).toEqual(['太特么贵']);
    expect(detect('太大了，贵').perCategory[0]!.matches.map((m) => m.pattern)).toEqual(['贵']);
    expect(detect('太一二三四五贵').perCategory[0]!.matches.map((m) => m.pattern)).toEqual(['贵']);
    expect(categories('the price of this one is really high')).toEqual([]); // 5 words in the gap
  });

  it('matches traditional and full-width text and reports it as typed', () => {
    const d = detect('太貴了！！退貨運費呢？');
    expect(d.categories).toEqual(['price', 'after_sales']);
    expect(d.phrases).toEqual(['太貴', '退貨運費']);
    const m = d.perCategory[0]!.matches[0]!;
    expect('太貴了！！退貨運費呢？'.slice(m.start, m.end)).toBe('太貴');
    expect(detect('ＴＯＯ　ＥＸＰＥＮＳＩＶＥ！！！').phrases).toEqual(['ＥＸＰＥＮＳＩＶＥ']);
  });

  it('matches Latin phrases on word boundaries; "*" lets the word go on', () => {
    expect(categories('a costume')).toEqual([]);
    expect(categories('any discounts?')).toEqual(['price']);
    expect(categories('I was refunded late')).toEqual(['after_sales']);
    expect(categories('prefunded')).toEqual([]);
  });

  it('returns the empty detection for a message without objections', () => {
    expect(detect('好的，谢谢')).toEqual({
      categories: [],
      confidence: 0,
      phrases: [],
      perCategory: [],
      negated: [],
    });
    expect(detect('').categories).toEqual([]);
  });
});

describe('detectObjections: confidence', () => {
  it('is 1 − Π(1 − w) over the distinct phrases of a category', () => {
    expect(detect('贵').confidence).toBe(0.7);
    expect(detect('贵，太贵了').confidence).toBe(0.97); // 1 − 0.3 × 0.1
    expect(detect('贵，贵').confidence).toBe(0.7); // one phrase counts once
  });

  it('reports a category from two hints but not from one', () => {
    expect(categories('有优惠吗')).toEqual([]);
    expect(detect('优惠和折扣').confidence).toBe(0.698); // 1 − 0.55²
  });

  it('raises a phrase after an intensifier', () => {
    const w = (text: string) => detect(text).perCategory[0]!.matches[0]!.weight;
    expect(w('有点贵')).toBe(0.85); // 0.7 + 0.3 × 0.5
    expect(w('非常贵')).toBe(0.94); // its own boost 0.8
    expect(categories('有点优惠')).toEqual(['price']); // a hint raised: 0.45 + 0.55 × 0.5
  });

  it('follows the threshold', () => {
    const strict = compileObjectionDetector(lists, { threshold: 0.8 });
    expect(strict.detect('贵').categories).toEqual([]);
    expect(strict.detect('太贵了').categories).toEqual(['price']);
    expect(() => compileObjectionDetector(lists, { threshold: 0 })).toThrow(/threshold/);
  });
});

describe('compileObjectionDetector', () => {
  it('takes another scanner and gives the same detections', () => {
    const naive = compileObjectionDetector(lists, {
      scanner: (keys): PhraseScanner => ({
        scan(text, hits) {
          const found: Array<[number, number, number]> = [];
          keys.forEach((key, k) => {
            for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
              found.push([k, at, at + key.length]);
            }
          });
          found.sort((a, b) => a[2] - b[2] || a[1] - b[1]);
          for (const h of found) hits.push(...h);
        },
      }),
    });
    for (const text of ['不贵', '太特么贵了，运费呢', 'price is not high', '退货运费谁出']) {
      expect(naive.detect(text)).toEqual(detector.detect(text));
    }
  });

  it('normalises the phrases like the messages', () => {
    const list = objectionPhraseListSchema.parse({
      ...zh,
      categories: { price: { phrases: ['太 貴', 'ＤＩＳＣＯＵＮＴ'] } },
    });
    const d = compileObjectionDetector([list]);
    expect(d.keys).toContain('太贵');
    expect(d.keys).toContain('discount');
    expect(d.detect('太贵了').categories).toEqual(['price']);
  });
});
