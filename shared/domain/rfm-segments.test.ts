import { describe, expect, it } from 'vitest';
import { rfmSegmentLabels, rfmSegments, segmentFor } from './rfm-segments';

describe('segmentFor', () => {
  it.each([
    [5, 5, 5, 'Champions'],
    [5, 5, 4, 'Loyal'],
    [4, 4, 1, 'Loyal'],
    [5, 1, 5, 'New'],
    [5, 2, 1, 'New'],
    [5, 3, 1, 'Potential Loyalist'],
    [4, 2, 2, 'Potential Loyalist'],
    [4, 1, 5, 'Promising'],
    [3, 5, 5, 'Need Attention'],
    [3, 3, 1, 'Need Attention'],
    [3, 2, 5, 'About to Sleep'],
    [2, 4, 4, "Can't Lose Them"],
    [1, 5, 5, "Can't Lose Them"],
    [2, 5, 3, 'At Risk'], // F + M = 8, but M below 4
    [1, 1, 5, 'At Risk'], // F + M = 6: one big order long ago
    [2, 2, 3, 'Hibernating'], // F + M = 5
    [1, 3, 2, 'Lost'],
    [1, 1, 1, 'Lost'],
  ])('R%i F%i M%i is %s', (r, f, m, segment) => {
    expect(segmentFor({ r, f, m })).toBe(segment);
  });

  it('names every one of the 125 score combinations, and uses every segment', () => {
    const seen = new Map<string, number>();
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        for (let m = 1; m <= 5; m++) {
          const segment = segmentFor({ r, f, m });
          seen.set(segment, (seen.get(segment) ?? 0) + 1);
        }
      }
    }
    expect([...seen.keys()].sort()).toEqual([...rfmSegments].sort());
    // Counted by hand from the table: R5 = 1 + 9 + 10 + 5 (F3), R4 = 10 + 10 + 5, …
    expect(Object.fromEntries(seen)).toEqual({
      Champions: 1,
      Loyal: 19, // R4–5 × F4–5 × M1–5 = 20, less the Champion
      New: 10, // R5 × F1–2
      'Potential Loyalist': 15, // R5 F3 (5) + R4 F2–3 (10)
      Promising: 5,
      'Need Attention': 15,
      'About to Sleep': 10,
      "Can't Lose Them": 8, // R1–2 × F4–5 × M4–5
      // R1–2 with F + M ≥ 6, not Can't Lose Them: per R 25 − 10 (sum ≤ 5) − 4 = 11.
      'At Risk': 22,
      Hibernating: 10,
      Lost: 10,
    });
  });

  it('refuses scores outside 1–5', () => {
    expect(() => segmentFor({ r: 0, f: 3, m: 3 })).toThrow(RangeError);
    expect(() => segmentFor({ r: 3, f: 6, m: 3 })).toThrow(RangeError);
    expect(() => segmentFor({ r: 3, f: 3, m: 2.5 })).toThrow(RangeError);
  });

  it('labels every segment in both languages', () => {
    for (const segment of rfmSegments) {
      expect(rfmSegmentLabels[segment].en).toBe(segment);
      expect(rfmSegmentLabels[segment]['zh-CN']).toMatch(/客户$/);
    }
  });
});
