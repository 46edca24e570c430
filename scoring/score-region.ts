/**
 * Factor `region`: same region is a plus, not a requirement (AMCTO: matches
 * "may include someone who is not necessarily from your region"; meetings are
 * encouraged to be virtual). Regions compare case- and space-insensitively.
 */
import type { FactorBuilder } from './factor.js';

/** Neutral value when a region is blank: neither a plus nor a minus. */
const UNKNOWN_VALUE = 0.5;

/**
 * Builds the `region` factor for a pool.
 * Value: 1 same region, 0 different, 0.5 when either is blank.
 * Reason: "both in Northern Ontario" / "different regions (meetings can be virtual)" / "region left blank by the mentee (neutral)".
 */
export const buildRegionFactor: FactorBuilder = (pool) => {
  const idOf = new Map<string, number>();
  const toId = (region: string): number => {
    const key = region.trim().replace(/\s+/g, ' ').toLowerCase();
    if (key === '') return -1;
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(key, id);
    }
    return id;
  };
  const mentee = Int32Array.from(pool.mentees, (a) => toId(a.region));
  const mentor = Int32Array.from(pool.mentors, (a) => toId(a.region));

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
      if (a < 0 && b < 0) return 'region left blank by both (neutral)';
      if (a < 0) return 'region left blank by the mentee (neutral)';
      if (b < 0) return 'region left blank by the mentor (neutral)';
      return a === b ? `both in ${(pool.mentees[i]?.region ?? '').trim().replace(/\s+/g, ' ')}` : 'different regions (meetings can be virtual)';
    },
  };
};
