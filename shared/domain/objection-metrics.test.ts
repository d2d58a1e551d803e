import { describe, expect, it } from 'vitest';
import type { ObjectionCategory } from './objection-categories';
import { scoreObjections } from './objection-metrics';

const o = (labels: ObjectionCategory[], predicted: ObjectionCategory[]) => ({ labels, predicted });

describe('scoreObjections', () => {
  it('counts each message as a yes/no decision per category', () => {
    const m = scoreObjections([
      o(['price'], ['price']),
      o(['price', 'shipping'], ['price']),
      o([], ['price']),
      o(['quality'], ['quality']),
      o([], []),
    ]);
    expect(m.n).toBe(5);
    expect(m.perCategory.price).toEqual({
      support: 2,
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 0,
      precision: 0.6667,
      recall: 1,
      f1: 0.8,
    });
    expect(m.perCategory.shipping).toMatchObject({ precision: null, recall: 0, f1: 0 });
    expect(m.perCategory.quality).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    // Categories neither labelled nor predicted have no F1 and stay out of the macro mean.
    expect(m.perCategory.fit).toMatchObject({
      support: 0,
      precision: null,
      recall: null,
      f1: null,
    });
    expect(m.macroF1).toBe(0.6); // (0.8 + 0 + 1) / 3
    expect(m.microF1).toBe(0.75); // tp 3, fp 1, fn 1: 2·3 / (2·3 + 2)
  });

  it('is perfect on an empty set or one without any objection', () => {
    expect(scoreObjections([]).macroF1).toBe(1);
    expect(scoreObjections([o([], [])])).toMatchObject({ macroF1: 1, microF1: 1 });
  });
});
