import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PROGRAM,
  loadProgramConfig,
  MAX_CONFIG_BYTES,
  MAX_CONFIG_PROBLEMS,
  MAX_YAML_DEPTH,
  resolveProgram,
  resolveProgramConfig,
  suggest,
  type ProgramConfig,
} from '../runners/load-config.js';
import type { Problem, ProblemCode } from '../runners/problems.js';
import type { EligibilityRule, ResolvedProgram } from '../scoring/program.js';

const resolve = (yaml: string) => resolveProgramConfig(yaml, 'program.yaml');

/** Reads a dotted path (`factors.experienceGap.idealMin`) from a resolved program. */
function pick(program: ResolvedProgram, path: string): unknown {
  let v: unknown = program;
  for (const key of path.split('.')) v = (v as Record<string, unknown>)[key];
  return v;
}

/** The problems as `code column` strings: what the tests assert (never the prose). */
const codes = (problems: readonly Problem[]) => problems.map((p) => `${p.code} ${p.column ?? ''}`.trim());

const tmp = mkdtempSync(join(tmpdir(), 'mm-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('defaults', () => {
  it('an empty config (or only comments) resolves to DEFAULT_PROGRAM with no problems', () => {
    for (const text of ['', '# nothing here\n', '\uFEFF', '---\n']) {
      const r = resolve(text);
      expect(r.problems).toEqual([]);
      expect(r.program).toEqual(DEFAULT_PROGRAM);
    }
  });

  it('DEFAULT_PROGRAM is frozen all the way down', () => {
    expect(Object.isFrozen(DEFAULT_PROGRAM)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PROGRAM.weights)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PROGRAM.factors.communitySize.bands)).toBe(true);
  });

  // Every default of docs/program-config.md, one row each.
  it.each([
    ['name', 'Mentorship program'],
    ['shape', { kind: 'one_to_one' }],
    ['eligibility', []],
    ['weights.interests', 3],
    ['weights.skills', 3],
    ['weights.goals_text', 2],
    ['weights.community_size', 1],
    ['weights.region', 1],
    ['weights.experience_gap', 1],
    ['weights.department', 0],
    ['weights.choice_rank', 0],
    ['weights.mutual_request', 0],
    ['factors.experienceGap.idealMin', 5],
    ['factors.experienceGap.idealMax', 20],
    ['factors.experienceGap.tolerance', 10],
    ['factors.communitySize.bands', ['under 10k', '10k-50k', '50k-250k', 'over 250k']],
    ['factors.communitySize.upperBounds', [10000, 50000, 250000]],
    ['factors.department.prefer', 'different'],
    ['factors.choiceRank.maxChoices', 3],
    ['exclusions.chainOfCommand', true],
    ['exclusions.sameDepartment', false],
    ['exclusions.pastPairs', true],
    ['minScore', 0],
    ['solver', 'auto'],
    ['columns', {}],
    ['emails.firstContactDays', 30],
    ['emails.meetingExpectations', 'Meet at least once a month, for 30 to 90 minutes, and never let more than six weeks pass between meetings.'],
    ['emails.subject', 'Your mentorship match'],
    ['emails.signature', 'The mentorship committee'],
    ['emails.firstContactBy', 'mentee'],
    ['emails.introMentee', expect.stringMatching(/sounding board/)],
    ['emails.introMentor', expect.stringMatching(/feedback, strategy and career development/)],
    ['emails.confidentiality', expect.stringMatching(/confidential, during and after the program/)],
    ['emails.agreement', expect.stringMatching(/^At your first meeting, go through your mentoring agreement/)],
    ['emails.replyTo', null],
    ['emails.from', null],
  ])('%s defaults to %j', (path, expected) => {
    expect(pick(resolve('').program, path)).toEqual(expected);
  });

  it.each<[string, string, unknown]>([
    ['shape: capacity alone takes capacity 1, max 3', 'shape: capacity', { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 }],
    ['one capacity key fills the other from its default', 'shape: capacity\ncapacity: { max: 5 }', { kind: 'capacity', defaultCapacity: 1, maxCapacity: 5, minGroup: 0 }],
    ['a minimum group size', 'shape: capacity\ncapacity: { default: 4, max: 6, min_group: 3 }', { kind: 'capacity', defaultCapacity: 4, maxCapacity: 6, minGroup: 3 }],
  ])('%s', (_, yaml, shape) => {
    const r = resolve(yaml);
    expect(r.problems).toEqual([]);
    expect(r.program.shape).toEqual(shape);
  });

  it('quotas: shares of same-department and same-region pairs; none by default', () => {
    expect(resolve('').program.quotas).toEqual({});
    const r = resolve('quotas:\n  same_department: 0.3\n  same_region: 1');
    expect(r.problems).toEqual([]);
    expect(r.program.quotas).toEqual({ sameDepartment: 0.3, sameRegion: 1 });
    expect(resolve('solver: lp').program.solver).toBe('lp');
  });

  it('objectives, priority and solver deferred_acceptance (issue 5); none by default', () => {
    expect(resolve('').program.objectives).toBeNull();
    expect(resolve('').program.priority).toEqual({ unmatchedLastCycle: 0 });
    const r = resolve('objectives: [matched, top_choices, total_score, worst_score]\npriority:\n  unmatched_last_cycle: 20\nsolver: deferred_acceptance');
    expect(r.problems).toEqual([]);
    expect(r.program.objectives).toEqual(['matched', 'top_choices', 'total_score', 'worst_score']);
    expect(r.program.priority).toEqual({ unmatchedLastCycle: 20 });
    expect(r.program.solver).toBe('deferred_acceptance');
  });

  it('a partial section keeps the defaults of the keys it leaves out', () => {
    const r = resolve('weights: { choice_rank: 2 }\nfactors: { experience_gap: { tolerance: 4 } }\nemails: { subject: Hello }');
    expect(r.problems).toEqual([]);
    expect(r.program.weights).toEqual({ ...DEFAULT_PROGRAM.weights, choice_rank: 2 });
    expect(r.program.factors.experienceGap).toEqual({ idealMin: 5, idealMax: 20, tolerance: 4 });
    expect(r.program.emails).toEqual({ ...DEFAULT_PROGRAM.emails, subject: 'Hello' });
  });

  it('emails: every text key set, reminders switched off with false, addresses trimmed', () => {
    const r = resolve(
      [
        'emails:',
        '  first_contact_by: either',
        '  intro_mentee: Hi mentee.',
        '  intro_mentor: Hi mentor.',
        '  confidentiality: false',
        '  agreement: Sign it.',
        '  reply_to: " office@example.org "',
        '  from: noreply@exämple.org',
        '  signature: |',
        '    Dana',
        '    Mentoring Office',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.program.emails).toEqual({
      ...DEFAULT_PROGRAM.emails,
      firstContactBy: 'either',
      introMentee: 'Hi mentee.',
      introMentor: 'Hi mentor.',
      confidentiality: null,
      agreement: 'Sign it.',
      replyTo: 'office@example.org',
      from: 'noreply@exämple.org',
      signature: 'Dana\nMentoring Office',
    });
    expect(resolve('emails:\n  reply-to: x@example.org').problems[0]?.expected).toMatch(/did you mean "reply_to"/);
  });

  it('an empty section (key with nothing under it) is the same as leaving it out', () => {
    const r = resolve('weights:\nfactors:\n  experience_gap:\nexclusions:\ncolumns:\neligibility:\nemails:');
    expect(r.problems).toEqual([]);
    expect(r.program).toEqual(DEFAULT_PROGRAM);
  });

  it.each<[string, string, EligibilityRule]>([
    [
      'mentor_min_years takes 7 years',
      '- rule: mentor_min_years',
      { rule: 'mentor_min_years', name: 'mentor_min_years', years: 7, description: expect.any(String) as string },
    ],
    [
      'mentee_max_years_or_new takes 7 years',
      '- rule: mentee_max_years_or_new',
      { rule: 'mentee_max_years_or_new', name: 'mentee_max_years_or_new', years: 7, description: expect.any(String) as string },
    ],
    [
      'completed_application checks interests, for both roles',
      '- rule: completed_application',
      { rule: 'completed_application', name: 'completed_application', fields: ['interests'], roles: ['mentor', 'mentee'], description: expect.any(String) as string },
    ],
  ])('rule default: %s', (_, rules, expected) => {
    const r = resolve(`eligibility:\n  ${rules}`);
    expect(r.problems).toEqual([]);
    expect(r.program.eligibility).toEqual([expected]);
  });
});

