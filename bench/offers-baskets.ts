/**
 * A seeded basket set shaped like R's Groceries data (9,835 baskets, 169 items): basket sizes
 * roughly geometric with mean ≈ 4.4 (a fifth are single items), item popularity a long tail
 * (Zipf–Mandelbrot: the top item in about a quarter of the baskets, most items in under 1%), and
 * groups of items bought together (breakfast, baking, a humidifier with its filter and fragrance…)
 * that give rules with lifts of 2–10 on top of the popularity-driven ones.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface BasketSetOptions {
  transactions: number;
  items: number;
  seed: number;
}

export const DEFAULT_BASKET_SET: BasketSetOptions = {
  transactions: 10_000,
  items: 170,
  seed: 1_700,
};

/** Zipf–Mandelbrot: weight of the item of popularity rank r is 1 / (r + Q)^S. */
const Q = 8;
const S = 1.6;
/** P(basket size = k) = P × (1 − P)^(k − 1): mean 1 / P ≈ 4.4. */
const SIZE_P = 0.24;
const MAX_SIZE = 32;
/** Chance that picking a group member also brings another member of its group. */
const GROUP_PULL = 0.25;

export function generateBaskets({ transactions, items, seed }: BasketSetOptions): string[][] {
  const rng = xoroshiro128plus(seed);
  const next = () => uniformFloat64(rng);
  const names = Array.from({ length: items }, (_, i) => `sku-${String(i + 1).padStart(3, '0')}`);

  const cumulative = new Float64Array(items);
  let total = 0;
  for (let r = 0; r < items; r++) cumulative[r] = total += 1 / (r + Q) ** S;
  const draw = () => {
    const x = next() * total;
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  // Groups of 2–5 items, drawn from the whole popularity range, each item in at most one group.
  const groupOf = new Int32Array(items).fill(-1);
  const groups: number[][] = [];
  const order = Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let at = 0; at + 2 <= Math.floor(items * 0.6);) {
    const size = 2 + Math.floor(next() * 4);
    const members = order.slice(at, at + size);
    members.forEach((m) => (groupOf[m] = groups.length));
    groups.push(members);
    at += size;
  }

  const baskets: string[][] = [];
  const inBasket = new Int32Array(items).fill(-1);
  for (let t = 0; t < transactions; t++) {
    let size = 1;
    while (size < MAX_SIZE && next() > SIZE_P) size++;
    const basket: number[] = [];
    const add = (item: number) => {
      if (inBasket[item] === t) return;
      inBasket[item] = t;
      basket.push(item);
    };
    while (basket.length < size) {
      const item = draw();
      add(item);
      const group = groupOf[item]!;
      if (group >= 0 && next() < GROUP_PULL) {
        const members = groups[group]!;
        add(members[Math.floor(next() * members.length)]!);
      }
    }
    baskets.push(basket.map((item) => names[item]!));
  }
  return baskets;
}
