/**
 * Reads one input file (CSV, JSON or YAML) into raw rows of text cells, as a
 * spreadsheet would show them. No template knowledge lives here: the loaders
 * (load-applications.ts, load-pairs.ts) map headers onto fields and check
 * values. Nothing here throws on a user's mistake; every problem is returned.
 *
 * Row numbers:
 * - CSV: the spreadsheet row as Excel shows it. The header is row 1, the first
 *   record below it row 2. A record is one row even when a quoted answer spans
 *   several physical lines; a blank line is a (skipped) row, as in Excel.
 * - JSON / YAML: the item number in the list, starting at 1. There is no
 *   header row, so header problems carry no row.
 */
import { count } from '../scoring/words.js';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import type { Problem } from './problems.js';
import { parseJson } from './parse-json.js';
import { parseYamlSafely } from './read-config-yaml.js';

/** The formats we read, chosen by file extension. */
export type TableFormat = 'csv' | 'json' | 'yaml';

/** One data row: its number and its cells keyed by header (every header present; `''` when blank). */
export interface TableRow {
  /** Spreadsheet row (CSV, header is row 1) or item number (JSON/YAML, from 1). */
  readonly row: number;
  /** Cell text as written (not trimmed), keyed by header as written. Null-prototype object. */
  readonly cells: Readonly<Record<string, string>>;
  /**
   * Problems that concern this row only (too many cells, a JSON item that is
   * not an object…). The same objects also appear in {@link Table.problems}.
   */
  readonly problems: readonly Problem[];
}

/** What a file holds, read as a table. */
export interface Table {
  readonly file: string;
  /** `null` when the extension is not one we read. */
  readonly format: TableFormat | null;
  /** Column headers as written, in file order (JSON/YAML: keys in order of first appearance). */
  readonly headers: readonly string[];
  /** Row number of the header (CSV only; 1 unless blank lines precede it). */
  readonly headerRow: number | undefined;
  /** Non-blank data rows, in file order. Fully blank rows are left out silently. */
  readonly rows: readonly TableRow[];
  /**
   * Every problem found, in row order (file-level problems without a row
   * first). A problem that is in no row's `problems` concerns the whole file:
   * the file cannot be used until it is fixed.
   */
  readonly problems: readonly Problem[];
  /** Things the user should know that do not stop a run (e.g. a guessed encoding). Never contain cell values. */
  readonly warnings: readonly string[];
}

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /**
   * Keys under which a JSON/YAML object may hold the list of rows, e.g.
   * `{ applicants: [...] }`. A top-level list is always accepted.
   * @default ['applicants']
   */
  readonly listKeys?: readonly string[];
  /**
   * Told how far reading a CSV has come: records parsed of the lines in
   * the file (an estimate: a quoted answer may span lines), every
   * {@link PROGRESS_EVERY_RECORDS} records. For a progress bar on a large file.
   */
  readonly onProgress?: (recordsDone: number, linesTotal: number) => void;
}

/** How often reading reports progress, in records: often enough for a smooth bar, rarely enough to cost nothing. */
export const PROGRESS_EVERY_RECORDS = 4096;

const DEFAULT_LIST_KEYS: readonly string[] = ['applicants'];

/**
 * Longest CSV record we accept, in bytes of UTF-8 (what csv-parse counts).
 * csv-parse's default (128,000) is hit by an unclosed quote in any file over
 * ~128 kB and then reported as "record too large" instead of "quote not
 * closed". 16 MiB keeps the guard against runaway input while real rows (a
 * few kB) never come near it, and a pasted 10 MB answer still loads.
 */
export const MAX_CSV_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * Most columns a table may have: Excel's own limit (column XFD), so no
 * spreadsheet export has more. Every row holds a cell for every column, so a
 * header of a million commas (or a JSON file whose every item has a new key)
 * would otherwise cost rows × columns, minutes for a 1 MB file.
 */
export const MAX_COLUMNS = 16_384;

/**
 * Most cells a table may hold (rows × columns): every row gets a cell for
 * every column, short rows included, at about 1 µs a cell from reading to
 * applicants. Ten million is 100,000 applicants with 100 columns (the
 * template has 24), loaded in seconds; past it a small hostile file (a
 * 5,000-column header over 4,000 one-letter rows) took 20 s and more.
 */
export const MAX_TABLE_CELLS = 10_000_000;

