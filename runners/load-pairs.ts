/**
 * Pairs files → resolved mentor/mentee id pairs: past pairs (`history`, never
 * re-paired) and the committee's pins and bans (`edits`). Reading the file is
 * read-table.ts's job (CSV, JSON or YAML); this file finds the columns, looks
 * each person up in the pool, and checks the edits against each other.
 *
 * Columns (matched ignoring case, spaces and underscores): `mentor`, `mentee`
 * (`mentor_id`/`mentee_id` also accepted) holding an applicant's id (exact) or
 * email (any case); `action` (`pin` or `ban`, any case: required in an edits
 * file); `year` and `note` (optional, kept as text). Other columns are ignored.
 * JSON/YAML: a list of objects, or `{ pairs: [...] }` / `{ history: [...] }` /
 * `{ edits: [...] }`.
 *
 * History and edits differ on purpose:
 * - History names people from past years. Someone not in the current pool
 *   (people leave) is not a problem: the pair is skipped and counted. Roles
 *   may have changed since (a past mentee now mentors), so the pair is kept
 *   whichever side each person is on now, and skipped when both now have the
 *   same role (they cannot be paired anyway). An `action` column is ignored.
 * - Edits are this year's decisions: every person must be in the pool, in the
 *   column of their role. A pair both pinned and banned, or a mentee pinned to
 *   two mentors, is a `pair_conflict`. The same line twice is kept once.
 */
import { collectRowWarnings } from './row-warnings.js';
import { emailKey, type Applicant } from '../scoring/applicant.js';
import type { Problem } from './problems.js';
import { headerKey, readTableFile, type Table } from './read-table.js';

/**
 * Problems a pairs file lists; one more names how many were left out. A
 * committee's edits are a handful of lines, so hundreds of problems mean the
 * wrong file: listing 200,000 of them helps nobody, and spreading that many
 * into one call (`push(...problems)`) overflowed the stack in the runner.
 */
export const MAX_PAIRS_PROBLEMS = 1000;

/** Which pairs file: past pairs, or the committee's pins and bans. */
export type PairsKind = 'history' | 'edits';

/** What the committee decided about a pair. */
export type PairAction = 'pin' | 'ban';

/** One pair of the file, resolved to applicant ids. */
export interface LoadedPair {
  readonly mentorId: string;
  readonly menteeId: string;
  /** Present in edits files only. */
  readonly action?: PairAction;
  /** The `year` cell as written (trimmed), when given: "2023" or "2023-24" alike. */
  readonly year?: string;
  /** The `note` cell (trimmed), when given. */
  readonly note?: string;
  /** Spreadsheet row (CSV, header is row 1) or item number (JSON/YAML). */
  readonly row: number;
}

/** Everything loading a pairs file produced. */
export interface LoadedPairs {
  /** Pairs without problems, in file order. */
  readonly pairs: readonly LoadedPair[];
  /** Every problem of the file, in row order. */
  readonly problems: readonly Problem[];
  /** Things worth knowing that do not stop a run. */
  readonly warnings: readonly string[];
  /** History rows skipped because a person is not in the current pool, or both now have the same role. */
  readonly skipped: number;
}

/**
 * Reads a history or edits file and resolves it against the pool.
 *
 * @example
 * const { pairs, problems } = loadPairs('edits.csv', 'edits', applicants);
 * const pins = pairs.filter((p) => p.action === 'pin');
 */
export function loadPairs(file: string, kind: PairsKind, applicants: readonly Applicant[]): LoadedPairs {
  return pairsFromTable(readTableFile(file, { listKeys: ['pairs', kind] }), kind, applicants);
}

