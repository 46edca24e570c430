/**
 * The resolved program: every rule, weight and setting a run needs, with all
 * defaults filled in. Produced once at the runner boundary from the YAML
 * config (runners/load-config.ts); every stage after that only reads it.
 */
import type { Role, TemplateField } from './applicant.js';

/** The match factors of PRODUCT.md, each scored in [0,1] by its own module. */
export const FACTOR_NAMES = [
  'interests',
  'skills',
  'goals_text',
  'community_size',
  'region',
  'experience_gap',
  'department',
  'choice_rank',
  'mutual_request',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** The eligibility rules a program can switch on. */
export type EligibilityRule =
  /** A yes/no template field (or an extra column) must be answered "yes". */
  | {
      readonly rule: 'flag';
      /** Stable name shown in ineligible.csv, e.g. `member_in_good_standing`. */
      readonly name: string;
      /** A template boolean field, or an extra column header kept in `Applicant.extra`. */
      readonly field: string;
      readonly roles: readonly Role[];
      /** Why the rule exists, in words (shown in reports). */
      readonly description: string;
    }
  /** Listed fields must be filled in: the application is complete. */
  | {
      readonly rule: 'completed_application';
      readonly name: string;
      readonly fields: readonly TemplateField[];
      readonly roles: readonly Role[];
      readonly description: string;
    }
  /** Mentors need at least `years` of professional experience. */
  | { readonly rule: 'mentor_min_years'; readonly name: string; readonly years: number; readonly description: string }
  /** Mentees need fewer than `years` of experience, or to be new to the sector. */
  | {
      readonly rule: 'mentee_max_years_or_new';
      readonly name: string;
      readonly years: number;
      readonly description: string;
    };

/** How mentors and mentees are grouped. */
export type Shape =
  | { readonly kind: 'one_to_one' }
  /**
   * A mentor takes up to their `capacity` column (blank: `defaultCapacity`),
   * never above `maxCapacity`; with `minGroup` above 1, a mentor who takes
   * anyone takes at least that many (group mentoring; needs the LP solver).
   */
  | { readonly kind: 'capacity'; readonly defaultCapacity: number; readonly maxCapacity: number; readonly minGroup: number }
  /**
   * Group mentoring (the PCMA guide: "one or several mentors work with a
   * group of mentees"). Each group is led by a team of mentors: the
   * mentors a `co_mentors` column names together (at most `maxMentors`),
   * and with `coMentors: 'paired'` the others paired two by two to share
   * the most interests (scoring/form-mentor-teams.ts). A group that runs
   * has from `minSize` to `maxSize` mentees, fewer when a mentor's
   * `capacity` column says so; a team with no group leaves its mentors
   * unmatched with a reason.
   */
  | {
      readonly kind: 'group';
      readonly minSize: number;
      readonly maxSize: number;
      readonly coMentors: 'declared' | 'paired';
      readonly maxMentors: number;
    };

/**
 * The capacity limits a shape sets on a mentor: `fallback` for a blank
 * `capacity` cell, `max` for the largest accepted, and `minGroup`, the
 * fewest mentees a mentor (or team) who takes anyone takes (0 or 1: none).
 */
export function mentorCapacityLimits(shape: Shape): { readonly fallback: number; readonly max: number; readonly minGroup: number } {
  switch (shape.kind) {
    case 'one_to_one':
      return { fallback: 1, max: 1, minGroup: 0 };
    case 'capacity':
      return { fallback: shape.defaultCapacity, max: shape.maxCapacity, minGroup: shape.minGroup };
    case 'group':
      return { fallback: shape.maxSize, max: shape.maxSize, minGroup: shape.minSize };
  }
}

/**
 * Which solver finds the assignment. `auto`: the shortest-path solver, or
 * the LP solver when the program sets quotas or a minimum group size.
 * `deferred_acceptance`: mentee-proposing deferred acceptance, a stable
 * matching instead of the best total (no quotas or minimum group size).
 */
export type SolverChoice = 'auto' | 'shortest_path' | 'lp' | 'brute_force' | 'deferred_acceptance';

/** One level of `objectives:`. */
export type Objective = 'matched' | 'top_choices' | 'total_score' | 'worst_score';

/** Caps on the share of all pairs of one kind (0–1); absent: no cap. */
export interface Quotas {
  /** Pairs whose mentor and mentee name the same department. */
  readonly sameDepartment?: number;
  /** Pairs whose mentor and mentee name the same region. */
  readonly sameRegion?: number;
}

/**
 * Texts and settings of the announcement emails (PRODUCT.md "Announcement"):
 * one message per matched person, rendered by runners/render-emails.ts.
 */
export interface EmailTexts {
  /** Days within which the first contact is asked for (30 in the 3CMA handbook). */
  readonly firstContactDays: number;
  /**
   * Who is asked to make the first contact: the mentee (3CMA: "Take
   * responsibility for initiating and maintaining contact with your mentor";
   * AMCTO: "the mentee take an active approach"), the mentor (the city
   * department page: "The mentor will be responsible for scheduling the
   * mentorship meetings"), or either.
   */
  readonly firstContactBy: 'mentee' | 'mentor' | 'either';
  /** The meeting expectations restated in every message. */
  readonly meetingExpectations: string;
  readonly subject: string;
  /** Who signs the message. */
  readonly signature: string;
  /** Opening paragraph of a mentee's message, after the greeting. */
  readonly introMentee: string;
  /** Opening paragraph of a mentor's message, after the greeting. */
  readonly introMentor: string;
  /** Confidentiality reminder; null leaves it out. */
  readonly confidentiality: string | null;
  /** What to do about the mentoring agreement at the first meeting; null leaves it out. */
  readonly agreement: string | null;
  /** The program's address for questions (`Reply-To:`, and named in the body); null: none. */
  readonly replyTo: string | null;
  /** Sender address (`From:`, with the program name); null: left to the mail client that sends the draft. */
  readonly from: string | null;
}

/** Every setting of a run, all present. */
export interface ResolvedProgram {
  /** Program name shown in reports and emails. */
  readonly name: string;
  readonly shape: Shape;
  readonly eligibility: readonly EligibilityRule[];
  /** Non-negative factor weights; a weight of 0 switches a factor off. At least one is positive. */
  readonly weights: Readonly<Record<FactorName, number>>;
  readonly factors: {
    /** Mentor-minus-mentee years that score 1; below `idealMin` falls to 0 at a gap of 0, above `idealMax` falls to 0 at `idealMax + tolerance`. */
    readonly experienceGap: { readonly idealMin: number; readonly idealMax: number; readonly tolerance: number };
    /** Ordered community-size bands (smallest first) and the population upper bounds that map a number onto them. */
    readonly communitySize: { readonly bands: readonly string[]; readonly upperBounds: readonly number[] };
    /** Whether a shared department is wanted (`same`), unwanted (`different`: cross-department connections) or irrelevant. */
    readonly department: { readonly prefer: 'same' | 'different' | 'any' };
    /** How many ranked mentor choices a mentee may give (3 in the group-mentoring guide). */
    readonly choiceRank: { readonly maxChoices: number };
  };
  readonly exclusions: {
    /** Never pair someone with a person above or below them in their supervisor chain. */
    readonly chainOfCommand: boolean;
    /** Never pair two people of the same department. */
    readonly sameDepartment: boolean;
    /** Never pair two people who were paired in a past cycle. */
    readonly pastPairs: boolean;
  };
  /**
   * How large a run may get before it is refused with a message, instead of
   * running out of memory: rows of the applications file, and possible
   * pairs scored (eligible mentees × eligible mentors or teams).
   */
  readonly limits: { readonly maxApplicants: number; readonly maxPairs: number };
  /** Pairs scoring below this (0–100) are never made. */
  readonly minScore: number;
  readonly quotas: Quotas;
  /**
   * Points added, in the optimisation only, to every possible pair of an
   * applicant left out last cycle (named by `--history <earlier run>`), so
   * that the engine prefers to match them; shown scores stay the pairs'
   * own. 0: no priority.
   */
  readonly priority: { readonly unmatchedLastCycle: number };
  /**
   * What the matching maximises, most important first, each level exact
   * (engine/solve-lexicographic.ts): `matched` (pairs made), `top_choices`
   * (mentees given one of their top-3 choices), `total_score`,
   * `worst_score` (the worst-off pair's score). Null: the total score alone.
   */
  readonly objectives: readonly Objective[] | null;
  readonly solver: SolverChoice;
  /** Form header (as exported) → template field. Headers equal to a template field need no entry. */
  readonly columns: Readonly<Record<string, TemplateField>>;
  readonly emails: EmailTexts;
}
