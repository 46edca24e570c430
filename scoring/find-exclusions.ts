/**
 * Hard exclusions: pairs that must never be made, whatever they score.
 *
 * - `chain_of_command` (program.exclusions.chainOfCommand): LACMC's mentoring
 *   happens "removed from their daily chain of command", so a mentor anywhere
 *   above the mentee in the supervisor chain, or the mentee anywhere above the
 *   mentor, is excluded;
 * - `past_pair` (program.exclusions.pastPairs): "never re-pair people who were
 *   paired before";
 * - `banned`: the committee's bans, always;
 * - `same_department` (program.exclusions.sameDepartment): departments equal,
 *   case- and space-insensitively; a blank department never matches.
 *
 * The result is a flat Uint8Array over the mentee×mentor grid (0 = allowed),
 * row-major like the score matrix.
 *
 * @example
 * const ex = findExclusions(pool, program, { allApplicants: applicants, pastPairs, bans });
 * ex.reasonOf(0, 3); // 'chain_of_command' | … | null
 */
import type { Applicant } from './applicant.js';
import type { ScoringPool } from './factor.js';
import { BLANK_LABEL, indexLabels } from './index-labels.js';
import type { ResolvedProgram } from './program.js';

/** Why a pair may not be made. */
export type ExclusionReason = 'chain_of_command' | 'same_department' | 'past_pair' | 'banned';

/** A pair of applicants named by id (a past pairing or a committee ban). */
export interface PairIds {
  readonly mentorId: string;
  readonly menteeId: string;
}

/** What exclusions need beyond the pool. */
export interface ExclusionInputs {
  /**
   * Every loaded applicant, ineligible ones included: a supervisor chain may
   * run through someone who cannot be matched. Defaults to the pool.
   */
  readonly allApplicants?: readonly Pick<Applicant, 'id' | 'supervisorId'>[];
  /** Pairs made in earlier cycles; excluded when `program.exclusions.pastPairs`. */
  readonly pastPairs: readonly PairIds[];
  /** Committee bans; always excluded. */
  readonly bans: readonly PairIds[];
}

/** The excluded pairs of one pool. */
export interface Exclusions {
  /** Matrix rows (mentees of the pool). */
  readonly mentees: number;
  /** Matrix columns (mentors of the pool). */
  readonly mentors: number;
  /** Row-major mentee×mentor codes: 0 allowed, otherwise an index into {@link EXCLUSION_REASONS} + 1. */
  readonly codes: Uint8Array;
  /** Why mentee `mentee` and mentor `mentor` may not be paired, or `null` when they may. */
  reasonOf(mentee: number, mentor: number): ExclusionReason | null;
  /** Excluded pairs per reason (each pair counted once, under its reported reason). */
  readonly counts: Readonly<Record<ExclusionReason, number>>;
}

/**
 * The reasons by code − 1, and also their priority: a pair excluded for
 * several reasons reports the first. Facts about the people come before the
 * committee's decision, and the program's department setting comes last.
 */
export const EXCLUSION_REASONS = ['chain_of_command', 'past_pair', 'banned', 'same_department'] as const satisfies readonly ExclusionReason[];

const CODE_CHAIN = 1;
const CODE_PAST = 2;
const CODE_BANNED = 3;
const CODE_DEPARTMENT = 4;

/**
 * Finds every excluded pair of the pool. Pure: inputs are not modified.
 * Pairs from `pastPairs` and `bans` match in either direction (someone who was
 * a mentee in a past cycle may be a mentor now) and are ignored when either
 * person is not in the pool.
 */
export function findExclusions(pool: ScoringPool, program: ResolvedProgram, inputs: ExclusionInputs): Exclusions {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const codes = new Uint8Array(rows * cols);
  const menteeIndex = new Map(pool.mentees.map((a, i) => [a.id, i]));
  const mentorIndex = new Map(pool.mentors.map((a, j) => [a.id, j]));

  // Lower codes win: set a code only where none, or a lower-priority one, is set.
  const mark = (i: number, j: number, code: number): void => {
    const k = i * cols + j;
    const current = codes[k] as number;
    if (current === 0 || code < current) codes[k] = code;
  };
  const markIds = (a: string, b: string, code: number): void => {
    const asMentee = menteeIndex.get(a);
    const asMentor = mentorIndex.get(b);
    if (asMentee !== undefined && asMentor !== undefined) mark(asMentee, asMentor, code);
    const swappedMentee = menteeIndex.get(b);
    const swappedMentor = mentorIndex.get(a);
    if (swappedMentee !== undefined && swappedMentor !== undefined) mark(swappedMentee, swappedMentor, code);
  };

  if (program.exclusions.chainOfCommand) {
    const supervisorOf = new Map<string, string>();
    for (const a of [...(inputs.allApplicants ?? []), ...pool.mentees, ...pool.mentors]) {
      if (a.supervisorId.trim() !== '' && !supervisorOf.has(a.id)) supervisorOf.set(a.id, a.supervisorId.trim());
    }
    // Walk each pool member's chain upwards once; any pool member of the other side met on the way is in their chain of command.
    // The walk stops at someone seen before, so a cyclic chain (A reports to B reports to A) ends.
    const walk = (id: string, onAncestor: (ancestorId: string) => void): void => {
      const seen = new Set<string>([id]);
      let next = supervisorOf.get(id);
      while (next !== undefined && !seen.has(next)) {
        seen.add(next);
        onAncestor(next);
        next = supervisorOf.get(next);
      }
    };
    pool.mentees.forEach((mentee, i) =>
      walk(mentee.id, (up) => {
        const j = mentorIndex.get(up);
        if (j !== undefined) mark(i, j, CODE_CHAIN);
      }),
    );
    pool.mentors.forEach((mentor, j) =>
      walk(mentor.id, (up) => {
        const i = menteeIndex.get(up);
        if (i !== undefined) mark(i, j, CODE_CHAIN);
      }),
    );
  }

  if (program.exclusions.pastPairs) {
    for (const p of inputs.pastPairs) markIds(p.menteeId, p.mentorId, CODE_PAST);
  }
  for (const p of inputs.bans) markIds(p.menteeId, p.mentorId, CODE_BANNED);

  if (program.exclusions.sameDepartment) {
    const { mentee: menteeDept, mentor: mentorDept } = indexLabels(pool, (a) => a.department);
    for (let i = 0; i < rows; i++) {
      const d = menteeDept[i] as number;
      if (d === BLANK_LABEL) continue;
      for (let j = 0; j < cols; j++) if (mentorDept[j] === d) mark(i, j, CODE_DEPARTMENT);
    }
  }

  return exclusionsFromCodes(rows, cols, codes);
}

/** The {@link Exclusions} of a rows × cols pool from its row-major codes (0 allowed, else a reason index + 1). */
export function exclusionsFromCodes(rows: number, cols: number, codes: Uint8Array): Exclusions {
  const counts: Record<ExclusionReason, number> = { chain_of_command: 0, same_department: 0, past_pair: 0, banned: 0 };
  for (let k = 0; k < codes.length; k++) {
    const code = codes[k] as number;
    if (code !== 0) counts[EXCLUSION_REASONS[code - 1] as ExclusionReason]++;
  }
  return {
    mentees: rows,
    mentors: cols,
    codes,
    reasonOf(i, j) {
      const code = codes[i * cols + j] as number;
      return code === 0 ? null : (EXCLUSION_REASONS[code - 1] as ExclusionReason);
    },
    counts,
  };
}
