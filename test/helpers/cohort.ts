/** Small generated cohorts, loaded through the real loader. */
import { expect } from 'vitest';
import { generatePool, poolToCsv } from '../../fixtures/generate-pool.js';
import { applicationsFromTable } from '../../runners/load-applications.js';
import { readTable } from '../../runners/read-table.js';
import type { Applicant } from '../../scoring/applicant.js';
import type { ResolvedProgram } from '../../scoring/program.js';

/** A generated cohort of `mentees` and `mentors`, read as the CSV loader reads a file. */
export function smallCohort(seed: number, mentees: number, mentors: number, program: ResolvedProgram): Applicant[] {
  const csv = poolToCsv(generatePool({ seed, mentees, mentors }));
  const loaded = applicationsFromTable(readTable('cohort.csv', csv), program);
  expect(loaded.problems).toEqual([]);
  return [...loaded.applicants];
}
