/**
 * Problems found in a user's input, and the one error type that carries them.
 *
 * Stages never throw on bad input: they collect every {@link Problem} of a
 * file and hand them back. The runner boundary decides to stop, print them all
 * together, and exit with code 2 — never with a stack trace.
 */

/** What kind of problem; tests assert these, not the prose. */
export type ProblemCode =
  // reading a file at all
  | 'file_not_found'
  | 'file_unreadable'
  | 'file_empty'
  | 'file_exists'
  | 'unsupported_format'
  | 'bad_encoding'
  | 'csv_malformed'
  | 'json_malformed'
  | 'yaml_malformed'
  // headers and shape
  | 'missing_column'
  | 'duplicate_column'
  | 'not_a_table'
  // row values
  | 'missing_value'
  | 'bad_role'
  | 'bad_boolean'
  | 'bad_number'
  | 'bad_email'
  | 'duplicate_id'
  | 'duplicate_email'
  | 'unknown_reference'
  | 'self_reference'
  | 'wrong_role_reference'
  | 'too_many_choices'
  | 'group_too_large'
  | 'limit_exceeded'
  // config
  | 'config_invalid'
  | 'config_unknown_key'
  // pairs files (history, pins, bans)
  | 'bad_action'
  | 'pair_conflict'
  // an earlier run's run.json, read to show what changed since
  | 'run_record_invalid'
  // `explain` asked about someone the run does not have
  | 'unknown_person'
  // where the results go
  | 'output_refused';

/** One problem in one place of one input file. */
export interface Problem {
  readonly code: ProblemCode;
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based spreadsheet row (header is row 1) or item number; absent for file-level problems. */
  readonly row?: number;
  /** The column header (as written in the file) or config key path. */
  readonly column?: string;
  /** The offending value, as written. */
  readonly value?: string;
  /** What was expected instead, in words a program coordinator understands. */
  readonly expected: string;
}

/** Thrown at the runner boundary when an input cannot be used; carries every problem found. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(formatProblems(problems));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Longest value shown in a message; a 10 MB cell must not flood the terminal. */
export const MAX_VALUE_CHARS = 60;

/** `text` cut to {@link MAX_VALUE_CHARS}, with "…" when cut: the form a value takes in a problem. */
export function shortenValue(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** Control characters, and the line and paragraph separators some terminals break lines at. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` with every control character written as an escape (`\n`, `\u001b`):
 * a header written over two lines, or a parser's message quoting a hostile
 * file, must neither break a problem over several lines nor send escape
 * sequences to the terminal.
 */
function escapeControls(text: string): string {
  const named: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(CONTROL, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Renders one problem as `file:row column "value": expected …`, always on one line. */
export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.row !== undefined) where += `, row ${p.row}`;
  if (p.column !== undefined) where += `, column "${escapeControls(p.column)}"`;
  let value = '';
  if (p.value !== undefined) {
    // JSON escapes C0 controls and quotes; DEL, C1 (0x9b opens an escape sequence too) and U+2028 are left to us.
    value = ` value ${escapeControls(JSON.stringify(shortenValue(p.value)))}:`;
  }
  return `${where}:${value} ${escapeControls(p.expected)} [${p.code}]`;
}

/** Renders all problems, one per line, with a count first. */
export function formatProblems(problems: readonly Problem[]): string {
  const n = problems.length;
  const head = `${n} problem${n === 1 ? '' : 's'} found:`;
  return [head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}
