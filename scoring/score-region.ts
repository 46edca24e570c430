/**
 * Factor `region`: same region is a plus, not a requirement (AMCTO: matches
 * "may include someone who is not necessarily from your region"; meetings are
 * encouraged to be virtual). Regions compare case- and space-insensitively.
 */
import type { FactorBuilder } from './factor.js';
import { displayLabel, indexLabels, missingSide } from './index-labels.js';

/**
 * The value when either region is blank: no points, like a different region.
 * A "neutral" 0.5 ranked a blank above an honest mismatch, so with scarce
 * mentors an incomplete application could win; filling in the form must only help.
 */
const UNKNOWN_VALUE = 0;

/**
 * Builds the `region` factor for a pool.
 * Value: 1 same region, 0 different, 0 when either is blank.
 * Reason: "both in Northern Ontario" / "different regions (meetings can be virtual)" / "region left blank by the mentee (no points)".
 */
export const buildRegionFactor: FactorBuilder = (pool) => {
  const { mentee, mentor } = indexLabels(pool, (a) => a.region);

  return {
    name: 'region',
    value(i, j) {
      const a = mentee[i] as number;
      const b = mentor[j] as number;
      if (a < 0 || b < 0) return UNKNOWN_VALUE;
      return a === b ? 1 : 0;
    },
    explain(i, j) {
      const a = mentee[i] as number;
      const b = mentor[j] as number;
      const blank = missingSide(a, b);
      if (blank !== undefined) return `region left blank by ${blank} (no points)`;
      return a === b ? `both in ${displayLabel(pool.mentees[i]?.region ?? '')}` : 'different regions (meetings can be virtual)';
    },
  };
};
