/**
 * Builds applicants for tests: every field has a plain default (an eligible
 * mentee with nothing filled in beyond the basics), and a test states only
 * what it is about.
 */
import type { Applicant } from '../../scoring/applicant.js';

/** Fields a test may set; `source` and `extra` keep their defaults unless given. */
export type ApplicantOverrides = Partial<Applicant>;

/**
 * An applicant with defaults: role mentee, id "A1", answers "yes" to every
 * yes/no question, blank text and lists, capacity 1.
 *
 * @example
 * const mentor = makeApplicant({ id: 'M1', role: 'mentor', yearsExperience: 12, interests: ['budgeting'] });
 */
export function makeApplicant(partial: ApplicantOverrides = {}): Applicant {
  const id = partial.id ?? 'A1';
  return {
    id,
    source: { file: 'test.csv', row: 2 },
    role: 'mentee',
    name: `Person ${id}`,
    email: `${id.toLowerCase()}@example.org`,
    memberInGoodStanding: true,
    yearsExperience: null,
    newToSector: null,
    region: '',
    communitySize: '',
    department: '',
    organization: '',
    supervisorId: '',
    interests: [],
    skillsOffered: [],
    skillsSought: [],
    goals: '',
    bio: '',
    requestedPartner: null,
    choices: [],
    coMentors: [],
    capacity: 1,
    agreementSigned: true,
    confidentialitySigned: true,
    employerSupports: true,
    fieldInvolvement: true,
    extra: {},
    ...partial,
  };
}
