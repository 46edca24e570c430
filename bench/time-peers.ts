/**
 * Our solver and its peers behind one shape, so compare-solvers.ts can time
 * them side by side. Each adapter converts the matrix into its solver's input
 * (cost = −gain for the minimisers, `number[][]`, a file for Python) outside
 * the timing, times only the solve call, and recomputes the objective from the
 * returned assignment and the original gains — no solver grades itself.
 *
 * Every peer solves the same problem: maximise the total gain, every row
 * placed (square, or rows ≤ places). Capacity problems go to peers without
 * capacities as the column-repeated matrix ({@link repeatColumns}), and to the
 * LP solvers as the transportation LP, each in a child process that may crash
 * or time out without ending the run (bench/lp-peer.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { linearSumAssignment } from 'linear-sum-assignment';
import munkres from 'munkres';
import computeMunkresJs from 'munkres-js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import type { LpPeerDone, LpSolverName } from './lp-peer.js';
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
  | { readonly status: 'timed'; readonly timesMs: readonly number[]; readonly objective: number; readonly note?: string }
  | { readonly status: 'skipped'; readonly reason: string }
  /** The peer ran but gave no usable answer (crashed, timed out, infeasible or fractional answer); `reason` is printed as is. */
  | { readonly status: 'failed'; readonly reason: string };

