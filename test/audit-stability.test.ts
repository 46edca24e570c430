import { describe, expect, it } from 'vitest';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { deferredAcceptance } from '../engine/deferred-acceptance.js';
import { auditStability, stabilityPreferences } from '../runners/audit-stability.js';
import { matchCohort, prepareCohort, type CohortInput, type PairRecord, type PreparedCohort } from '../runners/match-cohort.js';
import { MAX_BLOCKING_PAIRS_LISTED, type MatchResult, type StabilityAudit } from '../runners/match-result.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { makeApplicant } from './helpers/applicant.js';
import { smallCohort } from './helpers/cohort.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';
import { loadSample } from './helpers/sample.js';

/** The problem match-cohort.ts solves, and the result's matching as rows → columns (pins included). */
function problemAndMatching(prepared: PreparedCohort, result: MatchResult): { problem: AssignmentProblem; rowToCol: Int32Array } {
  const { pool, matrix } = prepared;
  const problem = { rows: pool.mentees.length, cols: pool.mentors.length, gains: matrix.scores, allowed: prepared.allowed, colCapacity: prepared.capacityLeft };
  const rowToCol = new Int32Array(pool.mentees.length).fill(-1);
  for (const p of result.pairs) rowToCol[pool.mentees.indexOf(p.mentee)] = pool.mentors.indexOf(p.mentor);
  return { problem, rowToCol };
}

/**
 * The blocking pairs of a matching, from the words alone: each side
 * ranks its allowed candidates (a mentee its stated choices first, in order,
 * then by score; a mentor by score; equal scores by pool order); pinned
 * mentees and the places their pins take are left out. As "mentor|mentee".
 */
function blockingByDefinition(prepared: PreparedCohort, rowToCol: Int32Array): string[] {
  const { pool, matrix, pinnedCol, capacityLeft, allowed } = prepared;
  const cols = pool.mentors.length;
  const score = (i: number, j: number) => matrix.scores[i * cols + j] as number;
  const menteeOrder = pool.mentees.map((mentee, i) => {
    const mine = [...pool.mentors.keys()].filter((j) => allowed[i * cols + j] === 1);
    const chosen = mentee.choices.map((id) => pool.mentors.findIndex((m) => m.id === id)).filter((j, k, all) => mine.includes(j) && all.indexOf(j) === k);
    const rest = mine.filter((j) => !chosen.includes(j)).sort((a, b) => score(i, b) - score(i, a) || a - b);
    return [...chosen, ...rest];
  });
  const mentorOrder = pool.mentors.map((_, j) => [...pool.mentees.keys()].filter((i) => allowed[i * cols + j] === 1).sort((a, b) => score(b, j) - score(a, j) || a - b));
  const out: string[] = [];
  for (let i = 0; i < pool.mentees.length; i++) {
    if (pinnedCol[i] !== -1) continue;
    const order = menteeOrder[i]!;
    const mine = rowToCol[i] as number;
    const better = mine === -1 ? order : order.slice(0, order.indexOf(mine));
    for (const j of better) {
      const held = [...rowToCol.keys()].filter((r) => rowToCol[r] === j && pinnedCol[r] === -1);
      const places = capacityLeft[j] as number;
      const rank = (r: number) => mentorOrder[j]!.indexOf(r);
      if (places > 0 && (held.length < places || held.some((r) => rank(i) < rank(r)))) out.push(`${pool.mentors[j]!.id}|${pool.mentees[i]!.id}`);
    }
  }
  return out.sort();
}

function summaryOf(scores: number[]): { pairs: number; totalScore: number; worstScore: number | null } {
  return { pairs: scores.length, totalScore: scores.reduce((a, b) => a + b, 0), worstScore: scores.length === 0 ? null : Math.min(...scores) };
}

