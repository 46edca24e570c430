/**
 * The stability audit of issue 5: would some mentor and mentee both rather
 * be together than keep the pairs the run chose? The chosen matching
 * maximises the total score, which can leave such blocking pairs; beside
 * their count stands the mentee-proposing deferred acceptance matching of
 * the same pool, stable by construction, and what it scores in total and
 * for its worst pair.
 *
 * Preferences:
 * - a mentee ranks the mentors it may be paired with by its stated
 *   `choices` first, in their order, then by score (highest first);
 * - a mentor ranks the mentees it may be paired with by score;
 * - equal scores are broken by the lower pool index (pool order is id order).
 *
 * Committee pins: a pinned mentee is fixed and not part of the problem
 * (its row of `problem.allowed` is all 0, and its place is already taken
 * off its mentor's capacity). So blocking pairs are only ever between
 * mentees not pinned and the places left after the pins — a pinned pair is
 * never broken up, and a mentor's pinned mentees are not weighed against
 * newcomers. Both summaries, though, count the pinned pairs too (the chosen
 * one is the whole result; deferred acceptance's is its pairs plus the
 * pinned ones), so the two compare like with like.
 *
 * Deferred acceptance knows nothing of minimum group sizes or quotas: with
 * either set, its matching may break them, and its total is then not
 * bounded by the chosen matching's.
 *
 * @example
 * const problem = { rows, cols, gains: matrix.scores, allowed: prepared.allowed, colCapacity: prepared.capacityLeft };
 * const audit = auditStability(pool, matrix, problem, rowToCol, prepared.pinnedCol);
 * audit.blockingPairCount; audit.deferredAcceptance.totalScore;
 */
import { byId } from '../scoring/compare-ids.js';
import { columnOfMentorId } from '../scoring/mentor-teams.js';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { deferredAcceptance, type MatchPreferences } from '../engine/deferred-acceptance.js';
import { findBlockingPairs } from '../engine/find-blocking-pairs.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { MAX_BLOCKING_PAIRS_LISTED, type BlockingPair, type MatchingSummary, type StabilityAudit } from './match-result.js';

/**
 * A mentee's value for the mentor it named k-th (0-based) among its
 * choices: `CHOSEN_MENTOR_VALUE − k`. Above any score (0–100), so every
 * stated choice outranks every mentor not chosen, and the first choice the
 * second.
 */
export const CHOSEN_MENTOR_VALUE = 1000;

/**
 * Both sides' preferences over the pairs of `problem`, as the audit defines
 * them (see the module comment): the mentee's value for a mentor is
 * {@link CHOSEN_MENTOR_VALUE} − k for its k-th choice, else the pair's
 * score; the mentor's value for a mentee is the pair's score. Exported so
 * that a run solving by deferred acceptance ranks exactly as the audit does.
 */
export function stabilityPreferences(pool: ScoringPool, matrix: ScoreMatrix): MatchPreferences {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const scores = matrix.scores;
  const rowValue = Float64Array.from(scores);
  const mentorIndex = columnOfMentorId(pool);
  for (let i = 0; i < rows; i++) {
    const choices = (pool.mentees[i] as Applicant).choices;
    // Walk from the last choice so that a mentor (or group) named twice keeps its first (best) rank.
    for (let k = choices.length - 1; k >= 0; k--) {
      const j = mentorIndex.get(choices[k] as string);
      if (j !== undefined) rowValue[i * cols + j] = CHOSEN_MENTOR_VALUE - k;
    }
  }
  return { rowValue, colValue: scores };
}

/**
 * Largest pool (mentees × mentors) a run audits: the audit reads every pair
 * a few times and runs deferred acceptance over all of them (0.4 s at
 * 3000 × 1200, ~15 s of a 10,000 × 4,000 run, measured by CPU profile), so
 * a run above it goes without the audit (no section in the reports,
 * `stability: null` in run.json).
 */
export const STABILITY_AUDIT_MAX_PAIRS = 10_000_000;

/**
 * Audits the chosen matching `rowToCol` of `problem` (built as
 * match-cohort.ts builds it: gains the matrix's scores, `allowed` without the
 * pinned mentees' rows, capacities less the pins) and compares it with
 * deferred acceptance on the same problem. `rowToCol` may hold the pinned
 * pairs or not: a mentee with `pinnedCol[i] ≠ -1` counts as paired with
 * that mentor either way. Throws when the sizes disagree or the matching is
 * not feasible for the problem — the caller's bug, never the data's.
 */
export function auditStability(
  pool: ScoringPool,
  matrix: ScoreMatrix,
  problem: AssignmentProblem,
  rowToCol: Int32Array,
  pinnedCol: Int32Array,
): StabilityAudit {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  if (problem.rows !== rows || problem.cols !== cols || matrix.mentees !== rows || matrix.mentors !== cols) {
    throw new Error(`auditStability: the pool is ${rows}×${cols}, the matrix ${matrix.mentees}×${matrix.mentors}, the problem ${problem.rows}×${problem.cols}: build them from the same pool`);
  }
  if (rowToCol.length !== rows || pinnedCol.length !== rows) {
    throw new Error(`auditStability: rowToCol has ${rowToCol.length} rows and pinnedCol ${pinnedCol.length}; expected ${rows}`);
  }
  const scores = matrix.scores;
  const prefs = stabilityPreferences(pool, matrix);

  // The solver's part of the matching: pinned mentees are outside the problem.
  const solved = Int32Array.from(rowToCol, (j, i) => (pinnedCol[i] === -1 ? j : -1));
  const cells = findBlockingPairs(problem, prefs, solved);
  const blocking = cells.map(
    ({ row, col }): BlockingPair => ({ mentee: pool.mentees[row] as Applicant, mentor: pool.mentors[col] as Applicant, score: scores[row * cols + col] as number }),
  );
  blocking.sort((a, b) => b.score - a.score || byId(a.mentor, b.mentor) || byId(a.mentee, b.mentee));

  const da = deferredAcceptance(problem, prefs);
  if (da.status !== 'stable') throw new Error(`internal error: deferred acceptance refused the run's own problem: ${da.reason}`);

  return {
    blockingPairs: blocking.slice(0, MAX_BLOCKING_PAIRS_LISTED),
    blockingPairCount: blocking.length,
    chosen: summarize(scores, cols, solved, pinnedCol),
    deferredAcceptance: summarize(scores, cols, da.rowToCol, pinnedCol),
  };
}

/**
 * Pairs, total and worst score of `rowToCol` with the pins put back, summed
 * in row order as match-cohort.ts sums the result's total, so the chosen
 * summary's total is the result's to the last bit.
 */
function summarize(scores: Float64Array, cols: number, rowToCol: Int32Array, pinnedCol: Int32Array): MatchingSummary {
  let pairs = 0;
  let totalScore = 0;
  let worstScore: number | null = null;
  for (let i = 0; i < rowToCol.length; i++) {
    const pinned = pinnedCol[i] as number;
    const j = pinned === -1 ? (rowToCol[i] as number) : pinned;
    if (j < 0) continue;
    const score = scores[i * cols + j] as number;
    pairs++;
    totalScore += score;
    if (worstScore === null || score < worstScore) worstScore = score;
  }
  return { pairs, totalScore, worstScore };
}
