import { describe, expect, it } from 'vitest';
import { buildDepartmentFactor } from '../scoring/score-department.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

type Prefer = 'same' | 'different' | 'any';

/** The factor for one mentee and one mentor in these departments. */
function pair(prefer: Prefer, menteeDept: string, mentorDept: string) {
  const f = buildDepartmentFactor(
    { mentees: [makeApplicant({ department: menteeDept })], mentors: [makeApplicant({ id: 'M', role: 'mentor', department: mentorDept })] },
    testProgram({ factors: { ...testProgram().factors, department: { prefer } } }),
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('department factor', () => {
  it.each<[Prefer, string, string, number, string]>([
    ['different', 'Finance', 'Public Works', 1, 'cross-department: Finance and Public Works'],
    ['different', 'Finance', ' finance ', 0, 'same department: Finance'],
    ['same', 'Finance', 'Public Works', 0, 'cross-department: Finance and Public Works'],
    ['same', 'Finance', 'FINANCE', 1, 'same department: Finance'],
    ['any', 'Finance', 'Public Works', 1, 'cross-department: Finance and Public Works (department not considered)'],
    ['any', 'Finance', 'Finance', 1, 'same department: Finance (department not considered)'],
    ['any', '', 'Finance', 1, 'department left blank by the mentee (department not considered)'],
    ['any', '', '', 1, 'department left blank by both (department not considered)'],
    ['different', '', 'Finance', 0, 'department left blank by the mentee (no points)'],
    ['same', 'Finance', '', 0, 'department left blank by the mentor (no points)'],
    ['different', '', '', 0, 'department left blank by both (no points)'],
  ])('prefer %s: %j vs %j', (prefer, a, b, value, reason) => {
    const r = pair(prefer, a, b);
    expect(r.name).toBe('department');
    expect(r.value).toBe(value);
    expect(r.reason).toBe(reason);
  });

  it('same and different are exact opposites on known departments', () => {
    const depts = ['Finance', 'Clerks', 'finance', 'Planning'];
    for (const a of depts) for (const b of depts) expect(pair('same', a, b).value + pair('different', a, b).value).toBe(1);
  });
});
