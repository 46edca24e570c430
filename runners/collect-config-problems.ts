/**
 * Turning what is wrong in a config into {@link Problem}s: each with the key
 * path in `column`, the value as written in `value` and its line in `row`,
 * a "did you mean" for near misses, and a cap on how many are listed.
 *
 * A {@link Collector} lives for one resolve call; the resolve stages report
 * into it and never throw.
 */
import type * as z from 'zod';
import { RULE_NAMES } from './config-schema.js';
import type { Problem, ProblemCode } from './problems.js';

/** Problems listed per config; past this a file is garbage or the wrong file, and one more line says how many were left out. */
export const MAX_CONFIG_PROBLEMS = 100;

/** Longest text that gets a "did you mean" hint (the edit-distance table is length²). */
const MAX_SUGGEST_CHARS = 64;

/** A key path inside the config: `['eligibility', 2, 'years']`. */
export type KeyPath = readonly (string | number)[];

/** Where a setting sits in the source: its line and its text as written. */
export interface Located {
  readonly row?: number;
  readonly value?: string;
}

/** Finds a key (`key`) or its value (`value`) in the source; unknown places give `{}`. */
export type Locate = (path: KeyPath, target: 'key' | 'value') => Located;

/** The problems of one config being resolved; lives for one call. */
export interface Collector {
  readonly file: string;
  readonly locate: Locate;
  readonly problems: Problem[];
  /** Problems found beyond {@link MAX_CONFIG_PROBLEMS}. */
  dropped: number;
}

/** A collector for one config named `file`, finding places with `locate`. */
export function newCollector(file: string, locate: Locate): Collector {
  return { file, locate, problems: [], dropped: 0 };
}

/** The collected problems in file order (by line), capped, with a last line counting any left out. */
export function finishProblems(file: string, problems: readonly Problem[], dropped: number): Problem[] {
  const rowOf = (p: Problem) => p.row ?? Number.MAX_SAFE_INTEGER;
  const byRow = [...problems].sort((a, b) => rowOf(a) - rowOf(b));
  if (dropped === 0) return byRow;
  return [
    ...byRow,
    {
      code: 'config_invalid',
      file,
      expected: `${dropped} more problems not listed: only the first ${MAX_CONFIG_PROBLEMS} are shown (is this the right file?)`,
    },
  ];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `weights.interests`, `eligibility[2].years`, `columns["Email Address"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Adds a problem at `path`: its row and written value come from the source
 * (the key itself with `target: 'key'`). Past {@link MAX_CONFIG_PROBLEMS}
 * it is only counted.
 */
export function report(c: Collector, code: ProblemCode, path: KeyPath, expected: string, target: 'key' | 'value' = 'value'): void {
  if (c.problems.length >= MAX_CONFIG_PROBLEMS) {
    c.dropped++;
    return;
  }
  const at = c.locate(path, target);
  const column = path.length > 0 ? formatKeyPath(path) : undefined;
  // One wrong value can break several rules of one schema that read the same
  // in words (`capacity.max: 1e300` is neither whole nor at most 100: both
  // say "a whole number from 1 to 100"); list it once.
  if (c.problems.some((p) => p.code === code && p.column === column && p.row === at.row && p.expected === expected)) return;
  c.problems.push({
    code,
    file: c.file,
    ...(at.row !== undefined ? { row: at.row } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(at.value !== undefined ? { value: at.value } : {}),
    expected,
  });
}

/** Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`: "emial" is one edit from "email". */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Int32Array((a.length + 1) * width);
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    d[i * width] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[(i - 1) * width + j] ?? 0) + 1, (d[i * width + j - 1] ?? 0) + 1, (d[(i - 1) * width + j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[(i - 2) * width + j - 2] ?? 0) + 1);
      d[i * width + j] = best;
    }
  }
  return d[a.length * width + b.length] ?? 0;
}

/** The closest allowed value to a near miss (`intrests` → `interests`), if one is close enough to be a typo. */
export function suggest(written: string, allowed: readonly string[]): string | undefined {
  if (written.length > MAX_SUGGEST_CHARS) return undefined;
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const w = norm(written);
  if (w === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(w, norm(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** `expected`, with a "did you mean" when `written` is a near miss of one of `allowed`. */
function withSuggestion(expected: string, written: unknown, allowed: readonly string[]): string {
  const hint = typeof written === 'string' ? suggest(written, allowed) : undefined;
  return hint === undefined ? expected : `${expected} (did you mean "${hint}"?)`;
}

/** The value under a key path of a plain JS value, or undefined where the path leaves it. */
export function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/**
 * Validates `raw` against `schema`, turning every zod issue into a problem
 * under `path`. Returns the parsed value, or undefined when it had problems.
 */
export function parseAt<T>(c: Collector, schema: z.ZodType<T>, raw: unknown, path: KeyPath): T | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const iss of result.error.issues) {
    const at = [...path, ...iss.path.filter((s): s is string | number => typeof s !== 'symbol')];
    if (iss.code === 'unrecognized_keys') {
      const allowed = iss.message.split(', ');
      for (const key of iss.keys) {
        report(c, 'config_unknown_key', [...at, key], withSuggestion(`one of the keys: ${iss.message}`, key, allowed), 'key');
      }
      continue;
    }
    const written = valueAtPath(raw, iss.path);
    let expected = iss.message;
    if (iss.code === 'invalid_value') {
      expected = withSuggestion(expected, written, iss.values.filter((v): v is string => typeof v === 'string'));
    } else if (iss.code === 'invalid_union' && iss.discriminator === 'rule') {
      expected = withSuggestion(expected, written, RULE_NAMES);
    }
    report(c, 'config_invalid', at, expected);
  }
  return undefined;
}

/**
 * The parts of a mapping whose parts are checked one by one: unknown keys
 * are reported, and the known parts are still checked (one typo must not
 * hide every other problem of the file).
 */
export function partsOf<K extends string>(
  c: Collector,
  schema: z.ZodType<Partial<Record<K, unknown>>>,
  raw: unknown,
  path: KeyPath,
): Partial<Record<K, unknown>> | undefined {
  const parsed = parseAt(c, schema, raw, path);
  if (parsed !== undefined) return parsed;
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Partial<Record<K, unknown>>) : undefined;
}

/** A section left empty in YAML (`weights:` with nothing under it) is the same as a section left out. */
export function present(raw: unknown): unknown {
  return raw === null ? undefined : raw;
}
