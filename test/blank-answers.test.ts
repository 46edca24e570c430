/**
 * Leaving an answer blank must never pay. With limited mentors, a blank that
 * scored better than an honest mismatch would hand a mentor to the less
 * complete application; the four factors that read a single answer (region,
 * department, community size, years of experience) give an unknown side no
 * points, so filling in the form can only help.
 */
import { describe, expect, it } from 'vitest';
import { matchCohort } from '../runners/match-cohort.js';
import type { Applicant } from '../scoring/applicant.js';
import { buildScoreMatrix } from '../scoring/build-score-matrix.js';
import type { FactorBuilder, ScoringPool } from '../scoring/factor.js';
import { findExclusions } from '../scoring/find-exclusions.js';
import { FACTOR_NAMES, type FactorName, type ResolvedProgram } from '../scoring/program.js';
import { buildCommunitySizeFactor } from '../scoring/score-community-size.js';
import { buildDepartmentFactor } from '../scoring/score-department.js';
import { buildExperienceGapFactor } from '../scoring/score-experience-gap.js';
import { buildRegionFactor } from '../scoring/score-region.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

const FACTORS: readonly FactorBuilder[] = [buildRegionFactor, buildDepartmentFactor, buildCommunitySizeFactor, buildExperienceGapFactor];

/** Each answer these factors read, and how to leave it blank (`blank` is an empty or all-space cell). */
const BLANKERS = {
  region: (a: Applicant, blank: string): Applicant => ({ ...a, region: blank }),
  department: (a: Applicant, blank: string): Applicant => ({ ...a, department: blank }),
  communitySize: (a: Applicant, blank: string): Applicant => ({ ...a, communitySize: blank }),
  yearsExperience: (a: Applicant): Applicant => ({ ...a, yearsExperience: null }),
} as const;
type Answer = keyof typeof BLANKERS;
const ANSWERS = Object.keys(BLANKERS) as Answer[];

// Spelling variants and blanks on both sides, so matches, mismatches and unknowns all occur.
const REGIONS = ['East', 'west', ' West ', 'North', ''];
const DEPARTMENTS = ['Finance', 'finance', 'Clerks', 'Public  Works', ''];
const SIZES = ['under 10k', '10k-50k', '50k-250k', 'over 250k', '7500', '120,000', '2.5m', 'big city', ''];
const BLANKS = ['', '   '];
const SEEDS = Array.from({ length: 40 }, (_, k) => k + 1);

/** A random pool and a random program (department preference, gap range, bands) for one seed. */
function randomCase(seed: number): { pool: ScoringPool; program: ResolvedProgram; next: () => number } {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[randInt(next, 0, xs.length - 1)] as T;
  const years = (): number | null => (next() < 0.2 ? null : next() < 0.5 ? randInt(next, 0, 35) : Math.round(next() * 350) / 10);
  const person = (id: string, role: 'mentor' | 'mentee'): Applicant =>
    makeApplicant({ id, role, region: pick(REGIONS), department: pick(DEPARTMENTS), communitySize: pick(SIZES), yearsExperience: years() });
  const pool = {
    mentees: Array.from({ length: randInt(next, 1, 7) }, (_, i) => person(`E${i}`, 'mentee')),
    mentors: Array.from({ length: randInt(next, 1, 7) }, (_, j) => person(`M${j}`, 'mentor')),
  };
  const base = testProgram();
  const idealMin = randInt(next, 0, 8);
  const program = testProgram({
    factors: {
      ...base.factors,
      department: { prefer: pick(['different', 'same', 'any'] as const) },
      experienceGap: { idealMin, idealMax: idealMin + randInt(next, 0, 15), tolerance: randInt(next, 0, 12) },
      communitySize: next() < 0.3 ? { bands: ['rural', 'urban'], upperBounds: [20000] } : base.factors.communitySize,
    },
  });
  return { pool, program, next };
}

