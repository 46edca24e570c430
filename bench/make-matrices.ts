/**
 * Seeded test matrices shared by the benchmarks, so every solver of one run
 * is timed on the very same numbers.
 *
 * - `uniform`: i.i.d. gains in [0, 100) — the classic LSA benchmark, few ties.
 * - `realistic`: the 0–100 score matrix of a generated cohort, built by the
 *   same pipeline a `run` uses (CSV text → loader → eligibility → exclusions →
 *   scores). Bands, shared interests and a few standout pairs (ranked
 *   choices, mutual requests): the structure our users feed the solver, with
 *   far more repeated values than uniform (~16% of entries at n = 1000).
 *
 * @example
 * const m = makeMatrix('realistic', 500, 500, 1);
 * m.gains.length; // 250_000
 */
import { generatePool, poolToCsv } from '../fixtures/generate-pool.js';
import { applicationsFromTable } from '../runners/load-applications.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { prepareCohort } from '../runners/match-cohort.js';
import { readTable } from '../runners/read-table.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { rng } from '../test/helpers/rng.js';

/** Which kind of matrix to generate. */
export type MatrixKind = 'uniform' | 'realistic';

/** A dense row-major `rows × cols` gain matrix (to maximise). */
export interface BenchMatrix {
  readonly kind: MatrixKind;
  readonly rows: number;
  readonly cols: number;
  readonly gains: Float64Array;
}


/**
 * The program the realistic matrices are scored with: the documented defaults
 * plus the two preference factors (ranked choices and mutual requests), which
 * the generator fills in and which make a few pairs stand out.
 */
export const BENCH_PROGRAM: ResolvedProgram = {
  ...DEFAULT_PROGRAM,
  weights: { ...DEFAULT_PROGRAM.weights, choice_rank: 2, mutual_request: 2 },
};

/** Uniform gains in [0, 100). */
export function makeUniform(rows: number, cols: number, seed: number): BenchMatrix {
  const next = rng(seed); // the tests' mulberry32: every run generates the same matrices
  const gains = new Float64Array(rows * cols);
  for (let k = 0; k < gains.length; k++) gains[k] = next() * 100;
  return { kind: 'uniform', rows, cols, gains };
}

/**
 * The score matrix of a generated cohort with `rows` mentees and `cols`
 * mentors. Excluded pairs keep their score (the matrix is dense, as the peers
 * need); should the pipeline drop anyone, the matrix is cropped to the pool
 * and padded with zeros.
 */
export function makeRealistic(rows: number, cols: number, seed: number): BenchMatrix {
  const applicants = generateApplicants(rows, cols, seed);
  const prepared = prepareCohort({ applicants, rejected: [], program: BENCH_PROGRAM, pastPairs: [], edits: [] });
  if (prepared.status !== 'ready') throw new Error(`generated pool did not prepare: ${prepared.status}`);
  const { scores, mentees, mentors } = prepared.matrix;
  const gains = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, mentees); i++) {
    gains.set(scores.subarray(i * mentors, i * mentors + Math.min(cols, mentors)), i * cols);
  }
  return { kind: 'realistic', rows, cols, gains };
}

/** A generated pool's applicants, through CSV text and the loader exactly as `run` reads a file. */
export function generateApplicants(mentees: number, mentors: number, seed: number): readonly Applicant[] {
  const csv = poolToCsv(generatePool({ seed, mentees, mentors }));
  const loaded = applicationsFromTable(readTable('bench.csv', csv), BENCH_PROGRAM);
  if (loaded.problems.length > 0) throw new Error(`generated pool did not load: ${loaded.problems[0]?.code}`);
  return loaded.applicants;
}

/** Generates a matrix of either kind. */
export function makeMatrix(kind: MatrixKind, rows: number, cols: number, seed: number): BenchMatrix {
  return kind === 'uniform' ? makeUniform(rows, cols, seed) : makeRealistic(rows, cols, seed);
}

/**
 * Each column repeated `times` times side by side (`[a b] → [a a b b]`, as
 * numpy's `np.repeat(C, times, axis=1)`): a capacity-`times` problem as a
 * plain assignment problem, for solvers without capacities.
 */
export function repeatColumns(m: BenchMatrix, times: number): BenchMatrix {
  const wide = m.cols * times;
  const gains = new Float64Array(m.rows * wide);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      gains.fill(m.gains[i * m.cols + j] as number, i * wide + j * times, i * wide + (j + 1) * times);
    }
  }
  return { kind: m.kind, rows: m.rows, cols: wide, gains };
}
