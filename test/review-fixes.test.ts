/**
 * Regressions for what a review found: the output folder never eats a
 * user's files, a supervisor chain runs through unreadable rows, skipped
 * history rows are said out loud, a rule with no column stops the run, and
 * `validate` refuses what `run` refuses.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../runners/cli.js';
import { capture } from './helpers/capture.js';
import { cli } from './helpers/cli.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();


const SAMPLE = 'fixtures/sample-cohort/applications.csv';

describe('the output folder', () => {
  it('refuses a folder holding other files, and leaves them alone', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await cli('run', SAMPLE, '--out', dir);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('[output_refused]');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('refuses a folder that holds one of the inputs, even with --force', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'apps.csv'), readFileSync(SAMPLE));
    const r = await cli('run', join(dir, 'apps.csv'), '--out', dir, '--force');
    expect(r.code).toBe(EXIT.usage);
    expect(readdirSync(dir)).toEqual(['apps.csv']);
  });

  it.each([['.'], ['..']])('refuses %s (the current folder or one above it)', async (out) => {
    const r = await cli('run', SAMPLE, '--out', out);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('[output_refused]');
  });

  it('refuses a path under a file, without a stack trace', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await cli('run', SAMPLE, '--out', join(dir, 'afile', 'sub'));
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('replaces an earlier run\'s output, and any folder with --force', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    expect((await cli('run', SAMPLE, '--out', out)).code).toBe(EXIT.ok);
    expect((await cli('run', SAMPLE, '--out', out)).code).toBe(EXIT.ok);
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'x.txt'), 'x');
    expect((await cli('run', SAMPLE, '--out', join(dir, 'other'), '--force')).code).toBe(EXIT.ok);
    expect(existsSync(join(dir, 'other', 'x.txt'))).toBe(false);
  });

  it('generate refuses to overwrite without --force and creates missing folders', async () => {
    const dir = tmp();
    const file = join(dir, 'new', 'deeper', 'pool.csv');
    expect((await cli('generate', '--mentees', '3', '--mentors', '2', '--out', file)).code).toBe(EXIT.ok);
    const again = await cli('generate', '--mentees', '3', '--mentors', '2', '--out', file);
    expect(again.code).toBe(EXIT.usage);
    expect(again.err).toContain('[file_exists]');
    expect((await cli('generate', '--mentees', '3', '--mentors', '2', '--out', file, '--force')).code).toBe(EXIT.ok);
  });

  it('a bad --log-level is a usage error', async () => {
    const out = capture();
    const err = capture();
    expect(await main(['--log-level', 'loud', 'validate', SAMPLE], out, err)).toBe(EXIT.usage);
  });
});

describe('inputs the review showed could mislead', () => {
  it('a chain of command runs through a row that could not be read', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'chain.csv'),
      [
        'id,role,name,email,supervisor_id,member_in_good_standing,interests,skills_offered,skills_sought,years_experience',
        'C1,mentor,Carla,c@x.example,,yes,budgeting,budgeting,,20',
        'X1,mentor,Xavier,x@x.example,,yes,parks,parks,,20',
        'B1,mentee,Ben,b@x.example,C1,maybe,budgeting,,budgeting,5',
        'A1,mentee,Amy,a@x.example,B1,yes,budgeting,,budgeting,2',
      ].join('\n'),
    );
    const r = await cli('run', join(dir, 'chain.csv'), '--skip-invalid-rows', '--out', join(dir, 'out'));
    expect(r.code).toBe(EXIT.ok);
    const matches = readFileSync(join(dir, 'out', 'matches.csv'), 'utf8');
    expect(matches).not.toMatch(/C1,Carla,A1/);
  });

  it('history rows that name nobody are reported with their rows; an id in other capitals still applies', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'apps.csv'), ['id,role,name,email,interests', 'M1,mentor,Max,m@x.example,budgeting', 'T1,mentee,Tia,t@x.example,budgeting'].join('\n'));
    writeFileSync(join(dir, 'history.csv'), 'mentor,mentee,year\nM1,t1,2024\nM1,GONE-7,2023\n');
    const r = await cli('run', join(dir, 'apps.csv'), '--history', join(dir, 'history.csv'), '--out', join(dir, 'out'));
    expect(r.code).toBe(EXIT.ok);
    expect(readFileSync(join(dir, 'out', 'matches.csv'), 'utf8')).not.toContain('M1,Max,T1');
    const report = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(report).toMatch(/row 2: an id that differs from an applicant's only in capitals/);
    expect(report).toMatch(/row 3: names someone who is not in this cohort/);
    const record = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as { warnings: string[]; input: { past_pairs: number } };
    expect(record.input.past_pairs).toBe(1);
    expect(record.warnings.filter((w) => w.includes('history.csv'))).toHaveLength(2);
  });

  it('an eligibility rule whose column the file lacks stops the run instead of rejecting everyone', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'program.yaml'), 'eligibility:\n  - rule: confidentiality_signed\n  - rule: flag\n    name: orientation\n    column: Orientation Done\n');
    const r = await cli('validate', SAMPLE.replace('applications.csv', 'applications.csv'), '--config', join(dir, 'program.yaml'));
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/column "Orientation Done".*\[missing_column\]/);
    expect(r.err).not.toMatch(/column "confidentiality_signed"/);
  });

  it('a weighted factor with no column is a warning', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'apps.csv'), ['id,role,name,email,interests', 'M1,mentor,Max,m@x.example,budgeting', 'T1,mentee,Tia,t@x.example,budgeting'].join('\n'));
    const r = await cli('validate', join(dir, 'apps.csv'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/no region column, so the "region" factor/);
    expect(r.err).toMatch(/no supervisor_id column/);
  });

  it('validate refuses a pin that run would refuse, and a brute-force solver the cohort is too big for', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'edits.csv'), 'mentor,mentee,action\nMTR-0010,MTE-0001,pin\n');
    const pin = await cli('validate', SAMPLE, '--config', 'fixtures/sample-cohort/program.yaml', '--edits', join(dir, 'edits.csv'));
    expect(pin.code).toBe(EXIT.usage);
    expect(pin.err).toContain('[pair_conflict]');
    writeFileSync(join(dir, 'brute.yaml'), 'solver: brute_force\n');
    const brute = await cli('validate', SAMPLE, '--config', join(dir, 'brute.yaml'));
    expect(brute.code).toBe(EXIT.failed);
    expect(brute.err).toMatch(/brute_force takes at most/);
  });
});

describe('checkOutputFolder', () => {
  it('sees an input in a subfolder whose name starts with ".." as inside the output folder', async () => {
    const { checkOutputFolder } = await import('../runners/check-output-folder.js');
    const dir = tmp();
    mkdirSync(join(dir, '..data'));
    writeFileSync(join(dir, '..data', 'apps.csv'), 'x');
    expect(checkOutputFolder(dir, [join(dir, '..data', 'apps.csv')], true).map((p) => p.code)).toEqual(['output_refused']);
    expect(checkOutputFolder(join(dir, 'out'), [join(dir, '..data', 'apps.csv')], false)).toEqual([]);
  });
});
