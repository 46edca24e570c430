/**
 * Entry script of a scoring worker (started by score-rows-in-workers.ts):
 * runs {@link runScoringWorker} on the `workerData` it was given.
 */
import { workerData } from 'node:worker_threads';
import { runScoringWorker } from './run-scoring-worker.js';
import type { ScoringWorkerData } from './scoring-board.js';

await runScoringWorker(workerData as ScoringWorkerData, () => import('./score-rows.js'));
