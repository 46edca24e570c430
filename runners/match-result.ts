/**
 * What a matching run decides about every applicant. Every input applicant
 * ends up in exactly one of `pairs` (as mentor or mentee), `unmatched`,
 * `ineligible` or `rejected` — {@link checkEveryoneAccounted} enforces it.
 */
import type { Applicant } from '../scoring/applicant.js';
import type { FactorContribution } from '../scoring/factor.js';
import type { TeamOrigin } from '../scoring/mentor-teams.js';
import type { FactorName } from '../scoring/program.js';
import type { RejectedApplication } from './load-applications.js';

/** One pair the run makes. */
export interface MatchedPair {
  readonly mentor: Applicant;
  readonly mentee: Applicant;
  /** 0–100. */
  readonly score: number;
  /** 1-based rank of this mentor among the mentee's choices, or null when not chosen. */
  readonly choiceRank: number | null;
  /** Set by the committee (edits file) rather than by the solver. */
  readonly pinned: boolean;
  /** Each factor's part of the score, largest first. */
  readonly contributions: readonly FactorContribution[];
  /**
   * Group mentoring: the group the mentee joins. `mentor` is its lead (the
   * team's first id), and the score is the mentee's with the whole team
   * (each factor from the co-mentor who fits best). Absent otherwise.
   */
  readonly group?: GroupOfPair;
}

/** The group a pair belongs to (group mentoring). */
export interface GroupOfPair {
  /** "G1", "G2"…: the groups that run, numbered in the order of their leads' ids. */
  readonly id: string;
  /** The team's other mentors, in id order; empty when the lead leads alone. */
  readonly coMentors: readonly Applicant[];
  /** How the team was formed. */
  readonly origin: TeamOrigin;
}

/**
 * A pair the run did not make, priced: the road not taken. For a mentee,
 * one of their best mentors other than the one they got; for a mentor left
 * without mentees, one of their best mentees.
 */
export interface Alternative {
  /** The other person of the pair not made (a mentor for a mentee, a mentee for a mentor). */
  readonly other: Applicant;
  /** This pair's score, 0–100. */
  readonly score: number;
  /** 1-based rank of the mentor among the mentee's choices, or null when not chosen. */
  readonly choiceRank: number | null;
  /** Who has `other` in the chosen assignment instead: the mentor's mentees, or the mentee's mentor; empty when nobody. */
  readonly heldBy: readonly Applicant[];
  /**
   * Exact drop in the total score if this pair were forced and everyone
   * else re-matched at their best (≥ 0; 0 when an equally good assignment
   * has the pair). Null when not computed: `RoadNotTaken.note` says why.
   */
  readonly drop: number | null;
  /**
   * The pair's dual reduced cost (row price + column price − score): a
   * lower bound on `drop`, free to compute for every pair. Null when the
   * solver gave no dual prices (the LP path).
   */
  readonly bound: number | null;
}

/** One applicant's best alternatives, best score first. */
export interface RoadNotTaken {
  /** An eligible mentee (matched or not), or an eligible mentor left without mentees. */
  readonly applicant: Applicant;
  /**
   * The {@link ALTERNATIVES_PER_APPLICANT} best-scoring other allowed pairs,
   * best first, then (for a mentee) every mentor they ranked and did not
   * get, in their order; empty when the applicant had no other allowed pair.
   */
  readonly alternatives: readonly Alternative[];
  /** Why some drops or bounds are missing (e.g. pinned by the committee, the explanation budget ran out); null when none is. */
  readonly note: string | null;
}

/** How many alternatives each applicant's road not taken lists. */
export const ALTERNATIVES_PER_APPLICANT = 3;

/** A pair not made whose mentor and mentee both prefer each other to what they got. */
export interface BlockingPair {
  readonly mentor: Applicant;
  readonly mentee: Applicant;
  /** The pair's score, 0–100. */
  readonly score: number;
}

/** Summary of one matching for the stability audit: pairs, total and the worst-off mentee's score. */
export interface MatchingSummary {
  readonly pairs: number;
  readonly totalScore: number;
  /** Lowest score among the pairs; null when there are none. */
  readonly worstScore: number | null;
}

/**
 * How stable the chosen matching is (issue 5): each side ranks its
 * candidates by score (a mentee's stated choices first, in their order);
 * a blocking pair is an allowed pair not made whose mentee prefers the
 * mentor to their own (or to none) and whose mentor prefers the mentee to
 * their worst (or has a free place). Beside it, the mentee-proposing
 * deferred acceptance matching (stable by construction) of the same pool.
 */
export interface StabilityAudit {
  /** Blocking pairs of the chosen matching, strongest first, at most {@link MAX_BLOCKING_PAIRS_LISTED}. */
  readonly blockingPairs: readonly BlockingPair[];
  /** How many blocking pairs there are in all. */
  readonly blockingPairCount: number;
  readonly chosen: MatchingSummary;
  readonly deferredAcceptance: MatchingSummary;
  /** What the audit leaves out (the minimum group size and quotas, which deferred acceptance ignores); absent when nothing. */
  readonly note?: string;
}

