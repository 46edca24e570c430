import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM, loadProgramConfig, resolveProgramConfig } from '../runners/load-config.js';
import { APPLICATIONS_TEMPLATE_CSV, STARTER_FILES, STARTER_PROGRAM_YAML, writeStarter } from '../runners/write-starter.js';
import { TEMPLATE_FIELDS } from '../scoring/applicant.js';
import { FACTOR_NAMES } from '../scoring/program.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mm-init-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const configPath = () => join(dir, STARTER_FILES.config);
const csvPath = () => join(dir, STARTER_FILES.applications);


/** The commented lines of the starter's `group:` block. */
const GROUP_LINE = /^# (group:|  (min_size|max_size|co_mentors|max_mentors):)/;
describe('the starter program.yaml', () => {
  it('loads with no problems and equals the documented defaults', () => {
    const r = resolveProgramConfig(STARTER_PROGRAM_YAML, 'program.yaml');
    expect(r.problems).toEqual([]);
    expect(r.program).toEqual(DEFAULT_PROGRAM);
  });

  it.each([
    'program', 'shape', 'capacity', 'eligibility', 'weights', 'factors', 'exclusions', 'min_score', 'solver', 'columns', 'emails',
    ...FACTOR_NAMES,
    'ideal_min', 'ideal_max', 'tolerance', 'bands', 'upper_bounds', 'prefer', 'max_choices',
    'chain_of_command', 'same_department', 'past_pairs',
    'first_contact_days', 'meeting_expectations', 'subject', 'signature',
  ])('names the key %s, with a comment', (key) => {
    const line = STARTER_PROGRAM_YAML.split('\n').find((l) => new RegExp(`^[#\\s]*${key}:`).test(l));
    expect(line).toBeDefined();
  });

  it.each([
    'member_in_good_standing', 'agreement_signed', 'confidentiality_signed', 'employer_supports', 'field_involvement',
    'flag', 'completed_application', 'mentor_min_years', 'mentee_max_years_or_new',
  ])('shows the eligibility rule %s (commented out)', (rule) => {
    expect(STARTER_PROGRAM_YAML).toMatch(new RegExp(`^#\\s+- rule: ${rule}\\b`, 'm'));
  });

  it('loads just as well with every commented example switched on', () => {
    // The group block belongs to shape: group (checked below), not to shape: capacity.
    const uncommented = STARTER_PROGRAM_YAML.split('\n')
      .filter((l) => !/^(eligibility|columns): (\[\]|\{\})$/.test(l) && !/^shape: /.test(l) && !GROUP_LINE.test(l))
      .map((l) => (/^# {0,3}(capacity|eligibility|columns|  )/.test(l) ? l.replace(/^# ?/, '') : l))
      .join('\n');
    const r = resolveProgramConfig(`shape: capacity\n${uncommented}`, 'program.yaml');
    expect(r.problems).toEqual([]);
    expect(r.program.eligibility).toHaveLength(9);
    expect(r.program.columns).toEqual({ 'Email Address': 'email', 'What are your areas of interest?': 'interests' });
  });

  it('its group block loads with shape: group', () => {
    const group = STARTER_PROGRAM_YAML.split('\n').filter((l) => GROUP_LINE.test(l)).map((l) => l.replace(/^# ?/, ''));
    expect(group.length).toBeGreaterThan(1);
    const r = resolveProgramConfig(`shape: group\n${group.join('\n')}`, 'program.yaml');
    expect(r.problems).toEqual([]);
    expect(r.program.shape).toEqual({ kind: 'group', minSize: 2, maxSize: 6, coMentors: 'declared', maxMentors: 2 });
  });
});

describe('the applications.csv template', () => {
  it('is the template header row, UTF-8 with BOM and CRLF', () => {
    expect(APPLICATIONS_TEMPLATE_CSV.startsWith('\uFEFF')).toBe(true);
    expect(APPLICATIONS_TEMPLATE_CSV.endsWith('\r\n')).toBe(true);
    expect(APPLICATIONS_TEMPLATE_CSV.slice(1, -2).split(',')).toEqual([...TEMPLATE_FIELDS]);
    expect(APPLICATIONS_TEMPLATE_CSV.match(/\n/g)).toHaveLength(1);
  });
});

describe('writeStarter', () => {
  it('writes both files into the folder, creating it', () => {
    const folder = join(dir, 'new', 'program');
    const out = writeStarter(folder);
    expect(out.problems).toEqual([]);
    expect(out.written).toEqual([join(folder, 'program.yaml'), join(folder, 'applications.csv')]);
    expect(readFileSync(join(folder, 'program.yaml'), 'utf8')).toBe(STARTER_PROGRAM_YAML);
    const csv = readFileSync(join(folder, 'applications.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toBe(APPLICATIONS_TEMPLATE_CSV);
  });

  it('the written config loads through loadProgramConfig as the defaults', () => {
    writeStarter(dir);
    const r = loadProgramConfig(configPath());
    expect(r.problems).toEqual([]);
    expect(r.program).toEqual(DEFAULT_PROGRAM);
  });

  it.each([
    ['both files exist', [STARTER_FILES.config, STARTER_FILES.applications]],
    ['only program.yaml exists', [STARTER_FILES.config]],
    ['only applications.csv exists', [STARTER_FILES.applications]],
  ] as const)('%s: nothing is written, each existing file is file_exists', (_, existing) => {
    for (const f of existing) writeFileSync(join(dir, f), 'mine');
    const out = writeStarter(dir);
    expect(out.written).toEqual([]);
    expect(out.problems.map((p) => [p.code, p.file])).toEqual(existing.map((f) => ['file_exists', join(dir, f)]));
    for (const f of existing) expect(readFileSync(join(dir, f), 'utf8')).toBe('mine');
    for (const f of Object.values(STARTER_FILES)) if (!(existing as readonly string[]).includes(f)) expect(existsSync(join(dir, f))).toBe(false);
  });

  it('overwrites existing files with force', () => {
    writeFileSync(configPath(), 'mine');
    writeFileSync(csvPath(), 'mine');
    const out = writeStarter(dir, { force: true });
    expect(out.problems).toEqual([]);
    expect(out.written).toHaveLength(2);
    expect(readFileSync(configPath(), 'utf8')).toBe(STARTER_PROGRAM_YAML);
  });

  it('a folder where a file goes is file_exists, even with force', () => {
    mkdirSync(configPath());
    const out = writeStarter(dir, { force: true });
    expect(out.written).toEqual([]);
    expect(out.problems.map((p) => p.code)).toEqual(['file_exists']);
  });

  it('a file where the folder goes is file_exists', () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const out = writeStarter(file);
    expect(out.written).toEqual([]);
    expect(out.problems.map((p) => [p.code, p.file])).toEqual([['file_exists', file]]);
  });
});