/** The pure part of {@link loadPairs}: works on a table already read. Nothing passed in is changed. */
export function pairsFromTable(table: Table, kind: PairsKind, applicants: readonly Applicant[]): LoadedPairs {
  const warnings = [...table.warnings];
  const problems: Problem[] = [...table.problems];
  const columns = findColumns(table, kind, problems, warnings);
  if (columns === null || problems.some((p) => p.row === undefined || p.row === table.headerRow)) {
    return { pairs: [], problems: capProblems(table.file, sortByRow(problems)), warnings, skipped: 0 };
  }

  const byId = new Map<string, Applicant>();
  const byEmail = new Map<string, Applicant>();
  for (const a of applicants) {
    if (!byId.has(a.id)) byId.set(a.id, a);
    if (!byEmail.has(emailKey(a.email))) byEmail.set(emailKey(a.email), a);
  }
  const lookup = (ref: string): Applicant | undefined => byId.get(ref) ?? byEmail.get(emailKey(ref));
  // Ids are exact, but "t1" in a history file is almost surely "T1": never
  // re-pairing errs on the safe side, so history takes the near miss (with a
  // warning) and edits name it in the problem.
  const byFoldedId = new Map<string, Applicant | null>();
  for (const a of applicants) {
    const key = a.id.toLowerCase();
    byFoldedId.set(key, byFoldedId.has(key) ? null : a);
  }
  const nearMiss = (ref: string): Applicant | undefined => byFoldedId.get(ref.toLowerCase()) ?? undefined;
  const rowWarnings = collectRowWarnings();

  const pairs: LoadedPair[] = [];
  let skipped = 0;
  for (const { row, cells, problems: readProblems } of table.rows) {
    if (readProblems.length > 0) continue; // already reported by the reader
    const rowProblems: Problem[] = [];
    const at = (column: string, value: string, code: Problem['code'], expected: string): void => {
      rowProblems.push({ code, file: table.file, row, column, value, expected });
    };
    const text = (header: string | undefined): string => (header === undefined ? '' : (cells[header] ?? '').trim());

    // undefined: a problem was recorded; null: not in the pool (history: has left).
    const resolve = (role: 'mentor' | 'mentee'): Applicant | null | undefined => {
      const header = columns[role];
      const ref = text(header);
      if (ref === '') {
        at(header, cells[header] ?? '', 'missing_value', `the ${role}'s id or email`);
        return undefined;
      }
      const person = lookup(ref);
      if (person !== undefined) return person;
      const near = nearMiss(ref);
      if (kind === 'history') {
        if (near === undefined) return null;
        rowWarnings.add(row, `an id that differs from an applicant's only in capitals was taken to mean them (ids are otherwise exact).`);
        return near;
      }
      const hint = near === undefined ? '' : ` (ids are exact: did you mean ${near.id}?)`;
      at(header, ref, 'unknown_reference', `the id or email of a ${role} in the applications file${hint}`);
      return undefined;
    };
    let first = resolve('mentor');
    let second = resolve('mentee');
    if (first && second && first === second) {
      at(columns.mentee, text(columns.mentee), 'self_reference', 'two different people');
    } else if (kind === 'edits') {
      const wrongRole = (person: Applicant, role: 'mentor' | 'mentee'): boolean => {
        if (person.role === role) return false;
        const expected = `a ${role}; row ${person.source.row} of the applications applied as a ${person.role}`;
        at(columns[role], text(columns[role]), 'wrong_role_reference', expected);
        return true;
      };
      if (first && wrongRole(first, 'mentor')) first = undefined;
      if (second && wrongRole(second, 'mentee')) second = undefined;
    }

    let action: PairAction | undefined;
    if (kind === 'edits' && columns.action !== undefined) {
      const raw = text(columns.action).toLowerCase();
      if (raw === 'pin' || raw === 'ban') action = raw;
      else if (raw === 'do not match' || raw === 'do_not_match') action = 'ban';
      else if (raw === '') at(columns.action, '', 'missing_value', 'pin or ban (or do_not_match, the same as ban)');
      else at(columns.action, cells[columns.action] ?? '', 'bad_action', 'pin or ban (or do_not_match, the same as ban)');
    }

    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    if (first === null || second === null || first === undefined || second === undefined || first.role === second.role) {
      // History only: edits rows with an unknown person have a problem above.
      skipped += 1;
      rowWarnings.add(
        row,
        first && second
          ? 'both people now applied on the same side; this past pair cannot recur and is not applied.'
          : 'names someone who is not in this cohort (they left, or the id or email is typed differently); this past pair is not applied.',
      );
      continue;
    }
    const [mentor, mentee] = first.role === 'mentor' ? [first, second] : [second, first];
    const year = text(columns.year);
    const note = text(columns.note);
    pairs.push({
      mentorId: mentor.id,
      menteeId: mentee.id,
      ...(action === undefined ? {} : { action }),
      ...(year === '' ? {} : { year }),
      ...(note === '' ? {} : { note }),
      row,
    });
  }

  warnings.push(...rowWarnings.lines(table.file));
  const checked = kind === 'edits' ? checkEdits(table.file, columns, pairs, problems, warnings) : pairs;
  return { pairs: checked, problems: capProblems(table.file, sortByRow(problems)), warnings, skipped };
}

