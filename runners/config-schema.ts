/**
 * What a program config may say: the {@link ProgramConfig} type as written in
 * YAML, and the zod schemas checking the shape and range of every value.
 *
 * Schema `error` texts become the `expected` of the resulting problems, so
 * they are written for a program coordinator, not a developer. Unknown keys
 * carry the list of allowed keys as their message; collect-config-problems.ts
 * turns that into `config_unknown_key` with a "did you mean".
 */
import * as z from 'zod';
import { TEMPLATE_FIELDS, type BooleanField, type Role, type TemplateField } from '../scoring/applicant.js';
import { FACTOR_NAMES, type FactorName, type SolverChoice } from '../scoring/program.js';
import { headerAddress } from './check-email-address.js';

// ---------------------------------------------------------------------------
// Limits

/** Bounds of the numeric settings; the `expected` texts below name them. */
const MAX_WEIGHT = 100;
const MAX_YEARS = 60;
const MAX_CAPACITY = 100;
const MAX_CHOICES = 10;
const MAX_MENTORS_PER_GROUP = 10;
const MAX_FIRST_CONTACT_DAYS = 365;

// ---------------------------------------------------------------------------
// What the YAML says

/** Eligibility rules that check one template yes/no field, written by the field's name (`rule: agreement_signed`). */
export const FLAG_SHORTHANDS = [
  'member_in_good_standing',
  'agreement_signed',
  'confidentiality_signed',
  'employer_supports',
  'field_involvement',
] as const satisfies readonly BooleanField[];
/** A flag rule written by its field's name. */
export type FlagShorthand = (typeof FLAG_SHORTHANDS)[number];

/** Every value `rule:` accepts, in the order docs/program-config.md lists them. */
export const RULE_NAMES = [
  ...FLAG_SHORTHANDS,
  'flag',
  'completed_application',
  'mentor_min_years',
  'mentee_max_years_or_new',
] as const;

/** `roles:` as written: one role or a list. */
export type RolesConfig = Role | readonly Role[];

/** Keys every eligibility rule may carry besides `rule`. */
interface RuleConfigCommon {
  /** Name shown in ineligible.csv. @default the rule's own name (required for `flag`) */
  readonly name?: string;
  /** Why the rule exists, shown in reports. @default a sentence drawn from the handbooks */
  readonly description?: string;
}

/** One eligibility rule as written in the config. */
export type EligibilityRuleConfig =
  | (RuleConfigCommon & {
      readonly rule: FlagShorthand;
      /** @default [mentor, mentee] */
      readonly roles?: RolesConfig;
    })
  | (RuleConfigCommon & {
      readonly rule: 'flag';
      readonly name: string;
      /** A template yes/no field, a form header mapped to one in `columns`, or any other column header. */
      readonly column: string;
      /** @default [mentor, mentee] */
      readonly roles?: RolesConfig;
    })
  | (RuleConfigCommon & {
      readonly rule: 'completed_application';
      /** @default [interests] */
      readonly fields?: readonly TemplateField[];
      /** @default [mentor, mentee] */
      readonly roles?: RolesConfig;
    })
  | (RuleConfigCommon & {
      readonly rule: 'mentor_min_years' | 'mentee_max_years_or_new';
      /** @default 7 */
      readonly years?: number;
    });

/**
 * A program config as written in YAML (snake_case keys, every key optional).
 * `resolveProgram` (load-config.ts) validates it and fills in the defaults documented
 * here and in docs/program-config.md. Booleans also accept yes/no.
 */
