/**
 * A parsed config value (any JS value, as YAML or a caller gives it) → a
 * {@link ResolvedProgram}: each section validated on its own, every setting
 * left out filled in from {@link DEFAULT_PROGRAM}, and the settings that
 * contradict each other (capacity default above max, ideal_min above
 * ideal_max, bands and bounds that do not fit) reported.
 *
 * A setting with problems resolves to its default, so one mistake never hides
 * the problems of the others; the caller must not run with the result unless
 * no problem was reported.
 */
import type * as z from 'zod';
import type { TemplateField } from '../scoring/applicant.js';
import { FACTOR_NAMES, type FactorName, type ResolvedProgram, type Shape } from '../scoring/program.js';
import { parseAt, partsOf, present, report, type Collector } from './collect-config-problems.js';
import {
  capacitySchema,
  groupSchema,
  limitsSchema,
  choiceRankSchema,
  columnsSchema,
  communitySizeSchema,
  departmentSchema,
  emailsSchema,
  exclusionsSchema,
  experienceGapSchema,
  factorsSchema,
  minScoreSchema,
  quotasSchema,
  prioritySchema,
  objectivesSchema,
  programSchema,
  shapeSchema,
  solverSchema,
  topSchema,
  weightsSchema,
  type FACTOR_KEYS,
} from './config-schema.js';
import { DEFAULT_CAPACITY, DEFAULT_GROUP, DEFAULT_PROGRAM, deepFreeze } from './program-defaults.js';
import { headerKey } from './read-table.js';
import { resolveEligibility } from './resolve-eligibility-rules.js';

/**
 * Resolves a parsed config value (any JS value) into a program, reporting
 * every problem into `c`. The result is frozen.
 */
export function resolveProgramSettings(c: Collector, raw: unknown): ResolvedProgram {
  const top = partsOf(c, topSchema, present(raw) ?? {}, []);
  if (top === undefined) return DEFAULT_PROGRAM;
  const d = DEFAULT_PROGRAM;
  const columns = resolveColumns(c, top.columns);
  return deepFreeze({
    name: leaf(c, programSchema, top.program, 'program', d.name),
    shape: resolveShape(c, top.shape, top.capacity, top.group),
    eligibility: resolveEligibility(c, top.eligibility, columns),
    weights: resolveWeights(c, top.weights),
    factors: resolveFactors(c, top.factors),
    exclusions: resolveExclusions(c, top.exclusions),
    minScore: leaf(c, minScoreSchema, top.min_score, 'min_score', d.minScore),
    quotas: resolveQuotas(c, top.quotas),
    priority: resolvePriority(c, top.priority),
    limits: resolveLimits(c, top.limits),
    objectives: leaf(c, objectivesSchema, present(top.objectives), 'objectives', d.objectives),
    solver: leaf(c, solverSchema, top.solver, 'solver', d.solver),
    columns,
    emails: resolveEmails(c, top.emails),
  });
}

// ---------------------------------------------------------------------------
// Each section

/** `shape:`, with `capacity:` (only with `shape: capacity`) or `group:` (only with `shape: group`). */
function resolveShape(c: Collector, shapeRaw: unknown, capacityRaw: unknown, groupRaw: unknown): Shape {
  const kind = shapeRaw === undefined ? 'one_to_one' : parseAt(c, shapeSchema, shapeRaw, ['shape']);
  const capacity = present(capacityRaw);
  const group = present(groupRaw);
  if (kind === undefined) return DEFAULT_PROGRAM.shape;
  // A settings block of another shape would silently do nothing.
  if (capacity !== undefined && kind !== 'capacity') {
    const instead = kind === 'group' ? 'the group block sets group sizes (group.max_size), or use shape: capacity' : 'add shape: capacity, or remove the capacity block';
    report(c, 'config_invalid', ['capacity'], `no capacity settings with shape: ${kind} (${instead})`);
  }
  if (group !== undefined && kind !== 'group') {
    report(c, 'config_invalid', ['group'], `no group settings with shape: ${kind} (add shape: group, or remove the group block)`);
  }
  switch (kind) {
    case 'one_to_one':
      return { kind: 'one_to_one' };
    case 'capacity':
      return resolveCapacity(c, capacity);
    case 'group':
      return resolveGroup(c, group);
  }
}

/** `capacity:` of `shape: capacity`. */
function resolveCapacity(c: Collector, capacity: unknown): Shape {
  const parsed = capacity === undefined ? {} : parseAt(c, capacitySchema, capacity, ['capacity']);
  if (parsed === undefined) return { kind: 'capacity', ...DEFAULT_CAPACITY };
  const defaultCapacity = parsed.default ?? DEFAULT_CAPACITY.defaultCapacity;
  const maxCapacity = parsed.max ?? DEFAULT_CAPACITY.maxCapacity;
  const minGroup = parsed.min_group ?? DEFAULT_CAPACITY.minGroup;
  if (minGroup > maxCapacity) {
    report(c, 'config_invalid', ['capacity', 'min_group'], `capacity.min_group (${minGroup}) no larger than capacity.max (${maxCapacity}): no mentor could take a group`);
  }
  if (defaultCapacity > maxCapacity) {
    const at = parsed.default !== undefined ? 'default' : 'max';
    report(c, 'config_invalid', ['capacity', at], `capacity.default (${defaultCapacity}) no larger than capacity.max (${maxCapacity})`);
  }
  return { kind: 'capacity', defaultCapacity, maxCapacity, minGroup };
}