describe('docs/program-config.md', () => {
  it('its example config loads with no problems', () => {
    const doc = readFileSync(new URL('../docs/program-config.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const r = resolve(example ?? '');
    expect(r.problems).toEqual([]);
    expect(r.program.shape).toEqual({ kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 });
    expect(r.program.eligibility.map((e) => e.name)).toEqual([
      'member_in_good_standing',
      'agreement_signed',
      'confidentiality_signed',
      'employer_supports',
      'field_involvement',
      'attended_orientation',
      'completed_application',
      'mentor_min_years',
      'mentee_max_years_or_new',
    ]);
  });
});

describe('shorthand flag rules', () => {
  it.each(['member_in_good_standing', 'agreement_signed', 'confidentiality_signed', 'employer_supports', 'field_involvement'])(
    '%s resolves to a flag rule on the field of that name, with a description',
    (rule) => {
      const r = resolve(`eligibility:\n  - rule: ${rule}`);
      expect(r.problems).toEqual([]);
      expect(r.program.eligibility).toEqual([
        { rule: 'flag', name: rule, field: rule, roles: ['mentor', 'mentee'], description: expect.stringMatching(/\w.{20,}\./) as string },
      ]);
    },
  );

  it('takes roles (one or a list), a name and a description', () => {
    const r = resolve(
      'eligibility:\n  - rule: employer_supports\n    roles: mentee\n  - rule: member_in_good_standing\n    roles: [mentee, mentor]\n    name: current_member\n    description: Be a member.',
    );
    expect(r.problems).toEqual([]);
    expect(r.program.eligibility[0]).toMatchObject({ rule: 'flag', field: 'employer_supports', roles: ['mentee'] });
    expect(r.program.eligibility[0]?.description).toMatch(/^Mentees /);
    expect(r.program.eligibility[1]).toEqual({
      rule: 'flag',
      name: 'current_member',
      field: 'member_in_good_standing',
      roles: ['mentor', 'mentee'],
      description: 'Be a member.',
    });
  });
});

describe('flag rule column', () => {
  it.each([
    ['an extra column header is kept as written', 'Orientation done', '', 'Orientation done'],
    ['a template yes/no field, in any case and spacing', 'New To Sector', '', 'new_to_sector'],
    ['a form header that columns maps to a yes/no field', 'Signed the agreement?', 'columns:\n  "Signed the agreement?": agreement_signed\n', 'agreement_signed'],
  ])('%s', (_, column, columns, field) => {
    const r = resolve(`${columns}eligibility:\n  - rule: flag\n    name: x\n    column: "${column}"`);
    expect(r.problems).toEqual([]);
    expect(r.program.eligibility[0]).toMatchObject({ rule: 'flag', name: 'x', field, roles: ['mentor', 'mentee'] });
  });
});

describe('validation problems (code and key path)', () => {
  // [what, yaml, every expected `code column`]
  it.each<[string, string, string[]]>([
    ['unknown top-level key', 'programme: X', ['config_unknown_key programme']],
    ['unknown weight', 'weights:\n  intrests: 3', ['config_unknown_key weights.intrests']],
    ['unknown key in a rule', 'eligibility:\n  - rule: mentor_min_years\n    roles: [mentor]', ['config_unknown_key eligibility[0].roles']],
    ['unknown factor', 'factors:\n  seniority: {}', ['config_unknown_key factors.seniority']],
    ['program name empty', 'program: "  "', ['config_invalid program']],
    ['shape not allowed', 'shape: groups', ['config_invalid shape']],
    ['group block with capacity shape', 'shape: capacity\ngroup:\n  max_size: 4', ['config_invalid group']],
    ['capacity block with group shape', 'shape: group\ncapacity:\n  max: 4', ['config_invalid capacity']],
    ['group min_size above max_size', 'shape: group\ngroup: { min_size: 5, max_size: 4 }', ['config_invalid group.min_size']],
    ['group min_size above default max_size', 'shape: group\ngroup: { min_size: 7 }', ['config_invalid group.min_size']],
    ['group co_mentors unknown', 'shape: group\ngroup: { co_mentors: random }', ['config_invalid group.co_mentors']],
    ['group max_mentors of 0', 'shape: group\ngroup: { max_mentors: 0 }', ['config_invalid group.max_mentors']],
    ['group unknown key', 'shape: group\ngroup: { size: 4 }', ['config_unknown_key group.size']],
    ['capacity block with one_to_one', 'capacity:\n  max: 3', ['config_invalid capacity']],
    ['capacity default above max', 'shape: capacity\ncapacity: { default: 4, max: 2 }', ['config_invalid capacity.default']],
    ['capacity default above default max', 'shape: capacity\ncapacity: { default: 5 }', ['config_invalid capacity.default']],
    ['capacity max below default default', 'shape: capacity\ncapacity: { max: 0 }', ['config_invalid capacity.max']],
    ['capacity not whole', 'shape: capacity\ncapacity: { max: 2.5 }', ['config_invalid capacity.max']],
    ['min_group of 1', 'shape: capacity\ncapacity: { min_group: 1 }', ['config_invalid capacity.min_group']],
    ['min_group above max', 'shape: capacity\ncapacity: { max: 3, min_group: 4 }', ['config_invalid capacity.min_group']],
    ['quota share above 1', 'quotas:\n  same_department: 30', ['config_invalid quotas.same_department']],
    ['quota share negative', 'quotas:\n  same_region: -0.1', ['config_invalid quotas.same_region']],
    ['unknown quota', 'quotas:\n  same_departmnet: 0.3', ['config_unknown_key quotas.same_departmnet']],
    ['solver not allowed', 'solver: simplex', ['config_invalid solver']],
    ['objective twice', 'objectives: [matched, matched]', ['config_invalid objectives']],
    ['unknown objective', 'objectives: [happiness]', ['config_invalid objectives[0]']],
    ['no objectives', 'objectives: []', ['config_invalid objectives']],
    ['priority above 100', 'priority:\n  unmatched_last_cycle: 101', ['config_invalid priority.unmatched_last_cycle']],
    ['weight not a number', 'weights:\n  interests: "3"', ['config_invalid weights.interests']],
    ['weight negative', 'weights:\n  region: -1', ['config_invalid weights.region']],
    ['weight above 100', 'weights:\n  skills: 101', ['config_invalid weights.skills']],
    [
      'all weights 0',
      'weights: { interests: 0, skills: 0, goals_text: 0, community_size: 0, region: 0, experience_gap: 0 }',
      ['config_invalid weights'],
    ],
    ['ideal_min above ideal_max', 'factors:\n  experience_gap: { ideal_min: 10, ideal_max: 8 }', ['config_invalid factors.experience_gap.ideal_max']],
    ['ideal_min above default ideal_max', 'factors:\n  experience_gap: { ideal_min: 25 }', ['config_invalid factors.experience_gap.ideal_min']],
    ['tolerance out of range', 'factors:\n  experience_gap: { tolerance: -1 }', ['config_invalid factors.experience_gap.tolerance']],
    [
      'upper_bounds not one fewer than bands',
      'factors:\n  community_size:\n    bands: [small, large]\n    upper_bounds: [1000, 5000]',
      ['config_invalid factors.community_size.upper_bounds'],
    ],
    [
      'bands changed, upper_bounds left at default',
      'factors:\n  community_size:\n    bands: [small, large]',
      ['config_invalid factors.community_size.bands'],
    ],
    [
      'upper_bounds not increasing',
      'factors:\n  community_size:\n    upper_bounds: [10000, 10000, 5000]',
      ['config_invalid factors.community_size.upper_bounds[1]', 'config_invalid factors.community_size.upper_bounds[2]'],
    ],
    ['upper bound not positive', 'factors:\n  community_size:\n    upper_bounds: [0, 50000, 250000]', ['config_invalid factors.community_size.upper_bounds[0]']],
    ['one band only', 'factors:\n  community_size:\n    bands: [all]\n    upper_bounds: []', ['config_invalid factors.community_size.bands']],
    [
      'band twice',
      'factors:\n  community_size:\n    bands: [a, b, A]\n    upper_bounds: [1, 2]',
      ['config_invalid factors.community_size.bands[2]'],
    ],
    ['department prefer not allowed', 'factors:\n  department: { prefer: other }', ['config_invalid factors.department.prefer']],
    ['max_choices 0', 'factors:\n  choice_rank: { max_choices: 0 }', ['config_invalid factors.choice_rank.max_choices']],
    ['exclusion not yes/no', 'exclusions:\n  past_pairs: maybe', ['config_invalid exclusions.past_pairs']],
    ['min_score above 100', 'min_score: 150', ['config_invalid min_score']],
    ['min_score left blank', 'min_score:', ['config_invalid min_score']],
    ['solver not allowed', 'solver: fastest', ['config_invalid solver']],
    ['column mapped to a non-field', 'columns:\n  "Email Address": mail', ['config_invalid columns["Email Address"]']],
    [
      'same form header twice (case and spaces ignored)',
      'columns:\n  "Email Address": email\n  "email  address": email',
      ['config_invalid columns["email  address"]'],
    ],
    ['columns not a mapping', 'columns: [email]', ['config_invalid columns']],
    ['first_contact_days 0', 'emails:\n  first_contact_days: 0', ['config_invalid emails.first_contact_days']],
    ['first_contact_by not allowed', 'emails:\n  first_contact_by: whoever', ['config_invalid emails.first_contact_by']],
    ['subject on two lines', 'emails:\n  subject: "Your match\\nBcc: x@evil.example"', ['config_invalid emails.subject']],
    ['intro_mentee not text', 'emails:\n  intro_mentee: [a, b]', ['config_invalid emails.intro_mentee']],
    ['intro_mentor empty', 'emails:\n  intro_mentor: "  "', ['config_invalid emails.intro_mentor']],
    ['confidentiality true', 'emails:\n  confidentiality: true', ['config_invalid emails.confidentiality']],
    ['agreement left blank', 'emails:\n  agreement:', ['config_invalid emails.agreement']],
    ['reply_to not an address', 'emails:\n  reply_to: the program office', ['config_invalid emails.reply_to']],
    ['reply_to with a name', 'emails:\n  reply_to: Office <office@example.org>', ['config_invalid emails.reply_to']],
    ['from with two addresses', 'emails:\n  from: a@example.org, b@example.org', ['config_invalid emails.from']],
    ['reply-to misspelt', 'emails:\n  reply-to: office@example.org', ['config_unknown_key emails["reply-to"]']],
    ['eligibility not a list', 'eligibility:\n  rule: agreement_signed', ['config_invalid eligibility']],
    ['unknown rule name', 'eligibility:\n  - rule: member_good_standing', ['config_invalid eligibility[0].rule']],
    ['rule without rule:', 'eligibility:\n  - roles: [mentor]', ['config_invalid eligibility[0].rule']],
    ['rule not a mapping', 'eligibility:\n  - agreement_signed', ['config_invalid eligibility[0]']],
    ['flag without name and column', 'eligibility:\n  - rule: flag', ['config_invalid eligibility[0].name', 'config_invalid eligibility[0].column']],
    ['flag on a template field that is not yes/no', 'eligibility:\n  - rule: flag\n    name: x\n    column: interests', ['config_invalid eligibility[0].column']],
    [
      'flag on a header mapped to a field that is not yes/no',
      'columns: { "Your goals": goals }\neligibility:\n  - rule: flag\n    name: x\n    column: your goals',
      ['config_invalid eligibility[0].column'],
    ],
    ['years out of range', 'eligibility:\n  - rule: mentor_min_years\n    years: 70', ['config_invalid eligibility[0].years']],
    ['roles not allowed', 'eligibility:\n  - rule: agreement_signed\n    roles: [mentors]', ['config_invalid eligibility[0].roles']],
    ['roles empty', 'eligibility:\n  - rule: agreement_signed\n    roles: []', ['config_invalid eligibility[0].roles']],
    [
      'completed_application field not a template field',
      'eligibility:\n  - rule: completed_application\n    fields: [goals, intrests]',
      ['config_invalid eligibility[0].fields[1]'],
    ],
    ['completed_application with no fields', 'eligibility:\n  - rule: completed_application\n    fields: []', ['config_invalid eligibility[0].fields']],
    ['config not a mapping', '- a\n- b', ['config_invalid']],
  ])('%s', (_, yaml, expected) => {
    const r = resolve(yaml);
    expect(codes(r.problems)).toEqual(expected);
    for (const p of r.problems) {
      expect(p.file).toBe('program.yaml');
      expect(p.expected.length).toBeGreaterThan(0);
    }
  });

  it('reports every problem of the file at once, in line order', () => {
    const yaml = [
      'programm: X', // 1
      'shape: capasity', // 2
      'weights:', // 3
      '  intrests: 3', // 4
      '  skills: "3"', // 5
      'eligibility:', // 6
      '  - rule: flag', // 7
      '  - rule: mentor_min_years', // 8
      '    years: 700', // 9
      'factors:', // 10
      '  experience_gap: { ideal_min: 30 }', // 11
      'solver: fast', // 12
    ].join('\n');
    const r = resolve(yaml);
    expect(r.problems.map((p) => [p.code, p.column, p.row])).toEqual([
      ['config_unknown_key', 'programm', 1],
      ['config_invalid', 'shape', 2],
      ['config_unknown_key', 'weights.intrests', 4],
      ['config_invalid', 'weights.skills', 5],
      ['config_invalid', 'eligibility[0].name', 7],
      ['config_invalid', 'eligibility[0].column', 7],
      ['config_invalid', 'eligibility[1].years', 9],
      ['config_invalid', 'factors.experience_gap.ideal_min', 11],
      ['config_invalid', 'solver', 12],
    ]);
  });

  it('gives the value as written and the line of each problem', () => {
    const r = resolve('weights:\n  skills: "3"\nsolver: fast\nweights2: 1');
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'config_invalid', column: 'weights.skills', value: '"3"', row: 2 }),
      expect.objectContaining({ code: 'config_invalid', column: 'solver', value: 'fast', row: 3 }),
      expect.objectContaining({ code: 'config_unknown_key', column: 'weights2', value: 'weights2', row: 4 }),
    ]);
  });

  it.each([
    ['weights:\n  intrests: 3', 'interests'],
    ['programm: x', 'program'],
    ['shape: capasity', 'capacity'],
    ['eligibility:\n  - rule: member_good_standing', 'member_in_good_standing'],
    ['columns: { "E-mail": emial }', 'email'],
  ])('a near miss gets a "did you mean": %j', (yaml, hint) => {
    const [p] = resolve(yaml).problems;
    expect(p?.expected).toContain(`"${hint}"`);
  });

  it('suggests nothing for a word far from every allowed one', () => {
    expect(suggest('colour', ['interests', 'skills'])).toBeUndefined();
    expect(suggest('roles', ['rule', 'years', 'name', 'description'])).toBeUndefined();
  });

  it(`lists at most ${MAX_CONFIG_PROBLEMS} problems, then one counting the rest`, () => {
    const yaml = Array.from({ length: 250 }, (_, i) => `unknown_${i}: 1`).join('\n');
    const r = resolve(yaml);
    expect(r.problems).toHaveLength(MAX_CONFIG_PROBLEMS + 1);
    expect(r.problems.at(-1)).toMatchObject({ code: 'config_invalid' });
    expect(r.problems.at(-1)?.column).toBeUndefined();
  });
});

