import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatOf, headerKey, readTable, readTableFile } from '../runners/read-table.js';
import { randInt, rng } from './helpers/rng.js';

const FILES = join(import.meta.dirname, 'files');
const file = (name: string): string => join(FILES, name);

/** Problems reduced to what tests assert: code, row, column. */
const where = (problems: readonly { code: string; row?: number; column?: string }[]) =>
  problems.map((p) => ({ code: p.code, row: p.row, column: p.column }));

describe('readTableFile: the same cohort as Excel and form tools write it', () => {
  it.each([
    ['cohort-excel.csv', [2, 3, 5, 6]],
    ['cohort-semicolon.csv', [2, 3, 4, 5]],
    ['cohort-utf16le.txt', [2, 3, 4, 5]],
    ['cohort-utf16be.csv', [2, 3, 4, 5]],
    ['cohort-windows-1252.csv', [2, 3, 4, 5]],
    ['cohort.json', [1, 2, 3, 4]],
    ['cohort.yaml', [1, 2, 3, 4]],
  ])('%s: headers, row numbers and tricky cells', (name, rows) => {
    const t = readTableFile(file(name));
    expect(t.problems).toEqual([]);
    expect(t.headers[0]).toBe('id'); // no BOM left on the first header
    expect(t.headers).toContain('bio');
    expect(t.rows.map((r) => r.row)).toEqual(rows);
    const [m1, m2, e1, e2] = t.rows.map((r) => r.cells);
    expect(m1?.['name']).toBe('Zoë Gauthier');
    expect(m1?.['bio']).toBe('Twenty years in "public works", finance and planning.\nHappy to help.');
    expect(m2?.['name']).toBe('Luc Ménard');
    expect(m2?.['bio']).toBe('I’m a clerk, mostly.');
    expect(e1?.['name']).toBe('Ana O’Neil');
    expect(e2?.['name']).toBe('Harper "Harp" Martínez');
    expect(e2?.['supervisor_id']).toBe('Jordan Pike, Manager');
    expect(e2?.['bio']).toBe('Café owner; new to local government.');
  });

  it('warns, naming the file, when bytes are not UTF-8 and reads them as Windows-1252', () => {
    const t = readTableFile(file('cohort-windows-1252.csv'));
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toContain('cohort-windows-1252.csv');
    expect(t.warnings[0]).toMatch(/Windows-1252/);
  });

  it.each(['cohort-excel.csv', 'cohort-semicolon.csv', 'cohort-utf16le.txt', 'cohort-utf16be.csv', 'cohort.json', 'cohort.yaml'])(
    '%s: no warnings',
    (name) => {
      expect(readTableFile(file(name)).warnings).toEqual([]);
    },
  );

  it('reads a Google Forms download: question headers, multi-line answers, commas inside quotes', () => {
    const t = readTableFile(file('google-forms.csv'));
    expect(t.problems).toEqual([]);
    expect(t.headers).toHaveLength(13);
    expect(t.headers[0]).toBe('Timestamp');
    expect(t.rows.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(t.rows[0]?.cells['What are your areas of interest?']).toBe('budgeting, asset management');
    expect(t.rows[0]?.cells['Tell us about your background']).toContain('\nHappy to help.');
  });

  it('JSON and YAML turn numbers, booleans, lists and nulls into text', () => {
    const json = readTableFile(file('cohort.json')).rows.map((r) => r.cells);
    expect(json[0]?.['years_experience']).toBe('12');
    expect(json[0]?.['agreement_signed']).toBe('true');
    expect(json[0]?.['interests']).toBe('budgeting;asset management');
    expect(json[3]?.['capacity']).toBe('');
    const yaml = readTableFile(file('cohort.yaml')).rows.map((r) => r.cells);
    expect(yaml[0]?.['interests']).toBe('budgeting;asset management');
    expect(yaml[0]?.['agreement_signed']).toBe('yes');
    expect(yaml[1]?.['capacity']).toBe('');
    expect(yaml[2]?.['choices']).toBe('M2;ZOE.GAUTHIER@pike.example');
  });

  it('a broken quote is a csv_malformed problem at the row where it opened, not an exception', () => {
    const t = readTableFile(file('broken-quote.csv'));
    expect(where(t.problems)).toEqual([{ code: 'csv_malformed', row: 4, column: 'bio' }]);
    // The rows before it are still read; the problem belongs to no row (the file is unusable).
    expect(t.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(t.rows.every((r) => r.problems.length === 0)).toBe(true);
  });
});

describe('readTable: row numbers are spreadsheet rows', () => {
  it.each([
    ['LF', 'a,b\n1,2\n3,4\n', [2, 3]],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n', [2, 3]],
    ['no final newline', 'a,b\n1,2\n3,4', [2, 3]],
    ['a quoted answer over three lines is one row', 'a,b\n"x\ny\nz",2\n3,4\n', [2, 3]],
    ['a blank line is a skipped row', 'a,b\n1,2\n\n3,4\n', [2, 4]],
    ['a row of empty cells is skipped', 'a,b\r\n1,2\r\n,\r\n" ",\r\n3,4\r\n', [2, 5]],
    ['blank lines before the header', '\n\na,b\n1,2\n', [4]],
  ])('%s', (_label, text, rows) => {
    const t = readTable('t.csv', text);
    expect(t.problems).toEqual([]);
    expect(t.rows.map((r) => r.row)).toEqual(rows);
  });

  it('JSON rows are item numbers from 1; blank items are skipped', () => {
    const t = readTable('t.json', JSON.stringify([{ a: 1 }, {}, { a: '' }, { a: 'x' }]));
    expect(t.rows.map((r) => r.row)).toEqual([1, 4]);
    expect(t.headerRow).toBeUndefined();
  });

  it('pads short rows with blank cells', () => {
    const t = readTable('t.csv', 'a,b,c\n1\n');
    expect({ ...t.rows[0]?.cells }).toEqual({ a: '1', b: '', c: '' });
  });
});

describe('readTable: delimiter detection from the header line', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n', ['a', 'b', 'c']],
    ['semicolon', 'a;b;c\n1;2;3\n', ['a', 'b', 'c']],
    ['tab', 'a\tb\tc\n1\t2\t3\n', ['a', 'b', 'c']],
    ['semicolons win over a comma inside quotes', '"x, y";b;c\n1;2;3\n', ['x, y', 'b', 'c']],
    ['commas win over a semicolon inside quotes', '"x; y",b,c\n1,2,3\n', ['x; y', 'b', 'c']],
    ['semicolons in the data do not count', 'a,b\n"1;2;3;4",5\n', ['a', 'b']],
    ['a one-column file', 'email\nx@y.example\n', ['email']],
  ])('%s', (_label, text, headers) => {
    expect(readTable('t.csv', text).headers).toEqual(headers);
  });

  it('keeps quotes, doubled quotes and delimiters inside quoted answers', () => {
    const t = readTable('t.csv', 'a;b\n"say ""hi""; ok";"1,5"\n');
    expect({ ...t.rows[0]?.cells }).toEqual({ a: 'say "hi"; ok', b: '1,5' });
  });
});

