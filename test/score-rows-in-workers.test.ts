import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePool, poolToCsv } from '../fixtures/generate-pool.js';
import { loadApplications } from '../runners/load-applications.js';
import { loadProgramConfig } from '../runners/load-config.js';
import { buildScoreMatrix, resolveScoringThreads, SCORING_WORKER_MIN_PAIRS, type ScoreMatrix } from '../scoring/build-score-matrix.js';
import { checkEligibility } from '../scoring/check-eligibility.js';
import type { ScoringPool } from '../scoring/factor.js';
import { findExclusions, type Exclusions } from '../scoring/find-exclusions.js';
import { FACTOR_NAMES, type ResolvedProgram } from '../scoring/program.js';
import { scoreRowsInWorkers } from '../scoring/score-rows-in-workers.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

/** A generated cohort with every factor weighted (the sample program), loaded the way `run` loads it. */
let pool: ScoringPool;
let program: ResolvedProgram;
let exclusions: Exclusions;
let single: ScoreMatrix;

beforeAll(() => {
  program = loadProgramConfig('fixtures/sample-cohort/program.yaml').program;
  expect(FACTOR_NAMES.every((name) => program.weights[name] > 0)).toBe(true);
  const file = join(tmp(), 'pool.csv');
  writeFileSync(file, poolToCsv(generatePool({ seed: 11, mentees: 240, mentors: 90 })));
  const loaded = loadApplications(file, program);
  const { eligible } = checkEligibility(loaded.applicants, program);
  pool = { mentees: eligible.filter((a) => a.role === 'mentee'), mentors: eligible.filter((a) => a.role === 'mentor') };
  exclusions = findExclusions(pool, program, { allApplicants: loaded.applicants, pastPairs: [], bans: [] });
  single = buildScoreMatrix(pool, program, exclusions, { threads: 1 });
});

/** Indices where two score arrays differ in any bit (Object.is: -0 and NaN count too). */
function differences(a: Float64Array, b: Float64Array): number[] {
  expect(b.length).toBe(a.length);
  const out: number[] = [];
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) out.push(k);
  return out;
}

describe('scoring on worker threads', () => {
  it('the pool and program survive the structured clone a worker receives', () => {
    expect(pool.mentees.length).toBeGreaterThan(150);
    expect(structuredClone(pool)).toEqual(pool);
    expect(structuredClone(program)).toEqual(program);
  });

  it('scores bit for bit as a single thread, and explainPair still sums to each score exactly', () => {
    const rows = pool.mentees.length;
    const cols = pool.mentors.length;
    const seen: number[] = [];
    const multi = buildScoreMatrix(pool, program, exclusions, { threads: 2, onProgress: (done, total) => seen.push(done / total) });
    expect(multi.scores.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(differences(single.scores, multi.scores)).toEqual([]);
    expect(Buffer.from(multi.allowed).equals(Buffer.from(single.allowed))).toBe(true);
    // Progress only grows and ends at exactly 100 %.
    expect(seen.at(-1)).toBe(1);
    expect(seen.filter((s) => s === 1)).toHaveLength(1);
    for (let k = 1; k < seen.length; k++) expect(seen[k] as number).toBeGreaterThanOrEqual(seen[k - 1] as number);
    for (let k = 0; k < 400; k++) {
      const i = (k * 7919) % rows;
      const j = (k * 104729) % cols;
      const sum = multi.explainPair(i, j).reduce((s, c) => s + c.points, 0);
      expect(sum).toBe(multi.scores[i * cols + j]);
    }
  });

  it.each([2, 3])('every row scored by %i−1 worker(s) alone equals the single-thread row', (threads) => {
    const rows = pool.mentees.length;
    const out = scoreRowsInWorkers({ pool, program, threads, chunkRows: 7, mainThreadScores: false });
    expect(out.rowsByThread[0]).toBe(0);
    expect(out.rowsByThread.reduce((s, n) => s + n, 0)).toBe(rows);
    expect(differences(single.scores, out.scores)).toEqual([]);
  });

  it('uses workers by default only from SCORING_WORKER_MIN_PAIRS pairs; a given count is used as given, never above the rows', () => {
    const side = Math.ceil(Math.sqrt(SCORING_WORKER_MIN_PAIRS));
    expect(resolveScoringThreads(undefined, 10, 10)).toBe(1);
    expect(resolveScoringThreads(undefined, side, side)).toBeGreaterThanOrEqual(1);
    expect(resolveScoringThreads(3, 100, 10)).toBe(3);
    expect(resolveScoringThreads(4, 2, 10)).toBe(2);
    expect(resolveScoringThreads(4, 0, 10)).toBe(1);
    expect(resolveScoringThreads(4, 10, 0)).toBe(1);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => resolveScoringThreads(bad, 10, 10)).toThrowError(RangeError);
  });
});

describe('a scoring worker that goes wrong becomes a thrown Error, never a hang', () => {
  const misbehaving = new URL('./helpers/misbehaving-score-worker.ts', import.meta.url);
  const run = (mode: string, extra: { stallTimeoutMs?: number } = {}) => () =>
    scoreRowsInWorkers({ pool, program: { ...program, name: mode }, threads: 2, chunkRows: 5, workerScript: misbehaving, ...extra });

  it.each([
    { mode: 'throw', message: /scoring worker 1 of 1 failed: Error: factor build failed on purpose/ },
    { mode: 'throw-in-rows', message: /scoring worker 1 of 1 failed: Error: row scoring failed on purpose/ },
    { mode: 'load', message: /scoring worker 1 of 1 failed: Error: scoring code failed to load on purpose/ },
    { mode: 'exit', message: /scoring worker 1 of 1 ended before it had finished its rows/ },
  ])('$mode: the worker says so on the board', ({ mode, message }) => {
    expect(run(mode)).toThrowError(message);
  });

  it('a worker that stops making progress: the stall timeout', () => {
    const started = performance.now();
    expect(run('hang', { stallTimeoutMs: 300 })).toThrowError(/scoring worker 1 of 1 made no progress for 300 ms/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('a worker script that cannot even load: the startup timeout', () => {
    const missing = new URL('./helpers/no-such-worker.ts', import.meta.url);
    expect(() => scoreRowsInWorkers({ pool, program, threads: 2, chunkRows: 5, workerScript: missing, startupTimeoutMs: 500 })).toThrowError(
      /scoring worker 1 of 1 did not start within 500 ms/,
    );
  });
});
