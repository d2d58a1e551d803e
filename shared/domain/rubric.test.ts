import { describe, expect, it } from 'vitest';
import { emptyRubricScores, rubricCriteria, rubricTotal } from './rubric';

describe('rubricTotal', () => {
  it('is null out of 0 when nothing is scored', () => {
    expect(rubricTotal(emptyRubricScores())).toEqual({ total: null, max: 0, scored: 0 });
    expect(rubricTotal({})).toEqual({ total: null, max: 0, scored: 0 });
  });

  it('adds the scored criteria, out of 5 for each', () => {
    // 5 + 4 + 3 = 12 out of 3 × 5 = 15; the four unscored ones count neither way.
    expect(rubricTotal({ ...emptyRubricScores(), greeting: 5, closing: 4, compliance: 3 })).toEqual(
      { total: 12, max: 15, scored: 3 },
    );
  });

  it('is 35 out of 35 with every one of the 7 criteria at 5', () => {
    const all = Object.fromEntries(rubricCriteria.map((c) => [c, 5]));
    expect(rubricTotal(all)).toEqual({ total: 35, max: 35, scored: 7 });
  });
});