/** Problems a YAML or JSON syntax error lists before one more line counts the rest. */
const MAX_SYNTAX_PROBLEMS = 100;

/** Bytes sniffed for NUL characters, the mark of UTF-16 without a byte-order mark. */
const NUL_SNIFF_BYTES = 4096;

/** What a cell holding a NUL character (byte 0) is expected to be instead. */
const NO_NUL = 'text without NUL characters (byte 0), which no form tool writes: this part of the file is damaged, or the file is not a text export';

/** YAML aliases expanded before we call a document an alias bomb (yaml's own default, stated here on purpose). */
const YAML_MAX_ALIAS_COUNT = 100;

/** The file formats by extension (lower-cased, with the dot). */
const FORMAT_BY_EXTENSION: Readonly<Record<string, TableFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/** Which format a file name says it is, or `null`. Case-insensitive (`.CSV` is CSV). */
export function formatOf(file: string): TableFormat | null {
  return FORMAT_BY_EXTENSION[extname(file).toLowerCase()] ?? null;
}

/** Header comparison key (see scoring/applicant.ts); re-exported for the loaders. */
export { headerKey } from '../scoring/applicant.js';

/**
 * Reads a file from disk into a {@link Table}. A missing or unreadable file is
 * a problem, not an exception.
 *
 * @example
 * const table = readTableFile('applications.csv');
 * if (table.problems.length === 0) for (const r of table.rows) use(r.row, r.cells['email']);
 */
export function readTableFile(file: string, options: ReadTableOptions = {}): Table {
  if (formatOf(file) === null) return readTable(file, '', options);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem: Problem =
      code === 'ENOENT'
        ? { code: 'file_not_found', file, expected: 'an existing file; check the path and the file name' }
        : { code: 'file_unreadable', file, expected: `a file we can read (${code ?? 'read error'}); check it is a file, not a folder, and its permissions` };
    return emptyTable(file, formatOf(file), [problem], []);
  }
  return readTable(file, bytes, options);
}

/**
 * Reads file content into a {@link Table}, choosing the format by the file's
 * extension: `.csv`/`.tsv`/`.txt` CSV, `.json` JSON, `.yaml`/`.yml` YAML.
 *
 * Bytes are decoded as form tools and Excel write them: UTF-8 with or without
 * BOM, UTF-16 LE/BE with BOM, and — when the bytes are not valid UTF-8 —
 * Windows-1252 (Excel's plain "CSV" on Windows), with a warning. CSV delimiter
 * (`,` `;` or tab) is detected from the header line.
 *
 * JSON/YAML hold a list of objects (or `{ applicants: [...] }`, see
 * {@link ReadTableOptions.listKeys}); numbers and booleans become their text,
 * lists become `;`-joined text, null becomes blank. YAML scalars keep the text
 * as written (`007` stays `007`, `7.50` stays `7.50`).
 *
 * Hostile input stays a problem, in time: YAML is read as safely as a config
 * (nesting, aliases, duplicate keys: read-config-yaml.ts); a table is at most
 * {@link MAX_COLUMNS} columns and {@link MAX_TABLE_CELLS} cells, a CSV row at
 * most {@link MAX_CSV_RECORD_CHARS}; a NUL byte in a cell is `bad_encoding`
 * at its row and column.
 */
export function readTable(file: string, content: string | Uint8Array, options: ReadTableOptions = {}): Table {
  const format = formatOf(file);
  if (format === null) {
    const problem: Problem = {
      code: 'unsupported_format',
      file,
      value: extname(file),
      expected: 'a .csv, .tsv, .txt, .json, .yaml or .yml file',
    };
    return emptyTable(file, null, [problem], []);
  }
  const decoded = typeof content === 'string' ? { text: stripBom(content), warnings: [] } : decodeBytes(file, content);
  if ('problem' in decoded) return emptyTable(file, format, [decoded.problem], []);
  if (decoded.text.trim() === '') {
    return emptyTable(file, format, [{ code: 'file_empty', file, expected: 'a file with a header row and at least one row of answers' }], decoded.warnings);
  }
  switch (format) {
    case 'csv':
      return readCsv(file, decoded.text, decoded.warnings, options.onProgress);
    case 'json':
      return readJson(file, decoded.text, decoded.warnings, options.listKeys ?? DEFAULT_LIST_KEYS);
    case 'yaml':
      return readYaml(file, decoded.text, decoded.warnings, options.listKeys ?? DEFAULT_LIST_KEYS);
  }
}

