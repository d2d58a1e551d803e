/** One reason an import cannot go ahead, where it was found. */
export interface ImportProblem {
  file: string;
  /** 1 = the header; null for the file as a whole. */
  line: number | null;
  message: string;
}

/** Collects every problem of a run; keeps the first `limit` to show, counts the rest. */
export class ImportProblems {
  readonly shown: ImportProblem[] = [];
  count = 0;

  constructor(readonly limit = 100) {}

  add(file: string, line: number | null, message: string): void {
    this.count += 1;
    if (this.shown.length < this.limit) this.shown.push({ file, line, message });
  }

  get any(): boolean {
    return this.count > 0;
  }

  /** Sorted by file and line, one sentence each, plus how many were left out. */
  describe(): string[] {
    const lines = [...this.shown]
      .sort((a, b) =>
        a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1,
      )
      .map((p) => `${p.file}${p.line === null ? '' : ` line ${p.line}`}: ${p.message}`);
    const hidden = this.count - this.shown.length;
    if (hidden > 0) lines.push(`… and ${hidden.toLocaleString('en')} more problems not listed.`);
    return lines;
  }
}