/** A solver we time. `run` takes the case and how many timed solves to make. */
export interface Peer {
  readonly name: string;
  /** An LP solver (run in a child process); compare-solvers.ts sums these up per capacity case. */
  readonly isLp?: boolean;
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

/** How compare-solvers.ts runs the LP peers. */
export interface LpPeerOptions {
  /** Wall-clock limit of each child process (loading, model building and every solve), seconds. */
  readonly timeoutS: number;
  /** The child's `--max-old-space-size`, MiB. */
  readonly maxOldSpaceMb: number;
  /** Feed HiGHS CPLEX LP text (parsed by its reader, untimed) instead of sparse arrays. */
  readonly highsLpText?: boolean;
}

/** The defaults of compare-solvers.ts's `--lp-timeout` and `--lp-heap`. */
export const LP_PEER_DEFAULTS: LpPeerOptions = { timeoutS: 120, maxOldSpaceMb: 8192 };

function formatKb(kb: number): string {
  return kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GiB` : `${(kb / 1024).toFixed(0)} MiB`;
}

function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The JSON lines a child printed, unparsable lines (a crash's own output) left out. */
function eventsOf(stdout: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line cut off by a kill.
    }
  }
  return events;
}

/** The line of a crashed child's stderr that says why: V8's fatal error, the thrown error, or else the last line. */
function crashReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const pick =
    lines.find((l) => l.includes('FATAL ERROR')) ??
    lines.find((l) => /^(Uncaught )?[A-Za-z]*Error\b/.test(l) || /^RuntimeError|^Aborted|out of memory/i.test(l)) ??
    lines.at(-1) ??
    'no output';
  return pick.length > 140 ? `${pick.slice(0, 137)}…` : pick;
}

/** `/usr/bin/time -f %M -o FILE`'s peak RSS (kB) of the command it ran, present even when the command was killed. */
function peakRssFromTime(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const last = readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '';
  rmSync(file, { force: true });
  return /^\d+$/.test(last) ? Number(last) : undefined;
}

/**
 * An LP solver run by bench/lp-peer.ts in a child Node process (`--max-old-space-size`,
 * a wall-clock limit through coreutils `timeout`, peak RSS through `/usr/bin/time -f %M`
 * where those exist). The child times the solve calls; this adapter checks that
 * the answer is integral and feasible and recomputes the objective from the
 * original gains. A crash, a timeout or a bad answer is a `failed` run with the
 * reason, never an exception.
 */
function lpPeer(solver: LpSolverName, name: string, options: LpPeerOptions): Peer {
  return {
    name,
    isLp: true,
    run({ matrix: m, capacity, file }, repeats) {
      const script = new URL('./lp-peer.ts', import.meta.url).pathname;
      const timeoutMs = options.timeoutS * 1000;
      // The child stops repeating before it could run into the limit (with a margin for start-up).
      const budgetMs = Math.max(0, timeoutMs - 10_000);
      const nodeArgs = [
        `--max-old-space-size=${options.maxOldSpaceMb}`,
        '--import',
        'tsx',
        script,
        solver,
        file,
        String(m.rows),
        String(m.cols),
        String(capacity),
        String(repeats),
        String(budgetMs),
        String(SLOW_PEER_BUDGET_MS),
      ];
      const timeFile = `${file}.${solver}.time`;
      const haveTime = existsSync('/usr/bin/time');
      const haveTimeout = existsSync('/usr/bin/timeout');
      // timeout sends SIGTERM at the limit and SIGKILL 5 s later; /usr/bin/time reports the peak RSS
      // of the whole tree it waited for (timeout reaps node), even when node was killed.
      let command = process.execPath;
      let args = nodeArgs;
      if (haveTimeout) [command, args] = ['/usr/bin/timeout', ['-k', '5', String(options.timeoutS), command, ...args]];
      if (haveTime) [command, args] = ['/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args]];
      const start = performance.now();
      const child = spawnSync(command, args, {
        encoding: 'utf8',
        maxBuffer: 256 << 20,
        // Without coreutils timeout this is the limit; with it, a backstop.
        timeout: haveTimeout ? timeoutMs + 30_000 : timeoutMs,
        killSignal: 'SIGKILL',
      });
      const wallMs = performance.now() - start;
      const peakFromTime = haveTime ? peakRssFromTime(timeFile) : undefined;
      const events = eventsOf(child.stdout ?? '');
      const done = events.find((e) => e['event'] === 'done') as LpPeerDone | undefined;
      const failed = events.find((e) => e['event'] === 'failed');
      const solved = events.filter((e) => e['event'] === 'solved').map((e) => e['ms'] as number);
      const built = events.filter((e) => e['event'] === 'built');
      const peakKb = peakFromTime ?? done?.maxRssKb ?? (failed?.['maxRssKb'] as number | undefined);
      const peak = peakKb === undefined ? '' : `peak RSS ${formatKb(peakKb)}`;
      const progress =
        solved.length > 0
          ? `after ${solved.length} finished solve${solved.length > 1 ? 's' : ''} of ${solved.map(formatSeconds).join(', ')}`
          : built.length > 0
            ? `in the solve (model built in ${formatSeconds(built[0]?.['buildMs'] as number)})`
            : 'while building the model';

      if (done !== undefined && child.status === 0) {
        const problems: string[] = [];
        if (done.fractionalCount > 0) problems.push(`${done.fractionalCount} fractional x (max ${done.maxFractionality.toExponential(1)} from 0/1)`);
        if (done.rowsOverplaced > 0) problems.push(`${done.rowsOverplaced} rows with two x = 1`);
        const unplaced = done.rowToCol.filter((j) => j < 0).length;
        if (unplaced > 0) problems.push(`${unplaced} rows unplaced`);
        const load = new Int32Array(m.cols);
        for (const j of done.rowToCol) if (j >= 0) load[j] = (load[j] as number) + 1;
        const over = load.filter((l) => l > capacity).length;
        if (over > 0) problems.push(`${over} columns over capacity`);
        if (problems.length > 0) return { status: 'failed', reason: `bad answer: ${problems.join('; ')}` };
        const objective = sumGains(m, pairsOf(done.rowToCol));
        const detail = done.detail === '' ? '' : `, ${done.detail}`;
        const note = `peak RSS ${formatKb(peakKb ?? done.maxRssKb)} (${formatKb(done.rssBeforeSolveKb)} before the solve), untimed build ${formatSeconds(done.buildMs)}${detail}`;
        return { status: 'timed', timesMs: done.timesMs, objective, note };
      }
      // coreutils timeout exits 124 when it stopped the command; the backstop kills with SIGKILL.
      const timedOut = child.status === 124 || child.signal === 'SIGKILL' || wallMs >= timeoutMs;
      if (timedOut && failed === undefined) {
        return { status: 'failed', reason: `timed out after ${options.timeoutS} s, ${progress}${peak === '' ? '' : `; ${peak}`}` };
      }
      const why = failed !== undefined ? String(failed['reason']) : crashReason(child.stderr ?? '');
      // Through timeout and time, death by signal N arrives as exit 128 + N.
      const signalName = (code: number): string =>
        Object.entries(osConstants.signals).find(([, n]) => n === code)?.[0] ?? `signal ${code}`;
      const exit =
        child.signal !== null
          ? child.signal
          : child.status !== null && child.status > 128
            ? `exit ${child.status} = ${signalName(child.status - 128)}${child.status === 137 ? ', e.g. the OOM killer' : ''}`
            : `exit ${String(child.status)}`;
      return { status: 'failed', reason: `crashed ${progress}: ${why} (${exit}${peak === '' ? '' : `; ${peak}`})` };
    },
  };
}

/**
 * The peers of the capacity comparison: scipy and `munkres` on the
 * column-repeated matrix, and the two LP solvers on the transportation LP
 * (each in a child process, see {@link lpPeer}) unless `lp` is false.
 */
export function capacityPeers(lp: LpPeerOptions | false = LP_PEER_DEFAULTS): Peer[] {
  const lpPeers: Peer[] =
    lp === false
      ? []
      : [
          lp.highsLpText === true ? lpPeer('highs-lp-text', 'HiGHS (wasm, LP from text)', lp) : lpPeer('highs', 'HiGHS (wasm, LP)', lp),
          lpPeer('javascript-lp-solver', 'javascript-lp-solver (LP)', lp),
        ];
  return [scipyPeer, munkresPeer, ...lpPeers];
}
