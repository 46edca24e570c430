/**
 * The priority of people left out last cycle (`priority.unmatched_last_cycle`):
 * points added, in the optimisation only, to every possible pair of such a
 * mentee (their row) and of such a mentor (their column), so the engine
 * prefers to match them. The scores shown, the total score and the factor
 * breakdowns stay the pairs' own; the exact costs of the roads not taken
 * count the points, since they are costs to what the engine maximised.
 * Objectives in priority order and deferred acceptance do not maximise that
 * total, so a program combining either with priority is refused
 * (match-cohort.ts).
 */
import type { ScoringPool } from '../scoring/factor.js';
import type { ResolvedProgram } from '../scoring/program.js';

/** `scores` with the priority points added (a copy), or `scores` itself when no one has priority. */
export function withPriority(scores: Float64Array, pool: ScoringPool, program: ResolvedProgram, leftOutLastCycle: readonly string[] | undefined): Float64Array {
  const points = program.priority.unmatchedLastCycle;
  if (points <= 0 || leftOutLastCycle === undefined || leftOutLastCycle.length === 0 || program.solver === 'deferred_acceptance') return scores;
  const favoured = new Set(leftOutLastCycle);
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const gains = scores.slice();
  for (let i = 0; i < rows; i++) if (favoured.has(pool.mentees[i]?.id ?? '')) for (let k = i * cols; k < (i + 1) * cols; k++) gains[k] = (gains[k] as number) + points;
  for (let j = 0; j < cols; j++) if (favoured.has(pool.mentors[j]?.id ?? '')) for (let k = j; k < rows * cols; k += cols) gains[k] = (gains[k] as number) + points;
  return gains;
}
