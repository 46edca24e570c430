/**
 * The state a shortest-augmenting-path solve carries between its phases
 * (start, searches, a later warm re-solve), and the invariants that make its
 * answer exact. Internally costs are minimised: cost(i, j) = −gain(i, j).
 *
 * Capacities are handled as a transportation problem, not by copying
 * columns: a column keeps one price and a list of the rows it holds. Every
 * held pair is tight (reduced cost 0), so a search that reaches a full
 * column reaches all of its rows at the same distance, and a column with
 * room left ends the search. This is the successive-shortest-path method for
 * min-cost flow specialised to one unit per row.
 *
 * Invariants between searches (they make the final state optimal, by LP
 * complementary slackness):
 * - every allowed pair has reduced cost `−gain − u[i] − v[j] ≥ 0`;
 * - every held pair has reduced cost exactly 0;
 * - a column with room left has `v[j] = 0`;
 * - with optional rows, row i also owns a private zero-cost "unmatched"
 *   column at index `cols + i` (capacity 1, only it can take it).
 */
import { placesPerColumn, type AssignmentProblem } from './assignment-problem.js';

/** The problem as the searches read it. */
export interface SearchView {
  readonly rows: number;
  readonly cols: number;
  readonly gains: Float64Array;
  readonly allowed: Uint8Array | undefined;
  /** Places per column (a copy of the problem's, or all 1). */
  readonly capacity: Int32Array;
  /** Whether row i owns the "unmatched" column `cols + i`. */
  readonly optional: boolean;
  /** `cols`, plus `rows` private columns when rows are optional. */
  readonly width: number;
}

/** Duals and the current assignment; all arrays owned by the solve. */
export interface SearchState {
  /** Row potentials. */
  readonly u: Float64Array;
  /** Column potentials (`width` of them); `−v` is the column's price. */
  readonly v: Float64Array;
  /** Each row's column (`cols + i` for "unmatched"), or -1 while free. */
  readonly col4row: Int32Array;
  /** Rows each column holds. */
  readonly count: Int32Array;
  /** Column j's rows are `colRows[colStart[j] .. colStart[j] + count[j])`. */
  readonly colStart: Int32Array;
  readonly colRows: Int32Array;
  /** Where row i sits in its column's list. */
  readonly posInCol: Int32Array;
}

/** The view of `p` the searches read. */
export function searchView(p: AssignmentProblem): SearchView {
  const capacity = placesPerColumn(p);
  const optional = p.rowsMayStayUnmatched ?? true;
  return { rows: p.rows, cols: p.cols, gains: p.gains, allowed: p.allowed, capacity, optional, width: p.cols + (optional ? p.rows : 0) };
}

/** An empty state: every row free, every potential 0. */
export function emptyState(view: SearchView): SearchState {
  const colStart = new Int32Array(view.cols + 1);
  for (let j = 0; j < view.cols; j++) colStart[j + 1] = (colStart[j] as number) + (view.capacity[j] as number);
  return {
    u: new Float64Array(view.rows),
    v: new Float64Array(view.width),
    col4row: new Int32Array(view.rows).fill(-1),
    count: new Int32Array(view.cols),
    colStart,
    colRows: new Int32Array(colStart[view.cols] as number),
    posInCol: new Int32Array(view.rows),
  };
}

/** Total places over all columns. */
export function totalPlaces(view: SearchView): number {
  let places = 0;
  for (let j = 0; j < view.cols; j++) places += view.capacity[j] as number;
  return places;
}

/** Puts free row `r` on column `j` (a real column with room, or r's own "unmatched" column). */
export function attach(view: SearchView, s: SearchState, r: number, j: number): void {
  s.col4row[r] = j;
  if (j >= view.cols) return;
  const k = s.count[j] as number;
  s.colRows[(s.colStart[j] as number) + k] = r;
  s.posInCol[r] = k;
  s.count[j] = k + 1;
}

/** Takes row `r` off its column; it becomes free. */
export function detach(view: SearchView, s: SearchState, r: number): void {
  const j = s.col4row[r] as number;
  s.col4row[r] = -1;
  if (j < 0 || j >= view.cols) return;
  const base = s.colStart[j] as number;
  const last = (s.count[j] as number) - 1;
  const moved = s.colRows[base + last] as number;
  const at = s.posInCol[r] as number;
  s.colRows[base + at] = moved;
  s.posInCol[moved] = at;
  s.count[j] = last;
}
