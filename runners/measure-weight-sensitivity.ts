/**
 * The weight sensitivity table (issue 5): for every factor with a positive
 * weight, how many pairs of the run would not be made if that one weight
 * were {@link SENSITIVITY_STEP} lower, or that much higher. A committee
 * reads it as "how much do the pairs hang on the exact weights we chose".
 *
 * Each row re-solves the pool exactly as the run did — same eligibility,
 * exclusions, minimum score, committee pins, capacities, side constraints
 * and solver — with only the scores changed. The scores are not recomputed
 * from the applicants: every factor's value is computed once per pair, and
 * each variant re-weights them in the same order and with the same
 * arithmetic as `scoreRows`, so a variant's scores are bit for bit what
 * `buildScoreMatrix` gives for those weights (the test checks it), at a
 * fraction of the cost (no text similarity, no explanations).
 *
 * @example
 * const out = matchCohort(input);
 * if (out.status === 'matched') {
 *   const sensitivity = measureWeightSensitivity(input, out.result);
 *   for (const r of sensitivity.rows) console.log(r.factor, r.pairsChangedDown, r.pairsChangedUp);
 * }
 */
import { count } from '../scoring/words.js';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { solverCannotTake } from '../engine/solve-assignment.js';
import { buildActiveFactors, MIN_SCORE_TOLERANCE } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { FACTOR_NAMES, mentorCapacityLimits, type FactorName, type ResolvedProgram } from '../scoring/program.js';
import { prepareCohort, type CohortInput, type PreparedCohort } from './match-cohort.js';
import { SENSITIVITY_STEP, type MatchResult, type Sensitivity, type SensitivityRow } from './match-result.js';
import { withPriority } from './priority-gains.js';
import { solveCohortProblem, usesLp } from './solve-cohort-problem.js';

/**
 * Largest pool (eligible mentees × eligible mentors) whose table is
 * computed when the run solves by shortest path; above it `rows` is empty
 * and `note` says why. The table costs the pool's preparation again (its
 * scoring, once), one pass over the factors, and 2 × (weighted factors)
 * solves.
 *
 * Measured on generated pools (fixtures/generate-pool.ts, seed 3; Node 20,
 * a 2-core box shared with other work), the table against the run's own
 * `matchCohort` for scale; re-running `matchCohort` per row instead would
 * cost 12–18 times that column:
 *
 * | pool       | pairs | 6 factors | 9 factors | matchCohort |
 * |------------|-------|-----------|-----------|-------------|
 * | 300 × 120  | 36 k  | 0.3 s     |           | 0.2 s       |
 * | 700 × 300  | 210 k | 0.8 s     | 1.0 s     | 0.6–0.8 s   |
 * | 1000 × 400 | 400 k | 1.6 s     | 1.9 s     | 0.8–1.2 s   |
 * | 1200 × 500 | 600 k |           | 2.8 s     | 1.4 s       |
 * | 1400 × 600 | 840 k | 3.6 s     |           | 2.6 s       |
 * | 2000 × 800 | 1.6 M | 10.9 s    |           | 4.4 s       |
 *
 * 500 k pairs keeps the table to about 2–2.5 s, about twice the run's own
 * matching at that size.
 */
export const SENSITIVITY_MAX_PAIRS = 500_000;

/**
 * The same limit when the run solves with the LP (quotas, a minimum group
 * size, or `solver: lp`), whose solves cost far more. Measured as above
 * with capacities up to 3 and groups of at least 2 (6 factors, 12 LP
 * solves): 80 × 32 (2,560 pairs) 0.8 s, 120 × 50 (6,000) 3.7 s,
 * 150 × 60 (9,000) 27 s.
 */
export const SENSITIVITY_MAX_LP_PAIRS = 3_000;

/**
 * Time limit of each LP re-solve, in ms. Quotas can make branch and bound
 * slow on pools far below {@link SENSITIVITY_MAX_LP_PAIRS} (see
 * engine/lp-size-limit.ts); the first re-solve that hits this limit ends
 * the table, and `note` says so, rather than spending up to 18 times the
 * LP's own 30 s limit. Within the pair limit a re-solve takes ~0.3 s.
 */