function emptyTable(file: string, format: TableFormat | null, problems: readonly Problem[], warnings: readonly string[]): Table {
  return { file, format, headers: [], headerRow: undefined, rows: [], problems, warnings };
}

// ---------------------------------------------------------------------------
// Decoding

type Decoded = { readonly text: string; readonly warnings: readonly string[] } | { readonly problem: Problem };

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeBytes(file: string, bytes: Uint8Array): Decoded {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(file, bytes.subarray(2), 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(file, bytes.subarray(2), 'utf-16be');
  const body = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (looksLikeUtf16(body.subarray(0, NUL_SNIFF_BYTES))) {
    return {
      problem: {
        code: 'bad_encoding',
        file,
        expected: 'UTF-8 text (in Excel: Save As "CSV UTF-8"); this file looks like UTF-16 without a byte-order mark',
      },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), warnings: [] };
  } catch {
    return {
      text: decodeWindows1252(body),
      warnings: [
        `${file}: not valid UTF-8, read as Windows-1252 (what Excel's plain "CSV" writes on Windows). ` +
          'Check accented names; save as "CSV UTF-8" to avoid this.',
      ],
    };
  }
}

/**
 * Whether bytes look like UTF-16 text without a byte-order mark: in UTF-16,
 * every Latin letter, digit, comma and line end has a NUL byte beside it, so
 * NULs are a good part of the bytes. A stray NUL or two in UTF-8 text is a
 * damaged file instead, reported where it is (see {@link NO_NUL}).
 */
function looksLikeUtf16(sniff: Uint8Array): boolean {
  let nuls = 0;
  for (const b of sniff) if (b === 0) nuls++;
  return nuls > 0 && nuls * 4 >= sniff.length;
}

function decodeUtf16(file: string, body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(body), warnings: [] };
  } catch {
    return { problem: { code: 'bad_encoding', file, expected: `valid ${encoding.toUpperCase()} text, as its byte-order mark announces` } };
  }
}

/**
 * Windows-1252's bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
 * Node 20's TextDecoder('windows-1252') decodes these as Latin-1 control
 * characters (nodejs/node#56542), so we map them ourselves; a fixed Node
 * already returns the right characters and the map leaves them alone.
 */
const CP1252_HIGH: readonly (number | undefined)[] = [
  0x20ac, undefined, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, undefined, 0x017d, undefined,
  undefined, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, undefined, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => {
    const mapped = CP1252_HIGH[c.charCodeAt(0) - 0x80];
    return mapped === undefined ? c : String.fromCharCode(mapped);
  });
}

// ---------------------------------------------------------------------------
// CSV

type Delimiter = ',' | ';' | '\t';

/**
 * The delimiter the header line uses most, counted outside quotes. Ties go to
 * `,` then `;` then tab; a one-column file is comma-delimited.
 */
function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let sawContent = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (sawContent) break; // blank lines before the header are skipped
      continue;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
    if (ch.trim() !== '') sawContent = true;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** A CSV record and its spreadsheet row. */
export interface CsvRecord {
  readonly record: readonly string[];
  readonly row: number;
}

interface CsvFailure {
  readonly code: string;
  readonly records: number;
  readonly column: number | string | undefined;
}

function isBlank(values: readonly string[]): boolean {
  return values.every((v) => v.trim() === '');
}

/** "A", "B", … "Z", "AA": the column letter Excel shows. */
function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Parses CSV text into records numbered by spreadsheet row (blank lines kept), and the parser's failures. */
function parseRecords(text: string, onProgress?: (done: number, total: number) => void): { records: CsvRecord[]; failures: CsvFailure[]; delimiter: Delimiter } {
  let lines = 1;
  if (onProgress !== undefined) for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  let parsedCount = 0;
  const delimiter = detectDelimiter(text);
  const failures: CsvFailure[] = [];
  let records: CsvRecord[];
  try {
    // Blank lines are kept as records (and skipped below), so a record's
    // index is its spreadsheet row; a parse error ends the records read.
    const parsed = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      max_record_size: MAX_CSV_RECORD_CHARS,
      on_skip: (err) => {
        if (err !== undefined) failures.push({ code: err.code, records: Number(err['records'] ?? 0), column: columnOf(err['column']) });
        return undefined;
      },
      ...(onProgress === undefined
        ? {}
        : {
            on_record: (record: string[]) => {
              if (++parsedCount % PROGRESS_EVERY_RECORDS === 0) onProgress(parsedCount, Math.max(lines, parsedCount));
              return record;
            },
          }),
    });
    records = parsed.map((record, i) => ({ record, row: i + 1 }));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    records = [];
    failures.push({ code: typeof code === 'string' ? code : 'CSV_UNKNOWN', records: 0, column: undefined });
  }
  return { records, failures, delimiter };
}

