/** Small generated cohorts, loaded through the real loader. */
import { expect } from 'vitest';
import { generatePool, poolToCsv } from '../../fixtures/generate-pool.js';
import { applicationsFromTable } from '../../runners/load-applications.js';
import { readTable } from '../../runners/read-table.js';
import type { Applicant } from '../../scoring/applicant.js';
import type { PairRecord } from '../../runners/match-cohort.js';
import type { ResolvedProgram } from '../../scoring/program.js';
import { randInt } from './rng.js';

/** A generated cohort of `mentees` and `mentors`, read as the CSV loader reads a file. */
export function smallCohort(seed: number, mentees: number, mentors: number, program: ResolvedProgram): Applicant[] {
  const csv = poolToCsv(generatePool({ seed, mentees, mentors }));
  const loaded = applicationsFromTable(readTable('cohort.csv', csv), program);
  expect(loaded.problems).toEqual([]);
  return [...loaded.applicants];
}

/**
 * Draws random (mentor, mentee) pairs of `applicants` from `next`: each call
 * gives one pair as a one-element list (with `action` when given), or an
 * empty list when a side has nobody.
 */
export function randomPairs(next: () => number, applicants: readonly Applicant[]): (row: number, action?: 'pin' | 'ban') => PairRecord[] {
  const mentors = applicants.filter((a) => a.role === 'mentor');
  const mentees = applicants.filter((a) => a.role === 'mentee');
  const pick = <T>(xs: readonly T[]): T | undefined => xs[randInt(next, 0, xs.length - 1)];
  return (row, action) => {
    const mentor = pick(mentors);
    const mentee = pick(mentees);
    return mentor && mentee ? [{ mentorId: mentor.id, menteeId: mentee.id, ...(action ? { action } : {}), source: { file: 'pairs.csv', row } }] : [];
  };
}
