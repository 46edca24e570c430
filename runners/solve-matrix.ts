/**
 * `mentor-match solve`: an optimal assignment of a raw matrix, for
 * engineers and researchers. Maximise (scores) or minimise (costs);
 * rectangular either way. By default every row of the smaller side is
 * placed, as scipy's linear_sum_assignment does; with `allowUnmatched`,
 * a pair is made only when it helps the objective.
 */
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { solveAssignment, type SolverRequest } from '../engine/solve-assignment.js';
import type { LabelledMatrix } from './read-matrix.js';

/** How to solve. */
export interface SolveMatrixOptions {
  readonly sense: 'max' | 'min';
  /** Let rows (and columns) stay unassigned (default false). */
  readonly allowUnmatched?: boolean;
  readonly solver?: SolverRequest;
}

/** An assignment with its objective and dual prices, by label. */
export interface MatrixSolution {
  readonly sense: 'max' | 'min';
  readonly objective: number;
  readonly pairs: readonly { readonly row: string; readonly col: string; readonly value: number }[];
  readonly unmatchedRows: readonly string[];
  readonly unmatchedCols: readonly string[];
  /**
   * LP dual prices, in the matrix's own sense: for `max`, row + col ≥ value on
   * every allowed pair; for `min`, row + col ≤ value. Equal on the pairs made.
   */
  readonly duals: { readonly rows: readonly number[]; readonly cols: readonly number[] } | null;
  readonly solver: string;
}

/** What solving ends in. */
export type SolveMatrixOutcome =
  | { readonly status: 'optimal'; readonly solution: MatrixSolution }
  | { readonly status: 'infeasible' | 'invalid'; readonly reason: string };

/** Solves `m`; never mutates it. */
export function solveMatrix(m: LabelledMatrix, options: SolveMatrixOptions): SolveMatrixOutcome {
  // The engine places rows into columns; a tall matrix is solved transposed.
  const transpose = m.rows > m.cols;
  const rows = transpose ? m.cols : m.rows;
  const cols = transpose ? m.rows : m.cols;
  const sign = options.sense === 'max' ? 1 : -1;
  const gains = new Float64Array(rows * cols);
  const allowed = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const from = transpose ? j * m.cols + i : i * m.cols + j;
      gains[i * cols + j] = sign * (m.values[from] as number);
      allowed[i * cols + j] = m.allowed[from] as number;
    }
  }
  const problem: AssignmentProblem = { rows, cols, gains, allowed, rowsMayStayUnmatched: options.allowUnmatched === true };
  const out = solveAssignment(problem, options.solver ?? 'auto');
  if (out.status !== 'optimal') {
    const reason = out.status === 'infeasible' ? `${out.reason}; every row of the smaller side must be placed (use --allow-unmatched to relax that)` : out.reason;
    return { status: out.status, reason };
  }
  const pairs: { row: string; col: string; value: number }[] = [];
  const rowUsed = new Uint8Array(m.rows);
  const colUsed = new Uint8Array(m.cols);
  for (let i = 0; i < rows; i++) {
    const j = out.rowToCol[i] as number;
    if (j < 0) continue;
    const [r, c] = transpose ? [j, i] : [i, j];
    rowUsed[r] = 1;
    colUsed[c] = 1;
    pairs.push({ row: m.rowLabels[r] as string, col: m.colLabels[c] as string, value: m.values[r * m.cols + c] as number });
  }
  const rowOrder = new Map(m.rowLabels.map((l, i) => [l, i]));
  pairs.sort((a, b) => (rowOrder.get(a.row) ?? 0) - (rowOrder.get(b.row) ?? 0));
  let duals: MatrixSolution['duals'] = null;
  if (out.duals !== undefined) {
    const engineRows = Array.from(out.duals.row, (d) => sign * d);
    const engineCols = Array.from(out.duals.col, (d) => sign * d);
    duals = transpose ? { rows: engineCols, cols: engineRows } : { rows: engineRows, cols: engineCols };
  }
  return {
    status: 'optimal',
    solution: {
      sense: options.sense,
      objective: sign * out.objective,
      pairs,
      unmatchedRows: m.rowLabels.filter((_, i) => rowUsed[i] === 0),
      unmatchedCols: m.colLabels.filter((_, j) => colUsed[j] === 0),
      duals,
      solver: out.solver,
    },
  };
}