/**
 * Reads a CSV file as plain records, with no header row: for files that are
 * a grid of values (a raw score matrix) rather than a table of applicants.
 * Same decoding and delimiter detection as {@link readTable}; blank rows are
 * dropped and each record keeps its spreadsheet row.
 */
export function readCsvRecords(
  file: string,
  content: string | Uint8Array,
): { readonly records: readonly CsvRecord[]; readonly problems: readonly Problem[]; readonly warnings: readonly string[] } {
  const decoded = typeof content === 'string' ? { text: stripBom(content), warnings: [] } : decodeBytes(file, content);
  if ('problem' in decoded) return { records: [], problems: [decoded.problem], warnings: [] };
  const { records, failures } = parseRecords(decoded.text);
  return {
    records: records.filter((r) => !isBlank(r.record)),
    problems: failures.map((f) => csvFailureProblem(file, f, [])),
    warnings: decoded.warnings,
  };
}

function readCsv(file: string, text: string, decodeWarnings: readonly string[], onProgress?: (done: number, total: number) => void): Table {
  const { records, failures, delimiter } = parseRecords(text, onProgress);

  const warnings = [...decodeWarnings];
  const problems: Problem[] = [];
  const headerIndex = records.findIndex((r) => !isBlank(r.record));
  const headerRecord = records[headerIndex];
  if (headerRecord === undefined) {
    problems.push(...failures.map((f) => csvFailureProblem(file, f, [])));
    if (failures.length === 0) problems.push({ code: 'file_empty', file, expected: 'a file with a header row and at least one row of answers' });
    return emptyTable(file, 'csv', problems, warnings);
  }
  const headerRow = headerRecord.row;
  const dataRecords = records.slice(headerIndex + 1);
  if (headerRecord.record.length > MAX_COLUMNS) {
    const expected = `at most ${MAX_COLUMNS} columns, as in any spreadsheet; this header row has ${headerRecord.record.length}`;
    return emptyTable(file, 'csv', [{ code: 'csv_malformed', file, row: headerRow, expected }], warnings);
  }

  // Excel leaves trailing columns with a blank header when a sheet once had
  // data there; a blank header over real answers gets a name instead. Which
  // blank columns hold answers is found in one pass over the cells (asking
  // each blank column of every row cost rows × columns).
  const blankColumns = headerRecord.record.flatMap((h, i) => (h.trim() === '' ? [i] : []));
  const answered = new Set<number>();
  if (blankColumns.length > 0) {
    for (const { record } of dataRecords) {
      for (const i of blankColumns) {
        if (i >= record.length) break;
        if ((record[i] as string).trim() !== '') answered.add(i);
      }
    }
  }
  const headers: (string | null)[] = headerRecord.record.map((h, i) => {
    if (h.trim() !== '') return h;
    if (!answered.has(i)) return null;
    const name = `Column ${columnLetter(i)}`;
    warnings.push(`${file}: column ${columnLetter(i)} has no header but holds answers; it is kept as "${name}".`);
    return name;
  });
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    if (h === null) return;
    if (seen.has(h)) problems.push({ code: 'duplicate_column', file, row: headerRow, column: h, value: h, expected: 'each column header only once' });
    if (h.includes('\0')) problems.push({ code: 'bad_encoding', file, row: headerRow, column: columnLetter(i), value: h, expected: NO_NUL });
    seen.add(h);
  });
  const named = namedColumns(headers);
  const tooLarge = tooManyCells(file, dataRecords.reduce((n, r) => n + (isBlank(r.record) ? 0 : 1), 0), named.length);
  if (tooLarge !== undefined) return emptyTable(file, 'csv', [tooLarge], warnings);

  const rows: TableRow[] = [];
  const mayHoldNul = text.includes('\0');
  for (const { record, row } of dataRecords) {
    if (isBlank(record)) continue;
    const rowProblems: Problem[] = [];
    if (mayHoldNul) {
      for (const { header, index } of named) {
        const cell = record[index] ?? '';
        if (cell.includes('\0')) rowProblems.push({ code: 'bad_encoding', file, row, column: header, value: cell, expected: NO_NUL });
      }
    }
    const overflow = record.slice(headers.length);
    if (!isBlank(overflow)) {
      rowProblems.push({
        code: 'csv_malformed',
        file,
        row,
        value: overflow.join(delimiter),
        expected: `at most ${headers.length} cells, as in the header row; an answer containing "${delimiter === '\t' ? 'tab' : delimiter}" must be in double quotes`,
      });
    }
    rows.push({ row, cells: cellsOf(named, record), problems: rowProblems });
    problems.push(...rowProblems);
  }
  const columnNames = headerRecord.record;
  problems.push(...failures.map((f) => csvFailureProblem(file, f, columnNames)));
  return { file, format: 'csv', headers: headers.filter((h): h is string => h !== null), headerRow, rows, problems, warnings };
}

