import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort, type CohortInput } from '../runners/match-cohort.js';
import { SENSITIVITY_STEP, type MatchResult } from '../runners/match-result.js';
import { computeFactorValues, measureWeightSensitivity, reweightScores, SENSITIVITY_MAX_PAIRS } from '../runners/measure-weight-sensitivity.js';
import { FACTOR_NAMES, type FactorName, type ResolvedProgram } from '../scoring/program.js';
import { randomPairs, smallCohort } from './helpers/cohort.js';
import { randInt, rng } from './helpers/rng.js';

/** Capacities, every factor weighted (choice ranks and mutual requests matter), same department allowed. */
const capacityProgram: ResolvedProgram = {
  ...DEFAULT_PROGRAM,
  shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 },
  weights: { interests: 3, skills: 3, goals_text: 2, community_size: 1, region: 1, experience_gap: 1, department: 1, choice_rank: 2, mutual_request: 2 },
  exclusions: { chainOfCommand: true, sameDepartment: false, pastPairs: true },
};
/** Groups of at least two: the LP path. */
const groupProgram: ResolvedProgram = { ...capacityProgram, shape: { kind: 'capacity', defaultCapacity: 2, maxCapacity: 3, minGroup: 2 } };

const withWeight = (program: ResolvedProgram, factor: FactorName, weight: number): ResolvedProgram => ({
  ...program,
  weights: { ...program.weights, [factor]: weight },
});

function matched(input: CohortInput): MatchResult {
  const out = matchCohort(input);
  if (out.status !== 'matched') throw new Error(`expected a matching, got ${out.status}`);
  return out.result;
}

/** The oracle: the whole run again with one weight changed, and the original pairs it no longer makes. */
function oracleChanged(input: CohortInput, result: MatchResult, factor: FactorName, times: number): number {
  const again = matched({ ...input, program: withWeight(input.program, factor, input.program.weights[factor] * times) });
  const made = new Set(again.pairs.map((p) => `${p.mentor.id}|${p.mentee.id}`));
  return result.pairs.filter((p) => !made.has(`${p.mentor.id}|${p.mentee.id}`)).length;
}

/** A random small cohort with past pairs, a ban and (sometimes) a pin. */
function randomInput(seed: number, program: ResolvedProgram, maxSide: number): CohortInput {
  const next = rng(seed);
  const applicants = smallCohort(seed, randInt(next, 2, maxSide), randInt(next, 2, maxSide), program);
  const pair = randomPairs(next, applicants);
  const pastPairs = pair(2);
  const edits = pair(3, 'ban');
  const input: CohortInput = { applicants, rejected: [], program, pastPairs, edits };
  if (next() < 0.5) {
    // A pin only when the run accepts it (an exclusion may refuse it).
    const pin = pair(4)[0] ?? null;
    const pinned = pin === null ? input : { ...input, edits: [...edits, { ...pin, action: 'pin' as const }] };
    if (matchCohort(pinned).status === 'matched') return pinned;
  }
  return input;
}

