/**
 * The applicant as the engine sees it: one typed record per row of the
 * application template (see ../shared/PRODUCT.md, "Input: the application
 * template"). Loaders produce these; every later stage only reads them.
 */

/** Which side of the program an applicant applied for. */
export type Role = 'mentor' | 'mentee';

/** The template fields, in the documented column order. */
export const TEMPLATE_FIELDS = [
  'id',
  'role',
  'name',
  'email',
  'member_in_good_standing',
  'years_experience',
  'new_to_sector',
  'region',
  'community_size',
  'department',
  'organization',
  'supervisor_id',
  'interests',
  'skills_offered',
  'skills_sought',
  'goals',
  'bio',
  'requested_partner',
  'choices',
  'capacity',
  'agreement_signed',
  'confidentiality_signed',
  'employer_supports',
  // Optional addition to PRODUCT.md's template: the 3CMA handbook requires a
  // position that "involves some aspects of marketing and communication (not
  // by job title, but involvement in these activities)".
  'field_involvement',
  // Optional addition for group mentoring (PCMA guide: "one or several
  // mentors work with a group of mentees"): the mentors this mentor leads a
  // group with, by id or email.
  'co_mentors',
] as const;

/** A column of the application template. */
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** Template fields holding yes/no answers. */
export const BOOLEAN_FIELDS = [
  'member_in_good_standing',
  'new_to_sector',
  'agreement_signed',
  'confidentiality_signed',
  'employer_supports',
  'field_involvement',
] as const satisfies readonly TemplateField[];
export type BooleanField = (typeof BOOLEAN_FIELDS)[number];

/** Template fields holding `;`-separated lists. */
export const LIST_FIELDS = ['interests', 'skills_offered', 'skills_sought', 'choices'] as const satisfies readonly TemplateField[];
export type ListField = (typeof LIST_FIELDS)[number];

/**
 * One applicant after loading and validation.
 *
 * Optional answers that were left blank are `null` (booleans, numbers) or `''`
 * (text) or `[]` (lists): blank is not the same as "no", and eligibility rules
 * report a blank answer differently from a "no".
 *
 * References (`requestedPartner`, `choices`, `supervisorId`) hold resolved
 * applicant ids, never emails: the loader has already looked them up.
 */
export interface Applicant {
  /** Unique id within the pool (as written in the file, trimmed). */
  readonly id: string;
  /** Where the applicant came from: file path and 1-based spreadsheet row (header is row 1). */
  readonly source: { readonly file: string; readonly row: number };
  readonly role: Role;
  readonly name: string;
  /** Email as written (trimmed); compare with {@link emailKey}. */
  readonly email: string;
  readonly memberInGoodStanding: boolean | null;
  readonly yearsExperience: number | null;
  readonly newToSector: boolean | null;
  readonly region: string;
  /** A band label from the program's community-size bands, or a population count as text. */
  readonly communitySize: string;
  readonly department: string;
  readonly organization: string;
  /**
   * The applicant's supervisor: an applicant id when the supervisor is in the
   * pool, otherwise the raw value (supervisors often do not apply themselves).
   */
  readonly supervisorId: string;
  readonly interests: readonly string[];
  readonly skillsOffered: readonly string[];
  readonly skillsSought: readonly string[];
  readonly goals: string;
  readonly bio: string;
  /** Resolved id of the person this applicant asked to be matched with, if any. */
  readonly requestedPartner: string | null;
  /** Resolved mentor ids, most wanted first (mentees only; at most the program's limit). */
  readonly choices: readonly string[];
  /**
   * Resolved ids of the mentors this mentor leads a group with (group
   * mentoring, `co_mentors` column); empty for mentees and by default.
   */
  readonly coMentors: readonly string[];
  /** How many mentees a mentor takes (1 for mentees and by default). */
  readonly capacity: number;
  readonly agreementSigned: boolean | null;
  readonly confidentialitySigned: boolean | null;
  readonly employerSupports: boolean | null;
  readonly fieldInvolvement: boolean | null;
  /** Columns outside the template, kept verbatim and ignored by scoring. */
  readonly extra: Readonly<Record<string, string>>;
}

/**
 * The key column headers are compared by: trimmed, lower-cased, runs of
 * spaces and underscores as one space — so "Years Experience",
 * "years_experience" and " YEARS  EXPERIENCE " name the same column.
 */
export function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

/** The key emails are compared by: trimmed and lower-cased. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Reads a template boolean field from an applicant. */
export function booleanFieldOf(a: Applicant, field: BooleanField): boolean | null {
  switch (field) {
    case 'member_in_good_standing':
      return a.memberInGoodStanding;
    case 'new_to_sector':
      return a.newToSector;
    case 'agreement_signed':
      return a.agreementSigned;
    case 'confidentiality_signed':
      return a.confidentialitySigned;
    case 'employer_supports':
      return a.employerSupports;
    case 'field_involvement':
      return a.fieldInvolvement;
  }
}
