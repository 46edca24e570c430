/**
 * A cohort whose every text field starts with (or is) a hostile payload:
 * formula starts for the CSV outputs, markup for report.html. Each person
 * gets one payload, in turn, at the start of their id, name, email (local
 * part, where the address stays legal), region, department, organization,
 * supervisor, interests, skills, goals and bio; the references that name
 * other people (choices, requested partner, co-mentors) repeat those ids.
 * One interest, led by the first payload, is held by everyone, so lists of
 * interests in common start with it.
 *
 * Used by test/formula-injection.test.ts and test/report-html-safety.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { TEMPLATE_FIELDS, type TemplateField } from '../../scoring/applicant.js';

type Row = Record<TemplateField, string>;

/** What to build. */
export interface HostileCohortOptions {
  /** Payloads, given to people in turn; at least one. */
  readonly payloads: readonly string[];
  /** Mentors, then mentees (more mentees than mentor places, so some are left out). */
  readonly mentors: number;
  readonly mentees: number;
  /** Group mentoring: capacities blank, and the first mentor names the second as co-mentor. */
  readonly group?: boolean;
  /** Add rows that cannot be read (for --skip-invalid-rows), each with a payload in a checked column. */
  readonly invalidRows?: boolean;
}

/** The cohort: its rows (header first) and the payload-led values planted, as written and as the loader trims them. */
export interface HostileCohort {
  readonly table: string[][];
  readonly ids: { readonly mentors: readonly string[]; readonly mentees: readonly string[] };
  /** Every text value planted (trimmed, as the loader keeps it), and every raw cell of the unreadable rows. */
  readonly planted: ReadonlySet<string>;
}

/** A payload glued to a word; payloads that are whole formulas get a space first so the formula stays intact. */
const lead = (payload: string, word: string): string => (payload.length <= 2 ? `${payload}${word}` : `${payload} ${word}`);

/** An email local part that keeps the payload only when RFC 5322 `atext` allows its first character. */
function email(payload: string, who: string): string {
  return /^[=+\-]/.test(payload) && payload.length === 1 ? `${payload}${who}@x.example` : `${who}@x.example`;
}

/** Builds the cohort; see the top of this file. */
export function hostileCohort(options: HostileCohortOptions): HostileCohort {
  const { payloads } = options;
  const at = (k: number): string => payloads[k % payloads.length] as string;
  const shared = lead(at(0), 'shared interest');
  const mentorIds = Array.from({ length: options.mentors }, (_, k) => lead(at(k), `M${k + 1}`).trim());
  const menteeIds = Array.from({ length: options.mentees }, (_, k) => lead(at(k + options.mentors), `E${k + 1}`).trim());
  const rows: Row[] = [];
  const person = (role: 'mentor' | 'mentee', k: number, payload: string, id: string): Row => {
    const row = Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, ''])) as Row;
    Object.assign(row, {
      id,
      role,
      name: lead(payload, `Name ${role} ${k + 1}`),
      email: email(payload, `${role}${k + 1}`),
      member_in_good_standing: 'yes',
      years_experience: role === 'mentor' ? String(10 + (k % 10)) : String(1 + (k % 4)),
      new_to_sector: 'no',
      region: lead(payload, `Region ${k % 2}`),
      community_size: '10k-50k',
      department: lead(payload, `Dept ${k % 3}`),
      organization: lead(payload, 'Org'),
      supervisor_id: lead(payload, `EMP${k + 1}`),
      interests: [lead(payload, 'interest'), shared, 'budgeting'].join('; '),
      skills_offered: role === 'mentor' ? [lead(payload, 'skill'), 'budgeting'].join('; ') : '',
      skills_sought: role === 'mentee' ? [lead(payload, 'skill'), 'budgeting'].join('; ') : '',
      goals: lead(payload, 'goals: learn budgeting and council reports'),
      bio: lead(payload, 'bio: budgeting and council reports for years'),
      capacity: role === 'mentor' && options.group !== true ? '1' : '',
      agreement_signed: 'yes',
      confidentiality_signed: 'yes',
      employer_supports: 'yes',
      field_involvement: 'yes',
    });
    return row;
  };
  mentorIds.forEach((id, k) => rows.push(person('mentor', k, at(k), id)));
  menteeIds.forEach((id, k) => {
    const row = person('mentee', k, at(k + options.mentors), id);
    // Ranked choices of two mentors; every fourth mentee asks for a mentor who asks back.
    row.choices = [mentorIds[k % mentorIds.length], mentorIds[(k + 1) % mentorIds.length]].join('; ');
    rows.push(row);
  });
  for (let k = 0; k < Math.min(mentorIds.length, menteeIds.length); k += 4) {
    (rows[mentorIds.length + k] as Row).requested_partner = mentorIds[k] as string;
    (rows[k] as Row).requested_partner = menteeIds[k] as string;
  }
  if (options.group === true && mentorIds.length >= 2) (rows[0] as Row).co_mentors = mentorIds[1] as string;
  // Two people fail a rule (not members in good standing): ineligible.csv.
  const last = rows[rows.length - 1] as Row;
  last.member_in_good_standing = 'no';
  (rows[mentorIds.length - 1] as Row).member_in_good_standing = 'no';

  const planted = new Set<string>();
  for (const row of rows) {
    for (const f of TEMPLATE_FIELDS) {
      for (const item of row[f].split(';')) if (item.trim() !== '') planted.add(item.trim());
    }
  }
  const table = [[...TEMPLATE_FIELDS], ...rows.map((r) => TEMPLATE_FIELDS.map((f) => r[f]))];
  if (options.invalidRows === true) {
    // One unreadable row per payload: the payload leads a number, a yes/no answer, the role and a reference.
    payloads.forEach((payload, k) => {
      const row = person('mentee', 100 + k, payload, lead(payload, `X${k + 1}`).trim());
      // Not numbers or answers even once trimmed, so the raw cell (tab or carriage return first) is what rejected.csv quotes.
      row.years_experience = lead(payload, 'five');
      row.member_in_good_standing = lead(payload, 'perhaps');
      row.capacity = lead(payload, 'two');
      row.choices = lead(payload, 'nobody');
      if (k % 2 === 1) row.role = lead(payload, 'mentee');
      for (const f of TEMPLATE_FIELDS) {
        planted.add(row[f]);
        for (const item of row[f].split(';')) if (item.trim() !== '') planted.add(item.trim());
      }
      table.push(TEMPLATE_FIELDS.map((f) => row[f]));
    });
  }
  return { table, ids: { mentors: mentorIds, mentees: menteeIds }, planted };
}

/** Writes a table as CSV that keeps every character (every field quoted, CRLF). */
export function writeCohortCsv(file: string, table: readonly (readonly string[])[]): void {
  writeFileSync(file, stringify(table as string[][], { quoted: true, record_delimiter: 'windows' }));
}
