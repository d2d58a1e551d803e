import { describe, expect, it } from 'vitest';
import {
  eightClassFor,
  eightClassInfo,
  eightClasses,
  eightClassesFor,
  rfmMeans,
} from './rfm-eight-classes';

describe('eight-class model', () => {
  it.each([
    ['H', 'H', 'H', '重要价值'],
    ['L', 'H', 'H', '重要保持'],
    ['H', 'L', 'H', '重要发展'],
    ['L', 'L', 'H', '重要挽留'],
    ['H', 'H', 'L', '一般价值'],
    ['L', 'H', 'L', '一般保持'],
    ['H', 'L', 'L', '一般发展'],
    ['L', 'L', 'L', '一般挽留'],
  ] as const)('R%s F%s M%s is %s', (r, f, m, name) => {
    expect(eightClassFor({ r, f, m })).toBe(name);
  });

  it('marks against the means, a value equal to the mean being low', () => {
    // Means: recency (10+20+30)/3 = 20, frequency (1+2+3)/3 = 2, monetary (30+20+10)/3 = 20.
    // X: 10 < 20 H, 1 L, 30 H → 重要发展. Y: all at the mean → L L L. Z: 30 L, 3 H, 10 L.
    const customers = [
      { recency: 10, frequency: 1, monetary: 30 },
      { recency: 20, frequency: 2, monetary: 20 },
      { recency: 30, frequency: 3, monetary: 10 },
    ];
    expect(eightClassesFor(customers)).toEqual(['重要发展', '一般挽留', '一般保持']);
    expect(rfmMeans(customers)).toEqual({ recency: 20, frequency: 2, monetary: 20 });
  });

  it('compares money exactly: 0.2 is the mean of 0.3, 0.2 and 0.1, not above it', () => {
    // In floating point (0.3 + 0.2 + 0.1) / 3 is 0.19999999999999998, which would make 0.2 high.
    const classes = eightClassesFor([
      { recency: 5, frequency: 1, monetary: 0.3 },
      { recency: 5, frequency: 1, monetary: 0.2 },
      { recency: 5, frequency: 1, monetary: 0.1 },
    ]);
    expect(classes).toEqual(['重要挽留', '一般挽留', '一般挽留']);
  });

  it('has no high marks for a single customer, and nothing for none', () => {
    expect(eightClassesFor([{ recency: 3, frequency: 4, monetary: 500 }])).toEqual(['一般挽留']);
    expect(eightClassesFor([])).toEqual([]);
    expect(rfmMeans([])).toEqual({ recency: 0, frequency: 0, monetary: 0 });
  });

  it('explains every class in both languages with distinct levels', () => {
    const levels = new Set(
      eightClasses.map((n) => {
        const info = eightClassInfo[n];
        expect(info.label['zh-CN']).toBe(`${n}客户`);
        expect(info.label.en).toMatch(/^(Important|General) /);
        expect(info.explanation['zh-CN']).toMatch(/。$/);
        expect(info.explanation.en).toMatch(/\.$/);
        // M decides 重要 vs 一般.
        expect(n.startsWith('重要')).toBe(info.m === 'H');
        return info.r + info.f + info.m;
      }),
    );
    expect(levels.size).toBe(8);
  });
});
