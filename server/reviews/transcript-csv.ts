import type { TranscriptLine } from '../../shared/schemas/review';

/** Excel reads a UTF-8 file as UTF-8 (Chinese included) only with this mark first. */
export const UTF8_BOM = '\uFEFF';
export const TRANSCRIPT_CSV_HEADER = ['conversationId', 'seq', 'author', 'time', 'text'];

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ (a
 * formula to a spreadsheet) is defused with an apostrophe, since chat text is the shopper's.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows of the export: one per message, transcripts in the order given, lines by seq. */
export function transcriptCsv(
  transcripts: ReadonlyArray<{ conversationId: string; lines: readonly TranscriptLine[] }>,
): string {
  const rows = [TRANSCRIPT_CSV_HEADER.join(',')];
  for (const { conversationId, lines } of transcripts) {
    for (const line of lines) {
      rows.push(
        [conversationId, line.seq, line.author.kind, line.createdAt, line.text]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${UTF8_BOM}${rows.join('\r\n')}\r\n`;
}
