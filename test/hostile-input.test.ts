/**
 * Hostile input (issue 6, item 1): whatever a form tool exported, or a
 * disk handed back, every loader and the config end in one of two ways:
 *
 * - exit 2 with every problem listed, each naming the file, a row and column
 *   where it has one, and its code in brackets; no output folder, and no
 *   staging folder left beside it;
 * - exit 0 on legal data, with a complete output folder in which every
 *   applicant appears exactly once.
 *
 * Never exit 1, a stack trace, a crash of Node, or a hang (every CLI call has
 * a time budget). Cases go through the real CLI entry (`main`) for `run` and
 * `validate`, and through the loaders directly where that is cheaper.
 * Random cases are seeded: a failure names its seed and can be replayed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePool, poolToCsv } from '../fixtures/generate-pool.js';
import { checkColumns } from '../runners/check-columns.js';
import { applicationsFromTable, loadApplications } from '../runners/load-applications.js';
import { loadProgramConfig, MAX_ALIAS_COUNT, MAX_CONFIG_BYTES, MAX_YAML_DEPTH } from '../runners/load-config.js';
import { loadPairs, MAX_PAIRS_PROBLEMS } from '../runners/load-pairs.js';
import { loadReleaseList } from '../runners/plan-rematch.js';
import { DEFAULT_PROGRAM } from '../runners/program-defaults.js';
import type { Problem, ProblemCode } from '../runners/problems.js';
import { MAX_COLUMNS, MAX_CSV_RECORD_CHARS, MAX_TABLE_CELLS, readTable, readTableFile } from '../runners/read-table.js';
import type { Applicant } from '../scoring/applicant.js';
import { tokenizeText } from '../scoring/tokenize-text.js';
import { cli } from './helpers/cli.js';
import { makeApplicant } from './helpers/applicant.js';
import { randInt, rng } from './helpers/rng.js';
import { useTmpDir } from './helpers/tmp.js';

// ---------------------------------------------------------------------------
// The properties every case must have

/** Every code a problem may carry: a Record, so a code added to ProblemCode and missing here fails to compile. */
const ALL_CODES: Readonly<Record<ProblemCode, true>> = {
  file_not_found: true, file_unreadable: true, file_empty: true, file_exists: true, unsupported_format: true, bad_encoding: true,
  csv_malformed: true, json_malformed: true, yaml_malformed: true, missing_column: true, duplicate_column: true, not_a_table: true,
  missing_value: true, bad_role: true, bad_boolean: true, bad_number: true, bad_email: true, duplicate_id: true, duplicate_email: true,
  unknown_reference: true, self_reference: true, wrong_role_reference: true, too_many_choices: true, group_too_large: true,
  limit_exceeded: true, config_invalid: true, config_unknown_key: true, bad_action: true, pair_conflict: true, run_record_invalid: true,
  unknown_person: true, output_refused: true,
};
const PROBLEM_CODES: ReadonlySet<string> = new Set(Object.keys(ALL_CODES));

/** Codes about one cell of one row: such a problem must say which row and which column. */
const CELL_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'missing_value', 'bad_role', 'bad_boolean', 'bad_number', 'bad_email', 'duplicate_id', 'duplicate_email',
  'unknown_reference', 'self_reference', 'wrong_role_reference', 'too_many_choices', 'bad_action',
]);

/** Longest a single CLI call may take on these inputs (ms): far above any of them, far below a hang. */
const CASE_BUDGET_MS = 5_000;

/** The budget of the calls now running: {@link CASE_BUDGET_MS} except inside {@link withBudget}. */
let budgetMs = CASE_BUDGET_MS;

/** Runs `body` with a larger time budget per CLI call (for the few cases that read tens of megabytes). */
async function withBudget<T>(ms: number, body: () => Promise<T>): Promise<T> {
  budgetMs = ms;
  try {
    return await body();
  } finally {
    budgetMs = CASE_BUDGET_MS;
  }
}

/** The files every successful run writes. */
const OUTPUT_FILES = ['matches.csv', 'unmatched.csv', 'ineligible.csv', 'report.html', 'report.md', 'run.json'];

/** A stack frame, or an error class name printed as a message: what users must never see. */
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
const ERROR_CLASS = /\b(Type|Range|Reference|Syntax|Internal|)Error: /;

/** The input files of one case; `apps` is required by both commands. */
interface Inputs {
  readonly apps: string;
  readonly config?: string;
  readonly history?: string;
  readonly edits?: string;
}

type Expectation = 'ok' | 'problems' | 'either';

interface Outcome {
  readonly validate: { code: number; out: string; err: string };
  readonly run: { code: number; out: string; err: string };
  /** Problem lines of the `run` call (empty when it succeeded). */
  readonly problems: readonly string[];
}

/** Runs `mentor-match <args>`, checking the time budget and that nothing escaped as a trace. */
async function call(label: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const started = performance.now();
  const r = await cli(...args);
  const ms = performance.now() - started;
  expect(ms, `${label}: ${args[0]} took ${Math.round(ms)} ms`).toBeLessThan(budgetMs);
  expect([0, 2], `${label}: ${args[0]} exit code\n${r.err.slice(0, 2000)}`).toContain(r.code);
  expect(r.err, `${label}: ${args[0]} printed a stack trace`).not.toMatch(STACK_TRACE);
  expect(r.err, `${label}: ${args[0]} printed an error class`).not.toMatch(ERROR_CLASS);
  expect(r.err, label).not.toContain('internal error');
  return r;
}

/**
 * The problem lines of a failed call: a count line, then one line per
 * problem, each starting with one of `files` and ending in a known `[code]`.
 */