function columnOf(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

/** A parser failure, placed at the record where it started: everything from there on cannot be trusted. */
function csvFailureProblem(file: string, failure: CsvFailure, headers: readonly string[]): Problem {
  const row = failure.records + 1;
  const column = typeof failure.column === 'number' ? headers[failure.column] : undefined;
  // A record over the limit is either a huge answer or a quote that is never
  // closed (everything after it reads as one answer): say both, never just one.
  const expected =
    failure.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a closing double quote: an answer opened with " in this row is never closed, so the rest of the file cannot be read'
      : failure.code === 'CSV_MAX_RECORD_SIZE'
        ? `a row under ${MAX_CSV_RECORD_CHARS / (1024 * 1024)} MB: from here on the file reads as one row too large for any form answer, ` +
          'either an answer opened with " and never closed, or an answer far too long; the rest of the file cannot be read'
        : `well-formed CSV (${failure.code})`;
  return column === undefined || column.trim() === '' ? { code: 'csv_malformed', file, row, expected } : { code: 'csv_malformed', file, row, column, expected };
}

/** A file-level problem when `rows` × `columns` is over {@link MAX_TABLE_CELLS}. */
function tooManyCells(file: string, rows: number, columns: number): Problem | undefined {
  if (rows * columns <= MAX_TABLE_CELLS) return undefined;
  const expected = `at most ${count(MAX_TABLE_CELLS)} answers in all (rows × columns); this file has ${count(rows)} rows × ${count(columns)} columns: is it the right file?`;
  return { code: 'file_unreadable', file, expected };
}

/** The columns that have a header (dropped blank ones left out), each by its position in the record. */
function namedColumns(headers: readonly (string | null)[]): { readonly header: string; readonly index: number }[] {
  return headers.flatMap((header, index) => (header === null ? [] : [{ header, index }]));
}

function cellsOf(named: readonly { readonly header: string; readonly index: number }[], record: readonly string[]): Record<string, string> {
  const cells = Object.create(null) as Record<string, string>;
  for (const { header, index } of named) {
    // The first of duplicate headers wins; the duplicate is already a problem.
    if (!(header in cells)) cells[header] = record[index] ?? '';
  }
  return cells;
}

// ---------------------------------------------------------------------------
// JSON and YAML

function readJson(file: string, text: string, warnings: readonly string[], listKeys: readonly string[]): Table {
  const parsed = parseJson(text);
  if (parsed.status === 'malformed') {
    return emptyTable(file, 'json', [{ code: 'json_malformed', file, expected: `valid JSON${parsed.where}: ${parsed.message}` }], warnings);
  }
  const data = parsed.data;
  return tableFromItems(file, 'json', data, warnings, listKeys);
}

function readYaml(file: string, text: string, warnings: readonly string[], listKeys: readonly string[]): Table {
  // The config's safe reader (read-config-yaml.ts), not YAML.parseDocument:
  // a few thousand `[` overflowed yaml's composer here, listed the same error
  // hundreds of times, and a second such file in one process killed Node.
  // The line goes in the text: a row of a YAML table is an item number.
  const parsed = parseYamlSafely(text);
  if (parsed.status === 'malformed') {
    const problems: Problem[] = parsed.faults.slice(0, MAX_SYNTAX_PROBLEMS).map((f) => ({
      code: 'yaml_malformed',
      file,
      ...(f.snippet === undefined ? {} : { value: f.snippet }),
      expected: f.line === undefined ? f.expected : `${f.expected} (line ${f.line})`,
    }));
    const more = parsed.faults.length - problems.length;
    if (more > 0) problems.push({ code: 'yaml_malformed', file, expected: `${more} more YAML errors not listed: only the first ${MAX_SYNTAX_PROBLEMS} are shown` });
    return emptyTable(file, 'yaml', problems, warnings);
  }
  const { doc } = parsed;
  // Keep plain scalars as written: `007` must not become 7, nor `7.50` 7.5.
  // The document is our own parse result, so changing it mutates no input.
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (node.value !== null && typeof node.value !== 'string' && typeof node.source === 'string') node.value = node.source;
    },
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return emptyTable(file, 'yaml', [{ code: 'yaml_malformed', file, expected: `YAML without excessive aliases (${message})` }], warnings);
  }
  return tableFromItems(file, 'yaml', data, [...warnings, ...doc.warnings.map((w) => `${file}: ${firstLine(w.message)}`)], listKeys);
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemsOf(data: unknown, listKeys: readonly string[]): readonly unknown[] | null {
  if (Array.isArray(data)) return data;
  if (!isPlainObject(data)) return null;
  for (const key of listKeys) {
    const list = data[key];
    if (Array.isArray(list)) return list;
  }
  return null;
}

