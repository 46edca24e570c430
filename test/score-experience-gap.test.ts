import { describe, expect, it } from 'vitest';
import { buildExperienceGapFactor, experienceGapValue } from '../scoring/score-experience-gap.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { rng } from './helpers/rng.js';

const cfg = { idealMin: 5, idealMax: 20, tolerance: 10 };

/** The factor for one mentee and one mentor with these years. */
function pair(menteeYears: number | null, mentorYears: number | null) {
  const f = buildExperienceGapFactor(
    { mentees: [makeApplicant({ yearsExperience: menteeYears })], mentors: [makeApplicant({ id: 'M', role: 'mentor', yearsExperience: mentorYears })] },
    testProgram(),
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('experience_gap factor', () => {
  it.each<[number, number]>([
    [-3, 0],
    [0, 0],
    [1, 0.2],
    [2.5, 0.5],
    [5, 1],
    [12, 1],
    [20, 1],
    [25, 0.5],
    [30, 0],
    [45, 0],
  ])('gap %d scores %d', (gap, value) => {
    expect(experienceGapValue(gap, cfg)).toBeCloseTo(value, 12);
  });

  it.each<[string, { idealMin: number; idealMax: number; tolerance: number }, number, number]>([
    ['ideal_min 0: a gap of 0 is ideal', { idealMin: 0, idealMax: 10, tolerance: 5 }, 0, 1],
    ['ideal_min 0: a negative gap is 0', { idealMin: 0, idealMax: 10, tolerance: 5 }, -1, 0],
    ['tolerance 0: above ideal_max is 0', { idealMin: 2, idealMax: 10, tolerance: 0 }, 10.5, 0],
    ['tolerance 0: ideal_max itself is 1', { idealMin: 2, idealMax: 10, tolerance: 0 }, 10, 1],
  ])('%s', (_, c, gap, value) => {
    expect(experienceGapValue(gap, c)).toBe(value);
  });

  it('stays in [0, 1] and is 1 exactly on the ideal range (random gaps)', () => {
    const next = rng(3);
    for (let k = 0; k < 500; k++) {
      const gap = next() * 60 - 15;
      const v = experienceGapValue(gap, cfg);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      expect(v === 1).toBe(gap >= cfg.idealMin && gap <= cfg.idealMax);
    }
  });

  it.each<[string, number | null, number | null, number, string]>([
    ['mentor well ahead', 3, 12, 1, 'mentor has 9 more years of experience'],
    ['one year ahead', 3, 4, 0.2, 'mentor has 1 more year of experience'],
    ['fractional years', 2.1, 7.3, 1, 'mentor has 5.2 more years of experience'],
    ['same years', 6, 6, 0, 'same years of experience'],
    ['mentee ahead', 9, 6, 0, 'mentee has 3 more years of experience than the mentor'],
    ['mentee years blank', null, 10, 0, 'years of experience unknown for the mentee (no points)'],
    ['mentor years blank', 2, null, 0, 'years of experience unknown for the mentor (no points)'],
    ['both blank', null, null, 0, 'years of experience unknown for both (no points)'],
  ])('%s', (_, mentee, mentor, value, reason) => {
    const r = pair(mentee, mentor);
    expect(r.name).toBe('experience_gap');
    expect(r.value).toBeCloseTo(value, 12);
    expect(r.reason).toBe(reason);
  });
});
