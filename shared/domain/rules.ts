/**
 * Frequent itemsets and association rules (cross-sell, 关联推荐) mined from baskets, with the
 * definitions of R's arules: support(X) is the fraction of transactions containing X; a rule
 * A ⇒ {c} has support = support(A ∪ {c}), confidence = support(A ∪ {c}) / support(A),
 * lift = confidence / support({c}) and count = transactions containing A ∪ {c}.
 *
 * Written for speed rather than taken from npm (see ARCHITECTURE.md): itemset-miner.ts finds
 * the frequent itemsets as a prefix tree in typed arrays; the rules are read off that tree, each
 * antecedent's count found by walking the tree (children are contiguous and sorted).
 *
 * Thresholds are compared as integer counts, never as float fractions: an itemset is frequent
 * when count ≥ ceil(minSupport × N − 1e-9) (and ≥ 1), a rule is confident when
 * count(A ∪ {c}) ≥ ceil(minConfidence × count(A) − 1e-9). The 1e-9 absorbs the rounding of the
 * threshold itself (0.28 × 25 is 7.000000000000001 in floating point, yet 7 of 25 is 28%), so a
 * support or confidence exactly at the threshold passes, as it does mathematically.
 */

import {
  childOf,
  compareNames,
  encodeBaskets,
  mineItemsetTree,
  minCountFor,
  pathOf,
  type EncodedBaskets,
  type ItemsetTree,
} from './itemset-miner';

export { compareNames, minCountFor };

/** arules' default maxlen. */
export const DEFAULT_MAX_LEN = 10;

export interface MiningOptions {
  /** Smallest support of an itemset (and of a rule), a fraction in (0, 1]. */
  minSupport: number;
  /** Smallest confidence of a rule, in [0, 1]. */
  minConfidence: number;
  /** Largest itemset length, so largest |antecedent| + 1 of a rule; default 10 as in arules. */
  maxLen?: number;
}

export interface AssociationRule {
  /** One or more items, sorted by name (code-unit order). */
  antecedent: string[];
  /** Exactly one item. */
  consequent: string[];
  support: number;
  confidence: number;
  lift: number;
  /** Transactions containing antecedent ∪ consequent. */
  count: number;
}

export interface MiningResult {
  /** Baskets read, empty ones included (they lower every support, as in arules). */
  transactions: number;
  /** Frequent itemsets of length 1 to maxLen (single items included). */
  itemsets: number;
  /** By lift, then confidence, then support (all descending), then by item names. */
  rules: AssociationRule[];
}

export interface FrequentItemset {
  /** Sorted by name (code-unit order). */
  items: string[];
  count: number;
  support: number;
}

/** Every frequent itemset with its count, for callers that want more than rules (bundles). */
export function findFrequentItemsets(
  baskets: readonly (readonly string[])[],
  options: Pick<MiningOptions, 'minSupport' | 'maxLen'>,
): { transactions: number; itemsets: FrequentItemset[] } {
  const { data, tree } = mine(baskets, { ...options, minConfidence: 0 });
  const n = data.transactions;
  const itemsets: FrequentItemset[] = [];
  const path: number[] = [];
  for (let node = 1; node < tree.size; node++) {
    pathOf(tree, node, path);
    const items = path.map((id) => data.names[id]!).sort(compareNames);
    const count = tree.count[node]!;
    itemsets.push({ items, count, support: count / n });
  }
  return { transactions: n, itemsets };
}

/** Frequent itemsets, then the rules A ⇒ {c} (|A| ≥ 1) that reach both thresholds. */
export function mineRules(
  baskets: readonly (readonly string[])[],
  options: MiningOptions,
): MiningResult {
  const { data, tree, minConfidence } = mine(baskets, options);
  return {
    transactions: data.transactions,
    itemsets: tree.size - 1,
    rules: generateRules(data, tree, minConfidence),
  };
}