function problemLines(label: string, err: string, files: readonly string[]): string[] {
  const lines = err.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '));
  const head = /^mentor-match: (\d+) problems? found:$/.exec(lines[0] ?? '');
  expect(head, `${label}: ${lines[0]}`).not.toBeNull();
  const listed = lines.slice(1);
  expect(listed.length, `${label}: the count line matches the lines`).toBe(Number(head?.[1]));
  for (const line of listed) {
    expect(line.startsWith('  '), `${label}: ${line}`).toBe(true);
    expect(files.some((f) => line.startsWith(`  ${f}`)), `${label}: names no input file: ${line}`).toBe(true);
    const code = /\[([a-z_]+)\]$/.exec(line)?.[1];
    expect(code !== undefined && PROBLEM_CODES.has(code), `${label}: no known [code] at the end: ${line}`).toBe(true);
    if (CELL_CODES.has(code as ProblemCode)) expect(line, `${label}: a cell's problem without its row and column`).toMatch(/, row \d+, column "/);
  }
  return listed;
}

/** Rows of a CSV output of the run (BOM and all). */
function outputRows(folder: string, name: string): Record<string, string>[] {
  return parseCsv(readFileSync(join(folder, name)), { bom: true, columns: true }) as Record<string, string>[];
}

/**
 * Everyone the run read is in exactly one of matches, unmatched, ineligible
 * and rejected, and the counts agree with run.json and with `validate`.
 */
function expectEveryoneAccounted(label: string, folder: string, validateOut: string | undefined): void {
  for (const f of OUTPUT_FILES) expect(existsSync(join(folder, f)), `${label}: ${f} written`).toBe(true);
  const record = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as { input: { applicants: number } };
  const matched = new Set(outputRows(folder, 'matches.csv').flatMap((r) => [r['mentor_id'] as string, r['mentee_id'] as string]));
  const unmatched = new Set(outputRows(folder, 'unmatched.csv').map((r) => r['id'] as string));
  const ineligible = new Set(outputRows(folder, 'ineligible.csv').map((r) => r['id'] as string));
  const rejected = existsSync(join(folder, 'rejected.csv')) ? new Set(outputRows(folder, 'rejected.csv').map((r) => r['row'] as string)) : new Set<string>();
  for (const id of unmatched) expect(matched.has(id) || ineligible.has(id), `${label}: ${id} in two lists`).toBe(false);
  for (const id of ineligible) expect(matched.has(id), `${label}: ${id} in two lists`).toBe(false);
  expect(matched.size + unmatched.size + ineligible.size + rejected.size, `${label}: everyone accounted for`).toBe(record.input.applicants);
  if (validateOut !== undefined) {
    const said = /^ok: (\d+) applicants/.exec(validateOut);
    expect(said, `${label}: validate said ${validateOut}`).not.toBeNull();
    expect(record.input.applicants, `${label}: validate and run read the same people`).toBe(Number(said?.[1]));
  }
}

/** Nothing half-written beside the output folder. */
function expectNoStaging(label: string, parent: string): void {
  const left = readdirSync(parent).filter((n) => n.includes('.partial') || n.includes('.previous'));
  expect(left, `${label}: staging folders left behind`).toEqual([]);
}

/** Flags of the optional inputs. */
function flags(inputs: Inputs): string[] {
  return [
    ...(inputs.config !== undefined ? ['--config', inputs.config] : []),
    ...(inputs.history !== undefined ? ['--history', inputs.history] : []),
    ...(inputs.edits !== undefined ? ['--edits', inputs.edits] : []),
  ];
}

/**
 * Runs `validate` and then `run` on `inputs` (output into `dir`/out) and
 * checks every property above; `expectation` says which ending the data
 * deserves when the test knows.
 */
async function expectHandled(label: string, dir: string, inputs: Inputs, expectation: Expectation = 'either', extra: readonly string[] = []): Promise<Outcome> {
  const out = join(dir, 'out');
  rmSync(out, { recursive: true, force: true });
  const files = [inputs.apps, inputs.config, inputs.history, inputs.edits].filter((f): f is string => f !== undefined);
  const validate = await call(label, 'validate', inputs.apps, ...flags(inputs));
  const run = await call(label, 'run', inputs.apps, ...flags(inputs), '--out', out, ...extra);
  if (extra.length === 0) expect(run.code, `${label}: validate and run agree\n${validate.err}\n${run.err}`).toBe(validate.code);
  if (expectation !== 'either') expect(run.code, `${label}\n${run.err.slice(0, 2000)}`).toBe(expectation === 'ok' ? 0 : 2);
  expectNoStaging(label, dir);
  if (run.code === 0) {
    expectEveryoneAccounted(label, out, extra.length === 0 ? validate.out : undefined);
    return { validate, run, problems: [] };
  }
  expect(existsSync(out), `${label}: an output folder after a failed run`).toBe(false);
  problemLines(`${label} (validate)`, validate.err, files);
  return { validate, run, problems: problemLines(label, run.err, files) };
}

/** The `[code]`s of problem lines. */
const codesOf = (lines: readonly string[]): string[] => lines.map((l) => /\[([a-z_]+)\]$/.exec(l)?.[1] ?? '?');

/**
 * What every problem a loader returns must say: the file it was given, a
 * known code, a row for anything in a CSV data row, and a row and column
 * for a problem with one cell.
 */
function expectLocated(label: string, file: string, problems: readonly Problem[]): void {
  for (const p of problems) {
    expect(p.file, label).toBe(file);
    expect(PROBLEM_CODES.has(p.code), `${label}: ${p.code}`).toBe(true);
    if (CELL_CODES.has(p.code)) {
      expect(p.row, `${label}: ${p.code} without a row`).toBeGreaterThanOrEqual(1);
      expect(p.column, `${label}: ${p.code} without a column`).toBeDefined();
    }
    if (p.code === 'csv_malformed' && file.endsWith('.csv')) expect(p.row, `${label}: csv_malformed without a row`).toBeGreaterThanOrEqual(1);
    expect(p.expected.length, label).toBeGreaterThan(0);
  }
}

/**
 * Every row read is an applicant or a rejected row, unless the file as a
 * whole is unusable (then nobody is an applicant, and the run stops).
 */
function expectRowsAccounted(label: string, loaded: ReturnType<typeof applicationsFromTable>): void {
  const inRows = new Set(loaded.rejectedRows.flatMap((r) => r.problems));
  const fileLevel = loaded.problems.filter((p) => !inRows.has(p));
  if (fileLevel.length > 0) expect(loaded.applicants, label).toEqual([]);
  else expect(loaded.applicants.length + loaded.rejectedRows.length, label).toBe(loaded.rowsRead);
}

// ---------------------------------------------------------------------------
// Inputs

/** A small valid cohort with the hard parts: a quoted answer with a comma, a line break and quotes, and accented names. */
const VALID_CSV = [
  'id,role,name,email,years_experience,capacity,interests,goals,bio',
  'M1,mentor,Zoë Ménard,zoe@example.org,12,1,budgeting;planning,,"Twenty years in ""public works"",\nfinance and planning."',
  'M2,mentor,Luc Côté,luc@example.org,9,1,planning,,Clerk',
  'E1,mentee,Ana O’Neil,ana@example.org,2,1,budgeting,"Learn budgets, fast",',
  'E2,mentee,Łukasz Nowak,lukasz@example.org,1,1,planning,Grow,',
  '',
].join('\r\n');

/** A valid program config using most sections. */
const VALID_CONFIG = [
  'program: Hostile input test',
  'shape: capacity',
  'capacity:',
  '  default: 1',
  '  max: 2',
  'eligibility:',
  '  - rule: mentor_min_years',
  '    years: 5',
  'weights:',
  '  interests: 3',
  '  goals_text: 2',
  'min_score: 0',
  'quotas:',
  '  same_region: 0.5',
  '',
].join('\n');

/** A billion-laughs YAML: each level nine aliases of the one before. */
function yamlBomb(levels: number, tail: string): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n${tail.replace('LAST', String.fromCharCode(96 + levels))}\n`;
}

/** Seeded random bytes, mostly drawn from those that make CSV, JSON and YAML hard, some from anywhere. */
function randomBytes(next: () => number, maxLength: number): Buffer {
  const hard = Buffer.from('a1 ,;\t"\'\n\r{}[]:-&*!|>#@\\%?\u00e9');
  return Buffer.from(
    Array.from({ length: randInt(next, 0, maxLength) }, () => (next() < 0.7 ? (hard[randInt(next, 0, hard.length - 1)] as number) : randInt(next, 0, 255))),
  );
}

/** `bytes` with `k` bytes overwritten by CSV/YAML punctuation at seeded places. */
function mutate(bytes: Buffer, next: () => number, k: number): Buffer {
  const punctuation = Buffer.from(',;"\n\r\t \\\'x1-.:#&*!|>{}[]\u0000');
  const b = Buffer.from(bytes);
  for (let i = 0; i < k; i++) b[randInt(next, 0, b.length - 1)] = punctuation[randInt(next, 0, punctuation.length - 1)] as number;
  return b;
}

const tmp = useTmpDir();

/** A temporary folder for a whole `describe` (useTmpDir's are removed after each test). */
function suiteDir(): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mentor-match-hostile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** A suite's folder with the valid applications file written in it. */
function withValidApplications(dir: string): { dir: string; apps: string } {
  return { dir, apps: put(dir, 'apps.csv', VALID_CSV) };
}

/** Writes `content` to `name` inside `dir` and returns the path. */
function put(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// ---------------------------------------------------------------------------
// Applications

describe('applications: random bytes', () => {
  it.each(['csv', 'json', 'yaml'])('.%s: 40 seeded files of random bytes end in exit 0 or 2, validate and run alike', async (ext) => {
    const dir = tmp();
    for (let seed = 1; seed <= 40; seed++) {
      const bytes = randomBytes(rng(seed * 31 + ext.length), 400);
      await expectHandled(`seed ${seed}`, dir, { apps: put(dir, `apps.${ext}`, bytes) });
    }
  });

  it('400 more seeded files per format through the loader alone: every problem names the file, with a row and column where it has one', () => {
    for (const ext of ['csv', 'json', 'yaml']) {
      for (let seed = 1; seed <= 400; seed++) {
        const file = `apps.${ext}`;
        const loaded = applicationsFromTable(readTable(file, randomBytes(rng(seed), 300)), DEFAULT_PROGRAM);
        expectLocated(`${file} seed ${seed}`, file, loaded.problems);
        expectRowsAccounted(`${file} seed ${seed}`, loaded);
      }
    }
  });

  it('40 seeded mutations of a valid file (a few bytes turned into punctuation), with --skip-invalid-rows too', async () => {
    const dir = tmp();
    const base = Buffer.from(VALID_CSV);
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(7000 + seed);
      const apps = put(dir, 'apps.csv', mutate(base, next, randInt(next, 1, 5)));
      await expectHandled(`seed ${seed}`, dir, { apps });
      await expectHandled(`seed ${seed} skipping`, dir, { apps }, 'either', ['--skip-invalid-rows']);
    }
  });
});

describe('applications: truncated files', () => {
  const bytes = Buffer.from(VALID_CSV);
  // Places worth naming: inside the two-byte "ë", and inside the quoted bio.
  const insideChar = bytes.indexOf(Buffer.from('ë')) + 1;
  const insideQuote = bytes.indexOf(Buffer.from('public works'));

  it('the named cut points are what they say', () => {
    expect(bytes[insideChar - 1]).toBe(0xc3);
    expect(insideQuote).toBeGreaterThan(0);
  });

  it('every cut point through the loader: only legal rows load, every problem is located', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const loaded = applicationsFromTable(readTable('apps.csv', bytes.subarray(0, cut)), DEFAULT_PROGRAM);
      expectLocated(`cut ${cut}`, 'apps.csv', loaded.problems);
      expectRowsAccounted(`cut ${cut}`, loaded);
    }
  });

  it('a cut inside a multi-byte character reads as Windows-1252 (with a warning), never as a crash', () => {
    const t = readTable('apps.csv', bytes.subarray(0, insideChar));
    expect(t.warnings.some((w) => w.includes('Windows-1252'))).toBe(true);
  });

  it('a cut inside a quoted answer is csv_malformed at the row it opened in, with its column', () => {
    const loaded = applicationsFromTable(readTable('apps.csv', bytes.subarray(0, insideQuote)), DEFAULT_PROGRAM);
    expect(loaded.problems.map((p) => [p.code, p.row, p.column])).toEqual([['csv_malformed', 2, 'bio']]);
  });

  it('every cut point through validate, and the named ones and 30 seeded others through run', async () => {
    const dir = tmp();
    const next = rng(99);
    const runAt = new Set([0, 1, insideChar, insideQuote, bytes.length - 1, bytes.length, ...Array.from({ length: 30 }, () => randInt(next, 0, bytes.length))]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const apps = put(dir, 'apps.csv', bytes.subarray(0, cut));
      if (runAt.has(cut)) {
        await expectHandled(`cut ${cut}`, dir, { apps });
        continue;
      }
      const r = await call(`cut ${cut}`, 'validate', apps);
      if (r.code === 2) problemLines(`cut ${cut}`, r.err, [apps]);
    }
    // Cut at the very end the file is whole again.
    const whole = await expectHandled('whole', dir, { apps: put(dir, 'apps.csv', bytes) }, 'ok');
    expect(whole.run.out).toMatch(/^\d+ pairs/);
  });
});

describe('applications: encodings', () => {
  const text = 'id,role,name,email,years_experience\r\nM1,mentor,Zoë Ménard,zoe@example.org,12\r\nE1,mentee,François Côté,francois@example.org,2\r\n';
  const utf16le = Buffer.from(text, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
    ['Latin-1 (Windows-1252)', Buffer.from(text, 'latin1')],
  ])('%s: runs, with the accented names intact', async (_label, bytes) => {
    const dir = tmp();
    await expectHandled(_label, dir, { apps: put(dir, 'apps.csv', bytes) }, 'ok');
    const names = outputRows(join(dir, 'out'), 'matches.csv').flatMap((r) => [r['mentor_name'], r['mentee_name']]);
    expect(names.sort()).toEqual(['François Côté', 'Zoë Ménard']);
  });

  it('Windows-1252 punctuation (curly quotes, dashes, €) is read as such, with a warning', () => {
    const t = readTable('apps.csv', Buffer.from([...Buffer.from('id,name\r\n1,'), 0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0x0d, 0x0a]));
    expect(t.rows[0]?.cells['name']).toBe('“A” – €');
    expect(t.warnings).toHaveLength(1);
  });

  it.each([
    ['UTF-16 LE without a BOM', utf16le],
    ['UTF-16 BE without a BOM', utf16be],
    ['UTF-16 LE with a BOM, cut in the middle of a character', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le.subarray(0, 31)])],
    ['UTF-16 LE with a BOM and a lone surrogate', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le.subarray(0, 30), Buffer.from([0x00, 0xd8, 0x41, 0x00])])],
  ])('%s: bad_encoding', async (label, bytes) => {
    const dir = tmp();
    const { problems } = await expectHandled(label, dir, { apps: put(dir, 'apps.csv', bytes) }, 'problems');
    expect(codesOf(problems)).toEqual(['bad_encoding']);
  });

  it('a stray NUL byte is bad_encoding at its row and column (not "UTF-16"), also past the first 4 kB', async () => {
    const dir = tmp();
    const filler = `${'x'.repeat(5000)}`;
    const apps = put(dir, 'apps.csv', `id,role,name,email,bio\r\nM1,mentor,Ann,ann@example.org,${filler}\r\nE1,mentee,B\0b,bob@example.org,\r\n`);
    const { problems } = await expectHandled('NUL', dir, { apps }, 'problems');
    expect(problems).toEqual([expect.stringMatching(/, row 3, column "name": value "B\\u0000b": .* \[bad_encoding\]$/)]);
    // Skipping unreadable rows, the damaged row is rejected and the rest is matched.
    await expectHandled('NUL skipped', dir, { apps }, 'ok', ['--skip-invalid-rows']);
    expect(outputRows(join(dir, 'out'), 'rejected.csv').map((r) => r['row'])).toEqual(['3']);
  });

  it('a NUL in a header, or in a JSON or YAML value, is bad_encoding too', () => {
    expect(readTable('t.csv', 'id,na\0me\r\n1,2\r\n').problems.map((p) => [p.code, p.row])).toEqual([['bad_encoding', 1]]);
    expect(readTable('t.json', '[{"id": "a\\u0000b"}]').problems.map((p) => [p.code, p.row, p.column])).toEqual([['bad_encoding', 1, 'id']]);
    expect(readTable('t.yaml', '- id: "a\\0b"\n').problems.map((p) => [p.code, p.row, p.column])).toEqual([['bad_encoding', 1, 'id']]);
  });
});

describe('applications: structure', () => {
  it.each([
    ['the same header twice', 'id,role,name,email,email\r\nM1,mentor,A,a@example.org,a@example.org\r\n', 'duplicate_column', 'row 1, column "email"'],
    ['headers differing in case', 'id,role,name,email,Email\r\nM1,mentor,A,a@example.org,x\r\n', 'duplicate_column', 'row 1, column "Email"'],
    ['headers differing in spaces and underscores', 'id,role,name,email,years_experience, Years  Experience \r\nM1,mentor,A,a@example.org,1,2\r\n', 'duplicate_column', 'row 1, column " Years  Experience "'],
    ['an extra column twice', 'id,role,name,email,x,x\r\nM1,mentor,A,a@example.org,1,2\r\n', 'duplicate_column', 'row 1, column "x"'],
    ['an unbalanced quote', 'id,role,name,email\r\nM1,mentor,"Ann,ann@example.org\r\nE1,mentee,Bob,bob@example.org\r\n', 'csv_malformed', 'row 2, column "name"'],
    ['a quote never closed in the header', 'id,role,"name,email\r\nM1,mentor,A,a@example.org\r\n', 'csv_malformed', 'row 1'],
    ['a row with more cells than the header', 'id,role,name,email\r\nM1,mentor,A,a@example.org,extra\r\n', 'csv_malformed', 'row 2'],
    ['an empty file', '', 'file_empty', ''],
    ['a header only', 'id,role,name,email\r\n', 'file_empty', ''],
    ['blank lines only', '\r\n\r\n,,,\r\n', 'file_empty', ''],
    ['no id column', 'role,name,email\r\nmentor,A,a@example.org\r\n', 'missing_column', 'row 1, column "id"'],
    ['a header over two lines, twice', 'id,role,name,email,"Notes\nmore","Notes\nmore"\r\nM1,mentor,A,a@example.org,1,2\r\n', 'duplicate_column', 'row 1, column "Notes\\nmore"'],
  ])('%s', async (label, content, code, where) => {
    const dir = tmp();
    const apps = put(dir, 'apps.csv', content);
    const { problems } = await expectHandled(label, dir, { apps }, 'problems');
    expect(codesOf(problems)).toContain(code);
    expect(problems.find((l) => l.endsWith(`[${code}]`))).toContain(`${apps}${where === '' ? ':' : `, ${where}`}`);
  });

  it.each([
    ['CR-only line ends (old Mac Excel)', VALID_CSV.replaceAll('\r\n', '\r')],
    ['LF line ends', VALID_CSV.replaceAll('\r\n', '\n')],
    ['a semicolon delimiter', 'id;role;name;email;interests\r\nM1;mentor;Zoë;zoe@example.org;"budgeting; planning"\r\nE1;mentee;Ana;ana@example.org;budgeting\r\n'],
    ['blank lines before the header and between rows', `\r\n\r\n${VALID_CSV.replace('M2,', '\r\nM2,')}`],
    ['a trailing blank column (Excel leaves them)', VALID_CSV.replaceAll('\r\n', ',\r\n')],
  ])('%s: runs', async (label, content) => {
    const dir = tmp();
    await expectHandled(label, dir, { apps: put(dir, 'apps.csv', content) }, 'ok');
  });
});

describe('applications: numbers', () => {
  const row = (years: string, capacity: string) =>
    `id,role,name,email,years_experience,capacity\r\nM1,mentor,A,a@example.org,${years},${capacity}\r\nE1,mentee,B,b@example.org,1,\r\n`;

  it.each(['1e309', 'NaN', 'Infinity', '-Infinity', '-0', '-1', '0x10', '"1,5"', '1e3', '7 years', '½', '٣'])(
    'years_experience %s is bad_number at its row and column',
    async (value) => {
      const dir = tmp();
      const { problems } = await expectHandled(value, dir, { apps: put(dir, 'apps.csv', row(value, '1')) }, 'problems');
      expect(problems).toEqual([expect.stringMatching(/, row 2, column "years_experience": .*\[bad_number\]$/)]);
    },
  );

  it.each(['1e309', 'NaN', 'Infinity', '-0', '0', '1.5', '0x10', '"1,5"', '1e2'])('capacity %s is bad_number at its row and column', async (value) => {
    const dir = tmp();
    const { problems } = await expectHandled(value, dir, { apps: put(dir, 'apps.csv', row('10', value)) }, 'problems');
    expect(problems).toEqual([expect.stringMatching(/, row 2, column "capacity": .*\[bad_number\]$/)]);
  });

  it.each([
    ['7.5 years', '7.5'],
    ['.5 years', '.5'],
    ['0 years', '0'],
    ['a capacity of 99999999999999999999 in a one-to-one program (a warning; it reads as 1)', '10,99999999999999999999'],
  ])('%s is legal', async (label, value) => {
    const dir = tmp();
    const content = value.includes(',') ? row(...(value.split(',') as [string, string])) : row(value, '1');
    await expectHandled(label, dir, { apps: put(dir, 'apps.csv', content) }, 'ok');
  });

  it('JSON numbers: 1e309 (Infinity) is bad_number; -0 is 0 and legal', async () => {
    const dir = tmp();
    const item = (years: string) =>
      `[{"id": "M1", "role": "mentor", "name": "A", "email": "a@example.org", "years_experience": ${years}}, {"id": "E1", "role": "mentee", "name": "B", "email": "b@example.org"}]`;
    const { problems } = await expectHandled('1e309', dir, { apps: put(dir, 'apps.json', item('1e309')) }, 'problems');
    expect(problems).toEqual([expect.stringMatching(/, row 1, column "years_experience": value "Infinity": .*\[bad_number\]$/)]);
    await expectHandled('-0', dir, { apps: put(dir, 'apps.json', item('-0')) }, 'ok');
  });

  it.each(['.nan', '.inf', '-.inf', '.NaN'])('YAML %s is bad_number, quoted as written', async (value) => {
    const dir = tmp();
    const yaml = `- {id: M1, role: mentor, name: A, email: a@example.org, years_experience: ${value}}\n- {id: E1, role: mentee, name: B, email: b@example.org}\n`;
    const { problems } = await expectHandled(value, dir, { apps: put(dir, 'apps.yaml', yaml) }, 'problems');
    expect(problems).toEqual([expect.stringMatching(new RegExp(`, row 1, column "years_experience": value "${value.replace('.', '\\.')}": .*\\[bad_number\\]$`))]);
  });
});

describe('applications: JSON and YAML of the wrong shape', () => {
  it.each([
    ['apps.json', '{}', 'not_a_table'],
    ['apps.json', '"text"', 'not_a_table'],
    ['apps.json', '42', 'not_a_table'],
    ['apps.json', 'null', 'file_empty'],
    ['apps.json', '{"applicants": {"id": 1}}', 'not_a_table'],
    ['apps.json', '[1, 2]', 'not_a_table'],
    ['apps.json', '[]', 'missing_column'],
    ['apps.json', '[{"id": {"x": 1}, "role": "mentor", "name": "A", "email": "a@example.org"}]', 'not_a_table'],
    ['apps.json', '[{"id": [[1]], "role": "mentor", "name": "A", "email": "a@example.org"}]', 'not_a_table'],
    ['apps.json', '[{"__proto__": {"x": 1}, "id": "M1", "role": "mentor", "name": "A", "email": "a@example.org"}]', 'not_a_table'],
    ['apps.json', '[{"id": "M1",', 'json_malformed'],
    ['apps.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, 'not_a_table'],
    ['apps.yaml', 'applicants: 3', 'not_a_table'],
    ['apps.yaml', '- just text\n', 'not_a_table'],
    ['apps.yaml', '- id: M1\n  id: M2\n', 'yaml_malformed'],
    ['apps.yaml', '- id: M1\n---\n- id: M2\n', 'yaml_malformed'],
    ['apps.yaml', '- id: M1\n  ? [a, b]\n  : x\n', 'yaml_malformed'],
    ['apps.yaml', '- id: [1, 2\n', 'yaml_malformed'],
    ['apps.yaml', '- id: "a\u0001b"\n', 'yaml_malformed'],
    ['apps.yaml', '# comments only\n', 'file_empty'],
  ])('%s %j', async (name, content, code) => {
    const dir = tmp();
    const { problems } = await expectHandled(`${name} ${content.slice(0, 40)}`, dir, { apps: put(dir, name, content) }, 'problems');
    expect(codesOf(problems)).toContain(code);
  });

  it('a parser message quoting the file is printed on one line, its control characters escaped', async () => {
    const dir = tmp();
    const { problems } = await expectHandled('quoted', dir, { apps: put(dir, 'apps.json', '@ \n\u001b[2J \u009b31m') }, 'problems');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('\\n');
    expect(problems[0]).toContain('\\u001b[2J');
    expect(problems[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('a YAML bomb of applications is yaml_malformed, refused before it expands', async () => {
    const dir = tmp();
    const { problems } = await expectHandled('bomb', dir, { apps: put(dir, 'apps.yaml', yamlBomb(10, 'applicants: [*LAST]')) }, 'problems');
    expect(codesOf(problems)).toEqual(['yaml_malformed']);
  });

  it('deep YAML nesting is one yaml_malformed with its line, as often as it comes (it used to crash Node on the second file)', async () => {
    const dir = tmp();
    for (const deep of ['['.repeat(100_000), '{'.repeat(5_000), '- '.repeat(5_000), '[{'.repeat(3_000), '['.repeat(100_000)]) {
      const { problems } = await expectHandled('deep', dir, { apps: put(dir, 'apps.yaml', deep) }, 'problems');
      expect(problems).toEqual([expect.stringMatching(new RegExp(`levels of nesting.*\\(line 1\\) \\[yaml_malformed\\]$`))]);
    }
    // Just inside the limit is a table again (here: a list with one item too deep to be a cell).
    const t = readTable('apps.yaml', `- id: ${'['.repeat(MAX_YAML_DEPTH - 3)}1${']'.repeat(MAX_YAML_DEPTH - 3)}\n`);
    expect(t.problems.map((p) => p.code)).toEqual(['not_a_table']);
  });

  it(`a YAML file may reuse an anchor ${MAX_ALIAS_COUNT} times, not more`, () => {
    const anchored = (n: number) => `- &p {id: M0, role: mentor, name: A, email: a@example.org}\n${'- *p\n'.repeat(n)}`;
    expect(readTable('apps.yaml', anchored(MAX_ALIAS_COUNT - 1)).problems).toEqual([]);
    expect(readTable('apps.yaml', anchored(MAX_ALIAS_COUNT * 50)).problems.map((p) => p.code)).toEqual(['yaml_malformed']);
  });

  it('a syntax error cascading down a long YAML file lists each error once, at most 100 in all', () => {
    const t = readTable('apps.yaml', Array.from({ length: 2_000 }, (_, i) => `- id: [${i}\n  x: }`).join('\n'));
    expect(t.problems.length).toBeGreaterThan(0);
    expect(t.problems.length).toBeLessThanOrEqual(101);
    expect(new Set(t.problems.map((p) => p.expected)).size).toBe(t.problems.length);
  });
});

describe('applications: large inputs', () => {
  it('a 10 MB answer (a bio of 1.7 million words) loads and runs', async () => {
    const dir = tmp();
    const bio = 'budgeting, "planning" and\nmore '.repeat((10 * 1024 * 1024) / 32);
    const apps = put(dir, 'apps.csv', `id,role,name,email,bio\r\nM1,mentor,Ann,ann@example.org,"${bio.replaceAll('"', '""')}"\r\nE1,mentee,Bob,bob@example.org,Hello\r\n`);
    await withBudget(15_000, () => expectHandled('10 MB', dir, { apps }, 'ok'));
  }, 60_000);

  it('a 10 MB answer in a column nobody scores loads and runs', async () => {
    const dir = tmp();
    const apps = put(dir, 'apps.csv', `id,role,name,email,notes\r\nM1,mentor,Ann,ann@example.org,${'x'.repeat(10 * 1024 * 1024)}\r\nE1,mentee,Bob,bob@example.org,Hi\r\n`);
    await withBudget(15_000, () => expectHandled('10 MB notes', dir, { apps }, 'ok'));
  }, 60_000);

  // natural's Porter stemmer runs /[^aeiouy]+y/g on each word, quadratic in
  // the word's length (a 10 MB "word" never ends): words past
  // MAX_STEMMED_LETTERS are dropped before stemming (scoring/tokenize-text.ts).
  it('a bio that is one 10,000-letter word is tokenized in time', () => {
    const started = performance.now();
    tokenizeText('x'.repeat(10_000));
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('a row just above the record limit is csv_malformed at that row, saying it is too large (not only "a quote is not closed")', async () => {
    const dir = tmp();
    const bio = 'x'.repeat(MAX_CSV_RECORD_CHARS + 1);
    const apps = put(dir, 'apps.csv', `id,role,name,email,bio\r\nM1,mentor,Ann,ann@example.org,"${bio}"\r\nE1,mentee,Bob,bob@example.org,Hello\r\n`);
    const { problems } = await withBudget(15_000, () => expectHandled('over', dir, { apps }, 'problems'));
    expect(problems).toEqual([expect.stringMatching(/, row 2, column "bio": a row under 16 MB: .*too long.* \[csv_malformed\]$/)]);
  }, 60_000);

  it('an unclosed quote early in a large file is csv_malformed at the row it opened in', () => {
    const t = readTable('apps.csv', `id,name\r\n1,"Ann\r\n${'2,Bob\r\n'.repeat(200_000)}`);
    expect(t.problems.map((p) => [p.code, p.row, p.column])).toEqual([['csv_malformed', 2, 'name']]);
  });

  it(`a header of a million commas is read in linear time; more than ${MAX_COLUMNS} columns is refused`, () => {
    const started = performance.now();
    const blankTail = readTable('apps.csv', `id,role,name,email${','.repeat(1_000_000)}\r\n${'M1,mentor,A,a@example.org\r\n'.repeat(1000)}`);
    expect(blankTail.problems.map((p) => [p.code, p.row])).toEqual([['csv_malformed', 1]]);
    const wide = readTable('apps.csv', `id${',h'.repeat(MAX_COLUMNS)}\r\n1\r\n`);
    expect(wide.problems.map((p) => [p.code, p.row])).toEqual([['csv_malformed', 1]]);
    const manyBlank = readTable('apps.csv', `id,role,name,email${','.repeat(MAX_COLUMNS - 10)}\r\n${'M1,mentor,A,a@example.org\r\n'.repeat(5_000)}`);
    expect(manyBlank.problems).toEqual([]);
    expect(manyBlank.headers).toEqual(['id', 'role', 'name', 'email']);
    expect(performance.now() - started).toBeLessThan(CASE_BUDGET_MS);
  });

  it(`more than ${MAX_TABLE_CELLS.toLocaleString('en-US')} cells (rows × columns) is refused before rows are built`, () => {
    const started = performance.now();
    const header = Array.from({ length: 5_000 }, (_, i) => `h${i}`).join(',');
    const csv = readTable('apps.csv', `${header}\r\n${'x\r\n'.repeat(MAX_TABLE_CELLS / 5_000 + 1)}`);
    expect(csv.problems.map((p) => p.code)).toEqual(['file_unreadable']);
    // JSON: every item with a key of its own.
    const json = readTable('apps.json', `[${Array.from({ length: 20_000 }, (_, i) => `{"k${i}": 1}`).join(',')}]`);
    expect(json.problems.map((p) => p.code)).toEqual(['not_a_table']);
    expect(performance.now() - started).toBeLessThan(CASE_BUDGET_MS);
  });

  it('100,000 rows (a generated pool) load and check in time, with nobody lost', () => {
    const dir = tmp();
    const rows = generatePool({ seed: 2025, mentees: 70_000, mentors: 30_000 });
    const apps = put(dir, 'pool.csv', poolToCsv(rows, { bom: true }));
    const started = performance.now();
    const loaded = loadApplications(apps, DEFAULT_PROGRAM);
    const columns = checkColumns(apps, DEFAULT_PROGRAM, loaded.columns);
    const ms = performance.now() - started;
    expect(loaded.problems).toEqual([]);
    expect(columns.problems).toEqual([]);
    expect(loaded.rowsRead).toBe(100_000);
    expect(loaded.applicants).toHaveLength(100_000);
    expect(new Set(loaded.applicants.map((a) => a.id)).size).toBe(100_000);
    expect(loaded.applicants.filter((a) => a.role === 'mentor')).toHaveLength(30_000);
    // About 9 s on a 2-core machine, most of it csv-parse and the garbage collector.
    expect(ms, `loading 100,000 rows took ${Math.round(ms)} ms`).toBeLessThan(20_000);
  }, 60_000);

  it('a generated pool of 400 runs end to end, everyone accounted for', async () => {
    const dir = tmp();
    const apps = put(dir, 'pool.csv', poolToCsv(generatePool({ seed: 5, mentees: 250, mentors: 150 })));
    await expectHandled('pool', dir, { apps }, 'ok');
  }, 30_000);
});

