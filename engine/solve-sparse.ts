/**
 * Shortest augmenting paths on a sparse graph: rows, their listed slots
 * (cost = −gain), and — when rows may stay unmatched — each row's private
 * zero-cost "unmatched" column at index `slots + i`. Tentative distances sit
 * in a binary heap, so a search touches only the edges of the rows it
 * reaches. A search stops as soon as the nearest column on the heap is no
 * nearer than the best free column reached: on tie-heavy matrices that skips
 * whole plateaus of equal distances.
 *
 * A cold solve starts from Jonker–Volgenant row reduction on the lists. A
 * warm one restarts from a previous answer on lists that have since grown;
 * it is only valid when every column ends up held (square problems whose
 * rows must all be placed), so a column freed on the way may keep its price.
 */
import { augmentPath } from './augment-path.js';
import type { SlotLists } from './candidate-lists.js';
import { siftDown, siftUp } from './min-heap.js';
import { reduceRows } from './reduce-rows.js';

/** An assignment of rows to slots (or `slots + i`: unmatched) and its potentials (cost = −gain). */
export interface SparseSolution {
  readonly col4row: Int32Array;
  readonly u: Float64Array;
  /** `slots` potentials, then one per row's "unmatched" column when rows are optional. */
  readonly v: Float64Array;
}

/** The sparse problem. */
export interface SparseProblem {
  readonly rows: number;
  readonly slots: number;
  readonly optional: boolean;
  readonly lists: SlotLists;
  /**
   * How far a pair may sit from tight and still count as tight when a warm
   * start is checked (rounding in the potentials; scaled to the gains).
   */
  readonly tolerance: number;
  /** For the row reduction: the dense matrix and each slot's real column. */
  readonly cols: number;
  readonly gains: Float64Array;
  readonly slotCol: Int32Array;
}

/**
 * Solves `sp`; null when some row cannot be placed within its lists (rows
 * must be placed). `warm` is an earlier answer on the same rows and slots,
 * whose lists have since grown; only for square problems whose rows must
 * all be placed.
 */
