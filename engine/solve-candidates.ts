/**
 * Exact dense assignment by way of a sparse one. In a dense score matrix the
 * optimal pairs almost always lie among each row's few best columns, so we
 * solve on those candidate lists only (shortest augmenting paths with a
 * heap: each search touches a handful of edges per row instead of every
 * column) and then certify the answer on the whole matrix with the dual
 * prices: if no pair anywhere has a negative reduced cost, the sparse optimum
 * is the dense optimum (LP duality). Pairs that break the certificate join
 * the candidate lists and the sparse solve runs again; after
 * {@link MAX_CANDIDATE_ROUNDS} rounds the caller falls back to the dense
 * solver. Either way the answer is exact.
 *
 * Scope: every row must be placed, rows ≤ columns, capacity 1 — the raw
 * `solve` command and the benchmarks' problem.
 */
import { augmentPath } from './augment-path.js';
import { reduceRows } from './reduce-rows.js';
import { siftDown, siftUp } from './min-heap.js';
import { at, type AssignmentDuals, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';

/** Candidate columns per row in the first round. */
export const INITIAL_CANDIDATES = 12;
/** Rounds of "solve sparse, certify, add the violators" before giving up. */
export const MAX_CANDIDATE_ROUNDS = 8;
/** Certificate violations still worth repairing in place; more hand the problem to the dense solver. */
export const MAX_STRAY_PAIRS = 8;
/** Relative tolerance of the certificate (scaled by the largest |gain|). */
export const CERTIFICATE_TOLERANCE = 1e-11;

/** Whether {@link solveWithCandidates} applies to `p`. */
export function candidatesApply(p: AssignmentProblem): boolean {
  return p.rowsMayStayUnmatched === false && p.rows <= p.cols && p.colCapacity === undefined && p.rows > 0;
}

/**
 * Solves `p` exactly via candidate lists, or returns null when the dense
 * solver should take it. `p` must already have passed `checkProblem` (the
 * dense solver's entry does that; checking again would cost another full
 * pass over the matrix). `initialCandidates` is for tests that want the
 * certificate to fail and the lists to grow.
 */
export function solveWithCandidates(p: AssignmentProblem, initialCandidates = INITIAL_CANDIDATES): AssignmentOutcome | null {
  if (!candidatesApply(p)) return null;
  const { rows: n, cols: m, gains, allowed } = p;
  let scale = 0;
  for (let k = 0; k < gains.length; k++) if (allowed === undefined || allowed[k] === 1) scale = Math.max(scale, Math.abs(gains[k] as number));
  const tolerance = CERTIFICATE_TOLERANCE * Math.max(1, scale);

  // Each row's best columns, and each column's best rows: popular mentors
  // fill every row's list, so without the second half the unpopular
  // columns would be on nobody's list and the sparse graph would have no
  // complete matching.
  const k = Math.min(m, Math.max(1, initialCandidates));
  let lists = withExtraColumns(bestColumns(p, k), bestRowsOfColumns(p, Math.min(n, k)));
  let previous: SparseSolution | undefined;
  for (let round = 0; round < MAX_CANDIDATE_ROUNDS; round++) {
    const sparse = solveSparse(n, m, gains, lists, n === m ? previous : undefined);
    // Many rows fighting over the same few columns (popular mentors) make
    // the sparse graph fail or the certificate fail widely; the dense solver
    // is the better tool then, and we hand over after one cheap round.
    // Measured on generated cohorts: widening instead cost 2× the dense solve.
    if (sparse === null) return null;
    const violators = findViolators(p, sparse.u, sparse.v, tolerance);
    if (violators.length === 0) {
      let objective = 0;
      const rowToCol = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const j = sparse.col4row[i] as number;
        rowToCol[i] = j;
        objective += gains[at(m, i, j)] as number;
      }
      const duals: AssignmentDuals = { row: sparse.u.map((x) => -x), col: sparse.v.map((x) => -x) };
      return { status: 'optimal', rowToCol, objective, solver: 'shortest_path', duals };
    }
    if (violators.length > Math.max(MAX_STRAY_PAIRS, n / 2)) return null;
    lists = withExtraColumns(lists, violators);
    previous = sparse;
  }
  return null;
}

/** A sparse solve's assignment and potentials (cost = −gain). */
interface SparseSolution {
  readonly col4row: Int32Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
}

/** Candidate lists in CSR form: row i's columns are `col[start[i] .. start[i+1])`. */
interface CandidateLists {
  readonly start: Int32Array;
  readonly col: Int32Array;
  /** The per-row count asked for (rows with fewer allowed columns have fewer). */
  readonly width: number;
}

/** Each row's `k` highest-gain allowed columns. O(n·m) with a small per-row heap. */
function bestColumns(p: AssignmentProblem, k: number): CandidateLists {
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
      if (allowed !== undefined && allowed[base + j] !== 1) continue;
      const g = gains[base + j] as number;
      // A min-heap of the k best so far: its root is the weakest kept.
      if (size < k) siftUp(heapGain, heapCol, size++, g, j);
      else if (g > (heapGain[0] as number)) siftDown(heapGain, heapCol, size, g, j);
    }
    for (let t = 0; t < size; t++) col[fill++] = heapCol[t] as number;
  }
  start[n] = fill;
  return { start, col: col.subarray(0, fill), width: k };
}