// ---------------------------------------------------------------------------
// Config

describe('config: hostile YAML', () => {
  const suite = suiteDir();
  let apps = '';
  let dir = '';
  beforeAll(() => ({ dir, apps } = withValidApplications(suite())));
  const withConfig = (label: string, content: string | Uint8Array, expectation: Expectation) => expectHandled(label, dir, { apps, config: put(dir, 'program.yaml', content) }, expectation);

  it('the valid config runs', async () => {
    await withConfig('valid', VALID_CONFIG, 'ok');
  });

  it('40 seeded files of random bytes, and 40 seeded mutations of the valid config', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      await withConfig(`random ${seed}`, randomBytes(rng(seed * 17), 300), 'either');
      const next = rng(5000 + seed);
      await withConfig(`mutation ${seed}`, mutate(Buffer.from(VALID_CONFIG), next, randInt(next, 1, 6)), 'either');
    }
  });

  it('every truncation of the valid config', async () => {
    const bytes = Buffer.from(VALID_CONFIG);
    for (let cut = 0; cut <= bytes.length; cut += 3) await withConfig(`cut ${cut}`, bytes.subarray(0, cut), 'either');
  });

  it.each([
    ['a YAML bomb', yamlBomb(10, 'program: *LAST'), 'yaml_malformed', ''],
    ['a YAML bomb under weights', yamlBomb(12, 'weights: {interests: *LAST}'), 'yaml_malformed', ''],
    ['a self-referencing alias', 'weights: &w\n  interests: *w\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['deep flow nesting', '['.repeat(50_000), 'yaml_malformed', ', row 1'],
    ['deep block nesting', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), 'yaml_malformed', `, row ${MAX_YAML_DEPTH + 1}`],
    ['weights.interests: 1e309', 'weights:\n  interests: 1e309\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['weights.interests: .nan', 'weights:\n  interests: .nan\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['weights.interests: .inf', 'weights:\n  interests: .inf\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['weights.interests: -.inf', 'weights:\n  interests: -.inf\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['weights.interests: NaN (text)', 'weights:\n  interests: NaN\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['weights.interests: 1,5', 'weights:\n  interests: 1,5\n', 'config_invalid', ', row 2, column "weights.interests"'],
    ['min_score: 1e309', 'min_score: 1e309\n', 'config_invalid', ', row 1, column "min_score"'],
    ['min_score: .nan', 'min_score: .nan\n', 'config_invalid', ', row 1, column "min_score"'],
    ['min_score: -.inf', 'min_score: -.inf\n', 'config_invalid', ', row 1, column "min_score"'],
    ['quotas.same_department: .inf', 'quotas:\n  same_department: .inf\n', 'config_invalid', ', row 2, column "quotas.same_department"'],
    ['quotas.same_region: .nan', 'quotas:\n  same_region: .nan\n', 'config_invalid', ', row 2, column "quotas.same_region"'],
    ['quotas.same_region: 1e309', 'quotas:\n  same_region: 1e309\n', 'config_invalid', ', row 2, column "quotas.same_region"'],
    ['capacity.max: 1e300', 'shape: capacity\ncapacity:\n  max: 1e300\n', 'config_invalid', ', row 3, column "capacity.max"'],
    ['eligibility years: .inf', 'eligibility:\n  - rule: mentor_min_years\n    years: .inf\n', 'config_invalid', ', row 3, column "eligibility[0].years"'],
    ['upper_bounds: [.nan]', 'factors:\n  community_size:\n    bands: [a, b]\n    upper_bounds: [.nan]\n', 'config_invalid', ', row 4, column "factors.community_size.upper_bounds[0]"'],
    ['a key set twice', 'min_score: 1\nmin_score: 2\n', 'yaml_malformed', ', row 2'],
    ['a tab as indentation', 'weights:\n\tinterests: 2\n', 'yaml_malformed', ', row 2'],
    ['a NUL byte', 'program: A\0B\n', 'yaml_malformed', ', row 1'],
    ['an escape character', 'program: X\nmin_score: 1\x1b[2J\n', 'yaml_malformed', ', row 2'],
    ['a JSON list', '[1, 2, 3]', 'config_invalid', ', row 1'],
    ['a bare number', '42', 'config_invalid', ', row 1'],
    ['two documents', 'program: A\n---\nprogram: B\n', 'yaml_malformed', ', row 2'],
    ['a list as a key', '? [a, b]\n: 1\n', 'yaml_malformed', ', row 1'],
    ['5,000 unknown keys', Array.from({ length: 5_000 }, (_, i) => `k${i}: ${i}`).join('\n'), 'config_unknown_key', ', row 1, column "k0"'],
    ['a file over the size limit', `program: X\n${'# padding\n'.repeat(MAX_CONFIG_BYTES / 10 + 1)}`, 'file_unreadable', ''],
  ])('%s', async (label, content, code, where) => {
    const { problems } = await withConfig(label, content, 'problems');
    expect(codesOf(problems), label).toContain(code);
    expect(problems.find((l) => l.endsWith(`[${code}]`))).toContain(`${join(dir, 'program.yaml')}${where === '' ? ':' : where}`);
    expect(problems.length).toBeLessThanOrEqual(101);
  });

  it('one wrong value is listed once, even when it breaks two rules of the schema', async () => {
    const { problems } = await withConfig('twice', 'shape: capacity\ncapacity:\n  default: 9007199254740993\n  max: 1e300\n', 'problems');
    expect(problems).toHaveLength(2);
  });

  it.each([
    ['a JSON-style config', '{"program": "X", "weights": {"interests": 2}, "min_score": 10}'],
    ['a flow mapping with trailing commas (legal YAML)', '{"program": "X", "weights": {"interests": 2,}, }'],
    ['a hexadecimal weight (YAML 1.2: 16)', 'weights:\n  interests: 0x10\n'],
    ['a tab between key and value', 'program:\tX\n'],
    ['an empty file', ''],
    ['comments only', '# nothing yet\n'],
    ['CRLF line ends and a BOM', `\uFEFF${VALID_CONFIG.replaceAll('\n', '\r\n')}`],
    ['UTF-16 LE with a BOM (Notepad\'s "Unicode")', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID_CONFIG, 'utf16le')])],
    ['anchors and aliases used a few times', 'weights: &w\n  interests: 2\n  skills: 2\nfactors:\n  department: {prefer: any}\n'],
    ['a 200 kB program name', `program: ${'x'.repeat(200_000)}\n`],
  ])('%s: legal, runs', async (label, content) => {
    await withConfig(label, content, 'ok');
  });

  it('a Latin-1 config is bad_encoding at the line of its first accented letter', async () => {
    const { problems } = await withConfig('latin1', Buffer.from('# Programme\nprogram: Programme départemental\n', 'latin1'), 'problems');
    expect(problems).toEqual([expect.stringMatching(/program\.yaml, row 2: .*\[bad_encoding\]$/)]);
    expect(loadProgramConfig(join(dir, 'program.yaml')).problems.map((p) => [p.code, p.row])).toEqual([['bad_encoding', 2]]);
  });
});

