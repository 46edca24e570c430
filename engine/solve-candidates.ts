/**
 * Exact dense assignment by way of a sparse one. In a dense score matrix the
 * optimal pairs almost always lie among each row's few best columns (and
 * each column's few best rows), so we solve on those candidate lists only
 * ({@link solveSparse}: each search touches a handful of edges per row
 * instead of every column) and then certify the answer on the whole matrix
 * with the dual prices: if no allowed pair anywhere is left uncovered, the
 * sparse optimum is the dense optimum (LP duality). Pairs that break the
 * certificate join the lists and the sparse solve runs again, warm from the
 * last answer. After {@link MAX_CANDIDATE_ROUNDS} rounds, or when many pairs
 * break it, the last answer and its prices start a warm re-solve on the
 * whole matrix ({@link solveWarmChecked}). Either way the answer is exact.
 *
 * Capacities and optional rows carry over: the sparse graph holds one slot
 * per place of a listed column, and one private "unmatched" column per row.
 */
import { dualsFromPotentials, gainScale, objectiveOf, placesPerColumn, type AssignmentDuals, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';
import { bestColumns, bestRowsOfColumns, expandToSlots, uncoveredPairs, withPairs } from './candidate-lists.js';
import { solveSparse, type SparseSolution } from './solve-sparse.js';
import { solveWarmChecked } from './solve-warm.js';

/** Candidate columns per row (and rows per place of a column) in the first round. */
export const INITIAL_CANDIDATES = 12;
/** Candidate rows per column (at least its places). */
export const COLUMN_CANDIDATES = 12;
/** Rounds of "solve sparse, certify, add the uncovered pairs" before giving up. */
export const MAX_CANDIDATE_ROUNDS = 8;
/** Uncovered pairs still worth repairing in place; more hand the problem to the dense solver. */
export const MAX_STRAY_PAIRS = 8;
/** Relative tolerance of the certificate (scaled by the largest |gain|). */
export const CERTIFICATE_TOLERANCE = 1e-11;

/** Whether {@link solveWithCandidates} applies to `p`: any problem with rows, unless its rows must all be placed and cannot be. */
function candidatesApply(p: AssignmentProblem): boolean {
  if (p.rows === 0 || p.cols === 0) return false;
  if (p.rowsMayStayUnmatched ?? true) return true;
  return p.rows <= placesPerColumn(p).reduce((sum, c) => sum + c, 0);
}

/**
 * Solves `p` exactly via candidate lists, or returns null when the dense
 * solver should take it. `p` must already have passed `checkProblem` (the
 * dense solver's entry does that; checking again would cost another full
 * pass over the matrix). `initialCandidates` is for tests that want the
 * certificate to fail and the lists to grow.
 */
export function solveWithCandidates(p: AssignmentProblem, initialCandidates = INITIAL_CANDIDATES, columnCandidates = COLUMN_CANDIDATES): AssignmentOutcome | null {
  if (!candidatesApply(p)) return null;
  const { rows: n, cols: m, gains } = p;
  const optional = p.rowsMayStayUnmatched ?? true;
  const capacity = placesPerColumn(p);
  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = (slotStart[j] as number) + (capacity[j] as number);
  const slots = slotStart[m] as number;
  const slotCol = new Int32Array(slots);
  for (let j = 0; j < m; j++) slotCol.fill(j, slotStart[j] as number, slotStart[j + 1] as number);

  // Square, every row placed: every column ends up held, so a round may
  // restart from the last one's answer. Otherwise a column the repair frees
  // would have to lose its price, and measured at 10,000 × 4,000 that
  // unravels nearly every pair: the rounds start cold.
  const warmRounds = !optional && n === slots;
  const tolerance = CERTIFICATE_TOLERANCE * Math.max(1, gainScale(p));

  const k = Math.max(1, initialCandidates);
  let lists = withPairs(bestColumns(p, capacity, Math.min(m, k)), bestRowsOfColumns(p, capacity, columnCandidates));
  let previous: SparseSolution | undefined;
  for (let round = 0; round < MAX_CANDIDATE_ROUNDS; round++) {
    const sparse = solveSparse({ rows: n, slots, optional, tolerance, lists: expandToSlots(p, lists, slotStart), cols: m, gains, slotCol }, warmRounds ? previous : undefined);
    // Rows that cannot all be placed within their lists: the dense solver
    // decides (it also says which row is stuck when none can be).
    if (sparse === null) return null;
    const duals = dualsOf(p, slots, slotStart, sparse);
    const uncovered = uncoveredPairs(p, capacity, duals.row, duals.col, tolerance);
    const rowToCol = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = sparse.col4row[i] as number;
      rowToCol[i] = s < slots ? (slotCol[s] as number) : -1;
    }
    if (uncovered.length === 0) return { status: 'optimal', rowToCol, objective: objectiveOf(p, rowToCol), solver: 'shortest_path', duals };
    // The certificate fails widely, or keeps failing: growing the lists
    // further costs more than repairing this answer on the whole matrix.
    if (uncovered.length > Math.max(MAX_STRAY_PAIRS, n / 2) || round === MAX_CANDIDATE_ROUNDS - 1) return solveWarmChecked(p, { rowToCol, duals });
    lists = withPairs(lists, uncovered);
    previous = sparse;
  }
  return null; // not reached: the last round returns
}

/**
 * The LP duals of a sparse answer: a row's price is −u (0 when it stays
 * unmatched), a column's the lowest of its slots' (so it covers whatever any
 * slot covers), and a column without places gets the least price that covers
 * its pairs.
 */
function dualsOf(p: AssignmentProblem, slots: number, slotStart: Int32Array, sol: SparseSolution): AssignmentDuals {
  return dualsFromPotentials(
    p,
    sol.u,
    (i) => (sol.col4row[i] as number) >= slots,
    (j) => {
      let price = Infinity;
      for (let s = slotStart[j] as number; s < (slotStart[j + 1] as number); s++) price = Math.min(price, -(sol.v[s] as number));
      return price;
    },
  );
}
