/**
 * Factor `department`: LACMC builds "new connections across County
 * departments", so by default a mentor from another department scores
 * higher; a program may prefer the same department or ignore it
 * (`factors.department.prefer`). Departments compare case- and
 * space-insensitively. (Forbidding same-department pairs outright is the
 * `same_department` exclusion, not this factor.)
 */
import type { FactorBuilder } from './factor.js';
import { displayLabel, indexLabels, missingSide } from './index-labels.js';

/**
 * The value when either department is blank (unless `prefer: any`): no
 * points, like the unpreferred case. A "neutral" 0.5 ranked a blank above an
 * honest answer on the wrong side, so leaving the field empty could win a
 * scarce mentor; filling in the form must only help.
 */
const UNKNOWN_VALUE = 0;

/**
 * Builds the `department` factor for a pool.
 * Value with `prefer: different`: 1 different, 0 same; `same`: the inverse; 0 when either is blank;
 * `any`: always 1, blank or not.
 * Reason: "cross-department: Finance and Public Works" / "same department: Finance" / "department left blank by the mentor (no points)" /
 * with `any`, "… (department not considered)".
 */
export const buildDepartmentFactor: FactorBuilder = (pool, program) => {
  const prefer = program.factors.department.prefer;
  const { mentee, mentor } = indexLabels(pool, (a) => a.department);
  const sameValue = prefer === 'same' ? 1 : prefer === 'different' ? 0 : 1;
  const differentValue = prefer === 'different' ? 1 : prefer === 'same' ? 0 : 1;

  return {
    name: 'department',
    value(i, j) {
      if (prefer === 'any') return 1;
      const a = mentee[i] as number;
      const b = mentor[j] as number;
      if (a < 0 || b < 0) return UNKNOWN_VALUE;
      return a === b ? sameValue : differentValue;
    },
    explain(i, j) {
      const a = mentee[i] as number;
      const b = mentor[j] as number;
      const suffix = prefer === 'any' ? ' (department not considered)' : '';
      const blank = missingSide(a, b);
      if (blank !== undefined) return `department left blank by ${blank}${prefer === 'any' ? suffix : ' (no points)'}`;
      const da = displayLabel(pool.mentees[i]?.department ?? '');
      const db = displayLabel(pool.mentors[j]?.department ?? '');
      return a === b ? `same department: ${da}${suffix}` : `cross-department: ${da} and ${db}${suffix}`;
    },
  };
};
