/**
 * Reads a program config (YAML, see docs/program-config.md) and resolves it
 * into the {@link ResolvedProgram} every later stage reads.
 *
 * Nothing here throws on a bad config: every problem of the file is collected
 * (syntax, unknown keys, wrong values, settings that contradict each other)
 * and returned together, each with the key path in `column`, the value as
 * written in `value` and its line in `row`. The runner decides to stop.
 *
 * The stages live in their own files: read-config-yaml.ts (safe YAML
 * reading), config-schema.ts (what a config may say), program-defaults.ts,
 * resolve-program-settings.ts and resolve-eligibility-rules.ts (config →
 * program), collect-config-problems.ts (problems with places and hints).
 * This file is the entry point, and re-exports what callers use of them.
 */
import { readFileSync } from 'node:fs';
import type { ResolvedProgram } from '../scoring/program.js';
import { finishProblems, newCollector, valueAtPath, type Locate } from './collect-config-problems.js';
import type { ProgramConfig } from './config-schema.js';
import { DEFAULT_PROGRAM } from './program-defaults.js';
import type { Problem, ProblemCode } from './problems.js';
import { readConfigYaml } from './read-config-yaml.js';
import { resolveProgramSettings } from './resolve-program-settings.js';

export { formatKeyPath, MAX_CONFIG_PROBLEMS, suggest } from './collect-config-problems.js';
export {
  FLAG_SHORTHANDS,
  RULE_NAMES,
  type EligibilityRuleConfig,
  type FlagShorthand,
  type ProgramConfig,
  type RolesConfig,
} from './config-schema.js';
export { DEFAULT_PROGRAM } from './program-defaults.js';
export { MAX_ALIAS_COUNT, MAX_YAML_DEPTH } from './read-config-yaml.js';

/**
 * Largest config file read (bytes). Real configs are a few KB (the bundled
 * ones are under 5 KB). Pathological YAML of this size parses in about a
 * second; at 1 MB, nested-bracket garbage took 2.4 s and 590 MB.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** What resolving a config gives: the program, and every problem found (empty when the config is usable). */
export interface ConfigOutcome {
  /**
   * The resolved program. When `problems` is not empty it holds defaults in
   * place of every invalid setting and must not be used for a run.
   */
  readonly program: ResolvedProgram;
  readonly problems: readonly Problem[];
}

/** Text of a JS value for `Problem.value`, when there is no source text to quote. */
function jsText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return String(v);
  return JSON.stringify(v);
}

/**
 * Validates a config given as a JS object (the YAML's shape, snake_case keys)
 * and fills in every default. For library users who build the config in
 * code; `file` names it in problems.
 *
 * @example
 * const { program, problems } = resolveProgram({ shape: 'capacity', weights: { choice_rank: 2 } });
 * if (problems.length > 0) throw new InputError(problems);
 */
export function resolveProgram(config: ProgramConfig, file = '<program config>'): ConfigOutcome {
  const locate: Locate = (path) => {
    const value = jsText(valueAtPath(config, path));
    return value === undefined ? {} : { value };
  };
  const c = newCollector(file, locate);
  const program = resolveProgramSettings(c, config);
  return { program, problems: finishProblems(file, c.problems, c.dropped) };
}

/**
 * Reads config text (YAML) and resolves it. Pure: no file access, so tests
 * and tools can check a config held in memory. `file` names it in problems.
 *
 * Syntax errors are `yaml_malformed` with the line in `row`; so is a file
 * whose aliases expand beyond `MAX_ALIAS_COUNT` (a YAML bomb), and one nested
 * deeper than `MAX_YAML_DEPTH` (see read-config-yaml.ts).
 */
export function resolveProgramConfig(text: string, file: string): ConfigOutcome {
  const yaml = readConfigYaml(text, file);
  switch (yaml.status) {
    case 'malformed':
      return { program: DEFAULT_PROGRAM, problems: yaml.problems };
    case 'read': {
      const c = newCollector(file, yaml.locate);
      const program = resolveProgramSettings(c, yaml.value);
      return { program, problems: finishProblems(file, c.problems, c.dropped) };
    }
  }
}

/**
 * Reads and resolves the program config file at `file` (YAML).
 *
 * @example
 * const { program, problems } = loadProgramConfig('program.yaml');
 * if (problems.length > 0) throw new InputError(problems);
 */
export function loadProgramConfig(file: string): ConfigOutcome {
  const fail = (code: ProblemCode, expected: string): ConfigOutcome => ({
    program: DEFAULT_PROGRAM,
    problems: [{ code, file, expected }],
  });
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('file_not_found', 'an existing program config file (YAML); `mentor-match init` writes a starter one');
    if (code === 'EISDIR') return fail('file_unreadable', 'a program config file, not a folder');
    return fail('file_unreadable', `a readable program config file (${code ?? String(e)})`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) {
    const expected = `a program config under ${MAX_CONFIG_BYTES / 1024} KB (this file has ${bytes.length} bytes: is it the right file?)`;
    return fail('file_unreadable', expected);
  }
  const text = decodeConfig(bytes);
  if (text === undefined) {
    const row = firstBadUtf8Line(bytes);
    return { program: DEFAULT_PROGRAM, problems: [{ code: 'bad_encoding', file, ...(row === undefined ? {} : { row }), expected: 'a UTF-8 text file (save the config as UTF-8)' }] };
  }
  return resolveProgramConfig(text, file);
}

/**
 * Config bytes as text: UTF-8, or UTF-16 when a byte-order mark says so
 * (Windows Notepad's "Unicode", which the applications loader reads too;
 * the mark makes it unambiguous). `undefined` when the bytes are not valid.
 */
function decodeConfig(bytes: Uint8Array): string | undefined {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The 1-based line holding the first byte that is not UTF-8, so the problem says where (a line break is never part of a multi-byte character). */
function firstBadUtf8Line(bytes: Uint8Array): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    try {
      decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}
