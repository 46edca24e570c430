/**
 * `eligibility:` → the {@link EligibilityRule}s check-eligibility.ts applies:
 * each rule validated on its own, its defaults filled in (roles, years,
 * fields), a `flag` rule's column resolved to the applicant field it reads,
 * and a description for reports, in the handbooks' words, where the config
 * gives none.
 */
import { BOOLEAN_FIELDS, TEMPLATE_FIELDS, type BooleanField, type Role, type TemplateField } from '../scoring/applicant.js';
import type { EligibilityRule } from '../scoring/program.js';
import { parseAt, present, report, type Collector, type KeyPath } from './collect-config-problems.js';
import { eligibilitySchema, ruleSchema, type FlagShorthand, type RolesConfig } from './config-schema.js';
import { BOTH_ROLES, DEFAULT_COMPLETED_FIELDS, DEFAULT_PROGRAM, DEFAULT_RULE_YEARS } from './program-defaults.js';
import { headerKey } from './read-table.js';

// ---------------------------------------------------------------------------
// Rule descriptions, in the handbooks' words

/** "Mentors and mentees" / "Mentors" / "Mentees": who a rule applies to, as a sentence subject. */
function rolesSubject(roles: readonly Role[]): string {
  if (roles.includes('mentor') && roles.includes('mentee')) return 'Mentors and mentees';
  return roles.includes('mentor') ? 'Mentors' : 'Mentees';
}

/** "1 year", "7 years". */
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
// Resolving the rules

/** `roles:` as written (one role, a list, or nothing) → the roles in {@link BOTH_ROLES} order. */
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

/** One item of `eligibility:` (index `index`) → a rule, or undefined when it has problems. */
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

/**
 * Resolves `eligibility:`: every rule that is valid, in config order. A rule
 * with problems is reported and left out; the others are still checked.
 * `columns` is the resolved `columns:` map, which `flag` rules read through.
 */
export function resolveEligibility(c: Collector, raw: unknown, columns: Readonly<Record<string, TemplateField>>): readonly EligibilityRule[] {
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
