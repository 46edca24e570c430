/**
 * `objectives:` in the config: the cohort solved level by level in the
 * program's order (most pairs, most top-3 choices, total score, the
 * worst-off pair's score), each level exact — engine/solve-lexicographic.ts
 * on the run's own problem, with a mentee's top-3 stated choices as the
 * "preferred" pairs.
 */
import { columnOfMentorId } from '../scoring/mentor-teams.js';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { solveLexicographic, type LexicographicLevel } from '../engine/solve-lexicographic.js';
import type { ScoringPool } from '../scoring/factor.js';
import type { Objective } from '../scoring/program.js';

/** How many of a mentee's stated choices count as "top choices" (the handbooks ask for three). */
export const TOP_CHOICES = 3;

/**
 * Largest pool (mentees × mentors) solved level by level: the dense solver
 * behind it is O(pairs · (mentees + mentors)) per level and re-solves for
 * the worst-off level (300 × 120 with all four levels: 0.2–0.4 s measured).
 */
export const OBJECTIVES_MAX_PAIRS = 250_000;

const LEVEL_OF: Readonly<Record<Objective, LexicographicLevel>> = {
  matched: 'matched',
  top_choices: 'preferred',
  total_score: 'total',
  worst_score: 'worst',
};

/** The assignment best by `objectives`, in their order, or why there is none. */
export function solveInPriorityOrder(
  problem: AssignmentProblem,
  pool: ScoringPool,
  objectives: readonly Objective[],
): { status: 'in_order'; rowToCol: Int32Array; solver: string } | { status: 'invalid'; reason: string } {
  if (problem.rows * problem.cols > OBJECTIVES_MAX_PAIRS) {
    return {
      status: 'invalid',
      reason: `objectives in priority order are solved for pools of up to ${OBJECTIVES_MAX_PAIRS} mentee–mentor pairs; this one has ${problem.rows * problem.cols} (leave objectives out to maximise the total score)`,
    };
  }
  const mentorIndex = columnOfMentorId(pool);
  const preferred = new Uint8Array(problem.rows * problem.cols);
  pool.mentees.forEach((mentee, i) => {
    for (const id of mentee.choices.slice(0, TOP_CHOICES)) {
      const j = mentorIndex.get(id);
      if (j !== undefined) preferred[i * problem.cols + j] = 1;
    }
  });
  const out = solveLexicographic({ ...problem, preferred }, objectives.map((o) => LEVEL_OF[o]));
  return out.status === 'optimal' ? { status: 'in_order', rowToCol: out.rowToCol, solver: 'objectives_in_order' } : { status: 'invalid', reason: out.reason };
}
