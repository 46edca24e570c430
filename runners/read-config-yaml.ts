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
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter();
  const lineOf = (offset: number) => lines.linePos(offset).line;
  const malformed = (expected: string, row?: number, value?: string): ConfigYaml => ({
    status: 'malformed',
    problems: [{ code: 'yaml_malformed', file, ...(row !== undefined ? { row } : {}), ...(value !== undefined ? { value } : {}), expected }],
  });

  // Parse to a syntax tree first (iterative, safe on any input), and refuse
  // absurd nesting before composing: yaml's composer recurses per level, and
  // after one stack overflow inside it a second deep file crashed Node outright
  // ("RegExpCompiler Allocation failed"), which no try/catch can report.
  const tokens = [...new Parser(lines.addNewLine).parse(source)];
  const tooDeep = findTooDeep(tokens, MAX_YAML_DEPTH);
  if (tooDeep !== undefined) {
    return malformed(`at most ${MAX_YAML_DEPTH} levels of nesting (a program config needs about 4)`, lineOf(tooDeep));
  }
  let doc: Document.Parsed | undefined;
  try {
    // uniqueKeys is checked below: yaml's own check compares every key with every other (4 s for 20,000 keys).
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, stringKeys: true, version: '1.2' });
    for (const next of composer.compose(tokens, true, source.length)) {
      if (doc === undefined) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'one document only (remove the second "---")'));
        break;
      }
    }
  } catch (e) {
    return malformed(`valid YAML (${e instanceof Error ? e.message : String(e)})`);
  }
  if (doc === undefined) return malformed('valid YAML');
  collectDuplicateKeys(doc.contents, doc.errors);
  if (doc.errors.length > 0) {
    // One mistake often cascades into the same error on the same line many times: list each once.
    const seen = new Set<string>();
    const problems: Problem[] = [];
    let dropped = 0;
    for (const err of doc.errors) {
      const row = lineOf(err.pos[0]);
      const expected = `valid YAML: ${err.message.replace(/ at line \d+, column \d+.*$/s, '')}`;
      if (seen.has(`${row} ${expected}`)) continue;
      seen.add(`${row} ${expected}`);
      if (problems.length >= MAX_CONFIG_PROBLEMS) {
        dropped++;
        continue;
      }
      const snippet = source.slice(err.pos[0], err.pos[1]);
      problems.push({
        code: 'yaml_malformed',
        file,
        row,
        ...(snippet.trim().length > 0 && !snippet.includes('\n') ? { value: snippet } : {}),
        expected,
      });
    }
    return { status: 'malformed', problems: finishProblems(file, problems, dropped) };
  }

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

