/**
 * The trainer's rubric (DOMAIN.md, "Voice of the customer and service quality"): each criterion
 * is scored 1–5, or left unscored (null) when the chat gave no occasion for it (a service-only
 * chat has no recommendation to judge).
 */
export const rubricCriteria = [
  'greeting',
  'needs_discovery',
  'recommendation',
  'objection_handling',
  'closing',
  'compliance',
  'attitude',
] as const;
export type RubricCriterion = (typeof rubricCriteria)[number];

export const RUBRIC_MIN = 1;
export const RUBRIC_MAX = 5;

export type RubricScores = Record<RubricCriterion, number | null>;

export const emptyRubricScores = (): RubricScores =>
  Object.fromEntries(rubricCriteria.map((c) => [c, null])) as RubricScores;

/**
 * The review's total: the scored criteria added up, out of 5 for each scored one. Unscored
 * criteria count neither way, so skipping one does not drag the total down. Null total when
 * nothing is scored yet.
 */
export function rubricTotal(scores: Partial<Record<RubricCriterion, number | null>>): {
  total: number | null;
  max: number;
  scored: number;
} {
  let total = 0;
  let scored = 0;
  for (const criterion of rubricCriteria) {
    const score = scores[criterion];
    if (typeof score !== 'number') continue;
    total += score;
    scored++;
  }
  return { total: scored === 0 ? null : total, max: scored * RUBRIC_MAX, scored };
}
