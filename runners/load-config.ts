/**
 * Reads a program config (YAML, see docs/program-config.md) and resolves it
 * into the {@link ResolvedProgram} every later stage reads.
 *
 * Nothing here throws on a bad config: every problem of the file is collected
 * (syntax, unknown keys, wrong values, settings that contradict each other)
 * and returned together, each with the key path in `column`, the value as
 * written in `value` and its line in `row`. The runner decides to stop.
 */
import { readFileSync } from 'node:fs';
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type CST, type Document, type Node } from 'yaml';
import * as z from 'zod';
import { BOOLEAN_FIELDS, TEMPLATE_FIELDS, type BooleanField, type Role, type TemplateField } from '../scoring/applicant.js';
import {
  FACTOR_NAMES,
  type EligibilityRule,
  type FactorName,
  type ResolvedProgram,
  type Shape,
  type SolverChoice,
} from '../scoring/program.js';
import type { Problem, ProblemCode } from './problems.js';
import { headerKey } from './read-table.js';

// ---------------------------------------------------------------------------
// Limits

/**
 * Alias expansions allowed while reading YAML. A legitimate config reuses an
 * anchor a handful of times; a "billion laughs" file needs thousands. Above
 * this the file is reported as `yaml_malformed` instead of eating memory.
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * Largest config file read (bytes). Real configs are a few KB (the bundled
 * ones are under 5 KB). Pathological YAML of this size parses in about a
 * second; at 1 MB, nested-bracket garbage took 2.4 s and 590 MB.
 */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** Deepest nesting of YAML collections read; a program config needs about 4 levels. */
export const MAX_YAML_DEPTH = 32;

/** Problems listed per config; past this a file is garbage or the wrong file, and one more line says how many were left out. */
export const MAX_CONFIG_PROBLEMS = 100;

/** Longest text that gets a "did you mean" hint (the edit-distance table is length²). */
const MAX_SUGGEST_CHARS = 64;

/** Bounds of the numeric settings; the `expected` texts below name them. */
const MAX_WEIGHT = 100;
const MAX_YEARS = 60;
const MAX_CAPACITY = 100;
const MAX_CHOICES = 10;
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
 * {@link resolveProgram} validates it and fills in the defaults documented
 * here and in docs/program-config.md. Booleans also accept yes/no.
 */
export interface ProgramConfig {
  /** @default 'Mentorship program' */
  readonly program?: string;
  /** @default 'one_to_one' */
  readonly shape?: 'one_to_one' | 'capacity';
  /** Only with `shape: capacity`. */
  readonly capacity?: {
    /** @default 1 */
    readonly default?: number;
    /** @default 3 */
    readonly max?: number;
  } | null;
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
  readonly emails?: {
    /** @default 30 */
    readonly first_contact_days?: number;
    /** @default the AMCTO agreement's wording */
    readonly meeting_expectations?: string;
    /** @default 'Your mentorship match' */
    readonly subject?: string;
    /** @default 'The mentorship committee' */
    readonly signature?: string;
  } | null;
}

// ---------------------------------------------------------------------------
// Defaults

/** Capacity settings used when `shape: capacity` leaves them out. */
const DEFAULT_CAPACITY = { defaultCapacity: 1, maxCapacity: 3 } as const;

/** Years threshold of the two experience rules when `years` is left out (the AMCTO handbook's seven). */
const DEFAULT_RULE_YEARS = 7;

/** Fields `completed_application` checks when `fields` is left out. */
const DEFAULT_COMPLETED_FIELDS: readonly TemplateField[] = ['interests'];

const BOTH_ROLES: readonly Role[] = ['mentor', 'mentee'];