/** Runs the cohort and audits its result; every check of this file that needs no hand-made pool. */
function auditCohort(input: CohortInput, label: string): { audit: StabilityAudit; prepared: PreparedCohort; result: MatchResult } {
  const out = matchCohort(input);
  const prepared = prepareCohort(input);
  if (out.status !== 'matched' || prepared.status !== 'ready') throw new Error(`${label}: ${out.status}`);
  const { result } = out;
  const { problem, rowToCol } = problemAndMatching(prepared, result);
  const audit = auditStability(prepared.pool, prepared.matrix, problem, rowToCol, prepared.pinnedCol);

  // The chosen summary is the result's, to the last bit.
  expect(audit.chosen.pairs, label).toBe(result.pairs.length);
  expect(audit.chosen.totalScore, label).toBe(result.totalScore);
  expect(audit.chosen.worstScore, label).toBe(result.pairs.length === 0 ? null : Math.min(...result.pairs.map((p) => p.score)));

  // The blocking pairs are the definition's, strongest first, none of them pinned or made.
  const expected = blockingByDefinition(prepared, rowToCol);
  expect(audit.blockingPairCount, label).toBe(expected.length);
  expect(audit.blockingPairs.length, label).toBe(Math.min(expected.length, MAX_BLOCKING_PAIRS_LISTED));
  for (const b of audit.blockingPairs) expect(expected, label).toContain(`${b.mentor.id}|${b.mentee.id}`);
  const listed = audit.blockingPairs.map((b) => b.score);
  expect(listed, label).toEqual([...listed].sort((a, b) => b - a));
  if (expected.length > MAX_BLOCKING_PAIRS_LISTED) {
    // The ones left off are no stronger than the last one listed.
    const cols = prepared.pool.mentors.length;
    const index = (id: string, side: readonly Applicant[]) => side.findIndex((a) => a.id === id);
    const scores = expected.map((key) => {
      const [mentor, mentee] = key.split('|') as [string, string];
      return prepared.matrix.scores[index(mentee, prepared.pool.mentees) * cols + index(mentor, prepared.pool.mentors)] as number;
    });
    expect(Math.max(...scores.sort((a, b) => b - a).slice(MAX_BLOCKING_PAIRS_LISTED)), label).toBeLessThanOrEqual(listed.at(-1)!);
  }

  // Deferred acceptance: its summary is its own matching plus the pins, which is stable by the definition.
  const da = deferredAcceptance(problem, stabilityPreferences(prepared.pool, prepared.matrix));
  if (da.status !== 'stable') throw new Error(da.reason);
  const daMatching = Int32Array.from(da.rowToCol, (j, i) => (prepared.pinnedCol[i] === -1 ? j : (prepared.pinnedCol[i] as number)));
  const cols = prepared.pool.mentors.length;
  const daScores = [...daMatching.entries()].filter(([, j]) => j !== -1).map(([i, j]) => prepared.matrix.scores[i * cols + j] as number);
  const daSummary = summaryOf(daScores);
  expect(audit.deferredAcceptance.pairs, label).toBe(daSummary.pairs);
  expect(audit.deferredAcceptance.totalScore, label).toBeCloseTo(daSummary.totalScore, 9);
  expect(audit.deferredAcceptance.worstScore, label).toBe(daSummary.worstScore);
  expect(blockingByDefinition(prepared, daMatching), label).toEqual([]);

  // The optimum is optimal: nothing, stable or not, has a larger total.
  expect(audit.deferredAcceptance.totalScore, label).toBeLessThanOrEqual(audit.chosen.totalScore + 1e-9);

  // Auditing the matching without its pins says the same.
  const withoutPins = Int32Array.from(rowToCol, (j, i) => (prepared.pinnedCol[i] === -1 ? j : -1));
  expect(auditStability(prepared.pool, prepared.matrix, problem, withoutPins, prepared.pinnedCol), label).toEqual(audit);
  return { audit, prepared, result };
}

describe('auditStability on the bundled sample cohort', () => {
  it('agrees with an independent recomputation, and deferred acceptance scores no more than the optimum', () => {
    const inputs = loadSample();
    const { audit, prepared } = auditCohort({ ...inputs, threads: 1 }, 'sample');
    // The sample has a committee pin, and the optimum is not stable: the audit has something to say.
    expect([...prepared.pinnedCol].some((j) => j !== -1)).toBe(true);
    expect(audit.blockingPairCount).toBeGreaterThan(0);
    expect(audit.deferredAcceptance.totalScore).toBeLessThan(audit.chosen.totalScore);
  });
});

