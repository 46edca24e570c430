/**
 * Checks that the applications file has a column for everything the program
 * relies on. A rule whose column is missing would fail every applicant (a
 * typo in a column map must not make a whole cohort ineligible), so that is
 * a problem; a weighted factor or an exclusion with no column to read would
 * silently switch off, so that is a warning. Likewise a form's own answer
 * options that the program's settings do not name.
 */
import { TEMPLATE_FIELDS, headerKey, type Applicant, type TemplateField } from '../scoring/applicant.js';
import type { FactorName, ResolvedProgram } from '../scoring/program.js';
import { communityBandOf } from '../scoring/score-community-size.js';
import type { Problem } from './problems.js';

/** The columns a file has: template fields (after the column map) and extra headers. */
export interface ColumnsPresent {
  readonly fields: readonly TemplateField[];
  readonly extra: readonly string[];
}

/** The template fields each factor reads; a factor with none of them present scores nothing. */
const FACTOR_FIELDS: Readonly<Record<FactorName, readonly TemplateField[]>> = {
  interests: ['interests'],
  skills: ['skills_sought', 'skills_offered'],
  goals_text: ['goals', 'bio'],
  community_size: ['community_size'],
  region: ['region'],
  experience_gap: ['years_experience'],
  department: ['department'],
  choice_rank: ['choices'],
  mutual_request: ['requested_partner'],
};

const MAP_HINT = 'map your form\'s header to it under `columns:` in the program config';

/** Problems (rules that cannot be checked) and warnings (factors and exclusions that cannot work). */
export function checkColumns(file: string, program: ResolvedProgram, present: ColumnsPresent): { problems: Problem[]; warnings: string[] } {
  const fields = new Set(present.fields);
  const extra = new Set(present.extra.map(headerKey));
  const has = (field: string): boolean => {
    const template = TEMPLATE_FIELDS.find((f) => headerKey(f) === headerKey(field));
    return template !== undefined ? fields.has(template) : extra.has(headerKey(field));
  };
  const problems: Problem[] = [];
  const needColumn = (column: string, rule: string): void => {
    if (!has(column)) {
      problems.push({
        code: 'missing_column',
        file,
        row: 1,
        column,
        expected: `a column for eligibility rule "${rule}" (without it every applicant would fail the rule); ${MAP_HINT}`,
      });
    }
  };
  for (const rule of program.eligibility) {
    switch (rule.rule) {
      case 'flag':
        needColumn(rule.field, rule.name);
        break;
      case 'completed_application':
        for (const f of rule.fields) needColumn(f, rule.name);
        break;
      case 'mentor_min_years':
        needColumn('years_experience', rule.name);
        break;
      case 'mentee_max_years_or_new':
        if (!has('years_experience') && !has('new_to_sector')) needColumn('years_experience', rule.name);
        break;
    }
  }

  const warnings: string[] = [];
  for (const [factor, needs] of Object.entries(FACTOR_FIELDS) as [FactorName, readonly TemplateField[]][]) {
    const missing = needs.filter((f) => !fields.has(f));
    if (program.weights[factor] > 0 && missing.length > 0) {
      warnings.push(`${file}: no ${missing.join(' or ')} column, so the "${factor}" factor (weight ${program.weights[factor]}) scores nothing; ${MAP_HINT}.`);
    }
  }
  if (program.exclusions.chainOfCommand && !fields.has('supervisor_id')) {
    warnings.push(`${file}: no supervisor_id column, so nobody's chain of command can be kept apart; ${MAP_HINT}.`);
  }
  if (program.exclusions.sameDepartment && !fields.has('department')) {
    warnings.push(`${file}: no department column, so "exclusions.same_department" cannot keep anyone apart; ${MAP_HINT}.`);
  }
  return { problems, warnings };
}

/**
 * A form's own size options ("Under 10,000") silently score as "unknown"
 * until the config names them as bands; say so instead of staying quiet.
 * The warning counts answers and never quotes them.
 */
export function checkCommunitySizes(file: string, applicants: readonly Applicant[], program: ResolvedProgram): string[] {
  if (program.weights.community_size === 0) return [];
  const answered = applicants.filter((a) => a.communitySize.trim() !== '');
  const unknown = answered.filter((a) => communityBandOf(a.communitySize, program.factors.communitySize) < 0).length;
  if (unknown === 0) return [];
  return [
    `${file}: ${unknown} of ${answered.length} community_size answers match none of the bands (${program.factors.communitySize.bands.join(', ')}) ` +
      'and score as unknown; list your form\'s options under factors.community_size.bands.',
  ];
}
