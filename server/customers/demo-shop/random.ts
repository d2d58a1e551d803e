import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The demo shop is generated from this seed unless another is asked for. */
export const DEMO_SEED = 20_241_101;

/** Seeded random helpers: the same seed always gives the same shop. */
export function createRandom(seed: number) {
  const rng = xoroshiro128plus(seed);
  const next = () => uniformFloat64(rng);
  /** Uniform in [min, max). */
  const float = (min: number, max: number) => min + next() * (max - min);
  /** Uniform integer in [min, max], both included. */
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  };
  const normal = () => {
    // Box–Muller; 1 - next() avoids log(0).
    return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  };
  const lognormal = (mu: number, sigma: number) => Math.exp(mu + sigma * normal());
  return { next, float, int, chance, pick, weighted, normal, lognormal };
}

export type Random = ReturnType<typeof createRandom>;
