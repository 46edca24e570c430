import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderReportMd } from '../runners/render-report-md.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort } from '../runners/match-cohort.js';
import { makeApplicant } from './helpers/applicant.js';

describe('report.md', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['[click](http://x.example)', '\\[click\\](http://x.example)'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['# heading', '\\# heading'],
    ['two\nlines', 'two lines'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('shows counts, every pair with its breakdown, everyone left out, and no raw applicant markup', () => {
    const applicants = [
      makeApplicant({ id: 'M1', role: 'mentor', name: 'Ann | <b>Evil</b>', yearsExperience: 20, interests: ['budgeting'], skillsOffered: ['budgeting'] }),
      makeApplicant({ id: 'E1', role: 'mentee', name: '[Bo](http://x.example)', yearsExperience: 2, interests: ['budgeting'], skillsSought: ['budgeting'] }),
      makeApplicant({ id: 'E2', role: 'mentee', name: 'Cy', yearsExperience: 2, interests: ['parks'] }),
    ];
    const out = matchCohort({ applicants, rejected: [], program: DEFAULT_PROGRAM, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    const md = renderReportMd(out.result, { program: DEFAULT_PROGRAM, inputSha256: 'f'.repeat(64), counts: { applicants: 3, mentors: 1, mentees: 2 }, warnings: ['a.csv, row 3: names someone who is not in this cohort'] });
    expect(md).toContain('| pairs | 1 |');
    expect(md).toContain('## Warnings about the input');
    expect(md).toContain('| unmatched | 1 |');
    expect(md).toContain('Ann \\| \\<b\\>Evil\\</b\\>');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('[Bo](');
    expect(md).toMatch(/Cy \(E2\) \| mentee \| all 1 possible mentors went to others/);
    // Every pair's breakdown lists each positive-weight factor.
    const breakdown = md.slice(md.indexOf('## Score breakdown'));
    for (const f of ['interests', 'skills', 'goals text', 'experience gap']) expect(breakdown).toContain(`| ${f} |`);
  });
});
