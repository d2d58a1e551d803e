import readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { OrderRow } from '../../shared/domain/rfm';
import { parseInstant } from '../../shared/domain/utc-day';

/**
 * Streams an order export in CSV: one header line naming at least customer_id, order_id,
 * ordered_at and amount (any order, any case; other columns ignored, except an optional status
 * column of paid/refunded), then one order row per line. Quoted fields may hold commas and ""
 * for a quote, never a line break. Blank lines are skipped. Each row is handed on as soon as
 * it is read, so memory does not grow with the file.
 */
export const requiredColumns = ['customer_id', 'order_id', 'ordered_at', 'amount'] as const;

/** A problem at a line of the file (1 = the header). */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

export type OrdersCsvRow = OrderRow & { orderedAt: number; status: 'paid' | 'refunded' };

/** The last valid ordered_at text and its instant (null before the first row). */
interface LastDate {
  text: string | null;
  instant: number;
}

const AMOUNT = /^\d+(?:\.\d+)?$/;

/**
 * Calls onRow for every order row with its line number; an error thrown by onRow stops the
 * reading and rejects with it. Resolves with the number of order rows.
 */
export function readOrdersCsv(
  input: Readable,
  onRow: (row: OrdersCsvRow, line: number) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let lineNumber = 0;
    let rows = 0;
    let columns: ReturnType<typeof readHeader> | null = null;
    // The rows of one order usually repeat its timestamp: parse it once.
    const lastDate: LastDate = { text: null, instant: 0 };
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      lines.close();
      input.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    // readline re-emits its input's errors (ENOENT, EISDIR) on itself.
    input.on('error', fail);
    lines.on('error', fail);
    lines.on('line', (line) => {
      if (failed) return;
      lineNumber += 1;
      try {
        if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
        if (columns === null) {
          columns = readHeader(line);
          return;
        }
        if (line.trim() === '') return;
        const fields = splitCsvLine(line, lineNumber);
        if (fields.length !== columns.count) {
          throw new CsvFormatError(
            lineNumber,
            `expected ${columns.count} fields as in the header, found ${fields.length}`,
          );
        }
        rows += 1;
        onRow(toRow(fields, columns, lastDate, lineNumber), lineNumber);
      } catch (error) {
        fail(error);
      }
    });
    lines.on('close', () => {
      if (failed) return;
      if (columns === null) fail(new CsvFormatError(1, `missing header; ${expectedHeader()}`));
      else resolve(rows);
    });
  });
}

function expectedHeader(): string {
  return `expected a header with the columns ${requiredColumns.join(', ')}`;
}

function readHeader(line: string) {
  if (line.trim() === '') throw new CsvFormatError(1, `empty header line; ${expectedHeader()}`);
  const names = splitCsvLine(line, 1).map((name) => name.trim().toLowerCase());
  const indexOf = (name: string) => {
    const first = names.indexOf(name);
    if (first !== -1 && names.indexOf(name, first + 1) !== -1) {
      throw new CsvFormatError(1, `column ${name} appears twice in the header`);
    }
    return first;
  };
  const missing = requiredColumns.filter((name) => indexOf(name) === -1);
  if (missing.length > 0) {
    throw new CsvFormatError(
      1,
      `header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ${expectedHeader()}`,
    );
  }
  return {
    count: names.length,
    customerId: indexOf('customer_id'),
    orderId: indexOf('order_id'),
    orderedAt: indexOf('ordered_at'),
    amount: indexOf('amount'),
    status: indexOf('status'),
  };
}

function toRow(
  fields: string[],
  columns: ReturnType<typeof readHeader>,
  lastDate: LastDate,
  line: number,
): OrdersCsvRow {
  const customerId = fields[columns.customerId]!.trim();
  const orderId = fields[columns.orderId]!.trim();
  const orderedAtText = fields[columns.orderedAt]!.trim();
  const amountText = fields[columns.amount]!.trim();
  if (customerId === '') throw new CsvFormatError(line, 'customer_id is empty');
  if (orderId === '') throw new CsvFormatError(line, 'order_id is empty');
  const orderedAt =
    orderedAtText === lastDate.text ? lastDate.instant : parseInstant(orderedAtText);
  if (orderedAt === null) {
    throw new CsvFormatError(
      line,
      `bad date in ordered_at: ${JSON.stringify(orderedAtText)} (expected YYYY-MM-DD or an ISO 8601 timestamp such as 2025-03-01T10:15:00+08:00)`,
    );
  }
  lastDate.text = orderedAtText;
  lastDate.instant = orderedAt;
  if (!AMOUNT.test(amountText)) {
    throw new CsvFormatError(
      line,
      `bad amount: ${JSON.stringify(amountText)} (expected digits with an optional decimal part, such as 129.90; no sign, currency or thousands separator)`,
    );
  }
  let status: 'paid' | 'refunded' = 'paid';
  if (columns.status !== -1) {
    const text = fields[columns.status]!.trim().toLowerCase();
    if (text === 'refunded') status = 'refunded';
    else if (text !== 'paid' && text !== '') {
      throw new CsvFormatError(
        line,
        `bad status: ${JSON.stringify(text)} (expected paid, refunded or empty)`,
      );
    }
  }
  return { customerId, orderId, orderedAt, amount: Number(amountText), status };
}

/**
 * The fields of one CSV line (RFC 4180 without line breaks in fields; spaces around a quoted
 * field are allowed). Throws CsvFormatError for an unterminated or misplaced quote.
 */
export function splitCsvLine(line: string, lineNumber: number): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let start = i;
    while (line[start] === ' ' || line[start] === '\t') start++;
    if (line[start] === '"') {
      let value = '';
      i = start + 1;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote === -1) {
          throw new CsvFormatError(lineNumber, `unterminated quoted field ${fields.length + 1}`);
        }
        value += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        value += '"';
        i++;
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') {
        throw new CsvFormatError(
          lineNumber,
          `unexpected text after the closing quote of field ${fields.length}`,
        );
      }
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const value = comma === -1 ? line.slice(i) : line.slice(i, comma);
      if (value.includes('"')) {
        throw new CsvFormatError(
          lineNumber,
          `stray quote in unquoted field ${fields.length + 1} (quote the field and double the quote)`,
        );
      }
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
