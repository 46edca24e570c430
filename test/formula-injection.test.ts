/**
 * Formula injection (issue 6, item 4): every CSV a run writes neutralises
 * cells that begin with `=`, `+`, `-`, `@`, tab or carriage return (OWASP,
 * "CSV Injection"): a spreadsheet must show them as text, never evaluate
 * them.
 *
 * A cohort whose every text field begins with one of those characters, or
 * with `=cmd|' /C calc'!A0` or `@SUM(1+1)` (test/helpers/hostile-cohort.ts),
 * is run through the CLI in every way that writes a CSV: matches, unmatched,
 * ineligible, rejected (--skip-invalid-rows), score-matrix (--export-matrix),
 * changes (a re-run with a ban), and groups (the group preset). Every CSV in
 * the output folders is read back with csv-parse, header included, and
 * - no cell begins with a dangerous character, unless it is a number we
 *   computed (a score, a count, a row number) in a column of numbers;
 * - a neutralised cell is the applicant's value with exactly one `'` in
 *   front (nothing lost, nothing doubled), and only dangerous values get it.
 *
 * Leading tabs and carriage returns of a field are trimmed on load, so they
 * reach an output only as a raw cell an unreadable row is quoted by
 * (rejected.csv `value`); the test checks there too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { hostileCohort, writeCohortCsv, type HostileCohort } from './helpers/hostile-cohort.js';
import { SAMPLE_FOLDER } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

/** What a dangerous cell begins with (OWASP). */
const DANGEROUS = /^[=+\-@\t\r]/;
const PAYLOADS = ['=', '+', '-', '@', '\t', '\r', "=cmd|' /C calc'!A0", '@SUM(1+1)'];

/**
 * Columns of numbers we compute, by file; a cell there may begin with `-`
 * only when it is a number (none of ours is negative today, but a number is
 * no formula). Every score-matrix.csv column but the first is a score.
 */
const NUMBER_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'matches.csv': ['score', 'choice_rank'],
  'groups.csv': ['mentees', 'mean_score', 'lowest_score'],
  'rejected.csv': ['row'],
  'changes.csv': ['score_before', 'score_after'],
};
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Every CSV file a run wrote, by name, read back as rows (header first). */
function readCsvs(folder: string): Map<string, string[][]> {
  const files = new Map<string, string[][]>();
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.csv')).sort()) {
    files.set(name, parse(readFileSync(join(folder, name), 'utf8'), { bom: true }) as string[][]);
  }
  return files;
}

/** Whether column `c` of `file` holds numbers we computed. */
function isNumberColumn(file: string, header: readonly string[], c: number): boolean {
  if (file === 'score-matrix.csv') return c > 0;
  return (NUMBER_COLUMNS[file] ?? []).includes(header[c] ?? '');
}

/** A cell's place, for messages. */
const where = (file: string, row: number, header: readonly string[], c: number): string => `${file} row ${row + 1} column ${header[c] ?? c + 1}`;

interface Checked {
  /** Cells that were neutralised, by file. */
  readonly neutralised: Map<string, string[]>;
}

/**
 * Checks every cell of every CSV of `folder` (see the top of this file) and
 * returns the neutralised cells with the `'` taken off.
 */
function checkFolder(folder: string, cohort: HostileCohort): Checked {
  const planted = [...cohort.planted].filter((v) => DANGEROUS.test(v));
  const neutralised = new Map<string, string[]>();
  for (const [file, rows] of readCsvs(folder)) {
    const header = rows[0] ?? [];
    const list: string[] = [];
    rows.forEach((cells, r) => {
      expect(cells.length, `${file} row ${r + 1}: as many cells as the header`).toBe(header.length);
      cells.forEach((cell, c) => {
        const at = where(file, r, header, c);
        if (DANGEROUS.test(cell)) {
          expect(r > 0 && isNumberColumn(file, header, c) && NUMBER.test(cell), `${at} begins with a formula character: ${JSON.stringify(cell)}`).toBe(true);
          return;
        }
        if (!cell.startsWith("'")) return;
        const value = cell.slice(1);
        // Only a dangerous value is prefixed, and only once.
        expect(DANGEROUS.test(value), `${at}: ${JSON.stringify(cell)} was prefixed though it is safe`).toBe(true);
        // The applicant's own text follows the one quote: a planted value, whole or leading a list or a count.
        expect(
          planted.some((p) => value === p || value.startsWith(`${p}; `) || value.startsWith(`${p} (`)),
          `${at}: ${JSON.stringify(value)} is not an applicant's value with one ' in front`,
        ).toBe(true);
        list.push(value);
      });
    });
    neutralised.set(file, list);
  }
  return { neutralised };
}

/** Ids and names of a CSV's id and name columns, as the applicant wrote them (the `'` of a neutralised one taken off). */
function column(rows: readonly string[][], name: string): string[] {
  const c = rows[0]?.indexOf(name) ?? -1;
  expect(c, `column ${name}`).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[c] ?? '');
}

const unquote = (cell: string): string => (cell.startsWith("'") && DANGEROUS.test(cell.slice(1)) ? cell.slice(1) : cell);

