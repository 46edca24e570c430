/**
 * The body of a scoring worker: rebuilds the factors from the pool and
 * program it was sent (structured clones of the main thread's), then scores
 * blocks of rows claimed from the shared board into the shared score matrix,
 * with the same code as the main thread (score-rows.ts).
 *
 * The main thread is blocked in `Atomics.wait` meanwhile and sees no worker
 * events, so every outcome is written to the board: `started` first thing,
 * `done` or `failed` at the end, `exited` if the thread ends any other way
 * (e.g. `process.exit` deep inside). A failure's message is posted on the
 * worker's port *before* `failed` is set, so the main thread finds it there
 * with `receiveMessageOnPort`.
 */
import {
  THREAD_STATE,
  beat,
  openScoringBoard,
  setThreadState,
  threadState,
  type ScoringWorkerData,
  type ScoringWorkerFailure,
} from './scoring-board.js';

/** What a worker needs of score-rows.ts; loaded after the worker has said it started, so a module that fails to load is a reported failure. */
export type ScoringCode = Pick<typeof import('./score-rows.js'), 'buildActiveFactors' | 'scoreClaimedRows'>;

/** Runs one scoring worker to the end; never throws (the outcome is on the board). */
export async function runScoringWorker(data: ScoringWorkerData, loadScoringCode: () => Promise<ScoringCode>): Promise<void> {
  const board = openScoringBoard(data.board);
  setThreadState(board, data.thread, THREAD_STATE.started);
  process.on('exit', () => {
    if (threadState(board, data.thread) === THREAD_STATE.started) setThreadState(board, data.thread, THREAD_STATE.exited);
  });
  try {
    const { buildActiveFactors, scoreClaimedRows } = await loadScoringCode();
    const active = buildActiveFactors(data.pool, data.program);
    beat(board, data.thread);
    scoreClaimedRows(board, data.thread, new Float64Array(data.scores), data.cols, active);
    setThreadState(board, data.thread, THREAD_STATE.done);
  } catch (e) {
    const failure: ScoringWorkerFailure = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    data.port.postMessage(failure);
    setThreadState(board, data.thread, THREAD_STATE.failed);
  }
}