/** Each column's `k` highest-gain allowed rows, as `[row, col]` pairs. One row-major pass with a small heap per column. */
function bestRowsOfColumns(p: AssignmentProblem, k: number): [number, number][] {
  const { rows: n, cols: m, gains, allowed } = p;
  const heapGain = new Float64Array(m * k);
  const heapRow = new Int32Array(m * k);
  const size = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const base = i * m;
    for (let j = 0; j < m; j++) {
      if (allowed !== undefined && allowed[base + j] !== 1) continue;
      const g = gains[base + j] as number;
      const sj = size[j] as number;
      const h = j * k;
      if (sj < k) {
        siftUp(heapGain.subarray(h, h + k), heapRow.subarray(h, h + k), sj, g, i);
        size[j] = sj + 1;
      } else if (g > (heapGain[h] as number)) {
        siftDown(heapGain.subarray(h, h + k), heapRow.subarray(h, h + k), k, g, i);
      }
    }
  }
  const pairs: [number, number][] = [];
  for (let j = 0; j < m; j++) for (let t = 0; t < (size[j] as number); t++) pairs.push([heapRow[j * k + t] as number, j]);
  return pairs;
}

/** Adds the certificate's violators to the lists. */
function withExtraColumns(lists: CandidateLists, extra: readonly (readonly [number, number])[]): CandidateLists {
  const n = lists.start.length - 1;
  const add: number[][] = Array.from({ length: n }, () => []);
  for (const [i, j] of extra) add[i]?.push(j);
  const start = new Int32Array(n + 1);
  const col: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = col.length;
    const own = new Set(lists.col.subarray(lists.start[i] as number, lists.start[i + 1] as number));
    for (const j of own) col.push(j);
    for (const j of add[i] ?? []) if (!own.has(j)) col.push(j);
  }
  start[n] = col.length;
  return { start, col: Int32Array.from(col), width: lists.width };
}

/** Every allowed pair whose reduced cost is below −tolerance (capped per row, most negative first). */
function findViolators(p: AssignmentProblem, u: Float64Array, v: Float64Array, tolerance: number): [number, number][] {
  const { rows: n, cols: m, gains, allowed } = p;
  const out: [number, number][] = [];
  const PER_ROW = 8;
  for (let i = 0; i < n; i++) {
    const base = i * m;
    const ui = u[i] as number;
    const found: [number, number][] = [];
    for (let j = 0; j < m; j++) {
      if (allowed !== undefined && allowed[base + j] !== 1) continue;
      const reduced = -(gains[base + j] as number) - ui - (v[j] as number);
      if (reduced < -tolerance) found.push([reduced, j]);
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [, j] of found.slice(0, PER_ROW)) out.push([i, j]);
  }
  return out;
}

/**
 * Shortest augmenting paths on the candidate graph (cost = −gain), with a
 * binary heap of tentative column distances. A cold solve starts from
 * Jonker–Volgenant row reduction on the lists; `warm` (square problems
 * only) restarts from the previous round's solution. A search stops as soon as the nearest column on
 * the heap is no nearer than the best free column reached — on tie-heavy
 * matrices this skips whole plateaus of equal distances. Returns null when
 * some row cannot be placed within its candidates.
 */
function solveSparse(n: number, m: number, gains: Float64Array, lists: CandidateLists, warm?: SparseSolution): SparseSolution | null {
  const { start, col } = lists;
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(m).fill(-1);
  const dist = new Float64Array(m).fill(Infinity);
  const path = new Int32Array(m);
  const scanned = new Uint8Array(m);
  const touched = new Int32Array(m);
  const scannedCols = new Int32Array(m);
  const scannedRows = new Int32Array(n);
  let heapKey = new Float64Array(1024);
  let heapCol = new Int32Array(1024);

  if (warm === undefined) {
    const slotCol = Int32Array.from({ length: m }, (_, j) => j);
    reduceRows({ rows: n, cols: m, gains, allowed: undefined, slotCol, slots: m, optional: false, lists }, col4row, row4col, u, v);
  } else {
    // Square problems only: every column ends up held, so a column freed
    // here may keep its price. A row whose new candidates undercut its
    // price takes the lower one and lets go of a pair no longer tight.
    u.set(warm.u);
    v.set(warm.v);
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      for (let e = start[i] as number, end = start[i + 1] as number; e < end; e++) {
        const j = col[e] as number;
        best = Math.min(best, -(gains[i * m + j] as number) - (v[j] as number));
      }
      const j = warm.col4row[i] as number;
      if (best < (u[i] as number)) u[i] = best;
      if (-(gains[i * m + j] as number) - (v[j] as number) === u[i]) {
        col4row[i] = j;
        row4col[j] = i;
      }
    }
  }

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
      // Relax row i's listed columns from distance minVal.
      scannedRows[numScannedRows++] = i;
      const ui = u[i] as number;
      const rowBase = i * m;
      for (let e = start[i] as number, end = start[i + 1] as number; e < end; e++) {
        const j = col[e] as number;
        if (scanned[j] === 1) continue;
        const d = minVal - (gains[rowBase + j] as number) - ui - (v[j] as number);
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
        if (freeCol === -1) {
          for (let t = 0; t < numTouched; t++) dist[touched[t] as number] = Infinity;
          for (let t = 0; t < numScannedCols; t++) scanned[scannedCols[t] as number] = 0;
          return null;
        }
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
  return { col4row, u, v };
}
