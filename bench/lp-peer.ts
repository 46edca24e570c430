/**
 * One LP peer of the capacity comparison, run in its own Node process so that
 * a crash, a multi-gigabyte heap or a solve that never ends cannot take the
 * benchmark down with it. compare-solvers.ts (through time-peers.ts) starts it
 * with a wall-clock limit and `--max-old-space-size`, and reads its output.
 *
 *     node --max-old-space-size=8192 --import tsx bench/lp-peer.ts \
 *          SOLVER FILE ROWS COLS CAPACITY REPEATS BUDGET_MS SLOW_MS
 *
 * SOLVER is `javascript-lp-solver`, `highs` or `highs-lp-text`. FILE holds
 * ROWS × COLS little-endian float64 gains, row-major (BenchCase's file). The LP is the
 * transportation problem the other peers solve:
 *
 *     maximise Σ g_ij x_ij   s.t.   Σ_j x_ij = 1 (every row placed),
 *                                   Σ_i x_ij ≤ CAPACITY (every column),
 *                                   0 ≤ x_ij ≤ 1, continuous.
 *
 * Its constraint matrix is totally unimodular, so a vertex optimum is
 * integral; the answer is checked for that here, not assumed. HiGHS gets the
 * model as sparse column arrays (`createModel(modelData)`, the package's route
 * for large generated models), or as CPLEX LP text with `highs-lp-text`: its LP
 * reader takes about as long as the solve (11.7 s against 11.2 s at
 * 1000 × 400), which would eat the child's time limit before the solve starts at
 * 3000 × 1200. The solve is the same either way (same simplex iteration
 * count). Defaults otherwise (HiGHS chooses dual simplex, presolve on; the wasm
 * build is single-threaded and its heap stops at 2 GiB). javascript-lp-solver
 * has no variable bounds other than constraint rows, and 400,000 rows of
 * x_ij ≤ 1 would make its dense tableau square, so it gets x ≥ 0 only: x ≤ 1
 * is implied by the row equality. HiGHS gets the bounds 0 ≤ x ≤ 1.
 *
 * Building the model (the JSON object and `loadJson` for javascript-lp-solver;
 * the arrays or LP text, read into a persistent HiGHS model, for highs) is not
 * timed; only the solve call is: `solver.Solve(model)` and `model.run()`.
 * Every repeat gets a freshly built model, so no solve warm-starts from the last;
 * one untimed solve of a 60 × 20 corner of the matrix comes first (JIT warm-up).
 * A repeat is left out once the first solve took longer than SLOW_MS, or when
 * building and solving once more could overrun BUDGET_MS of this process's life.
 *
 * Prints one JSON line per event on stdout, so the parent knows how far a child
 * it had to kill got: `built` (after each model build), `solved` (after each
 * solve), then `done` with {@link LpPeerDone}, or `failed` with a reason.
 * The objective is not computed here: the parent recomputes it from `rowToCol`
 * and its own copy of the gains, as for every other peer.
 */
import { readFileSync } from 'node:fs';
import highsModule from 'highs';
import lpSolverModule from 'javascript-lp-solver';

// Both packages type themselves as CommonJS (`export default` in a .d.ts of a
// package without "type": "module"), so under NodeNext TypeScript sees the
// default import as the module object; at run time Node loads their ESM
// builds, whose default export is the loader / solver itself. Take either.
const loadHighs = ((highsModule as { default?: unknown }).default ?? highsModule) as typeof highsModule.default;
const lpSolver = ((lpSolverModule as { default?: unknown }).default ?? lpSolverModule) as typeof lpSolverModule.default;

/** The LP solvers this script drives; `highs-lp-text` is HiGHS fed CPLEX LP text instead of arrays. */
export type LpSolverName = 'javascript-lp-solver' | 'highs' | 'highs-lp-text';