export const SENSITIVITY_LP_TIMEOUT_MS = 2_000;

/** Options of {@link measureWeightSensitivity}. */
export interface SensitivityOptions {
  /**
   * The cohort as the run prepared it (`matchCohort`'s outcome carries it):
   * saves scoring the whole pool a second time. Omitted: prepared here.
   */
  readonly prepared?: PreparedCohort;
  /**
   * Largest eligible mentees × mentors pool to measure with the shortest-path solver.
   * @default SENSITIVITY_MAX_PAIRS
   */
  readonly maxPairs?: number;
  /**
   * The same for the LP solver.
   * @default SENSITIVITY_MAX_LP_PAIRS
   */
  readonly maxLpPairs?: number;
  /**
   * Time limit of each LP re-solve, in ms.
   * @default SENSITIVITY_LP_TIMEOUT_MS
   */
  readonly lpTimeoutMs?: number;
}

/**
 * Measures the weight sensitivity table of a run: `result` must be what
 * `matchCohort(input)` returned. Deterministic: the same input and result
 * give the same table. Factors in `FACTOR_NAMES` order; a factor weighted 0
 * has no row (moving 0 by 10% leaves it 0).
 */
export function measureWeightSensitivity(input: CohortInput, result: MatchResult, options: SensitivityOptions = {}): Sensitivity {
  const { program } = input;
  const weighted = FACTOR_NAMES.filter((f) => program.weights[f] > 0);
  const mentees = new Set([...result.pairs.map((p) => p.mentee.id), ...result.unmatched.filter((u) => u.applicant.role === 'mentee').map((u) => u.applicant.id)]);
  const mentors = new Set([...result.pairs.map((p) => p.mentor.id), ...result.unmatched.filter((u) => u.applicant.role === 'mentor').map((u) => u.applicant.id)]);
  const cells = mentees.size * mentors.size;
  if (cells === 0) return { rows: [], note: 'not computed: there are no eligible mentees or no eligible mentors' };

  // Decided before preparing (which scores the whole pool) from the settings buildSideConstraints turns into side constraints.
  const caps = (share: number | undefined): boolean => share !== undefined && share < 1;
  const usesLp = program.solver === 'lp' || (program.solver === 'auto' && (caps(program.quotas.sameDepartment) || caps(program.quotas.sameRegion) || minGroupOf(program) > 1));
  const limit = usesLp ? (options.maxLpPairs ?? SENSITIVITY_MAX_LP_PAIRS) : (options.maxPairs ?? SENSITIVITY_MAX_PAIRS);
  if (cells > limit) {
    return {
      rows: [],
      note:
        `not computed: the pool has ${mentees.size} × ${mentors.size} = ${count(cells)} possible pairs, and the table, which matches it again ` +
        `${2 * weighted.length} times, takes a few seconds only up to ${count(limit)}${usesLp ? ' with the LP solver' : ''}`,
    };
  }

  // Progress belongs to the run's own scoring; this second pass stays quiet.
  const prepared = options.prepared ?? prepareCohort({ ...input, progress: undefined });
  if (prepared.status !== 'ready') {
    return { rows: [], note: `not computed: the pool could not be prepared again (${prepared.status === 'solver_failed' ? prepared.reason : 'problems with the edits'})` };
  }
  const original = originalColumns(prepared.pool, result);
  const values = computeFactorValues(prepared.pool, program);
  const excluded = excludedPairs(prepared);

  const solve = solverFor(program, prepared, options.lpTimeoutMs ?? SENSITIVITY_LP_TIMEOUT_MS);
  const rows: SensitivityRow[] = [];
  const failures: string[] = [];
  for (const factor of weighted) {
    const weight = program.weights[factor];
    const changed: number[] = [];
    for (const factorOfWeight of [1 - SENSITIVITY_STEP, 1 + SENSITIVITY_STEP]) {
      const outcome = pairsChanged(prepared, program, values, excluded, original, { ...program.weights, [factor]: weight * factorOfWeight }, solve, input.leftOutLastCycle);
      if (outcome.status === 'failed') {
        failures.push(`${factor.replaceAll('_', ' ')}: ${outcome.reason}`);
        break;
      }
      if (outcome.status === 'timed_out') {
        const left = weighted.slice(weighted.indexOf(factor)).map((f) => f.replaceAll('_', ' '));
        failures.push(`a re-solve took more than ${(options.lpTimeoutMs ?? SENSITIVITY_LP_TIMEOUT_MS) / 1000} s, so the table stops before ${left.join(', ')}`);
        return { rows, note: `incomplete: ${failures.join('; ')}` };
      }
      changed.push(outcome.changed);
    }
    if (changed.length === 2) rows.push({ factor, weight, pairsChangedDown: changed[0] as number, pairsChangedUp: changed[1] as number });
  }
  return { rows, note: failures.length === 0 ? null : `incomplete: ${failures.join('; ')}` };
}

