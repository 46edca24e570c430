/**
 * Re-checks an assignment against every constraint of its problem and side
 * constraints, independently of whichever solver produced it. Solvers whose
 * inner workings we do not own (the LP) are trusted only after this check.
 */
import type { AssignmentProblem } from './assignment-problem.js';
import { isOpen, withinQuota, type SideConstraints } from './side-constraints.js';

/**
 * The first constraint `rowToCol` breaks, in words, or null when it keeps
 * them all: one column per row (or -1), allowed pairs only, capacities,
 * every row placed when rows may not stay unmatched, minimum group sizes
 * and quotas.
 */
export function assignmentViolation(problem: AssignmentProblem, sc: SideConstraints, rowToCol: Int32Array): string | null {
  const { rows, cols, allowed, colCapacity } = problem;
  const optional = problem.rowsMayStayUnmatched ?? true;
  if (rowToCol.length !== rows) return `the assignment has ${rowToCol.length} rows; expected ${rows}`;
  const used = new Int32Array(cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i] as number;
    if (j === -1) {
      if (!optional) return `row ${i} is unmatched but every row must be placed`;
      continue;
    }
    if (!Number.isInteger(j) || j < 0 || j >= cols) return `row ${i} is given column ${j}, which does not exist`;
    if (allowed !== undefined && allowed[i * cols + j] !== 1) return `row ${i} is given column ${j}, a forbidden pair`;
    used[j] = (used[j] as number) + 1;
    total++;
  }
  const mins = sc.minPerColumn;
  for (let j = 0; j < cols; j++) {
    const cap = colCapacity === undefined ? 1 : (colCapacity[j] as number);
    const n = used[j] as number;
    if (n > cap) return `column ${j} takes ${n} rows but has capacity ${cap}`;
    const min = mins === undefined ? 0 : (mins[j] as number);
    if (n > 0 && n < min) return `column ${j} takes ${n} rows but a column that opens takes at least ${min}`;
    if (n < min && isOpen(sc, j)) return `column ${j} takes ${n} rows but is open (pinned) and must take at least ${min}`;
  }
  for (const quota of sc.quotas ?? []) {
    let inSet = 0;
    for (let i = 0; i < rows; i++) {
      const j = rowToCol[i] as number;
      if (j >= 0 && quota.pairs[i * cols + j] === 1) inSet++;
    }
    if (!withinQuota(inSet, total, quota.maxShare)) {
      return `${inSet} of ${total} pairs lie in quota "${quota.name}", above its share of ${quota.maxShare}`;
    }
  }
  return null;
}
