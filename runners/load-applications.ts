/**
 * Applications file → typed {@link Applicant}s, with every problem of the file
 * found in one pass (all rows, all columns), in row order.
 *
 * Reading bytes and rows is read-table.ts's job; this file maps the form's
 * headers onto template fields (program `columns:`), checks and converts each
 * value, then checks the whole pool: duplicate ids and emails, and references
 * (`requested_partner`, `choices`, `supervisor_id`) resolved to ids.
 *
 * Decisions where the template leaves room:
 * - Every value is trimmed, extra columns included.
 * - Lists split on `;` (and line breaks). A cell with no `;` splits on `,`
 *   instead, because Google Forms joins checkbox answers with ", ". So a lone
 *   item that itself contains a comma needs a `;` after it:
 *   `diversity, equity and inclusion;`.
 * - Ids are compared exactly; emails case-insensitively ({@link emailKey}).
 * - Capacity: a mentee's capacity other than blank or 1 is a warning and
 *   reads as 1; in a one-to-one program a mentor's capacity above 1 is a
 *   warning and reads as 1 (the program shape decides, not the row).
 * - `choices` are ranked mentor choices of mentees; a mentor's `choices`
 *   cell is ignored with a warning. `co_mentors` names the mentors a mentor
 *   leads a group with (group mentoring); a mentee's is ignored with a warning.
 * - References may point at a row that has problems of its own (it is still
 *   the person the applicant meant); only a reference to nobody is a problem.
 * - When the file itself is unusable (a missing required column, a duplicate
 *   column, a broken quote…) `applicants` is empty; row problems are still
 *   all reported.
 */
import {
  BOOLEAN_FIELDS,
  emailKey,
  TEMPLATE_FIELDS,
  type Applicant,
  type BooleanField,
  type Role,
  type TemplateField,
} from '../scoring/applicant.js';
import { parseYesNo } from '../scoring/parse-yes-no.js';
import { mentorCapacityLimits, type ResolvedProgram } from '../scoring/program.js';
import type { Problem } from './problems.js';
import { collectRowWarnings, type RowWarnings } from './row-warnings.js';
import { headerKey, PROGRESS_EVERY_RECORDS, readTableFile, type Table, type TableRow } from './read-table.js';

/** Template fields every application must have a column for, and a value in. */
export const REQUIRED_FIELDS = ['id', 'role', 'name', 'email'] as const satisfies readonly TemplateField[];

/** A row that could not be read into an applicant, with what could be read of it. */
export interface RejectedApplication {
  /** Spreadsheet row (CSV) or item number (JSON/YAML). */
  readonly row: number;
  /** The trimmed id cell, when there is one. */
  readonly id: string | null;
  /** The role, when it is a valid one. */
  readonly role: Role | null;
  /** The trimmed name cell, when there is one. */
  readonly name: string | null;
  /**
   * The row's supervisor (an applicant id when resolved, else as written), or
   * null: a supervisor chain may run through a row that could not be read.
   */
  readonly supervisorId: string | null;
  /** This row's problems; the same objects are in {@link LoadedApplications.problems}. */
  readonly problems: readonly Problem[];
}

/** Everything loading an applications file produced. */
export interface LoadedApplications {
  /** Rows without any problem, in file order. Empty when the file has a file-level problem. */
  readonly applicants: readonly Applicant[];
  /**
   * Every problem of the file, in row order (header problems first). A
   * problem in no rejected row's `problems` concerns the whole file.
   */
  readonly problems: readonly Problem[];
  /** Things worth knowing that do not stop a run. Never contain names or emails. */
  readonly warnings: readonly string[];
  /** Rows with at least one problem, in row order. */
  readonly rejectedRows: readonly RejectedApplication[];
  /** Non-blank data rows read: every one is an applicant or a rejected row (the run checks it). */
  readonly rowsRead: number;
  /** Which template fields the file has a column for, and the headers kept as extra columns. */
  readonly columns: { readonly fields: readonly TemplateField[]; readonly extra: readonly string[] };
}

