/**
 * Exhaustive assignment search: the oracle our fast solvers are checked
 * against, and a solver for tiny pools. Tries every way to give each row a
 * column with room left (or none, when rows may stay unmatched), and with
 * side constraints keeps the best assignment that also meets every minimum
 * group size and quota.
 */
import { checkProblem, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';
import { checkSideConstraints, hasSideConstraints, isOpen, withinQuota, type Quota, type SideConstraints } from './side-constraints.js';

/** Largest instance the brute force accepts; 9 rows × 9 columns is already ~10^8 leaves. */
export const BRUTE_FORCE_MAX_CELLS = 81;

/**
 * Solves `problem` by enumeration, subject to `sc` when given; `invalid`
 * when it is larger than {@link BRUTE_FORCE_MAX_CELLS}. Side constraints are
 * checked at each complete assignment (no pruning), so the answer depends on
 * nothing but the definitions.
 */
export function solveBruteForce(problem: AssignmentProblem, sc: SideConstraints = {}): AssignmentOutcome {
  const invalid = checkProblem(problem) ?? checkSideConstraints(problem, sc);
  if (invalid !== null) return { status: 'invalid', reason: invalid };
  const { rows, cols, gains, allowed, colCapacity } = problem;
  if (rows * cols > BRUTE_FORCE_MAX_CELLS) {
    return { status: 'invalid', reason: `brute force takes at most ${BRUTE_FORCE_MAX_CELLS} cells; got ${rows} × ${cols}` };
  }
  const optional = problem.rowsMayStayUnmatched ?? true;
  const room = new Int32Array(cols);
  for (let j = 0; j < cols; j++) room[j] = colCapacity === undefined ? 1 : (colCapacity[j] as number);
  const capacity = room.slice();
  const mins = sc.minPerColumn;
  const quotas = sc.quotas ?? [];
  const inSet = new Int32Array(quotas.length);
  let made = 0;

  /** Whether the complete assignment in `room`, `made` and `inSet` meets every side constraint. */
  const meetsSideConstraints = (): boolean => {
    if (mins !== undefined) {
      for (let j = 0; j < cols; j++) {
        const taken = (capacity[j] as number) - (room[j] as number);
        if ((taken > 0 || isOpen(sc, j)) && taken < (mins[j] as number)) return false;
      }
    }
    for (let q = 0; q < quotas.length; q++) {
      if (!withinQuota(inSet[q] as number, made, (quotas[q] as Quota).maxShare)) return false;
    }
    return true;
  };

  const current = new Int32Array(rows).fill(-1);
  let best: Int32Array | null = null;
  let bestValue = -Infinity;

  const visit = (i: number, value: number): void => {
    if (i === rows) {
      if (value > bestValue && meetsSideConstraints()) {
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
        made++;
        for (let q = 0; q < quotas.length; q++) inSet[q] = (inSet[q] as number) + ((quotas[q] as Quota).pairs[k] as number);
        current[i] = j;
        visit(i + 1, value + (gains[k] as number));
        for (let q = 0; q < quotas.length; q++) inSet[q] = (inSet[q] as number) - ((quotas[q] as Quota).pairs[k] as number);
        made--;
        room[j] = (room[j] as number) + 1;
      }
    }
    current[i] = -1;
  };
  visit(0, 0);

  if (best === null) {
    const reason = hasSideConstraints(sc) ? 'no way to place every row that meets the minimum group sizes and quotas' : 'no way to place every row';
    return { status: 'infeasible', reason };
  }
  return { status: 'optimal', rowToCol: best, objective: bestValue, solver: 'brute_force' };
}
