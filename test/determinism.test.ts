/**
 * Determinism (issue 6, item 3): the same inputs and config give
 * byte-identical output files whatever the order of the input rows — of the
 * applications file, the history file and the edits file alike.
 *
 * What may legitimately differ between two orders of the same rows, and is
 * the only thing taken out before comparing:
 * - the applications file's SHA-256 (run.json `input.sha256`, and the same
 *   hex where the reports quote it): a different byte order is a different
 *   file, and the record must say which file it read;
 * - run.json `timings_ms`: wall-clock times, different on every run.
 *
 * Row numbers would legitimately differ too where a warning or a problem
 * points at an input row; none of these cohorts has such a warning (the test
 * checks that, so a new one shows up here instead of hiding behind a mask).
 * Everything else that differs is a bug.
 *
 * Each order runs into the same output folder path with its inputs at the
 * same paths, so that paths the reports quote (the earlier run's folder of
 * a re-run) are equal too. Runs are in-process (the CLI's `main`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { generatePool, poolToCsv, type PoolRow } from '../fixtures/generate-pool.js';
import { buildRunRecord } from '../runners/build-run-record.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { makeApplicant } from './helpers/applicant.js';
import { resultOf } from './helpers/result.js';
import { cli } from './helpers/cli.js';
import { rng } from './helpers/rng.js';
import { SAMPLE_FOLDER } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

/** Orders tried besides the file's own: seeds of the shuffles. */
const SHUFFLE_SEEDS = [1, 2, 3];

type Table = string[][];

const readTable = (file: string): Table => parse(readFileSync(file, 'utf8'), { bom: true }) as Table;

/** The table with its data rows (not the header) in a seeded random order; seed 0 keeps the order. */
function shuffled(table: Table, seed: number): Table {
  const [header, ...rows] = table;
  if (header === undefined) return table;
  if (seed !== 0) {
    const next = rng(seed);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as string[], rows[i] as string[]];
    }
  }
  return [header, ...rows];
}

/** Writes a table as CSV (CRLF, every field quoted, so text with commas and line breaks survives). */
function writeTable(file: string, table: Table): void {
  writeFileSync(file, stringify(table, { quoted: true, record_delimiter: 'windows' }));
}

/** Every file of a folder, by path relative to it, sorted. */
function readFolder(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else files.set(rel, readFileSync(join(dir, entry.name)));
    }
  };
  walk(folder, '');
  return files;
}

/**
 * The folder's files with what legitimately differs between orders taken
 * out (see the top of this file): the input's SHA-256 wherever it appears,
 * and run.json's timings. Nothing else is touched.
 */
function comparable(folder: string, inputSha256: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, bytes] of readFolder(folder)) {
    let text = bytes.toString('utf8').replaceAll(inputSha256, '<input sha256>');
    if (path === 'run.json') {
      const record = JSON.parse(text) as { timings_ms?: unknown; warnings?: unknown };
      expect(record.timings_ms, 'run.json records timings').toBeTypeOf('object');
      delete record.timings_ms;
      text = `${JSON.stringify(record, null, 2)}\n`;
      // No warning quotes a row number in these cohorts (see the top of this file).
      expect(JSON.stringify(record.warnings), 'a warning names an input row').not.toMatch(/\brows?\s+\d/);
    }
    out.set(path, text);
  }
  return out;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** One cohort: the files of a run (applications, and optionally history and edits), a config, and extra flags. */
interface Cohort {
  readonly applications: Table;
  readonly history?: Table;
  readonly edits?: Table;
  /** Edits for a second run into the same folder (changes.csv, the reports' "what changed"). */
  readonly reEdits?: Table;
  /** Program config; default: the documented defaults. */
  readonly config?: string;
  readonly flags?: readonly string[];
}

/**
 * Runs `cohort` with every file's rows in the order of `seed` (each file
 * shuffled on its own), into `<base>/out`; then, when `reEdits` is given,
 * again into the same folder with those edits. Returns the comparable
 * files of each run.
 */