describe('every CSV a run writes neutralises formula starts (OWASP)', () => {
  let dir = '';
  let oneToOne: HostileCohort;
  let group: HostileCohort;
  const runs: { folder: string; cohort: () => HostileCohort; csvs: string[] }[] = [];

  // One folder for the whole file: the runs are shared by every test (useTmpDir empties after each).
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mentor-match-injection-'));
    oneToOne = hostileCohort({ payloads: PAYLOADS, mentors: 8, mentees: 12, invalidRows: true });
    group = hostileCohort({ payloads: PAYLOADS, mentors: 8, mentees: 16, group: true });
    const apps = join(dir, 'applications.csv');
    const groupApps = join(dir, 'group.csv');
    writeCohortCsv(apps, oneToOne.table);
    writeCohortCsv(groupApps, group.table);
    const config = join(SAMPLE_FOLDER, 'program.yaml');

    // One-to-one: unreadable rows skipped, the score matrix exported.
    const out = join(dir, 'out');
    const first = await cli('run', apps, '--config', config, '--out', out, '--skip-invalid-rows', '--export-matrix');
    expect(first.code, first.err).toBe(0);
    // A re-run into the same folder with a pair of the first run banned: changes.csv.
    const matches = parse(readFileSync(join(out, 'matches.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const banned = matches.find((m) => DANGEROUS.test(unquote(m['mentor_id'] ?? '')) && DANGEROUS.test(unquote(m['mentee_id'] ?? '')));
    if (banned === undefined) throw new Error('the hostile cohort must match two hostile ids together');
    const edits = join(dir, 'edits.csv');
    writeCohortCsv(edits, [['mentor', 'mentee', 'action', 'note'], [unquote(banned['mentor_id'] ?? ''), unquote(banned['mentee_id'] ?? ''), 'ban', '=HYPERLINK("http://evil.example","see")']]);
    const second = await cli('run', apps, '--config', config, '--out', out, '--skip-invalid-rows', '--export-matrix', '--edits', edits);
    expect(second.code, second.err).toBe(0);
    runs.push({ folder: out, cohort: () => oneToOne, csvs: ['changes.csv', 'ineligible.csv', 'matches.csv', 'rejected.csv', 'score-matrix.csv', 'unmatched.csv'] });

    // Group mentoring: groups.csv, and matches.csv with co-mentors.
    const groupOut = join(dir, 'group-out');
    const grouped = await cli('run', groupApps, '--config', 'fixtures/programs/pcma-group.yaml', '--out', groupOut, '--export-matrix');
    expect(grouped.code, grouped.err).toBe(0);
    runs.push({ folder: groupOut, cohort: () => group, csvs: ['groups.csv', 'ineligible.csv', 'matches.csv', 'score-matrix.csv', 'unmatched.csv'] });
  });

  it('writes every kind of CSV, each with neutralised cells', () => {
    for (const run of runs) {
      const checked = checkFolder(run.folder, run.cohort());
      expect([...checked.neutralised.keys()]).toEqual(run.csvs);
      for (const [file, cells] of checked.neutralised) {
        // unmatched.csv of the group run may be empty: everyone found a group.
        if (file === 'unmatched.csv' && run.folder.endsWith('group-out')) continue;
        expect(cells.length, `${file} has no neutralised cell: the payloads never reached it`).toBeGreaterThan(0);
      }
    }
  });

  it('every payload reaches a CSV and comes back with one leading quote', () => {
    const all = runs.flatMap((run) => [...checkFolder(run.folder, run.cohort()).neutralised.values()].flat());
    for (const payload of PAYLOADS) {
      expect(all.some((v) => v.startsWith(payload)), `no neutralised cell starts with ${JSON.stringify(payload)}`).toBe(true);
    }
  });

  it('ids and names read back as the applicant wrote them (trimmed), neutralised or not', () => {
    const rows = readCsvs(runs[0]?.folder ?? '');
    const matches = rows.get('matches.csv') ?? [];
    const known = new Set([...oneToOne.ids.mentors, ...oneToOne.ids.mentees]);
    for (const id of [...column(matches, 'mentor_id'), ...column(matches, 'mentee_id')]) expect(known, id).toContain(unquote(id));
    for (const id of column(rows.get('unmatched.csv') ?? [], 'id')) expect(known, id).toContain(unquote(id));
    for (const name of column(matches, 'mentor_name')) {
      expect(oneToOne.planted, name).toContain(unquote(name));
      expect(name.startsWith("''"), name).toBe(false);
    }
    // The score matrix's header names mentors: neutralised like any cell.
    const matrixHeader = rows.get('score-matrix.csv')?.[0] ?? [];
    expect(matrixHeader.slice(1).map(unquote).every((id) => known.has(id))).toBe(true);
    expect(matrixHeader.some((h) => h.startsWith("'="))).toBe(true);
  });

  it('a raw cell with a leading tab or carriage return, quoted by rejected.csv, is neutralised too', () => {
    const rejected = readCsvs(runs[0]?.folder ?? '').get('rejected.csv') ?? [];
    const values = column(rejected, 'value');
    expect(values).toContain("'\tfive");
    expect(values).toContain("'\rfive");
  });

  it('the neutraliser and the reader agree on a file written by hand', () => {
    // Sanity check of the checker itself: an unneutralised cell is caught.
    const folder = tmp();
    writeFileSync(join(folder, 'matches.csv'), '\uFEFFmentor_id,score\r\n=1+1,5\r\n');
    expect(() => checkFolder(folder, oneToOne)).toThrow(/begins with a formula character/);
  });
});