/**
 * Reads and validates an applications file (CSV, JSON or YAML; see
 * read-table.ts). Never throws for a user's mistake: the caller decides
 * whether problems stop the run or rows go to rejected.csv.
 *
 * @example
 * const { applicants, problems } = loadApplications('applications.csv', program);
 * if (problems.length > 0) throw new InputError(problems);
 */
export function loadApplications(file: string, program: ResolvedProgram, onProgress?: LoadProgress): LoadedApplications {
  // Reading is the first half of the work, checking the rows the second: both count in rows.
  const reading = onProgress === undefined ? undefined : (done: number, total: number): void => onProgress(done, 2 * total);
  return applicationsFromTable(readTableFile(file, { listKeys: ['applicants'], ...(reading === undefined ? {} : { onProgress: reading }) }), program, onProgress);
}

/** Told how far loading has come: units done of a total (reading the rows, then checking them). */
export type LoadProgress = (done: number, total: number) => void;

/**
 * The pure part of {@link loadApplications}: validates a table already read
 * (from a file, or built in memory from JSON). The table is not changed.
 */
export function applicationsFromTable(table: Table, program: ResolvedProgram, onProgress?: LoadProgress): LoadedApplications {
  const warnings = [...table.warnings];
  if (table.headers.length === 0 && table.problems.length > 0) {
    // Nothing could be read (no file, bad encoding, broken JSON…): the reader said why.
    return { applicants: [], problems: table.problems, warnings, rejectedRows: [], rowsRead: 0, columns: { fields: [], extra: [] } };
  }
  const header = mapHeaders(table, program);
  const fileProblems: Problem[] = [...header.problems];
  const rowProblemSet = new Set(table.rows.flatMap((r) => r.problems));
  fileProblems.push(...table.problems.filter((p) => !rowProblemSet.has(p)));

  const rowWarnings = collectRowWarnings();
  const total = table.rows.length;
  const drafts = table.rows.map((r, i) => {
    if (onProgress !== undefined && i % PROGRESS_EVERY_RECORDS === 0) onProgress(total + i, 2 * total);
    return readRow(table.file, r, header, program, rowWarnings);
  });
  onProgress?.(2 * total, 2 * total);
  warnings.push(...rowWarnings.lines(table.file));
  checkPool(table.file, drafts, program.factors.choiceRank.maxChoices);

  if (table.rows.length === 0 && fileProblems.length === 0) {
    fileProblems.push({ code: 'file_empty', file: table.file, expected: 'at least one application below the header row' });
  }

  const rejectedRows: RejectedApplication[] = [];
  const applicants: Applicant[] = [];
  const rowProblems: Problem[] = [];
  for (const d of drafts) {
    const problems = sortByColumn(d.problems, header.order);
    if (problems.length > 0) {
      rejectedRows.push({ row: d.row, id: d.id || null, role: d.role, name: d.name || null, supervisorId: d.supervisorId || null, problems });
      rowProblems.push(...problems);
    } else if (d.role !== null) {
      applicants.push(toApplicant(table.file, { ...d, role: d.role }));
    }
  }
  const problems = [...fileProblems, ...rowProblems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return {
    applicants: fileProblems.length > 0 ? [] : applicants,
    problems,
    warnings,
    rejectedRows,
    rowsRead: table.rows.length,
    columns: { fields: [...header.fieldHeader.keys()], extra: header.extraHeaders },
  };
}

// ---------------------------------------------------------------------------
// Headers

interface HeaderMap {
  /** Template field → the header that holds it, as written in the file. */
  readonly fieldHeader: ReadonlyMap<TemplateField, string>;
  /** Headers that map to no template field: kept in `extra`. */
  readonly extraHeaders: readonly string[];
  /** Header → its position, to list a row's problems in column order. */
  readonly order: ReadonlyMap<string, number>;
  readonly problems: readonly Problem[];
}

function mapHeaders(table: Table, program: ResolvedProgram): HeaderMap {
  // Config entries first: a program may map a header that looks like one
  // template field onto another.
  const byKey = new Map<string, TemplateField>();
  for (const [formHeader, field] of Object.entries(program.columns)) byKey.set(headerKey(formHeader), field);
  for (const field of TEMPLATE_FIELDS) if (!byKey.has(headerKey(field))) byKey.set(headerKey(field), field);

  const fieldHeader = new Map<TemplateField, string>();
  const extraHeaders: string[] = [];
  const problems: Problem[] = [];
  const where = { file: table.file, ...(table.headerRow === undefined ? {} : { row: table.headerRow }) };
  for (const h of table.headers) {
    const field = byKey.get(headerKey(h));
    if (field === undefined) {
      extraHeaders.push(h);
      continue;
    }
    const first = fieldHeader.get(field);
    if (first === undefined) fieldHeader.set(field, h);
    else problems.push({ code: 'duplicate_column', ...where, column: h, value: h, expected: `one column for "${field}"; "${first}" already holds it` });
  }
  for (const field of REQUIRED_FIELDS) {
    if (!fieldHeader.has(field)) {
      problems.push({
        code: 'missing_column',
        ...where,
        column: field,
        expected: `a column for "${field}", named "${field}" or mapped to it under columns: in the program config`,
      });
    }
  }
  const order = new Map(table.headers.map((h, i) => [h, i]));
  return { fieldHeader, extraHeaders, order, problems };
}

function sortByColumn(problems: readonly Problem[], order: ReadonlyMap<string, number>): Problem[] {
  const pos = (p: Problem): number => (p.column === undefined ? -1 : (order.get(p.column) ?? Number.MAX_SAFE_INTEGER));
  return [...problems].sort((a, b) => pos(a) - pos(b));
}

// ---------------------------------------------------------------------------
// One row

/** A cell of a template field: where it came from and what it says. */
interface Cell {
  readonly header: string;
  /** As written. */
  readonly raw: string;
  /** Trimmed. */
  readonly text: string;
}

/** A row read field by field; references still raw until the pool is known. */
interface Draft {
  readonly row: number;
  readonly id: string;
  readonly role: Role | null;
  readonly name: string;
  readonly email: string;
  readonly idCell: Cell | undefined;
  readonly emailCell: Cell | undefined;
  readonly booleans: Readonly<Record<BooleanField, boolean | null>>;
  readonly yearsExperience: number | null;
  readonly capacity: number;
  readonly text: Readonly<Record<'region' | 'community_size' | 'department' | 'organization' | 'goals' | 'bio', string>>;
  readonly lists: Readonly<Record<'interests' | 'skills_offered' | 'skills_sought', readonly string[]>>;
  readonly requestedPartnerCell: Cell | undefined;
  readonly choicesCell: Cell | undefined;
  readonly coMentorsCell: Cell | undefined;
  readonly supervisorCell: Cell | undefined;
  readonly extra: Readonly<Record<string, string>>;
  /** Filled by the pool checks. */
  requestedPartner: string | null;
  choices: readonly string[];
  coMentors: readonly string[];
  supervisorId: string;
  readonly problems: Problem[];
}

/** Digits with an optional decimal part; no sign, exponent, comma or words. */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const WHOLE = /^\d+$/;
/** One @, something before it, and a dot inside the part after it. */
const EMAIL = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]*[^\s@.]$/;

