/**
 * Objectives in priority order, each level exact and never traded for a
 * lower one (issue 5, item 4). The levels a program may rank:
 * - `matched`: how many rows (mentees) get a column (mentor);
 * - `preferred`: how many get a pair marked in `preferred` (one of their top choices);
 * - `total`: the sum of the gains (scores) of the pairs made;
 * - `worst`: the smallest gain among the pairs made (max-min).
 *
 * Why it is exact. A weighted sum with a big multiplier per level ("big-M")
 * is not: in float64 the lower levels' digits fall off the end once the
 * multiplier is large enough to keep the levels apart. Instead, the sum
 * levels (`matched`, `preferred`, `total`) become ONE assignment problem whose
 * gain for a pair is the TUPLE of its contributions in priority order
 * (`matched` adds 1, `preferred` adds the mask bit, `total` the gain),
 * compared lexicographically. Tuples under componentwise addition and
 * lexicographic order form a totally ordered abelian group, and the
 * shortest-augmenting-path algorithm uses nothing else (sums, differences,
 * comparisons, a least element), so its optimality proof carries over word
 * for word: the optimum it finds is the lexicographic optimum. Each
 * component is kept in its own float64, so the integer levels stay exact
 * integers and `total` keeps its full precision. Components are compared
 * with {@link LEX_TOLERANCE} relative to the largest |contribution| of
 * that level, so rounding noise in `total` never counts as a real
 * difference (two totals closer than that count as tied, and the next
 * level decides).
 *
 * `worst` is not a sum. It is found by a threshold search over the distinct
 * gains of the allowed pairs: forbid the pairs below a threshold t, re-solve
 * the tuple problem of the sum levels ranked above `worst`, and call t
 * feasible when that optimum still equals the unrestricted one (every
 * higher level kept exactly). Feasibility only ever fails as t grows, so a
 * binary search finds the largest feasible t, which is the optimal worst
 * score; the levels ranked below `worst` are then optimised with the pairs
 * below it forbidden (the tuple of higher and lower levels together, so the
 * higher levels' optimum is still required).
 *
 * The worst score of a matching with no pairs is +Infinity (no pair falls
 * below any threshold). So `worst` ranked above `matched` with rows that
 * may stay unmatched yields the empty matching: rank `matched` first, or
 * make rows required (`rowsMayStayUnmatched: false`), for a meaningful
 * max-min.
 *
 * Complexity. One tuple solve runs one Dijkstra search per row over the
 * rows × (columns + rows) graph (capacities as in the transportation
 * problem: a column keeps one price and the rows it holds, never copied):
 * O(rows · columns · (rows + columns) · K) in the worst case for K ranked
 * sum levels. With `worst`, that is repeated ⌈log₂(D + 1)⌉ + 2 times at
 * most, D being the number of distinct gains among the allowed pairs.
 */
import { checkProblem, type AssignmentProblem } from './assignment-problem.js';

/** An assignment problem with each pair also marked as one of the row's top choices or not. */
export interface LexicographicProblem extends AssignmentProblem {
  /** Row-major `rows × cols`, 0 or 1: the pair gives the mentee one of their top choices (level `preferred`). */
  readonly preferred: Uint8Array;
}

/** One objective a program may rank; see the file header for each. */
export type LexicographicLevel = 'matched' | 'preferred' | 'total' | 'worst';

/** Every level, in the order a program ranks them by default. */
export const LEXICOGRAPHIC_LEVELS: readonly LexicographicLevel[] = ['matched', 'preferred', 'total', 'worst'];

/**
 * An assignment's value at every level (`worst` is +Infinity when no pair
 * is made). Only the levels a solve was given are optimised; the others are
 * reported as they fall.
 */
export type LexicographicValues = Readonly<Record<LexicographicLevel, number>>;

/** What {@link solveLexicographic} ends in: a union, never an exception for a property of the data. */
export type LexicographicOutcome =
  | {
      readonly status: 'optimal';
      /** For each row, its column, or -1 when unmatched. */
      readonly rowToCol: Int32Array;
      readonly values: LexicographicValues;
    }
  | { readonly status: 'infeasible'; readonly reason: string }
  | { readonly status: 'invalid'; readonly reason: string };

/**
 * Two values of one level closer than this times the level's largest
 * |contribution per pair| (never less than 1) count as equal. Float64
 * rounding in a sum of n gains is about n · 2⁻⁵³ of that scale, far below
 * it; a genuine difference smaller than it is treated as a tie.
 */
export const LEX_TOLERANCE = 1e-9;

/**
 * Solves `problem` for the levels in `levels`, highest priority first (any
 * order, any subset, each at most once); never mutates its inputs. Rows may
 * stay unmatched unless `rowsMayStayUnmatched` is false.
 *
 * @example
 * const out = solveLexicographic(problem, ['matched', 'preferred', 'total', 'worst']);
 * if (out.status === 'optimal') console.log(out.values.matched, out.values.worst);
 */