/** The last line of a successful child. */
export interface LpPeerDone {
  readonly event: 'done';
  /** Wall time of each timed solve call. */
  readonly timesMs: readonly number[];
  /** Model building before the first solve (untimed), ms. */
  readonly buildMs: number;
  /** Column chosen for each row (x_ij > 0.5), −1 when none; from the last solve. */
  readonly rowToCol: readonly number[];
  /** Largest distance of any x_ij from {0, 1} in the last solve. */
  readonly maxFractionality: number;
  /** How many x_ij were more than 1e-6 away from {0, 1}. */
  readonly fractionalCount: number;
  /** Rows with more than one x_ij > 0.5. */
  readonly rowsOverplaced: number;
  /** Resident set just before the first solve (after loading and building), kB. */
  readonly rssBeforeSolveKb: number;
  /** This process's peak resident set (getrusage maxrss), kB. */
  readonly maxRssKb: number;
  /** What the solver reported about the last solve, e.g. HiGHS's simplex iterations; may be empty. */
  readonly detail: string;
}

/** Values this far from 0 or 1 count as fractional. */
const INTEGRALITY_TOLERANCE = 1e-6;

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function rssKb(): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match === null ? Math.round(process.memoryUsage().rss / 1024) : Number(match[1]);
}

/** The variable name of x_ij in both solvers' models. */
function varName(i: number, j: number): string {
  return `x${i}_${j}`;
}

/** One built model: `solve` is the timed call; it returns x_ij row-major (length rows × cols). */
interface BuiltModel {
  solve(): void;
  values(): Float64Array;
  /** What the solver reports about the last solve (HiGHS: simplex iterations), untimed. */
  detail(): string;
  dispose(): void;
}

interface Problem {
  readonly rows: number;
  readonly cols: number;
  readonly capacity: number;
  readonly gains: Float64Array;
}

/** javascript-lp-solver: the JSON model loaded into a `Model` (untimed); `solver.Solve(model)` is timed. */
function buildJsLp(p: Problem): BuiltModel {
  const constraints: Record<string, { equal?: number; max?: number }> = {};
  for (let i = 0; i < p.rows; i++) constraints[`r${i}`] = { equal: 1 };
  for (let j = 0; j < p.cols; j++) constraints[`c${j}`] = { max: p.capacity };
  const variables: Record<string, Record<string, number>> = {};
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.cols; j++) {
      // `gain` names the objective; no constraint is called that.
      variables[varName(i, j)] = { gain: p.gains[i * p.cols + j] as number, [`r${i}`]: 1, [`c${j}`]: 1 };
    }
  }
  const model = new lpSolver.Model().loadJson({ optimize: 'gain', opType: 'max', constraints, variables });
  let result: Record<string, unknown> | undefined;
  return {
    solve() {
      result = lpSolver.Solve(model) as Record<string, unknown>;
    },
    values() {
      if (result === undefined) throw new Error('not solved');
      if (result['feasible'] !== true) throw new Error(`javascript-lp-solver: feasible = ${String(result['feasible'])}, bounded = ${String(result['bounded'])}`);
      // The simplified result lists the non-zero variables by name.
      const x = new Float64Array(p.rows * p.cols);
      for (const [key, value] of Object.entries(result)) {
        const match = /^x(\d+)_(\d+)$/.exec(key);
        if (match !== null && typeof value === 'number') x[Number(match[1]) * p.cols + Number(match[2])] = value;
      }
      return x;
    },
    detail() {
      return '';
    },
    dispose() {
      result = undefined;
    },
  };
}

