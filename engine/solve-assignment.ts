/**
 * The one entry point for solving an assignment: picks a solver by name and
 * hands back its outcome. Later solvers (warm starts, LP side constraints)
 * plug in here without the batch runner changing.
 *
 * @example
 * const out = solveAssignment({ rows: 2, cols: 2, gains: Float64Array.of(9, 1, 8, 7) });
 * if (out.status === 'optimal') console.log(out.rowToCol, out.objective); // [0, 1] 16
 */
import type { AssignmentOutcome, AssignmentProblem, SolverName } from './assignment-problem.js';
import { BRUTE_FORCE_MAX_CELLS, solveBruteForce } from './solve-brute-force.js';
import { solveShortestPath } from './solve-shortest-path.js';

/** What the caller may ask for: a solver by name, or `auto` to let the engine choose. */
export type SolverRequest = SolverName | 'auto';

/** Solves with the requested solver; `auto` is the shortest-path solver (exact at every size). */
export function solveAssignment(problem: AssignmentProblem, solver: SolverRequest = 'auto'): AssignmentOutcome {
  switch (solver) {
    case 'auto':
    case 'shortest_path':
      return solveShortestPath(problem);
    case 'brute_force':
      return solveBruteForce(problem);
  }
}

/**
 * Why `solver` cannot take a `rows × cols` problem, or null when it can:
 * checked before any work, so a too-large brute force is refused up front
 * (and by `validate`) rather than after scoring.
 */
export function solverCannotTake(solver: SolverRequest, rows: number, cols: number): string | null {
  if (solver === 'brute_force' && rows * cols > BRUTE_FORCE_MAX_CELLS) {
    return `solver: brute_force takes at most ${BRUTE_FORCE_MAX_CELLS} mentee × mentor pairs; this cohort has ${rows} × ${cols}. Use solver: auto.`;
  }
  return null;
}

