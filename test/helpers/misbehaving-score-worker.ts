/**
 * A scoring worker that goes wrong on purpose, for tests of how the main
 * thread copes: the real worker body (runScoringWorker) with its scoring code
 * swapped for one that fails the way the program's `name` says.
 *
 * - `throw`: the factor build throws.
 * - `throw-in-rows`: scores one block of rows, then throws.
 * - `load`: the scoring code fails to load.
 * - `exit`: the thread calls process.exit in the middle of the factor build.
 * - `hang`: the factor build never returns.
 */
import { workerData } from 'node:worker_threads';
import { runScoringWorker, type ScoringCode } from '../../scoring/run-scoring-worker.js';
import { buildActiveFactors, scoreRows } from '../../scoring/score-rows.js';
import { addRowsDone, claimRows } from '../../scoring/scoring-board.js';
import type { ScoringWorkerData } from '../../scoring/scoring-board.js';

const data = workerData as ScoringWorkerData;
const mode = data.program.name;

const misbehaving: ScoringCode = {
  buildActiveFactors(pool, program) {
    if (mode === 'throw') throw new Error('factor build failed on purpose');
    if (mode === 'exit') process.exit(3);
    if (mode === 'hang') for (;;);
    return buildActiveFactors(pool, program);
  },
  scoreClaimedRows(board, thread, scores, cols, active) {
    const from = claimRows(board);
    const to = Math.min(from + board.chunkRows, board.rows);
    scoreRows(scores, cols, active, from, to);
    addRowsDone(board, thread, to - from);
    throw new Error('row scoring failed on purpose');
  },
};

await runScoringWorker(data, async () => {
  if (mode === 'load') throw new Error('scoring code failed to load on purpose');
  return misbehaving;
});
