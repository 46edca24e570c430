/**
 * tinybench suites for the hot paths: our assignment solve (n = 200 and 500,
 * uniform and realistic matrices; candidate lists and dense searches), a
 * capacity solve (1000 mentees × 400 mentors × 3, rows optional as in a run),
 * a warm re-solve after the committee bans one pair against the cold solve
 * of the same problem, and the score matrix of a generated 1000-mentee ×
 * 400-mentor pool.
 *
 *     node --import tsx bench/solvers.bench.ts
 *
 * Inputs are built once, before the clock; each task only calls the function
 * under test. For the comparison with other solvers see compare-solvers.ts.
 */
import { Bench, type Task } from 'tinybench';
import type { AssignmentOutcome, AssignmentProblem } from '../engine/assignment-problem.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { solveWarm } from '../engine/solve-warm.js';
import { buildScoreMatrix } from '../scoring/build-score-matrix.js';
import { checkEligibility } from '../scoring/check-eligibility.js';
import type { ScoringPool } from '../scoring/factor.js';
import { findExclusions } from '../scoring/find-exclusions.js';
import { BENCH_PROGRAM, generateApplicants, makeMatrix } from './make-matrices.js';

/**
 * Each task runs until both limits are met: at least this long (ms) and at
 * least {@link MIN_SAMPLES} times. tinybench's default of 64 samples would
 * spend 13 s on the 200 ms score matrix alone.
 */
const TASK_TIME_MS = 2000;
/** See {@link TASK_TIME_MS}. */
const MIN_SAMPLES = 10;

/** One table row in milliseconds (tinybench's default table is in nanoseconds). */
function toRow(task: Task): Record<string, string | number> {
  const r = task.result;
  switch (r.state) {
    case 'completed':
    case 'aborted-with-statistics':
      return {
        task: task.name,
        'median ms': r.latency.p50.toFixed(2),
        'mean ms': `${r.latency.mean.toFixed(2)} ± ${r.latency.rme.toFixed(1)}%`,
        'min ms': r.latency.min.toFixed(2),
        samples: r.latency.samplesCount,
      };
    case 'errored':
      return { task: task.name, error: r.error.message };
    case 'aborted':
    case 'not-started':
    case 'started':
      return { task: task.name, state: r.state };
  }
}

/** The outcome, when optimal; a benchmark of a failing solve would time the wrong thing. */
function expectOptimal(out: AssignmentOutcome): Extract<AssignmentOutcome, { status: 'optimal' }> {
  if (out.status !== 'optimal') throw new Error(`solve did not reach an optimum: ${out.status}`);
  return out;
}

async function main(): Promise<void> {
  const bench = new Bench({ time: TASK_TIME_MS, iterations: MIN_SAMPLES, warmupTime: 200 });

  for (const n of [200, 500]) {
    for (const kind of ['uniform', 'realistic'] as const) {
      const { gains } = makeMatrix(kind, n, n, n);
      const problem = { rows: n, cols: n, gains };
      bench.add(`solveShortestPath ${n}×${n} ${kind}`, () => expectOptimal(solveShortestPath(problem)));
      bench.add(`solveShortestPath ${n}×${n} ${kind}, dense searches only`, () => expectOptimal(solveShortestPath(problem, { candidates: false })));
    }
  }

  const capacity: AssignmentProblem = { rows: 1000, cols: 400, gains: makeMatrix('realistic', 1000, 400, 7).gains, colCapacity: new Int32Array(400).fill(3) };
  bench.add('solveShortestPath 1000×400 capacity 3 realistic', () => expectOptimal(solveShortestPath(capacity)));

  // The committee bans one pair of the optimum: warm from the old answer, or cold.
  const first = expectOptimal(solveShortestPath(capacity));
  const allowed = new Uint8Array(1000 * 400).fill(1);
  const banned = first.rowToCol.findIndex((j) => j >= 0);
  allowed[banned * 400 + (first.rowToCol[banned] as number)] = 0;
  const afterBan = { ...capacity, allowed };
  bench.add('after one ban, 1000×400 capacity 3: warm re-solve', () => expectOptimal(solveWarm(afterBan, first)));
  bench.add('after one ban, 1000×400 capacity 3: cold solve', () => expectOptimal(solveShortestPath(afterBan)));

  const { eligible } = checkEligibility(generateApplicants(1000, 400, 1), BENCH_PROGRAM);
  const pool: ScoringPool = { mentees: eligible.filter((a) => a.role === 'mentee'), mentors: eligible.filter((a) => a.role === 'mentor') };
  const exclusions = findExclusions(pool, BENCH_PROGRAM, { allApplicants: eligible, pastPairs: [], bans: [] });
  bench.add(`buildScoreMatrix ${pool.mentees.length}×${pool.mentors.length} generated pool`, () => {
    buildScoreMatrix(pool, BENCH_PROGRAM, exclusions);
  });

  await bench.run();
  console.table(bench.table(toRow));
}

await main();