export function solveLexicographic(problem: LexicographicProblem, levels: readonly LexicographicLevel[]): LexicographicOutcome {
  const invalid = checkProblem(problem) ?? checkPreferred(problem) ?? checkLevels(levels);
  if (invalid !== null) return { status: 'invalid', reason: invalid };

  const w = levels.indexOf('worst');
  if (w === -1) {
    const solved = solveTuples(tupleProblem(problem, levels as readonly SumLevel[]), allowedAtLeast(problem, -Infinity));
    return outcomeOf(problem, solved);
  }
  const above = levels.slice(0, w) as SumLevel[];
  const below = levels.slice(w + 1) as SumLevel[];
  const prefix = tupleProblem(problem, above);
  const first = solveTuples(prefix, allowedAtLeast(problem, -Infinity));
  if (typeof first === 'string') return { status: 'infeasible', reason: first };
  const target = sumsOf(prefix, first);

  // Thresholds: the distinct allowed gains, then +Infinity (forbid every pair).
  const thresholds = distinctAllowedGains(problem);
  thresholds.push(Infinity);
  // The unrestricted optimum already meets its own worst score.
  let lo = thresholds.indexOf(valuesOf(problem, first).worst);
  let hi = thresholds.length - 1;
  let best = first;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const tried = solveTuples(prefix, allowedAtLeast(problem, thresholds[mid] as number));
    if (typeof tried !== 'string' && compareTuples(sumsOf(prefix, tried), 0, target, 0, prefix.size, prefix.tol) === 0) {
      lo = mid;
      best = tried;
    } else {
      hi = mid - 1;
    }
  }
  if (below.length === 0) return outcomeOf(problem, best);
  // The higher levels come first in the tuple, so their optimum (reachable
  // at this threshold: `best` reaches it) is kept before the lower ones gain.
  const final = solveTuples(tupleProblem(problem, [...above, ...below]), allowedAtLeast(problem, thresholds[lo] as number));
  return outcomeOf(problem, final);
}

/** The value of `rowToCol` at every level ({@link LexicographicValues}). */
export function valuesOf(problem: LexicographicProblem, rowToCol: Int32Array): LexicographicValues {
  let matched = 0;
  let preferred = 0;
  let total = 0;
  let worst = Infinity;
  for (let i = 0; i < problem.rows; i++) {
    const j = rowToCol[i] as number;
    if (j < 0) continue;
    const k = i * problem.cols + j;
    const gain = problem.gains[k] as number;
    matched++;
    preferred += problem.preferred[k] as number;
    total += gain;
    worst = Math.min(worst, gain);
  }
  return { matched, preferred, total, worst };
}

/** A level that adds up over the pairs made. */
type SumLevel = Exclude<LexicographicLevel, 'worst'>;

/** The tuple-gain problem of some sum levels, in priority order. */
interface TupleProblem {
  readonly rows: number;
  readonly cols: number;
  /** K: components per tuple (0 is allowed: any feasible assignment is optimal). */
  readonly size: number;
  /** Row-major pair tuples, interleaved: component c of pair (i, j) at `(i * cols + j) * size + c`. */
  readonly gain: Float64Array;
  /** Places per column, capped at `rows` (more can never be used). */
  readonly capacity: Int32Array;
  readonly optional: boolean;
  /** Per component: differences up to this are ties ({@link LEX_TOLERANCE}). */
  readonly tol: Float64Array;
}

function tupleProblem(p: LexicographicProblem, levels: readonly SumLevel[]): TupleProblem {
  const { rows, cols, gains, preferred, allowed } = p;
  const size = levels.length;
  const gain = new Float64Array(rows * cols * size);
  const tol = new Float64Array(size);
  for (let c = 0; c < size; c++) {
    const level = levels[c] as SumLevel;
    let scale = 1;
    for (let k = 0; k < rows * cols; k++) {
      const value = level === 'matched' ? 1 : level === 'preferred' ? (preferred[k] as number) : (gains[k] as number);
      if (allowed !== undefined && allowed[k] !== 1) continue; // forbidden: never read, maybe not finite
      gain[k * size + c] = value;
      scale = Math.max(scale, Math.abs(value));
    }
    tol[c] = LEX_TOLERANCE * scale;
  }
  const capacity = new Int32Array(cols);
  for (let j = 0; j < cols; j++) capacity[j] = Math.min(p.colCapacity?.[j] ?? 1, rows);
  return { rows, cols, size, gain, capacity, optional: p.rowsMayStayUnmatched ?? true, tol };
}

