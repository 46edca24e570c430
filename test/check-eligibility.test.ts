import { describe, expect, it } from 'vitest';
import type { Applicant, TemplateField } from '../scoring/applicant.js';
import { checkEligibility } from '../scoring/check-eligibility.js';
import type { EligibilityRule } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

const both = ['mentor', 'mentee'] as const;
const flag = (field: string, roles: readonly ('mentor' | 'mentee')[] = both, name = field): EligibilityRule => ({
  rule: 'flag',
  name,
  field,
  roles,
  description: `${field} must be yes`,
});
const complete = (fields: readonly TemplateField[], roles: readonly ('mentor' | 'mentee')[] = both): EligibilityRule => ({
  rule: 'completed_application',
  name: 'completed_application',
  fields,
  roles,
  description: 'complete application',
});
const minYears: EligibilityRule = { rule: 'mentor_min_years', name: 'mentor_min_years', years: 7, description: '' };
const maxYears: EligibilityRule = { rule: 'mentee_max_years_or_new', name: 'mentee_max_years_or_new', years: 7, description: '' };

/** The failures of one applicant under some rules ([] when eligible). */
function failuresOf(a: Applicant, rules: readonly EligibilityRule[]): { rule: string; detail: string }[] {
  const { eligible, ineligible } = checkEligibility([a], testProgram({ eligibility: rules }));
  if (eligible.length === 1) return [];
  return [...(ineligible[0]?.failures ?? [])];
}

