/**
 * The sparse graph the candidate-list solver works on, and the certificate
 * check that decides whether its answer holds on the whole matrix.
 *
 * A row's candidates are real columns; the sparse solver sees each column
 * once per place it has ("slots"), so capacities need no special case there.
 */
import type { AssignmentProblem } from './assignment-problem.js';
import { siftDown, siftUp } from './min-heap.js';

/** Per-row lists in CSR form: row i's entries are `col[start[i] .. start[i+1])`. */
export interface RowLists {
  readonly start: Int32Array;
  readonly col: Int32Array;
}

/** Row lists over slots, with each edge's gain (so the sparse search never reads the matrix). */
export interface SlotLists extends RowLists {
  readonly gain: Float64Array;
}

/** Each row's `k` highest-gain allowed columns with a place. O(rows · cols) with a small per-row heap. */
export function bestColumns(p: AssignmentProblem, capacity: Int32Array, k: number): RowLists {
  const { rows: n, cols: m, gains, allowed } = p;
  const start = new Int32Array(n + 1);
  const col = new Int32Array(n * k);
  const heapGain = new Float64Array(k);
  const heapCol = new Int32Array(k);
  let fill = 0;
  for (let i = 0; i < n; i++) {
    start[i] = fill;
    let size = 0;
    const base = i * m;
    for (let j = 0; j < m; j++) {
      if ((allowed !== undefined && allowed[base + j] !== 1) || capacity[j] === 0) continue;
      const g = gains[base + j] as number;
      // A min-heap of the k best so far: its root is the weakest kept.
      if (size < k) siftUp(heapGain, heapCol, size++, g, j);
      else if (g > (heapGain[0] as number)) siftDown(heapGain, heapCol, size, g, j);
    }
    for (let t = 0; t < size; t++) col[fill++] = heapCol[t] as number;
  }
  start[n] = fill;
  return { start, col: col.subarray(0, fill) };
}

/**
 * Each column's `k` best rows (more if it has more places), as `[row, col]`
 * pairs. Measured on generated cohorts, 12 per column beat 4 or 8 per place
 * (3000 × 1200 × 3) and 4, 8, 16 or 24 per column (2000 × 2000). Popular
 * columns fill every row's own list; without these, the unpopular ones would
 * be on nobody's list and the sparse graph could have no complete matching.
 * One row-major pass with a small heap per column.
 */
export function bestRowsOfColumns(p: AssignmentProblem, capacity: Int32Array, k: number): [number, number][] {
  const { rows: n, cols: m, gains, allowed } = p;
  let most = 0;
  for (let j = 0; j < m; j++) most = Math.max(most, capacity[j] as number);
  const width = Math.min(n, Math.max(k, most));
  if (width === 0) return [];
  const heapGain = new Float64Array(m * width);
  const heapRow = new Int32Array(m * width);
  const size = new Int32Array(m);
  const limit = Int32Array.from(capacity, (c) => (c === 0 ? 0 : Math.min(n, Math.max(k, c))));
  // The weakest gain each full heap keeps, side by side: the common case
  // ("not better") reads one contiguous array instead of m scattered heaps.
  const weakest = new Float64Array(m).fill(-Infinity);
  for (let j = 0; j < m; j++) if (limit[j] === 0) weakest[j] = Infinity;
  for (let i = 0; i < n; i++) {
    const base = i * m;
    for (let j = 0; j < m; j++) {
      const g = gains[base + j] as number;
      if (!(g > (weakest[j] as number)) || (allowed !== undefined && allowed[base + j] !== 1)) continue;
      const sj = size[j] as number;
      const lim = limit[j] as number;
      const h = j * width;
      const heapG = heapGain.subarray(h, h + lim);
      if (sj < lim) {
        siftUp(heapG, heapRow.subarray(h, h + lim), sj, g, i);
        size[j] = sj + 1;
        if (sj + 1 === lim) weakest[j] = heapG[0] as number;
      } else {
        siftDown(heapG, heapRow.subarray(h, h + lim), lim, g, i);
        weakest[j] = heapG[0] as number;
      }
    }
  }
  const pairs: [number, number][] = [];
  for (let j = 0; j < m; j++) for (let t = 0; t < (size[j] as number); t++) pairs.push([heapRow[j * width + t] as number, j]);
  return pairs;
}

/** `lists` with the `[row, col]` pairs of `extra` added (no duplicates). */
export function withPairs(lists: RowLists, extra: readonly (readonly [number, number])[]): RowLists {
  const n = lists.start.length - 1;
  const add: number[][] = Array.from({ length: n }, () => []);
  for (const [i, j] of extra) add[i]?.push(j);
  const start = new Int32Array(n + 1);
  const col: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = col.length;
    const own = new Set(lists.col.subarray(lists.start[i] as number, lists.start[i + 1] as number));
    for (const j of own) col.push(j);
    for (const j of add[i] ?? []) {
      if (own.has(j)) continue;
      own.add(j);
      col.push(j);
    }
  }
  start[n] = col.length;
  return { start, col: Int32Array.from(col) };
}

/** Each row's real-column list expanded to every slot of those columns, with the edge gains. */
export function expandToSlots(p: AssignmentProblem, lists: RowLists, slotStart: Int32Array): SlotLists {
  const n = p.rows;
  let edges = 0;
  for (let e = 0; e < lists.col.length; e++) {
    const j = lists.col[e] as number;
    edges += (slotStart[j + 1] as number) - (slotStart[j] as number);
  }
  const start = new Int32Array(n + 1);
  const col = new Int32Array(edges);
  const gain = new Float64Array(edges);
  let fill = 0;
  for (let i = 0; i < n; i++) {
    start[i] = fill;
    for (let e = lists.start[i] as number; e < (lists.start[i + 1] as number); e++) {
      const j = lists.col[e] as number;
      const g = p.gains[i * p.cols + j] as number;
      for (let s = slotStart[j] as number; s < (slotStart[j + 1] as number); s++) {
        col[fill] = s;
        gain[fill++] = g;
      }
    }
  }
  start[n] = fill;
  return { start, col, gain };
}

/**
 * Allowed pairs the dual prices do not cover (`gain − row − col` above
 * `tolerance`), at most a few per row, the worst first. None means the
 * prices prove the answer optimal on the whole matrix.
 */
export function uncoveredPairs(p: AssignmentProblem, capacity: Int32Array, row: Float64Array, col: Float64Array, tolerance: number): [number, number][] {
  const { rows: n, cols: m, gains, allowed } = p;
  const out: [number, number][] = [];
  const PER_ROW = 8;
  for (let i = 0; i < n; i++) {
    const base = i * m;
    const limit = (row[i] as number) + tolerance;
    let found: [number, number][] | undefined;
    for (let j = 0; j < m; j++) {
      const excess = (gains[base + j] as number) - (col[j] as number);
      if (excess > limit && (allowed === undefined || allowed[base + j] === 1) && capacity[j] !== 0) (found ??= []).push([excess, j]);
    }
    if (found === undefined) continue;
    found.sort((a, b) => b[0] - a[0]);
    for (const [, j] of found.slice(0, PER_ROW)) out.push([i, j]);
  }
  return out;
}
