/**
 * Factor `region`: same region is a plus, not a requirement (AMCTO: matches
 * "may include someone who is not necessarily from your region"; meetings are
 * encouraged to be virtual). Regions compare case- and space-insensitively.
 */
import type { FactorBuilder } from './factor.js';
import { displayLabel, indexLabels, missingSide } from './index-labels.js';

/** Neutral value when a region is blank: neither a plus nor a minus. */
const UNKNOWN_VALUE = 0.5;

/**
 * Builds the `region` factor for a pool.
 * Value: 1 same region, 0 different, 0.5 when either is blank.
 * Reason: "both in Northern Ontario" / "different regions (meetings can be virtual)" / "region left blank by the mentee (neutral)".
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
      if (blank !== undefined) return `region left blank by ${blank} (neutral)`;
      return a === b ? `both in ${displayLabel(pool.mentees[i]?.region ?? '')}` : 'different regions (meetings can be virtual)';
    },
  };
};
