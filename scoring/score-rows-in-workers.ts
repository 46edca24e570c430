/**
 * Scores a pool's matrix on several threads, synchronously: the score matrix
 * lives on a SharedArrayBuffer, `threads - 1` workers (score-rows-worker.ts,
 * run-scoring-worker.ts) each rebuild the factors from a structured clone of the pool and program,
 * and every thread, the main one included, claims blocks of rows from a
 * shared board (scoring-board.ts) until none are left. The main thread then
 * blocks in `Atomics.wait`, in short slices, until every worker has said it
 * is done.
 *
 * Blocks are claimed rather than handed out as one contiguous block per
 * thread because the threads do not start together (a worker first loads its
 * modules and rebuilds the factors) and, on a shared machine, do not run at
 * the same speed: claiming keeps every thread busy until the last block.
 * Which thread scores a row does not change its score (score-rows.ts).
 *
 * Failures never hang the caller: a worker that throws reports it on the
 * board (and its message on its port), one that calls `process.exit` is
 * caught by its exit hook, and one that never starts, or stops making
 * progress (a crash that runs no JavaScript, such as running out of memory),
 * by a timeout. Each becomes a thrown Error, and every worker is terminated
 * before this returns or throws.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ScoringPool } from './factor.js';
import type { ResolvedProgram } from './program.js';
import { buildActiveFactors, scoreClaimedRows, type ActiveFactor } from './score-rows.js';
import {
  THREAD_STATE,
  abortScoring,
  createScoringBoard,
  threadBeats,
  threadRowsDone,
  threadState,
  totalRowsDone,
  waitForBoardEvent,
  type ScoringBoard,
  type ScoringBoardShape,
  type ScoringWorkerData,
  type ScoringWorkerFailure,
} from './scoring-board.js';

/** How long a worker may take to start running its script before the scoring fails (module loading, the pool's structured clone). @default 60 000 ms */
export const WORKER_STARTUP_TIMEOUT_MS = 60_000;

/**
 * How long a started worker may go without a sign of life (factors built, a
 * block of rows scored) before the scoring fails. The longest silent stretch
 * is the worker's (cold) factor build: 1.5–2.5 s for the 14 000-applicant
 * generated pool on a loaded 2-core box. @default 60 000 ms
 */
export const WORKER_STALL_TIMEOUT_MS = 60_000;

/** What to do instead when workers cannot be used. */
const ON_MAIN_THREAD_ONLY = 'run with --threads 1 (buildScoreMatrix option threads: 1) to score on the main thread only';

/** How long the main thread blocks at a time while it waits, between progress reports and checks on the workers. */
const WAIT_SLICE_MS = 100;

/** What {@link scoreRowsInWorkers} needs. */
export interface ParallelScoringRequest {
  readonly pool: ScoringPool;
  readonly program: ResolvedProgram;
  /** Threads to score with, the main thread included: at least 2. */
  readonly threads: number;
  /** Rows a thread claims at a time. */
  readonly chunkRows: number;
  /** Called with rows scored so far and the total, after each of the main thread's blocks and each wait slice. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** The worker script; tests pass a failing one. @default score-rows-worker (.ts under tsx, .js when built) */
  readonly workerScript?: URL;
  /** @default WORKER_STARTUP_TIMEOUT_MS */
  readonly startupTimeoutMs?: number;
  /** @default WORKER_STALL_TIMEOUT_MS */
  readonly stallTimeoutMs?: number;
  /** False leaves every row to the workers; tests use it to check a worker's scores, which a fast main thread would otherwise take. @default true */
  readonly mainThreadScores?: boolean;
}

/** The scored matrix (on shared memory) and the main thread's own factors, for explanations. */
export interface ParallelScores {
  readonly scores: Float64Array;
  readonly active: ActiveFactor[];
  /** Rows each thread scored, the main thread first. */
  readonly rowsByThread: readonly number[];
}

/** A started worker and what the main thread tracks about it. */
interface WorkerHandle {
  readonly thread: number;
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly spawnedAt: number;
  /** The worker's beat count when last checked, and when it last changed (or the worker was first seen started). */
  lastBeats: number;
  lastBeatAt: number;
  seenStarted: boolean;
}

/**
 * How to start a worker on `script`. Built, the script is .js and runs as is.
 * Under vitest or tsx it is the .ts source and needs tsx's loader; Node 20
 * ignores loader flags such as `--import tsx` in a worker's `execArgv`
 * (nodejs/node#47747), so the worker starts from a one-line script that
 * registers tsx in the worker, then imports the .ts file.
 */
function workerStart(script: URL): { readonly entry: string | URL; readonly eval: boolean } {
  if (!script.pathname.endsWith('.ts')) return { entry: script, eval: false };
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return { entry: bootstrap, eval: true };
}

/**
 * tsx's ES-module API, found from this file as an `import` would find it.
 * Read from tsx's package.json because `require.resolve` picks the CommonJS
 * build, whose `register()` fails inside a worker, and vitest offers no
 * `import.meta.resolve`.
 */
