import { describe, expect, it } from 'vitest';
import { createRandom } from './random';

describe('createRandom', () => {
  it('repeats its sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const draw = (r: ReturnType<typeof createRandom>) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  it('draws integers in the closed range and floats in the half-open one', () => {
    const random = createRandom(1);
    const ints = new Set(Array.from({ length: 2000 }, () => random.int(3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    for (let i = 0; i < 2000; i++) {
      const x = random.float(2, 3);
      expect(x >= 2 && x < 3).toBe(true);
    }
  });

  it('follows the weights of a weighted choice', () => {
    const random = createRandom(2);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (random.weighted(['a', 'b'], [3, 1]) === 'a') heavy += 1;
    expect(heavy / 10_000).toBeCloseTo(0.75, 1);
    expect(random.weighted(['only'], [0])).toBe('only');
  });

  it('draws normal values with mean 0 and standard deviation 1', () => {
    const random = createRandom(3);
    const xs = Array.from({ length: 20_000 }, () => random.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(sd).toBeCloseTo(1, 1);
    expect(Array.from({ length: 100 }, () => random.lognormal(0, 1)).every((x) => x > 0)).toBe(
      true,
    );
  });
});
