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
import { siftDown, siftUp } from './min-heap.js';
import { at, type AssignmentDuals, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';

/** Candidate columns per row in the first round. */
export const INITIAL_CANDIDATES = 12;
/** Rounds of "solve sparse, certify, add the violators" before giving up. */
export const MAX_CANDIDATE_ROUNDS = 4;
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

  let lists = bestColumns(p, Math.min(m, Math.max(1, initialCandidates)));
  // A column on nobody's list could never be used; in a square problem every
  // column must be. A few such columns join the list of the row that values
  // them most; many mean rows fight over the same columns (popular mentors),
  // and the dense solver is the better tool.
  const uncovered = uncoveredColumns(lists, m);
  if (uncovered.length > Math.max(MAX_STRAY_PAIRS, n / 50)) return null;
  if (uncovered.length > 0) {
    const extra = uncovered.map((j) => [bestRowFor(p, j), j] as const).filter(([i]) => i >= 0);
    lists = withExtraColumns(lists, extra);
  }
  for (let round = 0; round < MAX_CANDIDATE_ROUNDS; round++) {
    const sparse = solveSparse(n, m, gains, lists);
    // Many rows fighting over the same few columns (popular mentors) make
    // the sparse graph fail or the certificate fail widely; the dense solver
    // is the better tool then, and we hand over after one cheap round.
    // Measured on generated cohorts: widening instead cost 2× the dense solve.
    if (sparse === null) {
      if (lists.width >= 2 * INITIAL_CANDIDATES) return null;
      lists = bestColumns(p, Math.min(m, lists.width * 2));
      continue;
    }
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
    if (violators.length > Math.max(MAX_STRAY_PAIRS, n / 20)) return null;
    lists = withExtraColumns(lists, violators);
  }
  return null;
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

/** Columns that appear on no row's list. */
function uncoveredColumns(lists: CandidateLists, m: number): number[] {
  const seen = new Uint8Array(m);
  for (let e = 0; e < lists.col.length; e++) seen[lists.col[e] as number] = 1;
  const out: number[] = [];
  for (let j = 0; j < m; j++) if (seen[j] === 0) out.push(j);
  return out;
}

/** The row with the highest allowed gain in column `j` (-1 when none is allowed). */
function bestRowFor(p: AssignmentProblem, j: number): number {
  let best = -1;
  let bestGain = -Infinity;
  for (let i = 0; i < p.rows; i++) {
    const k = i * p.cols + j;
    if (p.allowed !== undefined && p.allowed[k] !== 1) continue;
    if ((p.gains[k] as number) > bestGain) {
      bestGain = p.gains[k] as number;
      best = i;
    }
  }
  return best;
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
 * binary heap of tentative column distances. Returns null when some row
 * cannot be placed within its candidates.
 */
function solveSparse(n: number, m: number, gains: Float64Array, lists: CandidateLists): { col4row: Int32Array; u: Float64Array; v: Float64Array } | null {
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

  for (let cur = 0; cur < n; cur++) {
    let numTouched = 0;
    let numScannedCols = 0;
    let numScannedRows = 0;
    let heapSize = 0;
    const push = (key: number, j: number): void => {
      if (heapSize === heapKey.length) {
        const k2 = new Float64Array(heapKey.length * 2);
        k2.set(heapKey);
        const c2 = new Int32Array(heapCol.length * 2);
        c2.set(heapCol);
        heapKey = k2;
        heapCol = c2;
      }
      siftUp(heapKey, heapCol, heapSize++, key, j);
    };
    const relax = (i: number, base: number): void => {
      const ui = u[i] as number;
      const rowBase = i * m;
      for (let e = start[i] as number, end = start[i + 1] as number; e < end; e++) {
        const j = col[e] as number;
        if (scanned[j] === 1) continue;
        const d = base - (gains[rowBase + j] as number) - ui - (v[j] as number);
        if (d < (dist[j] as number)) {
          if (dist[j] === Infinity) touched[numTouched++] = j;
          dist[j] = d;
          path[j] = i;
          push(d, j);
        }
      }
    };

    let i = cur;
    let minVal = 0;
    let sink = -1;
    scannedRows[numScannedRows++] = cur;
    relax(cur, 0);
    while (sink === -1) {
      // Pop the nearest unscanned column (stale heap entries are skipped).
      let j = -1;
      while (heapSize > 0) {
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
        for (let t = 0; t < numTouched; t++) dist[touched[t] as number] = Infinity;
        for (let t = 0; t < numScannedCols; t++) scanned[scannedCols[t] as number] = 0;
        return null;
      }
      minVal = dist[j] as number;
      scanned[j] = 1;
      scannedCols[numScannedCols++] = j;
      if (row4col[j] === -1) sink = j;
      else {
        i = row4col[j] as number;
        scannedRows[numScannedRows++] = i;
        relax(i, minVal);
      }
    }

    augmentPath({ start: cur, sink, minVal, scannedRows, numScannedRows, scannedCols, numScannedCols, dist, path }, u, v, col4row, row4col);
    for (let t = 0; t < numTouched; t++) dist[touched[t] as number] = Infinity;
    for (let t = 0; t < numScannedCols; t++) scanned[scannedCols[t] as number] = 0;
  }
  return { col4row, u, v };
}
