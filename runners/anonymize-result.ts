/**
 * `--anonymize`: a run's result with everyone under a stable pseudonym, so
 * its reports can be shared outside the committee (see docs/confidentiality.md).
 *
 * What is replaced, removed or kept, and why:
 *
 * - id → `P-7KQ2M3XD` (a keyed hash, see pseudonym-key.ts: the same for the
 *   same person in every run with the same key); name → "Mentor 7KQ2M3XD";
 *   the references between people (choices, requested partner, co-mentors,
 *   supervisor) → the same pseudonyms.
 * - email, organization, goals, bio and the columns outside the template →
 *   removed (blank). Free text identifies people; none of it is needed to
 *   judge a pair once scored, since every factor's points are kept.
 * - department → "D-4TQ9XA": the same for the same department (case and
 *   spaces aside), so the fairness table by department and the "same" or
 *   "cross-department" reasons still read, but a one-person office is not
 *   named.
 * - region, community size, interests, skills, years of experience and the
 *   yes/no answers → kept: the committee needs them to judge fairness and
 *   the reasons of a pair ("shares 2 of 3 interests: budgeting, open data"),
 *   and they are categories many applicants share.
 * - a reason quoting goals and bio ("goals and bio share: council,
 *   ferncrest") keeps only the terms that are also somebody's interest or
 *   skill in this cohort, and counts the others: a word of someone's bio may
 *   be the name of their town or employer.
 * - an eligibility detail quoting an answer outside the template ("notes is
 *   "…", not a yes/no answer") says "(answer withheld)" instead.
 * - rows that could not be read: the row number, the column and what was
 *   expected are kept (they say nothing about the person); the value is
 *   removed; their id becomes a pseudonym.
 * - file paths in warnings → the file's name only (folders may name staff).
 *
 * Every list is ordered by pseudonym, not by original id (the order of
 * member numbers says something), and groups are renumbered in that order.
 * The matching itself is the non-anonymized run's, unchanged: the scores,
 * counts and totals are equal.
 */
import { basename } from 'node:path';
import * as z from 'zod';
import type { Applicant } from '../scoring/applicant.js';
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { FactorContribution, ScoringPool } from '../scoring/factor.js';
import { displayLabel } from '../scoring/index-labels.js';
import { parseYesNo } from '../scoring/parse-yes-no.js';
import { plural } from '../scoring/words.js';
import type { Alternative, GroupOfPair, MatchedPair, MatchResult, RejectedRow, RoadNotTaken } from './match-result.js';
import type { Problem } from './problems.js';
import { createPseudonyms, type PseudonymKey, type Pseudonyms } from './pseudonym-key.js';
import type { PreviousRun } from './read-previous-run.js';
import { readRunRecord } from './read-run-record.js';