describe('readTable: decoding', () => {
  const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
  it.each([
    ['UTF-8 without BOM', utf8('name\nZoë\n')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('name\nZoë\n')])],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\r\nZoë\r\n', 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('name\r\nZoë\r\n', 'utf16le').swap16()])],
    ['Windows-1252', Buffer.from([...Buffer.from('name\n', 'latin1'), 0x5a, 0x6f, 0xeb, 0x0a])],
    ['a string with a BOM', '\ufeffname\nZoë\n'],
  ])('%s', (_label, content) => {
    const t = readTable('t.csv', content);
    expect(t.problems).toEqual([]);
    expect(t.headers).toEqual(['name']);
    expect(t.rows[0]?.cells['name']).toBe('Zoë');
  });

  it.each([
    [0x80, '€'],
    [0x92, '’'],
    [0x93, '“'],
    [0x96, '–'],
    [0x9f, 'Ÿ'],
    [0xe9, 'é'],
  ])('Windows-1252 byte 0x%s reads as %s', (byte, char) => {
    const t = readTable('t.csv', Buffer.from([0x61, 0x0a, byte, 0x0a]));
    expect(t.rows[0]?.cells['a']).toBe(char);
  });

  it('does not change the bytes it is given', () => {
    const bytes = readFileSync(file('cohort-excel.csv'));
    const copy = Buffer.from(bytes);
    readTable('cohort-excel.csv', bytes);
    expect(bytes.equals(copy)).toBe(true);
  });
});