describe('checkEligibility', () => {
  it.each<[string, Partial<Applicant>, EligibilityRule, string | null]>([
    ['yes passes', { memberInGoodStanding: true }, flag('member_in_good_standing'), null],
    ['no fails', { memberInGoodStanding: false }, flag('member_in_good_standing'), 'member_in_good_standing is "no"'],
    ['blank fails', { memberInGoodStanding: null }, flag('member_in_good_standing'), 'member_in_good_standing was left blank'],
    ['agreement no', { agreementSigned: false }, flag('agreement_signed'), 'agreement_signed is "no"'],
    ['field involvement blank', { fieldInvolvement: null }, flag('field_involvement'), 'field_involvement was left blank'],
    ['template field, other case', { employerSupports: false }, flag('Employer_Supports'), 'Employer_Supports is "no"'],
    ['extra column yes', { extra: { orientation_done: 'Yes' } }, flag('orientation_done'), null],
    ['extra column 1', { extra: { orientation_done: '1' } }, flag('orientation_done'), null],
    ['extra column y, header case differs', { extra: { 'Orientation_Done ': 'y' } }, flag('orientation_done'), null],
    ['extra column, underscores in the header and spaces in the rule', { extra: { Signed_Waiver: 'yes' } }, flag('Signed Waiver'), null],
    ['extra column, spaces in the header and underscores in the rule', { extra: { 'Signed  Waiver': 'no' } }, flag('signed_waiver'), 'signed_waiver is "no"'],
    ['extra column true', { extra: { orientation_done: 'TRUE' } }, flag('orientation_done'), null],
    ['extra column no', { extra: { orientation_done: 'no' } }, flag('orientation_done'), 'orientation_done is "no"'],
    ['extra column 0', { extra: { orientation_done: '0' } }, flag('orientation_done'), 'orientation_done is "0"'],
    ['extra column n', { extra: { orientation_done: 'N' } }, flag('orientation_done'), 'orientation_done is "N"'],
    ['extra column false', { extra: { orientation_done: 'false' } }, flag('orientation_done'), 'orientation_done is "false"'],
    ['extra column blank', { extra: { orientation_done: '  ' } }, flag('orientation_done'), 'orientation_done was left blank'],
    ['extra column missing', { extra: {} }, flag('orientation_done'), 'orientation_done was left blank'],
    ['extra column not yes/no', { extra: { orientation_done: 'maybe' } }, flag('orientation_done'), 'orientation_done is "maybe", not a yes/no answer'],
  ])('flag: %s', (_, partial, rule, detail) => {
    const failures = failuresOf(makeApplicant(partial), [rule]);
    expect(failures).toEqual(detail === null ? [] : [{ rule: rule.name, detail }]);
  });

  it('names the flag rule by its configured name', () => {
    const failures = failuresOf(makeApplicant({ extra: { orientation_done: 'no' } }), [flag('orientation_done', both, 'attended_orientation')]);
    expect(failures).toEqual([{ rule: 'attended_orientation', detail: 'orientation_done is "no"' }]);
  });

  it('cuts a long value in an extra column so free text never floods a detail', () => {
    const long = 'x'.repeat(500);
    const [f] = failuresOf(makeApplicant({ extra: { orientation_done: long } }), [flag('orientation_done')]);
    expect(f?.detail.length).toBeLessThan(100);
  });

  it.each<[string, Partial<Applicant>, readonly TemplateField[], string | null]>([
    ['all filled', { interests: ['budgeting'], goals: 'grow' }, ['interests', 'goals'], null],
    ['goals blank', { interests: ['budgeting'], goals: '  ' }, ['interests', 'goals'], 'application incomplete: goals left blank'],
    ['both blank, alphabetical', { interests: [], goals: '' }, ['interests', 'goals'], 'application incomplete: goals, interests left blank'],
    ['list of blanks counts as blank', { interests: [' '] }, ['interests'], 'application incomplete: interests left blank'],
    ['years blank', { yearsExperience: null }, ['years_experience'], 'application incomplete: years_experience left blank'],
    ['years 0 is filled', { yearsExperience: 0 }, ['years_experience'], null],
    ['boolean blank', { newToSector: null }, ['new_to_sector'], 'application incomplete: new_to_sector left blank'],
    ['boolean no is filled', { newToSector: false }, ['new_to_sector'], null],
    ['capacity is never blank', {}, ['capacity', 'role'], null],
    ['requested_partner blank', {}, ['requested_partner', 'choices'], 'application incomplete: choices, requested_partner left blank'],
  ])('completed_application: %s', (_, partial, fields, detail) => {
    const failures = failuresOf(makeApplicant(partial), [complete(fields)]);
    expect(failures).toEqual(detail === null ? [] : [{ rule: 'completed_application', detail }]);
  });

  it.each<[string, Partial<Applicant>, string | null]>([
    ['mentor with 7 years passes', { role: 'mentor', yearsExperience: 7 }, null],
    ['mentor with 4 years fails', { role: 'mentor', yearsExperience: 4 }, 'mentor has 4 years of experience; the program requires at least 7'],
    ['mentor with 1 year fails', { role: 'mentor', yearsExperience: 1 }, 'mentor has 1 year of experience; the program requires at least 7'],
    ['mentor with blank years fails', { role: 'mentor', yearsExperience: null }, "mentor's years_experience was left blank; the program requires at least 7"],
    ['mentee is not checked', { role: 'mentee', yearsExperience: 1 }, null],
  ])('mentor_min_years: %s', (_, partial, detail) => {
    expect(failuresOf(makeApplicant(partial), [minYears])).toEqual(detail === null ? [] : [{ rule: 'mentor_min_years', detail }]);
  });

  const tail = 'the program takes mentees under 7 years or new to the sector';
  it.each<[string, Partial<Applicant>, string | null]>([
    ['under the limit', { yearsExperience: 6.5, newToSector: false }, null],
    ['at the limit, not new', { yearsExperience: 7, newToSector: false }, `mentee has 7 years of experience and is not new to the sector; ${tail}`],
    ['over, not new', { yearsExperience: 12, newToSector: false }, `mentee has 12 years of experience and is not new to the sector; ${tail}`],
    ['over but new to the sector', { yearsExperience: 20, newToSector: true }, null],
    ['over, new blank', { yearsExperience: 12, newToSector: null }, `mentee has 12 years of experience and new_to_sector was left blank; ${tail}`],
    ['years blank but new', { yearsExperience: null, newToSector: true }, null],
    ['years blank, not new', { yearsExperience: null, newToSector: false }, `mentee's years_experience was left blank and is not new to the sector; ${tail}`],
    ['both blank', { yearsExperience: null, newToSector: null }, `mentee's years_experience was left blank and new_to_sector was left blank; ${tail}`],
    ['mentor is not checked', { role: 'mentor', yearsExperience: 30, newToSector: false }, null],
  ])('mentee_max_years_or_new: %s', (_, partial, detail) => {
    expect(failuresOf(makeApplicant(partial), [maxYears])).toEqual(detail === null ? [] : [{ rule: 'mentee_max_years_or_new', detail }]);
  });

  it('applies a rule only to its roles', () => {
    const rules = [flag('employer_supports', ['mentee']), complete(['goals'], ['mentee'])];
    expect(failuresOf(makeApplicant({ role: 'mentor', employerSupports: false }), rules)).toEqual([]);
    expect(failuresOf(makeApplicant({ role: 'mentee', employerSupports: false, goals: 'x' }), rules)).toHaveLength(1);
  });

  it('lists every failing rule of a person, in config order', () => {
    const a = makeApplicant({ role: 'mentor', memberInGoodStanding: false, agreementSigned: null, yearsExperience: 3, interests: [] });
    const rules = [flag('member_in_good_standing'), flag('agreement_signed'), flag('confidentiality_signed'), complete(['interests']), minYears, maxYears];
    expect(failuresOf(a, rules).map((f) => f.rule)).toEqual(['member_in_good_standing', 'agreement_signed', 'completed_application', 'mentor_min_years']);
  });

  it('splits a pool, keeps input order, and does not modify the applicants', () => {
    const pool = [
      makeApplicant({ id: 'E1', goals: 'g' }),
      makeApplicant({ id: 'X1', memberInGoodStanding: false }),
      makeApplicant({ id: 'E2', role: 'mentor', yearsExperience: 9 }),
      makeApplicant({ id: 'X2', role: 'mentor', yearsExperience: 2 }),
    ];
    const before = JSON.stringify(pool);
    const { eligible, ineligible } = checkEligibility(pool, testProgram({ eligibility: [flag('member_in_good_standing'), minYears] }));
    expect(eligible.map((a) => a.id)).toEqual(['E1', 'E2']);
    expect(ineligible.map((x) => x.applicant.id)).toEqual(['X1', 'X2']);
    expect(JSON.stringify(pool)).toBe(before);
  });

  it('never puts free text (goals, bio) in a detail', () => {
    const secret = 'my confidential career worries';
    const a = makeApplicant({ goals: secret, bio: secret, memberInGoodStanding: false, interests: [], yearsExperience: 30, newToSector: false });
    const rules = [flag('member_in_good_standing'), complete(['interests', 'goals', 'bio']), maxYears];
    for (const f of failuresOf(a, rules)) expect(f.detail).not.toContain('confidential');
  });

  it('passes everyone when there are no rules', () => {
    const { eligible, ineligible } = checkEligibility([makeApplicant({ memberInGoodStanding: false })], testProgram());
    expect(eligible).toHaveLength(1);
    expect(ineligible).toHaveLength(0);
  });
});
