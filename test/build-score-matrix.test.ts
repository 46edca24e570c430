import { describe, expect, it } from 'vitest';
import type { Applicant } from '../scoring/applicant.js';
import { buildActiveFactors, buildScoreMatrix, scorePair } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { findExclusions, type PairIds } from '../scoring/find-exclusions.js';
import { FACTOR_NAMES, type FactorName, type ResolvedProgram } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

const TOPICS = ['budgeting', 'open data', 'council relations', 'GIS', 'procurement', 'records', 'elections', 'leadership'];
const REGIONS = ['North', 'East', 'West', ''];
const DEPARTMENTS = ['Finance', 'Clerks', 'Planning', ''];
const SIZES = ['under 10k', '10k-50k', '50k-250k', 'over 250k', '120000', ''];
const WORDS = ['budget', 'council', 'reports', 'leading', 'teams', 'procurement', 'elections', 'the', 'and', 'records', 'growth', 'planning'];

/** A random pool with every factor's inputs filled in at random (some blanks), plus requests, choices and supervisors. */
function randomPool(seed: number): { pool: ScoringPool; all: Applicant[] } {
  const next = rng(seed);
  const pickOf = <T>(xs: readonly T[]): T => xs[randInt(next, 0, xs.length - 1)] as T;
  const some = (xs: readonly string[], max: number) => Array.from({ length: randInt(next, 0, max) }, () => pickOf(xs));
  const text = () => Array.from({ length: randInt(next, 0, 15) }, () => pickOf(WORDS)).join(' ');
  const rows = randInt(next, 1, 9);
  const cols = randInt(next, 1, 9);
  const base = (id: string, role: 'mentor' | 'mentee'): Applicant =>
    makeApplicant({
      id,
      role,
      region: pickOf(REGIONS),
      department: pickOf(DEPARTMENTS),
      communitySize: pickOf(SIZES),
      yearsExperience: next() < 0.1 ? null : randInt(next, 0, 30),
      interests: some(TOPICS, 4),
      skillsOffered: some(TOPICS, 4),
      skillsSought: some(TOPICS, 4),
      goals: text(),
      bio: text(),
    });
  const mentors = Array.from({ length: cols }, (_, j) => base(`M${j}`, 'mentor'));
  const mentees = Array.from({ length: rows }, (_, i) => ({
    ...base(`E${i}`, 'mentee'),
    choices: some(mentors.map((m) => m.id), 3),
    requestedPartner: next() < 0.4 ? pickOf(mentors).id : null,
    supervisorId: next() < 0.2 ? pickOf(mentors).id : '',
  }));
  const mentorsWithAsks = mentors.map((m) => ({ ...m, requestedPartner: next() < 0.4 ? pickOf(mentees).id : null }));
  const pool = { mentees, mentors: mentorsWithAsks };
  return { pool, all: [...mentees, ...mentorsWithAsks] };
}

/** Random non-negative weights with at least one positive, some exactly 0. */
function randomWeights(seed: number): Record<FactorName, number> {
  const next = rng(seed * 31 + 5);
  const w = Object.fromEntries(FACTOR_NAMES.map((n) => [n, next() < 0.3 ? 0 : randInt(next, 1, 5)])) as Record<FactorName, number>;
  if (FACTOR_NAMES.every((n) => w[n] === 0)) w.interests = 1;
  return w;
}