/** Pseudonyms are codes of one length: ordered character by character. */
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Everyone a result accounts for, each object once (a team lead's copy is an object of its own). */
function applicantsOf(result: MatchResult): Applicant[] {
  const all = new Set<Applicant>();
  const add = (...as: readonly Applicant[]): void => {
    for (const a of as) all.add(a);
  };
  for (const p of result.pairs) add(p.mentor, p.mentee, ...(p.group?.coMentors ?? []));
  for (const u of result.unmatched) add(u.applicant);
  for (const x of result.ineligible) add(x.applicant);
  for (const r of result.roadsNotTaken) {
    add(r.applicant);
    for (const a of r.alternatives) add(a.other, ...a.heldBy);
  }
  for (const b of result.stability?.blockingPairs ?? []) add(b.mentor, b.mentee);
  return [...all];
}

/**
 * The pseudonyms of a run: every id the result and the earlier run it is
 * compared with name, and every department, given up front (see
 * createPseudonyms).
 */
export function pseudonymsForRun(key: PseudonymKey, result: MatchResult, previous: PreviousRun | null = null): Pseudonyms {
  const people = applicantsOf(result);
  const ids = new Set<string>();
  for (const a of people) {
    ids.add(a.id);
    if (a.supervisorId !== '') ids.add(a.supervisorId);
  }
  for (const r of result.rejected) if (r.id !== null) ids.add(r.id);
  for (const p of previous?.pairs ?? []) for (const id of [p.mentorId, p.menteeId, ...(p.coMentorIds ?? [])]) ids.add(id);
  for (const id of previous?.unmatchedIds ?? []) ids.add(id);
  return createPseudonyms(key, [...ids].sort(byId), people.map((a) => a.department).filter((d) => d.trim() !== ''));
}

/** Options of {@link createAnonymizer}. */
export interface AnonymizerOptions {
  /** The input files as the run was given them: a warning or problem naming one shows its file name only. */
  readonly inputFiles?: readonly string[];
  /** The program runs groups (shape: group): a reason may name a team by its mentors' ids. */
  readonly groups?: boolean;
}

/** Turns one run's result, warnings, score matrix and earlier run into their anonymized forms, with the same pseudonyms throughout. */
export interface Anonymizer {
  readonly pseudonyms: Pseudonyms;
  result(): MatchResult;
  warnings(warnings: readonly string[]): string[];
  scoreMatrix(pool: ScoringPool, matrix: ScoreMatrix): { pool: ScoringPool; matrix: ScoreMatrix };
  /** A non-anonymized earlier run in the pseudonyms of this one, for the difference. */
  previousRun(run: PreviousRun): PreviousRun;
}

/** An anonymizer of `result` with `pseudonyms` (see {@link pseudonymsForRun}). */
export function createAnonymizer(result: MatchResult, pseudonyms: Pseudonyms, options: AnonymizerOptions = {}): Anonymizer {
  const p = pseudonyms;
  const memo = new Map<Applicant, Applicant>();
  const person = (a: Applicant): Applicant => {
    let anon = memo.get(a);
    if (anon === undefined) {
      anon = {
        ...a,
        id: p.id(a.id),
        source: { file: basename(a.source.file), row: a.source.row },
        name: p.name(a.id, a.role),
        email: '',
        department: p.department(a.department),
        organization: '',
        supervisorId: a.supervisorId === '' ? '' : p.id(a.supervisorId),
        goals: '',
        bio: '',
        requestedPartner: a.requestedPartner === null ? null : p.id(a.requestedPartner),
        choices: a.choices.map((c) => p.id(c)),
        coMentors: a.coMentors.map((c) => p.id(c)),
        extra: {},
      };
      memo.set(a, anon);
    }
    return anon;
  };

  // Terms of goals and bio that are also somebody's interest or skill: those a reason may keep.
  const vocabulary = new Set<string>();
  for (const a of applicantsOf(result)) {
    for (const item of [...a.interests, ...a.skillsOffered, ...a.skillsSought]) for (const w of words(item)) vocabulary.add(w);
  }

  const fileNames = new Map<string, string>();
  for (const f of options.inputFiles ?? []) fileNames.set(f, basename(f));
  const fileName = (file: string): string => fileNames.get(file) ?? basename(file);

  const renumberGroups = (): Map<string, string> => {
    // Groups are numbered in the order of their leads' ids: renumbered in the order of the leads' pseudonyms.
    const leads = new Map<string, string>();
    for (const pair of result.pairs) if (pair.group !== undefined) leads.set(pair.group.id, p.id(pair.mentor.id));
    const labels = [...leads.keys()].sort(byId);
    const order = [...leads.entries()].sort(([, a], [, b]) => byId(a, b)).map(([id]) => id);
    return new Map(order.map((id, k) => [id, labels[k] as string]));
  };

  const anonymizeResult = (): MatchResult => {
    const groupLabel = renumberGroups();
    const groups = new Map<GroupOfPair, GroupOfPair>();
    const group = (g: GroupOfPair): GroupOfPair => {
      let anon = groups.get(g);
      if (anon === undefined) {
        anon = { ...g, id: groupLabel.get(g.id) ?? g.id, coMentors: g.coMentors.map(person) };
        groups.set(g, anon);
      }
      return anon;
    };
    const pairs = result.pairs.map((pair): MatchedPair => {
      const team = [pair.mentor, ...(pair.group?.coMentors ?? [])];
      return {
        ...pair,
        mentor: person(pair.mentor),
        mentee: person(pair.mentee),
        contributions: pair.contributions.map((c) => ({ ...c, reason: contributionReason(c, pair.mentee, team) })),
        ...(pair.group === undefined ? {} : { group: group(pair.group) }),
      };
    });
    pairs.sort((a, b) => byId(a.mentor.id, b.mentor.id) || byId(a.mentee.id, b.mentee.id));

    // Unmatched reasons and road notes name the ids of the people of the applicant's road, and of teams left out.
    const roadOf = new Map(result.roadsNotTaken.map((r) => [r.applicant, r]));
    // … and the people the applicant named: "3rd choice M7 is not an eligible mentor in this cohort".
    const namedBy = (a: Applicant): string[] => [a.id, ...a.choices, ...(a.requestedPartner === null ? [] : [a.requestedPartner]), ...a.coMentors];
    const roadIds = (r: RoadNotTaken | undefined): string[] => (r === undefined ? [] : [...namedBy(r.applicant), ...r.alternatives.flatMap((a) => [a.other.id, ...a.heldBy.map((h) => h.id)])]);
    // A group left without mentees is named by its mentors' ids ("the group M1 and M2 lead together got no mentees").
    const leftOutMentors = idTable(options.groups === true ? result.unmatched.filter((u) => u.applicant.role === 'mentor').map((u) => u.applicant.id) : [], p.id);
    const roadTable = (r: RoadNotTaken | undefined): IdTable => idTable(roadIds(r), p.id);

    const unmatched = result.unmatched
      .map((u) => ({ ...u, applicant: person(u.applicant), reason: replaceIds(u.reason, [idTable(namedBy(u.applicant), p.id), roadTable(roadOf.get(u.applicant)), ...(u.applicant.role === 'mentor' ? [leftOutMentors] : [])]) }))
      .sort((a, b) => roleOrder(a.applicant) - roleOrder(b.applicant) || byId(a.applicant.id, b.applicant.id));
    const ineligible = result.ineligible
      .map((x) => ({ ...x, applicant: person(x.applicant), failures: x.failures.map((f) => ({ rule: f.rule, detail: withholdQuotedAnswers(f.detail) })) }))
      .sort((a, b) => byId(a.applicant.id, b.applicant.id));
    const alternative = (a: Alternative): Alternative => ({ ...a, other: person(a.other), heldBy: a.heldBy.map(person).sort((x, y) => byId(x.id, y.id)) });
    const roadsNotTaken = result.roadsNotTaken
      .map((r) => ({ ...r, applicant: person(r.applicant), alternatives: r.alternatives.map(alternative), note: r.note === null ? null : replaceIds(r.note, [roadTable(r)]) }))
      .sort((a, b) => byId(a.applicant.id, b.applicant.id));
    const rejected = result.rejected.map((r): RejectedRow => ({
      ...r,
      file: fileName(r.file),
      id: r.id === null ? null : p.id(r.id),
      name: r.id === null ? null : p.name(r.id, r.role),
      supervisorId: r.supervisorId === null ? null : p.id(r.supervisorId),
      problems: r.problems.map(withoutValue),
    }));
    const stability =
      result.stability === undefined
        ? undefined
        : {
            ...result.stability,
            blockingPairs: result.stability.blockingPairs
              .map((b) => ({ ...b, mentor: person(b.mentor), mentee: person(b.mentee) }))
              .sort((a, b) => b.score - a.score || byId(a.mentor.id, b.mentor.id) || byId(a.mentee.id, b.mentee.id)),
          };
    return { ...result, pairs, unmatched, ineligible, rejected, roadsNotTaken, ...(stability === undefined ? {} : { stability }) };
  };

  const withoutValue = (problem: Problem): Problem => {
    const { value: _value, ...rest } = problem;
    return { ...rest, file: fileName(problem.file) };
  };

  /** A factor's reason with the department labels, goal terms and co-mentor names of the pair replaced. */
  const contributionReason = (c: FactorContribution, mentee: Applicant, team: readonly Applicant[]): string => {
    let reason = c.reason;
    // A team's reason names the co-mentor it is about: "… (Ann Lee)".
    let named = '';
    for (const m of team) {
      const suffix = ` (${m.name})`;
      if (team.length > 1 && m.name !== '' && reason.endsWith(suffix)) {
        reason = reason.slice(0, -suffix.length);
        named = ` (${p.name(m.id, m.role)})`;
        break;
      }
    }
    if (c.factor === 'department') reason = departmentReason(reason, [mentee, ...team]);
    else if (c.factor === 'goals_text') reason = goalsReason(reason);
    return `${reason}${named}`;
  };

  const departmentReason = (reason: string, people: readonly Applicant[]): string => {
    const suffix = ' (department not considered)';
    const tail = reason.endsWith(suffix) ? suffix : '';
    const body = reason.slice(0, reason.length - tail.length);
    const labels = [...new Set(people.map((a) => displayLabel(a.department)).filter((l) => l !== ''))];
    const code = (label: string): string => p.department(label);
    if (body.startsWith('same department: ')) {
      const label = labels.find((l) => body === `same department: ${l}`);
      return `same department${label === undefined ? '' : `: ${code(label)}`}${tail}`;
    }
    if (body.startsWith('cross-department: ')) {
      for (const a of labels) for (const b of labels) if (body === `cross-department: ${a} and ${b}`) return `cross-department: ${code(a)} and ${code(b)}${tail}`;
      return `cross-department${tail}`;
    }
    // "department left blank by the mentee" and the like name nobody's department.
    return labels.some((l) => body.includes(l)) ? `department: withheld${tail}` : reason;
  };

  const goalsReason = (reason: string): string => {
    const prefix = 'goals and bio share: ';
    if (!reason.startsWith(prefix)) return reason === 'goals or bio left blank' || reason === 'goals and bio share no terms' ? reason : 'goals and bio compared (terms withheld)';
    const terms = reason.slice(prefix.length).split(', ');
    const kept = terms.filter((t) => words(t).length > 0 && words(t).every((w) => vocabulary.has(w)));
    const withheld = terms.length - kept.length;
    if (kept.length === 0) return `goals and bio share ${plural(withheld, 'term')} (withheld)`;
    return `${prefix}${kept.join(', ')}${withheld > 0 ? ` and ${plural(withheld, 'other term')} (withheld)` : ''}`;
  };

  return {
    pseudonyms,
    result: anonymizeResult,
    warnings: (warnings) =>
      warnings.map((w) => {
        let out = w;
        // Longest first: a path is never cut inside a longer one.
        for (const [path, name] of [...fileNames].sort(([a], [b]) => b.length - a.length)) out = out.split(path).join(name);
        return out;
      }),
    scoreMatrix: (pool, matrix) => {
      const rowOrder = pool.mentees.map((_, i) => i).sort((i, k) => byId(person(pool.mentees[i] as Applicant).id, person(pool.mentees[k] as Applicant).id));
      const colOrder = pool.mentors.map((_, j) => j).sort((j, k) => byId(person(pool.mentors[j] as Applicant).id, person(pool.mentors[k] as Applicant).id));
      const cols = pool.mentors.length;
      const scores = new Float64Array(rowOrder.length * cols);
      const allowed = new Uint8Array(rowOrder.length * cols);
      rowOrder.forEach((i, r) =>
        colOrder.forEach((j, c) => {
          scores[r * cols + c] = matrix.scores[i * cols + j] as number;
          allowed[r * cols + c] = matrix.allowed[i * cols + j] as number;
        }),
      );
      return {
        pool: { mentees: rowOrder.map((i) => person(pool.mentees[i] as Applicant)), mentors: colOrder.map((j) => person(pool.mentors[j] as Applicant)) },
        matrix: {
          mentees: matrix.mentees,
          mentors: matrix.mentors,
          scores,
          allowed,
          threads: matrix.threads,
          explainPair: () => {
            throw new Error('an anonymized score matrix explains no pair: its reasons are not anonymized');
          },
          reasonBlocked: (i, j) => matrix.reasonBlocked(rowOrder[i] as number, colOrder[j] as number),
        },
      };
    },
    previousRun: (run) => ({
      ...run,
      folder: basename(run.folder),
      pairs: run.pairs.map((pair) => ({
        ...pair,
        mentorId: p.id(pair.mentorId),
        menteeId: p.id(pair.menteeId),
        ...(pair.coMentorIds === undefined ? {} : { coMentorIds: pair.coMentorIds.map((id) => p.id(id)) }),
      })),
      unmatchedIds: run.unmatchedIds.map((id) => p.id(id)),
    }),
  };
}

const roleOrder = (a: Applicant): number => (a.role === 'mentee' ? 0 : 1);

/** Lower-cased words (letters and digits) of a text. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}\p{Cs}]+/gu) ?? [];
}

/** Characters that end an id where a reason writes one: "with M1 (score", "M1, M2;", "of M1:". */
const ID_DELIMITERS = /([\s,;:()[\]"']+)/;

/** Ids and their pseudonyms, for {@link replaceIds}. */
export interface IdTable {
  readonly get: (id: string) => string | undefined;
  /** Ids that hold a delimiter themselves ("M 1"), longest first: replaced wherever they occur. */
  readonly spaced: readonly (readonly [string, string])[];
}

/** The table of `ids` under `pseudonyms`. */
export function idTable(ids: Iterable<string>, pseudonym: (id: string) => string): IdTable {
  const map = new Map<string, string>();
  for (const id of ids) map.set(id, pseudonym(id));
  const spaced = [...map].filter(([id]) => ID_DELIMITERS.test(id)).sort(([a], [b]) => b.length - a.length);
  return { get: (id) => map.get(id), spaced };
}

/**
 * `text` with each id of `tables` replaced where it stands as a whole
 * (between spaces or punctuation, a sentence's last full stop aside), so
 * that "M1" is never replaced inside "M10" nor an id "12" inside "12.5".
 * Only the ids a text can name should be given: an id that is a bare number
 * ("12") would also replace that count ("all 12 possible mentors") — a
 * garbled count, never a leak.
 */
export function replaceIds(text: string, tables: readonly IdTable[]): string {
  let out = text;
  for (const t of tables) for (const [id, pseudonym] of t.spaced) out = out.split(id).join(pseudonym);
  const get = (id: string): string | undefined => {
    for (const t of tables) {
      const found = t.get(id);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return out
    .split(ID_DELIMITERS)
    .map((piece, k) => {
      if (k % 2 === 1) return piece;
      const whole = get(piece);
      if (whole !== undefined) return whole;
      const beforeStop = piece.endsWith('.') ? get(piece.slice(0, -1)) : undefined;
      return beforeStop === undefined ? piece : `${beforeStop}.`;
    })
    .join('');
}

/** An eligibility detail with any quoted answer other than a yes/no spelling withheld: `notes is (answer withheld)`. */
export function withholdQuotedAnswers(detail: string): string {
  return detail.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
    let inner: unknown;
    try {
      inner = JSON.parse(quoted);
    } catch {
      return '(answer withheld)';
    }
    return typeof inner === 'string' && parseYesNo(inner) !== undefined ? quoted : '(answer withheld)';
  });
}

/** What an anonymized run.json says about itself, under `anonymized`. */
export interface AnonymizedMark {
  /** The pseudonym key's fingerprint: runs with equal ones use the same pseudonyms. */
  readonly key_id: string;
  readonly note: string;
}

/** The mark for run.json. */
export function anonymizedMark(keyId: string): AnonymizedMark {
  return {
    key_id: keyId,
    note:
      'ids and names are pseudonyms (a keyed hash of the id); emails, organizations, supervisors, goals, bios and extra columns are removed; departments are coded; regions, community sizes, interests and skills are kept',
  };
}

/**
 * Adds `anonymized` to a run.json's text, after `version` (the rest keeps
 * its order and the 2-space indent buildRunRecord writes).
 */
export function markRunRecord(text: string, keyId: string): string {
  const record = JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    out[k] = v;
    if (k === 'version') out.anonymized = anonymizedMark(keyId);
  }
  if (!('anonymized' in out)) out.anonymized = anonymizedMark(keyId);
  return `${JSON.stringify(out, null, 2)}\n`;
}

const markSchema = z.object({ anonymized: z.object({ key_id: z.string() }).optional() });

/** The pseudonym key fingerprint of the run in `folder` when it was anonymized; null when it was not (or cannot be read). */
export function anonymizedKeyOf(folder: string): string | null {
  const read = readRunRecord(folder, markSchema);
  return read.status === 'found' ? (read.record.anonymized?.key_id ?? null) : null;
}

/**
 * The earlier run a run may be compared with, in the run's own terms: an
 * anonymized run compares with a committee run through its pseudonyms, and
 * with an anonymized one of the same key as it is; a committee run compares
 * only with committee runs. Otherwise the pairs could not be matched up (and
 * pseudonyms would sit beside names): no comparison, and a warning saying why.
 */
export function comparableEarlierRun(
  earlier: PreviousRun | null,
  anonymizer: Anonymizer | null,
): { readonly run: PreviousRun | null; readonly warning?: string } {
  if (earlier === null) return { run: null };
  const earlierKey = anonymizedKeyOf(earlier.folder);
  if (anonymizer === null) {
    return earlierKey === null
      ? { run: earlier }
      : { run: null, warning: 'the earlier run is anonymized (pseudonyms, not ids): this run is not compared with it, and writes no changes.csv' };
  }
  if (earlierKey === null) return { run: anonymizer.previousRun(earlier) };
  if (earlierKey === anonymizer.pseudonyms.keyId) return { run: { ...earlier, folder: basename(earlier.folder) } };
  return { run: null, warning: 'the earlier run was anonymized with another pseudonym key: this run is not compared with it, and writes no changes.csv' };
}

/** A value of an applicant that must not survive anonymization, and what it is (never the value itself). */
interface Original {
  readonly kind: 'id' | 'name' | 'email' | 'organization' | 'supervisor' | 'goals' | 'bio';
  /** Lower-cased, entities decoded, whitespace runs as one space. */
  readonly text: string;
  readonly firstWord: string;
}

/** Lower case, HTML entities decoded and whitespace runs as one space: how files and originals are compared. */
function normalize(text: string): string {
  const decoded = !text.includes('&')
    ? text
    : text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
        const lower = e.toLowerCase();
        if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
        if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
        return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? '';
      });
  return decoded.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The values of `originals` that must not appear in an anonymized folder and
 * can be looked for without false alarms: emails; ids, supervisors and
 * organizations of two words or more, or one of 5 characters or more with a
 * letter (a bare number is everywhere in a report); names of two words or
 * one of 5 letters or more; goals and bios of 4 words or more. A value equal
 * to a kept label (a region, an interest…) is not looked for.
 */
function originalsOf(result: MatchResult, exempt: readonly string[]): Original[] {
  // Matched from its first letter or digit to its last: quotes and brackets around a value may be escaped in a file.
  const form = (raw: string): string => normalize(raw.trim()).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const kept = new Set<string>();
  const people = applicantsOf(result);
  for (const a of people) for (const label of [a.region, a.communitySize, ...a.interests, ...a.skillsOffered, ...a.skillsSought]) kept.add(form(label));
  const exemptText = exempt.map(normalize);
  const out = new Map<string, Original>();
  const add = (kind: Original['kind'], raw: string | null, minWords: number): void => {
    if (raw === null) return;
    const text = form(raw);
    const ws = words(text);
    const first = ws[0];
    if (first === undefined || kept.has(text) || out.has(text)) return;
    const oneLongWord = ws.length === 1 && first.length >= 5 && /\p{L}/u.test(first);
    if (kind !== 'email' && ws.length < minWords && !(minWords <= 2 && oneLongWord)) return;
    // The program's own words ("City of Ferncrest Mentoring") may hold what everyone answered ("City of Ferncrest").
    if (exemptText.some((t) => t.includes(text))) return;
    out.set(text, { kind, text, firstWord: first });
  };
  for (const a of people) {
    add('id', a.id, 2);
    add('name', a.name, 2);
    add('email', a.email, 1);
    add('organization', a.organization, 2);
    add('supervisor', a.supervisorId, 2);
    add('goals', a.goals, 4);
    add('bio', a.bio, 4);
  }
  for (const r of result.rejected) {
    add('id', r.id, 2);
    add('name', r.name, 2);
  }
  return [...out.values()];
}

/**
 * The first original value of `originals` (the result before anonymizing)
 * found in `files`, as what kind of value in which file; null when none is.
 * A safety net behind the anonymizer: a new wording that quotes a name or an
 * email stops the run instead of sharing it. A value found in one of the
 * `exempt` texts (the program config: its name, its emails' texts) is not
 * looked for: it is the program's, whoever else wrote it.
 */
export function findOriginals(
  files: ReadonlyMap<string, string | Uint8Array>,
  originals: MatchResult,
  exempt: readonly string[] = [],
): { readonly file: string; readonly kind: Original['kind'] } | null {
  const byFirstWord = new Map<string, Original[]>();
  for (const o of originalsOf(originals, exempt)) {
    const list = byFirstWord.get(o.firstWord);
    if (list === undefined) byFirstWord.set(o.firstWord, [o]);
    else list.push(o);
  }
  for (const [file, data] of files) {
    const text = normalize(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    // Word by word (a hand-written scan: a report of a large pool is tens of megabytes).
    let start = -1;
    for (let k = 0; k <= text.length; k++) {
      if (k < text.length && isWordCode(text.charCodeAt(k))) {
        if (start < 0) start = k;
        continue;
      }
      if (start < 0) continue;
      const candidates = byFirstWord.get(text.slice(start, k));
      if (candidates !== undefined) {
        for (const o of candidates) {
          const end = start + o.text.length;
          if (text.startsWith(o.text, start) && !(end < text.length && isWordCode(text.charCodeAt(end)))) return { file, kind: o.kind };
        }
      }
      start = -1;
    }
  }
  return null;
}

const WORD_CODES = new Map<number, boolean>();
/** Whether a UTF-16 code unit is part of a word (a letter or digit; both halves of a surrogate pair count). */
function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) return true;
  let known = WORD_CODES.get(c);
  if (known === undefined) {
    known = /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
    WORD_CODES.set(c, known);
  }
  return known;
}