describe('readTable: YAML keeps scalars as written and is safe', () => {
  it('ids with leading zeros and decimals stay as typed', () => {
    const t = readTable('t.yaml', '- id: 007\n  years: 7.50\n  ok: Yes\n  none: ~\n  s: "quoted"\n');
    expect({ ...t.rows[0]?.cells }).toEqual({ id: '007', years: '7.50', ok: 'Yes', none: '', s: 'quoted' });
  });

  it('accepts { applicants: [...] } and custom list keys', () => {
    expect(readTable('t.yaml', 'applicants:\n  - id: A\n').rows).toHaveLength(1);
    expect(readTable('t.yaml', 'pairs:\n  - mentor: A\n', { listKeys: ['pairs'] }).rows).toHaveLength(1);
  });
});

const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'applicants: [*f]',
].join('\n');

describe('readTable: problems, never exceptions', () => {
  it.each([
    ['an empty file', 't.csv', '', [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['whitespace only', 't.csv', ' \r\n\r\n', [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['a BOM only', 't.csv', Buffer.from([0xef, 0xbb, 0xbf]), [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['only delimiters', 't.csv', ',,\r\n,,\r\n', [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['an empty JSON file', 't.json', '', [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['an empty YAML file', 't.yaml', '# nothing\n', [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['JSON null', 't.json', 'null', [{ code: 'file_empty', row: undefined, column: undefined }]],
    ['a spreadsheet', 't.xlsx', 'PK', [{ code: 'unsupported_format', row: undefined, column: undefined }]],
    ['a duplicate header', 't.csv', 'id,email,Email,email\n1,a,b,c\n', [{ code: 'duplicate_column', row: 1, column: 'email' }]],
    [
      'a row with more cells than headers',
      't.csv',
      'a,b\n1,2\n3,4,5\n6,7,,\n',
      [{ code: 'csv_malformed', row: 3, column: undefined }],
    ],
    ['an unclosed quote in the first data row', 't.csv', 'a,b\n1,"2\n3,4\n', [{ code: 'csv_malformed', row: 2, column: 'b' }]],
    ['an unclosed quote in the header', 't.csv', 'a,"b\n1,2\n', [{ code: 'csv_malformed', row: 1, column: undefined }]],
    ['UTF-16 without a BOM', 't.csv', Buffer.from('a,b\n1,2\n', 'utf16le'), [{ code: 'bad_encoding', row: undefined, column: undefined }]],
    ['UTF-16 with a BOM and an odd byte', 't.csv', Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62]), [{ code: 'bad_encoding', row: undefined, column: undefined }]],
    ['broken JSON', 't.json', '[{"a": 1},', [{ code: 'json_malformed', row: undefined, column: undefined }]],
    ['JSON that is not a list', 't.json', '{"a": 1}', [{ code: 'not_a_table', row: undefined, column: undefined }]],
    ['a JSON number', 't.json', '42', [{ code: 'not_a_table', row: undefined, column: undefined }]],
    ['a JSON item that is not an object', 't.json', '[{"a": 1}, "b"]', [{ code: 'not_a_table', row: 2, column: undefined }]],
    ['a nested object in a cell', 't.json', '[{"a": {"b": 1}}]', [{ code: 'not_a_table', row: 1, column: 'a' }]],
    ['a nested list in a cell', 't.json', '[{"a": [[1]]}]', [{ code: 'not_a_table', row: 1, column: 'a' }]],
    ['broken YAML', 't.yaml', '- a: [1, 2\n- b: 3\n', [{ code: 'yaml_malformed', row: undefined, column: undefined }]],
    ['a duplicate YAML key', 't.yaml', '- a: 1\n  a: 2\n', [{ code: 'yaml_malformed', row: undefined, column: undefined }]],
    ['a YAML alias bomb', 't.yaml', ALIAS_BOMB, [{ code: 'yaml_malformed', row: undefined, column: undefined }]],
    ['a YAML scalar', 't.yml', 'hello', [{ code: 'not_a_table', row: undefined, column: undefined }]],
  ])('%s', (_label, name, content, expected) => {
    expect(where(readTable(name, content).problems)).toEqual(expected);
  });

  it('row-level problems are on their row too; file-level ones on no row', () => {
    const t = readTable('t.csv', 'a,a\n1,2,3\n');
    const [dup, extra] = t.problems;
    expect(dup?.code).toBe('duplicate_column');
    expect(extra?.code).toBe('csv_malformed');
    expect(t.rows[0]?.problems).toEqual([extra]);
    expect(t.rows.some((r) => r.problems.includes(dup!))).toBe(false);
  });

  it('names a blank header that holds answers, and drops one that does not', () => {
    const t = readTable('t.csv', 'a,,\n1,x,\n');
    expect(t.headers).toEqual(['a', 'Column B']);
    expect(t.warnings).toHaveLength(1);
  });

  it('a missing file is file_not_found', () => {
    expect(readTableFile(join(FILES, 'no-such-file.csv')).problems.map((p) => p.code)).toEqual(['file_not_found']);
  });

  it('a folder named like a table is file_unreadable', () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'mm-')), 'answers.csv');
    mkdirSync(folder);
    expect(readTableFile(folder).problems.map((p) => p.code)).toEqual(['file_unreadable']);
  });
});

describe('helpers', () => {
  it.each([
    ['a.csv', 'csv'],
    ['A.CSV', 'csv'],
    ['a.tsv', 'csv'],
    ['a.txt', 'csv'],
    ['a.json', 'json'],
    ['a.yaml', 'yaml'],
    ['a.yml', 'yaml'],
    ['a.xlsx', null],
    ['a', null],
  ])('formatOf(%s) = %s', (name, format) => {
    expect(formatOf(name)).toBe(format);
  });

  it.each([
    ['years_experience', 'years experience'],
    ['  Years   Experience ', 'years experience'],
    ['YEARS__EXPERIENCE', 'years experience'],
    ['Email Address', 'email address'],
  ])('headerKey(%j)', (header, key) => {
    expect(headerKey(header)).toBe(key);
  });
});

describe('readTable never throws (seeded random input)', () => {
  // Bytes drawn mostly from the characters that make CSV, JSON and YAML hard.
  const ALPHABET = [...Buffer.from('a1 ,;\t"\'\n\r{}[]:-&*!|>#@\\'), 0x00, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xe9, 0x92, 0xc3];
  it.each(['t.csv', 't.json', 't.yaml'])('%s', (name) => {
    const next = rng(name.length * 7919);
    for (let run = 0; run < 300; run++) {
      const bytes = Buffer.from(Array.from({ length: randInt(next, 0, 120) }, () => ALPHABET[randInt(next, 0, ALPHABET.length - 1)] ?? 0));
      const t = readTable(name, bytes);
      expect(Array.isArray(t.problems)).toBe(true);
      for (const r of t.rows) expect(r.row).toBeGreaterThanOrEqual(1);
    }
  });
});
