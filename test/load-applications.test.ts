import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { applicationsFromTable, loadApplications, splitList } from '../runners/load-applications.js';
import type { Problem } from '../runners/problems.js';
import { readTable } from '../runners/read-table.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

const FILES = join(import.meta.dirname, 'files');

type Row = Record<string, string>;

/** Writes rows as CSV (headers: keys in order of first appearance), quoting where needed. */
function csvOf(rows: readonly Row[]): string {
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const q = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [headers.map(q).join(','), ...rows.map((r) => headers.map((h) => q(r[h] ?? '')).join(','))].join('\r\n') + '\r\n';
}

/** A clean pool: mentors M1, M2 (rows 2, 3), mentees E1, E2 (rows 4, 5). */
function pool(): Row[] {
  const base = (id: string, role: string): Row => ({
    id,
    role,
    name: `Person ${id}`,
    email: `${id.toLowerCase()}@pike.example`,
    years_experience: role === 'mentor' ? '10' : '2',
    member_in_good_standing: 'yes',
    capacity: '',
    interests: 'budgeting',
    choices: '',
    requested_partner: '',
    supervisor_id: '',
  });
  return [base('M1', 'mentor'), base('M2', 'mentor'), base('E1', 'mentee'), base('E2', 'mentee')];
}

/** The pool with `patch` applied to the row of `id`. */
function patched(id: string, patch: Row): Row[] {
  return pool().map((r) => (r['id'] === id ? { ...r, ...patch } : r));
}

function load(rows: readonly Row[] | string, program: ResolvedProgram = testProgram()) {
  return applicationsFromTable(readTable('apps.csv', typeof rows === 'string' ? rows : csvOf(rows)), program);
}

const where = (problems: readonly Problem[]) => problems.map((p) => ({ code: p.code, row: p.row, column: p.column }));