const noPairs = { pastPairs: [] as PairIds[], bans: [] as PairIds[] };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('buildScoreMatrix', () => {
  it.each(SEEDS)('equals the sum of explainPair points for every pair (seed %i)', (seed) => {
    const { pool, all } = randomPool(seed);
    const program = testProgram({ weights: randomWeights(seed) });
    const m = buildScoreMatrix(pool, program, findExclusions(pool, program, { ...noPairs, allApplicants: all }));
    expect([m.mentees, m.mentors]).toEqual([pool.mentees.length, pool.mentors.length]);
    const active = FACTOR_NAMES.filter((n) => program.weights[n] > 0);
    const total = active.reduce((s, n) => s + program.weights[n], 0);
    for (let i = 0; i < m.mentees; i++) {
      for (let j = 0; j < m.mentors; j++) {
        const parts = m.explainPair(i, j);
        expect(parts.map((p) => p.factor)).toEqual(active);
        for (const p of parts) {
          expect(p.value).toBeGreaterThanOrEqual(0);
          expect(p.value).toBeLessThanOrEqual(1);
          expect(p.weight).toBe(program.weights[p.factor]);
          expect(p.points).toBeCloseTo((100 * p.weight * p.value) / total, 10);
          expect(p.reason.length).toBeGreaterThan(0);
        }
        const score = m.scores[i * m.mentors + j] as number;
        // Same sum in the same order: equal to the last bit, not just close.
        expect(score).toBe(parts.reduce((s, p) => s + p.points, 0));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100 + 1e-9);
      }
    }
  });

  it.each(SEEDS.flatMap((seed) => [0.001, 0.5, 7, 1e6].map((c) => [seed, c] as const)))(
    'scaling every weight by a constant leaves every score unchanged (seed %i, × %d)',
    (seed, c) => {
      const { pool } = randomPool(seed);
      const weights = randomWeights(seed);
      const scaled = Object.fromEntries(FACTOR_NAMES.map((n) => [n, weights[n] * c])) as Record<FactorName, number>;
      const a = testProgram({ weights });
      const b = testProgram({ weights: scaled });
      const ma = buildScoreMatrix(pool, a, findExclusions(pool, a, noPairs));
      const mb = buildScoreMatrix(pool, b, findExclusions(pool, b, noPairs));
      ma.scores.forEach((s, k) => expect(mb.scores[k]).toBeCloseTo(s, 9));
    },
  );

  it.each(SEEDS)('never allows an excluded pair, and allows exactly the pairs at or above the minimum (seed %i)', (seed) => {
    const { pool, all } = randomPool(seed);
    const next = rng(seed + 1000);
    const pick = <T>(xs: readonly T[]): T => xs[randInt(next, 0, xs.length - 1)] as T;
    const bans = Array.from({ length: 3 }, () => ({ mentorId: pick(pool.mentors).id, menteeId: pick(pool.mentees).id }));
    const pastPairs = Array.from({ length: 2 }, () => ({ mentorId: pick(pool.mentors).id, menteeId: pick(pool.mentees).id }));
    const base = testProgram({ weights: randomWeights(seed) });
    const program = testProgram({ weights: base.weights, exclusions: { ...base.exclusions, sameDepartment: true }, minScore: randInt(next, 0, 60) });
    const ex = findExclusions(pool, program, { allApplicants: all, pastPairs, bans });
    const m = buildScoreMatrix(pool, program, ex);
    for (let i = 0; i < m.mentees; i++) {
      for (let j = 0; j < m.mentors; j++) {
        const k = i * m.mentors + j;
        const excluded = ex.reasonOf(i, j);
        const high = (m.scores[k] as number) >= program.minScore;
        expect(m.allowed[k]).toBe(excluded === null && high ? 1 : 0);
        expect(m.reasonBlocked(i, j)).toBe(excluded ?? (high ? null : 'below_min_score'));
      }
    }
    for (const b of bans) {
      const i = pool.mentees.findIndex((e) => e.id === b.menteeId);
      const j = pool.mentors.findIndex((x) => x.id === b.mentorId);
      expect(m.allowed[i * m.mentors + j]).toBe(0);
    }
  });

  it('scores an excluded pair anyway, so a report can say what it would have been worth', () => {
    const pool = {
      mentees: [makeApplicant({ id: 'E1', region: 'North', supervisorId: 'M1' })],
      mentors: [makeApplicant({ id: 'M1', role: 'mentor', region: 'North' })],
    };
    const program = onlyWeights({ region: 1 });
    const m = buildScoreMatrix(pool, program, findExclusions(pool, program, noPairs));
    expect(m.scores[0]).toBe(100);
    expect(m.allowed[0]).toBe(0);
    expect(m.reasonBlocked(0, 0)).toBe('chain_of_command');
  });

  it('keeps a pair whose score equals the minimum despite rounding', () => {
    // One factor of three equal weights at 1: 100/3, not exactly representable.
    const pool = {
      mentees: [makeApplicant({ id: 'E1', region: 'North', department: 'Finance', interests: ['gis'] })],
      mentors: [makeApplicant({ id: 'M1', role: 'mentor', region: 'North', department: 'Finance', interests: ['budgeting'] })],
    };
    const program = testProgram({ ...onlyWeights({ region: 1, department: 1, interests: 1 }), minScore: 100 / 3 });
    const m = buildScoreMatrix(pool, program, findExclusions(pool, program, noPairs));
    expect(m.scores[0]).toBeCloseTo(100 / 3, 12);
    expect(m.allowed[0]).toBe(1);
  });

  it.each<[string, Partial<Record<FactorName, number>>, number]>([
    ['one factor at 1', { region: 2 }, 100],
    ['one at 1, one at 0', { region: 1, interests: 1 }, 50],
    ['weighted 3:1', { region: 3, interests: 1 }, 75],
    ['a blank earns nothing', { community_size: 1 }, 0],
  ])('weighted mean: %s', (_, weights, score) => {
    const pool = {
      mentees: [makeApplicant({ id: 'E1', region: 'North', interests: ['gis'] })],
      mentors: [makeApplicant({ id: 'M1', role: 'mentor', region: 'north', interests: ['budgeting'] })],
    };
    const program = onlyWeights(weights);
    const m = buildScoreMatrix(pool, program, findExclusions(pool, program, noPairs));
    expect(m.scores[0]).toBeCloseTo(score, 12);
    expect(scorePair(buildActiveFactors(pool, program), 0, 0)).toBeCloseTo(score, 12);
  });

  it('leaves zero-weight factors out of explanations', () => {
    const { pool } = randomPool(3);
    const program = onlyWeights({ skills: 2, mutual_request: 1 });
    const m = buildScoreMatrix(pool, program, findExclusions(pool, program, noPairs));
    expect(m.explainPair(0, 0).map((c) => c.factor)).toEqual(['skills', 'mutual_request']);
  });

  it('handles pools with no mentees or no mentors', () => {
    for (const pool of [
      { mentees: [], mentors: [makeApplicant({ id: 'M1', role: 'mentor' })] },
      { mentees: [makeApplicant({ id: 'E1' })], mentors: [] },
      { mentees: [], mentors: [] },
    ]) {
      const program = testProgram();
      const m = buildScoreMatrix(pool, program, findExclusions(pool, program, noPairs));
      expect(m.scores).toHaveLength(0);
      expect(m.allowed).toHaveLength(0);
    }
  });

  it('refuses exclusions built for another pool', () => {
    const { pool } = randomPool(1);
    const other = { mentees: [...pool.mentees, makeApplicant({ id: 'EXTRA' })], mentors: pool.mentors };
    expect(() => buildScoreMatrix(pool, testProgram(), findExclusions(other, testProgram(), noPairs))).toThrow(/same pool/);
  });
});

/** A program where only the given factors have weight. */
function onlyWeights(weights: Partial<Record<FactorName, number>>): ResolvedProgram {
  const zero = Object.fromEntries(FACTOR_NAMES.map((n) => [n, 0])) as Record<FactorName, number>;
  return testProgram({ weights: { ...zero, ...weights } });
}