/** 0 when tuples a (at `ai`) and b (at `bi`) tie, else the sign of the first component that differs by more than its tolerance. */
function compareTuples(a: Float64Array, ai: number, b: Float64Array, bi: number, size: number, tol: Float64Array): number {
  for (let c = 0; c < size; c++) {
    const d = (a[ai + c] as number) - (b[bi + c] as number);
    const t = tol[c] as number;
    if (d > t) return 1;
    if (d < -t) return -1;
  }
  return 0;
}

/** The summed tuple of the pairs in `rowToCol`. */
function sumsOf(t: TupleProblem, rowToCol: Int32Array): Float64Array {
  const sums = new Float64Array(t.size);
  for (let i = 0; i < t.rows; i++) {
    const j = rowToCol[i] as number;
    if (j < 0) continue;
    const base = (i * t.cols + j) * t.size;
    for (let c = 0; c < t.size; c++) sums[c] = (sums[c] as number) + (t.gain[base + c] as number);
  }
  return sums;
}

/** 1 for each pair that is allowed and whose gain is at least `threshold`. */
function allowedAtLeast(p: AssignmentProblem, threshold: number): Uint8Array {
  const mask = new Uint8Array(p.rows * p.cols);
  for (let k = 0; k < mask.length; k++) {
    if ((p.allowed === undefined || p.allowed[k] === 1) && (p.gains[k] as number) >= threshold) mask[k] = 1;
  }
  return mask;
}

/** The distinct gains of the allowed pairs, ascending. */
function distinctAllowedGains(p: AssignmentProblem): number[] {
  const seen = new Set<number>();
  for (let k = 0; k < p.rows * p.cols; k++) if (p.allowed === undefined || p.allowed[k] === 1) seen.add(p.gains[k] as number);
  return [...seen].sort((a, b) => a - b);
}

function outcomeOf(p: LexicographicProblem, solved: Int32Array | string): LexicographicOutcome {
  if (typeof solved === 'string') return { status: 'infeasible', reason: solved };
  return { status: 'optimal', rowToCol: solved, values: valuesOf(p, solved) };
}

function checkPreferred(p: LexicographicProblem): string | null {
  if (p.preferred.length !== p.rows * p.cols) return `preferred has ${p.preferred.length} entries; expected rows × cols = ${p.rows * p.cols}`;
  for (let k = 0; k < p.preferred.length; k++) {
    const b = p.preferred[k] as number;
    if (b !== 0 && b !== 1) return `preferred at row ${Math.floor(k / p.cols)}, column ${k % p.cols} is ${b}; expected 0 or 1`;
  }
  return null;
}

function checkLevels(levels: readonly LexicographicLevel[]): string | null {
  if (levels.length === 0) return `no levels given; expected some of ${LEXICOGRAPHIC_LEVELS.join(', ')} in priority order`;
  const seen = new Set<string>();
  for (const level of levels) {
    if (!LEXICOGRAPHIC_LEVELS.includes(level)) return `unknown level "${String(level)}"; expected one of ${LEXICOGRAPHIC_LEVELS.join(', ')}`;
    if (seen.has(level)) return `level "${level}" is given twice; rank each level once`;
    seen.add(level);
  }
  return null;
}

/**
 * The lexicographically best assignment of `t` using only the pairs in
 * `mask` (rowToCol, -1 for unmatched), or why some row cannot be placed
 * when rows are required. Successive shortest paths (Crouse 2016, as in
 * place-free-rows.ts) with every cost, potential and distance a tuple:
 * a full column reached at distance d reaches every row it holds at d;
 * each row owns a zero-gain "unmatched" column when rows are optional.
 */