/** Builds the CPLEX LP-format text as bytes (a string of the 3000 × 1200 model would come close to V8's string limit). */
function lpText(p: Problem): Uint8Array {
  const chunks: Buffer[] = [];
  let pending: string[] = [];
  let pendingLength = 0;
  const put = (s: string): void => {
    pending.push(s);
    pendingLength += s.length;
    if (pendingLength > 1 << 20) {
      chunks.push(Buffer.from(pending.join(''), 'latin1'));
      pending = [];
      pendingLength = 0;
    }
  };
  const TERMS_PER_LINE = 8;
  put('Maximize\n obj:');
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.cols; j++) {
      const g = p.gains[i * p.cols + j] as number;
      // Full round-trip precision; zero terms are kept so every column appears in row-major order.
      put(`${g < 0 ? ' -' : ' +'} ${Math.abs(g)} ${varName(i, j)}`);
      if ((i * p.cols + j) % TERMS_PER_LINE === TERMS_PER_LINE - 1) put('\n ');
    }
  }
  put('\nSubject To\n');
  for (let i = 0; i < p.rows; i++) {
    put(` r${i}:`);
    for (let j = 0; j < p.cols; j++) {
      put(` + ${varName(i, j)}`);
      if (j % TERMS_PER_LINE === TERMS_PER_LINE - 1) put('\n ');
    }
    put(' = 1\n');
  }
  for (let j = 0; j < p.cols; j++) {
    put(` c${j}:`);
    for (let i = 0; i < p.rows; i++) {
      put(` + ${varName(i, j)}`);
      if (i % TERMS_PER_LINE === TERMS_PER_LINE - 1) put('\n ');
    }
    put(` <= ${p.capacity}\n`);
  }
  put('Bounds\n');
  for (let i = 0; i < p.rows; i++) for (let j = 0; j < p.cols; j++) put(` 0 <= ${varName(i, j)} <= 1\n`);
  put('End\n');
  chunks.push(Buffer.from(pending.join(''), 'latin1'));
  return Buffer.concat(chunks);
}

type HighsRuntime = Awaited<ReturnType<typeof loadHighs>>;

/**
 * The same LP as sparse column-wise arrays: column i·cols + j is x_ij, with a 1
 * in row i (Σ_j x_ij = 1) and in row rows + j (Σ_i x_ij ≤ capacity).
 */
function highsModelData(highs: HighsRuntime, p: Problem): Parameters<HighsRuntime['createModel']>[0] {
  const numCols = p.rows * p.cols;
  const numRows = p.rows + p.cols;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(2 * numCols);
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.cols; j++) {
      const col = i * p.cols + j;
      starts[col + 1] = 2 * col + 2;
      indices[2 * col] = i;
      indices[2 * col + 1] = p.rows + j;
    }
  }
  const rowLower = new Float64Array(numRows).fill(-highs.infinity);
  const rowUpper = new Float64Array(numRows).fill(p.capacity);
  rowLower.fill(1, 0, p.rows);
  rowUpper.fill(1, 0, p.rows);
  return {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(p.gains),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices, values: new Float64Array(2 * numCols).fill(1) },
  };
}

/**
 * HiGHS: the LP handed over as sparse arrays (or, with `viaLpText`, as CPLEX LP
 * text parsed by HiGHS's reader) into a persistent model, untimed;
 * `model.run()` is timed.
 */