function readRow(file: string, tableRow: TableRow, headerMap: HeaderMap, program: ResolvedProgram, warnings: RowWarnings): Draft {
  const { row } = tableRow;
  const problems: Problem[] = [...tableRow.problems];
  // An item that could not be read at all (a JSON string where an object was
  // due) would otherwise add a "missing value" for every required field.
  const unreadable = problems.length > 0 && Object.values(tableRow.cells).every((v) => v.trim() === '');
  const cells: Readonly<Record<string, string>> = unreadable ? {} : tableRow.cells;
  const header = unreadable ? { ...headerMap, fieldHeader: new Map<TemplateField, string>() } : headerMap;
  const cell = (field: TemplateField): Cell | undefined => {
    const h = header.fieldHeader.get(field);
    if (h === undefined) return undefined;
    const raw = cells[h] ?? '';
    return { header: h, raw, text: raw.trim() };
  };
  const problem = (c: Cell, code: Problem['code'], expected: string, value: string = c.raw): void => {
    problems.push({ code, file, row, column: c.header, value, expected });
  };
  const required = (field: (typeof REQUIRED_FIELDS)[number]): string => {
    const c = cell(field);
    if (c === undefined) return ''; // the missing column is already a problem
    if (c.text === '') problem(c, 'missing_value', `a ${field === 'id' ? 'unique id' : field}: every applicant needs one`);
    return c.text;
  };

  const id = required('id');
  const roleText = required('role');
  let role: Role | null = null;
  const roleCell = cell('role');
  if (roleCell !== undefined && roleText !== '') {
    const lower = roleText.toLowerCase();
    if (lower === 'mentor' || lower === 'mentee') role = lower;
    else problem(roleCell, 'bad_role', 'mentor or mentee');
  }
  const name = required('name');
  const email = required('email');
  const emailCell = cell('email');
  const emailValid = EMAIL.test(email);
  if (emailCell !== undefined && email !== '' && !emailValid) problem(emailCell, 'bad_email', 'an email address like name@example.org');

  const booleans = Object.fromEntries(
    BOOLEAN_FIELDS.map((field) => {
      const c = cell(field);
      if (c === undefined || c.text === '') return [field, null];
      const value = parseYesNo(c.text);
      if (value === undefined) {
        problem(c, 'bad_boolean', 'yes/no, true/false, y/n or 1/0 (or blank)');
        return [field, null];
      }
      return [field, value];
    }),
  ) as Record<BooleanField, boolean | null>;

  let yearsExperience: number | null = null;
  const yearsCell = cell('years_experience');
  if (yearsCell !== undefined && yearsCell.text !== '') {
    const n = Number(yearsCell.text);
    if (DECIMAL.test(yearsCell.text) && Number.isFinite(n)) yearsExperience = n;
    else problem(yearsCell, 'bad_number', 'a number of years, 0 or more, such as 7 or 7.5 (or blank)');
  }

  const capacity = readCapacity(row, cell('capacity'), role, program, problem, warnings);

  const text = {
    region: cell('region')?.text ?? '',
    community_size: cell('community_size')?.text ?? '',
    department: cell('department')?.text ?? '',
    organization: cell('organization')?.text ?? '',
    goals: cell('goals')?.text ?? '',
    bio: cell('bio')?.text ?? '',
  };
  const lists = {
    interests: splitList(cell('interests')?.raw ?? ''),
    skills_offered: splitList(cell('skills_offered')?.raw ?? ''),
    skills_sought: splitList(cell('skills_sought')?.raw ?? ''),
  };

  let choicesCell = cell('choices');
  if (role === 'mentor' && choicesCell !== undefined && choicesCell.text !== '') {
    warnings.add(row, `the "${choicesCell.header}" answer of a mentor is ignored (only mentees rank mentor choices).`);
    choicesCell = undefined;
  }
  let coMentorsCell = cell('co_mentors');
  if (coMentorsCell !== undefined && coMentorsCell.text !== '' && (role === 'mentee' || program.shape.kind !== 'group')) {
    const why = role === 'mentee' ? 'of a mentee is ignored (only mentors lead groups together)' : 'is ignored: the program is not group mentoring (shape: group)';
    warnings.add(row, `the "${coMentorsCell.header}" answer ${why}.`);
    coMentorsCell = undefined;
  }

  const extra = Object.create(null) as Record<string, string>;
  for (const h of header.extraHeaders) extra[h] = (cells[h] ?? '').trim();

  return {
    row,
    id,
    role,
    name,
    email,
    idCell: cell('id'),
    emailCell,
    booleans,
    yearsExperience,
    capacity,
    text,
    lists,
    requestedPartnerCell: cell('requested_partner'),
    choicesCell,
    coMentorsCell,
    supervisorCell: cell('supervisor_id'),
    extra,
    requestedPartner: null,
    choices: [],
    coMentors: [],
    supervisorId: cell('supervisor_id')?.text ?? '',
    problems,
  };
}