// ---------------------------------------------------------------------------
// History, edits and release lists

describe('history and edits files', () => {
  const suite = suiteDir();
  let apps = '';
  let dir = '';
  beforeAll(() => ({ dir, apps } = withValidApplications(suite())));
  const validHistory = 'mentor,mentee,year\r\nM1,E1,2024\r\nM2,E2,2023\r\n';
  const validEdits = 'mentor,mentee,action,note\r\nM1,E2,pin,"Committee, Aug 12"\r\nM2,E1,ban,\r\n';

  it('the valid files run', async () => {
    await expectHandled('valid', dir, { apps, history: put(dir, 'history.csv', validHistory), edits: put(dir, 'edits.csv', validEdits) }, 'ok');
  });

  it.each(['history', 'edits'] as const)('%s: 25 seeded files of random bytes and every 3rd truncation point', async (kind) => {
    const name = `${kind}.csv`;
    for (let seed = 1; seed <= 25; seed++) {
      await expectHandled(`${kind} random ${seed}`, dir, { apps, [kind]: put(dir, name, randomBytes(rng(seed * 13 + kind.length), 200)) });
    }
    const bytes = Buffer.from(kind === 'history' ? validHistory : validEdits);
    for (let cut = 0; cut <= bytes.length; cut += 3) await expectHandled(`${kind} cut ${cut}`, dir, { apps, [kind]: put(dir, name, bytes.subarray(0, cut)) });
  });

  it.each([
    ['edits naming nobody', 'edits', 'mentor,mentee,action\r\nZZ,E1,pin\r\n', 'unknown_reference', ', row 2, column "mentor"'],
    ['edits with a bad action', 'edits', 'mentor,mentee,action\r\nM1,E1,nuke\r\n', 'bad_action', ', row 2, column "action"'],
    ['edits pinning and banning one pair', 'edits', 'mentor,mentee,action\r\nM1,E1,pin\r\nM1,E1,ban\r\n', 'pair_conflict', ', row 3, column "action"'],
    ['edits with the mentor column twice', 'edits', 'mentor,Mentor,mentee,action\r\nM1,M2,E1,pin\r\n', 'duplicate_column', ', row 1, column "Mentor"'],
    ['edits with an unbalanced quote', 'edits', 'mentor,mentee,action\r\n"M1,E1,pin\r\n', 'csv_malformed', ', row 2, column "mentor"'],
    ['edits with a NUL byte', 'edits', 'mentor,mentee,action\r\nM1,E\u00001,pin\r\n', 'bad_encoding', ', row 2, column "mentee"'],
    ['an empty edits file', 'edits', '', 'file_empty', ''],
    ['history without a mentee column', 'history', 'mentor,year\r\nM1,2024\r\n', 'missing_column', ', row 1, column "mentee"'],
    ['history with a blank mentor', 'history', 'mentor,mentee\r\n,E1\r\n', 'missing_value', ', row 2, column "mentor"'],
    ['history as deep YAML', 'history', '['.repeat(5_000), 'yaml_malformed', ''],
    ['history as JSON of the wrong shape', 'history', '{"pairs": 3}', 'not_a_table', ''],
  ])('%s', async (label, kind, content, code, where) => {
    const ext = content.startsWith('[') ? 'yaml' : content.startsWith('{') ? 'json' : 'csv';
    const path = put(dir, `${kind}.${ext}`, content);
    const { problems } = await expectHandled(label, dir, { apps, [kind]: path }, 'problems');
    expect(codesOf(problems)).toContain(code);
    expect(problems.find((l) => l.endsWith(`[${code}]`))).toContain(`${path}${where === '' ? ':' : where}`);
  });

  it('history naming people not in this cohort is legal: the pairs are skipped', async () => {
    await expectHandled('left', dir, { apps, history: put(dir, 'history.csv', 'mentor,mentee\r\nGONE,E1\r\nM1,GONE2\r\n') }, 'ok');
  });

  it(`150,000 bad edit rows list ${MAX_PAIRS_PROBLEMS} problems and a count, not a stack overflow`, async () => {
    const edits = put(dir, 'edits.csv', `mentor,mentee,action\r\n${'ZZ,E1,pin\r\n'.repeat(150_000)}`);
    const loaded = loadPairs(edits, 'edits', []);
    expect(loaded.problems).toHaveLength(MAX_PAIRS_PROBLEMS + 1);
    // Two a row: neither the mentor nor the mentee is an applicant.
    expect(loaded.problems.at(-1)?.expected).toMatch(/^299000 more problems/);
    const { problems } = await expectHandled('150k', dir, { apps, edits }, 'problems');
    expect(problems).toHaveLength(MAX_PAIRS_PROBLEMS + 1);
  }, 60_000);
});

