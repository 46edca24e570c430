/**
 * The score matrix: every (mentee, mentor) pair of the pool scored 0–100 as
 * the weighted mean of the match factors, plus which pairs may be made.
 *
 *     score = 100 · Σ wₖ · vₖ / Σ wₖ      over the factors with wₖ > 0
 *
 * A pair is allowed when no hard exclusion applies and its score reaches
 * `program.minScore`. Excluded pairs are still scored, so a report can say
 * what the pair would have been worth.
 *
 * Large pools are scored on several threads (score-rows-in-workers.ts); the
 * call stays synchronous, and every score is bit for bit the one a single
 * thread computes.
 *
 * @example
 * const ex = findExclusions(pool, program, { allApplicants, pastPairs, bans });
 * const m = buildScoreMatrix(pool, program, ex, { onProgress: (done, total) => {} });
 * m.scores[i * m.mentors + j]; // 0–100
 * m.explainPair(i, j);          // per-factor points and reasons
 */
import { availableParallelism } from 'node:os';
import type { FactorContribution, ScoringPool } from './factor.js';
import type { ExclusionReason, Exclusions } from './find-exclusions.js';
import type { ResolvedProgram } from './program.js';
import { scoreRowsInWorkers } from './score-rows-in-workers.js';
import { buildActiveFactors, scoreRows, type ActiveFactor } from './score-rows.js';

export { buildActiveFactors, scorePair, type ActiveFactor } from './score-rows.js';

/**
 * How far below `minScore` a score may fall from rounding alone and still
 * count as reaching it: 100 · Σw·v / Σw is not exact, and a pair whose
 * factors add up to exactly the minimum must not be lost to the last bit.
 */
export const MIN_SCORE_TOLERANCE = 1e-9;

/** Why a pair may not be made: a hard exclusion, or a score under the program's minimum. */
export type BlockReason = ExclusionReason | 'below_min_score';

/** Scores and permissions for every pair of a pool. */
export interface ScoreMatrix {
  /** Rows: the pool's mentees, in pool order. */
  readonly mentees: number;
  /** Columns: the pool's mentors, in pool order. */
  readonly mentors: number;
  /**
   * Row-major mentee×mentor scores in [0, 100]: `scores[i * mentors + j]`.
   * Read only; on a SharedArrayBuffer when scored on several threads, so
   * `.slice()` it before posting it to another thread as a copy.
   */
  readonly scores: Float64Array;
  /** Row-major: 1 when the pair may be made (not excluded and score ≥ minScore), else 0. */
  readonly allowed: Uint8Array;
  /** Threads the scores were computed on, the main one included. */
  readonly threads: number;
  /** Each active factor's value, weight, points and reason for one pair; the points sum to the pair's score. */
  explainPair(mentee: number, mentor: number): FactorContribution[];
  /** Why a pair may not be made, or `null` when it may. An exclusion is reported before a low score. */
  reasonBlocked(mentee: number, mentor: number): BlockReason | null;
}

/**
 * Pools with fewer pairs than this are scored on the main thread alone unless
 * `threads` is given: below it, starting a worker costs about what it saves
 * (see {@link resolveScoringThreads} for the measurement).
 */
export const SCORING_WORKER_MIN_PAIRS = 2_000_000;

/**
 * Most threads the default uses, however many cores there are. A guess, not
 * measured beyond 2 cores: every worker holds its own copy of the pool and
 * rebuilds the factors, and the loop soon waits on memory rather than cores.
 */
export const MAX_SCORING_THREADS = 8;

/** Pairs a thread scores per claimed block of rows: small enough for smooth progress (~20–40 ms a block), large enough that claiming costs nothing. */
const PAIRS_PER_BLOCK = 65_536;

/** Each thread gets at least this many blocks when the pool allows, so a late-starting thread still finds work. */
const MIN_BLOCKS_PER_THREAD = 4;