/** Blocking pairs listed by name in the audit; the count covers the rest. */
export const MAX_BLOCKING_PAIRS_LISTED = 50;

/** How the matching moves when one factor's weight moves by ±{@link SENSITIVITY_STEP}. */
export interface SensitivityRow {
  readonly factor: FactorName;
  readonly weight: number;
  /** Pairs of the result not made when the weight is lowered / raised. */
  readonly pairsChangedDown: number;
  readonly pairsChangedUp: number;
}

/** The weight sensitivity table: one row per factor with a positive weight, or why there is none. */
export interface Sensitivity {
  readonly rows: readonly SensitivityRow[];
  /** Why the table is missing or partial (e.g. pool too large); null when complete. */
  readonly note: string | null;
}

/** The relative change of a weight in the sensitivity table: ±10%. */
export const SENSITIVITY_STEP = 0.1;

/** Why an eligible applicant was left without a match. */
export type UnmatchedCode =
  /** Hard exclusions (chain of command, past pairs, bans, same department) removed every candidate. */
  | 'no_eligible_candidate'
  /** Some candidates passed the exclusions but every one scored below the program's minimum. */
  | 'below_min_score'
  /** Candidates existed, but the optimal assignment gave every one of them to others. */
  | 'candidates_taken'
  /** Nobody applied on the other side (or nobody on it was eligible). */
  | 'no_other_side'
  /** The group could never reach the program's minimum size (its capacity is below it), or every possible group of the mentee is such. */
  | 'group_cannot_run';

/** An eligible applicant without a match, and why. */
export interface UnmatchedEntry {
  readonly applicant: Applicant;
  readonly code: UnmatchedCode;
  readonly reason: string;
}

/** An applicant who failed at least one eligibility rule; every failure is listed. */
export interface IneligibleEntry {
  readonly applicant: Applicant;
  readonly failures: readonly { readonly rule: string; readonly detail: string }[];
}

/**
 * A row of the input that could not be read (only with the skip option): what
 * the loader kept of it, and the file it is in. Its id, when one could be
 * read, is what the invariant and the committee go by.
 */
export interface RejectedRow extends RejectedApplication {
  readonly file: string;
}

/** The whole outcome of matching one cohort. */
export interface MatchResult {
  readonly pairs: readonly MatchedPair[];
  readonly unmatched: readonly UnmatchedEntry[];
  readonly ineligible: readonly IneligibleEntry[];
  readonly rejected: readonly RejectedRow[];
  /** Sum of the scores of all pairs (the solver's objective plus pinned pairs). */
  readonly totalScore: number;
  readonly solver: string;
  /** Counts of pairs removed before solving, by reason, over the whole matrix. */
  readonly blockedPairs: Readonly<Record<string, number>>;
  /** Every eligible mentee's alternatives, and every unmatched mentor's, ordered by applicant id. */
  readonly roadsNotTaken: readonly RoadNotTaken[];
  /** The stability audit; absent when not computed. */
  readonly stability?: StabilityAudit;
  /** The weight sensitivity table; absent when not computed. */
  readonly sensitivity?: Sensitivity;
}

/**
 * Fails loudly when the invariant breaks: every applicant (and every rejected
 * row) must appear in exactly one list. Returns the list of violations, empty
 * when the result is whole.
 */
export function checkEveryoneAccounted(
  applicants: readonly Applicant[],
  rejectedRowsInInput: number,
  result: MatchResult,
): string[] {
  const seen = new Map<string, string[]>();
  const mark = (id: string, list: string): void => {
    const lists = seen.get(id);
    if (lists === undefined) seen.set(id, [list]);
    else if (!lists.includes(list) || list !== 'matches') lists.push(list);
  };
  for (const p of result.pairs) {
    mark(p.mentor.id, 'matches');
    mark(p.mentee.id, 'matches');
    for (const co of p.group?.coMentors ?? []) mark(co.id, 'matches');
  }
  for (const u of result.unmatched) mark(u.applicant.id, 'unmatched');
  for (const x of result.ineligible) mark(x.applicant.id, 'ineligible');

  const violations: string[] = [];
  for (const a of applicants) {
    const lists = seen.get(a.id);
    if (lists === undefined) violations.push(`applicant ${a.id} (row ${a.source.row}) is in no list`);
    else if (lists.length > 1) violations.push(`applicant ${a.id} (row ${a.source.row}) is in ${lists.join(' and ')}`);
    seen.delete(a.id);
  }
  for (const id of seen.keys()) violations.push(`${id} appears in the output but not in the input`);
  if (result.rejected.length !== rejectedRowsInInput) {
    violations.push(`${rejectedRowsInInput} rows were rejected but ${result.rejected.length} are listed`);
  }
  const menteeCount = new Map<string, number>();
  for (const p of result.pairs) menteeCount.set(p.mentee.id, (menteeCount.get(p.mentee.id) ?? 0) + 1);
  for (const [id, n] of menteeCount) if (n > 1) violations.push(`mentee ${id} is matched ${n} times`);
  return violations;
}