interface PairColumns {
  readonly mentor: string;
  readonly mentee: string;
  readonly action: string | undefined;
  readonly year: string | undefined;
  readonly note: string | undefined;
}

const COLUMN_NAMES: Readonly<Record<keyof PairColumns, readonly string[]>> = {
  mentor: ['mentor', 'mentor id'],
  mentee: ['mentee', 'mentee id'],
  action: ['action'],
  year: ['year'],
  note: ['note', 'notes'],
};

function findColumns(table: Table, kind: PairsKind, problems: Problem[], warnings: string[]): PairColumns | null {
  if (table.headers.length === 0) return null; // nothing readable: the reader said why
  const where = { file: table.file, ...(table.headerRow === undefined ? {} : { row: table.headerRow }) };
  const find = (name: keyof PairColumns): string | undefined => {
    const matches = table.headers.filter((h) => COLUMN_NAMES[name].includes(headerKey(h)));
    for (const extra of matches.slice(1)) {
      problems.push({ code: 'duplicate_column', ...where, column: extra, value: extra, expected: `one "${name}" column; "${matches[0]}" already holds it` });
    }
    return matches[0];
  };
  const mentor = find('mentor');
  const mentee = find('mentee');
  const action = find('action');
  const year = find('year');
  const note = find('note');
  const required = kind === 'edits' ? (['mentor', 'mentee', 'action'] as const) : (['mentor', 'mentee'] as const);
  const present = { mentor, mentee, action };
  for (const name of required) {
    if (present[name] === undefined) {
      const what = name === 'action' ? 'pin or ban for each pair' : `each pair's ${name} (id or email)`;
      problems.push({ code: 'missing_column', ...where, column: name, expected: `a column "${name}" with ${what}` });
    }
  }
  if (kind === 'history' && action !== undefined) {
    warnings.push(`${table.file}: the "${action}" column is ignored in a history file (every row is a past pair).`);
  }
  if (mentor === undefined || mentee === undefined || (kind === 'edits' && action === undefined)) return null;
  return { mentor, mentee, action, year, note };
}

/**
 * Committee edits must agree with each other: a pair cannot be both pinned
 * and banned, and a mentee has one mentor. Later rows conflict with earlier
 * ones; a repeated line is dropped with a warning.
 */
function checkEdits(file: string, columns: PairColumns, pairs: readonly LoadedPair[], problems: Problem[], warnings: string[]): LoadedPair[] {
  const byPair = new Map<string, LoadedPair>();
  const pinOf = new Map<string, LoadedPair>();
  const kept: LoadedPair[] = [];
  for (const p of pairs) {
    // JSON.stringify keeps the key unambiguous whatever the ids contain.
    const key = JSON.stringify([p.mentorId, p.menteeId]);
    const same = byPair.get(key);
    const value = `${p.mentorId} + ${p.menteeId}`;
    if (same !== undefined && same.action === p.action) {
      warnings.push(`${file}, row ${p.row}: repeats row ${same.row}; kept once.`);
      continue;
    }
    if (same !== undefined) {
      problems.push({ code: 'pair_conflict', file, row: p.row, column: columns.action ?? 'action', value, expected: `either pin or ban this pair; row ${same.row} already says ${same.action ?? ''}` });
      continue;
    }
    const pinned = pinOf.get(p.menteeId);
    if (p.action === 'pin' && pinned !== undefined) {
      problems.push({ code: 'pair_conflict', file, row: p.row, column: columns.mentee, value, expected: `one pin per mentee; row ${pinned.row} already pins this mentee to ${pinned.mentorId}` });
      continue;
    }
    byPair.set(key, p);
    if (p.action === 'pin') pinOf.set(p.menteeId, p);
    kept.push(p);
  }
  return kept;
}

function sortByRow(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** The first {@link MAX_PAIRS_PROBLEMS} problems, then one that counts the rest, placed (code, row, column) where the first left out is. */
function capProblems(file: string, problems: Problem[]): Problem[] {
  const first = problems[MAX_PAIRS_PROBLEMS];
  if (first === undefined) return problems;
  const more = problems.length - MAX_PAIRS_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PAIRS_PROBLEMS),
    {
      code: first.code,
      file,
      ...(first.row === undefined ? {} : { row: first.row }),
      ...(first.column === undefined ? {} : { column: first.column }),
      expected: `${more} more problems from here on not listed: only the first ${MAX_PAIRS_PROBLEMS} are shown (is this the right file?)`,
    },
  ];
}
