/**
 * The shared-memory board the scoring threads coordinate on: which rows are
 * still to be claimed, how far each thread has come, and each thread's state.
 *
 * Everything lives in one Int32Array over a SharedArrayBuffer, read and
 * written with `Atomics` only, because the main thread blocks in
 * `Atomics.wait` while workers score: it cannot receive messages or worker
 * events then, so whatever it must notice (a worker done, failed or gone) is
 * written here. Kept free of heavy imports: a worker loads it before anything
 * that could fail to load, so even an import failure can be reported.
 *
 * Layout (Int32 slots): [event, nextRow, abort, then per thread t: state,
 * rowsDone, beats]. Thread 0 is the main thread; only its rowsDone is used.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ScoringPool } from './factor.js';
import type { ResolvedProgram } from './program.js';

/** Where a scoring thread is. `spawned` until its script runs; `exited` means it ended without saying done or failed. */
export const THREAD_STATE = { spawned: 0, started: 1, done: 2, failed: 3, exited: 4 } as const;
export type ThreadState = (typeof THREAD_STATE)[keyof typeof THREAD_STATE];

const EVENT = 0;
const NEXT_ROW = 1;
const ABORT = 2;
const HEADER = 3;
const PER_THREAD = 3;
const stateSlot = (thread: number): number => HEADER + PER_THREAD * thread;
const rowsSlot = (thread: number): number => HEADER + PER_THREAD * thread + 1;
const beatsSlot = (thread: number): number => HEADER + PER_THREAD * thread + 2;

/** The board's shape and memory; plain data, so it crosses to a worker by structured clone (the buffer is shared, not copied). */
export interface ScoringBoardShape {
  /** Rows to score (the pool's mentees). */
  readonly rows: number;
  /** Rows a thread claims at a time. */
  readonly chunkRows: number;
  /** Threads taking part, the main thread (thread 0) included. */
  readonly threads: number;
  readonly buffer: SharedArrayBuffer;
}

/** A board opened on its shared memory. */
export interface ScoringBoard extends ScoringBoardShape {
  readonly slots: Int32Array;
}

/** What a scoring worker receives as `workerData`. */
export interface ScoringWorkerData {
  /** This worker's thread number on the board (1 and up; 0 is the main thread). */
  readonly thread: number;
  readonly board: ScoringBoardShape;
  /** The score matrix, rows × cols Float64, zero-filled: each thread adds into the rows it claims. */
  readonly scores: SharedArrayBuffer;
  readonly cols: number;
  /** The same pool and program the main thread scores, as structured clones: the worker rebuilds the factors from them. */
  readonly pool: ScoringPool;
  readonly program: ResolvedProgram;
  /** Where a failing worker posts its error before setting `failed`; the main thread reads it with `receiveMessageOnPort`. */
  readonly port: MessagePort;
}

/** What a failing worker posts on its port. */
export interface ScoringWorkerFailure {
  readonly error: string;
}

/** Allocates a board for `threads` threads, every state `spawned`, every count 0. */
export function createScoringBoard(rows: number, chunkRows: number, threads: number): ScoringBoard {
  const buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (HEADER + PER_THREAD * threads));
  return openScoringBoard({ rows, chunkRows, threads, buffer });
}

/** Opens a board (in a worker: the shape it was sent). */
export function openScoringBoard(shape: ScoringBoardShape): ScoringBoard {
  return { rows: shape.rows, chunkRows: shape.chunkRows, threads: shape.threads, buffer: shape.buffer, slots: new Int32Array(shape.buffer) };
}

/** Claims the next block of rows: returns its first row, or `board.rows` when none are left or the run was aborted. */
export function claimRows(board: ScoringBoard): number {
  if (Atomics.load(board.slots, ABORT) !== 0) return board.rows;
  return Math.min(Atomics.add(board.slots, NEXT_ROW, board.chunkRows), board.rows);
}

/** Records `n` more rows scored by `thread` (also a sign of life). */
export function addRowsDone(board: ScoringBoard, thread: number, n: number): void {
  Atomics.add(board.slots, rowsSlot(thread), n);
  Atomics.add(board.slots, beatsSlot(thread), 1);
}

/** Records a sign of life from `thread` between rows (e.g. once its factors are built). */
export function beat(board: ScoringBoard, thread: number): void {
  Atomics.add(board.slots, beatsSlot(thread), 1);
}

/** Sets a thread's state and wakes the main thread if it is waiting on the board. */
export function setThreadState(board: ScoringBoard, thread: number, state: ThreadState): void {
  Atomics.store(board.slots, stateSlot(thread), state);
  Atomics.add(board.slots, EVENT, 1);
  Atomics.notify(board.slots, EVENT);
}

/** A thread's current state. */
export function threadState(board: ScoringBoard, thread: number): ThreadState {
  return Atomics.load(board.slots, stateSlot(thread)) as ThreadState;
}

/** A thread's sign-of-life counter: it changes whenever the thread makes progress. */
export function threadBeats(board: ScoringBoard, thread: number): number {
  return Atomics.load(board.slots, beatsSlot(thread));
}

/** Rows scored so far by one thread. */
export function threadRowsDone(board: ScoringBoard, thread: number): number {
  return Atomics.load(board.slots, rowsSlot(thread));
}

/** Rows scored so far by all threads together. */
export function totalRowsDone(board: ScoringBoard): number {
  let done = 0;
  for (let t = 0; t < board.threads; t++) done += threadRowsDone(board, t);
  return done;
}

/** Tells every thread to stop claiming rows (the run has failed). */
export function abortScoring(board: ScoringBoard): void {
  Atomics.store(board.slots, ABORT, 1);
}

/**
 * Blocks the calling thread until a thread's state changes or `timeoutMs`
 * passes, whichever is first. `seen` is the event count the caller last
 * acted on (from the previous call, or 0): a change that happened since is
 * returned at once, never missed.
 */
export function waitForBoardEvent(board: ScoringBoard, seen: number, timeoutMs: number): number {
  Atomics.wait(board.slots, EVENT, seen, timeoutMs);
  return Atomics.load(board.slots, EVENT);
}