export interface ProgramConfig {
  /** @default 'Mentorship program' */
  readonly program?: string;
  /** @default 'one_to_one' */
  readonly shape?: 'one_to_one' | 'capacity' | 'group';
  /** Only with `shape: capacity`. */
  readonly capacity?: {
    /** @default 1 */
    readonly default?: number;
    /** @default 3 */
    readonly max?: number;
    /** A mentor who takes anyone takes at least this many (group mentoring). @default none */
    readonly min_group?: number;
  } | null;
  /** Only with `shape: group`. */
  readonly group?: {
    /** The fewest mentees in a group that runs. @default 2 */
    readonly min_size?: number;
    /** The most mentees in a group (a mentor's `capacity` column may ask for fewer). @default 6 */
    readonly max_size?: number;
    /** declared: co-mentors only as the `co_mentors` column names them; paired: the others are paired two by two by shared interests. @default declared */
    readonly co_mentors?: 'declared' | 'paired';
    /** The most mentors the `co_mentors` column may put in one group. @default 2 */
    readonly max_mentors?: number;
  } | null;
  /** Largest share (0–1) of all pairs that may fall within one kind of pair. @default none */
  readonly quotas?: { readonly same_department?: number; readonly same_region?: number } | null;
  readonly priority?: { readonly unmatched_last_cycle?: number } | null;
  /** @default max_applicants 200000, max_pairs 100000000 */
  readonly limits?: { readonly max_applicants?: number; readonly max_pairs?: number } | null;
  readonly objectives?: readonly ('matched' | 'top_choices' | 'total_score' | 'worst_score')[] | null;
  /** @default [] */
  readonly eligibility?: readonly EligibilityRuleConfig[] | null;
  /** @default interests 3, skills 3, goals_text 2, community_size 1, region 1, experience_gap 1, others 0 */
  readonly weights?: Partial<Record<FactorName, number>> | null;
  readonly factors?: {
    /** @default ideal_min 5, ideal_max 20, tolerance 10 */
    readonly experience_gap?: { readonly ideal_min?: number; readonly ideal_max?: number; readonly tolerance?: number } | null;
    /** @default bands [under 10k, 10k-50k, 50k-250k, over 250k], upper_bounds [10000, 50000, 250000] */
    readonly community_size?: { readonly bands?: readonly string[]; readonly upper_bounds?: readonly number[] } | null;
    /** @default prefer different */
    readonly department?: { readonly prefer?: 'same' | 'different' | 'any' } | null;
    /** @default max_choices 3 */
    readonly choice_rank?: { readonly max_choices?: number } | null;
  } | null;
  readonly exclusions?: {
    /** @default true */
    readonly chain_of_command?: boolean;
    /** @default false */
    readonly same_department?: boolean;
    /** @default true */
    readonly past_pairs?: boolean;
  } | null;
  /** @default 0 */
  readonly min_score?: number;
  /** @default 'auto' */
  readonly solver?: SolverChoice;
  /** Form header → template field. @default {} */
  readonly columns?: Readonly<Record<string, TemplateField>> | null;
  /** The announcement emails (runners/render-emails.ts); every text's default is drawn from a handbook. */
  readonly emails?: {
    /** @default 30 (3CMA) */
    readonly first_contact_days?: number;
    /** Who is asked to make the first contact. @default 'mentee' (3CMA, AMCTO) */
    readonly first_contact_by?: 'mentee' | 'mentor' | 'either';
    /** @default the AMCTO agreement's wording */
    readonly meeting_expectations?: string;
    /** One line. @default 'Your mentorship match' */
    readonly subject?: string;
    /** May span lines. @default 'The mentorship committee' */
    readonly signature?: string;
    /** Opening paragraph of a mentee's message. @default 3CMA's "Roles as Mentees" */
    readonly intro_mentee?: string;
    /** Opening paragraph of a mentor's message. @default 3CMA's "Roles as Mentors" */
    readonly intro_mentor?: string;
    /** Confidentiality reminder; `false` leaves it out. @default the AMCTO confidentiality agreement's wording */
    readonly confidentiality?: string | false;
    /** What to do about the mentoring agreement at the first meeting; `false` leaves it out. @default the AMCTO FAQ's wording */
    readonly agreement?: string | false;
    /** The program's address for questions (`Reply-To:`, named in the body). @default none */
    readonly reply_to?: string;
    /** Sender address (`From:`, with the program name). @default none: the mail client's account */
    readonly from?: string;
  } | null;
}

