/**
 * Eligibility: which applicants may be matched at all, and, for everyone who
 * may not, every rule they fail with a detail in words (ineligible.csv).
 *
 * Rules come from the program config (docs/program-config.md, "eligibility")
 * and each applies only to its roles. A person failing three rules gets three
 * failures, so the committee can tell them everything to fix at once.
 *
 * Details name fields and short values only — never free text such as goals
 * or a bio — because they are written to CSVs and reports.
 *
 * @example
 * const { eligible, ineligible } = checkEligibility(applicants, program);
 * for (const x of ineligible) console.log(x.applicant.id, x.failures.map((f) => f.detail).join('; '));
 */
import { BOOLEAN_FIELDS, booleanFieldOf, headerKey, type Applicant, type BooleanField, type TemplateField } from './applicant.js';
import { parseYesNo } from './parse-yes-no.js';
import type { EligibilityRule, ResolvedProgram } from './program.js';
import { plural, quoteShort } from './words.js';

/** One failed rule of one applicant. */
export interface EligibilityFailure {
  /** The rule's name from the config, e.g. `member_in_good_standing`. */
  readonly rule: string;
  /** What is wrong, in words naming the field and value, e.g. `member_in_good_standing is "no"`. */
  readonly detail: string;
}

/** An applicant who failed at least one rule, with every rule they failed, in config order. */
export interface IneligibleApplicant {
  readonly applicant: Applicant;
  readonly failures: readonly EligibilityFailure[];
}

/** The applicants split into those who may be matched and those who may not; both keep input order. */
export interface EligibilityResult {
  readonly eligible: Applicant[];
  readonly ineligible: IneligibleApplicant[];
}

/**
 * Checks every applicant against every rule of the program that applies to
 * their role. Pure: the applicants are not modified.
 */
export function checkEligibility(applicants: readonly Applicant[], program: ResolvedProgram): EligibilityResult {
  const eligible: Applicant[] = [];
  const ineligible: IneligibleApplicant[] = [];
  for (const applicant of applicants) {
    const failures: EligibilityFailure[] = [];
    for (const rule of program.eligibility) {
      const detail = checkRule(applicant, rule);
      if (detail !== null) failures.push({ rule: rule.name, detail });
    }
    if (failures.length === 0) eligible.push(applicant);
    else ineligible.push({ applicant, failures });
  }
  return { eligible, ineligible };
}

/** The failure detail of one rule for one applicant, or `null` when the rule passes or does not apply to their role. */
function checkRule(a: Applicant, rule: EligibilityRule): string | null {
  switch (rule.rule) {
    case 'flag': {
      if (!rule.roles.includes(a.role)) return null;
      return checkFlag(a, rule.field);
    }
    case 'completed_application': {
      if (!rule.roles.includes(a.role)) return null;
      // Alphabetical, so the detail reads the same whatever order the config lists the fields in.
      const blank = [...new Set(rule.fields)].filter((f) => isBlank(a, f)).sort();
      return blank.length === 0 ? null : `application incomplete: ${blank.join(', ')} left blank`;
    }
    case 'mentor_min_years': {
      if (a.role !== 'mentor') return null;
      const need = `the program requires at least ${rule.years}`;
      if (a.yearsExperience === null) return `mentor's years_experience was left blank; ${need}`;
      return a.yearsExperience >= rule.years ? null : `mentor has ${plural(a.yearsExperience, 'year')} of experience; ${need}`;
    }
    case 'mentee_max_years_or_new': {
      if (a.role !== 'mentee') return null;
      const years = a.yearsExperience;
      if (a.newToSector === true || (years !== null && years < rule.years)) return null;
      const yearsPart = years === null ? "mentee's years_experience was left blank" : `mentee has ${plural(years, 'year')} of experience`;
      const newPart = a.newToSector === null ? 'new_to_sector was left blank' : 'is not new to the sector';
      return `${yearsPart} and ${newPart}; the program takes mentees under ${rule.years} years or new to the sector`;
    }
  }
}


/** Template boolean fields by their header key. */
const BOOLEAN_FIELD_BY_KEY: ReadonlyMap<string, BooleanField> = new Map(BOOLEAN_FIELDS.map((f) => [headerKey(f), f]));

/** A `flag` rule: the field (template boolean or extra column) must say yes. */
function checkFlag(a: Applicant, field: string): string | null {
  const key = headerKey(field);
  const templateField = BOOLEAN_FIELD_BY_KEY.get(key);
  if (templateField !== undefined) {
    const v = booleanFieldOf(a, templateField);
    if (v === null) return `${field} was left blank`;
    return v ? null : `${field} is "no"`;
  }
  let raw = '';
  for (const [header, value] of Object.entries(a.extra)) {
    if (headerKey(header) === key) {
      raw = value;
      break;
    }
  }
  const text = raw.trim();
  if (text === '') return `${field} was left blank`;
  // Extra columns accept the template's yes/no spellings.
  const v = parseYesNo(text);
  if (v === undefined) return `${field} is ${quoteShort(text)}, not a yes/no answer`;
  return v ? null : `${field} is ${quoteShort(text)}`;
}

/** Whether a template field was left blank by this applicant. */
function isBlank(a: Applicant, field: TemplateField): boolean {
  switch (field) {
    case 'id':
      return a.id.trim() === '';
    case 'role':
    case 'capacity':
      // Always present after loading: the role is required and a blank capacity takes the program's default.
      return false;
    case 'name':
      return a.name.trim() === '';
    case 'email':
      return a.email.trim() === '';
    case 'region':
      return a.region.trim() === '';
    case 'community_size':
      return a.communitySize.trim() === '';
    case 'department':
      return a.department.trim() === '';
    case 'organization':
      return a.organization.trim() === '';
    case 'supervisor_id':
      return a.supervisorId.trim() === '';
    case 'goals':
      return a.goals.trim() === '';
    case 'bio':
      return a.bio.trim() === '';
    case 'years_experience':
      return a.yearsExperience === null;
    case 'requested_partner':
      return a.requestedPartner === null;
    case 'interests':
      return a.interests.every((s) => s.trim() === '');
    case 'skills_offered':
      return a.skillsOffered.every((s) => s.trim() === '');
    case 'skills_sought':
      return a.skillsSought.every((s) => s.trim() === '');
    case 'choices':
      return a.choices.length === 0;
    case 'co_mentors':
      return a.coMentors.length === 0;
    case 'member_in_good_standing':
    case 'new_to_sector':
    case 'agreement_signed':
    case 'confidentiality_signed':
    case 'employer_supports':
    case 'field_involvement':
      return booleanFieldOf(a, field) === null;
  }
}