function readCapacity(
  row: number,
  c: Cell | undefined,
  role: Role | null,
  program: ResolvedProgram,
  problem: (c: Cell, code: Problem['code'], expected: string) => void,
  warnings: RowWarnings,
): number {
  const shape = program.shape;
  const limits = mentorCapacityLimits(shape);
  const fallback = role === 'mentor' ? limits.fallback : 1;
  if (c === undefined || c.text === '') return fallback;
  const max = shape.kind === 'one_to_one' ? Number.POSITIVE_INFINITY : limits.max;
  const n = Number(c.text);
  const valid = WHOLE.test(c.text) && n >= 1 && (role !== 'mentor' || n <= max);
  if (!valid) {
    const range = role === 'mentor' && shape.kind !== 'one_to_one' ? `from 1 to ${max}` : '1 or more';
    const what = shape.kind === 'group' && role === 'mentor' ? ': the largest group this mentor leads' : '';
    problem(c, 'bad_number', `a whole number of mentees ${range}${what} (or blank for the default, ${fallback})`);
    return fallback;
  }
  if (n === 1) return 1;
  if (role === 'mentee') {
    warnings.add(row, `a mentee's "${c.header}" above 1 is ignored; mentees have one mentor.`);
    return 1;
  }
  if (role === 'mentor' && shape.kind === 'one_to_one') {
    warnings.add(row, `a mentor's "${c.header}" above 1 is ignored: the program is one-to-one (shape: capacity allows more).`);
    return 1;
  }
  return n;
}

