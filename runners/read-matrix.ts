/**
 * Reads a raw score or cost matrix for `mentor-match solve`: a CSV grid of
 * numbers, with optional column labels in the first row and row labels in
 * the first column. A blank cell or `x` marks a pair that may not be made.
 * Every problem of the file is reported together, each with its row and
 * column.
 */
import { readFileSync } from 'node:fs';
import type { Problem } from './problems.js';
import { readCsvRecords } from './read-table.js';

/** A matrix as read: labels, values (row-major) and which pairs are allowed. */
export interface LabelledMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly values: Float64Array;
  /** 1 where a number was given, 0 where the cell was blank or `x`. */
  readonly allowed: Uint8Array;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const isForbidden = (cell: string): boolean => cell.trim() === '' || cell.trim().toLowerCase() === 'x';
const isNumberLike = (cell: string): boolean => NUMBER.test(cell.trim());

/** Reads and checks a matrix file; `matrix` is null when there are problems. */
export function readMatrixFile(file: string): { matrix: LabelledMatrix | null; problems: Problem[] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { matrix: null, problems: [{ code: code === 'ENOENT' ? 'file_not_found' : 'file_unreadable', file, expected: 'a readable CSV file of numbers' }] };
  }
  return readMatrix(file, bytes);
}

/** The pure part of {@link readMatrixFile}. */
export function readMatrix(file: string, content: string | Uint8Array): { matrix: LabelledMatrix | null; problems: Problem[] } {
  const { records, problems: readProblems } = readCsvRecords(file, content);
  const problems: Problem[] = [...readProblems];
  if (records.length === 0) {
    if (problems.length === 0) problems.push({ code: 'file_empty', file, expected: 'a grid of numbers, one row per line' });
    return { matrix: null, problems };
  }
  // Labels are told apart from values by not being numbers (nor blank or x).
  const first = records[0]?.record ?? [];
  const hasHeader = first.slice(1).some((c) => !isForbidden(c) && !isNumberLike(c)) || (first.length === 1 && !isNumberLike(first[0] ?? '') && !isForbidden(first[0] ?? ''));
  const body = hasHeader ? records.slice(1) : records;
  // Row labels only when every row starts with one: a single stray word is a bad value, not a label column.
  const firstCells = body.map((r) => r.record[0] ?? '');
  const hasRowLabels = firstCells.every((c) => !isNumberLike(c)) && firstCells.some((c) => !isForbidden(c));
  const skip = hasRowLabels ? 1 : 0;
  const width = Math.max(0, ...body.map((r) => r.record.length)) - skip;
  const cols = hasHeader ? Math.max(width, first.length - skip) : width;
  const colLabels = Array.from({ length: cols }, (_, j) => (hasHeader ? (first[j + skip] ?? '').trim() || `${j + 1}` : `${j + 1}`));
  const rows = body.length;
  const rowLabels = body.map((r, i) => (hasRowLabels ? (r.record[0] ?? '').trim() || `${i + 1}` : `${i + 1}`));
  const values = new Float64Array(rows * cols);
  const allowed = new Uint8Array(rows * cols);

  body.forEach(({ record, row }, i) => {
    if (record.length - skip !== cols) {
      const n = record.length - skip;
      problems.push({ code: 'csv_malformed', file, row, value: `${n} value${n === 1 ? '' : 's'}`, expected: `${cols} values in every row, as in the widest row (use x for a pair that may not be made)` });
      return;
    }
    for (let j = 0; j < cols; j++) {
      const cell = record[j + skip] ?? '';
      if (isForbidden(cell)) continue;
      const n = Number(cell.trim());
      if (!isNumberLike(cell) || !Number.isFinite(n)) {
        problems.push({ code: 'bad_number', file, row, column: colLabels[j] as string, value: cell, expected: 'a finite number, or blank or x for a pair that may not be made' });
        continue;
      }
      values[i * cols + j] = n;
      allowed[i * cols + j] = 1;
    }
  });
  if (rows === 0 || cols === 0) problems.push({ code: 'file_empty', file, expected: 'at least one row and one column of values' });
  return problems.length > 0 ? { matrix: null, problems } : { matrix: { rows, cols, rowLabels, colLabels, values, allowed }, problems };
}