describe('release lists (rematch)', () => {
  let apps: string;
  let previous: string;
  let dir: string;
  let applicants: readonly Applicant[];
  const suite = suiteDir();
  beforeAll(async () => {
    dir = suite();
    apps = put(dir, 'apps.csv', VALID_CSV);
    previous = join(dir, 'previous');
    expect((await cli('run', apps, '--out', previous)).code).toBe(0);
    applicants = loadApplications(apps, DEFAULT_PROGRAM).applicants;
  });

  /** `rematch` with `release` as the release list: exit 0 with a complete folder, or exit 2 with none. */
  async function rematch(label: string, release: string, expectation: Expectation): Promise<string[]> {
    const out = join(dir, 'out');
    rmSync(out, { recursive: true, force: true });
    const r = await call(label, 'rematch', apps, '--previous', previous, '--release', release, '--out', out);
    if (expectation !== 'either') expect(r.code, `${label}\n${r.err}`).toBe(expectation === 'ok' ? 0 : 2);
    expectNoStaging(label, dir);
    if (r.code === 0) {
      expectEveryoneAccounted(label, out, undefined);
      return [];
    }
    expect(existsSync(out), `${label}: an output folder after a failed rematch`).toBe(false);
    return problemLines(label, r.err, [release, apps, previous]);
  }

  it('40 seeded files of random bytes, and every truncation point of a valid list', async () => {
    for (let seed = 1; seed <= 40; seed++) await rematch(`random ${seed}`, put(dir, 'release.csv', randomBytes(rng(seed * 11), 200)), 'either');
    const bytes = Buffer.from('mentor,mentee\r\nM1,\r\n');
    for (let cut = 0; cut <= bytes.length; cut++) await rematch(`cut ${cut}`, put(dir, 'release.csv', bytes.subarray(0, cut)), 'either');
  });

  it.each([
    ['someone not in the applications', 'mentor,mentee\r\nZZ,E1\r\n', 'unknown_reference', ', row 2, column "mentor"'],
    ['an unbalanced quote', 'mentor,mentee\r\n"M1,E1\r\n', 'csv_malformed', ', row 2, column "mentor"'],
    ['the mentor column twice', 'mentor,mentor,mentee\r\nM1,M2,E1\r\n', 'duplicate_column', ', row 1, column "mentor"'],
    ['no mentor or mentee column', 'who\r\nM1\r\n', 'missing_column', ', row 1'],
    ['an empty file', '', 'file_empty', ''],
    ['a NUL byte', 'mentor,mentee\r\nM\u00001,\r\n', 'bad_encoding', ', row 2, column "mentor"'],
  ])('%s', async (label, content, code, where) => {
    const release = put(dir, 'release.csv', content);
    const problems = await rematch(label, release, 'problems');
    expect(codesOf(problems)).toContain(code);
    expect(problems.find((l) => l.endsWith(`[${code}]`))).toContain(`${release}${where === '' ? ':' : where}`);
  });

  it('a JSON item whose cell is an object gets only the reader\'s problem, not also "nothing to release"', () => {
    const release = put(dir, 'release.json', '[{"mentor": {"id": "M1"}}]');
    expect(loadReleaseList(release, applicants).problems.map((p) => [p.code, p.row, p.column])).toEqual([['not_a_table', 1, 'mentor']]);
    expect(loadReleaseList(put(dir, 'release.yaml', '['.repeat(5_000)), [makeApplicant()]).problems.map((p) => p.code)).toEqual(['yaml_malformed']);
  });

  it('a valid release list rematches', async () => {
    await rematch('valid', put(dir, 'release.csv', 'mentor,mentee\r\nM1,\r\n'), 'ok');
  });
});

