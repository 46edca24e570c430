/**
 * Size limits (issue 6, item 7): a pool past the program's limits is
 * refused with the setting named, before anything of its size is built.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePool, poolToCsv } from '../fixtures/generate-pool.js';
import { DEFAULT_PROGRAM, resolveProgramConfig } from '../runners/load-config.js';
import { matchCohort } from '../runners/match-cohort.js';
import { cli } from './helpers/cli.js';
import { smallCohort } from './helpers/cohort.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

describe('limits', () => {
  it('max_pairs: eligible mentees × mentors above it is limit_exceeded, with the sizes and the memory it would take', () => {
    const applicants = smallCohort(4, 12, 5, DEFAULT_PROGRAM);
    const mentees = applicants.filter((a) => a.role === 'mentee').length;
    const mentors = applicants.filter((a) => a.role === 'mentor').length;
    const at = (maxPairs: number) => matchCohort({ applicants, rejected: [], program: { ...DEFAULT_PROGRAM, limits: { ...DEFAULT_PROGRAM.limits, maxPairs } }, pastPairs: [], edits: [] });
    expect(at(mentees * mentors).status).toBe('matched');
    const over = at(mentees * mentors - 1);
    expect(over.status).toBe('input_problems');
    if (over.status === 'input_problems') {
      expect(over.problems.map((p) => [p.code, p.column])).toEqual([['limit_exceeded', 'limits.max_pairs']]);
      expect(over.problems[0]?.expected).toContain(`${mentees} eligible mentees × ${mentors} eligible mentors make ${mentees * mentors}`);
      expect(over.problems[0]?.expected).toMatch(/about \d+\.\d GB/);
    }
  });

  it('max_applicants counts every row read, and the config key is checked', () => {
    const applicants = smallCohort(5, 6, 3, DEFAULT_PROGRAM);
    const out = matchCohort({ applicants, rejected: [], program: { ...DEFAULT_PROGRAM, limits: { ...DEFAULT_PROGRAM.limits, maxApplicants: applicants.length - 1 } }, pastPairs: [], edits: [] });
    expect(out.status === 'input_problems' && out.problems.map((p) => p.column)).toEqual(['limits.max_applicants']);
    expect(resolveProgramConfig('limits:\n  max_pairs: 0', 'p.yaml').problems.map((p) => p.column)).toEqual(['limits.max_pairs']);
    expect(resolveProgramConfig('limits:\n  max_applicants: 1e309', 'p.yaml').problems.map((p) => p.column)).toEqual(['limits.max_applicants']);
    expect(resolveProgramConfig('limits:\n  max_pairs: 5000', 'p.yaml').program.limits).toEqual({ maxApplicants: 200_000, maxPairs: 5000 });
  });

  it('run and validate stop with exit 2, the limit named, and no output folder', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'apps.csv'), poolToCsv(generatePool({ seed: 2, mentees: 40, mentors: 20 })));
    writeFileSync(join(dir, 'small.yaml'), 'limits:\n  max_pairs: 100\n');
    const run = await cli('run', join(dir, 'apps.csv'), '--config', join(dir, 'small.yaml'), '--out', join(dir, 'out'));
    expect(run.code).toBe(2);
    expect(run.err).toContain('[limit_exceeded]');
    expect(run.err).toContain('limits.max_pairs');
    expect(run.err).not.toMatch(/^\s+at /m);
    const validate = await cli('validate', join(dir, 'apps.csv'), '--config', join(dir, 'small.yaml'));
    expect(validate.code).toBe(2);
    expect(validate.err).toContain('[limit_exceeded]');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