/** Every positive-weight factor's value for every pair of a pool, built once and re-weighted by {@link reweightScores}. */
export interface FactorValues {
  readonly rows: number;
  readonly cols: number;
  /** The factors with a positive weight, in `FACTOR_NAMES` order, as `buildActiveFactors` builds them. */
  readonly factors: readonly FactorName[];
  /** For each of `factors`, its row-major rows × cols values in [0, 1]. */
  readonly values: readonly Float64Array[];
}

/** Computes every positive-weight factor's value for every pair of `pool` (one call of each factor per pair). */
export function computeFactorValues(pool: ScoringPool, program: ResolvedProgram): FactorValues {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const active = buildActiveFactors(pool, program);
  const values = active.map((a) => {
    const out = new Float64Array(rows * cols);
    const factor = a.factor;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = factor.value(i, j);
    return out;
  });
  return { rows, cols, factors: active.map((a) => a.factor.name), values };
}

/**
 * The 0–100 scores of every pair under `weights`, bit for bit what
 * `buildScoreMatrix` computes: the same scales (100 · w / Σw, the sum taken
 * in `FACTOR_NAMES` order as `buildActiveFactors` takes it) and each pair's
 * sum taken in factor order from 0, as `scoreRows` does. `weights` must be
 * positive for exactly the factors of `values`.
 */
export function reweightScores(values: FactorValues, weights: Readonly<Record<FactorName, number>>): Float64Array {
  const total = values.factors.reduce((sum, name) => sum + weights[name], 0);
  const scores = new Float64Array(values.rows * values.cols);
  values.factors.forEach((name, k) => {
    const scale = (100 * weights[name]) / total;
    const v = values.values[k] as Float64Array;
    for (let p = 0; p < scores.length; p++) scores[p] = (scores[p] as number) + scale * (v[p] as number);
  });
  return scores;
}


function minGroupOf(program: ResolvedProgram): number {
  return mentorCapacityLimits(program.shape).minGroup;
}

/** For each mentee of the pool, the mentor column the result gives them, or -1. */
function originalColumns(pool: ScoringPool, result: MatchResult): Int32Array {
  const menteeIndex = new Map(pool.mentees.map((a, i) => [a.id, i]));
  const mentorIndex = new Map(pool.mentors.map((a, j) => [a.id, j]));
  const col = new Int32Array(pool.mentees.length).fill(-1);
  for (const p of result.pairs) {
    const i = menteeIndex.get(p.mentee.id);
    const j = mentorIndex.get(p.mentor.id);
    if (i === undefined || j === undefined) {
      throw new Error(`the result pairs ${p.mentor.id} + ${p.mentee.id}, who are not both in the input's pool: pass the result of matchCohort(input)`);
    }
    col[i] = j;
  }
  return col;
}