const byId = (applicants: readonly Applicant[], id: string): Applicant => {
  const a = applicants.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no applicant ${id}`);
  return a;
};

const CAPACITY_PROGRAM = testProgram({ shape: { kind: 'capacity', defaultCapacity: 2, maxCapacity: 3, minGroup: 0 } });

describe('loadApplications: every format of the same cohort gives the same applicants', () => {
  const GOOGLE_COLUMNS = {
    'Email Address': 'email',
    'Full name': 'name',
    'member number': 'id', // matched ignoring case and spaces: the form says "Member number"
    'Are you applying as a mentor or a mentee?': 'role',
    'Years of professional experience': 'years_experience',
    'What are your areas of interest?': 'interests',
    'Your top mentor choices (member numbers or emails)': 'choices',
    'Have you agreed with someone to be matched together? Their email:': 'requested_partner',
    'Who do you report to?': 'supervisor_id',
    'How many mentees can you take?': 'capacity',
    'I have read and will sign the Mentorship Agreement': 'agreement_signed',
    'Tell us about your background': 'bio',
  } as const;
  const program = testProgram({ shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 } });
  const reference = loadApplications(join(FILES, 'cohort-excel.csv'), program);
  const strip = (as: readonly Applicant[]) => as.map(({ source: _source, extra: _extra, ...rest }) => rest);

  it('the Excel export loads cleanly', () => {
    expect(reference.problems).toEqual([]);
    expect(reference.applicants.map((a) => [a.id, a.source.row])).toEqual([
      ['M1', 2],
      ['M2', 3],
      ['E1', 5],
      ['E2', 6],
    ]);
    const [m1, m2, e1, e2] = reference.applicants;
    expect(m1).toMatchObject({ role: 'mentor', name: 'Zoë Gauthier', yearsExperience: 12, capacity: 2, agreementSigned: true, interests: ['budgeting', 'asset management'] });
    expect(m2).toMatchObject({ role: 'mentor', capacity: 1, requestedPartner: 'E1', supervisorId: 'M1', agreementSigned: true });
    expect(e1).toMatchObject({ role: 'mentee', name: 'Ana O’Neil', choices: ['M2', 'M1'], requestedPartner: 'M2', supervisorId: 'EMP-1', agreementSigned: true });
    expect(e2).toMatchObject({ role: 'mentee', yearsExperience: 0.5, choices: ['M1'], supervisorId: 'Jordan Pike, Manager', agreementSigned: false });
  });

  it.each(['cohort-semicolon.csv', 'cohort-utf16le.txt', 'cohort-utf16be.csv', 'cohort-windows-1252.csv', 'cohort.json', 'cohort.yaml'])(
    '%s',
    (name) => {
      const loaded = loadApplications(join(FILES, name), program);
      expect(loaded.problems).toEqual([]);
      expect(strip(loaded.applicants)).toEqual(strip(reference.applicants));
    },
  );

  it('google-forms.csv, through a columns: map', () => {
    const loaded = loadApplications(join(FILES, 'google-forms.csv'), testProgram({ ...program, columns: GOOGLE_COLUMNS }));
    expect(loaded.problems).toEqual([]);
    expect(strip(loaded.applicants)).toEqual(strip(reference.applicants));
    // The unmapped Timestamp question is kept verbatim.
    expect(Object.keys(loaded.applicants[0]?.extra ?? {})).toEqual(['Timestamp']);
  });

  it('the bundled sample cohort loads without problems', () => {
    expect(loadApplications('fixtures/sample-cohort/applications.csv', CAPACITY_PROGRAM).applicants).toHaveLength(155);
  });
});

describe('header mapping', () => {
  it.each([
    ['template name', 'years_experience'],
    ['spaces for underscores', 'Years Experience'],
    ['capitals and extra spaces', '  YEARS   EXPERIENCE '],
    ['mapped in the config', 'How many years?'],
    ['mapped in the config, other case', 'HOW MANY  years?'],
  ])('%s: %j', (_label, header) => {
    const rows = pool().map(({ years_experience, ...r }) => ({ ...r, [header]: years_experience ?? '' }));
    const loaded = load(rows, testProgram({ columns: { 'How many years?': 'years_experience' } }));
    expect(loaded.problems).toEqual([]);
    expect(byId(loaded.applicants, 'M1').yearsExperience).toBe(10);
  });

  it('keeps unknown columns verbatim in extra, values trimmed', () => {
    const loaded = load(patched('E1', { 'Anything else?': ' N/A ', Timestamp: '2025/07/02' }));
    expect(byId(loaded.applicants, 'E1').extra).toEqual({ 'Anything else?': 'N/A', Timestamp: '2025/07/02' });
    expect(byId(loaded.applicants, 'M1').extra).toEqual({ 'Anything else?': '', Timestamp: '' });
  });

  it.each(['id', 'role', 'name', 'email'])('a missing %s column is one missing_column problem at row 1', (field) => {
    const loaded = load(pool().map(({ [field]: _dropped, ...r }) => r));
    expect(where(loaded.problems)).toEqual([{ code: 'missing_column', row: 1, column: field }]);
    expect(loaded.applicants).toEqual([]);
  });

  it('a JSON file missing a column: the problem has no row', () => {
    const loaded = applicationsFromTable(readTable('a.json', JSON.stringify([{ id: 'A', role: 'mentee', name: 'A' }])), testProgram());
    expect(where(loaded.problems)).toEqual([{ code: 'missing_column', row: undefined, column: 'email' }]);
  });

  const rename = (from: string, to: string) => (r: Row): Row => {
    const { [from]: value, ...rest } = r;
    return { ...rest, [to]: value ?? '' };
  };
  const addEmail = (header: string) => (r: Row): Row => ({ ...r, [header]: r['email'] ?? '' });
  it.each([
    ['a template header and a mapped one', [addEmail('Email Address')], 'Email Address', { 'Email Address': 'email' }],
    ['one field written twice', [addEmail('EMAIL ')], 'EMAIL ', {}],
    ['two mapped headers', [rename('email', 'E-mail'), addEmail('Email Address')], 'Email Address', { 'E-mail': 'email', 'Email Address': 'email' }],
  ] as const)('%s is duplicate_column', (_label, edits, second, columns) => {
    const rows = pool().map((r) => {
      let out = r;
      for (const edit of edits) out = edit(out);
      return out;
    });
    const loaded = load(rows, testProgram({ columns }));
    expect(where(loaded.problems)).toEqual([{ code: 'duplicate_column', row: 1, column: second }]);
    expect(loaded.applicants).toEqual([]);
  });

  it('an empty table is file_empty', () => {
    expect(where(load('id,role,name,email\r\n').problems)).toEqual([{ code: 'file_empty', row: undefined, column: undefined }]);
  });
});

describe('values', () => {
  it.each([
    ['role in capitals', { role: 'MENTEE' }, (a: Applicant) => a.role, 'mentee'],
    ['role capitalized', { role: 'Mentee' }, (a: Applicant) => a.role, 'mentee'],
    ['trimmed id', { id: ' E1 ' }, (a: Applicant) => a.id, 'E1'],
    ['trimmed text', { region: '  Central Ontario ' }, (a: Applicant) => a.region, 'Central Ontario'],
    ['years "7"', { years_experience: '7' }, (a: Applicant) => a.yearsExperience, 7],
    ['years "7.5"', { years_experience: '7.5' }, (a: Applicant) => a.yearsExperience, 7.5],
    ['years " 7 "', { years_experience: ' 7 ' }, (a: Applicant) => a.yearsExperience, 7],
    ['years "0"', { years_experience: '0' }, (a: Applicant) => a.yearsExperience, 0],
    ['years blank', { years_experience: '' }, (a: Applicant) => a.yearsExperience, null],
    ['boolean blank', { member_in_good_standing: '' }, (a: Applicant) => a.memberInGoodStanding, null],
    ['mentee capacity blank', { capacity: '' }, (a: Applicant) => a.capacity, 1],
    ['mentee capacity 1', { capacity: '1' }, (a: Applicant) => a.capacity, 1],
    ['a column left out', {}, (a: Applicant) => a.department, ''],
  ] as const)('%s', (_label, patch, read, value) => {
    const loaded = load(patched('E1', patch));
    expect(loaded.problems).toEqual([]);
    expect(read(byId(loaded.applicants, 'E1'))).toEqual(value);
  });

  it.each([
    ['yes', true],
    ['Yes', true],
    ['YES', true],
    ['y', true],
    ['Y', true],
    ['true', true],
    ['TRUE', true],
    ['1', true],
    [' yes ', true],
    ['no', false],
    ['No', false],
    ['n', false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
  ])('boolean %j', (cell, value) => {
    const loaded = load(patched('E1', { member_in_good_standing: cell }));
    expect(byId(loaded.applicants, 'E1').memberInGoodStanding).toBe(value);
  });

  it.each([
    ['one_to_one', testProgram(), '', 1],
    ['capacity shape, blank', CAPACITY_PROGRAM, '', 2],
    ['capacity shape, 3', CAPACITY_PROGRAM, '3', 3],
    ['capacity shape, 1', CAPACITY_PROGRAM, '1', 1],
  ])('mentor capacity: %s', (_label, program, cell, capacity) => {
    const loaded = load(patched('M1', { capacity: cell }), program);
    expect(loaded.problems).toEqual([]);
    expect(byId(loaded.applicants, 'M1').capacity).toBe(capacity);
  });

  it.each([
    ['a mentee with capacity 2', 'E1', { capacity: '2' }, testProgram()],
    ['a mentor above 1 in a one-to-one program', 'M1', { capacity: '3' }, testProgram()],
    ['a mentor ranking choices', 'M1', { choices: 'E1' }, testProgram()],
  ])('%s: a warning, capacity 1 / no choices, no problem', (_label, id, patch, program) => {
    const loaded = load(patched(id, patch), program);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toHaveLength(1);
    expect(byId(loaded.applicants, id)).toMatchObject({ capacity: 1, choices: [] });
  });
});

describe('splitList', () => {
  it.each([
    ['a;b', ['a', 'b']],
    [' a ; b ;; ', ['a', 'b']],
    ['a; b; A', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    ['a\r\nb;c', ['a', 'b', 'c']],
    ['Procurement, Labour relations', ['Procurement', 'Labour relations']],
    ['a,b', ['a', 'b']],
    ['diversity, equity and inclusion; budgeting', ['diversity, equity and inclusion', 'budgeting']],
    ['diversity, equity and inclusion;', ['diversity, equity and inclusion']],
    ['', []],
    [' ; ', []],
  ])('%j', (cell, items) => {
    expect(splitList(cell)).toEqual(items);
  });
});

describe('row problems: code, row and column', () => {
  // E1 is row 4; every case changes only E1's row.
  it.each([
    ['blank id', { id: '' }, 'missing_value', 'id'],
    ['blank role', { role: ' ' }, 'missing_value', 'role'],
    ['blank name', { name: '' }, 'missing_value', 'name'],
    ['blank email', { email: '' }, 'missing_value', 'email'],
    ['role "student"', { role: 'student' }, 'bad_role', 'role'],
    ['role "mentors"', { role: 'mentors' }, 'bad_role', 'role'],
    ['email without @', { email: 'e1.pike.example' }, 'bad_email', 'email'],
    ['email with two @', { email: 'e1@x@pike.example' }, 'bad_email', 'email'],
    ['email without local part', { email: '@pike.example' }, 'bad_email', 'email'],
    ['email without a dot in the domain', { email: 'e1@localhost' }, 'bad_email', 'email'],
    ['email with a space', { email: 'e 1@pike.example' }, 'bad_email', 'email'],
    ['boolean "maybe"', { member_in_good_standing: 'maybe' }, 'bad_boolean', 'member_in_good_standing'],
    ['boolean "2"', { member_in_good_standing: '2' }, 'bad_boolean', 'member_in_good_standing'],
    ['boolean "yes!"', { member_in_good_standing: 'yes!' }, 'bad_boolean', 'member_in_good_standing'],
    ['years "seven"', { years_experience: 'seven' }, 'bad_number', 'years_experience'],
    ['years "1e309"', { years_experience: '1e309' }, 'bad_number', 'years_experience'],
    ['years "1e3"', { years_experience: '1e3' }, 'bad_number', 'years_experience'],
    ['years "NaN"', { years_experience: 'NaN' }, 'bad_number', 'years_experience'],
    ['years "Infinity"', { years_experience: 'Infinity' }, 'bad_number', 'years_experience'],
    ['years "-1"', { years_experience: '-1' }, 'bad_number', 'years_experience'],
    ['years "7,5"', { years_experience: '7,5' }, 'bad_number', 'years_experience'],
    ['years "0x10"', { years_experience: '0x10' }, 'bad_number', 'years_experience'],
    ['years "7 years"', { years_experience: '7 years' }, 'bad_number', 'years_experience'],
    ['mentee capacity "0"', { capacity: '0' }, 'bad_number', 'capacity'],
    ['mentee capacity "two"', { capacity: 'two' }, 'bad_number', 'capacity'],
    ['mentee capacity "1.5"', { capacity: '1.5' }, 'bad_number', 'capacity'],
    ['duplicate id', { id: 'M1' }, 'duplicate_id', 'id'],
    ['duplicate email, other case', { email: 'M1@Pike.Example' }, 'duplicate_email', 'email'],
    ['requested partner unknown', { requested_partner: 'NOBODY' }, 'unknown_reference', 'requested_partner'],
    ['requested partner unknown email', { requested_partner: 'nobody@pike.example' }, 'unknown_reference', 'requested_partner'],
    ['choice unknown', { choices: 'M1; M9' }, 'unknown_reference', 'choices'],
    ['requested partner is oneself', { requested_partner: 'E1' }, 'self_reference', 'requested_partner'],
    ['requested partner is oneself by email', { requested_partner: 'E1@PIKE.EXAMPLE' }, 'self_reference', 'requested_partner'],
    ['choice is oneself', { choices: 'e1@pike.example' }, 'self_reference', 'choices'],
    ['supervisor is oneself', { supervisor_id: 'E1' }, 'self_reference', 'supervisor_id'],
    ['a mentee requests a mentee', { requested_partner: 'E2' }, 'wrong_role_reference', 'requested_partner'],
    ['a choice names a mentee', { choices: 'M1; e2@pike.example' }, 'wrong_role_reference', 'choices'],
    ['four choices, three allowed', { choices: 'M1; M2; m1@x.example; m2@x.example' }, 'too_many_choices', 'choices'],
  ])('%s → %s', (_label, patch, code, column) => {
    const loaded = load(patched('E1', patch));
    const e1Problems = loaded.problems.filter((p) => p.row === 4);
    expect(where(e1Problems).filter((p) => p.code === code)).toEqual([{ code, row: 4, column }]);
    expect(loaded.applicants.map((a) => a.source.row)).not.toContain(4);
    expect(loaded.rejectedRows.map((r) => r.row)).toEqual([4]);
  });

  it('a mentor requesting a mentor is wrong_role_reference', () => {
    expect(where(load(patched('M1', { requested_partner: 'm2@pike.example' })).problems)).toEqual([
      { code: 'wrong_role_reference', row: 2, column: 'requested_partner' },
    ]);
  });

  it('a mentor capacity above the maximum is bad_number, and the expected text names the maximum', () => {
    const loaded = load(patched('M1', { capacity: '4' }), CAPACITY_PROGRAM);
    expect(where(loaded.problems)).toEqual([{ code: 'bad_number', row: 2, column: 'capacity' }]);
    expect(loaded.problems[0]?.expected).toContain('3');
  });

  it('too_many_choices follows the program maximum', () => {
    const program = testProgram({ factors: { ...testProgram().factors, choiceRank: { maxChoices: 1 } } });
    expect(where(load(patched('E1', { choices: 'M1; M2' }), program).problems)).toEqual([{ code: 'too_many_choices', row: 4, column: 'choices' }]);
    expect(load(patched('E1', { choices: 'M1' }), program).problems).toEqual([]);
  });

  it('duplicates name the first row in `expected` and leave the first row alone', () => {
    const loaded = load(patched('E2', { id: 'E1', email: 'E1@pike.example' }));
    expect(where(loaded.problems)).toEqual([
      { code: 'duplicate_id', row: 5, column: 'id' },
      { code: 'duplicate_email', row: 5, column: 'email' },
    ]);
    expect(loaded.problems.every((p) => p.expected.includes('row 4'))).toBe(true);
    expect(loaded.applicants.map((a) => a.source.row)).toEqual([2, 3, 4]);
  });

  it('every problem carries file, row, the header as written and the value as written', () => {
    const rows = pool().map(({ member_in_good_standing, ...r }): Row => ({ ...r, 'Member In Good Standing': member_in_good_standing ?? '' }));
    const loaded = load(rows.map((r) => (r['id'] === 'E2' ? { ...r, 'Member In Good Standing': ' Maybe ' } : r)));
    expect(loaded.problems).toEqual([
      { code: 'bad_boolean', file: 'apps.csv', row: 5, column: 'Member In Good Standing', value: ' Maybe ', expected: expect.stringContaining('yes/no') },
    ]);
  });
});

describe('references resolve to ids', () => {
  it.each([
    ['by id', { requested_partner: 'M1', choices: 'M2; M1' }, 'M1', ['M2', 'M1']],
    ['by email in another case', { requested_partner: 'M1@PIKE.example', choices: 'm2@pike.example;M1@Pike.Example' }, 'M1', ['M2', 'M1']],
    ['the same mentor twice keeps the first rank', { requested_partner: '', choices: 'M2; m2@pike.example; M1' }, null, ['M2', 'M1']],
    ['choices separated by commas (Google Forms)', { requested_partner: '', choices: 'M2, m1@pike.example' }, null, ['M2', 'M1']],
  ])('%s', (_label, patch, partner, choices) => {
    const loaded = load(patched('E1', patch));
    expect(loaded.problems).toEqual([]);
    expect(byId(loaded.applicants, 'E1')).toMatchObject({ requestedPartner: partner, choices });
  });

  it.each([
    ['a pool member by id', 'M1', 'M1'],
    ['a pool member by email', 'M1@pike.EXAMPLE', 'M1'],
    ['someone outside the pool', 'EMP-4190', 'EMP-4190'],
    ['free text', 'Jordan Pike, Manager of Operations', 'Jordan Pike, Manager of Operations'],
    ['N/A', 'N/A', 'N/A'],
  ])('supervisor: %s', (_label, cell, supervisorId) => {
    const loaded = load(patched('E1', { supervisor_id: cell }));
    expect(loaded.problems).toEqual([]);
    expect(byId(loaded.applicants, 'E1').supervisorId).toBe(supervisorId);
  });

  it('a reference to a row that has problems of its own still resolves', () => {
    const loaded = load(patched('M1', { member_in_good_standing: 'maybe' }).map((r) => (r['id'] === 'E1' ? { ...r, choices: 'M1' } : r)));
    expect(where(loaded.problems)).toEqual([{ code: 'bad_boolean', row: 2, column: 'member_in_good_standing' }]);
    expect(byId(loaded.applicants, 'E1').choices).toEqual(['M1']);
  });
});

describe('all problems of a file in one pass', () => {
  const rows = pool().map((r) => {
    switch (r['id']) {
      case 'M1':
        return { ...r, email: 'not-an-email', years_experience: 'lots' };
      case 'E1':
        return { ...r, role: 'student', member_in_good_standing: 'perhaps', choices: 'M1; M2; M9; E2' };
      default:
        return r;
    }
  });
  const loaded = load(rows);

  it('lists every problem, in row order and column order within a row', () => {
    expect(where(loaded.problems)).toEqual([
      { code: 'bad_email', row: 2, column: 'email' },
      { code: 'bad_number', row: 2, column: 'years_experience' },
      { code: 'bad_role', row: 4, column: 'role' },
      { code: 'bad_boolean', row: 4, column: 'member_in_good_standing' },
      { code: 'too_many_choices', row: 4, column: 'choices' },
      { code: 'unknown_reference', row: 4, column: 'choices' },
      { code: 'wrong_role_reference', row: 4, column: 'choices' },
    ]);
  });

  it('rejected rows hold the same problem objects, and the rows they can tell about', () => {
    expect(loaded.rejectedRows.map((r) => ({ row: r.row, id: r.id, role: r.role, n: r.problems.length }))).toEqual([
      { row: 2, id: 'M1', role: 'mentor', n: 2 },
      { row: 4, id: 'E1', role: null, n: 5 },
    ]);
    expect(loaded.rejectedRows.flatMap((r) => r.problems)).toEqual(loaded.problems);
    for (const p of loaded.rejectedRows.flatMap((r) => r.problems)) expect(loaded.problems).toContain(p);
  });

  it('clean rows are still applicants', () => {
    expect(loaded.applicants.map((a) => a.id)).toEqual(['M2', 'E2']);
  });

  it('a file-level problem (broken quote) is in no rejected row, and no applicant is returned', () => {
    const broken = loadApplications(join(FILES, 'broken-quote.csv'), testProgram());
    expect(where(broken.problems)).toEqual([{ code: 'csv_malformed', row: 4, column: 'bio' }]);
    expect(broken.rejectedRows).toEqual([]);
    expect(broken.applicants).toEqual([]);
  });

  it('a row-level read problem (too many cells) rejects that row only', () => {
    const text = csvOf(pool()).split('\r\n');
    text[3] = `${text[3]},surplus`;
    const loaded = load(text.join('\r\n'));
    expect(where(loaded.problems)).toEqual([{ code: 'csv_malformed', row: 4, column: undefined }]);
    expect(loaded.rejectedRows.map((r) => r.row)).toEqual([4]);
    expect(loaded.applicants).toHaveLength(3);
  });

  it('a JSON item that is not an object is one problem, not one per field', () => {
    const items = [...pool(), 'E3'];
    const loaded = applicationsFromTable(readTable('a.json', JSON.stringify(items)), testProgram());
    expect(where(loaded.problems)).toEqual([{ code: 'not_a_table', row: 5, column: undefined }]);
  });

  it('file errors from disk are problems', () => {
    expect(where(loadApplications(join(FILES, 'missing.csv'), testProgram()).problems)).toEqual([
      { code: 'file_not_found', row: undefined, column: undefined },
    ]);
  });

  it('does not change the table it is given', () => {
    const table = readTable('apps.csv', csvOf(rows));
    const before = JSON.stringify(table);
    applicationsFromTable(table, testProgram());
    expect(JSON.stringify(table)).toBe(before);
  });
});

describe('invariants on seeded random files', () => {
  const VALUES: Record<string, readonly string[]> = {
    id: ['M1', 'M2', 'E1', 'E2', 'E3', '', ' M1 '],
    role: ['mentor', 'mentee', 'Mentee', 'MENTOR', 'boss', ''],
    name: ['Ann', 'Bo "B" Li', '', 'Zoë, Jr.'],
    email: ['a@x.example', 'b@x.example', 'B@X.example', 'bad', '', 'c@x.example', 'd@x.example'],
    years_experience: ['7', '7.5', '', 'seven', '-1', '1e309'],
    member_in_good_standing: ['yes', 'No', '', 'maybe', '1'],
    capacity: ['', '1', '2', '4', '0', 'x'],
    choices: ['', 'M1', 'M1; M2', 'E1', 'M1;M2;E3;nobody', 'a@x.example, b@x.example'],
    requested_partner: ['', 'M1', 'E2', 'nobody', 'c@x.example'],
    supervisor_id: ['', 'M1', 'EMP-1', 'E1'],
    notes: ['', 'line\nbreak', 'comma, here'],
  };
  const headers = Object.keys(VALUES);

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: every row is an applicant or a rejected row, problems in row order', (seed) => {
    const next = rng(seed);
    const rows: Row[] = Array.from({ length: randInt(next, 1, 12) }, () =>
      Object.fromEntries(headers.map((h) => {
        const options = VALUES[h] ?? [''];
        return [h, options[randInt(next, 0, options.length - 1)] ?? ''];
      })),
    );
    const loaded = load(rows, CAPACITY_PROGRAM);
    const table = readTable('apps.csv', csvOf(rows));
    const seen = [...loaded.applicants.map((a) => a.source.row), ...loaded.rejectedRows.map((r) => r.row)].sort((a, b) => a - b);
    expect(seen).toEqual(table.rows.map((r) => r.row));
    const problemRows = loaded.problems.map((p) => p.row ?? 0);
    expect(problemRows).toEqual([...problemRows].sort((a, b) => a - b));
    for (const p of loaded.problems) expect(p).toMatchObject({ file: 'apps.csv', row: expect.any(Number), column: expect.any(String) });
    for (const a of loaded.applicants) {
      expect(a.capacity).toBeGreaterThanOrEqual(1);
      expect(a.capacity).toBeLessThanOrEqual(3);
      expect(a.choices.length).toBeLessThanOrEqual(3);
      expect(a.choices).not.toContain(a.id);
      expect(a.requestedPartner).not.toBe(a.id);
    }
  });
});

describe('co_mentors (group mentoring)', () => {
  const GROUP_PROGRAM = testProgram({ shape: { kind: 'group', minSize: 2, maxSize: 5, coMentors: 'declared', maxMentors: 2 } });

  it('names mentors by id or email (any case); a blank capacity is the largest group', () => {
    const loaded = load(patched('M1', { co_mentors: 'M2@PIKE.example; M2' }), GROUP_PROGRAM);
    expect(loaded.problems).toEqual([]);
    expect(byId(loaded.applicants, 'M1')).toMatchObject({ coMentors: ['M2'], capacity: 5 });
    expect(byId(loaded.applicants, 'M2')).toMatchObject({ coMentors: [], capacity: 5 });
  });

  it.each([
    ['an unknown person', 'M9', 'unknown_reference'],
    ['a mentee', 'E1', 'wrong_role_reference'],
    ['oneself', 'm1@pike.example', 'self_reference'],
  ])('naming %s is %s', (_label, value, code) => {
    expect(where(load(patched('M1', { co_mentors: value }), GROUP_PROGRAM).problems)).toEqual([{ code, row: 2, column: 'co_mentors' }]);
  });

  it.each([
    ['of a mentee', 'E1', GROUP_PROGRAM],
    ['in a program that is not group mentoring', 'M1', CAPACITY_PROGRAM],
  ])('an answer %s is ignored with a warning', (_label, id, program) => {
    const loaded = load(patched(id, { co_mentors: id === 'E1' ? 'M1' : 'M2' }), program);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toHaveLength(1);
    expect(byId(loaded.applicants, id).coMentors).toEqual([]);
  });

  it('a capacity above group.max_size names the largest group', () => {
    const loaded = load(patched('M1', { capacity: '6' }), GROUP_PROGRAM);
    expect(where(loaded.problems)).toEqual([{ code: 'bad_number', row: 2, column: 'capacity' }]);
    expect(loaded.problems[0]?.expected).toMatch(/from 1 to 5: the largest group this mentor leads/);
  });
});