/** Freezes a plain value all the way down, so a shared default can never be changed by a caller. */
function deepFreeze<T>(value: T): T {
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

// ---------------------------------------------------------------------------
// Rule descriptions, in the handbooks' words

/** "Mentors and mentees" / "Mentors" / "Mentees": who a rule applies to, as a sentence subject. */
function rolesSubject(roles: readonly Role[]): string {
  if (roles.includes('mentor') && roles.includes('mentee')) return 'Mentors and mentees';
  return roles.includes('mentor') ? 'Mentors' : 'Mentees';
}

function yearsWords(years: number): string {
  return `${years} year${years === 1 ? '' : 's'}`;
}

/** The sentence shown in reports for a shorthand flag rule; each paraphrases the handbook that asks for it. */
function describeFlagShorthand(rule: FlagShorthand, roles: readonly Role[]): string {
  const who = rolesSubject(roles);
  switch (rule) {
    case 'member_in_good_standing': // 3CMA, AMCTO, LACMC
      return `${who} must be members of the association in good standing.`;
    case 'agreement_signed': // AMCTO "Signed program agreement form."
      return (
        `${who} must review and sign the mentorship agreement before taking part, ` +
        'so that each knows their responsibilities and is fully committed.'
      );
    case 'confidentiality_signed': // AMCTO "Signed confidentiality form."
      return `${who} must sign the confidentiality agreement: discussions stay professional and confidential, during and after the program.`;
    case 'employer_supports': // AMCTO mentee responsibilities
      return `${who} must make sure their employer is aware of and supports their participation in the program.`;
    case 'field_involvement': // 3CMA eligibility requirements
      return `${who} must serve in a position that involves the program's field of work (by involvement in these activities, not by job title).`;
  }
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
  'program', 'shape', 'capacity', 'eligibility', 'weights', 'factors',
  'exclusions', 'min_score', 'solver', 'columns', 'emails',
] as const;
const FACTOR_KEYS = ['experience_gap', 'community_size', 'department', 'choice_rank'] as const;

const topSchema = sectionOfParts(TOP_KEYS, 'a program config');
const factorsSchema = sectionOfParts(FACTOR_KEYS, 'the factor settings');

const programSchema = text('the program name, as shown in reports and emails');
const shapeSchema = choice(['one_to_one', 'capacity']);
const capacitySchema = section(
  {
    default: wholeFrom(1, MAX_CAPACITY).optional(),
    max: wholeFrom(1, MAX_CAPACITY).optional(),
  },
  'the capacity settings',
);

const roleSchema = choice(['mentor', 'mentee']);
const rolesSchema = z.union([roleSchema, z.array(roleSchema).min(1)], {
  error: 'mentor, mentee, or a list of them: [mentor, mentee]',
});
const templateFieldSchema = choice(TEMPLATE_FIELDS);
const ruleName = text('a name for the rule, shown in ineligible.csv');
const ruleDescription = text('a sentence saying why the rule exists, shown in reports');
const yearsSchema = numberFrom(0, MAX_YEARS, `a number of years from 0 to ${MAX_YEARS}`);

const ruleSchema = z.discriminatedUnion(
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
const eligibilitySchema = z.array(z.unknown(), { error: 'a list of rules, each starting with "- rule:"' });

const weightsSchema = section(
  Object.fromEntries(
    FACTOR_NAMES.map((f) => [f, numberFrom(0, MAX_WEIGHT, `a number from 0 to ${MAX_WEIGHT} (0 switches the factor off)`).optional()]),
  ) as Record<FactorName, z.ZodOptional<z.ZodNumber>>,
  'the factor weights',
);

const gapYears = numberFrom(0, MAX_YEARS, `a number of years from 0 to ${MAX_YEARS}`).optional();
const experienceGapSchema = section(
  { ideal_min: gapYears, ideal_max: gapYears, tolerance: gapYears },
  'the experience-gap settings',
);
const communitySizeSchema = section(
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
const departmentSchema = section({ prefer: choice(['different', 'same', 'any']).optional() }, 'the department settings');
const choiceRankSchema = section({ max_choices: wholeFrom(1, MAX_CHOICES).optional() }, 'the ranked-choice settings');

const exclusionsSchema = section(
  { chain_of_command: yesNo.optional(), same_department: yesNo.optional(), past_pairs: yesNo.optional() },
  'the exclusions',
);
const minScoreSchema = numberFrom(0, 100);
const solverSchema = choice(['auto', 'shortest_path', 'brute_force']);
const columnsSchema = z.record(z.string().trim().min(1, { error: 'a form header (not empty)' }), templateFieldSchema, {
  error: 'form headers, each mapped to a template field ("Email Address": email)',
});
const emailsSchema = section(
  {
    first_contact_days: wholeFrom(1, MAX_FIRST_CONTACT_DAYS, `a whole number of days from 1 to ${MAX_FIRST_CONTACT_DAYS}`).optional(),
    meeting_expectations: text('a sentence stating the meeting expectations').optional(),
    subject: text('the subject line of the announcement emails').optional(),
    signature: text('who signs the announcement emails').optional(),
  },
  'the email settings',
);

// ---------------------------------------------------------------------------
// Collecting problems

/** A key path inside the config: `['eligibility', 2, 'years']`. */
type KeyPath = readonly (string | number)[];

/** Where a setting sits in the source: its line and its text as written. */
interface Located {
  readonly row?: number;
  readonly value?: string;
}

/** Finds a key (`key`) or its value (`value`) in the source; unknown places give `{}`. */
type Locate = (path: KeyPath, target: 'key' | 'value') => Located;

/** The problems of one config being resolved; lives for one call. */
interface Collector {
  readonly file: string;
  readonly locate: Locate;
  readonly problems: Problem[];
  /** Problems found beyond {@link MAX_CONFIG_PROBLEMS}. */
  dropped: number;
}

function newCollector(file: string, locate: Locate): Collector {
  return { file, locate, problems: [], dropped: 0 };
}

/** The collected problems in file order (by line), capped, with a last line counting any left out. */
function finish(file: string, problems: readonly Problem[], dropped: number): Problem[] {
  const rowOf = (p: Problem) => p.row ?? Number.MAX_SAFE_INTEGER;
  const byRow = [...problems].sort((a, b) => rowOf(a) - rowOf(b));
  if (dropped === 0) return byRow;
  return [
    ...byRow,
    {
      code: 'config_invalid',
      file,
      expected: `${dropped} more problems not listed: only the first ${MAX_CONFIG_PROBLEMS} are shown (is this the right file?)`,
    },
  ];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `weights.interests`, `eligibility[2].years`, `columns["Email Address"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function report(c: Collector, code: ProblemCode, path: KeyPath, expected: string, target: 'key' | 'value' = 'value'): void {
  if (c.problems.length >= MAX_CONFIG_PROBLEMS) {
    c.dropped++;
    return;
  }
  const at = c.locate(path, target);
  c.problems.push({
    code,
    file: c.file,
    ...(at.row !== undefined ? { row: at.row } : {}),
    ...(path.length > 0 ? { column: formatKeyPath(path) } : {}),
    ...(at.value !== undefined ? { value: at.value } : {}),
    expected,
  });
}

/** Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`: "emial" is one edit from "email". */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Int32Array((a.length + 1) * width);
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    d[i * width] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[(i - 1) * width + j] ?? 0) + 1, (d[i * width + j - 1] ?? 0) + 1, (d[(i - 1) * width + j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[(i - 2) * width + j - 2] ?? 0) + 1);
      d[i * width + j] = best;
    }
  }
  return d[a.length * width + b.length] ?? 0;
}