/** 1 for each pair a hard exclusion removes (whatever its score); those stay removed under any weights. */
function excludedPairs(prepared: PreparedCohort): Uint8Array {
  const { matrix } = prepared;
  const out = new Uint8Array(matrix.mentees * matrix.mentors);
  for (let i = 0; i < matrix.mentees; i++) {
    for (let j = 0; j < matrix.mentors; j++) {
      const why = matrix.reasonBlocked(i, j);
      out[i * matrix.mentors + j] = why !== null && why !== 'below_min_score' ? 1 : 0;
    }
  }
  return out;
}

/** A re-solve: the assignment of the rows, a failure in words, or the LP's time limit hit. */
type Resolve = (problem: AssignmentProblem) => { readonly status: 'optimal'; readonly rowToCol: Int32Array } | { readonly status: 'failed'; readonly reason: string } | { readonly status: 'timed_out' };

/**
 * The run's own solver (solve-cohort-problem.ts, as `matchCohort` calls
 * it), with the LP under a time limit of its own: a re-solve that runs out
 * of time ends the table instead of stalling the run.
 */
function solverFor(program: ResolvedProgram, prepared: PreparedCohort, lpTimeoutMs: number): Resolve {
  const sc = prepared.sideConstraints;
  const lp = usesLp(program, sc);
  const solver = program.solver;
  return (problem) => {
    // The re-weighted scores allow other pairs than the run's: the size the solver takes is checked again.
    if (program.objectives === null && solver !== 'deferred_acceptance') {
      const unfit = solverCannotTake(solver, problem.rows, problem.cols, sc, countAllowed(problem));
      if (unfit !== null) return { status: 'failed', reason: unfit };
    }
    const started = performance.now();
    const outcome = solveCohortProblem(problem, prepared.pool, prepared.matrix, program, sc, { lpTimeoutMs });
    switch (outcome.status) {
      case 'optimal':
      case 'stable':
      case 'in_order':
        return { status: 'optimal', rowToCol: outcome.rowToCol };
      case 'invalid':
      case 'infeasible':
        return lp && performance.now() - started >= lpTimeoutMs ? { status: 'timed_out' } : { status: 'failed', reason: outcome.reason };
    }
  };
}

function countAllowed(problem: AssignmentProblem): number {
  const { allowed } = problem;
  if (allowed === undefined) return problem.rows * problem.cols;
  let n = 0;
  for (let k = 0; k < allowed.length; k++) n += allowed[k] as number;
  return n;
}

/**
 * Re-solves under `weights` as `matchCohort` solves (pins placed first,
 * the rest by the program's solver) and counts the original pairs not made.
 */
function pairsChanged(
  prepared: PreparedCohort,
  program: ResolvedProgram,
  values: FactorValues,
  excluded: Uint8Array,
  original: Int32Array,
  weights: Readonly<Record<FactorName, number>>,
  solve: Resolve,
  leftOutLastCycle: readonly string[] | undefined,
): { readonly status: 'counted'; readonly changed: number } | { readonly status: 'failed'; readonly reason: string } | { readonly status: 'timed_out' } {
  const { rows, cols } = values;
  const { pinnedCol, capacityLeft } = prepared;
  const scores = reweightScores(values, weights);
  const threshold = program.minScore - MIN_SCORE_TOLERANCE;
  const allowed = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    if (pinnedCol[i] !== -1) continue;
    for (let p = i * cols; p < (i + 1) * cols; p++) allowed[p] = excluded[p] === 0 && (scores[p] as number) >= threshold ? 1 : 0;
  }
  // The same priority points as the run (priority-gains.ts); the threshold above is on the scores themselves.
  const outcome = solve({ rows, cols, gains: withPriority(scores, prepared.pool, program, leftOutLastCycle), allowed, colCapacity: capacityLeft });
  if (outcome.status !== 'optimal') return outcome;
  let changed = 0;
  for (let i = 0; i < rows; i++) {
    const was = original[i] as number;
    if (was === -1) continue;
    const now = pinnedCol[i] !== -1 ? (pinnedCol[i] as number) : (outcome.rowToCol[i] as number);
    if (now !== was) changed++;
  }
  return { status: 'counted', changed };
}
