/**
 * Finds every occurrence of a fixed set of keys in a text in one left-to-right pass
 * (Aho–Corasick): a trie of the keys over UTF-16 units, failure links to the longest proper
 * suffix that is also a trie path, and per state the keys that end there (its own and those of
 * its failure chain, merged once at build time). Scanning costs O(text + occurrences) whatever
 * the number of keys.
 */
export interface PhraseScanner {
  /**
   * Appends (key index, start, end) to `hits` for every occurrence, ordered by end, and for one
   * end the longer key first. (An array rather than a callback: no closure per message.)
   */
  scan(text: string, hits: number[]): void;
}

export class PhraseAutomaton implements PhraseScanner {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  private readonly output: Array<number[] | undefined> = [undefined];
  private readonly keyLength: number[];

  constructor(keys: readonly string[]) {
    this.keyLength = keys.map((k) => k.length);
    keys.forEach((key, index) => {
      if (key.length === 0) throw new Error('PhraseAutomaton: empty key');
      let state = 0;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        let to = this.next[state]!.get(c);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.output.push(undefined);
          this.next[state]!.set(c, to);
        }
        state = to;
      }
      (this.output[state] ??= []).push(index);
    });
    // Breadth first, so a state's failure target is complete before the state is.
    const queue: number[] = [...this.next[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const inherited = this.output[this.fail[state]!];
      if (inherited) this.output[state] = [...(this.output[state] ?? []), ...inherited];
      for (const [c, to] of this.next[state]!) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        this.fail[to] = this.next[f]!.get(c) ?? 0;
        queue.push(to);
      }
    }
  }

  get states(): number {
    return this.next.length;
  }

  scan(text: string, hits: number[]): void {
    const { next, fail, output, keyLength } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const to = next[state]!.get(c);
        if (to !== undefined) {
          state = to;
          break;
        }
        if (state === 0) break;
        state = fail[state]!;
      }
      const found = output[state];
      if (found !== undefined) {
        for (let k = 0; k < found.length; k++) {
          const key = found[k]!;
          hits.push(key, i + 1 - keyLength[key]!, i + 1);
        }
      }
    }
  }
}
