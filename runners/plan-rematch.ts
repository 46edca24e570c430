/**
 * A rematch mid-program: the committee releases pairs that do not work (or
 * people, which releases each of their pairs). Every other pair of the
 * previous run stays exactly as it is — it becomes a pin — and every
 * released pair becomes a ban, so the two people are never matched with
 * each other again. The solver then places only those left free: the
 * released people and anyone the previous run left out, around the kept
 * pairs.
 *
 * A previous pair whose mentor or mentee is no longer in the applications
 * (withdrawn) is released too, with nothing to ban.
 *
 * The release list is a table (CSV, JSON or YAML) with the columns
 * `mentor` and `mentee` (ids or emails, matched as in the pairs files): a
 * row with both releases that pair; a row with one releases every pair of
 * that person.
 */
import { emailKey, type Applicant } from '../scoring/applicant.js';
import type { PairRecord } from './match-cohort.js';
import type { Problem } from './problems.js';
import type { PreviousPair, PreviousRun } from './read-previous-run.js';
import { headerKey, readTableFile, type Table } from './read-table.js';

/** One row of the release list, resolved to ids: a pair, or every pair of one person. */
export type ReleaseItem =
  | { readonly kind: 'pair'; readonly mentorId: string; readonly menteeId: string; readonly row: number }
  | { readonly kind: 'person'; readonly id: string; readonly row: number };

/** The release list as read, with every problem of the file. */
export interface LoadedReleaseList {
  readonly file: string;
  readonly items: readonly ReleaseItem[];
  readonly problems: readonly Problem[];
}

/** Reads a release list and resolves every name against the current applicants. */
export function loadReleaseList(file: string, applicants: readonly Applicant[]): LoadedReleaseList {
  return releaseListFromTable(readTableFile(file, { listKeys: ['release', 'pairs'] }), applicants);
}

/** The pure part of {@link loadReleaseList}: works on a table already read. */
export function releaseListFromTable(table: Table, applicants: readonly Applicant[]): LoadedReleaseList {
  const { file } = table;
  const problems: Problem[] = [...table.problems];
  const header = (name: string): string | undefined => table.headers.find((h) => headerKey(h) === name || headerKey(h) === `${name} id`);
  // A file that could not be read as a table has said so; its columns say nothing more.
  if (problems.some((p) => p.row === undefined)) return { file, items: [], problems };
  const mentorColumn = header('mentor');
  const menteeColumn = header('mentee');
  if (mentorColumn === undefined && menteeColumn === undefined) {
    problems.push({ code: 'missing_column', file, row: table.headerRow ?? 1, column: 'mentor, mentee', expected: 'a release list with a "mentor" column, a "mentee" column or both (ids or emails)' });
    return { file, items: [], problems };
  }
  const byId = new Map(applicants.map((a) => [a.id, a]));
  const byEmail = new Map(applicants.map((a) => [emailKey(a.email), a]));
  const items: ReleaseItem[] = [];
  for (const { row, cells, problems: readProblems } of table.rows) {
    // The reader already said what is wrong with this row (an object where a
    // name was due, a NUL byte…); its cells would only add a misleading "nothing to release".
    if (readProblems.length > 0) continue;
    const resolve = (column: string | undefined, role: 'mentor' | 'mentee'): Applicant | null | undefined => {
      const written = column === undefined ? '' : (cells[column] ?? '').trim();
      if (written === '') return null;
      const a = byId.get(written) ?? byEmail.get(emailKey(written));
      if (a === undefined || a.role !== role) {
        problems.push({ code: 'unknown_reference', file, row, column: column ?? role, value: written, expected: `the id or email of a ${role} in the applications file` });
        return undefined;
      }
      return a;
    };
    const mentor = resolve(mentorColumn, 'mentor');
    const mentee = resolve(menteeColumn, 'mentee');
    if (mentor === undefined || mentee === undefined) continue;
    if (mentor !== null && mentee !== null) items.push({ kind: 'pair', mentorId: mentor.id, menteeId: mentee.id, row });
    else if (mentor !== null || mentee !== null) items.push({ kind: 'person', id: (mentor ?? mentee)?.id as string, row });
    else problems.push({ code: 'missing_value', file, row, column: 'mentor, mentee', expected: 'a mentor, a mentee or both to release' });
  }
  return { file, items, problems };
}

