/**
 * The blocking pairs of a matching: the pairs whose two sides would both
 * rather be together than keep what they were given. A matching with none
 * is stable (see deferred-acceptance.ts); the count says how far from
 * stable a matching chosen for its total is.
 */
import { checkProblem, type AssignmentProblem } from './assignment-problem.js';
import { checkPreferences, colPrefers, rowPrefers, type MatchPreferences } from './deferred-acceptance.js';

/** An allowed (row, column) pair not made that blocks the matching. */
export interface BlockingCell {
  readonly row: number;
  readonly col: number;
}

/**
 * Every blocking pair of `rowToCol` under `prefs`, in row-major order: an
 * allowed pair (i, j), j with capacity > 0, not made, where row i prefers j
 * to its column (or has none) and column j has a free place or prefers i to
 * the least wanted row it holds. O(rows · cols).
 *
 * `rowToCol` must be feasible for `problem` (allowed pairs, capacities);
 * throws a RangeError when the problem, the preferences or the matching are
 * malformed — a caller's bug, since the matching comes from our solvers.
 */
export function findBlockingPairs(problem: AssignmentProblem, prefs: MatchPreferences, rowToCol: Int32Array): BlockingCell[] {
  const invalid = checkProblem(problem) ?? checkPreferences(problem, prefs) ?? checkMatching(problem, rowToCol);
  if (invalid !== null) throw new RangeError(`findBlockingPairs: ${invalid}`);
  const { rows, cols, allowed, colCapacity } = problem;

  const heldCount = new Int32Array(cols);
  const leastWanted = new Int32Array(cols).fill(-1);
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i] as number;
    if (j < 0) continue;
    heldCount[j] = (heldCount[j] as number) + 1;
    const w = leastWanted[j] as number;
    if (w === -1 || colPrefers(prefs, cols, j, w, i)) leastWanted[j] = i;
  }

  const blocking: BlockingCell[] = [];
  for (let i = 0; i < rows; i++) {
    const mine = rowToCol[i] as number;
    for (let j = 0; j < cols; j++) {
      if (j === mine || (allowed !== undefined && allowed[i * cols + j] !== 1)) continue;
      const cap = colCapacity === undefined ? 1 : (colCapacity[j] as number);
      if (cap === 0) continue;
      if (mine !== -1 && !rowPrefers(prefs, cols, i, j, mine)) continue;
      if ((heldCount[j] as number) < cap || colPrefers(prefs, cols, j, i, leastWanted[j] as number)) blocking.push({ row: i, col: j });
    }
  }
  return blocking;
}

/** Why `rowToCol` is not a feasible matching of `problem`, or null. */
function checkMatching(problem: AssignmentProblem, rowToCol: Int32Array): string | null {
  const { rows, cols, allowed, colCapacity } = problem;
  if (rowToCol.length !== rows) return `the matching has ${rowToCol.length} rows; expected ${rows}`;
  const used = new Int32Array(cols);
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i] as number;
    if (j === -1) continue;
    if (j < 0 || j >= cols) return `row ${i} is given column ${j}, which does not exist`;
    if (allowed !== undefined && allowed[i * cols + j] !== 1) return `row ${i} is given column ${j}, a forbidden pair`;
    used[j] = (used[j] as number) + 1;
    if ((used[j] as number) > (colCapacity === undefined ? 1 : (colCapacity[j] as number))) return `column ${j} holds more rows than its capacity`;
  }
  return null;
}
