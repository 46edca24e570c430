/**
 * Exact rectangular assignment by shortest augmenting paths (Crouse 2016, the
 * algorithm behind scipy's linear_sum_assignment) on flat typed arrays, with
 * two exact extensions:
 * - capacities as a transportation problem: a column keeps one price and the
 *   list of rows it holds, so a capacity-3 mentor is scanned once, not three
 *   times, and the matrix is never widened (see {@link SearchState});
 * - optional rows: each row owns an implicit zero-gain "stay unmatched"
 *   column that only it can reach.
 *
 * A cold solve starts from Jonker–Volgenant row reduction (one place per
 * column) or from each row's best column (capacities), then runs a Dijkstra
 * search per row still free ({@link placeFreeRows}). Forbidden pairs are
 * never relaxed.
 */
import { checkProblem, dualsFromPotentials, type AssignmentDuals, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';
import { placeFreeRows, type SolveProgress } from './place-free-rows.js';
import { reduceRows } from './reduce-rows.js';
import { attach, emptyState, searchView, totalPlaces, type SearchState, type SearchView } from './shortest-path-state.js';
import { solveWithCandidates } from './solve-candidates.js';

/** Options of a solve. */
export interface SolveOptions {
  /** Called as rows are placed (a progress bar). */
  readonly progress?: SolveProgress;
  /**
   * Try candidate lists first; false runs the dense searches alone. Default:
   * see {@link candidatesPay}.
   */
  readonly candidates?: boolean;
}

/**
 * Capacity problems smaller than this (rows × columns) skip the candidate
 * lists: their dense searches start from each row's best column and are
 * cheaper than the lists' passes over the matrix. Measured (CPU ms, best of
 * 4, dense vs lists): 1000 × 400 × 3 realistic 28 vs 79, uniform 15 vs 32;
 * 3000 × 1200 × 3 realistic 222 vs 197, uniform 81 vs 134; 10,000 × 4,000 × 2
 * realistic, rows optional, 62,000 vs 9,500.
 */
export const CAPACITY_CANDIDATES_MIN_CELLS = 8_000_000;

/** Whether candidate lists are worth trying first: always with one place per column, and on large capacity problems. */
export function candidatesPay(p: AssignmentProblem): boolean {
  const cap = p.colCapacity;
  if (cap === undefined || cap.every((c) => c <= 1)) return true;
  return p.rows * p.cols >= CAPACITY_CANDIDATES_MIN_CELLS;
}

/** Solves `problem` exactly; never mutates it. */
export function solveShortestPath(problem: AssignmentProblem, options: SolveOptions = {}): AssignmentOutcome {
  const invalid = checkProblem(problem);
  if (invalid !== null) return { status: 'invalid', reason: invalid };
  // Candidate lists first, certified by duals on the full matrix; the dense
  // searches take what they hand back.
  const viaCandidates = (options.candidates ?? candidatesPay(problem)) ? solveWithCandidates(problem) : null;
  if (viaCandidates !== null) return viaCandidates;

  const view = searchView(problem);
  const places = totalPlaces(view);
  if (!view.optional && view.rows > places) {
    return { status: 'infeasible', reason: `${view.rows} rows must all be placed but the columns have only ${places} places in all` };
  }
  const state = emptyState(view);
  if (view.capacity.every((c) => c === 1)) startByRowReduction(view, state);
  else startAtBestColumns(view, state);
  const stuck = placeFreeRows(view, state, options.progress);
  if (stuck !== null) return { status: 'infeasible', reason: stuck };
  return outcomeOf(problem, view, state);
}

/** One place per column: Jonker–Volgenant augmenting row reduction. */
function startByRowReduction(view: SearchView, s: SearchState): void {
  const { rows: n, cols, gains, allowed, optional, width } = view;
  const slotCol = Int32Array.from({ length: cols }, (_, j) => j);
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(width).fill(-1);
  reduceRows({ rows: n, cols, gains, allowed, slotCol, slots: cols, optional }, col4row, row4col, s.u, s.v);
  for (let i = 0; i < n; i++) if ((col4row[i] as number) !== -1) attach(view, s, i, col4row[i] as number);
}

/**
 * Capacities: every price stays 0 and each row takes its best column when
 * that column still has room (a free column of equal value first). Every
 * reduced cost is then ≥ 0 and every pair made is tight, as the searches need.
 */
function startAtBestColumns(view: SearchView, s: SearchState): void {
  const { rows: n, cols, gains, allowed, capacity, optional } = view;
  for (let i = 0; i < n; i++) {
    const base = i * cols;
    let best = optional ? 0 : Infinity; // cost of the best column; "unmatched" costs 0
    let bestWithRoom = optional ? cols + i : -1;
    for (let j = 0; j < cols; j++) {
      if ((allowed !== undefined && allowed[base + j] !== 1) || capacity[j] === 0) continue;
      const cost = -(gains[base + j] as number);
      const hasRoom = (s.count[j] as number) < (capacity[j] as number);
      if (cost < best) {
        best = cost;
        bestWithRoom = hasRoom ? j : -1;
      } else if (cost === best && hasRoom && (bestWithRoom === -1 || bestWithRoom >= cols)) {
        bestWithRoom = j;
      }
    }
    if (best === Infinity) continue; // nothing allowed: the search will say so
    s.u[i] = best;
    if (bestWithRoom !== -1) attach(view, s, i, bestWithRoom);
  }
}

/** The optimal outcome a finished state describes. */
export function outcomeOf(problem: AssignmentProblem, view: SearchView, s: SearchState): AssignmentOutcome {
  const { rows: n, cols, gains } = view;
  const rowToCol = new Int32Array(n);
  let objective = 0;
  for (let r = 0; r < n; r++) {
    const j = s.col4row[r] as number;
    if (j >= 0 && j < cols) {
      rowToCol[r] = j;
      objective += gains[r * cols + j] as number;
    } else {
      rowToCol[r] = -1;
    }
  }
  return { status: 'optimal', rowToCol, objective, solver: 'shortest_path', duals: dualPrices(problem, view, s) };
}

/**
 * Turns the search's internal potentials into the LP duals of
 * {@link AssignmentDuals}. Prices only ever fall from 0 and a column with
 * room is never repriced, so −v is ≥ 0 and 0 where there is room. A matched row's
 * private "unmatched" column was never repriced, so −u ≥ 0 for it; an
 * unmatched row's price is 0.
 */
function dualPrices(problem: AssignmentProblem, view: SearchView, s: SearchState): AssignmentDuals {
  return dualsFromPotentials(
    problem,
    s.u,
    (i) => (s.col4row[i] as number) >= view.cols,
    (j) => -(s.v[j] as number),
  );
}
