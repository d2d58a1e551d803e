/**
 * The frequent-itemset half of the rule miner (rules.ts), written for speed: item names become
 * dense integer ids in ascending order of frequency, baskets become sorted id runs in one
 * Int32Array, and the itemsets are enumerated depth-first as in Eclat, each carrying the list of
 * the transactions that contain it. A node's children and their lists come from one pass over
 * the node's transactions ("occurrence deliver", as in LCM): each transaction is walked from its
 * end down to the node's last item, so only items that can extend the node are touched.
 *
 * Tried and dropped: LCM/FP-growth style projected databases (each child gets a copy of its
 * transactions cut to the items that can still extend it). On Groceries-like baskets (≈ 4 items)
 * the copies cost more than they save: 20–35% more CPU at 10k and 100k baskets, no gain at 1M.
 */

/** Tolerance for the rounding of minSupport × N and minConfidence × count(A). */
const THRESHOLD_EPSILON = 1e-9;

/** The smallest whole count that reaches `fraction` of `total` (see rules.ts on thresholds). */
export function minCountFor(fraction: number, total: number): number {
  return Math.ceil(fraction * total - THRESHOLD_EPSILON);
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface EncodedBaskets {
  transactions: number;
  /** Name of each frequent item by dense id; ids ascend with the item's count. */
  names: string[];
  /** Transaction t holds items[start[t]] … items[start[t + 1] - 1], ascending, frequent only. */
  start: Int32Array;
  items: Int32Array;
}

export function encodeBaskets(
  baskets: readonly (readonly string[])[],
  minCount: number,
): EncodedBaskets {
  const n = baskets.length;
  let listed = 0;
  for (let b = 0; b < n; b++) listed += baskets[b]!.length;
  const rawId = new Map<string, number>();
  const rawNames: string[] = [];
  let rawCount = new Int32Array(256);
  let seenIn = new Int32Array(256); // 1 + the last basket the item was seen in: dedupes a basket
  const flat = new Int32Array(listed);
  const flatStart = new Int32Array(n + 1);
  let flatLength = 0;
  for (let b = 0; b < n; b++) {
    flatStart[b] = flatLength;
    const basket = baskets[b]!;
    for (let i = 0; i < basket.length; i++) {
      const name = basket[i]!;
      let id = rawId.get(name);
      if (id === undefined) {
        id = rawNames.length;
        rawId.set(name, id);
        rawNames.push(name);
        if (id === rawCount.length) {
          rawCount = grow(rawCount, id + 1);
          seenIn = grow(seenIn, id + 1);
        }
      }
      if (seenIn[id] === b + 1) continue;
      seenIn[id] = b + 1;
      rawCount[id]!++;
      flat[flatLength++] = id;
    }
  }
  flatStart[n] = flatLength;

  const frequent: number[] = [];
  for (let id = 0; id < rawNames.length; id++) if (rawCount[id]! >= minCount) frequent.push(id);
  frequent.sort((x, y) => rawCount[x]! - rawCount[y]! || compareNames(rawNames[x]!, rawNames[y]!));
  const dense = new Int32Array(rawNames.length).fill(-1);
  let kept = 0;
  for (let rank = 0; rank < frequent.length; rank++) {
    dense[frequent[rank]!] = rank;
    kept += rawCount[frequent[rank]!]!;
  }

  const start = new Int32Array(n + 1);
  const items = new Int32Array(kept);
  let end = 0;
  for (let b = 0; b < n; b++) {
    start[b] = end;
    const first = end;
    for (let p = flatStart[b]!; p < flatStart[b + 1]!; p++) {
      const id = dense[flat[p]!]!;
      if (id < 0) continue;
      let q = end++; // insertion sort: baskets are short
      while (q > first && items[q - 1]! > id) {
        items[q] = items[q - 1]!;
        q--;
      }
      items[q] = id;
    }
  }
  start[n] = end;
  return { transactions: n, names: frequent.map((id) => rawNames[id]!), start, items };
}

/** A copy of `array` with room for at least `atLeast` values (doubling, so appends stay O(1)). */
function grow(array: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(atLeast, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * The frequent itemsets as a prefix tree: node 0 is the empty set (count N); a node's itemset is
 * its item plus its ancestors' items, ids strictly increasing from the root. Children of a node
 * are contiguous (firstChild … firstChild + childCount - 1) and sorted by item.
 */
export interface ItemsetTree {
  size: number;
  item: Int32Array;
  count: Int32Array;
  parent: Int32Array;
  firstChild: Int32Array;
  childCount: Int32Array;
}

/** Every itemset of 1 to maxLen items contained in at least minCount transactions. */
export function mineItemsetTree(
  data: EncodedBaskets,
  minCount: number,
  maxLen: number,
): ItemsetTree {
  return new ItemsetMiner(data, minCount, maxLen).run();
}

/** Item ids of `node`'s itemset, ascending, into `path`. */
export function pathOf(tree: ItemsetTree, node: number, path: number[]): void {
  path.length = 0;
  for (let v = node; v > 0; v = tree.parent[v]!) path.push(tree.item[v]!);
  path.reverse();
}

/** The node of `parent`'s child with item `item` (binary search), or −1. */
export function childOf(tree: ItemsetTree, parent: number, item: number): number {
  let lo = tree.firstChild[parent]!;
  let hi = lo + tree.childCount[parent]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = tree.item[mid]!;
    if (at === item) return mid;
    if (at < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

class ItemsetMiner {
  private readonly itemCount: number;
  private tree: ItemsetTree;
  /** Transaction-id lists, allocated as a stack: a node's children's lists sit above its own. */
  private pool: Int32Array;
  private top = 0;
  /** Per item: support within the current node's transactions (zero between nodes). */
  private readonly support: Int32Array;
  /** Per item: where the next transaction id goes in its list (−1 when not being delivered). */
  private readonly writeAt: Int32Array;
  /** Scratch per depth: items touched, frequent extensions. */
  private readonly touchedAt: Int32Array[] = [];
  private readonly extensionsAt: Int32Array[] = [];

  constructor(
    private readonly data: EncodedBaskets,
    private readonly minCount: number,
    private readonly maxLen: number,
  ) {
    const f = data.names.length;
    this.itemCount = f;
    const capacity = 1 + f * 4;
    this.tree = {
      size: 1,
      item: new Int32Array(capacity).fill(-1, 0, 1),
      count: new Int32Array(capacity),
      parent: new Int32Array(capacity).fill(-1, 0, 1),
      firstChild: new Int32Array(capacity),
      childCount: new Int32Array(capacity),
    };
    this.tree.count[0] = data.transactions;
    this.support = new Int32Array(f);
    this.writeAt = new Int32Array(f).fill(-1);
    this.pool = new Int32Array(data.transactions + data.items.length * 2 + 16);
  }

  run(): ItemsetTree {
    const n = this.data.transactions;
    for (let t = 0; t < n; t++) this.pool[t] = t;
    this.top = n;
    if (this.itemCount > 0) this.expand(0, -1, 0, n, 0);
    return this.tree;
  }

  /**
   * Finds the frequent one-item extensions of `node` (an itemset of `depth` items whose largest
   * id is `last`, contained in the transactions pool[from … to - 1]), adds them as children and
   * recurses into each one that may still grow.
   */
  private expand(node: number, last: number, from: number, to: number, depth: number): void {
    const { start, items } = this.data;
    const support = this.support;
    const touched = (this.touchedAt[depth] ??= new Int32Array(this.itemCount));
    const extensions = (this.extensionsAt[depth] ??= new Int32Array(this.itemCount));
    let pool = this.pool;

    // Count every item above `last` in the node's transactions.
    let touchedLength = 0;
    for (let k = from; k < to; k++) {
      const t = pool[k]!;
      const begin = start[t]!;
      for (let p = start[t + 1]! - 1; p >= begin; p--) {
        const j = items[p]!;
        if (j <= last) break;
        if (support[j]!++ === 0) touched[touchedLength++] = j;
      }
    }

    // Keep the frequent ones, ascending (insertion sort: few of them).
    let m = 0;
    for (let k = 0; k < touchedLength; k++) {
      const j = touched[k]!;
      if (support[j]! < this.minCount) continue;
      let q = m++;
      while (q > 0 && extensions[q - 1]! > j) {
        extensions[q] = extensions[q - 1]!;
        q--;
      }
      extensions[q] = j;
    }

    const first = this.addChildren(node, extensions, m);
    // Only extensions after it can extend a child (its extension must be frequent with this
    // node too), so the last child never grows and needs no transaction list.
    const growing = depth + 1 < this.maxLen ? m - 1 : 0;
    if (growing <= 0) {
      for (let k = 0; k < touchedLength; k++) support[touched[k]!] = 0;
      return;
    }

    // Deliver each transaction to the lists of the growing children it contains.
    const writeAt = this.writeAt;
    const base = this.top;
    let size = 0;
    for (let i = 0; i < growing; i++) size += support[extensions[i]!]!;
    if (base + size > pool.length) {
      const bigger = new Int32Array(Math.max(base + size, pool.length * 2));
      bigger.set(pool.subarray(0, base));
      this.pool = pool = bigger;
    }
    let at = base;
    for (let i = 0; i < growing; i++) {
      const j = extensions[i]!;
      writeAt[j] = at;
      at += support[j]!;
    }
    for (let k = from; k < to; k++) {
      const t = pool[k]!;
      const begin = start[t]!;
      for (let p = start[t + 1]! - 1; p >= begin; p--) {
        const j = items[p]!;
        if (j <= last) break;
        const w = writeAt[j]!;
        if (w >= 0) {
          pool[w] = t;
          writeAt[j] = w + 1;
        }
      }
    }
    for (let k = 0; k < touchedLength; k++) {
      support[touched[k]!] = 0;
      writeAt[touched[k]!] = -1;
    }

    this.top = base + size;
    let listStart = base;
    for (let i = 0; i < growing; i++) {
      const child = first + i;
      const count = this.tree.count[child]!;
      this.expand(child, extensions[i]!, listStart, listStart + count, depth + 1);
      listStart += count;
    }
    this.top = base;
  }

  /** Appends the children (items extensions[0 … m - 1]) of `node`; returns the first's index. */
  private addChildren(node: number, extensions: Int32Array, m: number): number {
    let tree = this.tree;
    const first = tree.size;
    if (first + m > tree.item.length) {
      const capacity = Math.max(first + m, tree.item.length * 2);
      tree = this.tree = {
        size: tree.size,
        item: grow(tree.item, capacity),
        count: grow(tree.count, capacity),
        parent: grow(tree.parent, capacity),
        firstChild: grow(tree.firstChild, capacity),
        childCount: grow(tree.childCount, capacity),
      };
    }
    for (let i = 0; i < m; i++) {
      const j = extensions[i]!;
      tree.item[first + i] = j;
      tree.count[first + i] = this.support[j]!;
      tree.parent[first + i] = node;
    }
    tree.firstChild[node] = first;
    tree.childCount[node] = m;
    tree.size = first + m;
    return first;
  }
}
