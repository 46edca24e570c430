/**
 * Where a cohort's assignment problem meets the solver its program chose:
 * objectives in priority order (solve-in-priority-order.ts), mentee-proposing
 * deferred acceptance, or `solveAssignment` (shortest paths, or the LP under
 * a minimum group size or quotas). The run (match-cohort.ts) and the weight
 * sensitivity table (measure-weight-sensitivity.ts) both call it, so a
 * re-solve can never pick a different solver than the run did.
 */
import type { AssignmentOutcome, AssignmentProblem } from '../engine/assignment-problem.js';
import { deferredAcceptance } from '../engine/deferred-acceptance.js';
import type { SolveProgress } from '../engine/place-free-rows.js';
import { hasSideConstraints, type SideConstraints } from '../engine/side-constraints.js';
import { solveAssignment } from '../engine/solve-assignment.js';
import { solveLp } from '../engine/solve-lp.js';
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { stabilityPreferences } from './audit-stability.js';
import { solveInPriorityOrder } from './solve-in-priority-order.js';

/** What a cohort's solve ends in; only `optimal` is a best total (with the duals that price it). */
export type CohortSolution =
  | AssignmentOutcome
  | { readonly status: 'stable'; readonly rowToCol: Int32Array; readonly solver: string }
  | { readonly status: 'in_order'; readonly rowToCol: Int32Array; readonly solver: string };

/** Options of {@link solveCohortProblem}. */
export interface CohortSolveOptions {
  /** Told how many rows the dense searches have placed. */
  readonly progress?: SolveProgress;
  /** A time limit for the LP, when the program takes it (default: the LP's own). */
  readonly lpTimeoutMs?: number;
}

/** Whether `program` solves `sc` with the LP (`solver: lp`, or `auto` with a minimum group size or quotas). */
export function usesLp(program: ResolvedProgram, sc: SideConstraints): boolean {
  return program.objectives === null && (program.solver === 'lp' || (program.solver === 'auto' && hasSideConstraints(sc)));
}

/**
 * Solves `problem` (rows: `pool.mentees`, columns: `pool.mentors`) as
 * `program` says. Deferred acceptance ranks by `problem.gains` with the
 * mentees' stated choices first (audit-stability.ts), so a caller that
 * re-weights the scores passes them as the gains.
 */
export function solveCohortProblem(
  problem: AssignmentProblem,
  pool: ScoringPool,
  matrix: ScoreMatrix,
  program: ResolvedProgram,
  sc: SideConstraints,
  options: CohortSolveOptions = {},
): CohortSolution {
  if (program.objectives !== null) return solveInPriorityOrder(problem, pool, program.objectives);
  if (program.solver === 'deferred_acceptance') {
    const out = deferredAcceptance(problem, stabilityPreferences(pool, { ...matrix, scores: problem.gains }));
    return out.status === 'stable' ? { status: 'stable', rowToCol: out.rowToCol, solver: 'deferred_acceptance' } : out;
  }
  if (options.lpTimeoutMs !== undefined && usesLp(program, sc)) return solveLp(problem, sc, { timeoutMs: options.lpTimeoutMs });
  return solveAssignment(problem, program.solver, sc, options.progress === undefined ? {} : { progress: options.progress });
}