describe('the checks themselves', () => {
  it('problemLines rejects a trace, and a line without a file or a code', () => {
    expect('mentor-match: internal error\nRangeError: x\n    at f (/a/b.ts:1:2)').toMatch(STACK_TRACE);
    expect('RangeError: Maximum call stack size exceeded').toMatch(ERROR_CLASS);
    expect(() => problemLines('t', 'mentor-match: 1 problem found:\n  other.csv: x [bad_number]\n', ['apps.csv'])).toThrow();
    expect(() => problemLines('t', 'mentor-match: 1 problem found:\n  apps.csv: x\n', ['apps.csv'])).toThrow();
    expect(() => problemLines('t', 'mentor-match: 2 problems found:\n  apps.csv: x [bad_number]\n', ['apps.csv'])).toThrow();
    expect(() => problemLines('t', 'mentor-match: 1 problem found:\n  apps.csv, row 2: x [bad_number]\n', ['apps.csv'])).toThrow();
    expect(problemLines('t', 'mentor-match: 1 problem found:\n  apps.csv, row 2, column "x": x [bad_number]\n', ['apps.csv'])).toHaveLength(1);
  });

  it('readTableFile on a folder or a missing file is a problem, not an exception', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'folder.csv'));
    expect(readTableFile(join(dir, 'folder.csv')).problems.map((p) => p.code)).toEqual(['file_unreadable']);
    expect(readTableFile(join(dir, 'missing.csv')).problems.map((p) => p.code)).toEqual(['file_not_found']);
  });
});
