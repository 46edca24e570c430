/**
 * Warm re-solve: after the committee pins or bans a pair, releases pairs for
 * a rematch, or a mentor's capacity changes, solve again from the previous
 * optimum and its dual prices instead of from nothing. The answer is the
 * same optimum a cold solve finds (same total; among equal totals the pairs
 * may differ), usually after a handful of searches instead of one per row.
 *
 * How: the previous prices become the starting potentials, and every
 * previous pair the new problem still allows and has room for is kept. A
 * row whose price is now too high for some pair (a new option, a lower
 * capacity) takes the lower price and lets go of its pair if that pair is
 * no longer tight. The freed rows are then placed by the usual searches.
 * The invariants of {@link SearchState} also ask that a column with room
 * has no price; a column left with room and a price after those searches
 * loses its price, the rows that tempts are freed, and one more round of
 * searches places them.
 *
 * @example
 * const first = solveAssignment(problem);                       // cold
 * const banned = { ...problem, allowed: withoutPair(problem, 3, 7) };
 * const again = solveWarm(banned, first);                        // same optimum as a cold solve of `banned`
 */
import { checkProblem, gainScale, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';
import { placeFreeRows, type SolveProgress } from './place-free-rows.js';
import { attach, detach, emptyState, searchView, totalPlaces, type SearchState, type SearchView } from './shortest-path-state.js';
import { outcomeOf, solveShortestPath } from './solve-shortest-path.js';

/** What a warm solve starts from: a previous optimum with dual prices, for a problem of the same size. */
export interface WarmStart {
  /** For each row, its previous column or -1 (set a row to -1 to release it). */
  readonly rowToCol: Int32Array;
  readonly duals?: { readonly row: Float64Array; readonly col: Float64Array };
}

/** Relative tolerance of "tight" when a warm start is checked (scaled by the largest |gain|). */
export const WARM_TOLERANCE = 1e-12;
/** Rows a price cascade may free before a cold solve is the better deal (or a quarter of the rows, if more). */
export const WARM_MAX_CASCADE = 64;

/** Counts of what the repair did, for tests and benchmarks. */
export interface WarmStats {
  /** Previous pairs kept as they were. */
  kept: number;
  /** Rows the searches had to place. */
  searched: number;
}

/**
 * Solves `problem` starting from `previous`. Falls back to a cold solve when
 * `previous` has no duals or does not fit the problem's size. `stats`, when
 * given, is filled in.
 */
export function solveWarm(problem: AssignmentProblem, previous: WarmStart, stats?: WarmStats, progress?: SolveProgress): AssignmentOutcome {
  const invalid = checkProblem(problem);
  if (invalid !== null) return { status: 'invalid', reason: invalid };
  return solveWarmChecked(problem, previous, stats, progress);
}

/**
 * {@link solveWarm} for a problem that has already passed `checkProblem`
 * (the candidate-list solver hands its answer over here; checking again
 * would cost another full pass over the matrix).
 */
export function solveWarmChecked(problem: AssignmentProblem, previous: WarmStart, stats?: WarmStats, progress?: SolveProgress): AssignmentOutcome {
  const duals = previous.duals;
  if (duals === undefined || duals.row.length !== problem.rows || duals.col.length !== problem.cols || previous.rowToCol.length !== problem.rows) {
    return solveShortestPath(problem, { candidates: false, ...(progress === undefined ? {} : { progress }) });
  }
  const view = searchView(problem);
  const places = totalPlaces(view);
  if (!view.optional && view.rows > places) {
    return { status: 'infeasible', reason: `${view.rows} rows must all be placed but the columns have only ${places} places in all` };
  }
  const s = emptyState(view);
  for (let i = 0; i < view.rows; i++) s.u[i] = -(duals.row[i] as number);
  for (let j = 0; j < view.cols; j++) s.v[j] = -(duals.col[j] as number);

  // Keep every previous pair that is still allowed and has room.
  for (let i = 0; i < view.rows; i++) {
    const j = previous.rowToCol[i] as number;
    if (j >= 0 && j < view.cols) {
      if (mayTake(view, i, j) && (s.count[j] as number) < (view.capacity[j] as number)) attach(view, s, i, j);
    } else if (view.optional) {
      attach(view, s, i, view.cols + i);
    }
  }
  // Potentials carry rounding from the previous solve's updates: a pair
  // within `tol` of tight counts as tight, or a single ban would free dozens
  // of rows for nothing (measured: 41 of 1000 at 1000 × 400 × 3).
  const tol = WARM_TOLERANCE * Math.max(1, gainScale(problem));

  // First pass: only rows move. A column left with room keeps its price
  // for now: the searches that re-place the freed rows usually fill it
  // again, and zeroing its price first would free every row it tempts.
  for (let i = 0; i < view.rows; i++) checkRow(view, s, i, tol, undefined);
  const kept = countPlaced(s);
  let searched = view.rows - kept;
  let stuck = placeFreeRows(view, s, progress);
  if (stuck === null && hasPricedRoom(view, s, tol)) {
    // Some column still has room and a price: take its price away and
    // repair the rows that tempts, then place them. Searches never empty a
    // column nor reprice one with room, so one such round ends it. When
    // that frees a large part of the rows, a cold solve (with its cheap
    // start) is faster than searching them one by one.
    const cap = Math.max(WARM_MAX_CASCADE, view.rows / 4);
    const contained = dropPricesOfRoomyColumns(view, s, tol, cap);
    const freed = view.rows - countPlaced(s);
    if (!contained) {
      if (stats !== undefined) {
        stats.kept = 0;
        stats.searched = view.rows;
      }
      return solveShortestPath(problem, { candidates: false, ...(progress === undefined ? {} : { progress }) });
    }
    searched += freed;
    stuck = placeFreeRows(view, s); // few rows; the bar already stood at 100%
  }
  if (stats !== undefined) {
    stats.kept = kept;
    stats.searched = searched;
  }
  if (stuck !== null) return { status: 'infeasible', reason: stuck };
  return outcomeOf(problem, view, s);
}

/** Whether row i may take real column j at all. */
function mayTake(view: SearchView, i: number, j: number): boolean {
  return (view.capacity[j] as number) > 0 && (view.allowed === undefined || view.allowed[i * view.cols + j] === 1);
}

/**
 * Cost of row i's pair with column j less the column's potential (j ≥ cols:
 * its "unmatched" column). The pair's reduced cost is this minus `u[i]`;
 * it counts as tight within the warm start's tolerance.
 */
function pairLevel(view: SearchView, s: SearchState, i: number, j: number): number {
  const cost = j >= view.cols ? 0 : -(view.gains[i * view.cols + j] as number);
  return cost - (s.v[j] as number);
}

/** Rows that hold a column (or their "unmatched" one). */
function countPlaced(s: SearchState): number {
  let placed = 0;
  for (let i = 0; i < s.col4row.length; i++) if ((s.col4row[i] as number) !== -1) placed++;
  return placed;
}

/** Whether some column has room left and a price above `tol`. */
function hasPricedRoom(view: SearchView, s: SearchState, tol: number): boolean {
  for (let j = 0; j < view.cols; j++) if ((s.count[j] as number) < (view.capacity[j] as number) && (s.v[j] as number) < -tol) return true;
  return false;
}

/**
 * Row i's price drops to its cheapest pair if that is lower, and the row
 * lets go of a pair that is no longer tight; the column it leaves is pushed
 * onto `freed` when given. O(cols). The sparse solver's `checkRow`
 * (solve-sparse.ts) is the same step over a candidate list.
 */
function checkRow(view: SearchView, s: SearchState, i: number, tol: number, freed: ((j: number) => void) | undefined): void {
  const { cols } = view;
  let lowest = view.optional ? pairLevel(view, s, i, cols + i) : Infinity;
  for (let j = 0; j < cols; j++) {
    if (!mayTake(view, i, j)) continue;
    const c = pairLevel(view, s, i, j);
    if (c < lowest) lowest = c;
  }
  if (lowest < (s.u[i] as number) - tol) s.u[i] = lowest;
  const held = s.col4row[i] as number;
  if (held !== -1 && pairLevel(view, s, i, held) > (s.u[i] as number) + tol) {
    detach(view, s, i);
    if (held < cols && freed !== undefined) freed(held);
  }
}

/**
 * Zeroes the price of every column with room, and repairs the rows that
 * then see a negative reduced cost; a row that lets go of its pair leaves
 * room in another column, whose price goes the same way. Prices only move
 * one way (column prices to 0, row prices down), so this ends. Gives up
 * (false) once more than `maxFreed` rows are freed.
 */
function dropPricesOfRoomyColumns(view: SearchView, s: SearchState, tol: number, maxFreed: number): boolean {
  const { rows: n, cols } = view;
  let freed = 0;
  const pending: number[] = [];
  const queued = new Uint8Array(cols);
  const push = (j: number): void => {
    if (queued[j] === 0) {
      queued[j] = 1;
      pending.push(j);
    }
  };
  const rowFreed = (j: number): void => {
    freed++;
    push(j);
  };
  for (let j = 0; j < cols; j++) if ((s.count[j] as number) < (view.capacity[j] as number) && (s.v[j] as number) < -tol) push(j);
  while (pending.length > 0) {
    const j = pending.pop() as number;
    queued[j] = 0;
    if ((s.count[j] as number) >= (view.capacity[j] as number) || (s.v[j] as number) >= -tol) continue;
    s.v[j] = 0;
    // Only rows that may take j can now see a negative reduced cost.
    for (let i = 0; i < n; i++) {
      if (mayTake(view, i, j) && pairLevel(view, s, i, j) < (s.u[i] as number) - tol) checkRow(view, s, i, tol, rowFreed);
    }
    if (freed > maxFreed) return false;
  }
  return true;
}