/** A scalar's text, or `null` for values that are not a cell (objects, nested lists). */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((v) => (Array.isArray(v) ? null : cellText(v)));
    return parts.every((p): p is string => p !== null) ? parts.join(';') : null;
  }
  return null;
}

function tableFromItems(file: string, format: 'json' | 'yaml', data: unknown, warnings: readonly string[], listKeys: readonly string[]): Table {
  // A YAML file of comments only, or a JSON `null`, holds nothing.
  if (data === null || data === undefined) {
    return emptyTable(file, format, [{ code: 'file_empty', file, expected: 'a list with at least one row' }], warnings);
  }
  const items = itemsOf(data, listKeys);
  if (items === null) {
    const wrapped = listKeys.map((k) => `{ "${k}": [...] }`).join(' or ');
    return emptyTable(file, format, [{ code: 'not_a_table', file, expected: `a list of objects, one per row, or ${wrapped}` }], warnings);
  }
  const headers: string[] = [];
  const known = new Set<string>();
  for (const item of items) {
    if (!isPlainObject(item)) continue;
    for (const key of Object.keys(item)) {
      if (!known.has(key)) {
        known.add(key);
        headers.push(key);
      }
    }
  }
  if (headers.length > MAX_COLUMNS) {
    // Every row gets a cell for every key: a file whose every item has a new key costs rows × keys.
    const expected = `at most ${MAX_COLUMNS} different keys (columns), as in any spreadsheet; this file has ${headers.length}`;
    return emptyTable(file, format, [{ code: 'not_a_table', file, expected }], warnings);
  }
  const tooLarge = tooManyCells(file, items.length, headers.length);
  if (tooLarge !== undefined) return emptyTable(file, format, [tooLarge], warnings);
  const nulKeys = headers.filter((h) => h.includes('\0'));
  if (nulKeys.length > 0) {
    return emptyTable(file, format, nulKeys.map((h) => ({ code: 'bad_encoding', file, column: h, value: h, expected: NO_NUL })), warnings);
  }
  const rows: TableRow[] = [];
  const problems: Problem[] = [];
  items.forEach((item, index) => {
    const row = index + 1;
    const rowProblems: Problem[] = [];
    const cells = Object.create(null) as Record<string, string>;
    for (const h of headers) cells[h] = '';
    if (!isPlainObject(item)) {
      rowProblems.push({ code: 'not_a_table', file, row, value: cellText(item) ?? '', expected: 'an object of column names and answers' });
    } else {
      for (const [key, value] of Object.entries(item)) {
        const text = cellText(value);
        if (text === null) {
          rowProblems.push({ code: 'not_a_table', file, row, column: key, expected: 'text, a number, yes/no or a list of those' });
        } else if (text.includes('\0')) {
          rowProblems.push({ code: 'bad_encoding', file, row, column: key, value: text, expected: NO_NUL });
        } else {
          cells[key] = text;
        }
      }
      if (rowProblems.length === 0 && headers.every((h) => (cells[h] ?? '').trim() === '')) return;
    }
    rows.push({ row, cells, problems: rowProblems });
    problems.push(...rowProblems);
  });
  return { file, format, headers, headerRow: undefined, rows, problems, warnings };
}
