import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportProblems } from './import-problems';
import { readCsvFile } from './read-csv-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'read-csv-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns = { required: ['id', 'note'], optional: ['extra'] };

async function read(text: string | Buffer) {
  const file = path.join(dir, 'rows.csv');
  writeFileSync(file, text);
  const problems = new ImportProblems();
  const rows: Array<[number, Record<string, string>]> = [];
  const count = await readCsvFile(file, columns, problems, (fields, line) =>
    rows.push([line, fields]),
  );
  return { count, rows, problems: problems.describe() };
}

describe('readCsvFile', () => {
  it('hands on rows by column name with the line each starts on', async () => {
    const text = '\ufeffNote, ID \r\n"a, b",1\r\n\r\n"two\nlines",2\r\n"say ""hi""",3\r\n';
    expect(await read(text)).toEqual({
      count: 3,
      rows: [
        [2, { note: 'a, b', id: '1' }],
        [4, { note: 'two\nlines', id: '2' }],
        [6, { note: 'say "hi"', id: '3' }],
      ],
      problems: [],
    });
  });

  it('reports every row with the wrong number of fields and goes on', async () => {
    const { rows, problems } = await read('id,note\n1\n2,b\n3,c,d\n');
    expect(rows).toEqual([[3, { id: '2', note: 'b' }]]);
    expect(problems).toEqual([
      'rows.csv line 2: expected 2 fields as in the header, found 1.',
      'rows.csv line 4: expected 2 fields as in the header, found 3.',
    ]);
  });

  it('refuses a header with missing, unknown or repeated columns', async () => {
    expect((await read('id,notes,id\n1,2,3\n')).problems).toEqual([
      'rows.csv line 1: the header lacks the column note. Expected: id,note and optionally extra.',
      'rows.csv line 1: the header has the unknown column "notes"; allowed are id, note, extra.',
      'rows.csv line 1: the header names id more than once.',
    ]);
  });

  it('reports where the file stops being CSV, and reads no further', async () => {
    const { rows, problems } = await read('id,note\n1,ok\n2,"bad"quote\n3,never read\n');
    expect(rows).toEqual([[2, { id: '1', note: 'ok' }]]);
    expect(problems).toEqual([
      'rows.csv line 3: a quoted field is followed by more text; quote the whole field and double any " inside it. The rest of the file was not checked.',
    ]);
  });

  it('reports an empty file and one that cannot be read', async () => {
    expect((await read('')).problems).toEqual([
      'rows.csv line 1: the file is empty; it needs a header row naming the columns id, note.',
    ]);
    const problems = new ImportProblems();
    await readCsvFile(path.join(dir, 'nowhere.csv'), columns, problems, () => undefined);
    expect(problems.describe()).toEqual([
      `nowhere.csv: cannot read ${path.join(dir, 'nowhere.csv')}: there is no such file.`,
    ]);
  });

  it('reports a folder given as a file', async () => {
    const problems = new ImportProblems();
    await readCsvFile(dir, columns, problems, () => undefined);
    expect(problems.describe()).toEqual([`${path.basename(dir)}: ${dir} is not a file.`]);
  });
});

describe('ImportProblems', () => {
  it('keeps the first problems to show, sorted, and counts the rest', () => {
    const problems = new ImportProblems(2);
    problems.add('b.csv', 3, 'x.');
    problems.add('a.csv', 9, 'y.');
    problems.add('a.csv', 2, 'z.');
    expect(problems.count).toBe(3);
    expect(problems.describe()).toEqual([
      'a.csv line 9: y.',
      'b.csv line 3: x.',
      '… and 1 more problems not listed.',
    ]);
  });
});