describe('a blank answer never raises a value', () => {
  it.each(SEEDS)('blanking any one answer of a mentee never raises that mentee’s value with any mentor (seed %i)', (seed) => {
    const { pool, program, next } = randomCase(seed);
    const before = FACTORS.map((build) => build(pool, program));
    for (let i = 0; i < pool.mentees.length; i++) {
      for (const answer of ANSWERS) {
        const blanked = BLANKERS[answer](pool.mentees[i] as Applicant, BLANKS[randInt(next, 0, BLANKS.length - 1)] as string);
        const changed = { ...pool, mentees: pool.mentees.map((a, k) => (k === i ? blanked : a)) };
        before.forEach((old, f) => {
          const after = (FACTORS[f] as FactorBuilder)(changed, program);
          for (let j = 0; j < pool.mentors.length; j++) {
            expect(after.value(i, j), `${old.name}: mentee ${i} without ${answer}, mentor ${j}`).toBeLessThanOrEqual(old.value(i, j));
          }
        });
      }
    }
  });

  it.each(SEEDS)('the same holds for a mentor’s answers (seed %i)', (seed) => {
    const { pool, program, next } = randomCase(seed);
    const before = FACTORS.map((build) => build(pool, program));
    for (let j = 0; j < pool.mentors.length; j++) {
      for (const answer of ANSWERS) {
        const blanked = BLANKERS[answer](pool.mentors[j] as Applicant, BLANKS[randInt(next, 0, BLANKS.length - 1)] as string);
        const changed = { ...pool, mentors: pool.mentors.map((a, k) => (k === j ? blanked : a)) };
        before.forEach((old, f) => {
          const after = (FACTORS[f] as FactorBuilder)(changed, program);
          for (let i = 0; i < pool.mentees.length; i++) {
            expect(after.value(i, j), `${old.name}: mentor ${j} without ${answer}, mentee ${i}`).toBeLessThanOrEqual(old.value(i, j));
          }
        });
      }
    }
  });
});

describe('with one mentor, an otherwise identical mentee who left an answer blank never wins', () => {
  /** A program scoring only the given factors. */
  const onlyWeights = (weights: Partial<Record<FactorName, number>>): ResolvedProgram => {
    const zero = Object.fromEntries(FACTOR_NAMES.map((n) => [n, 0])) as Record<FactorName, number>;
    return testProgram({ weights: { ...zero, ...weights } });
  };
  const mentor = makeApplicant({ id: 'M1', role: 'mentor', region: 'East', interests: ['budgeting'], communitySize: 'under 10k', yearsExperience: 12 });
  const shared = { interests: ['budgeting', 'open data'], communitySize: 'under 10k', yearsExperience: 2 };

  it('East mentor, West mentee, blank-region mentee: the blank one scores no more, and the reason says why', () => {
    const honest = makeApplicant({ id: 'E1', region: 'West', ...shared });
    const blank = makeApplicant({ id: 'E2', region: '', ...shared });
    const program = testProgram();
    const pool = { mentees: [honest, blank], mentors: [mentor] };
    const m = buildScoreMatrix(pool, program, findExclusions(pool, program, { pastPairs: [], bans: [] }));
    const west = m.scores[0] as number;
    expect(west).toBeGreaterThan(0);
    expect(m.scores[1]).toBeLessThanOrEqual(west);
    expect(m.explainPair(0, 0).find((c) => c.factor === 'region')).toMatchObject({ value: 0, reason: 'different regions (meetings can be virtual)' });
    expect(m.explainPair(1, 0).find((c) => c.factor === 'region')).toMatchObject({ value: 0, reason: 'region left blank by the mentee (no points)' });

    // A region tie: whoever the solver picks, the pair made is worth what the honest pair is.
    const out = matchCohort({ applicants: [mentor, blank, honest], rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    expect(out.result.pairs.map((p) => p.score)).toEqual([west]);
  });

  it.each<[string, Partial<Record<FactorName, number>>, Partial<Applicant>, Partial<Applicant>]>([
    ['a size one band off beats an unknown size', { community_size: 1, interests: 1 }, { communitySize: '10k-50k' }, { communitySize: '' }],
    ['a short experience gap beats unknown years', { experience_gap: 1, interests: 1 }, { yearsExperience: 10 }, { yearsExperience: null }],
  ])('the honest near-miss gets the mentor: %s', (_, weights, honestAnswers, blankAnswers) => {
    const program = onlyWeights(weights);
    // The blank mentee is E1, first in the pool, so pool order cannot be what decides.
    const blank = makeApplicant({ id: 'E1', region: 'West', ...shared, ...blankAnswers });
    const honest = makeApplicant({ id: 'E2', region: 'West', ...shared, ...honestAnswers });
    const out = matchCohort({ applicants: [mentor, blank, honest], rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    expect(out.result.pairs.map((p) => p.mentee.id)).toEqual(['E2']);
    expect(out.result.unmatched.map((u) => [u.applicant.id, u.code])).toEqual([['E1', 'candidates_taken']]);
  });
});
