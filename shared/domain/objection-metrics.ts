import { objectionCategories, type ObjectionCategory } from './objection-categories';

/** One labelled message and what the detector said about it. */
export interface ObjectionOutcome {
  labels: readonly ObjectionCategory[];
  predicted: readonly ObjectionCategory[];
}

export interface CategoryScore {
  /** Messages labelled with the category. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** tp / (tp + fp); null when nothing was predicted. */
  precision: number | null;
  /** tp / (tp + fn); null when nothing is labelled. */
  recall: number | null;
  /** 2 tp / (2 tp + fp + fn); null when the category is neither labelled nor predicted. */
  f1: number | null;
}

export interface ObjectionMetrics {
  n: number;
  perCategory: Record<ObjectionCategory, CategoryScore>;
  /** Mean F1 over the categories whose F1 is defined. */
  macroF1: number;
  /** F1 over all (message, category) decisions pooled. */
  microF1: number;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (a: number, b: number) => (b === 0 ? null : round4(a / b));

/**
 * Multi-label scores per category (each message is a yes/no decision per category), macro-F1
 * (unweighted mean of the categories' F1) and micro-F1 (pooled counts). A category with neither
 * labels nor predictions in the set has no F1 and is left out of the macro mean; a set without
 * any label or prediction has macro- and micro-F1 1 (nothing to get wrong).
 */
export function scoreObjections(outcomes: readonly ObjectionOutcome[]): ObjectionMetrics {
  const counts = new Map(objectionCategories.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  for (const { labels, predicted } of outcomes) {
    const gold = new Set(labels);
    const said = new Set(predicted);
    for (const category of objectionCategories) {
      const c = counts.get(category)!;
      if (gold.has(category) && said.has(category)) c.tp++;
      else if (said.has(category)) c.fp++;
      else if (gold.has(category)) c.fn++;
    }
  }
  const perCategory = {} as Record<ObjectionCategory, CategoryScore>;
  const f1s: number[] = [];
  let tp = 0;
  let errors = 0;
  for (const category of objectionCategories) {
    const c = counts.get(category)!;
    const f1 = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
    if (f1 !== null) f1s.push(f1);
    tp += c.tp;
    errors += c.fp + c.fn;
    perCategory[category] = {
      support: c.tp + c.fn,
      truePositives: c.tp,
      falsePositives: c.fp,
      falseNegatives: c.fn,
      precision: ratio(c.tp, c.tp + c.fp),
      recall: ratio(c.tp, c.tp + c.fn),
      f1,
    };
  }
  const macroF1 = f1s.length ? round4(f1s.reduce((a, b) => a + b, 0) / f1s.length) : 1;
  const microF1 = ratio(2 * tp, 2 * tp + errors) ?? 1;
  return { n: outcomes.length, perCategory, macroF1, microF1 };
}
