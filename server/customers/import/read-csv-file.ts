import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse';
import type { ImportProblems } from './import-problems';

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

export interface CsvFileProgress {
  file: string;
  bytes: number;
  totalBytes: number;
}

/**
 * Reads a CSV file with a header row, handing on each data row as `{ column: text }` with its
 * line number (where the row starts: a quoted field may span lines). Header and shape problems
 * go to `problems`; a file that is not valid CSV is read up to the fault and no further.
 * Returns the number of data rows read.
 */
export async function readCsvFile(
  file: string,
  columns: CsvColumns,
  problems: ImportProblems,
  onRow: (fields: Record<string, string>, line: number) => void,
  onProgress?: (p: CsvFileProgress) => void,
): Promise<number> {
  const name = path.basename(file);
  let totalBytes: number;
  try {
    const stats = await stat(file);
    if (!stats.isFile()) {
      problems.add(name, null, `${file} is not a file.`);
      return 0;
    }
    totalBytes = stats.size;
  } catch (error) {
    problems.add(name, null, `cannot read ${file}: ${describeFileError(error)}.`);
    return 0;
  }

  let header: string[] | null = null;
  let rows = 0;
  let lastReport = 0;
  // Rows are handled as the parser meets them (on_record), so the rows before a CSV syntax
  // error are all checked even when they arrived in the same chunk as the error.
  const handle = (record: string[], info: { lines: number; bytes: number }) => {
    // info.lines is where the record ends; line breaks inside quoted fields move its start.
    const line = info.lines - record.reduce((n, field) => n + countLineBreaks(field), 0);
    if (header === null) {
      header = readHeader(record, columns, (message) => problems.add(name, line, message));
      if (header === null) throw new UnusableHeader();
      return;
    }
    rows += 1;
    if (record.length !== header.length) {
      problems.add(
        name,
        line,
        `expected ${header.length} fields as in the header, found ${record.length}.`,
      );
      return;
    }
    const fields: Record<string, string> = {};
    header.forEach((column, i) => (fields[column] = record[i]!));
    onRow(fields, line);
    if (onProgress && info.bytes - lastReport >= 1_000_000) {
      lastReport = info.bytes;
      onProgress({ file: name, bytes: info.bytes, totalBytes });
    }
  };
  const source = createReadStream(file);
  const parser = source.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], info) => {
        handle(record, info);
        return null;
      },
    }),
  );
  // pipe() does not pass a read error on; without this the loop below would wait forever.
  source.on('error', (error) => parser.destroy(error));
  try {
    // Drains the parser; every row was handled above.
    for await (const _ of parser) void _;
  } catch (error) {
    if (error instanceof UnusableHeader) return 0;
    if ((error as NodeJS.ErrnoException).syscall) {
      problems.add(name, null, `cannot read ${file}: ${describeFileError(error)}.`);
      return rows;
    }
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? null;
    problems.add(name, line, `${csvSyntaxProblem(error)} The rest of the file was not checked.`);
    return rows;
  }
  if (header === null) {
    problems.add(
      name,
      1,
      `the file is empty; it needs a header row naming the columns ${columns.required.join(', ')}.`,
    );
  }
  onProgress?.({ file: name, bytes: totalBytes, totalBytes });
  return rows;
}

/** Thrown to stop reading: the header's problems are reported, the rows cannot be read. */
class UnusableHeader extends Error {}

function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The normalised column names, or null (with problems reported) when the header is unusable. */
function readHeader(
  record: string[],
  columns: CsvColumns,
  report: (message: string) => void,
): string[] | null {
  const names = record.map((name) => name.trim().toLowerCase());
  const known = new Set([...columns.required, ...columns.optional]);
  let usable = true;
  const missing = columns.required.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    report(
      `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Expected: ${columns.required.join(',')}${columns.optional.length ? ` and optionally ${columns.optional.join(', ')}` : ''}.`,
    );
    usable = false;
  }
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    report(
      `the header has the unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}; allowed are ${[...known].join(', ')}.`,
    );
    usable = false;
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    report(`the header names ${[...new Set(repeated)].join(', ')} more than once.`);
    usable = false;
  }
  return usable ? names : null;
}

function csvSyntaxProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a " is missing).';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field is followed by more text; quote the whole field and double any " inside it.';
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside an unquoted field; quote the whole field and double the ".';
    default:
      return `the file is not valid CSV here (${error.message}).`;
  }
}

function describeFileError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return message;
}
