/**
 * The defaults of a program config: what every setting left out resolves to,
 * exactly as documented in docs/program-config.md and on `ProgramConfig`
 * (config-schema.ts).
 */
import type { Role, TemplateField } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';

/** Capacity settings used when `shape: capacity` leaves them out. */
export const DEFAULT_CAPACITY = { defaultCapacity: 1, maxCapacity: 3, minGroup: 0 } as const;

/**
 * Group settings used when `shape: group` leaves them out. The PCMA guide
 * gives no size: a group is at least two mentees (one is not a group), and
 * six keeps it small enough that every member is heard. Co-mentors only
 * where the applications name them, at most two to a group.
 */
export const DEFAULT_GROUP = { minSize: 2, maxSize: 6, coMentors: 'declared', maxMentors: 2 } as const;

/**
 * The size limits when the config leaves them out. 200,000 rows: twice the
 * largest pool the project promises to load (100,000 applicants). 100
 * million pairs: a whole run peaks at about 27 bytes per possible pair
 * (10,000 × 4,000 = 40 M pairs took 1.09 GB, bench/RESULTS.md), so about
 * 2.7 GB, within any staff laptop's memory.
 */
export const DEFAULT_LIMITS = { maxApplicants: 200_000, maxPairs: 100_000_000 } as const;

/** Bytes a run holds per possible pair at its peak, measured (see {@link DEFAULT_LIMITS}). */
export const PEAK_BYTES_PER_PAIR = 27;

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
 * The announcement emails' texts when the config leaves them out, each drawn
 * from a handbook (docs/program-config.md names which):
 * - 30 days for first contact: 3CMA ("a request to make initial contact
 *   within 30 days");
 * - the mentee makes it: 3CMA ("Take responsibility for initiating and
 *   maintaining contact with your mentor") and the AMCTO FAQ ("it is
 *   recommended that the mentee take an active approach");
 * - meetings: the AMCTO agreement ("without ever going more than six weeks
 *   between meetings", "a minimum of 30 minutes and a maximum of 90");
 * - the two openings: 3CMA's "Roles as Mentees" and "Roles as Mentors";
 * - confidentiality: the AMCTO confidentiality agreement;
 * - the agreement: the AMCTO FAQ ("You will need to discuss this agreement
 *   during your initial conversation or meeting") and the LACMC handbook's
 *   first-meeting list.
 */
export const DEFAULT_EMAIL_TEXTS: ResolvedProgram['emails'] = deepFreeze({
  firstContactDays: 30,
  firstContactBy: 'mentee',
  meetingExpectations:
    'Meet at least once a month, for 30 to 90 minutes, and never let more than six weeks pass between meetings.',
  subject: 'Your mentorship match',
  signature: 'The mentorship committee',
  introMentee:
    'Welcome to the mentorship program. We are pleased to introduce your mentor: a sounding board to run ideas by, ' +
    'and a professional whose experience can help you in your work and professional growth.',
  introMentor:
    'Thank you for volunteering as a mentor. Your role is to be a resource and to build a trusting relationship ' +
    'in which you can help with feedback, strategy and career development.',
  confidentiality:
    'Keep the content of your conversations professional and confidential, during and after the program. ' +
    'If you have concerns about inappropriate behaviour or a breach of confidentiality, tell the program staff right away.',
  agreement:
    'At your first meeting, go through your mentoring agreement together: agree on your goals, the boundaries of the ' +
    'relationship, how often and for how long you will meet, how you will keep in touch between meetings, and how you ' +
    'will track progress.',
  replyTo: null,
  from: null,
});

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
  priority: { unmatchedLastCycle: 0 },
  limits: DEFAULT_LIMITS,
  objectives: null,
  solver: 'auto',
  columns: {},
  emails: DEFAULT_EMAIL_TEXTS,
});
