/**
 * Reads a run.json back: the record an earlier `mentor-match run` wrote
 * into its output folder, for the difference after a re-run
 * (read-previous-run.ts) and for `explain` (explain-person.ts).
 *
 * The file is the user's, not ours: it may have been edited, truncated by a
 * full disk, copied from another tool or written to cause harm. Nothing here
 * throws on its content; every problem is returned with the file, the JSON
 * path of the value as the column, the value (shortened) and what was
 * expected, as every other input of a run reports them.
 */
import { readableFolder } from './atomic-folder.js';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod';
import { formatKeyPath, valueAtPath, type KeyPath } from './collect-config-problems.js';
import { parseJson } from './parse-json.js';
import { shortenValue, type Problem, type ProblemCode } from './problems.js';

/**
 * What reading a run.json gave: the checked record, nothing (the folder or
 * its run.json does not exist), or the problems that make it unusable.
 */
export type RunRecordOutcome<T> =
  | { readonly status: 'found'; readonly file: string; readonly record: T }
  | { readonly status: 'none' }
  | { readonly status: 'problems'; readonly problems: readonly Problem[] };

/** Options of {@link readRunRecord}. */
export interface ReadRunRecordOptions {
  /**
   * Largest run.json read, in bytes; a larger file is a problem, not read.
   * @default MAX_RUN_JSON_BYTES
   */
  readonly maxBytes?: number;
}

/**
 * Largest run.json we read: 256 MiB. The sample cohort's (83 pairs) is 160 kB,
 * ~2 kB a pair with its factor breakdown, so a 10,000 × 4,000 run stays near
 * 20 MB; ten times that is still a run, beyond it the file is not one of ours.
 * JSON.parse holds a few times the file in memory, so the cap also bounds that.
 */
export const MAX_RUN_JSON_BYTES = 256 * 1024 * 1024;

/** Problems listed per file; past this the file is not a run.json, and one more line counts the rest. */
export const MAX_RUN_JSON_PROBLEMS = 20;


/** The name of the record a run writes into its output folder. */
export const RUN_RECORD_FILE = 'run.json';

/**
 * Reads `<folder>/run.json`, the record an earlier `mentor-match run`
 * wrote, and checks it against `schema` (only what the caller uses: a
 * later version's extra keys are left alone).
 *
 * @example
 * const read = readRunRecord('out/sample-run', z.object({ objective: z.number() }));
 * if (read.status === 'found') read.record.objective;
 */
export function readRunRecord<T>(folder: string, schema: z.ZodType<T>, options: ReadRunRecordOptions = {}): RunRecordOutcome<T> {
  const maxBytes = options.maxBytes ?? MAX_RUN_JSON_BYTES;
  // Reading never moves anything: a write killed mid-swap left the complete previous output aside.
  const file = join(readableFolder(folder), RUN_RECORD_FILE);
  const fail = (code: ProblemCode, expected: string, at: string = file): RunRecordOutcome<T> => ({
    status: 'problems',
    problems: [{ code, file: at, expected }],
  });

  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return fail('file_unreadable', `an earlier run's ${RUN_RECORD_FILE} file; this is a folder`);
    size = stat.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'none' };
    if (code === 'ENOTDIR') return fail('file_unreadable', `the folder of an earlier run (the one holding ${RUN_RECORD_FILE}); this is a file`, folder);
    return fail('file_unreadable', `a ${RUN_RECORD_FILE} we can read (${code ?? 'read error'}); check its permissions`);
  }
  const tooLarge = (bytes: number): RunRecordOutcome<T> =>
    fail('file_unreadable', `a ${RUN_RECORD_FILE} of at most ${maxBytes} bytes (this one has ${bytes}: is it an earlier run's record?)`);
  if (size > maxBytes) return tooLarge(size);

  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'none' };
    return fail('file_unreadable', `a ${RUN_RECORD_FILE} we can read (${code ?? 'read error'}); check its permissions`);
  }
  if (bytes.length > maxBytes) return tooLarge(bytes.length);
  let text: string;
  try {
    // An editor may have added a byte-order mark; we never write one, and it changes nothing.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('bad_encoding', `a UTF-8 text file, as mentor-match writes ${RUN_RECORD_FILE}`);
  }
  if (text.trim() === '') return fail('file_empty', `an earlier run's record; this file is empty`);

  const parsed = parseJson(text);
  if (parsed.status === 'malformed') {
    return fail('json_malformed', `valid JSON${parsed.where}, as mentor-match writes it (is the file cut short?): ${parsed.message}`);
  }
  return checkRecord(file, parsed.data, schema);
}