/** `group:` of `shape: group`. */
function resolveGroup(c: Collector, group: unknown): Shape {
  const parsed = group === undefined ? {} : parseAt(c, groupSchema, group, ['group']);
  if (parsed === undefined) return { kind: 'group', ...DEFAULT_GROUP };
  const minSize = parsed.min_size ?? DEFAULT_GROUP.minSize;
  const maxSize = parsed.max_size ?? DEFAULT_GROUP.maxSize;
  if (minSize > maxSize) {
    const at = parsed.min_size !== undefined ? 'min_size' : 'max_size';
    report(c, 'config_invalid', ['group', at], `group.min_size (${minSize}) no larger than group.max_size (${maxSize}): no group could run`);
  }
  return {
    kind: 'group',
    minSize,
    maxSize,
    coMentors: parsed.co_mentors ?? DEFAULT_GROUP.coMentors,
    maxMentors: parsed.max_mentors ?? DEFAULT_GROUP.maxMentors,
  };
}

/** `quotas:`: shares from 0 to 1. */
function resolveQuotas(c: Collector, raw: unknown): ResolvedProgram['quotas'] {
  if (present(raw) === undefined) return DEFAULT_PROGRAM.quotas;
  const parsed = parseAt(c, quotasSchema, raw, ['quotas']);
  if (parsed === undefined) return DEFAULT_PROGRAM.quotas;
  return {
    ...(parsed.same_department === undefined ? {} : { sameDepartment: parsed.same_department }),
    ...(parsed.same_region === undefined ? {} : { sameRegion: parsed.same_region }),
  };
}

/** `limits:`: whole numbers. */
function resolveLimits(c: Collector, raw: unknown): ResolvedProgram['limits'] {
  if (present(raw) === undefined) return DEFAULT_PROGRAM.limits;
  const parsed = parseAt(c, limitsSchema, raw, ['limits']);
  if (parsed === undefined) return DEFAULT_PROGRAM.limits;
  return { maxApplicants: parsed.max_applicants ?? DEFAULT_PROGRAM.limits.maxApplicants, maxPairs: parsed.max_pairs ?? DEFAULT_PROGRAM.limits.maxPairs };
}

/** `priority:`: points from 0 to 100. */
function resolvePriority(c: Collector, raw: unknown): ResolvedProgram['priority'] {
  if (present(raw) === undefined) return DEFAULT_PROGRAM.priority;
  const parsed = parseAt(c, prioritySchema, raw, ['priority']);
  if (parsed === undefined) return DEFAULT_PROGRAM.priority;
  return { unmatchedLastCycle: parsed.unmatched_last_cycle ?? DEFAULT_PROGRAM.priority.unmatchedLastCycle };
}

/** `columns:`: each form header once (compared as the application loader compares them), trimmed. */
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

/** `weights:` over the defaults; at least one must stay above 0. */
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

/** `factors:`, each sub-section checked on its own. */
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

/** `exclusions:` over the defaults. */
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

/** `emails:` over the defaults; a text set to `false` is left out of the messages. */
function resolveEmails(c: Collector, raw: unknown): ResolvedProgram['emails'] {
  const d = DEFAULT_PROGRAM.emails;
  if (present(raw) === undefined) return d;
  const parsed = parseAt(c, emailsSchema, raw, ['emails']);
  // `false` switches a reminder off (null); left out, it keeps its default.
  const offOr = (v: string | false | undefined, fallback: string | null): string | null => (v === false ? null : (v ?? fallback));
  return {
    firstContactDays: parsed?.first_contact_days ?? d.firstContactDays,
    firstContactBy: parsed?.first_contact_by ?? d.firstContactBy,
    meetingExpectations: parsed?.meeting_expectations ?? d.meetingExpectations,
    subject: parsed?.subject ?? d.subject,
    signature: parsed?.signature ?? d.signature,
    introMentee: parsed?.intro_mentee ?? d.introMentee,
    introMentor: parsed?.intro_mentor ?? d.introMentor,
    confidentiality: offOr(parsed?.confidentiality, d.confidentiality),
    agreement: offOr(parsed?.agreement, d.agreement),
    replyTo: parsed?.reply_to ?? d.replyTo,
    from: parsed?.from ?? d.from,
  };
}

/** A leaf setting: its default when left out, otherwise validated (a blank value is a problem, not a default). */
function leaf<T>(c: Collector, schema: z.ZodType<T>, raw: unknown, key: string, fallback: T): T {
  return raw === undefined ? fallback : (parseAt(c, schema, raw, [key]) ?? fallback);
}