/** Options of {@link buildScoreMatrix}. */
export interface ScoreMatrixOptions {
  /**
   * Threads that score, the main thread included; 1 scores on the main
   * thread only. Given, it is used for any pool of at least two rows.
   * @default one per core, at most MAX_SCORING_THREADS, for pools of SCORING_WORKER_MIN_PAIRS pairs or more; else 1
   */
  readonly threads?: number;
  /** Called as rows are scored, with rows done so far and the total (the eligible mentees); the last call has done = total. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/**
 * How many threads {@link buildScoreMatrix} scores a rows × cols pool with:
 * `requested` if given (never more than there are rows), else by pool size
 * and cores. Throws a RangeError for a requested count that is not a whole
 * number of 1 or more.
 *
 * Why 2 M pairs: a thread scores ~2.7 M pairs per CPU-second (10 000 × 4 000
 * generated pool, six factors: 14.5 s of CPU), and a worker joins ~0.3–0.5 s
 * after it is started on a 1 400 × 700 pool (thread and module start ~0.1 s,
 * then its factor build, cold, ~2× the main thread's warm one; measured with
 * the built code on a loaded 2-core box and halved). A second thread saves
 * half of (scoring time − that delay), so it starts paying at ~1 M pairs and
 * clearly (>20 %) from ~2 M.
 */
export function resolveScoringThreads(requested: number | undefined, rows: number, cols: number): number {
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1)) {
    throw new RangeError(`threads must be a whole number of 1 or more, not ${requested}`);
  }
  const wanted = requested ?? (rows * cols >= SCORING_WORKER_MIN_PAIRS ? Math.min(availableParallelism(), MAX_SCORING_THREADS) : 1);
  return cols === 0 ? 1 : Math.max(1, Math.min(wanted, rows));
}

/** Rows per claimed block for a pool scored on `threads` threads. */
function blockRows(rows: number, cols: number, threads: number): number {
  return Math.max(1, Math.min(Math.floor(PAIRS_PER_BLOCK / Math.max(1, cols)), Math.ceil(rows / (threads * MIN_BLOCKS_PER_THREAD))));
}

/**
 * Scores every pair of the pool. `exclusions` must come from
 * {@link findExclusions} for the same pool.
 */
export function buildScoreMatrix(pool: ScoringPool, program: ResolvedProgram, exclusions: Exclusions, options: ScoreMatrixOptions = {}): ScoreMatrix {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  if (exclusions.mentees !== rows || exclusions.mentors !== cols) {
    throw new Error(`exclusions are for a ${exclusions.mentees}×${exclusions.mentors} pool, not this ${rows}×${cols} one: build them from the same pool`);
  }
  const { onProgress } = options;
  // Done = total is reported once, at the very end, after the allowed pairs too.
  const onRows = onProgress === undefined ? undefined : (done: number) => (done < rows ? onProgress(done, rows) : undefined);
  const threads = resolveScoringThreads(options.threads, rows, cols);
  const chunkRows = blockRows(rows, cols, threads);
  let scores: Float64Array;
  let active: ActiveFactor[];
  onRows?.(0);
  if (threads > 1) {
    ({ scores, active } = scoreRowsInWorkers({ pool, program, threads, chunkRows, ...(onRows !== undefined ? { onProgress: onRows } : {}) }));
  } else {
    active = buildActiveFactors(pool, program);
    scores = new Float64Array(rows * cols);
    for (let from = 0; from < rows; from += chunkRows) {
      const to = Math.min(from + chunkRows, rows);
      scoreRows(scores, cols, active, from, to);
      onRows?.(to);
    }
  }

  const allowed = new Uint8Array(rows * cols);
  const codes = exclusions.codes;
  const threshold = program.minScore - MIN_SCORE_TOLERANCE;
  for (let k = 0; k < allowed.length; k++) {
    allowed[k] = codes[k] === 0 && (scores[k] as number) >= threshold ? 1 : 0;
  }
  onProgress?.(rows, rows);

  return {
    mentees: rows,
    mentors: cols,
    scores,
    allowed,
    threads,
    explainPair(i, j) {
      return active.map((a) => {
        const value = a.factor.value(i, j);
        return { factor: a.factor.name, value, weight: a.weight, points: a.scale * value, reason: a.factor.explain(i, j) };
      });
    },
    reasonBlocked(i, j) {
      const excluded = exclusions.reasonOf(i, j);
      if (excluded !== null) return excluded;
      return allowed[i * cols + j] === 1 ? null : 'below_min_score';
    },
  };
}
