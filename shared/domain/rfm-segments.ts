/**
 * Named RFM segments from the 1–5 scores. The rules are checked from the top; the first match
 * wins, and every one of the 125 score combinations matches exactly one row:
 *
 * | #  | segment            | R    | F    | M    |
 * |----|--------------------|------|------|------|
 * | 1  | Champions          | 5    | 5    | 5    |
 * | 2  | Loyal              | 4–5  | 4–5  | any  |
 * | 3  | New                | 5    | 1–2  | any  |
 * | 4  | Potential Loyalist | 4–5  | 2–3  | any  |
 * | 5  | Promising          | 4    | 1    | any  |
 * | 6  | Need Attention     | 3    | 3–5  | any  |
 * | 7  | About to Sleep     | 3    | 1–2  | any  |
 * | 8  | Can't Lose Them    | 1–2  | 4–5  | 4–5  |
 * | 9  | At Risk            | 1–2  | F + M ≥ 6   |
 * | 10 | Hibernating        | 2    | any  | any  |
 * | 11 | Lost               | 1    | any  | any  |
 *
 * Rows 1–3 and 9 follow DOMAIN.md (Champions R5 F5 M5, Loyal R4–5 F4–5, New R5 F1–2, At Risk
 * R1–2 with F/M high, read as F + M at least 6: the two together at least middling); the rest
 * is the common R×F grid, with M deciding only who is too valuable to lose.
 */
export const rfmSegments = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegment = (typeof rfmSegments)[number];

interface Scores {
  r: number;
  f: number;
  m: number;
}

const between = (value: number, low: number, high: number) => value >= low && value <= high;

/** The rule table above, in order. */
export const segmentRules: ReadonlyArray<{ segment: RfmSegment; test: (s: Scores) => boolean }> = [
  { segment: 'Champions', test: ({ r, f, m }) => r === 5 && f === 5 && m === 5 },
  { segment: 'Loyal', test: ({ r, f }) => r >= 4 && f >= 4 },
  { segment: 'New', test: ({ r, f }) => r === 5 && f <= 2 },
  { segment: 'Potential Loyalist', test: ({ r, f }) => r >= 4 && between(f, 2, 3) },
  { segment: 'Promising', test: ({ r, f }) => r === 4 && f === 1 },
  { segment: 'Need Attention', test: ({ r, f }) => r === 3 && f >= 3 },
  { segment: 'About to Sleep', test: ({ r, f }) => r === 3 && f <= 2 },
  { segment: "Can't Lose Them", test: ({ r, f, m }) => r <= 2 && f >= 4 && m >= 4 },
  { segment: 'At Risk', test: ({ r, f, m }) => r <= 2 && f + m >= 6 },
  { segment: 'Hibernating', test: ({ r }) => r === 2 },
  { segment: 'Lost', test: ({ r }) => r === 1 },
];

const isScore = (value: number) => Number.isInteger(value) && value >= 1 && value <= 5;

export function segmentFor(scores: Scores): RfmSegment {
  if (isScore(scores.r) && isScore(scores.f) && isScore(scores.m)) {
    for (const rule of segmentRules) if (rule.test(scores)) return rule.segment;
  }
  throw new RangeError(`RFM scores must be whole numbers 1–5: ${JSON.stringify(scores)}`);
}

export const rfmSegmentLabels: Record<RfmSegment, { en: string; 'zh-CN': string }> = {
  Champions: { en: 'Champions', 'zh-CN': '冠军客户' },
  Loyal: { en: 'Loyal', 'zh-CN': '忠诚客户' },
  'Potential Loyalist': { en: 'Potential Loyalist', 'zh-CN': '潜在忠诚客户' },
  New: { en: 'New', 'zh-CN': '新客户' },
  Promising: { en: 'Promising', 'zh-CN': '有潜力客户' },
  'Need Attention': { en: 'Need Attention', 'zh-CN': '需要关注客户' },
  'About to Sleep': { en: 'About to Sleep', 'zh-CN': '即将沉睡客户' },
  'At Risk': { en: 'At Risk', 'zh-CN': '有流失风险客户' },
  "Can't Lose Them": { en: "Can't Lose Them", 'zh-CN': '不能失去的客户' },
  Hibernating: { en: 'Hibernating', 'zh-CN': '休眠客户' },
  Lost: { en: 'Lost', 'zh-CN': '已流失客户' },
};
