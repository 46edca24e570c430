import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort, type CohortInput } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { smallCohort } from './helpers/cohort.js';
import { randInt, rng } from './helpers/rng.js';

const matched = (input: CohortInput): MatchResult => {
  const out = matchCohort(input);
  if (out.status !== 'matched') throw new Error(out.status);
  return out.result;
};
const withPoints = (points: number): ResolvedProgram => ({ ...DEFAULT_PROGRAM, priority: { unmatchedLastCycle: points } });

describe('priority for people left out last cycle', () => {
  it('a mentee left out for lack of places is matched once they have priority, and shown scores stay their own', () => {
    let promoted = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed);
      const applicants = smallCohort(seed, randInt(next, 3, 8), randInt(next, 1, 3), DEFAULT_PROGRAM);
      const base = matched({ applicants, rejected: [], program: withPoints(100), pastPairs: [], edits: [] });
      const left = base.unmatched.find((u) => u.applicant.role === 'mentee' && u.code === 'candidates_taken');
      if (!left) continue;
      const favoured = matched({ applicants, rejected: [], program: withPoints(100), pastPairs: [], edits: [], leftOutLastCycle: [left.applicant.id] });
      expect(favoured.pairs.some((p) => p.mentee.id === left.applicant.id), `seed ${seed}`).toBe(true);
      // The points steer the optimisation only: scores and the total are the pairs' own.
      const own = favoured.pairs.reduce((s, p) => s + p.score, 0);
      expect(favoured.totalScore).toBeCloseTo(own, 9);
      for (const p of favoured.pairs) expect(p.score).toBeLessThanOrEqual(100);
      // Same answer as the brute force on the same steered problem.
      const oracle = matched({ applicants, rejected: [], program: { ...withPoints(100), solver: 'brute_force' }, pastPairs: [], edits: [], leftOutLastCycle: [left.applicant.id] });
      expect(favoured.pairs.length).toBe(oracle.pairs.length);
      promoted++;
    }
    expect(promoted).toBeGreaterThan(10);
  });

  it('is refused, in words, with objectives in priority order or deferred acceptance', () => {
    const applicants = smallCohort(4, 5, 2, DEFAULT_PROGRAM);
    for (const program of [{ ...withPoints(10), objectives: ['matched', 'total_score'] as const }, { ...withPoints(10), solver: 'deferred_acceptance' as const }]) {
      const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [], leftOutLastCycle: [] });
      expect(out.status).toBe('solver_failed');
      if (out.status === 'solver_failed') expect(out.reason).toContain('priority.unmatched_last_cycle');
    }
  });

  it('zero points, or nobody left out, changes nothing', () => {
    const applicants = smallCohort(9, 7, 3, DEFAULT_PROGRAM);
    const plain = matched({ applicants, rejected: [], program: DEFAULT_PROGRAM, pastPairs: [], edits: [] });
    const ids = plain.unmatched.map((u) => u.applicant.id);
    const key = (r: MatchResult) => r.pairs.map((p) => `${p.mentor.id}+${p.mentee.id}`);
    expect(key(matched({ applicants, rejected: [], program: withPoints(0), pastPairs: [], edits: [], leftOutLastCycle: ids }))).toEqual(key(plain));
    expect(key(matched({ applicants, rejected: [], program: withPoints(50), pastPairs: [], edits: [], leftOutLastCycle: [] }))).toEqual(key(plain));
  });
});
