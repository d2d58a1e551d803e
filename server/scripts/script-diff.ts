import type { Script } from '../../shared/schemas/script';
import type { DiffLine, FieldChange } from '../../shared/schemas/script-api';

export type { DiffLine, FieldChange };

/*
 * What changed between two versions of a script, for the editor's diff view: one entry per
 * changed field, and for texts a line diff (longest common subsequence; texts are at most
 * 1000 characters, so the quadratic table stays tiny).
 */

/** Line diff of two texts: every line of both, in order, marked same, removed or added. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ op: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      lines.push({ op: 'removed', text: a[i]! });
      i += 1;
    } else {
      lines.push({ op: 'added', text: b[j]! });
      j += 1;
    }
  }
  while (i < a.length) lines.push({ op: 'removed', text: a[i++]! });
  while (j < b.length) lines.push({ op: 'added', text: b[j++]! });
  return lines;
}

const plainFields = [
  'scenario',
  'stage',
  'objection',
  'technique',
  'personalities',
  'title',
  'tags',
] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The changes from `before` to `after`, in the editor's field order; empty when equal. */
export function diffScripts(before: Script, after: Script): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of plainFields) {
    if (!same(before[field], after[field])) {
      changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
    }
  }
  if (before.text !== after.text) {
    changes.push({
      field: 'text',
      before: before.text,
      after: after.text,
      lines: diffLines(before.text, after.text),
    });
  }
  const ids = [...new Set([...before.variants, ...after.variants].map((v) => v.id))];
  for (const id of ids) {
    const was = before.variants.find((v) => v.id === id);
    const now = after.variants.find((v) => v.id === id);
    if (!was || !now) {
      changes.push({
        field: `variants.${id}`,
        before: was ?? null,
        after: now ?? null,
        lines: diffLines(was?.text ?? '', now?.text ?? ''),
      });
      continue;
    }
    if (was.weight !== now.weight) {
      changes.push({ field: `variants.${id}.weight`, before: was.weight, after: now.weight });
    }
    if (was.text !== now.text) {
      changes.push({
        field: `variants.${id}.text`,
        before: was.text,
        after: now.text,
        lines: diffLines(was.text, now.text),
      });
    }
  }
  return changes;
}
