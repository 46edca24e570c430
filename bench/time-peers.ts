/**
 * Our solver and its peers behind one shape, so compare-solvers.ts can time
 * them side by side. Each adapter converts the matrix into its solver's input
 * (cost = −gain for the minimisers, `number[][]`, a file for Python) outside
 * the timing, times only the solve call, and recomputes the objective from the
 * returned assignment and the original gains — no solver grades itself.
 *
 * Every peer solves the same problem: maximise the total gain, every row
 * placed (square, or rows ≤ places). Capacity problems go to peers without
 * capacities as the column-repeated matrix ({@link repeatColumns}).
 */
import { execFileSync } from 'node:child_process';
import { linearSumAssignment } from 'linear-sum-assignment';
import munkres from 'munkres';
import computeMunkresJs from 'munkres-js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { repeatColumns, type BenchMatrix } from './make-matrices.js';

/** One problem to time: a gain matrix, a capacity shared by every column, and the matrix's raw float64 file (for Python). */
export interface BenchCase {
  readonly matrix: BenchMatrix;
  /** Places per column; 1 is the plain assignment problem. */
  readonly capacity: number;
  /** The matrix's `Float64Array` buffer written to disk. */
  readonly file: string;
}

/** What timing one peer on one case produced. */
export type PeerRun =
  | { readonly status: 'timed'; readonly timesMs: readonly number[]; readonly objective: number }
  | { readonly status: 'skipped'; readonly reason: string };

/** A solver we time. `run` takes the case and how many timed solves to make. */
export interface Peer {
  readonly name: string;
  run(c: BenchCase, repeats: number): PeerRun;
}

/**
 * A peer whose first solve takes longer than this is not repeated: one sample
 * of a 25-second solve says enough, and the whole comparison stays under a
 * few minutes on the shared machine.
 */
export const SLOW_PEER_BUDGET_MS = 15_000;

/** Sum of the original gains at the given `[row, col]` pairs. */
function sumGains(m: BenchMatrix, pairs: Iterable<readonly [number, number]>): number {
  let total = 0;
  for (const [i, j] of pairs) total += m.gains[i * m.cols + j] as number;
  return total;
}

/**
 * Times `solve` up to `repeats` times (once if it is slower than
 * {@link SLOW_PEER_BUDGET_MS}); the objective of the last answer is computed
 * after the clock stops.
 */
function timeRepeats<T>(repeats: number, solve: () => T, objectiveOf: (answer: T) => number): PeerRun {
  const timesMs: number[] = [];
  let answer: T | undefined;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    answer = solve();
    timesMs.push(performance.now() - start);
    if ((timesMs[0] as number) > SLOW_PEER_BUDGET_MS) break;
  }
  if (answer === undefined) return { status: 'skipped', reason: 'no repeats asked for' };
  return { status: 'timed', timesMs, objective: objectiveOf(answer) };
}

/** `[row, col]` pairs of a row → column array, unmatched (negative) entries left out. */
function pairsOf(rowToCol: ArrayLike<number>): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < rowToCol.length; i++) if ((rowToCol[i] as number) >= 0) pairs.push([i, rowToCol[i] as number]);
  return pairs;
}

/** Rows of the matrix as cost views (−gain) for the minimisers; built outside the timing. */
function costRows(m: BenchMatrix): Float64Array[] {
  return Array.from({ length: m.rows }, (_, i) => m.gains.subarray(i * m.cols, (i + 1) * m.cols).map((g) => -g));
}

/** Our solver; `rowsMayStayUnmatched: false` poses exactly the peers' problem. */
function oursPeer(name: string, rowsMayStayUnmatched: boolean): Peer {
  return {
    name,
    run({ matrix: m, capacity }, repeats) {
      const problem = {
        rows: m.rows,
        cols: m.cols,
        gains: m.gains,
        colCapacity: capacity > 1 ? new Int32Array(m.cols).fill(capacity) : undefined,
        rowsMayStayUnmatched,
      };
      return timeRepeats(
        repeats,
        () => solveShortestPath(problem),
        (out) => {
          if (out.status !== 'optimal') throw new Error(`${name}: ${out.status}: ${out.reason}`);
          return sumGains(m, pairsOf(out.rowToCol));
        },
      );
    },
  };
}

/** Environment for the Python child: OpenBLAS tuning variables of this machine removed (they do not matter for LSA). */
function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  return env;
}

