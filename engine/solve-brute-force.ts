/**
 * Exhaustive assignment search: the oracle our fast solver is checked
 * against, and a solver for tiny pools. Tries every way to give each row a
 * column with room left (or none, when rows may stay unmatched).
 */
import { checkProblem, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';

/** Largest instance the brute force accepts; 9 rows × 9 columns is already ~10^8 leaves. */
export const BRUTE_FORCE_MAX_CELLS = 81;

/** Solves `problem` by enumeration; `invalid` when it is larger than {@link BRUTE_FORCE_MAX_CELLS}. */
export function solveBruteForce(problem: AssignmentProblem): AssignmentOutcome {
  const invalid = checkProblem(problem);
  if (invalid !== null) return { status: 'invalid', reason: invalid };
  const { rows, cols, gains, allowed, colCapacity } = problem;
  if (rows * cols > BRUTE_FORCE_MAX_CELLS) {
    return { status: 'invalid', reason: `brute force takes at most ${BRUTE_FORCE_MAX_CELLS} cells; got ${rows} × ${cols}` };
  }
  const optional = problem.rowsMayStayUnmatched ?? true;
  const room = new Int32Array(cols);
  for (let j = 0; j < cols; j++) room[j] = colCapacity === undefined ? 1 : (colCapacity[j] as number);

  const current = new Int32Array(rows).fill(-1);
  let best: Int32Array | null = null;
  let bestValue = -Infinity;

  const visit = (i: number, value: number): void => {
    if (i === rows) {
      if (value > bestValue) {
        bestValue = value;
        best = current.slice();
      }
      return;
    }
    if (optional) {
      current[i] = -1;
      visit(i + 1, value);
    }
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      if ((room[j] as number) > 0 && (allowed === undefined || allowed[k] === 1)) {
        room[j] = (room[j] as number) - 1;
        current[i] = j;
        visit(i + 1, value + (gains[k] as number));
        room[j] = (room[j] as number) + 1;
      }
    }
    current[i] = -1;
  };
  visit(0, 0);

  if (best === null) return { status: 'infeasible', reason: 'no way to place every row' };
  return { status: 'optimal', rowToCol: best, objective: bestValue, solver: 'brute_force' };
}
