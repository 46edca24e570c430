/**
 * The one entry point for solving an assignment: picks a solver by name and
 * hands back its outcome.
 *
 * - `shortest_path`: exact at every size, with dual prices; cannot honour
 *   side constraints.
 * - `lp`: exact under side constraints too (minimum group sizes, quotas),
 *   up to a size limit it states in words.
 * - `auto`: the LP solver when there are side constraints, else shortest path.
 * - `brute_force`: the test oracle, for tiny problems.
 *
 * @example
 * const out = solveAssignment({ rows: 2, cols: 2, gains: Float64Array.of(9, 1, 8, 7) });
 * if (out.status === 'optimal') console.log(out.rowToCol, out.objective); // [0, 1] 16
 */
import type { AssignmentOutcome, AssignmentProblem, SolverName } from './assignment-problem.js';
import { lpCannotTake } from './lp-size-limit.js';
import { hasSideConstraints, type SideConstraints } from './side-constraints.js';
import { BRUTE_FORCE_MAX_CELLS, solveBruteForce } from './solve-brute-force.js';
import { solveLp } from './solve-lp.js';
import { solveShortestPath, type SolveOptions } from './solve-shortest-path.js';

/** What the caller may ask for: a solver by name, or `auto` to let the engine choose. */
export type SolverRequest = SolverName | 'auto';

/** Solves with the requested solver (see the module comment for `auto`). */
export function solveAssignment(problem: AssignmentProblem, solver: SolverRequest = 'auto', sc: SideConstraints = {}, options: SolveOptions = {}): AssignmentOutcome {
  const constrained = hasSideConstraints(sc);
  switch (solver) {
    case 'auto':
      return constrained ? solveLp(problem, sc) : solveShortestPath(problem, options);
    case 'lp':
      return solveLp(problem, sc);
    case 'shortest_path':
      if (constrained) return { status: 'invalid', reason: SHORTEST_PATH_NO_SIDE_CONSTRAINTS };
      return solveShortestPath(problem, options);
    case 'brute_force':
      return solveBruteForce(problem, sc);
  }
}

const SHORTEST_PATH_NO_SIDE_CONSTRAINTS =
  'solver: shortest_path cannot honour a minimum group size or quotas; use solver: auto (or lp), or remove capacity.min_group and quotas';

/**
 * Why `solver` cannot take a `rows × cols` problem, or null when it can.
 * Checked before scoring with every pair counted as allowed (so a
 * too-large brute force is refused up front, and by `validate`), and again
 * after scoring with the pairs actually allowed (`allowedCount`), which is
 * what the LP's size depends on.
 */
export function solverCannotTake(solver: SolverRequest, rows: number, cols: number, sc: SideConstraints = {}, allowedCount = rows * cols, rowsMayStayUnmatched = true): string | null {
  const constrained = hasSideConstraints(sc);
  if (solver === 'brute_force' && rows * cols > BRUTE_FORCE_MAX_CELLS) {
    return `solver: brute_force takes at most ${BRUTE_FORCE_MAX_CELLS} mentee × mentor pairs; this cohort has ${rows} × ${cols}. Use solver: auto.`;
  }
  if (solver === 'shortest_path' && constrained) return SHORTEST_PATH_NO_SIDE_CONSTRAINTS;
  if (solver === 'lp' || (solver === 'auto' && constrained)) return lpCannotTake(rows, cols, allowedCount, sc, rowsMayStayUnmatched);
  return null;
}
