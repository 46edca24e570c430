/**
 * Factor `experience_gap`: the mentor should be far enough ahead to guide
 * (AMCTO: mentors 7+ years, mentees under 7) but not so far that the
 * mentee's situation is a distant memory. The ideal gap is
 * `[ideal_min, ideal_max]` years (`factors.experience_gap`).
 */
import type { FactorBuilder } from './factor.js';
import type { ResolvedProgram } from './program.js';
import { plural } from './words.js';

/**
 * The value when either side's years are blank: no points, like a gap far
 * off the ideal. A "neutral" 0.5 ranked unknown years above an honest poor
 * gap, so an incomplete application could win a scarce mentor; filling in
 * the form must only help.
 */
const UNKNOWN_VALUE = 0;

/**
 * The value of a gap of `gap` = mentor years − mentee years:
 * 1 inside `[idealMin, idealMax]`; below `idealMin` it falls linearly to 0 at
 * a gap of 0 (and is 0 when the mentee has as many or more years); above
 * `idealMax` it falls linearly to 0 at `idealMax + tolerance`.
 */
export function experienceGapValue(gap: number, cfg: ResolvedProgram['factors']['experienceGap']): number {
  if (gap >= cfg.idealMin && gap <= cfg.idealMax) return 1;
  if (gap < cfg.idealMin) return gap <= 0 ? 0 : gap / cfg.idealMin;
  if (cfg.tolerance <= 0) return 0;
  const v = 1 - (gap - cfg.idealMax) / cfg.tolerance;
  return v > 0 ? v : 0;
}

/** "9 more years" for a reason: whole numbers as-is, fractions to one decimal (and no 5.199999). */
function moreYears(years: number): string {
  return plural(Number(years.toFixed(1)), 'more year', 'more years');
}

/**
 * Builds the `experience_gap` factor for a pool.
 * Value: {@link experienceGapValue} of mentor years − mentee years; 0 when either is blank.
 * Reason: "mentor has 9 more years of experience" / "same years of experience" /
 * "mentee has 3 more years of experience than the mentor" / "years of experience unknown for the mentee (no points)".
 */
export const buildExperienceGapFactor: FactorBuilder = (pool, program) => {
  const cfg = program.factors.experienceGap;
  // NaN marks a blank: it keeps the arrays flat and fails every comparison.
  const mentee = Float64Array.from(pool.mentees, (a) => a.yearsExperience ?? Number.NaN);
  const mentor = Float64Array.from(pool.mentors, (a) => a.yearsExperience ?? Number.NaN);

  return {
    name: 'experience_gap',
    value(i, j) {
      const gap = (mentor[j] as number) - (mentee[i] as number);
      return Number.isNaN(gap) ? UNKNOWN_VALUE : experienceGapValue(gap, cfg);
    },
    explain(i, j) {
      const a = mentee[i] as number;
      const b = mentor[j] as number;
      if (Number.isNaN(a) && Number.isNaN(b)) return 'years of experience unknown for both (no points)';
      if (Number.isNaN(a)) return 'years of experience unknown for the mentee (no points)';
      if (Number.isNaN(b)) return 'years of experience unknown for the mentor (no points)';
      const gap = b - a;
      if (Math.abs(gap) < 0.05) return 'same years of experience';
      if (gap > 0) return `mentor has ${moreYears(gap)} of experience`;
      return `mentee has ${moreYears(-gap)} of experience than the mentor`;
    },
  };
};
