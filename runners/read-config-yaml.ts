/**
 * Reading config text as YAML, safely: a file that is not a program config
 * (or is hostile) must give a `yaml_malformed` problem, never a crash, a hang
 * or a silent surprise. So nesting is capped before composing
 * ({@link MAX_YAML_DEPTH}), a key set twice in one mapping is an error, only
 * one document is read, and aliases may expand at most
 * {@link MAX_ALIAS_COUNT} times.
 *
 * What it gives back is the plain JS value and a {@link Locate} that finds a
 * key path's line and source text, for the problems found later.
 *
 * The safe parsing itself ({@link parseYamlSafely}) is shared with
 * read-table.ts: applications and pairs files may be YAML too, and are just
 * as hostile.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type CST, type Document, type Node } from 'yaml';
import { finishProblems, MAX_CONFIG_PROBLEMS, type KeyPath, type Locate } from './collect-config-problems.js';
import type { Problem } from './problems.js';

/**
 * Alias expansions allowed while reading YAML. A legitimate config reuses an
 * anchor a handful of times; a "billion laughs" file needs thousands. Above
 * this the file is reported as `yaml_malformed` instead of eating memory.
 */
export const MAX_ALIAS_COUNT = 100;

/** Deepest nesting of YAML collections read; a program config needs about 4 levels. */
export const MAX_YAML_DEPTH = 32;

/** Config text read as YAML, or the reasons it could not be. */
export type ConfigYaml =
  | {
      readonly status: 'read';
      /** The document as plain JS values (aliases expanded). */
      readonly value: unknown;
      /** Finds a key path's line and text in the source. */
      readonly locate: Locate;
    }
  | {
      readonly status: 'malformed';
      /** Every `yaml_malformed` problem, in line order, each listed once. */
      readonly problems: readonly Problem[];
    };

/**
 * Reads config text (YAML 1.2, one document, a leading BOM ignored). Pure: no
 * file access. `file` names it in problems.
 *
 * Syntax errors are `yaml_malformed` with the line in `row`; so is a file
 * nested deeper than {@link MAX_YAML_DEPTH} and one whose aliases expand
 * beyond {@link MAX_ALIAS_COUNT} (a YAML bomb).
 */
export function readConfigYaml(text: string, file: string): ConfigYaml {
  const parsed = parseYamlSafely(text);
  if (parsed.status === 'malformed') {
    const problems: Problem[] = parsed.faults.slice(0, MAX_CONFIG_PROBLEMS).map((f) => ({
      code: 'yaml_malformed',
      file,
      ...(f.line !== undefined ? { row: f.line } : {}),
      ...(f.snippet !== undefined ? { value: f.snippet } : {}),
      expected: f.expected,
    }));
    return { status: 'malformed', problems: finishProblems(file, problems, Math.max(0, parsed.faults.length - MAX_CONFIG_PROBLEMS)) };
  }
  const { doc, source, lineOf } = parsed;
  const malformed = (expected: string): ConfigYaml => ({ status: 'malformed', problems: [{ code: 'yaml_malformed', file, expected }] });

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const bomb = e instanceof ReferenceError;
    return malformed(
      bomb
        ? `a config whose aliases (*name) expand at most ${MAX_ALIAS_COUNT} times; this one expands far more, like a YAML bomb`
        : `valid YAML (${e instanceof Error ? e.message : String(e)})`,
    );
  }

  const locate: Locate = (path, target) => {
    const found = findNode(doc, path);
    const at = target === 'key' && found.complete ? (found.key ?? found.node) : found.node;
    if (at?.range === undefined || at.range === null) return {};
    const row = lineOf(at.range[0]);
    if (!found.complete) return { row };
    const written = source.slice(at.range[0], at.range[1]).trim();
    return { row, value: written };
  };
  return { status: 'read', value: raw, locate };
}

/** One reason YAML text cannot be read: what was expected, and where. */
export interface YamlFault {
  /** 1-based line of the source, when the fault has a place. */
  readonly line?: number;
  /** The source text at the fault, when it is short and on one line. */
  readonly snippet?: string;
  /** "valid YAML: …", in words for the problem's `expected`. */
  readonly expected: string;
}

/** YAML text composed into one document without running any hostile part of it, or every fault found. */
export type SafeYaml =
  | {
      readonly status: 'composed';
      /** The one document; aliases not yet expanded (call `toJS` with a `maxAliasCount`). */
      readonly doc: Document.Parsed;
      /** The source as read (BOM removed): node ranges index into it. */
      readonly source: string;
      /** The 1-based line of an offset into `source`. */
      readonly lineOf: (offset: number) => number;
    }
  | { readonly status: 'malformed'; readonly faults: readonly YamlFault[] };

/**
 * C0 control characters other than tab, line feed and carriage return, and
 * DEL: YAML 1.2 does not allow them anywhere (c-printable), but the yaml
 * package reads them into values, so a NUL could end up in a program name.
 */