describe('measureWeightSensitivity', () => {
  it.each([
    { name: 'one to one, default weights', program: DEFAULT_PROGRAM, seeds: 25, maxSide: 9 },
    { name: 'capacities, every factor weighted', program: capacityProgram, seeds: 25, maxSide: 9 },
    { name: 'capacities, a minimum score', program: { ...capacityProgram, minScore: 35 }, seeds: 15, maxSide: 9 },
    { name: 'solved by deferred acceptance', program: { ...capacityProgram, solver: 'deferred_acceptance' as const }, seeds: 25, maxSide: 9 },
    { name: 'objectives in priority order', program: { ...capacityProgram, objectives: ['top_choices', 'matched', 'total_score'] as const }, seeds: 15, maxSide: 8 },
    { name: 'groups of at least two (LP)', program: groupProgram, seeds: 8, maxSide: 14 },
  ])('$name: each count equals a whole re-run with the weight changed', ({ program, seeds, maxSide }) => {
    let nonZero = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const input = randomInput(seed, program, maxSide);
      const result = matched(input);
      const table = measureWeightSensitivity(input, result);
      expect(table.note, `seed ${seed}`).toBeNull();
      expect(table.rows.map((r) => r.factor)).toEqual(FACTOR_NAMES.filter((f) => program.weights[f] > 0));
      for (const row of table.rows) {
        expect(row.weight).toBe(program.weights[row.factor]);
        expect(row.pairsChangedDown, `seed ${seed} ${row.factor} down`).toBe(oracleChanged(input, result, row.factor, 1 - SENSITIVITY_STEP));
        expect(row.pairsChangedUp, `seed ${seed} ${row.factor} up`).toBe(oracleChanged(input, result, row.factor, 1 + SENSITIVITY_STEP));
        if (row.pairsChangedDown + row.pairsChangedUp > 0) nonZero++;
      }
    }
    // The check means something only if some weights do move pairs.
    expect(nonZero).toBeGreaterThan(0);
  });

  it('re-weights to scores bit for bit equal to the run’s own scoring', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const input = randomInput(seed, capacityProgram, 10);
      const out = matchCohort(input);
      if (out.status !== 'matched') throw new Error(out.status);
      const values = computeFactorValues(out.pool, capacityProgram);
      expect(reweightScores(values, capacityProgram.weights)).toEqual(out.matrix.scores);
      for (const factor of ['goals_text', 'region', 'choice_rank'] as const) {
        const changed = withWeight(capacityProgram, factor, capacityProgram.weights[factor] * (1 + SENSITIVITY_STEP));
        const rerun = matchCohort({ ...input, program: changed });
        if (rerun.status !== 'matched') throw new Error(rerun.status);
        const mine = reweightScores(values, changed.weights);
        // Element by element with Object.is: equal bits, not merely close.
        expect(mine.every((s, k) => Object.is(s, rerun.matrix.scores[k])), `seed ${seed} ${factor}`).toBe(true);
      }
    }
  });

  it('has no row for a factor weighted 0', () => {
    const program = { ...capacityProgram, weights: { ...capacityProgram.weights, region: 0, mutual_request: 0 } };
    const input = randomInput(3, program, 8);
    const table = measureWeightSensitivity(input, matched(input));
    expect(table.rows.map((r) => r.factor)).toEqual(FACTOR_NAMES.filter((f) => f !== 'region' && f !== 'mutual_request'));
  });

  it('gives a note and no rows past the pair limit, with either solver', () => {
    const input = randomInput(5, capacityProgram, 8);
    const result = matched(input);
    const over = measureWeightSensitivity(input, result, { maxPairs: 3 });
    expect(over.rows).toEqual([]);
    expect(over.note).toMatch(/^not computed: the pool has \d+ × \d+ = \d+ possible pairs, and the table, which matches it again 18 times, takes a few seconds only up to 3$/);
    // The LP limit applies to the LP path only.
    expect(measureWeightSensitivity(input, result, { maxLpPairs: 3 }).note).toBeNull();
    const lpInput = { ...input, program: groupProgram };
    const lpOver = measureWeightSensitivity(lpInput, matched(lpInput), { maxLpPairs: 3 });
    expect(lpOver.rows).toEqual([]);
    expect(lpOver.note).toMatch(/with the LP solver$/);
    expect(SENSITIVITY_MAX_PAIRS).toBeGreaterThan(10_000);
  });

  it('stops at the first LP re-solve past its time limit, and says so', () => {
    const input = randomInput(2, groupProgram, 6);
    const table = measureWeightSensitivity(input, matched(input), { lpTimeoutMs: 0 });
    expect(table.rows).toEqual([]);
    expect(table.note).toMatch(/^incomplete: a re-solve took more than 0 s, so the table stops before interests, skills/);
  });

  it('says why when a side has nobody', () => {
    const input = randomInput(4, DEFAULT_PROGRAM, 5);
    const mentorsOnly = { ...input, applicants: input.applicants.filter((a) => a.role === 'mentor'), edits: [], pastPairs: [] };
    const table = measureWeightSensitivity(mentorsOnly, matched(mentorsOnly));
    expect(table).toEqual({ rows: [], note: expect.stringMatching(/^not computed: there are no eligible mentees/) });
  });

  it('is deterministic and leaves its input alone', () => {
    const input = randomInput(11, capacityProgram, 10);
    const result = matched(input);
    const before = structuredClone({ weights: input.program.weights, pairs: result.pairs.map((p) => [p.mentor.id, p.mentee.id]) });
    const first = measureWeightSensitivity(input, result);
    expect(measureWeightSensitivity(input, result)).toEqual(first);
    expect({ weights: input.program.weights, pairs: result.pairs.map((p) => [p.mentor.id, p.mentee.id]) }).toEqual(before);
  });

  it("gives the same table from the run's own prepared cohort as from preparing it again", () => {
    for (const seed of [3, 11, 17]) {
      const input = randomInput(seed, capacityProgram, 10);
      const out = matchCohort(input);
      if (out.status !== 'matched') throw new Error(out.status);
      expect(measureWeightSensitivity(input, out.result, { prepared: out.prepared })).toEqual(measureWeightSensitivity(input, out.result));
    }
  });

  it('refuses a result that is not of this input', () => {
    const input = randomInput(6, DEFAULT_PROGRAM, 6);
    const result = matched(input);
    const [first] = result.pairs;
    if (first === undefined) throw new Error('expected a pair');
    const stranger = { ...first, mentee: { ...first.mentee, id: 'NOT-IN-THE-INPUT' } };
    expect(() => measureWeightSensitivity(input, { ...result, pairs: [stranger, ...result.pairs.slice(1)] })).toThrow(/pass the result of matchCohort\(input\)/);
  });
});
