/**
 * CSV as Excel reads it (UTF-8 with BOM, CRLF, RFC 4180 quoting), with every
 * text cell neutralised against formula injection: a cell beginning with
 * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so a
 * spreadsheet shows it as text instead of evaluating it (OWASP, "CSV
 * Injection"). Numbers we compute are written as numbers and left alone.
 */
import { stringify } from 'csv-stringify/sync';

/** A cell: text from applicants or config (neutralised), or a number we computed. */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Returns `text` made safe to open in a spreadsheet. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Renders a header and rows as CSV text (BOM first, CRLF line ends). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const safe = rows.map((r) =>
    r.map((cell) => (cell === null ? '' : typeof cell === 'number' ? formatNumber(cell) : neutraliseCell(cell))),
  );
  return stringify([header.map(neutraliseCell), ...safe], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]|^\s|\s$/ });
}

/** `n` rounded to 4 decimals: what run.json and the log record of a score. */
export function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** Numbers with at most 4 decimals and no trailing zeros, so outputs compare byte for byte. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const rounded = round4(n);
  return Object.is(rounded, -0) ? '0' : String(rounded);
}