describe('accepted spellings', () => {
  it.each([
    ['yes', true],
    ['No', false],
    ['true', true],
    ['"y"', true],
    ['off', false],
  ])('exclusions take %s as %s', (written, value) => {
    const r = resolve(`exclusions:\n  same_department: ${written}`);
    expect(r.problems).toEqual([]);
    expect(r.program.exclusions.sameDepartment).toBe(value);
  });

  it('trims text and keeps column headers as written', () => {
    const r = resolve('program: "  Our program  "\ncolumns:\n  "Email Address": email');
    expect(r.problems).toEqual([]);
    expect(r.program.name).toBe('Our program');
    expect(r.program.columns).toEqual({ 'Email Address': 'email' });
  });

  it('reads a file with a byte-order mark and CRLF line ends', () => {
    const r = resolve('\uFEFFprogram: X\r\nweights:\r\n  region: 0\r\n');
    expect(r.problems).toEqual([]);
    expect(r.program.name).toBe('X');
    expect(r.program.weights.region).toBe(0);
  });

  it('resolves anchors and aliases used a few times', () => {
    const r = resolve('eligibility:\n  - rule: employer_supports\n    roles: &mentees [mentee]\n  - rule: completed_application\n    roles: *mentees');
    expect(r.problems).toEqual([]);
    expect(r.program.eligibility.map((e) => ('roles' in e ? e.roles : []))).toEqual([['mentee'], ['mentee']]);
  });
});

