/**
 * The shape every match factor takes. A factor module exports a
 * {@link FactorBuilder}: given the pool and the program, it precomputes what it
 * needs once (token sets, TF-IDF vectors, lookup maps) and returns a
 * {@link PairFactor} whose `value` is cheap enough for the n×m hot loop.
 * `explain` is only called for pairs a report shows, so it may allocate.
 */
import type { Applicant } from './applicant.js';
import type { MentorTeams } from './mentor-teams.js';
import type { FactorName, ResolvedProgram } from './program.js';

/** The eligible applicants of a run, split by side. Indices into these arrays are the matrix rows (mentees) and columns (mentors). */
export interface ScoringPool {
  readonly mentees: readonly Applicant[];
  readonly mentors: readonly Applicant[];
  /**
   * Group mentoring: each of `mentors` is the lead of a team, and the
   * factors score a mentee against the team (scoring/mentor-teams.ts).
   * Absent: each mentor stands alone.
   */
  readonly teams?: MentorTeams;
}

/** One factor, ready to score any (mentee, mentor) pair of the pool it was built for. */
export interface PairFactor {
  readonly name: FactorName;
  /** The factor's value in [0, 1] for mentee index `mentee` and mentor index `mentor`. */
  value(mentee: number, mentor: number): number;
  /** The reason in words, e.g. "shares 2 of 3 interests: budgeting, open data". */
  explain(mentee: number, mentor: number): string;
}

/** Builds a factor for one pool; no state outlives the returned object. */
export type FactorBuilder = (pool: ScoringPool, program: ResolvedProgram) => PairFactor;

/** One factor's part of a pair's score, for explanations and run.json. */
export interface FactorContribution {
  readonly factor: FactorName;
  /** The factor's value in [0, 1]. */
  readonly value: number;
  /** The configured weight. */
  readonly weight: number;
  /** Points this factor adds to the 0–100 score: 100 · weight · value / Σweights. */
  readonly points: number;
  readonly reason: string;
}