async function runInOrder(base: string, cohort: Cohort, seed: number): Promise<Map<string, string>[]> {
  const inputs = join(base, 'in');
  const out = join(base, 'out');
  rmSync(inputs, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(inputs, { recursive: true });
  const applications = join(inputs, 'applications.csv');
  // Each file gets its own order: seeds apart by file.
  writeTable(applications, shuffled(cohort.applications, seed));
  const args = ['run', applications, ...(cohort.config !== undefined ? ['--config', cohort.config] : []), '--out', out, ...(cohort.flags ?? [])];
  if (cohort.history !== undefined) {
    writeTable(join(inputs, 'history.csv'), shuffled(cohort.history, seed === 0 ? 0 : seed + 100));
    args.push('--history', join(inputs, 'history.csv'));
  }
  const editsFile = join(inputs, 'edits.csv');
  if (cohort.edits !== undefined) {
    writeTable(editsFile, shuffled(cohort.edits, seed === 0 ? 0 : seed + 200));
    args.push('--edits', editsFile);
  }
  const first = await cli(...args);
  expect(first.code, first.err).toBe(0);
  const runs = [comparable(out, sha256(applications))];
  if (cohort.reEdits !== undefined) {
    writeTable(editsFile, shuffled(cohort.reEdits, seed === 0 ? 0 : seed + 300));
    const second = await cli(...args.filter((a, i) => a !== '--edits' && args[i - 1] !== '--edits'), '--edits', editsFile);
    expect(second.code, second.err).toBe(0);
    const files = comparable(out, sha256(applications));
    expect(files.has('changes.csv'), 'a re-run writes changes.csv').toBe(true);
    runs.push(files);
  }
  return runs;
}

/** Where one order's output differs from the file's own order's: the order's seed, the run (1, or 2 for the re-run), the file. */
interface Difference {
  readonly seed: number;
  readonly run: number;
  readonly path: string;
  readonly text: string | undefined;
  readonly expected: string | undefined;
}

/** Runs `cohort` in its own order and in each order of `seeds`; returns the first order's files and every difference. */
async function compareOrders(cohort: Cohort, seeds: readonly number[] = SHUFFLE_SEEDS): Promise<{ reference: Map<string, string>[]; differences: Difference[] }> {
  const base = tmp();
  const reference = await runInOrder(base, cohort, 0);
  const differences: Difference[] = [];
  for (const seed of seeds) {
    const runs = await runInOrder(base, cohort, seed);
    for (const [index, files] of runs.entries()) {
      const ref = reference[index] as Map<string, string>;
      for (const path of new Set([...ref.keys(), ...files.keys()])) {
        if (files.get(path) !== ref.get(path)) differences.push({ seed, run: index + 1, path, text: files.get(path), expected: ref.get(path) });
      }
    }
  }
  return { reference, differences };
}

/** Asserts that every order of `cohort` gives the files of the file's own order, byte for byte (but for the masked parts). */
async function expectSameInEveryOrder(cohort: Cohort): Promise<Map<string, string>[]> {
  const { reference, differences } = await compareOrders(cohort);
  expect(differences.map((d) => `order ${d.seed}, run ${d.run}: ${d.path}`)).toEqual([]);
  return reference;
}

/** A table's column index by name (the test's own fixtures: a missing column is a bug here). */
function column(table: Table, name: string): number {
  const at = table[0]?.indexOf(name) ?? -1;
  if (at < 0) throw new Error(`no column ${name}`);
  return at;
}

/** A generated pool as a table, its header the template's. */
function poolTable(rows: readonly PoolRow[]): Table {
  return parse(poolToCsv(rows), {}) as Table;
}

/**
 * A generated cohort with everything that takes part in matching: capacities
 * (1–3, some blank), ranked choices, mutual requests, supervisors in the pool,
 * a history of past pairs and committee pins and bans (and different edits
 * for the re-run). With `group`, the PCMA group preset: capacities blanked
 * (every mentor leads up to the preset's size) and a few declared co-mentor
 * teams, the rest paired by the engine.
 */
function generatedCohort(seed: number, group: boolean, renames: Readonly<Record<string, string>> = {}): Omit<Cohort, 'config'> {
  const table = poolTable(generatePool({ seed, mentees: 54, mentors: 34 }));
  const id = column(table, 'id');
  const role = column(table, 'role');
  // Renamed ids, wherever a cell names them (id, choices, requests, supervisors).
  for (const row of table.slice(1)) {
    row.forEach((cell, c) => {
      row[c] = cell
        .split(';')
        .map((item) => renames[item.trim()] ?? item)
        .join(';');
    });
  }
  const ids = (r: 'mentor' | 'mentee'): string[] => table.slice(1).filter((row) => row[role] === r).map((row) => row[id] as string);
  const mentors = ids('mentor');
  const mentees = ids('mentee');
  if (group) {
    const capacity = column(table, 'capacity');
    const coMentors = column(table, 'co_mentors');
    for (const row of table.slice(1)) row[capacity] = '';
    // Declared teams: MTR-0003 with MTR-0004, and MTR-0010 with MTR-0011 (named by one side only).
    for (const [lead, co] of [[2, 3], [9, 10]] as const) {
      const row = table.find((r) => r[id] === mentors[lead]);
      if (row !== undefined) row[coMentors] = mentors[co] as string;
    }
  }
  const pair = (m: number, e: number): [string, string] => [mentors[m % mentors.length] as string, mentees[e % mentees.length] as string];
  const history: Table = [['mentor', 'mentee', 'year'], ...Array.from({ length: 12 }, (_, k) => [...pair(k * 3, k * 5 + 1), String(2020 + (k % 5))])];
  const edits: Table = [
    ['mentor', 'mentee', 'action', 'note'],
    [...pair(1, 2), 'pin', 'both asked for each other at the info session'],
    [...pair(4, 7), 'ban', 'conflict of interest'],
    [...pair(5, 8), 'ban', ''],
    [...pair(6, 9), 'ban', 'same team last year'],
  ];
  const reEdits: Table = [
    ['mentor', 'mentee', 'action', 'note'],
    [...pair(1, 2), 'pin', 'kept'],
    [...pair(8, 11), 'pin', 'committee request'],
    [...pair(12, 13), 'ban', ''],
  ];
  return { applications: table, history, edits, reEdits };
}

describe('the same inputs in any row order give byte-identical outputs', () => {
  it('the sample cohort (applications, history and edits shuffled; score matrix exported; a re-run with other edits)', async () => {
    const edits = readTable(join(SAMPLE_FOLDER, 'edits.csv'));
    const reference = await expectSameInEveryOrder({
      applications: readTable(join(SAMPLE_FOLDER, 'applications.csv')),
      history: readTable(join(SAMPLE_FOLDER, 'history.csv')),
      edits,
      // The re-run drops the pin and keeps the rest.
      reEdits: edits.filter((row) => row[2] !== 'pin'),
      config: join(SAMPLE_FOLDER, 'program.yaml'),
      flags: ['--export-matrix'],
    });
    expect([...(reference[0] as Map<string, string>).keys()]).toEqual(expect.arrayContaining(['matches.csv', 'unmatched.csv', 'ineligible.csv', 'score-matrix.csv', 'report.html', 'report.md', 'run.json']));
  });

  it('a generated cohort with capacities, choices, requests, history, pins and bans, re-run with other edits', async () => {
    await expectSameInEveryOrder({ ...generatedCohort(41, false), config: join(SAMPLE_FOLDER, 'program.yaml'), flags: ['--export-matrix'] });
  });

  it('run.json lists people in one order even when ids compare equal as numbers (M-01, M-1) or as text (é composed, decomposed)', () => {
    const ids = ['M-1', 'M-01', 'M-001', 'E-R\u00e9', 'E-Re\u0301', 'E-2', 'E-10'];
    const people = (order: readonly string[]): string[] => {
      const result = resultOf({ unmatched: order.map((id) => ({ applicant: makeApplicant({ id }), code: 'no_eligible_candidate', reason: 'x' })) });
      const record = JSON.parse(buildRunRecord(result, { program: DEFAULT_PROGRAM, version: '0', inputFile: 'a.csv', inputSha256: '0'.repeat(64), counts: { applicants: 0, mentors: 0, mentees: 0 }, timingsMs: {}, warnings: [], pastPairs: 0, edits: 0 })) as { people: { id: string }[] };
      return record.people.map((p) => p.id);
    };
    const expected = people(ids);
    expect(expected.slice(0, 2)).toEqual(['E-2', 'E-10']);
    for (const seed of SHUFFLE_SEEDS) expect(people(shuffled([[], ...ids.map((id) => [id])], seed).slice(1).map((r) => r[0] as string))).toEqual(expected);
  });

  // Ids the collator calls equal ("M-01" and "M-1", "é" composed and
  // decomposed) once made the row order pick between two equally good
  // mentors and order the score matrix; every id sort now goes through
  // scoring/compare-ids.ts, a total order.
  it('of two equally good mentors whose ids compare equal as numbers (M-01, M-1), the same one is matched in every row order', async () => {
    const header = ['id', 'role', 'name', 'email', 'years_experience', 'interests', 'skills_offered', 'skills_sought', 'goals', 'bio', 'capacity'];
    const mentor = (id: string, name: string): string[] => [id, 'mentor', name, `${name.split(' ')[0]?.toLowerCase()}@x.example`, '12', 'budgeting', 'budgeting', '', '', 'Budget person', '1'];
    const mentee = ['E-1', 'mentee', 'Cy Tee', 'cy@x.example', '2', 'budgeting', '', 'budgeting', 'learn budgeting', '', ''];
    const reference = await expectSameInEveryOrder({ applications: [header, mentor('M-01', 'Ann One'), mentor('M-1', 'Bea One'), mentee] });
    expect(reference[0]?.get('matches.csv')).toContain('M-01,Ann One,E-1');
  });

  it('a generated cohort whose ids compare equal (MTR-05, MTR-5 and MTR-0005; é composed and decomposed) gives the same files in every row order', async () => {
    const renames = { 'MTR-0006': 'MTR-05', 'MTR-0007': 'MTR-5', 'MTE-0010': 'MTE-09', 'MTE-0012': 'MTE-R\u00e9', 'MTE-0013': 'MTE-Re\u0301', 'MTE-0020': 'mte-0020' };
    await expectSameInEveryOrder({ ...generatedCohort(41, false, renames), config: join(SAMPLE_FOLDER, 'program.yaml'), flags: ['--export-matrix'] });
  });

  it('group mentoring (the PCMA preset, capacities blanked, declared and paired co-mentors), re-run with other edits', async () => {
    const reference = await expectSameInEveryOrder({ ...generatedCohort(43, true), config: 'fixtures/programs/pcma-group.yaml', flags: ['--export-matrix'] });
    expect(reference[0]?.has('groups.csv')).toBe(true);
  });
});
