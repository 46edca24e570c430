import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatNumber, neutraliseCell, toCsv } from '../runners/write-csv.js';

describe('CSV output', () => {
  it.each([
    ['=HYPERLINK("http://x.example","click")', `'=HYPERLINK("http://x.example","click")`],
    ['+1+1', `'+1+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['Ada Lovelace', 'Ada Lovelace'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it('reads back as the same table: BOM, CRLF, quotes, commas and line breaks survive; formulas stay text', () => {
    const rows = [
      ['Zoë "Z" O\'Neil', 'line one\nline two', '=1+1'],
      ['a, b; c', ' padded ', '-5'],
    ];
    const text = toCsv(['name', 'note', 'formula'], [...rows, [3.14159, null, 42]]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const back = parse(text, { bom: true, relax_quotes: false }) as string[][];
    expect(back[0]).toEqual(['name', 'note', 'formula']);
    expect(back[1]).toEqual(['Zoë "Z" O\'Neil', 'line one\nline two', "'=1+1"]);
    expect(back[2]).toEqual(['a, b; c', ' padded ', "'-5"]);
    expect(back[3]).toEqual(['3.1416', '', '42']);
  });

  it.each([
    [1 / 3, '0.3333'],
    [-0.00001, '0'],
    [100, '100'],
    [NaN, ''],
  ])('formats %d as %j', (n, s) => {
    expect(formatNumber(n)).toBe(s);
  });
});
