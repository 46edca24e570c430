/**
 * Factor `interests`: shared areas of interest (3CMA: "mutual areas of
 * interest"). The value is the share of the mentee's interests that the
 * mentor also lists, so a mentor who lists everything gains nothing over one
 * who lists exactly the mentee's interests.
 */
import type { FactorBuilder } from './factor.js';
import { buildListOverlap } from './list-overlap.js';
import { plural } from './words.js';

/**
 * Builds the `interests` factor for a pool.
 * Value: shared / mentee's distinct interests (0 when the mentee lists none).
 * Reason: "shares 2 of 3 interests: budgeting, open data" / "no shared interests".
 */
export const buildInterestsFactor: FactorBuilder = (pool) => {
  const overlap = buildListOverlap(
    pool.mentees.map((a) => a.interests),
    pool.mentors.map((a) => a.interests),
  );
  return {
    name: 'interests',
    value: overlap.share,
    explain(i, j) {
      const n = overlap.menteeCount(i);
      if (n === 0) return 'no shared interests (mentee listed none)';
      const shared = overlap.shared(i, j);
      if (shared.length === 0) return 'no shared interests';
      return `shares ${shared.length} of ${plural(n, 'interest')}: ${shared.join(', ')}`;
    },
  };
};
