import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderReportMd, type ReportContext } from '../runners/render-report-md.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import { FACTOR_NAMES } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

const IMG = '<img src=x onerror=alert(1)>';

/** A hand-built result whose every applicant string carries markup, with roads not taken and a diff. */
function hostileFixture(): { result: MatchResult; ctx: ReportContext } {
  const program = testProgram({ name: `Prog ${IMG}` });
  const mentor = makeApplicant({ id: 'M|1', role: 'mentor', name: IMG, region: `North ${IMG}`, communitySize: '12,500' });
  const mentee = makeApplicant({ id: 'E1', name: '[Bo](http://x.example)', region: '', communitySize: 'under 10k', department: 'Parks | <b>Rec</b>', choices: ['M|1'] });
  const other = makeApplicant({ id: 'M2', role: 'mentor', name: '**Cy**' });
  const left = makeApplicant({ id: 'E2', name: '# Dee', department: `Clerk ${IMG}`, choices: ['M2'] });
  const contributions = FACTOR_NAMES.map((factor) => ({ factor, value: 1, weight: program.weights[factor], points: 1, reason: `because ${IMG}` }));
  const result: MatchResult = {
    pairs: [{ mentor, mentee, score: 100, choiceRank: 1, pinned: false, contributions }],
    unmatched: [
      { applicant: left, code: 'candidates_taken', reason: 'taken' },
      { applicant: other, code: 'candidates_taken', reason: 'taken' },
    ],
    ineligible: [],
    rejected: [],
    totalScore: 100,
    solver: 'shortest_path',
    blockedPairs: {},
    roadsNotTaken: [
      { applicant: mentee, alternatives: [{ other, score: 40, choiceRank: null, heldBy: [], drop: 2, bound: 1 }], note: `note ${IMG}` },
      { applicant: left, alternatives: [{ other: mentor, score: 30, choiceRank: null, heldBy: [mentee], drop: null, bound: null }], note: null },
    ],
    stability: {
      blockingPairs: [{ mentor: other, mentee: left, score: 55 }],
      blockingPairCount: 1,
      chosen: { pairs: 1, totalScore: 100, worstScore: 100 },
      deferredAcceptance: { pairs: 1, totalScore: 100, worstScore: 100 },
    },
    sensitivity: { rows: [{ factor: 'experience_gap', weight: 1.5, pairsChangedDown: 0, pairsChangedUp: 1 }], note: `note ${IMG}` },
  };
  const ctx: ReportContext = {
    program,
    inputSha256: 'a'.repeat(64),
    counts: { applicants: 4, mentors: 2, mentees: 2 },
    warnings: [],
    diff: {
      previous: { folder: 'out/last', inputSha256: 'b'.repeat(64), totalScore: 90, pairs: 1 },
      added: [{ mentorId: 'M|1', menteeId: 'E1', mentorName: IMG, menteeName: 'Bo', score: 100 }],
      removed: [{ mentorId: 'M2', menteeId: 'E1', mentorName: '', menteeName: 'Bo', score: 90 }],
      rescored: [{ mentorId: 'M2', menteeId: 'E9', mentorName: '**Cy**', menteeName: 'Ed', score: 50, previousScore: 45 }],
      totalBefore: 90,
      totalAfter: 100,
    },
  };
  return { result, ctx };
}

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

  it('adds the histogram, choice ranks, mixes, alternatives and changes, with every applicant string escaped', () => {
    const { result, ctx } = hostileFixture();
    const md = renderReportMd(result, ctx);
    expect(md).not.toContain(IMG);
    expect(md).not.toContain('[Bo](');
    expect(md).not.toContain('**Cy**');
    expect(md).toContain(`# Prog ${escapeMarkdown(IMG)}: proposed matches`);
    // Score 100 is in the last bin, drawn as the longest bar.
    expect(md).toContain(`| 90–100 | 1 | ${'#'.repeat(30)} |`);
    expect(md).toContain('| 0–10 | 0 |  |');
    expect(md).toContain('| 1st choice | 1 |');
    expect(md).toContain('1 mentees who ranked mentors are left out.');
    // Mixes: region as written (blank shown), community size by band ("12,500" is 10k-50k).
    expect(md).toContain(`| North ${escapeMarkdown(IMG)} | 0 | 1 | 0 |`);
    expect(md).toContain('| (blank) | 1 | 0 | 2 |');
    expect(md).toContain('| 10k-50k | 0 | 1 | 0 |');
    // Alternatives under the pair's breakdown and under the left-out.
    expect(md).toContain('Alternatives for \\[Bo\\](http://x.example):');
    expect(md).toContain('- mentor \\*\\*Cy\\*\\* (M2): score 40.0, not among the mentee\'s choices — unmatched in this run; forcing it would lower the total by 2.0 (bound 1.0)');
    expect(md).toContain(`Note: note ${escapeMarkdown(IMG)}`);
    expect(md).toContain('Alternatives for \\# Dee (E2):');
    expect(md).toContain(`- mentor ${escapeMarkdown(IMG)} (M\\|1): score 30.0`);
    // Changes since the previous run.
    expect(md).toContain('## Changes since the previous run');
    expect(md).toContain('Total score 90.0 before, 100.0 now.');
    expect(md).toContain(`| ${escapeMarkdown(IMG)} (M\\|1) | Bo (E1) | 100.0 |`);
    expect(md).toContain('| M2 | Bo (E1) | 90.0 |');
    expect(md).toContain('| \\*\\*Cy\\*\\* (M2) | Ed (E9) | 45.0 | 50.0 |');
    // Without a diff, no such section.
    expect(renderReportMd(result, { ...ctx, diff: undefined })).not.toContain('## Changes since the previous run');
  });

  it('shows fairness by the mentee’s group, the stability audit and the sensitivity table, escaped', () => {
    const { result, ctx } = hostileFixture();
    const md = renderReportMd(result, ctx);
    expect(md).not.toContain('<b>Rec</b>');
    expect(md).toContain('## Fairness');
    expect(md).toContain('### Choice rank received');
    expect(md).toContain('| department | pairs | mean score | lowest score | mentees left out |');
    expect(md).toContain(`| ${escapeMarkdown('Parks | <b>Rec</b>')} | 1 | 100.0 | 100.0 | 0 |`);
    expect(md).toContain(`| ${escapeMarkdown(`Clerk ${IMG}`)} | 0 | – | – | 1 |`);
    // Region: both mentees left it blank.
    expect(md).toContain('| (blank) | 1 | 100.0 | 100.0 | 1 |');
    expect(md).toContain('| under 10k | 1 | 100.0 | 100.0 | 0 |');
    expect(md).toContain('## Stability');
    expect(md).toContain('This run has 1.');
    expect(md).toContain('| total score | 100.0 | 100.0 | 0.0 |');
    expect(md).toContain('| pairs | 1 | 1 | 0 |');
    expect(md).toContain('| \\*\\*Cy\\*\\* (M2) | \\# Dee (E2) | 55.0 |');
    expect(md).toContain('## Sensitivity to the weights');
    expect(md).toContain('| experience gap | 1.5 | 0 | 1 |');
    expect(md).toContain(`Note: note ${escapeMarkdown(IMG)}`);
    const plain = renderReportMd({ ...result, stability: undefined, sensitivity: undefined }, ctx);
    expect(plain).not.toContain('## Stability');
    expect(plain).not.toContain('## Sensitivity to the weights');
    expect(plain).toContain('## Fairness');
  });
});
