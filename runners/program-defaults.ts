/**
 * The defaults of a program config: what every setting left out resolves to,
 * exactly as documented in docs/program-config.md and on `ProgramConfig`
 * (config-schema.ts).
 */
import type { Role, TemplateField } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';

/** Capacity settings used when `shape: capacity` leaves them out. */
export const DEFAULT_CAPACITY = { defaultCapacity: 1, maxCapacity: 3, minGroup: 0 } as const;

/** Years threshold of the two experience rules when `years` is left out (the AMCTO handbook's seven). */
export const DEFAULT_RULE_YEARS = 7;

/** Fields `completed_application` checks when `fields` is left out. */
export const DEFAULT_COMPLETED_FIELDS: readonly TemplateField[] = ['interests'];

/** Who a rule applies to when `roles` is left out; resolved roles are always listed in this order. */
export const BOTH_ROLES: readonly Role[] = ['mentor', 'mentee'];

/** Freezes a plain value all the way down, so a shared default can never be changed by a caller. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The program an empty config resolves to: exactly the defaults documented
 * in docs/program-config.md. Frozen; used by runs without `--config`.
 */
export const DEFAULT_PROGRAM: ResolvedProgram = deepFreeze({
  name: 'Mentorship program',
  shape: { kind: 'one_to_one' },
  eligibility: [],
  weights: {
    interests: 3,
    skills: 3,
    goals_text: 2,
    community_size: 1,
    region: 1,
    experience_gap: 1,
    department: 0,
    choice_rank: 0,
    mutual_request: 0,
  },
  factors: {
    experienceGap: { idealMin: 5, idealMax: 20, tolerance: 10 },
    communitySize: { bands: ['under 10k', '10k-50k', '50k-250k', 'over 250k'], upperBounds: [10000, 50000, 250000] },
    department: { prefer: 'different' },
    choiceRank: { maxChoices: 3 },
  },
  exclusions: { chainOfCommand: true, sameDepartment: false, pastPairs: true },
  minScore: 0,
  quotas: {},
  solver: 'auto',
  columns: {},
  emails: {
    firstContactDays: 30,
    meetingExpectations:
      'Meet at least once a month, for 30 to 90 minutes, and never let more than six weeks pass between meetings.',
    subject: 'Your mentorship match',
    signature: 'The mentorship committee',
  },
});