describe('auditStability on generated cohorts', () => {
  const program = testProgram({
    shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 },
    weights: { ...testProgram().weights, choice_rank: 2, mutual_request: 2, department: 1 },
  });
  it('40 cohorts up to 14 mentees × 8 mentors, with pins', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed);
      const applicants = smallCohort(seed, randInt(next, 1, 14), randInt(next, 1, 8), program);
      const mentor = applicants.find((a) => a.role === 'mentor');
      const mentee = applicants.find((a) => a.role === 'mentee');
      const edits: PairRecord[] = seed % 2 === 0 && mentor && mentee ? [{ mentorId: mentor.id, menteeId: mentee.id, action: 'pin', source: { file: 'edits.csv', row: 2 } }] : [];
      // A pin the program forbids is an input problem, not this test's concern: such seeds run without it.
      const withPin = { applicants, rejected: [], program, pastPairs: [], edits, threads: 1 };
      const ready = prepareCohort(withPin).status === 'ready';
      auditCohort(ready ? withPin : { ...withPin, edits: [] }, `seed ${seed}`);
    }
  });
});

describe('auditStability on hand-made pools', () => {
  /** A pool and a matrix of given scores (rows: mentees), every pair allowed unless `allowed` says otherwise. */
  const handMade = (mentees: Applicant[], mentors: Applicant[], scores: number[], allowed?: number[]) => {
    const pool: ScoringPool = { mentees, mentors };
    const matrix: ScoreMatrix = {
      mentees: mentees.length,
      mentors: mentors.length,
      scores: Float64Array.from(scores),
      allowed: Uint8Array.from(allowed ?? scores.map(() => 1)),
      threads: 1,
      explainPair: () => [],
      reasonBlocked: () => null,
    };
    return { pool, matrix };
  };
  const mentor = (id: string, capacity = 1) => makeApplicant({ id, role: 'mentor', capacity });

  it("a mentee's stated choice outranks a higher score; a choice naming someone outside the pool is skipped", () => {
    const { pool, matrix } = handMade([makeApplicant({ id: 'E1', choices: ['GONE', 'M2'] })], [mentor('M1'), mentor('M2')], [90, 40]);
    const problem = { rows: 1, cols: 2, gains: matrix.scores, allowed: matrix.allowed, colCapacity: Int32Array.of(1, 1) };
    const audit = auditStability(pool, matrix, problem, Int32Array.of(0), Int32Array.of(-1));
    expect(audit.blockingPairs.map((b) => [b.mentor.id, b.mentee.id, b.score])).toEqual([['M2', 'E1', 40]]);
    expect(audit.chosen).toEqual({ pairs: 1, totalScore: 90, worstScore: 90 });
    expect(audit.deferredAcceptance).toEqual({ pairs: 1, totalScore: 40, worstScore: 40 });
  });

  it('a pinned mentee is never in a blocking pair, and its pair counts in both summaries', () => {
    // E1 is pinned to M2 (score 10) though M1 (score 80) has a free place; E2 may only go to M1.
    const { pool, matrix } = handMade([makeApplicant({ id: 'E1' }), makeApplicant({ id: 'E2' })], [mentor('M1', 2), mentor('M2')], [80, 10, 50, 0], [1, 1, 1, 0]);
    const problem = { rows: 2, cols: 2, gains: matrix.scores, allowed: Uint8Array.of(0, 0, 1, 0), colCapacity: Int32Array.of(2, 0) };
    const audit = auditStability(pool, matrix, problem, Int32Array.of(1, 0), Int32Array.of(1, -1));
    expect(audit.blockingPairCount).toBe(0);
    expect(audit.chosen).toEqual({ pairs: 2, totalScore: 60, worstScore: 10 });
    expect(audit.deferredAcceptance).toEqual(audit.chosen);
  });

  it('an empty matching of an empty pool', () => {
    const { pool, matrix } = handMade([], [mentor('M1')], []);
    const problem = { rows: 0, cols: 1, gains: matrix.scores, allowed: matrix.allowed };
    const audit = auditStability(pool, matrix, problem, new Int32Array(0), new Int32Array(0));
    expect(audit).toEqual({ blockingPairs: [], blockingPairCount: 0, chosen: { pairs: 0, totalScore: 0, worstScore: null }, deferredAcceptance: { pairs: 0, totalScore: 0, worstScore: null } });
  });

  it('throws when the problem is not the pool’s', () => {
    const { pool, matrix } = handMade([makeApplicant({ id: 'E1' })], [mentor('M1')], [50]);
    const problem = { rows: 1, cols: 2, gains: new Float64Array(2) };
    expect(() => auditStability(pool, matrix, problem, Int32Array.of(-1), Int32Array.of(-1))).toThrow(/same pool/);
  });
});
