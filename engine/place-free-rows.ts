/**
 * The searches of the shortest-augmenting-path solver (Crouse, "On
 * implementing 2D rectangular assignment algorithms", IEEE TAES 2016 — the
 * algorithm behind scipy's linear_sum_assignment), extended to column
 * capacities without copying columns: see {@link SearchState}.
 *
 * Each free row starts a Dijkstra search over reduced costs. Taking a column
 * off the frontier either ends the search (the column has room, or it is the
 * row's own "unmatched" column) or, when the column is full, reaches every
 * row it holds at that same distance. Among columns at equal distance, one
 * with room is taken first — with tied scores (the common case) that ends
 * searches early. O(rows · cols) per search in the worst case.
 */
import { updateDuals } from './augment-path.js';
import { attach, detach, type SearchState, type SearchView } from './shortest-path-state.js';

/** Reports how many rows are placed, for a progress bar. */
export type SolveProgress = (placed: number, total: number) => void;

/** How many searches run between two progress reports. */
const PROGRESS_EVERY = 64;

/**
 * Places every free row of `s`, keeping its invariants; returns null when
 * done, or the reason some row cannot be placed (rows must be placed and
 * every column it may take is full or forbidden).
 */
export function placeFreeRows(view: SearchView, s: SearchState, progress?: SolveProgress): string | null {
  const { rows: n, cols, gains, allowed, capacity, optional, width } = view;
  const { u, v, col4row, count, colStart, colRows } = s;
  const shortest = new Float64Array(width);
  const path = new Int32Array(width);
  const open = new Int32Array(cols);
  let numOpen = 0;
  for (let j = 0; j < cols; j++) if ((capacity[j] as number) > 0) open[numOpen++] = j;
  const remaining = new Int32Array(numOpen);
  const scannedRows = new Int32Array(n);
  const scannedCols = new Int32Array(width);
  const reachedDummies = new Int32Array(n);

  let searches = 0;
  let free = 0;
  for (let r = 0; r < n; r++) if (col4row[r] === -1) free++;

  for (let cur = 0; cur < n; cur++) {
    if (col4row[cur] !== -1) continue;
    shortest.fill(Infinity);
    remaining.set(open.subarray(0, numOpen));
    let numRemaining = numOpen;
    let numScannedRows = 0;
    let numScannedCols = 0;
    let numDummies = 0;
    let minVal = 0;
    let sink = -1;
    // Rows reached at distance minVal and not yet scanned: `cur` alone, or
    // the rows of the full column just taken off the frontier.
    let batchFrom = -1; // column whose rows to scan; -1: the start row
    let lowest = 0;
    let lowestAt = -1;

    while (sink === -1) {
      const batchSize = batchFrom === -1 ? 1 : (count[batchFrom] as number);
      const batchBase = batchFrom === -1 ? 0 : (colStart[batchFrom] as number);
      lowest = Infinity;
      lowestAt = -1;
      for (let b = 0; b < batchSize; b++) {
        const i = batchFrom === -1 ? cur : (colRows[batchBase + b] as number);
        scannedRows[numScannedRows++] = i;
        const base = i * cols;
        const ui = u[i] as number;
        if (b < batchSize - 1) {
          // Not the last row of the batch: relax only.
          for (let it = 0; it < numRemaining; it++) {
            const j = remaining[it] as number;
            if (allowed !== undefined && allowed[base + j] !== 1) continue;
            const reduced = minVal - (gains[base + j] as number) - ui - (v[j] as number);
            if (reduced < (shortest[j] as number)) {
              shortest[j] = reduced;
              path[j] = i;
            }
          }
        } else {
          // The last row: relax and find the frontier's nearest column in one pass.
          for (let it = 0; it < numRemaining; it++) {
            const j = remaining[it] as number;
            if (allowed === undefined || allowed[base + j] === 1) {
              const reduced = minVal - (gains[base + j] as number) - ui - (v[j] as number);
              if (reduced < (shortest[j] as number)) {
                shortest[j] = reduced;
                path[j] = i;
              }
            }
            const h = shortest[j] as number;
            if (h < lowest || (h === lowest && h !== Infinity && (count[j] as number) < (capacity[j] as number))) {
              lowest = h;
              lowestAt = it;
            }
          }
        }
        if (optional) {
          // Row i's own "unmatched" column: free, and reachable from i alone.
          const d = cols + i;
          const reduced = minVal - ui - (v[d] as number);
          if (reduced < (shortest[d] as number)) {
            if (shortest[d] === Infinity) reachedDummies[numDummies++] = d;
            shortest[d] = reduced;
            path[d] = i;
          }
        }
      }
      // An "unmatched" column ends the search too; at a tie, a real column
      // with room is kept (as many people matched as the total allows).
      let lowestHasRoom = lowestAt >= 0 && (count[remaining[lowestAt] as number] as number) < (capacity[remaining[lowestAt] as number] as number);
      for (let k = 0; k < numDummies; k++) {
        const h = shortest[reachedDummies[k] as number] as number;
        if (h < lowest || (h === lowest && !lowestHasRoom)) {
          lowest = h;
          lowestAt = -(k + 2);
          lowestHasRoom = true;
        }
      }

      if (lowest === Infinity) {
        return `row ${cur} cannot be placed: every column it may take is full or forbidden`;
      }
      minVal = lowest;
      let j: number;
      if (lowestAt >= 0) {
        j = remaining[lowestAt] as number;
        remaining[lowestAt] = remaining[--numRemaining] as number;
      } else {
        const k = -lowestAt - 2;
        j = reachedDummies[k] as number;
        reachedDummies[k] = reachedDummies[--numDummies] as number;
      }
      scannedCols[numScannedCols++] = j;
      if (j >= cols || (count[j] as number) < (capacity[j] as number)) sink = j;
      else batchFrom = j;
    }

    updateDuals({ start: cur, sink, minVal, scannedRows, numScannedRows, scannedCols, numScannedCols, dist: shortest, path }, u, v, col4row);
    // Flip the path: each row on it moves to the column it reached.
    let j = sink;
    for (;;) {
      const r = path[j] as number;
      const prev = col4row[r] as number;
      if (prev !== -1) detach(view, s, r);
      attach(view, s, r, j);
      if (r === cur) break;
      j = prev;
    }
    searches++;
    if (progress !== undefined && searches % PROGRESS_EVERY === 0) progress(searches, free);
  }
  if (progress !== undefined) progress(free, free);
  return null;
}