export function solveSparse(sp: SparseProblem, warm?: SparseSolution): SparseSolution | null {
  const { rows: n, slots, optional, tolerance: tol } = sp;
  const { start, col, gain } = sp.lists;
  const width = slots + (optional ? n : 0);
  const u = new Float64Array(n);
  const v = new Float64Array(width);
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(width).fill(-1);
  const dist = new Float64Array(width).fill(Infinity);
  const path = new Int32Array(width);
  const scanned = new Uint8Array(width);
  const touched = new Int32Array(width);
  const scannedCols = new Int32Array(width);
  const scannedRows = new Int32Array(n);
  let heapKey = new Float64Array(1024);
  let heapCol = new Int32Array(1024);

  /** Cost of row i's edge e less its column's potential (e past the list: the row's "unmatched" column). */
  const level = (i: number, e: number): number => (e < (start[i + 1] as number) ? -(gain[e] as number) - (v[col[e] as number] as number) : -(v[slots + i] as number));
  /**
   * Lowers row i's price to its cheapest edge if that is lower, and lets go
   * of its pair when no longer tight; returns the column let go, or -1.
   * The same step as `checkRow` in solve-warm.ts, over the row's list
   * instead of the dense row: a fix to one belongs in the other.
   */
  const checkRow = (i: number): number => {
    const last = (start[i + 1] as number) + (optional ? 1 : 0);
    let lowest = Infinity;
    let heldLevel = NaN;
    const held = col4row[i] as number;
    for (let e = start[i] as number; e < last; e++) {
      const c = level(i, e);
      if (c < lowest) lowest = c;
      const j = e < (start[i + 1] as number) ? (col[e] as number) : slots + i;
      if (j === held) heldLevel = c;
    }
    if (lowest < (u[i] as number) - tol) u[i] = lowest;
    if (held === -1 || heldLevel <= (u[i] as number) + tol) return -1;
    col4row[i] = -1;
    row4col[held] = -1;
    return held;
  };

  if (warm === undefined) {
    reduceRows({ rows: n, cols: sp.cols, gains: sp.gains, allowed: undefined, slotCol: sp.slotCol, slots, optional, lists: { start, col } }, col4row, row4col, u, v);
    if (!placeFreeRows()) return null;
    return { col4row, u, v };
  }
  // Warm (square problems whose rows must all be placed: every column ends
  // up held, so a column freed on the way may keep its price): keep the
  // earlier prices and every pair still tight, and place the rows that moved.
  u.set(warm.u);
  v.set(warm.v);
  for (let i = 0; i < n; i++) {
    const j = warm.col4row[i] as number;
    if (j !== -1) {
      col4row[i] = j;
      row4col[j] = i;
    }
  }
  for (let i = 0; i < n; i++) checkRow(i);
  if (!placeFreeRows()) return null;
  return { col4row, u, v };

  /** One shortest-path search per free row; false when a row cannot be placed. */
  function placeFreeRows(): boolean {
    for (let cur = 0; cur < n; cur++) {
      if (col4row[cur] !== -1) continue;
      let numTouched = 0;
      let numScannedCols = 0;
      let numScannedRows = 0;
      let heapSize = 0;
      let freeCol = -1; // nearest free column reached so far
      let freeDist = Infinity;
      let i = cur;
      let minVal = 0;
      let sink = -1;
      for (;;) {
        // Relax row i's edges from distance minVal.
        scannedRows[numScannedRows++] = i;
        const ui = u[i] as number;
        const last = optional ? (start[i + 1] as number) + 1 : (start[i + 1] as number);
        for (let e = start[i] as number; e < last; e++) {
          // Past the row's listed slots comes its own "unmatched" column (gain 0).
          const inList = e < (start[i + 1] as number);
          const j = inList ? (col[e] as number) : slots + i;
          if (scanned[j] === 1) continue;
          const d = minVal - (inList ? (gain[e] as number) : 0) - ui - (v[j] as number);
          if (d < (dist[j] as number)) {
            if (dist[j] === Infinity) touched[numTouched++] = j;
            dist[j] = d;
            path[j] = i;
            if (row4col[j] === -1) {
              if (d < freeDist) {
                freeDist = d;
                freeCol = j;
              }
            } else {
              if (heapSize === heapKey.length) {
                const k2 = new Float64Array(heapKey.length * 2);
                k2.set(heapKey);
                const c2 = new Int32Array(heapCol.length * 2);
                c2.set(heapCol);
                heapKey = k2;
                heapCol = c2;
              }
              siftUp(heapKey, heapCol, heapSize++, d, j);
            }
          }
        }
        // Pop the nearest unscanned held column (stale entries skipped), unless a free one is as near.
        let j = -1;
        while (heapSize > 0 && (heapKey[0] as number) < freeDist) {
          const top = heapCol[0] as number;
          const key = heapKey[0] as number;
          heapSize--;
          siftDown(heapKey, heapCol, heapSize, heapKey[heapSize] as number, heapCol[heapSize] as number);
          if (scanned[top] === 0 && key === dist[top]) {
            j = top;
            break;
          }
        }
        if (j === -1) {
          if (freeCol === -1) return false;
          sink = freeCol;
          minVal = freeDist;
          scannedCols[numScannedCols++] = sink;
          break;
        }
        minVal = dist[j] as number;
        scanned[j] = 1;
        scannedCols[numScannedCols++] = j;
        i = row4col[j] as number;
      }

      augmentPath({ start: cur, sink, minVal, scannedRows, numScannedRows, scannedCols, numScannedCols, dist, path }, u, v, col4row, row4col);
      for (let t = 0; t < numTouched; t++) dist[touched[t] as number] = Infinity;
      for (let t = 0; t < numScannedCols; t++) scanned[scannedCols[t] as number] = 0;
    }
    return true;
  }
}