describe('YAML that cannot be read', () => {
  it('a syntax error is yaml_malformed with its line in row', () => {
    const r = resolve('program: X\nweights:\n  interests: [1, 2\nsolver: auto\n');
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.code === 'yaml_malformed')).toBe(true);
    expect(r.problems[0]?.row).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['items of one mapping at different columns', 'program: X\nweights:\n  interests: 3\n skills: 2\n', 4],
    ['a tab as indentation', 'program: X\nweights:\n\tinterests: 3\n', 3],
    ['a key without a colon', 'program: X\nsolver\nmin_score: 1\n', 2],
    ['a stray bracket', 'program: X\nweights: [1, 2]]\n', 2],
  ])('%s is yaml_malformed at its line', (_, text, row) => {
    const r = resolve(text);
    expect(codes(r.problems)).toEqual(['yaml_malformed']);
    expect(r.problems[0]?.row).toBe(row);
  });

  it('a key set twice is yaml_malformed at the second one', () => {
    const r = resolve('program: A\nsolver: auto\nprogram: B\n');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'yaml_malformed', row: 3, value: 'program' })]);
  });

  it('a second document is yaml_malformed', () => {
    expect(codes(resolve('program: A\n---\nprogram: B\n').problems)).toEqual(['yaml_malformed']);
  });

  it('a YAML bomb is refused quickly, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const r = resolve(levels.join('\n'));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(codes(r.problems)).toEqual(['yaml_malformed']);
    expect(r.program).toBe(DEFAULT_PROGRAM);
  });

  it('absurd nesting is refused before it can overflow the stack, however often it comes', () => {
    // Regression: yaml's composer overflowed the stack on ~800 levels, and a
    // second such file then killed Node ("RegExpCompiler Allocation failed").
    for (const text of ['['.repeat(5000), '{'.repeat(5000), '- '.repeat(5000), '[{'.repeat(3000)]) {
      expect(codes(resolve(text).problems)).toEqual(['yaml_malformed']);
    }
    const nested = Array.from({ length: MAX_YAML_DEPTH + 1 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(codes(resolve(nested).problems)).toEqual(['yaml_malformed']);
  });
});

