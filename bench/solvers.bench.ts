/**
 * tinybench suites for the hot paths: our assignment solve (n = 200 and 500,
 * uniform and realistic matrices) and the score matrix of a generated
 * 1000-mentee × 400-mentor pool.
 *
 *     node --import tsx bench/solvers.bench.ts
 *
 * Inputs are built once, before the clock; each task only calls the function
 * under test. For the comparison with other solvers see compare-solvers.ts.
 */
import { Bench, type Task } from 'tinybench';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
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

async function main(): Promise<void> {
  const bench = new Bench({ time: TASK_TIME_MS, iterations: MIN_SAMPLES, warmupTime: 200 });

  for (const n of [200, 500]) {
    for (const kind of ['uniform', 'realistic'] as const) {
      const { gains } = makeMatrix(kind, n, n, n);
      const problem = { rows: n, cols: n, gains };
      bench.add(`solveShortestPath ${n}×${n} ${kind}`, () => {
        if (solveShortestPath(problem).status !== 'optimal') throw new Error('solve did not reach an optimum');
      });
    }
  }

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