// ---------------------------------------------------------------------------
// Schemas: shape and range of every value. `error` texts are the `expected`
// of the resulting problems, so they are written for a program coordinator.

/** "one of: a, b, c" — the expected text of every closed list of values. */
function oneOf(values: readonly string[]): string {
  return `one of: ${values.join(', ')}`;
}

const numberFrom = (min: number, max: number, words = `a number from ${min} to ${max}`) =>
  z.number({ error: words }).min(min).max(max);
const wholeFrom = (min: number, max: number, words = `a whole number from ${min} to ${max}`) =>
  z.number({ error: words }).int().min(min).max(max);
const text = (words: string) => z.string({ error: words }).trim().min(1);
const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: oneOf(values) });

/** yes/no as a coordinator writes it; YAML 1.2 reads only true/false as booleans. */
const YES_NO: ReadonlyMap<string, boolean> = new Map([
  ['true', true], ['yes', true], ['y', true], ['on', true],
  ['false', false], ['no', false], ['n', false], ['off', false],
]);
const yesNo = z.preprocess(
  (v) => (typeof v === 'string' ? (YES_NO.get(v.trim().toLowerCase()) ?? v) : v),
  z.boolean({ error: 'true or false (yes or no)' }),
);

/**
 * A mapping with a fixed set of keys. For an unknown key the issue message
 * is the list of allowed keys (the translator turns it into
 * `config_unknown_key` with a "did you mean").
 */
function section<S extends z.ZodRawShape>(shape: S, what: string) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? keys : `${what}: indented key: value lines (keys: ${keys})`),
  });
}

/** A mapping of sub-sections checked one by one (so one bad part does not hide problems in the others). */
function sectionOfParts<const K extends readonly string[]>(keys: K, what: string) {
  return section(Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])) as Record<K[number], z.ZodOptional<z.ZodUnknown>>, what);
}

const TOP_KEYS = [
  'program', 'shape', 'capacity', 'group', 'eligibility', 'weights', 'factors',
  'exclusions', 'min_score', 'solver', 'columns', 'emails', 'quotas', 'priority', 'objectives', 'limits',
] as const;
/** The sub-sections of `factors:`, each checked on its own. */
export const FACTOR_KEYS = ['experience_gap', 'community_size', 'department', 'choice_rank'] as const;

/** The top level: known keys only; each section's value is checked by its own schema. */
export const topSchema = sectionOfParts(TOP_KEYS, 'a program config');
/** `factors:`: known sub-sections only; each is checked by its own schema. */
export const factorsSchema = sectionOfParts(FACTOR_KEYS, 'the factor settings');

/** `program:`, the program's name. */
export const programSchema = text('the program name, as shown in reports and emails');
/** `shape:`. */
export const shapeSchema = choice(['one_to_one', 'capacity', 'group']);
/** `capacity:` (only with `shape: capacity`). */
export const capacitySchema = section(
  {
    default: wholeFrom(1, MAX_CAPACITY).optional(),
    max: wholeFrom(1, MAX_CAPACITY).optional(),
    min_group: wholeFrom(2, MAX_CAPACITY, `a whole number from 2 to ${MAX_CAPACITY} (the fewest mentees a mentor who takes anyone takes)`).optional(),
  },
  'the capacity settings',
);
/** `group:` (only with `shape: group`). */
export const groupSchema = section(
  {
    min_size: wholeFrom(1, MAX_CAPACITY, `a whole number from 1 to ${MAX_CAPACITY} (the fewest mentees in a group that runs)`).optional(),
    max_size: wholeFrom(1, MAX_CAPACITY, `a whole number from 1 to ${MAX_CAPACITY} (the most mentees in a group)`).optional(),
    co_mentors: choice(['declared', 'paired']).optional(),
    max_mentors: wholeFrom(1, MAX_MENTORS_PER_GROUP, `a whole number from 1 to ${MAX_MENTORS_PER_GROUP} (the most mentors the co_mentors column may put in one group)`).optional(),
  },
  'the group settings',
);
/** `quotas:`: the largest share of all pairs that may fall within one kind of pair. */
export const quotasSchema = section(
  {
    same_department: numberFrom(0, 1, 'a share from 0 to 1 (0.3 = at most 30% of all pairs)').optional(),
    same_region: numberFrom(0, 1, 'a share from 0 to 1 (0.3 = at most 30% of all pairs)').optional(),
  },
  'the quotas',
);