/** Checks a parsed run.json: whose it is, no `__proto__` key, then the schema. */
function checkRecord<T>(file: string, data: unknown, schema: z.ZodType<T>): RunRecordOutcome<T> {
  const problems: Problem[] = [];
  let dropped = 0;
  const report = (path: KeyPath, expected: string, value?: string): void => {
    if (problems.length >= MAX_RUN_JSON_PROBLEMS) {
      dropped++;
      return;
    }
    problems.push(recordProblem(file, path, expected, value));
  };
  const finish = (): RunRecordOutcome<T> => {
    if (dropped > 0) {
      problems.push({
        code: 'run_record_invalid',
        file,
        expected: `${dropped} more problems not listed: only the first ${MAX_RUN_JSON_PROBLEMS} are shown (is this an earlier run's ${RUN_RECORD_FILE}?)`,
      });
    }
    return { status: 'problems', problems };
  };

  // Another tool's JSON would fail every check below; one line saying whose it is not says more.
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    report([], `the record of an earlier mentor-match run (a JSON object with "tool": "mentor-match")`, preview(data));
    return finish();
  }
  const tool: unknown = (data as Record<string, unknown>)['tool'];
  if (tool !== 'mentor-match') {
    report(['tool'], `the tool "mentor-match": the folder must hold the output of an earlier mentor-match run`, tool === undefined ? undefined : preview(tool));
    return finish();
  }

  // A file we wrote never has such a key; one that does was made to do harm to whoever merges it.
  for (const path of forbiddenKeyPaths(data)) report(path, 'no key named "__proto__" (mentor-match never writes one)', '__proto__');

  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      const written = valueAtPath(data, path);
      // "12" and 12 print alike in a message; say which one the file has.
      const expected = issue.code === 'invalid_type' && typeof written === 'string' ? `${issue.message}, not text in quotes` : issue.message;
      report(path, expected, written === undefined ? undefined : preview(written));
    }
    return finish();
  }

  if (problems.length > 0) return finish();
  return { status: 'found', file, record: parsed.data };
}

/** A problem of a run.json at a JSON path, in the form every problem of this file takes. */
export function recordProblem(file: string, path: KeyPath, expected: string, value?: string): Problem {
  return {
    code: 'run_record_invalid',
    file,
    ...(path.length > 0 ? { column: formatKeyPath(path) } : {}),
    ...(value !== undefined ? { value } : {}),
    expected,
  };
}

/**
 * Paths of every `__proto__` key in a parsed JSON value. Walked with a stack
 * and parent links, not recursion or copied paths: a hostile file may nest a
 * million levels deep, which JSON.parse accepts.
 */
function forbiddenKeyPaths(root: object): KeyPath[] {
  interface Node {
    readonly value: object;
    readonly parent: Node | null;
    readonly key: string | number;
  }
  const pathOf = (node: Node | null, last: string): KeyPath => {
    const path: (string | number)[] = [last];
    for (let n = node; n !== null && n.parent !== null; n = n.parent) path.push(n.key);
    return path.reverse();
  };
  const found: KeyPath[] = [];
  const stack: Node[] = [{ value: root, parent: null, key: '' }];
  for (let node = stack.pop(); node !== undefined && found.length < MAX_RUN_JSON_PROBLEMS; node = stack.pop()) {
    const { value } = node;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, parent: node, key: i });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') found.push(pathOf(node, key));
      const child: unknown = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, parent: node, key });
    }
  }
  return found;
}

/** A short, printable form of a JSON value for a problem: never the whole of a large one. */
function preview(value: unknown): string {
  if (typeof value === 'string') return shortenValue(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    return shortenValue(keys.length === 0 ? '{}' : `an object with ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}`);
  }
  return String(value);
}