/**
 * Splits a list cell: on `;` and line breaks, or — when there is no `;` —
 * on `,` too (Google Forms checkbox answers). Items are trimmed, blanks
 * dropped, repeats (ignoring case) dropped keeping the first.
 */
export function splitList(cell: string): string[] {
  const separator = cell.includes(';') ? /[;\r\n]+/ : /[,\r\n]+/;
  const seen = new Set<string>();
  const items: string[] = [];
  for (const part of cell.split(separator)) {
    const item = part.trim();
    const key = item.toLowerCase();
    if (item === '' || seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}

// ---------------------------------------------------------------------------
// The pool: duplicates and references

/** Finds who a reference names: an exact id, else an email ignoring case. */
type Lookup = (reference: string) => Draft | undefined;

function checkPool(file: string, drafts: readonly Draft[], maxChoices: number): void {
  const byId = new Map<string, Draft>();
  const byEmail = new Map<string, Draft>();
  for (const d of drafts) {
    if (d.idCell !== undefined && d.id !== '') {
      const first = byId.get(d.id);
      if (first === undefined) byId.set(d.id, d);
      else d.problems.push(cellProblem(file, d.row, d.idCell, 'duplicate_id', `a unique id; row ${first.row} already has it`));
    }
    if (d.emailCell !== undefined && d.email !== '') {
      const key = emailKey(d.email);
      const first = byEmail.get(key);
      if (first === undefined) byEmail.set(key, d);
      else d.problems.push(cellProblem(file, d.row, d.emailCell, 'duplicate_email', `a unique email; row ${first.row} already has it`));
    }
  }
  const lookup: Lookup = (ref) => byId.get(ref) ?? byEmail.get(emailKey(ref));
  for (const d of drafts) resolveReferences(file, d, lookup, maxChoices);
}

function cellProblem(file: string, row: number, c: Cell, code: Problem['code'], expected: string, value: string = c.raw): Problem {
  return { code, file, row, column: c.header, value, expected };
}

const OTHER_ROLE: Readonly<Record<Role, Role>> = { mentor: 'mentee', mentee: 'mentor' };

/**
 * Resolves one reference for `d`: the person named, or `undefined` after
 * recording why not. `wantedRole` is the role the named person must have.
 */
function resolveOne(file: string, d: Draft, c: Cell, item: string, lookup: Lookup, wantedRole: Role | null): Draft | undefined {
  const target = lookup(item);
  if (target === undefined) {
    d.problems.push(cellProblem(file, d.row, c, 'unknown_reference', 'the id or email of an applicant in this file', item));
    return undefined;
  }
  if (target === d || (d.id !== '' && target.id === d.id)) {
    d.problems.push(cellProblem(file, d.row, c, 'self_reference', 'someone other than the applicant themself', item));
    return undefined;
  }
  if (wantedRole !== null && target.role !== null && target.role !== wantedRole) {
    const expected = `a ${wantedRole}'s id or email; row ${target.row} applied as a ${target.role}`;
    d.problems.push(cellProblem(file, d.row, c, 'wrong_role_reference', expected, item));
    return undefined;
  }
  return target;
}

function resolveReferences(file: string, d: Draft, lookup: Lookup, maxChoices: number): void {
  const partnerCell = d.requestedPartnerCell;
  if (partnerCell !== undefined && partnerCell.text !== '') {
    const wanted = d.role === null ? null : OTHER_ROLE[d.role];
    const target = resolveOne(file, d, partnerCell, partnerCell.text, lookup, wanted);
    d.requestedPartner = target === undefined || target.id === '' ? null : target.id;
  }

  const choicesCell = d.choicesCell;
  if (choicesCell !== undefined && choicesCell.text !== '') {
    const items = splitList(choicesCell.raw);
    if (items.length > maxChoices) {
      d.problems.push(cellProblem(file, d.row, choicesCell, 'too_many_choices', `at most ${maxChoices} ranked choice${maxChoices === 1 ? '' : 's'}`));
    }
    const ids: string[] = [];
    for (const item of items) {
      const target = resolveOne(file, d, choicesCell, item, lookup, 'mentor');
      // The same mentor named twice (by id and by email) keeps its first rank.
      if (target !== undefined && target.id !== '' && !ids.includes(target.id)) ids.push(target.id);
    }
    d.choices = ids;
  }

  const coMentorsCell = d.coMentorsCell;
  if (coMentorsCell !== undefined && coMentorsCell.text !== '') {
    const ids: string[] = [];
    for (const item of splitList(coMentorsCell.raw)) {
      const target = resolveOne(file, d, coMentorsCell, item, lookup, 'mentor');
      if (target !== undefined && target.id !== '' && !ids.includes(target.id)) ids.push(target.id);
    }
    d.coMentors = ids;
  }

  const supervisorCell = d.supervisorCell;
  if (supervisorCell !== undefined && supervisorCell.text !== '') {
    // Supervisors often do not apply: a name that matches nobody stays as written.
    const target = lookup(supervisorCell.text);
    if (target === d || (target !== undefined && d.id !== '' && target.id === d.id)) {
      d.problems.push(cellProblem(file, d.row, supervisorCell, 'self_reference', 'the applicant\'s supervisor, not the applicant themself'));
    } else if (target !== undefined && target.id !== '') {
      d.supervisorId = target.id;
    }
  }
}

function toApplicant(file: string, d: Draft & { readonly role: Role }): Applicant {
  return {
    id: d.id,
    source: { file, row: d.row },
    role: d.role,
    name: d.name,
    email: d.email,
    memberInGoodStanding: d.booleans.member_in_good_standing,
    yearsExperience: d.yearsExperience,
    newToSector: d.booleans.new_to_sector,
    region: d.text.region,
    communitySize: d.text.community_size,
    department: d.text.department,
    organization: d.text.organization,
    supervisorId: d.supervisorId,
    interests: d.lists.interests,
    skillsOffered: d.lists.skills_offered,
    skillsSought: d.lists.skills_sought,
    goals: d.text.goals,
    bio: d.text.bio,
    requestedPartner: d.requestedPartner,
    choices: d.choices,
    coMentors: d.coMentors,
    capacity: d.capacity,
    agreementSigned: d.booleans.agreement_signed,
    confidentialitySigned: d.booleans.confidentiality_signed,
    employerSupports: d.booleans.employer_supports,
    fieldInvolvement: d.booleans.field_involvement,
    extra: d.extra,
  };
}