/** scipy.optimize.linear_sum_assignment through bench/scipy_lsa.py (timed inside Python). */
const scipyPeer: Peer = {
  name: 'scipy linear_sum_assignment',
  run({ matrix: m, capacity, file }, repeats) {
    const script = new URL('./scipy_lsa.py', import.meta.url).pathname;
    const args = [script, file, String(m.rows), String(m.cols), String(repeats), String(capacity)];
    const out = execFileSync('python3', args, { encoding: 'utf8', env: pythonEnv(), maxBuffer: 1 << 20 });
    const parsed = JSON.parse(out) as { times_ms: number[]; objective: number };
    return { status: 'timed', timesMs: parsed.times_ms, objective: parsed.objective };
  },
};

/** The `munkres` npm package (havelessbemore/munkres): reads typed-array rows, never writes them. */
const munkresPeer: Peer = {
  name: 'munkres (npm)',
  run({ matrix, capacity }, repeats) {
    const m = capacity > 1 ? repeatColumns(matrix, capacity) : matrix;
    const cost = costRows(m);
    return timeRepeats(repeats, () => munkres(cost), (pairs) => sumGains(m, pairs));
  },
};

/** linear-sum-assignment (mljs): JV shortest path on an ml-matrix; copies its input. */
const mljsPeer: Peer = {
  name: 'linear-sum-assignment (npm)',
  run({ matrix, capacity }, repeats) {
    const m = capacity > 1 ? repeatColumns(matrix, capacity) : matrix;
    const rows = Array.from({ length: m.rows }, (_, i) => Array.from(m.gains.subarray(i * m.cols, (i + 1) * m.cols)));
    return timeRepeats(
      repeats,
      () => linearSumAssignment(rows, { maximaze: true }),
      (out) => sumGains(m, pairsOf(out.rowAssignments)),
    );
  },
};

/** Largest size munkres-js is timed at; it is timed once there (~49 s at n = 1000). */
export const MUNKRES_JS_MAX_ROWS = 1000;

/** munkres-js: number[][] costs, rebuilt for every solve because it pads and rewrites what it is given. */
const munkresJsPeer: Peer = {
  name: 'munkres-js',
  run({ matrix: m, capacity }, repeats) {
    if (capacity > 1 || m.rows > MUNKRES_JS_MAX_ROWS) return { status: 'skipped', reason: `only square, n ≤ ${MUNKRES_JS_MAX_ROWS}` };
    const times = m.rows >= MUNKRES_JS_MAX_ROWS ? 1 : repeats;
    const timesMs: number[] = [];
    let objective = NaN;
    for (let r = 0; r < times; r++) {
      const cost = costRows(m).map((row) => Array.from(row));
      const start = performance.now();
      const pairs = computeMunkresJs(cost);
      timesMs.push(performance.now() - start);
      objective = sumGains(m, pairs);
    }
    return { status: 'timed', timesMs, objective };
  },
};

/** Our solver posed the peers' problem: every row placed (`rowsMayStayUnmatched: false`). The reference of every ratio. */
export const OURS: Peer = oursPeer('ours (shortest path)', false);

/** Our solver as `run` calls it (default `rowsMayStayUnmatched: true`); the same optimum on gains ≥ 0. */
export const OURS_ROWS_OPTIONAL: Peer = oursPeer('ours, rows optional', true);

/** The peers of the square comparison; munkres-js only when asked for. */
export function squarePeers(withMunkresJs: boolean): Peer[] {
  return [OURS_ROWS_OPTIONAL, scipyPeer, munkresPeer, mljsPeer, ...(withMunkresJs ? [munkresJsPeer] : [])];
}

/**
 * The peers of the capacity comparison.
 *
 * TODO(lead): LP peers. When javascript-lp-solver and/or the `highs` npm
 * package become devDependencies, add adapters here that build the
 * transportation LP (x_ij ≥ 0, Σ_j x_ij = 1 per row, Σ_i x_ij ≤ capacity per
 * column, maximise Σ g_ij x_ij — integral at a vertex) from `c.matrix`, time
 * only the solve call, and return the objective recomputed from the x_ij = 1.
 * They are deliberately not installed by this benchmark.
 */
export function capacityPeers(): Peer[] {
  const lpPeers: Peer[] = []; // TODO(lead): javascript-lp-solver, highs — see above.
  return [scipyPeer, munkresPeer, ...lpPeers];
}