describe('loadProgramConfig (files)', () => {
  it.each<[string, (path: string) => void, ProblemCode]>([
    ['a missing file', () => undefined, 'file_not_found'],
    ['a folder', (path) => mkdirSync(path), 'file_unreadable'],
  ])('%s: %s', (name, setup, code) => {
    const path = join(tmp, name.replace(/\W/g, '-'));
    setup(path);
    expect(codes(loadProgramConfig(path).problems)).toEqual([code]);
  });

  it('a file that is not UTF-8 is bad_encoding', () => {
    const path = join(tmp, 'latin1.yaml');
    writeFileSync(path, Buffer.from('program: Programme d\xe9partemental\n', 'latin1'));
    expect(codes(loadProgramConfig(path).problems)).toEqual(['bad_encoding']);
  });

  it(`a file over ${MAX_CONFIG_BYTES} bytes is file_unreadable, not parsed`, () => {
    const path = join(tmp, 'huge.yaml');
    writeFileSync(path, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    expect(codes(loadProgramConfig(path).problems)).toEqual(['file_unreadable']);
  });

  it('problems name the file as the user gave it', () => {
    const path = join(tmp, 'bad.yaml');
    writeFileSync(path, 'solver: fast\n');
    expect(loadProgramConfig(path).problems).toEqual([expect.objectContaining({ file: path, column: 'solver', row: 1 })]);
  });
});

describe('resolveProgram (library users)', () => {
  it('takes the YAML shape as an object and fills in the defaults', () => {
    const config: ProgramConfig = {
      shape: 'capacity',
      capacity: { max: 5 },
      weights: { choice_rank: 2 },
      eligibility: [{ rule: 'mentor_min_years', years: 10 }],
    };
    const r = resolveProgram(config);
    expect(r.problems).toEqual([]);
    expect(r.program.shape).toEqual({ kind: 'capacity', defaultCapacity: 1, maxCapacity: 5, minGroup: 0 });
    expect(r.program.weights.choice_rank).toBe(2);
    expect(r.program.eligibility).toEqual([expect.objectContaining({ rule: 'mentor_min_years', years: 10 })]);
    expect(resolveProgram({}).program).toEqual(DEFAULT_PROGRAM);
  });

  it('reports problems with key paths and the value, without a line', () => {
    const r = resolveProgram({ min_score: 300, weights: { region: -2 } });
    expect(r.problems).toEqual([
      { code: 'config_invalid', file: '<program config>', column: 'weights.region', value: '-2', expected: expect.any(String) as string },
      { code: 'config_invalid', file: '<program config>', column: 'min_score', value: '300', expected: expect.any(String) as string },
    ]);
  });

  it('never changes the object it is given', () => {
    const config = { weights: { interests: 1 }, eligibility: [{ rule: 'employer_supports' as const, roles: 'mentee' as const }] };
    const before = structuredClone(config);
    resolveProgram(config);
    expect(config).toEqual(before);
  });
});

describe('presets in fixtures/programs', () => {
  const folder = new URL('../fixtures/programs/', import.meta.url);
  const files = readdirSync(folder).filter((f) => f.endsWith('.yaml'));

  it('has one preset per handbook', () => {
    expect(files.sort()).toEqual(['3cma.yaml', 'amcto.yaml', 'city-department.yaml', 'lacmc.yaml', 'pcma-group.yaml']);
  });

  it.each(files)('%s loads with no problems', (file) => {
    const r = loadProgramConfig(new URL(file, folder).pathname);
    expect(r.problems).toEqual([]);
  });

  const load = (file: string) => loadProgramConfig(new URL(file, folder).pathname).program;
  const ruleNames = (p: ResolvedProgram) => p.eligibility.map((e) => e.name);

  it('3cma: good standing, field involvement, completed application; interests, size, location; 30 days; one-on-one', () => {
    const p = load('3cma.yaml');
    expect(ruleNames(p)).toEqual(['member_in_good_standing', 'field_involvement', 'completed_application']);
    expect(p.eligibility[1]).toMatchObject({ rule: 'flag', field: 'field_involvement', roles: ['mentor', 'mentee'] });
    expect(p.shape.kind).toBe('one_to_one');
    expect(p.weights.interests).toBeGreaterThan(0);
    expect(p.weights.community_size).toBeGreaterThan(0);
    expect(p.weights.region).toBeGreaterThan(0);
    expect(p.emails.firstContactDays).toBe(30);
    expect(p.emails.meetingExpectations).toMatch(/once a month/);
    expect(p.emails.meetingExpectations).toMatch(/two to three times a month/);
  });

  it('amcto: standing, both agreements, employer support for mentees, 7 years both ways; mutual requests; one-on-one; region a small plus', () => {
    const p = load('amcto.yaml');
    expect(ruleNames(p)).toEqual([
      'member_in_good_standing',
      'agreement_signed',
      'confidentiality_signed',
      'employer_supports',
      'completed_application',
      'mentor_min_years',
      'mentee_max_years_or_new',
    ]);
    expect(p.eligibility[3]).toMatchObject({ field: 'employer_supports', roles: ['mentee'] });
    expect(p.eligibility).toContainEqual(expect.objectContaining({ rule: 'mentor_min_years', years: 7 }));
    expect(p.eligibility).toContainEqual(expect.objectContaining({ rule: 'mentee_max_years_or_new', years: 7 }));
    expect(p.shape.kind).toBe('one_to_one');
    expect(p.weights.mutual_request).toBeGreaterThan(0);
    expect(p.weights.region).toBeLessThan(p.weights.interests);
    expect(p.weights.goals_text).toBeGreaterThan(0);
    expect(p.weights.skills).toBeGreaterThan(0);
    expect(p.emails.meetingExpectations).toMatch(/30 to 90 minutes/);
    expect(p.emails.meetingExpectations).toMatch(/six weeks/);
  });

  it('lacmc: current members, completed application; cross-department, outside the chain of command; monthly for twelve months', () => {
    const p = load('lacmc.yaml');
    expect(p.eligibility[0]).toMatchObject({ rule: 'flag', name: 'current_member', field: 'member_in_good_standing' });
    expect(p.eligibility.filter((e) => e.rule === 'completed_application')).toHaveLength(2);
    expect(p.factors.department.prefer).toBe('different');
    expect(p.weights.department).toBeGreaterThan(0);
    expect(p.exclusions.chainOfCommand).toBe(true);
    expect(p.weights.skills).toBeGreaterThan(0);
    expect(p.weights.interests).toBeGreaterThan(0);
    expect(p.shape.kind).toBe('one_to_one');
    expect(p.emails.meetingExpectations).toMatch(/12 meetings/);
  });

  it('city-department: the experience gap weighs most; cross-functional (another division)', () => {
    const p = load('city-department.yaml');
    const top = Math.max(...Object.values(p.weights));
    expect(p.weights.experience_gap).toBe(top);
    expect(p.factors.experienceGap.idealMin).toBeGreaterThan(DEFAULT_PROGRAM.factors.experienceGap.idealMin);
    expect(p.factors.department.prefer).toBe('different');
    expect(p.weights.community_size).toBe(0);
  });

  it('pcma-group: group mentoring (one or several mentors per group), ranked top-three choices weigh most', () => {
    const p = load('pcma-group.yaml');
    expect(p.shape).toEqual({ kind: 'group', minSize: 3, maxSize: 6, coMentors: 'paired', maxMentors: 2 });
    expect(p.factors.choiceRank.maxChoices).toBe(3);
    expect(p.weights.choice_rank).toBe(Math.max(...Object.values(p.weights)));
    expect(p.emails.meetingExpectations).toMatch(/three to six months/);
  });
});