function mine(baskets: readonly (readonly string[])[], options: MiningOptions) {
  const { minSupport, minConfidence, maxLen = DEFAULT_MAX_LEN } = options;
  if (!(minSupport > 0 && minSupport <= 1)) {
    throw new RangeError(`minSupport must be a number in (0, 1] (got ${minSupport})`);
  }
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new RangeError(`minConfidence must be a number in [0, 1] (got ${minConfidence})`);
  }
  if (!Number.isInteger(maxLen) || maxLen < 1) {
    throw new RangeError(`maxLen must be a whole number ≥ 1 (got ${maxLen})`);
  }
  const minCount = Math.max(1, minCountFor(minSupport, baskets.length));
  const data = encodeBaskets(baskets, minCount);
  const tree = mineItemsetTree(data, minCount, maxLen);
  return { data, tree, minConfidence };
}

// ---------------------------------------------------------------------------------------------
// Rules.

interface RuleCandidate {
  count: number;
  antecedentCount: number;
  consequentCount: number;
  /** Name ranks (position in code-unit order), ascending: compared for the final tie-break. */
  antecedent: number[];
  consequent: number;
}

function generateRules(
  data: EncodedBaskets,
  tree: ItemsetTree,
  minConfidence: number,
): AssociationRule[] {
  const n = data.transactions;
  const byName = data.names
    .map((_, id) => id)
    .sort((a, b) => compareNames(data.names[a]!, data.names[b]!));
  const rankOf = new Int32Array(byName.length);
  byName.forEach((id, rank) => (rankOf[id] = rank));
  const countOfItem = (id: number) => tree.count[childOf(tree, 0, id)]!;

  const candidates: RuleCandidate[] = [];
  const path: number[] = [];
  for (let node = 1; node < tree.size; node++) {
    if (tree.parent[node] === 0) continue; // single items: no rule with a non-empty antecedent
    pathOf(tree, node, path);
    const count = tree.count[node]!;
    const k = path.length;
    for (let r = 0; r < k; r++) {
      // Antecedent = the itemset without path[r]; its node exists (subsets of frequent sets are).
      let antecedentNode = 0;
      if (r === k - 1) antecedentNode = tree.parent[node]!;
      else
        for (let q = 0; q < k; q++)
          if (q !== r) antecedentNode = childOf(tree, antecedentNode, path[q]!);
      const antecedentCount = tree.count[antecedentNode]!;
      if (count < minCountFor(minConfidence, antecedentCount)) continue;
      const antecedent: number[] = [];
      for (let q = 0; q < k; q++) if (q !== r) antecedent.push(rankOf[path[q]!]!);
      antecedent.sort((a, b) => a - b);
      candidates.push({
        count,
        antecedentCount,
        consequentCount: countOfItem(path[r]!),
        antecedent,
        consequent: rankOf[path[r]!]!,
      });
    }
  }
  candidates.sort(compareCandidates);
  return candidates.map((c) => {
    const confidence = c.count / c.antecedentCount;
    return {
      antecedent: c.antecedent.map((rank) => data.names[byName[rank]!]!),
      consequent: [data.names[byName[c.consequent]!]!],
      support: c.count / n,
      confidence,
      lift: confidence / (c.consequentCount / n),
      count: c.count,
    };
  });
}

/**
 * Lift, confidence and support descending, compared exactly on the counts (lift ∝
 * count / (count(A) × count(c)), so N cancels), then antecedent names, then consequent name.
 */
function compareCandidates(x: RuleCandidate, y: RuleCandidate): number {
  return (
    compareProducts(
      y.count,
      x.antecedentCount,
      x.consequentCount,
      x.count,
      y.antecedentCount,
      y.consequentCount,
    ) ||
    compareProducts(y.count, x.antecedentCount, 1, x.count, y.antecedentCount, 1) ||
    y.count - x.count ||
    compareRanks(x.antecedent, y.antecedent) ||
    x.consequent - y.consequent
  );
}

/** Sign of a·b·c − d·e·f for positive whole numbers, exact at any size. */
function compareProducts(a: number, b: number, c: number, d: number, e: number, f: number): number {
  const left = a * b * c;
  const right = d * e * f;
  // A product of positive whole numbers that comes out at most 2^53 − 1 was computed exactly.
  if (left <= Number.MAX_SAFE_INTEGER && right <= Number.MAX_SAFE_INTEGER) return left - right;
  const l = BigInt(a) * BigInt(b) * BigInt(c);
  const r = BigInt(d) * BigInt(e) * BigInt(f);
  return l > r ? 1 : l < r ? -1 : 0;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