function solveTuples(t: TupleProblem, mask: Uint8Array): Int32Array | string {
  const { rows: n, cols: m, size: K, gain, capacity, optional, tol } = t;
  const width = m + n; // real columns, then one "unmatched" column per row
  const u = new Float64Array(n * K);
  const v = new Float64Array(width * K);
  const dist = new Float64Array(width * K);
  const reachedIn = new Int32Array(width); // search number (row + 1) that last set dist
  const path = new Int32Array(width);
  const col4row = new Int32Array(n).fill(-1);
  const count = new Int32Array(m);
  const colStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) colStart[j + 1] = (colStart[j] as number) + (capacity[j] as number);
  const colRows = new Int32Array(colStart[m] as number);
  const open: number[] = [];
  for (let j = 0; j < m; j++) if ((capacity[j] as number) > 0) open.push(j);
  const remaining = new Int32Array(open.length);
  const scannedRows = new Int32Array(n);
  const scannedCols = new Int32Array(width);
  const reachedDummies = new Int32Array(n);
  const minVal = new Float64Array(K);
  const reduced = new Float64Array(K);

  const hasRoom = (j: number): boolean => j >= m || (count[j] as number) < (capacity[j] as number);
  const relax = (i: number, j: number, g: number, stamp: number): void => {
    // reduced = minVal − gain − u[i] − v[j] (costs are negated gains); g < 0: the zero "unmatched" gain
    for (let c = 0; c < K; c++) reduced[c] = (minVal[c] as number) - (g < 0 ? 0 : (gain[g + c] as number)) - (u[i * K + c] as number) - (v[j * K + c] as number);
    if (reachedIn[j] !== stamp || compareTuples(reduced, 0, dist, j * K, K, tol) < 0) {
      dist.set(reduced, j * K);
      path[j] = i;
      reachedIn[j] = stamp;
    }
  };

  for (let cur = 0; cur < n; cur++) {
    const stamp = cur + 1;
    remaining.set(open);
    let numRemaining = open.length;
    let numScannedRows = 0;
    let numScannedCols = 0;
    let numDummies = 0;
    minVal.fill(0);
    let sink = -1;
    let batchFrom = -1; // the full column whose rows are scanned next; -1: the start row

    while (sink === -1) {
      const batchSize = batchFrom === -1 ? 1 : (count[batchFrom] as number);
      const batchBase = batchFrom === -1 ? 0 : (colStart[batchFrom] as number);
      for (let b = 0; b < batchSize; b++) {
        const i = batchFrom === -1 ? cur : (colRows[batchBase + b] as number);
        scannedRows[numScannedRows++] = i;
        for (let it = 0; it < numRemaining; it++) {
          const j = remaining[it] as number;
          if (mask[i * m + j] === 1) relax(i, j, (i * m + j) * K, stamp);
        }
        if (optional) {
          relax(i, m + i, -1, stamp); // a row is scanned once per search, so its own column is new
          reachedDummies[numDummies++] = m + i;
        }
      }

      // The nearest column; at a tie, one that ends the search (room left),
      // and a real column before an "unmatched" one.
      let lowestAt = -1;
      let lowest = -1;
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it] as number;
        if (reachedIn[j] !== stamp) continue;
        const cmp = lowest === -1 ? -1 : compareTuples(dist, j * K, dist, lowest * K, K, tol);
        if (cmp < 0 || (cmp === 0 && hasRoom(j) && !hasRoom(lowest))) {
          lowest = j;
          lowestAt = it;
        }
      }
      for (let k = 0; k < numDummies; k++) {
        const d = reachedDummies[k] as number;
        const cmp = lowest === -1 ? -1 : compareTuples(dist, d * K, dist, lowest * K, K, tol);
        if (cmp < 0 || (cmp === 0 && !hasRoom(lowest))) {
          lowest = d;
          lowestAt = -(k + 2);
        }
      }
      if (lowest === -1) return `row ${cur} cannot be placed: every column it may take is full or forbidden`;

      for (let c = 0; c < K; c++) minVal[c] = dist[lowest * K + c] as number;
      if (lowestAt >= 0) remaining[lowestAt] = remaining[--numRemaining] as number;
      else reachedDummies[-lowestAt - 2] = reachedDummies[--numDummies] as number;
      scannedCols[numScannedCols++] = lowest;
      if (hasRoom(lowest)) sink = lowest;
      else batchFrom = lowest;
    }

    // Potentials move so every reduced cost stays ≥ 0 and the path is tight
    // (Crouse 2016, eq. 12–14); read before the path flips.
    for (let c = 0; c < K; c++) u[cur * K + c] = (u[cur * K + c] as number) + (minVal[c] as number);
    for (let s = 1; s < numScannedRows; s++) {
      const r = scannedRows[s] as number;
      const held = col4row[r] as number;
      for (let c = 0; c < K; c++) u[r * K + c] = (u[r * K + c] as number) + (minVal[c] as number) - (dist[held * K + c] as number);
    }
    for (let s = 0; s < numScannedCols; s++) {
      const j = scannedCols[s] as number;
      for (let c = 0; c < K; c++) v[j * K + c] = (v[j * K + c] as number) - ((minVal[c] as number) - (dist[j * K + c] as number));
    }

    // Flip the path: each row on it moves to the column it reached.
    let j = sink;
    for (;;) {
      const r = path[j] as number;
      const prev = col4row[r] as number;
      if (prev >= 0 && prev < m) {
        const base = colStart[prev] as number;
        const last = base + (count[prev] as number) - 1;
        for (let q = base; q <= last; q++) {
          if (colRows[q] === r) {
            colRows[q] = colRows[last] as number;
            break;
          }
        }
        count[prev] = (count[prev] as number) - 1;
      }
      if (j < m) {
        colRows[(colStart[j] as number) + (count[j] as number)] = r;
        count[j] = (count[j] as number) + 1;
      }
      col4row[r] = j;
      if (r === cur) break;
      j = prev;
    }
  }

  const rowToCol = new Int32Array(n);
  for (let i = 0; i < n; i++) rowToCol[i] = (col4row[i] as number) < m ? (col4row[i] as number) : -1;
  return rowToCol;
}