/** `objectives:`: what the matching maximises, most important first, each level kept exactly. */
export const objectivesSchema = z
  .array(choice(['matched', 'top_choices', 'total_score', 'worst_score']), { error: 'a list of objectives, most important first: [matched, top_choices, total_score, worst_score]' })
  .min(1, { error: 'at least one objective' })
  .refine((list) => new Set(list).size === list.length, { error: 'each objective once' });

/** `limits:`: how large a run may get before it is refused. */
export const limitsSchema = section(
  {
    max_applicants: wholeFrom(1, 10_000_000, 'a whole number of applicants from 1 to 10,000,000 (rows of the applications file)').optional(),
    max_pairs: wholeFrom(1, 10_000_000_000, 'a whole number of pairs from 1 to 10,000,000,000 (eligible mentees × mentors)').optional(),
  },
  'the limits',
);

/** `priority:`: points added in the optimisation to every pair of someone left out last cycle. */
export const prioritySchema = section(
  {
    unmatched_last_cycle: numberFrom(0, 100, 'points from 0 to 100 added to every possible pair of someone left out last cycle').optional(),
  },
  'the priority settings',
);

const roleSchema = choice(['mentor', 'mentee']);
const rolesSchema = z.union([roleSchema, z.array(roleSchema).min(1)], {
  error: 'mentor, mentee, or a list of them: [mentor, mentee]',
});
const templateFieldSchema = choice(TEMPLATE_FIELDS);
const ruleName = text('a name for the rule, shown in ineligible.csv');
const ruleDescription = text('a sentence saying why the rule exists, shown in reports');
const yearsSchema = numberFrom(0, MAX_YEARS, `a number of years from 0 to ${MAX_YEARS}`);

/** One item of `eligibility:`, by the kind of rule its `rule:` names. */
export const ruleSchema = z.discriminatedUnion(
  'rule',
  [
    section(
      {
        rule: choice(FLAG_SHORTHANDS),
        roles: rolesSchema.optional(),
        name: ruleName.optional(),
        description: ruleDescription.optional(),
      },
      'a rule',
    ),
    section(
      {
        rule: z.literal('flag'),
        name: text('a name for the rule, shown in ineligible.csv (required for rule: flag)'),
        column: text('the yes/no column to check: a template field or another column header (required for rule: flag)'),
        roles: rolesSchema.optional(),
        description: ruleDescription.optional(),
      },
      'a rule',
    ),
    section(
      {
        rule: z.literal('completed_application'),
        fields: z.array(templateFieldSchema, { error: 'a list of template fields, e.g. [interests, goals]' }).min(1).optional(),
        roles: rolesSchema.optional(),
        name: ruleName.optional(),
        description: ruleDescription.optional(),
      },
      'a rule',
    ),
    section(
      {
        rule: z.literal('mentor_min_years'),
        years: yearsSchema.optional(),
        name: ruleName.optional(),
        description: ruleDescription.optional(),
      },
      'a rule',
    ),
    section(
      {
        rule: z.literal('mentee_max_years_or_new'),
        years: yearsSchema.optional(),
        name: ruleName.optional(),
        description: ruleDescription.optional(),
      },
      'a rule',
    ),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union' ? oneOf(RULE_NAMES) : 'a rule: indented key: value lines starting with "rule:"',
  },
);
/** `eligibility:` as a list; each item is checked by {@link ruleSchema} on its own. */
export const eligibilitySchema = z.array(z.unknown(), { error: 'a list of rules, each starting with "- rule:"' });

