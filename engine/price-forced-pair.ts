/**
 * The road not taken, priced: how much the best total falls if one pair the
 * optimum did not make were forced, everyone else re-matched at their best.
 *
 * Two numbers per pair:
 * - the **reduced cost** `row[i] + col[j] − gain(i, j)` from the optimum's
 *   dual prices — free, and a lower bound on the drop (LP duality: every
 *   assignment holding the pair totals at most the dual total less it);
 * - the **exact drop**, from one warm re-solve of the problem with the pair
 *   fixed. Fixing (i, j) when rows may stay unmatched is the same as taking
 *   row i out and one place out of column j, then adding gain(i, j): the
 *   re-solve starts from the optimum and its prices, so it usually costs a
 *   few searches (see solve-warm.ts), not a solve from nothing.
 *
 * @example
 * const best = solveAssignment(problem);           // status 'optimal', with duals
 * const quote = priceForcedPair(problem, best, 3, 7);
 * if (quote.status === 'priced') quote.drop;        // ≥ quote.bound
 */
import { gainScale, placesPerColumn, type AssignmentDuals, type AssignmentProblem } from './assignment-problem.js';
import { solveWarmChecked } from './solve-warm.js';

/** An optimum of a problem, with the dual prices that prove it. */
export interface PricedOptimum {
  readonly rowToCol: Int32Array;
  readonly objective: number;
  readonly duals: AssignmentDuals;
}

/**
 * Relative tolerance (times the largest |gain|) within which a drop is
 * rounding: a re-solve that finds a total a hair above the optimum's (ties
 * summed in another order) reports a drop of 0, never a negative one.
 */
export const DROP_TOLERANCE = 1e-9;

/** What forcing one pair costs, or why it cannot be forced. */
export type ForcedPairQuote =
  | {
      readonly status: 'priced';
      /** Exact fall of the best total when the pair is forced (≥ 0). */
      readonly drop: number;
      /** The pair's reduced cost: a lower bound on `drop`, within rounding. */
      readonly bound: number;
      /** The best total with the pair forced. */
      readonly forcedTotal: number;
    }
  | { readonly status: 'impossible'; readonly reason: string };

/** The pair's reduced cost under `duals`: a lower bound on what forcing it costs. */
export function reducedCost(problem: AssignmentProblem, duals: AssignmentDuals, row: number, col: number): number {
  return (duals.row[row] as number) + (duals.col[col] as number) - (problem.gains[row * problem.cols + col] as number);
}

/**
 * Prices forcing pair (`row`, `col`) into `optimum`, an optimum of `problem`
 * with its duals. `problem` must already have passed `checkProblem`.
 * Impossible when the pair is not allowed, the column has no place, or rows
 * must all be placed and fixing this one leaves another without a column.
 */
export function priceForcedPair(problem: AssignmentProblem, optimum: PricedOptimum, row: number, col: number): ForcedPairQuote {
  const { rows, cols, gains } = problem;
  const k = row * cols + col;
  const places = placesPerColumn(problem);
  if (problem.allowed !== undefined && problem.allowed[k] !== 1) return { status: 'impossible', reason: 'the pair is not allowed' };
  if ((places[col] as number) === 0) return { status: 'impossible', reason: 'the column has no place' };
  const bound = reducedCost(problem, optimum.duals, row, col);
  const gain = gains[k] as number;
  if (optimum.rowToCol[row] === col) return { status: 'priced', drop: 0, bound, forcedTotal: optimum.objective };

  const optional = problem.rowsMayStayUnmatched ?? true;
  const allowed = problem.allowed === undefined ? new Uint8Array(rows * cols).fill(1) : problem.allowed.slice();
  allowed.fill(0, row * cols, (row + 1) * cols);
  const start = optimum.rowToCol.slice();
  let fixedGain = 0;
  if (optional) {
    // The row leaves the problem and takes one of the column's places with it.
    places[col] = (places[col] as number) - 1;
    start[row] = -1;
    fixedGain = gain;
  } else {
    // Every row must be placed: the row may take this column only.
    allowed[k] = 1;
  }
  const rest = solveWarmChecked(
    { rows, cols, gains, allowed, colCapacity: places, rowsMayStayUnmatched: optional },
    { rowToCol: start, duals: optimum.duals },
  );
  if (rest.status !== 'optimal') return { status: 'impossible', reason: rest.reason };
  const forcedTotal = fixedGain + rest.objective;
  const raw = optimum.objective - forcedTotal;
  const tol = DROP_TOLERANCE * Math.max(1, gainScale(problem));
  if (raw < -tol) {
    // A forced pair can never beat the optimum: this would be a solver bug, not a property of the data.
    throw new Error(`internal error: forcing pair (${row}, ${col}) raised the optimum from ${optimum.objective} to ${forcedTotal}`);
  }
  return { status: 'priced', drop: Math.max(0, raw), bound, forcedTotal };
}