/** The closest allowed value to a near miss (`intrests` → `interests`), if one is close enough to be a typo. */
export function suggest(written: string, allowed: readonly string[]): string | undefined {
  if (written.length > MAX_SUGGEST_CHARS) return undefined;
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const w = norm(written);
  if (w === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(w, norm(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

function withSuggestion(expected: string, written: unknown, allowed: readonly string[]): string {
  const hint = typeof written === 'string' ? suggest(written, allowed) : undefined;
  return hint === undefined ? expected : `${expected} (did you mean "${hint}"?)`;
}

function valueAtPath(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/**
 * Validates `raw` against `schema`, turning every zod issue into a problem
 * under `path`. Returns the parsed value, or undefined when it had problems.
 */
function parseAt<T>(c: Collector, schema: z.ZodType<T>, raw: unknown, path: KeyPath): T | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const iss of result.error.issues) {
    const at = [...path, ...iss.path.filter((s): s is string | number => typeof s !== 'symbol')];
    if (iss.code === 'unrecognized_keys') {
      const allowed = iss.message.split(', ');
      for (const key of iss.keys) {
        report(c, 'config_unknown_key', [...at, key], withSuggestion(`one of the keys: ${iss.message}`, key, allowed), 'key');
      }
      continue;
    }
    const written = valueAtPath(raw, iss.path);
    let expected = iss.message;
    if (iss.code === 'invalid_value') {
      expected = withSuggestion(expected, written, iss.values.filter((v): v is string => typeof v === 'string'));
    } else if (iss.code === 'invalid_union' && iss.discriminator === 'rule') {
      expected = withSuggestion(expected, written, RULE_NAMES);
    }
    report(c, 'config_invalid', at, expected);
  }
  return undefined;
}

/**
 * The parts of a mapping whose parts are checked one by one: unknown keys
 * are reported, and the known parts are still checked (one typo must not
 * hide every other problem of the file).
 */
function partsOf<K extends string>(
  c: Collector,
  schema: z.ZodType<Partial<Record<K, unknown>>>,
  raw: unknown,
  path: KeyPath,
): Partial<Record<K, unknown>> | undefined {
  const parsed = parseAt(c, schema, raw, path);
  if (parsed !== undefined) return parsed;
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Partial<Record<K, unknown>>) : undefined;
}

/** A section left empty in YAML (`weights:` with nothing under it) is the same as a section left out. */
function present(raw: unknown): unknown {
  return raw === null ? undefined : raw;
}

// ---------------------------------------------------------------------------
// Resolving each part

function resolveShape(c: Collector, shapeRaw: unknown, capacityRaw: unknown): Shape {
  const kind = shapeRaw === undefined ? 'one_to_one' : parseAt(c, shapeSchema, shapeRaw, ['shape']);
  const capacity = present(capacityRaw);
  if (kind === undefined) return DEFAULT_PROGRAM.shape;
  if (kind === 'one_to_one') {
    // A capacity block without `shape: capacity` would silently do nothing.
    if (capacity !== undefined) {
      report(c, 'config_invalid', ['capacity'], 'no capacity settings with shape: one_to_one (add shape: capacity, or remove the capacity block)');
    }
    return { kind: 'one_to_one' };
  }
  const parsed = capacity === undefined ? {} : parseAt(c, capacitySchema, capacity, ['capacity']);
  if (parsed === undefined) return { kind: 'capacity', ...DEFAULT_CAPACITY };
  const defaultCapacity = parsed.default ?? DEFAULT_CAPACITY.defaultCapacity;
  const maxCapacity = parsed.max ?? DEFAULT_CAPACITY.maxCapacity;
  if (defaultCapacity > maxCapacity) {
    const at = parsed.default !== undefined ? 'default' : 'max';
    report(c, 'config_invalid', ['capacity', at], `capacity.default (${defaultCapacity}) no larger than capacity.max (${maxCapacity})`);
  }
  return { kind: 'capacity', defaultCapacity, maxCapacity };
}

function resolveColumns(c: Collector, raw: unknown): Readonly<Record<string, TemplateField>> {
  if (present(raw) === undefined) return DEFAULT_PROGRAM.columns;
  const parsed = parseAt(c, columnsSchema, raw, ['columns']);
  if (parsed === undefined) return DEFAULT_PROGRAM.columns;
  const seen = new Map<string, string>();
  const out: Record<string, TemplateField> = {};
  for (const [header, field] of Object.entries(parsed)) {
    const earlier = seen.get(headerKey(header));
    if (earlier !== undefined) {
      const expected = `each form header once: this is the same header as "${earlier}" when case, spaces and underscores are ignored`;
      report(c, 'config_invalid', ['columns', header], expected, 'key');
      continue;
    }
    seen.set(headerKey(header), header);
    out[header.trim()] = field;
  }
  return out;
}

function normalizeRoles(roles: RolesConfig | undefined): readonly Role[] {
  if (roles === undefined) return BOTH_ROLES;
  const list = typeof roles === 'string' ? [roles] : roles;
  return BOTH_ROLES.filter((r) => list.includes(r));
}

const isBooleanField = (s: string): s is BooleanField => (BOOLEAN_FIELDS as readonly string[]).includes(s);

/**
 * The applicant field a `flag` rule reads: a template field named (headers
 * compare as the application loader compares them: case, spaces and
 * underscores aside), a form header mapped to one in `columns`, or else the
 * column header itself (an extra column).
 */
function resolveFlagField(c: Collector, column: string, columns: Readonly<Record<string, TemplateField>>, path: KeyPath): string | undefined {
  const key = headerKey(column);
  const named = TEMPLATE_FIELDS.find((f) => headerKey(f) === key);
  const mapped = Object.entries(columns).find(([header]) => headerKey(header) === key)?.[1];
  const field = named ?? mapped;
  if (field === undefined) return column;
  if (isBooleanField(field)) return field;
  const why = field === named ? `${field} is a template field that is not yes/no` : `columns maps it to ${field}, which is not yes/no`;
  report(c, 'config_invalid', path, `a yes/no column: ${BOOLEAN_FIELDS.join(', ')}, or a column outside the template (${why})`);
  return undefined;
}

function resolveRule(c: Collector, raw: unknown, index: number, columns: Readonly<Record<string, TemplateField>>): EligibilityRule | undefined {
  const path = ['eligibility', index] as const;
  const r = parseAt(c, ruleSchema, raw, path);
  if (r === undefined) return undefined;
  switch (r.rule) {
    case 'flag': {
      const roles = normalizeRoles(r.roles);
      const field = resolveFlagField(c, r.column, columns, [...path, 'column']);
      if (field === undefined) return undefined;
      const description = r.description ?? `${rolesSubject(roles)} must answer yes to "${r.column}".`;
      return { rule: 'flag', name: r.name, field, roles, description };
    }
    case 'completed_application': {
      const roles = normalizeRoles(r.roles);
      const fields = r.fields === undefined ? DEFAULT_COMPLETED_FIELDS : [...new Set(r.fields)];
      const description =
        r.description ?? `${rolesSubject(roles)} must submit a completed application (${fields.join(', ')} filled in).`;
      return { rule: 'completed_application', name: r.name ?? r.rule, fields, roles, description };
    }
    case 'mentor_min_years': {
      const years = r.years ?? DEFAULT_RULE_YEARS;
      const description = r.description ?? `Mentors must have at least ${yearsWords(years)} of professional experience.`;
      return { rule: 'mentor_min_years', name: r.name ?? r.rule, years, description };
    }
    case 'mentee_max_years_or_new': {
      const years = r.years ?? DEFAULT_RULE_YEARS;
      const description =
        r.description ??
        `Mentees must be new professionals (under ${yearsWords(years)} of professional experience) or new to the sector.`;
      return { rule: 'mentee_max_years_or_new', name: r.name ?? r.rule, years, description };
    }
    default: {
      const roles = normalizeRoles(r.roles);
      return {
        rule: 'flag',
        name: r.name ?? r.rule,
        field: r.rule,
        roles,
        description: r.description ?? describeFlagShorthand(r.rule, roles),
      };
    }
  }
}

function resolveEligibility(c: Collector, raw: unknown, columns: Readonly<Record<string, TemplateField>>): readonly EligibilityRule[] {
  if (present(raw) === undefined) return DEFAULT_PROGRAM.eligibility;
  const items = parseAt(c, eligibilitySchema, raw, ['eligibility']);
  if (items === undefined) return DEFAULT_PROGRAM.eligibility;
  const rules: EligibilityRule[] = [];
  items.forEach((item, i) => {
    const rule = resolveRule(c, item, i, columns);
    if (rule !== undefined) rules.push(rule);
  });
  return rules;
}

function resolveWeights(c: Collector, raw: unknown): Readonly<Record<FactorName, number>> {
  if (present(raw) === undefined) return DEFAULT_PROGRAM.weights;
  const parsed = parseAt(c, weightsSchema, raw, ['weights']);
  if (parsed === undefined) return DEFAULT_PROGRAM.weights;
  const weights = { ...DEFAULT_PROGRAM.weights };
  for (const f of FACTOR_NAMES) {
    const w = parsed[f];
    if (w !== undefined) weights[f] = w;
  }
  if (FACTOR_NAMES.every((f) => weights[f] === 0)) {
    report(c, 'config_invalid', ['weights'], 'at least one weight above 0 (with every weight 0 all pairs score the same)');
  }
  return weights;
}

function resolveFactors(c: Collector, raw: unknown): ResolvedProgram['factors'] {
  const d = DEFAULT_PROGRAM.factors;
  if (present(raw) === undefined) return d;
  const parts = partsOf(c, factorsSchema, raw, ['factors']);
  if (parts === undefined) return d;
  const part = <T>(schema: z.ZodType<T>, key: (typeof FACTOR_KEYS)[number]): T | undefined => {
    const v = present(parts[key]);
    return v === undefined ? undefined : parseAt(c, schema, v, ['factors', key]);
  };

  const gap = part(experienceGapSchema, 'experience_gap');
  const experienceGap = {
    idealMin: gap?.ideal_min ?? d.experienceGap.idealMin,
    idealMax: gap?.ideal_max ?? d.experienceGap.idealMax,
    tolerance: gap?.tolerance ?? d.experienceGap.tolerance,
  };
  if (experienceGap.idealMin > experienceGap.idealMax) {
    const at = gap?.ideal_max !== undefined ? 'ideal_max' : 'ideal_min';
    report(
      c,
      'config_invalid',
      ['factors', 'experience_gap', at],
      `ideal_min (${experienceGap.idealMin}) no larger than ideal_max (${experienceGap.idealMax})`,
    );
  }

  const size = part(communitySizeSchema, 'community_size');
  const communitySize = {
    bands: size?.bands ?? d.communitySize.bands,
    upperBounds: size?.upper_bounds ?? d.communitySize.upperBounds,
  };
  checkCommunitySize(c, communitySize, size?.upper_bounds !== undefined);

  const department = part(departmentSchema, 'department');
  const choiceRank = part(choiceRankSchema, 'choice_rank');
  return {
    experienceGap,
    communitySize,
    department: { prefer: department?.prefer ?? d.department.prefer },
    choiceRank: { maxChoices: choiceRank?.max_choices ?? d.choiceRank.maxChoices },
  };
}

/** Bands are distinct; one fewer upper bound than bands, strictly increasing. */
function checkCommunitySize(
  c: Collector,
  size: { readonly bands: readonly string[]; readonly upperBounds: readonly number[] },
  boundsWritten: boolean,
): void {
  const base = ['factors', 'community_size'] as const;
  const seen = new Set<string>();
  size.bands.forEach((band, i) => {
    const key = band.toLowerCase();
    if (seen.has(key)) report(c, 'config_invalid', [...base, 'bands', i], 'distinct band labels (this one appears twice)');
    seen.add(key);
  });
  const wanted = size.bands.length - 1;
  if (size.upperBounds.length !== wanted) {
    const where = boundsWritten ? ' ' : ' (upper_bounds was left at its default, which fits the four default bands) ';
    report(
      c,
      'config_invalid',
      [...base, boundsWritten ? 'upper_bounds' : 'bands'],
      `one fewer upper bound than bands:${where}${size.bands.length} bands need ${wanted} upper bounds, got ${size.upperBounds.length}`,
    );
  }
  for (let i = 1; i < size.upperBounds.length; i++) {
    const prev = size.upperBounds[i - 1] ?? 0;
    const cur = size.upperBounds[i] ?? 0;
    if (cur <= prev) {
      report(c, 'config_invalid', [...base, 'upper_bounds', i], `a population above the bound before it (${prev}): bounds go smallest first`);
    }
  }
}

function resolveExclusions(c: Collector, raw: unknown): ResolvedProgram['exclusions'] {
  const d = DEFAULT_PROGRAM.exclusions;
  if (present(raw) === undefined) return d;
  const parsed = parseAt(c, exclusionsSchema, raw, ['exclusions']);
  return {
    chainOfCommand: parsed?.chain_of_command ?? d.chainOfCommand,
    sameDepartment: parsed?.same_department ?? d.sameDepartment,
    pastPairs: parsed?.past_pairs ?? d.pastPairs,
  };
}

function resolveEmails(c: Collector, raw: unknown): ResolvedProgram['emails'] {
  const d = DEFAULT_PROGRAM.emails;
  if (present(raw) === undefined) return d;
  const parsed = parseAt(c, emailsSchema, raw, ['emails']);
  return {
    firstContactDays: parsed?.first_contact_days ?? d.firstContactDays,
    meetingExpectations: parsed?.meeting_expectations ?? d.meetingExpectations,
    subject: parsed?.subject ?? d.subject,
    signature: parsed?.signature ?? d.signature,
  };
}

/** A leaf setting: its default when left out, otherwise validated (a blank value is a problem, not a default). */
function leaf<T>(c: Collector, schema: z.ZodType<T>, raw: unknown, key: string, fallback: T): T {
  return raw === undefined ? fallback : (parseAt(c, schema, raw, [key]) ?? fallback);
}

/** Resolves a parsed config value (any JS value) into a program, collecting problems. */
function resolveValue(c: Collector, raw: unknown): ResolvedProgram {
  const top = partsOf(c, topSchema, present(raw) ?? {}, []);
  if (top === undefined) return DEFAULT_PROGRAM;
  const d = DEFAULT_PROGRAM;
  const columns = resolveColumns(c, top.columns);
  return deepFreeze({
    name: leaf(c, programSchema, top.program, 'program', d.name),
    shape: resolveShape(c, top.shape, top.capacity),
    eligibility: resolveEligibility(c, top.eligibility, columns),
    weights: resolveWeights(c, top.weights),
    factors: resolveFactors(c, top.factors),
    exclusions: resolveExclusions(c, top.exclusions),
    minScore: leaf(c, minScoreSchema, top.min_score, 'min_score', d.minScore),
    solver: leaf(c, solverSchema, top.solver, 'solver', d.solver),
    columns,
    emails: resolveEmails(c, top.emails),
  });
}

// ---------------------------------------------------------------------------
// Public entry points

/** What resolving a config gives: the program, and every problem found (empty when the config is usable). */
export interface ConfigOutcome {
  /**
   * The resolved program. When `problems` is not empty it holds defaults in
   * place of every invalid setting and must not be used for a run.
   */
  readonly program: ResolvedProgram;
  readonly problems: readonly Problem[];
}

/** Text of a JS value for `Problem.value`, when there is no source text to quote. */
function jsText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return String(v);
  return JSON.stringify(v);
}

/**
 * Validates a config given as a JS object (the YAML's shape, snake_case keys)
 * and fills in every default. For library users who build the config in
 * code; `file` names it in problems.
 *
 * @example
 * const { program, problems } = resolveProgram({ shape: 'capacity', weights: { choice_rank: 2 } });
 * if (problems.length > 0) throw new InputError(problems);
 */
export function resolveProgram(config: ProgramConfig, file = '<program config>'): ConfigOutcome {
  const locate: Locate = (path) => {
    const value = jsText(valueAtPath(config, path));
    return value === undefined ? {} : { value };
  };
  const c = newCollector(file, locate);
  const program = resolveValue(c, config);
  return { program, problems: finish(file, c.problems, c.dropped) };
}

/** The node under a key path and the key node naming it; stops at the deepest part that exists. */
function findNode(doc: Document, path: KeyPath): { node: Node | null; key: Node | null; complete: boolean } {
  let node: Node | null = isNodeLike(doc.contents) ? doc.contents : null;
  let key: Node | null = null;
  for (const seg of path) {
    if (node !== null && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: { node: Node | null; key: Node | null } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (pair !== undefined) next = { node: isNodeLike(pair.value) ? pair.value : null, key: isNodeLike(pair.key) ? pair.key : null };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (isNodeLike(item)) next = { node: item, key: null };
    }
    if (next === undefined) return { node: node ?? key, key, complete: false };
    node = next.node;
    key = next.key;
  }
  return { node, key, complete: true };
}

/**
 * The offset of the first collection nested deeper than `limit` in a YAML
 * syntax tree, if any. Walks with an explicit stack so hostile nesting
 * cannot overflow the call stack here either.
 */
function findTooDeep(tokens: readonly CST.Token[], limit: number): number | undefined {
  const stack: Array<readonly [CST.Token, number]> = tokens.map((t) => [t, 0] as const);
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [token, depth] = top;
    switch (token.type) {
      case 'document':
        if (token.value !== undefined) stack.push([token.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth + 1 > limit) return token.offset;
        for (const item of token.items) {
          if (item.key !== undefined && item.key !== null) stack.push([item.key, depth + 1]);
          if (item.value !== undefined) stack.push([item.value, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Adds an error for every key set twice in one mapping (YAML forbids it, and
 * the later value would silently win). Linear per mapping; recursion is
 * bounded by {@link MAX_YAML_DEPTH}, checked before composing.
 */
function collectDuplicateKeys(node: unknown, errors: YAMLParseError[]): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (seen.has(key) && isNodeLike(pair.key) && pair.key.range) {
        const at: [number, number] = [pair.key.range[0], pair.key.range[1]];
        errors.push(new YAMLParseError(at, 'DUPLICATE_KEY', 'each key once in a mapping (this key is already set above)'));
      }
      seen.add(key);
      collectDuplicateKeys(pair.value, errors);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectDuplicateKeys(item, errors);
  }
}

function isNodeLike(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'range' in v;
}

/**
 * Reads config text (YAML) and resolves it. Pure: no file access, so tests
 * and tools can check a config held in memory. `file` names it in problems.
 *
 * Syntax errors are `yaml_malformed` with the line in `row`; so is a file
 * whose aliases expand beyond {@link MAX_ALIAS_COUNT} (a YAML bomb).
 */
export function resolveProgramConfig(text: string, file: string): ConfigOutcome {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter();
  const lineOf = (offset: number) => lines.linePos(offset).line;
  const malformed = (expected: string, row?: number, value?: string): ConfigOutcome => ({
    program: DEFAULT_PROGRAM,
    problems: [{ code: 'yaml_malformed', file, ...(row !== undefined ? { row } : {}), ...(value !== undefined ? { value } : {}), expected }],
  });

  // Parse to a syntax tree first (iterative, safe on any input), and refuse
  // absurd nesting before composing: yaml's composer recurses per level, and
  // after one stack overflow inside it a second deep file crashed Node outright
  // ("RegExpCompiler Allocation failed"), which no try/catch can report.
  const tokens = [...new Parser(lines.addNewLine).parse(source)];
  const tooDeep = findTooDeep(tokens, MAX_YAML_DEPTH);
  if (tooDeep !== undefined) {
    return malformed(`at most ${MAX_YAML_DEPTH} levels of nesting (a program config needs about 4)`, lineOf(tooDeep));
  }
  let doc: Document.Parsed | undefined;
  try {
    // uniqueKeys is checked below: yaml's own check compares every key with every other (4 s for 20,000 keys).
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, stringKeys: true, version: '1.2' });
    for (const next of composer.compose(tokens, true, source.length)) {
      if (doc === undefined) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'one document only (remove the second "---")'));
        break;
      }
    }
  } catch (e) {
    return malformed(`valid YAML (${e instanceof Error ? e.message : String(e)})`);
  }
  if (doc === undefined) return malformed('valid YAML');
  collectDuplicateKeys(doc.contents, doc.errors);
  if (doc.errors.length > 0) {
    // One mistake often cascades into the same error on the same line many times: list each once.
    const seen = new Set<string>();
    const problems: Problem[] = [];
    let dropped = 0;
    for (const err of doc.errors) {
      const row = lineOf(err.pos[0]);
      const expected = `valid YAML: ${err.message.replace(/ at line \d+, column \d+.*$/s, '')}`;
      if (seen.has(`${row} ${expected}`)) continue;
      seen.add(`${row} ${expected}`);
      if (problems.length >= MAX_CONFIG_PROBLEMS) {
        dropped++;
        continue;
      }
      const snippet = source.slice(err.pos[0], err.pos[1]);
      problems.push({
        code: 'yaml_malformed',
        file,
        row,
        ...(snippet.trim().length > 0 && !snippet.includes('\n') ? { value: snippet } : {}),
        expected,
      });
    }
    return { program: DEFAULT_PROGRAM, problems: finish(file, problems, dropped) };
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const bomb = e instanceof ReferenceError;
    return malformed(
      bomb
        ? `a config whose aliases (*name) expand at most ${MAX_ALIAS_COUNT} times; this one expands far more, like a YAML bomb`
        : `valid YAML (${e instanceof Error ? e.message : String(e)})`,
    );
  }

  const locate: Locate = (path, target) => {
    const found = findNode(doc, path);
    const at = target === 'key' && found.complete ? (found.key ?? found.node) : found.node;
    if (at?.range === undefined || at.range === null) return {};
    const row = lineOf(at.range[0]);
    if (!found.complete) return { row };
    const written = source.slice(at.range[0], at.range[1]).trim();
    return { row, value: written };
  };
  const c = newCollector(file, locate);
  const program = resolveValue(c, raw);
  return { program, problems: finish(file, c.problems, c.dropped) };
}

/**
 * Reads and resolves the program config file at `file` (YAML).
 *
 * @example
 * const { program, problems } = loadProgramConfig('program.yaml');
 * if (problems.length > 0) throw new InputError(problems);
 */
export function loadProgramConfig(file: string): ConfigOutcome {
  const fail = (code: ProblemCode, expected: string): ConfigOutcome => ({
    program: DEFAULT_PROGRAM,
    problems: [{ code, file, expected }],
  });
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('file_not_found', 'an existing program config file (YAML); `mentor-match init` writes a starter one');
    if (code === 'EISDIR') return fail('file_unreadable', 'a program config file, not a folder');
    return fail('file_unreadable', `a readable program config file (${code ?? String(e)})`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) {
    const expected = `a program config under ${MAX_CONFIG_BYTES / 1024} KB (this file has ${bytes.length} bytes: is it the right file?)`;
    return fail('file_unreadable', expected);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('bad_encoding', 'a UTF-8 text file (save the config as UTF-8)');
  }
  return resolveProgramConfig(text, file);
}
