export type TextPiece = { text: string; matched: boolean };

/** The text cut into plain and matched pieces; overlapping or touching matches merge. */
export function highlightPieces(
  text: string,
  ranges: ReadonlyArray<{ start: number; end: number }>,
): TextPiece[] {
  const sorted = ranges
    .filter((r) => r.start < r.end && r.start >= 0 && r.end <= text.length)
    .toSorted((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const { start, end } of merged) {
    if (start > at) pieces.push({ text: text.slice(at, start), matched: false });
    pieces.push({ text: text.slice(start, end), matched: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), matched: false });
  return pieces;
}
