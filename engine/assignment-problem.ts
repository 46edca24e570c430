/**
 * The assignment problem every solver of ours answers, and its outcome.
 *
 * Rows are the side that is placed (mentees), columns the side that hosts
 * (mentors). Each column takes up to its capacity of rows; each row takes at
 * most one column, and may stay unmatched when `rowsMayStayUnmatched` holds.
 * The solver maximises the sum of the gains of the pairs it makes.
 */

/** A rectangular assignment problem; never mutated by a solver. */
export interface AssignmentProblem {
  readonly rows: number;
  readonly cols: number;
  /** Row-major `rows × cols` gains to maximise (read at `row * cols + col`). */
  readonly gains: Float64Array;
  /** Row-major `rows × cols`: 1 if the pair may be made. Omitted: every pair may. */
  readonly allowed?: Uint8Array;
  /** How many rows each column takes (default 1 each). */
  readonly colCapacity?: Int32Array;
  /**
   * Whether a row may be left without a column (default true: limited spots,
   * "not everyone is matched"). When false, every row must be placed or the
   * outcome is `infeasible`.
   */
  readonly rowsMayStayUnmatched?: boolean;
}

/** The solvers a caller may ask for by name. */
export type SolverName = 'shortest_path' | 'brute_force' | 'lp';

/**
 * Dual prices of the assignment LP — maximise Σ gain·x subject to each row
 * taking at most one column (exactly one when rows must be placed) and each
 * column at most its capacity. They certify optimality and price every pair:
 * - feasible: `row[i] + col[j] ≥ gain(i, j)` for every allowed pair;
 * - `col[j] ≥ 0`, and `col[j] = 0` when column j has room left;
 * - when rows may stay unmatched, `row[i] ≥ 0`, and `row[i] = 0` for an unmatched row;
 * - `Σ row + Σ capacity·col` equals the objective (strong duality).
 * `row[i] + col[j] − gain(i, j)` is the pair's reduced cost: a lower bound
 * on how much the total drops if that pair is forced.
 */
export interface AssignmentDuals {
  readonly row: Float64Array;
  readonly col: Float64Array;
}

/** What a solve ends in: a union, never an exception for a property of the data. */
export type AssignmentOutcome =
  | {
      readonly status: 'optimal';
      /** For each row, its column, or -1 when unmatched. */
      readonly rowToCol: Int32Array;
      /** Sum of the gains of the pairs made. */
      readonly objective: number;
      readonly solver: SolverName;
      /** LP dual prices, when the solver computes them (see {@link AssignmentDuals}). */
      readonly duals?: AssignmentDuals;
    }
  | { readonly status: 'infeasible'; readonly reason: string }
  | { readonly status: 'invalid'; readonly reason: string };

/**
 * The least price for column `col` that covers every pair it may make
 * (`row[i] + price ≥ gain(i, col)`), never below 0: the dual price of a
 * column without places, which the solvers never price themselves.
 */
export function coverPrice(p: AssignmentProblem, row: Float64Array, col: number): number {
  let price = 0;
  for (let i = 0; i < p.rows; i++) {
    const k = i * p.cols + col;
    if (p.allowed === undefined || p.allowed[k] === 1) price = Math.max(price, (p.gains[k] as number) - (row[i] as number));
  }
  return price;
}

/** Places per column: a copy of the problem's capacities, or 1 each. */
export function placesPerColumn(p: AssignmentProblem): Int32Array {
  return p.colCapacity === undefined ? new Int32Array(p.cols).fill(1) : Int32Array.from(p.colCapacity);
}

/**
 * The LP duals of {@link AssignmentDuals} from a solver's potentials (cost
 * = −gain): a row's price is −u[i], or 0 for a row left unmatched when rows
 * may stay so; a column with places costs `priceOf(j)`, and one without gets
 * the least price that covers its pairs ({@link coverPrice}).
 */
export function dualsFromPotentials(
  p: AssignmentProblem,
  u: Float64Array,
  rowUnmatched: (i: number) => boolean,
  priceOf: (j: number) => number,
): AssignmentDuals {
  const optional = p.rowsMayStayUnmatched ?? true;
  const row = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) row[i] = optional && rowUnmatched(i) ? 0 : -(u[i] as number);
  const col = new Float64Array(p.cols);
  for (let j = 0; j < p.cols; j++) if ((p.colCapacity?.[j] ?? 1) > 0) col[j] = priceOf(j);
  for (let j = 0; j < p.cols; j++) if ((p.colCapacity?.[j] ?? 1) === 0) col[j] = coverPrice(p, row, j);
  return { row, col };
}

/** The largest |gain| over the allowed pairs (0 when none): what tolerances scale with. */
export function gainScale(p: AssignmentProblem): number {
  let scale = 0;
  for (let k = 0; k < p.gains.length; k++) if (p.allowed === undefined || p.allowed[k] === 1) scale = Math.max(scale, Math.abs(p.gains[k] as number));
  return scale;
}

/** Row-major index of (row, col) in a `cols`-wide matrix. */
export function at(cols: number, row: number, col: number): number {
  return row * cols + col;
}

/**
 * Checks sizes and values; returns a reason when the problem cannot be
 * solved as given (a NaN or infinite gain on an allowed pair, a negative
 * capacity, arrays of the wrong length).
 */
export function checkProblem(p: AssignmentProblem): string | null {
  const { rows, cols, gains, allowed, colCapacity } = p;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    return `rows and cols must be non-negative integers (got ${rows} × ${cols})`;
  }
  if (gains.length !== rows * cols) return `gains has ${gains.length} entries; expected rows × cols = ${rows * cols}`;
  if (allowed !== undefined && allowed.length !== rows * cols) {
    return `allowed has ${allowed.length} entries; expected rows × cols = ${rows * cols}`;
  }
  if (colCapacity !== undefined) {
    if (colCapacity.length !== cols) return `colCapacity has ${colCapacity.length} entries; expected cols = ${cols}`;
    for (let j = 0; j < cols; j++) {
      const c = colCapacity[j] as number;
      if (c < 0) return `column ${j} has capacity ${c}; expected 0 or more`;
    }
  }
  for (let k = 0; k < gains.length; k++) {
    if ((allowed === undefined || allowed[k] === 1) && !Number.isFinite(gains[k] as number)) {
      return `gain at row ${Math.floor(k / Math.max(cols, 1))}, column ${k % Math.max(cols, 1)} is ${gains[k]}; expected a finite number (forbid the pair instead)`;
    }
  }
  return null;
}

/** Sum of the gains of the pairs in `rowToCol` (unmatched rows add nothing). */
export function objectiveOf(p: AssignmentProblem, rowToCol: Int32Array): number {
  let total = 0;
  for (let i = 0; i < p.rows; i++) {
    const j = rowToCol[i] as number;
    if (j >= 0) total += p.gains[i * p.cols + j] as number;
  }
  return total;
}
