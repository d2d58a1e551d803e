import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, readOrdersCsv, splitCsvLine, type OrdersCsvRow } from './orders-csv';

async function read(text: string) {
  const rows: Array<[number, OrdersCsvRow]> = [];
  // Small chunks, so that lines are split across reads as in a large file.
  const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
  const count = await readOrdersCsv(Readable.from(chunks), (row, line) => rows.push([line, row]));
  return { count, rows };
}

async function problem(text: string): Promise<CsvFormatError> {
  const error = await read(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvFormatError);
  return error as CsvFormatError;
}

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    [',,', ['', '', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['x,"",y', ['x', '', 'y']],
    ['x, "quoted" ,y', ['x', 'quoted', 'y']],
    ['"a",', ['a', '']],
    ['""""', ['"']],
  ])('splits %j', (line, fields) => {
    expect(splitCsvLine(line, 7)).toEqual(fields);
  });

  it.each([
    ['"abc,d', 'line 7: unterminated quoted field 1'],
    ['a,"b""', 'line 7: unterminated quoted field 2'],
    ['a"b,c', 'line 7: stray quote in unquoted field 1'],
    ['"a"b,c', 'line 7: unexpected text after the closing quote of field 1'],
  ])('refuses %j', (line, message) => {
    expect(() => splitCsvLine(line, 7)).toThrow(message);
  });
});

describe('readOrdersCsv', () => {
  it('finds the columns by name in any order and case, ignoring the others', async () => {
    const { count, rows } = await read(
      '\uFEFFNote,Amount,ordered_at,ORDER_ID,customer_id\r\n' +
        '"gift, wrapped",129.90,2025-03-01T10:15:00+08:00,O1, C1 \r\n' +
        '\r\n' +
        ',5,2025-03-02,O2,C2\r\n',
    );
    expect(count).toBe(2);
    expect(rows).toEqual([
      [
        2,
        {
          customerId: 'C1',
          orderId: 'O1',
          orderedAt: Date.UTC(2025, 2, 1, 2, 15),
          amount: 129.9,
          status: 'paid',
        },
      ],
      [
        4,
        {
          customerId: 'C2',
          orderId: 'O2',
          orderedAt: Date.UTC(2025, 2, 2),
          amount: 5,
          status: 'paid',
        },
      ],
    ]);
  });

  it('reads an optional status column', async () => {
    const { rows } = await read(
      'customer_id,order_id,ordered_at,amount,status\n' +
        'C1,O1,2025-03-01,1,Refunded\nC1,O2,2025-03-01,1,\nC1,O3,2025-03-01,1,paid\n',
    );
    expect(rows.map(([, row]) => row.status)).toEqual(['refunded', 'paid', 'paid']);
  });

  it('reads a header without rows as no orders', async () => {
    expect(await read('customer_id,order_id,ordered_at,amount\n')).toEqual({ count: 0, rows: [] });
  });

  it.each([
    ['', 'line 1: missing header; expected a header with the columns'],
    ['\n', 'line 1: empty header line'],
    ['customer_id,order_id,amount\n', 'line 1: header lacks the column ordered_at;'],
    [
      'customer,order,ordered_at,amount\n',
      'line 1: header lacks the columns customer_id, order_id;',
    ],
    ['customer_id,order_id,ordered_at,amount,Amount\n', 'line 1: column amount appears twice'],
  ])('refuses the header of %j', async (text, message) => {
    expect((await problem(text)).message).toContain(message);
  });

  const header = 'customer_id,order_id,ordered_at,amount,status\n';
  it.each([
    ['C1,O1,2025-03-01,1\n', 2, 'expected 5 fields as in the header, found 4'],
    ['C1,O1,2025-03-01,1,paid\nC1,O2,2025-03-01,1,paid,x\n', 3, 'found 6'],
    ['C1,O1,2025-02-30,1,paid\n', 2, 'bad date in ordered_at: "2025-02-30"'],
    ['C1,O1,01/03/2025,1,paid\n', 2, 'bad date in ordered_at: "01/03/2025"'],
    ['C1,O1,,1,paid\n', 2, 'bad date in ordered_at: ""'],
    ['C1,O1,2025-03-01,"12,5",paid\n', 2, 'bad amount: "12,5"'],
    ['C1,O1,2025-03-01,-3,paid\n', 2, 'bad amount: "-3"'],
    ['C1,O1,2025-03-01,1e3,paid\n', 2, 'bad amount: "1e3"'],
    ['C1,O1,2025-03-01,¥12,paid\n', 2, 'bad amount: "¥12"'],
    ['C1,O1,2025-03-01,,paid\n', 2, 'bad amount: ""'],
    ['C1,O1,2025-03-01,1,cancelled\n', 2, 'bad status: "cancelled"'],
    [' ,O1,2025-03-01,1,paid\n', 2, 'customer_id is empty'],
    ['C1,"",2025-03-01,1,paid\n', 2, 'order_id is empty'],
    ['C1,O1,2025-03-01,1,paid\n\nC1,"O2,2025-03-01,1,paid\n', 4, 'unterminated quoted field 2'],
  ])('refuses %j at its line', async (rows, line, message) => {
    const error = await problem(header + rows);
    expect(error.line).toBe(line);
    expect(error.problem).toContain(message);
  });

  it('does not mistake an empty date for the one before it', async () => {
    const error = await problem(`${header}C1,O1,2025-03-01,1,paid\nC1,O2,,1,paid\n`);
    expect(error.line).toBe(3);
  });

  it('stops at the first error that onRow throws', async () => {
    const seen: number[] = [];
    const result = readOrdersCsv(
      Readable.from([`${header}C1,O1,2025-03-01,1,paid\nC1,O2,2025-03-01,1,paid\n`]),
      (_, line) => {
        seen.push(line);
        throw new Error('no more');
      },
    );
    await expect(result).rejects.toThrow('no more');
    expect(seen).toEqual([2]);
  });

  it('passes on errors of the stream', async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('disk gone'), { code: 'EIO' }));
      },
    });
    await expect(readOrdersCsv(failing, () => undefined)).rejects.toThrow('disk gone');
  });
});
