/**
 * Factor `skills`: the skills the mentee wants to develop that the mentor
 * offers (AMCTO: mentees "indicate … what skills they are looking to
 * develop"). The value is the share of the mentee's sought skills the mentor
 * offers; skills the mentor offers beyond those neither help nor hurt.
 */
import type { FactorBuilder } from './factor.js';
import { buildListOverlap } from './list-overlap.js';
import { plural } from './words.js';

/**
 * Builds the `skills` factor for a pool.
 * Value: sought-and-offered / mentee's distinct sought skills (0 when the mentee seeks none).
 * Reason: "offers 2 of 3 skills sought: budgeting, public speaking" / "offers none of the skills sought".
 */
export const buildSkillsFactor: FactorBuilder = (pool) => {
  const overlap = buildListOverlap(
    pool.mentees.map((a) => a.skillsSought),
    pool.mentors.map((a) => a.skillsOffered),
  );
  return {
    name: 'skills',
    value: overlap.share,
    explain(i, j) {
      const n = overlap.menteeCount(i);
      if (n === 0) return 'mentee listed no skills sought';
      const shared = overlap.shared(i, j);
      if (shared.length === 0) return 'offers none of the skills sought';
      return `offers ${shared.length} of ${plural(n, 'skill')} sought: ${shared.join(', ')}`;
    },
  };
};
