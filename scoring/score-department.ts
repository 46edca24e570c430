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

/** Neutral value when a department is blank: neither a plus nor a minus. */
const UNKNOWN_VALUE = 0.5;

/**
 * Builds the `department` factor for a pool.
 * Value with `prefer: different`: 1 different, 0 same; `same`: the inverse; `any`: always 1; 0.5 when either is blank.
 * Reason: "cross-department: Finance and Public Works" / "same department: Finance" / "department left blank by the mentor (neutral)".
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
      if (blank !== undefined) return `department left blank by ${blank}${prefer === 'any' ? suffix : ' (neutral)'}`;
      const da = displayLabel(pool.mentees[i]?.department ?? '');
      const db = displayLabel(pool.mentors[j]?.department ?? '');
      return a === b ? `same department: ${da}${suffix}` : `cross-department: ${da} and ${db}${suffix}`;
    },
  };
};
