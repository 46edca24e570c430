/**
 * Factor `mutual_request`: "match me with X". AMCTO will "only consider
 * matching people together if both parties have agreed to this. Each party
 * should specifically request to be matched with each other." So a request
 * counts only when the mentee asked for this mentor AND the mentor asked for
 * this mentee; a one-sided request is worth nothing (and the reason says so).
 */
import type { FactorBuilder } from './factor.js';

/**
 * Builds the `mutual_request` factor for a pool.
 * Value: 1 when both requested each other, otherwise 0.
 * Reason: "mutual request honoured" / "one-sided request (mentee asked; mentor did not) — not counted" /
 * "one-sided request (mentor asked; mentee did not) — not counted" / "no request".
 */
export const buildMutualRequestFactor: FactorBuilder = (pool) => {
  const mentorIndex = new Map(pool.mentors.map((m, j) => [m.id, j]));
  const menteeIndex = new Map(pool.mentees.map((m, i) => [m.id, i]));
  // Who each side asked for, as an index on the other side (-1: nobody, or not in the pool).
  const menteeAsked = Int32Array.from(pool.mentees, (a) => (a.requestedPartner === null ? -1 : (mentorIndex.get(a.requestedPartner) ?? -1)));
  const mentorAsked = Int32Array.from(pool.mentors, (a) => (a.requestedPartner === null ? -1 : (menteeIndex.get(a.requestedPartner) ?? -1)));

  return {
    name: 'mutual_request',
    value(i, j) {
      return menteeAsked[i] === j && mentorAsked[j] === i ? 1 : 0;
    },
    explain(i, j) {
      const menteeAsks = menteeAsked[i] === j;
      const mentorAsks = mentorAsked[j] === i;
      if (menteeAsks && mentorAsks) return 'mutual request honoured';
      if (menteeAsks) return 'one-sided request (mentee asked; mentor did not) — not counted';
      if (mentorAsks) return 'one-sided request (mentor asked; mentee did not) — not counted';
      return 'no request';
    },
  };
};