function tsxApiUrl(): string {
  const manifestFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { exports?: Record<string, unknown> };
  const api = manifest.exports?.['./esm/api'] as { import?: { default?: unknown } } | undefined;
  const target = api?.import?.default;
  if (typeof target !== 'string') throw new Error(`tsx at ${manifestFile} has no ./esm/api export to start a .ts scoring worker with; build the project (npm run build) and run dist/, or score with threads: 1`);
  return new URL(target, pathToFileURL(manifestFile)).href;
}

/**
 * Scores every pair of the pool on `request.threads` threads and returns the
 * scores, bit for bit those of a single thread. Blocks the calling thread
 * until done; throws if a worker fails, stops or never starts.
 */
export function scoreRowsInWorkers(request: ParallelScoringRequest): ParallelScores {
  const { pool, program, threads, onProgress } = request;
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const startupTimeoutMs = request.startupTimeoutMs ?? WORKER_STARTUP_TIMEOUT_MS;
  const stallTimeoutMs = request.stallTimeoutMs ?? WORKER_STALL_TIMEOUT_MS;
  const start = workerStart(request.workerScript ?? new URL(`./score-rows-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

  const board = createScoringBoard(rows, request.chunkRows, threads);
  const scoresBuffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * rows * cols);
  const scores = new Float64Array(scoresBuffer);
  const handles: WorkerHandle[] = [];
  try {
    // Workers first, so their start-up and factor build overlap the main thread's own.
    const shape: ScoringBoardShape = { rows: board.rows, chunkRows: board.chunkRows, threads: board.threads, buffer: board.buffer };
    for (let thread = 1; thread < threads; thread++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: ScoringWorkerData = { thread, board: shape, scores: scoresBuffer, cols, pool, program, port: port2 };
      const worker = new Worker(start.entry, { eval: start.eval, workerData, transferList: [port2] });
      // Outcomes are read from the board; an 'error' event arriving after this call has returned or thrown must not crash the process.
      worker.on('error', () => {});
      worker.unref();
      const now = performance.now();
      handles.push({ thread, worker, port: port1, spawnedAt: now, lastBeats: 0, lastBeatAt: now, seenStarted: false });
    }

    const active = buildActiveFactors(pool, program);
    const report = () => onProgress?.(totalRowsDone(board), rows);
    report();
    if (request.mainThreadScores !== false) {
      scoreClaimedRows(board, 0, scores, cols, active, () => {
        checkWorkers(board, handles, startupTimeoutMs, stallTimeoutMs);
        report();
      });
    }

    for (let seen = 0; ; ) {
      if (checkWorkers(board, handles, startupTimeoutMs, stallTimeoutMs)) break;
      report();
      seen = waitForBoardEvent(board, seen, WAIT_SLICE_MS);
    }
    const done = totalRowsDone(board);
    if (done !== rows) throw new Error(`internal error: the scoring threads finished with ${done} of ${rows} rows scored`);
    report();
    return { scores, active, rowsByThread: Array.from({ length: threads }, (_, t) => threadRowsDone(board, t)) };
  } catch (e) {
    abortScoring(board);
    throw e;
  } finally {
    for (const h of handles) {
      void h.worker.terminate();
      h.port.close();
    }
  }
}

/**
 * Throws if a worker failed, exited early, never started or went silent for
 * too long; returns true once every worker is done.
 */
function checkWorkers(board: ScoringBoard, handles: readonly WorkerHandle[], startupTimeoutMs: number, stallTimeoutMs: number): boolean {
  const now = performance.now();
  let allDone = true;
  for (const h of handles) {
    const state = threadState(board, h.thread);
    switch (state) {
      case THREAD_STATE.done:
        continue;
      case THREAD_STATE.failed: {
        const posted = receiveMessageOnPort(h.port)?.message as ScoringWorkerFailure | undefined;
        throw new Error(`scoring worker ${h.thread} of ${board.threads - 1} failed: ${posted?.error ?? 'no error message was received'}`);
      }
      case THREAD_STATE.exited:
        throw new Error(`scoring worker ${h.thread} of ${board.threads - 1} ended before it had finished its rows; ${ON_MAIN_THREAD_ONLY}`);
      case THREAD_STATE.spawned:
        if (now - h.spawnedAt > startupTimeoutMs) {
          throw new Error(`scoring worker ${h.thread} of ${board.threads - 1} did not start within ${startupTimeoutMs} ms; ${ON_MAIN_THREAD_ONLY}`);
        }
        break;
      case THREAD_STATE.started: {
        const beats = threadBeats(board, h.thread);
        if (beats !== h.lastBeats || !h.seenStarted) {
          h.seenStarted = true;
          h.lastBeats = beats;
          h.lastBeatAt = now;
        } else if (now - h.lastBeatAt > stallTimeoutMs) {
          throw new Error(`scoring worker ${h.thread} of ${board.threads - 1} made no progress for ${stallTimeoutMs} ms; ${ON_MAIN_THREAD_ONLY}`);
        }
        break;
      }
    }
    allDone = false;
  }
  return allDone;
}
