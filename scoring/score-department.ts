/**
 * Factor `department`: LACMC builds "new connections across County
 * departments", so by default a mentor from another department scores
 * higher; a program may prefer the same department or ignore it
 * (`factors.department.prefer`). Departments compare case- and
 * space-insensitively. (Forbidding same-department pairs outright is the
 * `same_department` exclusion, not this factor.)
 */
import type { FactorBuilder } from './factor.js';

/** Neutral value when a department is blank: neither a plus nor a minus. */
const UNKNOWN_VALUE = 0.5;

/**
 * Builds the `department` factor for a pool.
 * Value with `prefer: different`: 1 different, 0 same; `same`: the inverse; `any`: always 1; 0.5 when either is blank.
 * Reason: "cross-department: Finance and Public Works" / "same department: Finance" / "department left blank by the mentor (neutral)".
 */
export const buildDepartmentFactor: FactorBuilder = (pool, program) => {
  const prefer = program.factors.department.prefer;
  const idOf = new Map<string, number>();
  const toId = (department: string): number => {
    const key = department.trim().replace(/\s+/g, ' ').toLowerCase();
    if (key === '') return -1;
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(key, id);
    }
    return id;
  };
  const mentee = Int32Array.from(pool.mentees, (a) => toId(a.department));
  const mentor = Int32Array.from(pool.mentors, (a) => toId(a.department));
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
      if (a < 0 && b < 0) return `department left blank by both${prefer === 'any' ? suffix : ' (neutral)'}`;
      if (a < 0) return `department left blank by the mentee${prefer === 'any' ? suffix : ' (neutral)'}`;
      if (b < 0) return `department left blank by the mentor${prefer === 'any' ? suffix : ' (neutral)'}`;
      const da = (pool.mentees[i]?.department ?? '').trim().replace(/\s+/g, ' ');
      const db = (pool.mentors[j]?.department ?? '').trim().replace(/\s+/g, ' ');
      return a === b ? `same department: ${da}${suffix}` : `cross-department: ${da} and ${db}${suffix}`;
    },
  };
};