/** What the rematch keeps and what it frees, as committee edits. */
export interface RematchPlan {
  /** Previous pairs that stay: pins. */
  readonly pins: readonly PairRecord[];
  /** Released pairs: bans, so the two are never matched with each other again. */
  readonly bans: readonly PairRecord[];
  readonly released: readonly PreviousPair[];
  /** Previous pairs with someone no longer in the applications (withdrawn): released, nothing to ban. */
  readonly withdrawn: readonly PreviousPair[];
  /** A release naming a pair the previous run did not make, or a person it did not match. */
  readonly problems: readonly Problem[];
}

/**
 * Turns the previous run and the release list into pins (every pair kept)
 * and bans (every pair released). `existingEdits` are the committee's own
 * edits for this run: a kept pair they already pin is not pinned twice.
 */
export function planRematch(
  previous: PreviousRun,
  release: LoadedReleaseList,
  existingEdits: readonly PairRecord[] = [],
  applicantIds?: ReadonlySet<string>,
): RematchPlan {
  const problems: Problem[] = [];
  const releasedKeys = new Set<string>();
  const key = (mentorId: string, menteeId: string): string => JSON.stringify([mentorId, menteeId]);
  for (const item of release.items) {
    const matching = previous.pairs.filter((p) =>
      // In a group run a co-mentor stands for their group as its lead does.
      item.kind === 'pair'
        ? (p.mentorId === item.mentorId || (p.coMentorIds ?? []).includes(item.mentorId)) && p.menteeId === item.menteeId
        : p.mentorId === item.id || p.menteeId === item.id || (p.coMentorIds ?? []).includes(item.id),
    );
    if (matching.length === 0) {
      problems.push({
        code: 'pair_conflict',
        file: release.file,
        row: item.row,
        value: item.kind === 'pair' ? `${item.mentorId} + ${item.menteeId}` : item.id,
        expected: item.kind === 'pair' ? 'a pair the previous run made' : 'a person the previous run matched',
      });
    }
    for (const p of matching) releasedKeys.add(key(p.mentorId, p.menteeId));
  }
  const pinned = new Set(existingEdits.filter((e) => e.action === 'pin').map((e) => key(e.mentorId, e.menteeId)));
  const runFile = `${previous.folder}/run.json`;
  const pins: PairRecord[] = [];
  const bans: PairRecord[] = [];
  const released: PreviousPair[] = [];
  const withdrawn: PreviousPair[] = [];
  previous.pairs.forEach((p, index) => {
    const source = { file: runFile, row: index + 1 };
    // In a group run the mentee was with every mentor of the group; a group goes on while any of them stays.
    const team = [p.mentorId, ...(p.coMentorIds ?? [])];
    const staying = applicantIds === undefined ? team : team.filter((id) => applicantIds.has(id));
    if (staying.length === 0 || (applicantIds !== undefined && !applicantIds.has(p.menteeId))) {
      // Someone withdrew (their row is gone): the pair cannot be kept, and the one who stays is free again.
      withdrawn.push(p);
    } else if (releasedKeys.has(key(p.mentorId, p.menteeId))) {
      released.push(p);
      for (const mentorId of team) bans.push({ mentorId, menteeId: p.menteeId, source, action: 'ban' });
    } else if (!team.some((mentorId) => pinned.has(key(mentorId, p.menteeId)))) {
      pins.push({ mentorId: staying[0] as string, menteeId: p.menteeId, source, action: 'pin', kept: true });
    }
  });
  return { pins, bans, released, withdrawn, problems };
}