/** `weights:`, one per factor. */
export const weightsSchema = section(
  Object.fromEntries(
    FACTOR_NAMES.map((f) => [f, numberFrom(0, MAX_WEIGHT, `a number from 0 to ${MAX_WEIGHT} (0 switches the factor off)`).optional()]),
  ) as Record<FactorName, z.ZodOptional<z.ZodNumber>>,
  'the factor weights',
);

const gapYears = numberFrom(0, MAX_YEARS, `a number of years from 0 to ${MAX_YEARS}`).optional();
/** `factors.experience_gap:`. */
export const experienceGapSchema = section(
  { ideal_min: gapYears, ideal_max: gapYears, tolerance: gapYears },
  'the experience-gap settings',
);
/** `factors.community_size:` (shape only; distinct bands and increasing bounds are checked when resolving). */
export const communitySizeSchema = section(
  {
    bands: z
      .array(text('a band label'), { error: 'a list of at least two band labels, smallest community first' })
      .min(2)
      .optional(),
    upper_bounds: z
      .array(z.number({ error: 'a population count above 0' }).positive(), {
        error: 'a list of population counts, one fewer than bands, increasing',
      })
      .optional(),
  },
  'the community-size settings',
);
/** `factors.department:`. */
export const departmentSchema = section({ prefer: choice(['different', 'same', 'any']).optional() }, 'the department settings');
/** `factors.choice_rank:`. */
export const choiceRankSchema = section({ max_choices: wholeFrom(1, MAX_CHOICES).optional() }, 'the ranked-choice settings');

/** `exclusions:`. */
export const exclusionsSchema = section(
  { chain_of_command: yesNo.optional(), same_department: yesNo.optional(), past_pairs: yesNo.optional() },
  'the exclusions',
);
/** `min_score:`. */
export const minScoreSchema = numberFrom(0, 100);
/** `solver:`. */
export const solverSchema = choice(['auto', 'shortest_path', 'lp', 'brute_force', 'deferred_acceptance']);
/** `columns:`, form header → template field. */
export const columnsSchema = z.record(z.string().trim().min(1, { error: 'a form header (not empty)' }), templateFieldSchema, {
  error: 'form headers, each mapped to a template field ("Email Address": email)',
});
/** A text of the emails that may be switched off with `false`. */
const textOrOff = (words: string) => z.union([text(words), z.literal(false)], { error: `${words}, or false to leave it out` });
/** An address for a mail header: exactly what the emails will accept ({@link headerAddress}), so a config that loads never loses a header. */
const mailAddress = (words: string) =>
  z.string({ error: words }).trim().refine((s) => headerAddress(s) !== null, { error: words });

/** `emails:`. */
export const emailsSchema = section(
  {
    first_contact_days: wholeFrom(1, MAX_FIRST_CONTACT_DAYS, `a whole number of days from 1 to ${MAX_FIRST_CONTACT_DAYS}`).optional(),
    first_contact_by: choice(['mentee', 'mentor', 'either']).optional(),
    meeting_expectations: text('a sentence stating the meeting expectations').optional(),
    subject: text('the subject line of the announcement emails, on one line')
      .refine((s) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(s), { error: 'the subject line of the announcement emails, on one line' })
      .optional(),
    signature: text('who signs the announcement emails').optional(),
    intro_mentee: text("the opening paragraph of a mentee's email").optional(),
    intro_mentor: text("the opening paragraph of a mentor's email").optional(),
    confidentiality: textOrOff('a confidentiality reminder').optional(),
    agreement: textOrOff('a reminder to go through the mentoring agreement at the first meeting').optional(),
    reply_to: mailAddress("one email address for questions, like mentoring@example.org (no name, no brackets)").optional(),
    from: mailAddress('one sender email address, like mentoring@example.org (no name, no brackets)').optional(),
  },
  'the email settings',
);
