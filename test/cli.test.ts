import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWritten, EXIT } from '../runners/cli.js';
import { cli } from './helpers/cli.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();


describe('mentor-match CLI', () => {
  it('run: writes the folder and says what it wrote', async () => {
    const outDir = join(tmp(), 'out');
    const r = await cli('run', 'fixtures/sample-cohort/applications.csv', '--config', 'fixtures/sample-cohort/program.yaml', '--out', outDir);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/\d+ pairs, \d+ unmatched, \d+ ineligible/);
    expect(r.out).toMatch(/^wrote .*: matches\.csv, .*emails\/ \(\d+ files\), report\.md, report\.html, run\.json$/m);
    expect(existsSync(join(outDir, 'matches.csv'))).toBe(true);
  });

  it('run: the summary names a subfolder once, with its count', () => {
    expect(describeWritten(['matches.csv', 'emails/mentee-E1.eml', 'emails/mentor-M1.eml', 'report.md'])).toBe('matches.csv, emails/ (2 files), report.md');
    expect(describeWritten(['matches.csv', 'emails/mentee-E1.eml'])).toBe('matches.csv, emails/ (1 file)');
    expect(describeWritten([])).toBe('');
  });

  it('run --help lists --compare', async () => {
    const r = await cli('run', '--help');
    expect(r.out.replace(/\s+/g, ' ')).toContain("--compare <folder> compare with this earlier run's output instead of the folder being replaced");
  });

  it.each([
    { name: 'a missing applications file', argv: ['run', 'no-such-file.csv'], code: 'file_not_found' },
    { name: 'a missing config file', argv: ['run', 'fixtures/sample-cohort/applications.csv', '--config', 'nope.yaml'], code: 'file_not_found' },
    { name: 'a broken quote', argv: ['validate', 'test/files/broken-quote.csv'], code: 'csv_malformed' },
  ])('$name: exit 2, every problem with its code, no stack trace', async ({ argv, code }) => {
    const r = await cli(...argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['a missing argument', ['run']],
    ['an unknown option', ['run', 'x.csv', '--colour']],
    ['a bad number', ['generate', '--mentees', 'ten', '--mentors', '3']],
  ])('usage error for %s: exit 2', async (_name, argv) => {
    expect((await cli(...argv)).code).toBe(EXIT.usage);
  });

  it.each([[['--help']], [['run', '--help']], [['validate', '--help']], [['init', '--help']], [['generate', '--help']], [['--version']]])(
    '%j: exit 0 with text',
    async (argv) => {
      const r = await cli(...argv);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out.length).toBeGreaterThan(0);
    },
  );

  it('validate: counts without matching', async () => {
    const r = await cli('validate', 'fixtures/sample-cohort/applications.csv', '--config', 'fixtures/sample-cohort/program.yaml');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^ok: 155 applicants \(60 mentors, 95 mentees\)/);
  });

  it('init: writes a config that runs, and refuses to overwrite', async () => {
    const dir = tmp();
    expect((await cli('init', dir)).code).toBe(EXIT.ok);
    const again = await cli('init', dir);
    expect(again.code).toBe(EXIT.usage);
    expect(again.err).toContain('[file_exists]');
    expect((await cli('validate', 'fixtures/sample-cohort/applications.csv', '--config', join(dir, 'program.yaml'))).code).toBe(EXIT.ok);
  });

  it('generate: the same seed writes the same file, and it runs', async () => {
    const dir = tmp();
    for (const name of ['a.csv', 'b.csv']) {
      expect((await cli('generate', '--mentees', '40', '--mentors', '20', '--seed', '9', '--out', join(dir, name))).code).toBe(EXIT.ok);
    }
    expect(readFileSync(join(dir, 'a.csv'))).toEqual(readFileSync(join(dir, 'b.csv')));
    expect((await cli('run', join(dir, 'a.csv'), '--out', join(dir, 'out'))).code).toBe(EXIT.ok);
  });

  it('as a real process: exit code 2 on bad input and JSON log lines on a non-terminal stderr', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.csv'), 'id,role,name,email\nM1,boss,Ann,ann@x.example\n');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'runners/cli.ts', 'run', join(dir, 'bad.csv'), '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('[bad_role]');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'runners/cli.ts', 'run', 'fixtures/sample-cohort/applications.csv', '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const lines = ok.stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