const NON_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Parses YAML text (1.2, one document, a leading BOM ignored) into a
 * document, safely, for every YAML file the tool reads (program configs here,
 * applications and pairs files in read-table.ts):
 *
 * - nesting deeper than {@link MAX_YAML_DEPTH} is refused before composing:
 *   yaml's composer recurses per level, and after one stack overflow inside
 *   it a second deep file crashed Node outright ("RegExpCompiler Allocation
 *   failed"), which no try/catch can report;
 * - a key set twice in one mapping is a fault, found in linear time (yaml's
 *   own check compares every key with every other: 4 s for 20,000 keys);
 * - keys must be scalars (a list as a key would be stringified with a
 *   process warning on stderr);
 * - control characters YAML forbids are a fault at their line;
 * - a second document is a fault.
 *
 * Faults are listed once each (one mistake often cascades into the same
 * error on the same line many times), in line order.
 */
export function parseYamlSafely(text: string): SafeYaml {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter();
  const lineOf = (offset: number) => lines.linePos(offset).line;
  const control = NON_PRINTABLE.exec(source);
  if (control !== null) {
    let line = 1;
    for (let i = source.indexOf('\n'); i !== -1 && i < control.index; i = source.indexOf('\n', i + 1)) line++;
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return { status: 'malformed', faults: [{ line, expected: `printable text: this line holds a control character (${code}), which YAML does not allow; is it the right file?` }] };
  }

  // The syntax tree first (iterative, safe on any input): refuse absurd nesting before composing.
  const tokens = [...new Parser(lines.addNewLine).parse(source)];
  const tooDeep = findTooDeep(tokens, MAX_YAML_DEPTH);
  if (tooDeep !== undefined) {
    return { status: 'malformed', faults: [{ line: lineOf(tooDeep), expected: `at most ${MAX_YAML_DEPTH} levels of nesting (a program config needs about 4, a list of rows 3)` }] };
  }
  let doc: Document.Parsed | undefined;
  try {
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, stringKeys: true, version: '1.2' });
    for (const next of composer.compose(tokens, true, source.length)) {
      if (doc === undefined) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'one document only (remove the second "---")'));
        break;
      }
    }
  } catch (e) {
    return { status: 'malformed', faults: [{ expected: `valid YAML (${e instanceof Error ? e.message : String(e)})` }] };
  }
  if (doc === undefined) return { status: 'malformed', faults: [{ expected: 'valid YAML' }] };
  collectDuplicateKeys(doc.contents, doc.errors);
  if (doc.errors.length === 0) return { status: 'composed', doc, source, lineOf };

  const seen = new Set<string>();
  const faults: YamlFault[] = [];
  for (const err of doc.errors) {
    const line = lineOf(err.pos[0]);
    const expected = `valid YAML: ${err.message.replace(/ at line \d+, column \d+.*$/s, '')}`;
    if (seen.has(`${line} ${expected}`)) continue;
    seen.add(`${line} ${expected}`);
    const snippet = source.slice(err.pos[0], err.pos[1]);
    faults.push({ line, ...(snippet.trim().length > 0 && !snippet.includes('\n') ? { snippet } : {}), expected });
  }
  return { status: 'malformed', faults: faults.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** The node under a key path and the key node naming it; stops at the deepest part that exists. */
function findNode(doc: Document, path: KeyPath): { node: Node | null; key: Node | null; complete: boolean } {
  let node: Node | null = isNodeLike(doc.contents) ? doc.contents : null;
  let key: Node | null = null;
  for (const seg of path) {
    if (node !== null && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: { node: Node | null; key: Node | null } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (pair !== undefined) next = { node: isNodeLike(pair.value) ? pair.value : null, key: isNodeLike(pair.key) ? pair.key : null };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (isNodeLike(item)) next = { node: item, key: null };
    }
    if (next === undefined) return { node: node ?? key, key, complete: false };
    node = next.node;
    key = next.key;
  }
  return { node, key, complete: true };
}

/**
 * The offset of the first collection nested deeper than `limit` in a YAML
 * syntax tree, if any. Walks with an explicit stack so hostile nesting
 * cannot overflow the call stack here either.
 */
function findTooDeep(tokens: readonly CST.Token[], limit: number): number | undefined {
  const stack: Array<readonly [CST.Token, number]> = tokens.map((t) => [t, 0] as const);
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [token, depth] = top;
    switch (token.type) {
      case 'document':
        if (token.value !== undefined) stack.push([token.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth + 1 > limit) return token.offset;
        for (const item of token.items) {
          if (item.key !== undefined && item.key !== null) stack.push([item.key, depth + 1]);
          if (item.value !== undefined) stack.push([item.value, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Adds an error for every key set twice in one mapping (YAML forbids it, and
 * the later value would silently win). Linear per mapping; recursion is
 * bounded by {@link MAX_YAML_DEPTH}, checked before composing.
 */
function collectDuplicateKeys(node: unknown, errors: YAMLParseError[]): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (seen.has(key) && isNodeLike(pair.key) && pair.key.range) {
        const at: [number, number] = [pair.key.range[0], pair.key.range[1]];
        errors.push(new YAMLParseError(at, 'DUPLICATE_KEY', 'each key once in a mapping (this key is already set above)'));
      }
      seen.add(key);
      collectDuplicateKeys(pair.value, errors);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectDuplicateKeys(item, errors);
  }
}

/** Whether a value is a YAML node (anything with a source range). */
function isNodeLike(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'range' in v;
}