function buildHighs(highs: HighsRuntime, p: Problem, viaLpText: boolean): BuiltModel {
  const model = highs.createModel(viaLpText ? { format: 'lp', data: lpText(p) } : highsModelData(highs, p));
  model.options.set({ output_flag: false });
  const { numCols } = model.getDimensions();
  if (numCols !== p.rows * p.cols) throw new Error(`HiGHS read ${numCols} columns, expected ${p.rows * p.cols}`);
  if (viaLpText) {
    // Columns are numbered in order of first appearance: the objective lists them row-major. Spot-check that.
    const stride = Math.max(1, Math.floor(numCols / 997));
    for (let col = 0; col < numCols; col += stride) {
      const expected = varName(Math.floor(col / p.cols), col % p.cols);
      if (model.getColName(col) !== expected) throw new Error(`HiGHS column ${col} is ${model.getColName(col)}, expected ${expected}`);
    }
  }
  let status: number | undefined;
  return {
    solve() {
      status = model.run().modelStatus;
    },
    values() {
      if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS model status ${String(status)} (7 is optimal)`);
      return model.getSolution().colValue;
    },
    detail() {
      return `${String(model.info.get('simplex_iteration_count'))} simplex iterations`;
    },
    dispose() {
      model.dispose();
    },
  };
}

async function main(): Promise<void> {
  const [solverArg, file, rowsArg, colsArg, capacityArg, repeatsArg, budgetArg, slowArg] = process.argv.slice(2);
  if (solverArg !== 'javascript-lp-solver' && solverArg !== 'highs' && solverArg !== 'highs-lp-text') throw new Error(`unknown solver ${String(solverArg)}`);
  if (file === undefined || slowArg === undefined) {
    throw new Error('usage: node --import tsx bench/lp-peer.ts SOLVER FILE ROWS COLS CAPACITY REPEATS BUDGET_MS SLOW_MS');
  }
  const started = performance.now();
  const [rows, cols, capacity, repeats, budgetMs, slowMs] = [rowsArg, colsArg, capacityArg, repeatsArg, budgetArg, slowArg].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const bytes = readFileSync(file);
  const gains = bytes.byteOffset % 8 === 0 ? new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8) : new Float64Array(Uint8Array.from(bytes).buffer);
  if (gains.length !== rows * cols) throw new Error(`${file} holds ${gains.length} values, expected ${rows} × ${cols}`);
  const problem: Problem = { rows, cols, capacity, gains };

  const highs = solverArg === 'javascript-lp-solver' ? undefined : await loadHighs();
  const viaLpText = solverArg === 'highs-lp-text';
  const buildFor = (p: Problem): BuiltModel => (highs === undefined ? buildJsLp(p) : buildHighs(highs, p, viaLpText));
  const build = (): BuiltModel => buildFor(problem);

  // One untimed solve of a small corner of the matrix first, as compare-solvers.ts
  // warms up the in-process solvers: the first solve otherwise pays for compiling
  // the solver (HiGHS: 0.3 s against 0.04 s at 60 × 20).
  const warmRows = Math.min(rows, 60);
  const warmCols = Math.min(cols, 20);
  const warmGains = new Float64Array(warmRows * warmCols);
  for (let i = 0; i < warmRows; i++) warmGains.set(gains.subarray(i * cols, i * cols + warmCols), i * warmCols);
  const warmModel = buildFor({ rows: warmRows, cols: warmCols, capacity: Math.ceil(warmRows / warmCols), gains: warmGains });
  warmModel.solve();
  warmModel.values();
  warmModel.dispose();

  const timesMs: number[] = [];
  let buildMs = 0;
  let rssBeforeSolveKb = 0;
  let x: Float64Array | undefined;
  let detail = '';
  for (let r = 0; r < repeats; r++) {
    const buildStart = performance.now();
    const model = build();
    const thisBuildMs = performance.now() - buildStart;
    if (r === 0) {
      buildMs = thisBuildMs;
      rssBeforeSolveKb = rssKb();
    }
    emit({ event: 'built', repeat: r, buildMs: thisBuildMs, rssKb: rssKb() });
    const start = performance.now();
    model.solve();
    const ms = performance.now() - start;
    timesMs.push(ms);
    x = model.values();
    detail = model.detail();
    emit({ event: 'solved', repeat: r, ms, detail });
    model.dispose();
    const elapsed = performance.now() - started;
    const worstSolve = Math.max(...timesMs);
    if ((timesMs[0] as number) > slowMs || elapsed + 2 * (thisBuildMs + worstSolve) > budgetMs) break;
  }
  if (x === undefined) throw new Error('no repeats asked for');

  const rowToCol = new Array<number>(rows).fill(-1);
  let maxFractionality = 0;
  let fractionalCount = 0;
  let rowsOverplaced = 0;
  for (let i = 0; i < rows; i++) {
    let placed = 0;
    for (let j = 0; j < cols; j++) {
      const v = x[i * cols + j] as number;
      const frac = Math.min(Math.abs(v), Math.abs(1 - v));
      if (frac > maxFractionality) maxFractionality = frac;
      if (frac > INTEGRALITY_TOLERANCE) fractionalCount++;
      if (v > 0.5) {
        placed++;
        rowToCol[i] = j;
      }
    }
    if (placed > 1) rowsOverplaced++;
  }
  const done: LpPeerDone = {
    event: 'done',
    timesMs,
    buildMs,
    rowToCol,
    maxFractionality,
    fractionalCount,
    rowsOverplaced,
    rssBeforeSolveKb,
    maxRssKb: process.resourceUsage().maxRSS,
    detail,
  };
  emit(done as unknown as Record<string, unknown>);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  emit({ event: 'failed', reason: message, maxRssKb: process.resourceUsage().maxRSS });
  process.exitCode = 2;
});
