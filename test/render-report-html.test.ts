import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportContext } from '../runners/build-report-model.js';
import { escapeHtml } from '../runners/escape-html.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import { renderReportHtml } from '../runners/render-report-html.js';
import { REPORT_SCRIPT, REPORT_STYLE } from '../runners/report-html-assets.js';
import { FACTOR_NAMES } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

const IMG = '<img src=x onerror=alert(1)>';
const QUOTES = `Q"'&Z`;
const SCRIPT = '</script><script>alert(2)</script>';
/** Every hostile string the fixture plants, each in some applicant-controlled field. */
const HOSTILE = [IMG, QUOTES, SCRIPT, '<b>bold</b>', `R${IMG}`, `C${QUOTES}`, `D<i>`, 'W<u>', 'N<s>', 'P<q>', 'X<em>', 'F<a href=x>', `G<kbd>${QUOTES}`, 'S<var>'];

/**
 * A result built by hand so that every applicant string the report shows —
 * names, ids, region, community size, department, reasons, unmatched
 * reasons, ineligible details, rejected rows, warnings, the program name, a
 * road's note, the diff's names and folder, the blocking pairs' names, the
 * sensitivity note — carries markup.
 */
function hostileFixture(): { result: MatchResult; ctx: ReportContext } {
  const program = testProgram({ name: `Prog ${IMG}` });
  const mentor = makeApplicant({ id: `M${QUOTES}`, role: 'mentor', name: IMG, region: `R${IMG}`, communitySize: `C${QUOTES}` });
  const mentee = makeApplicant({ id: 'E1', name: QUOTES, region: `R${IMG}`, department: `G<kbd>${QUOTES}`, choices: [`M${QUOTES}`] });
  const other = makeApplicant({ id: 'M2', role: 'mentor', name: SCRIPT });
  const left = makeApplicant({ id: 'E2', name: '<b>bold</b>', department: `G<kbd>${QUOTES}`, choices: ['M2'] });
  const bad = makeApplicant({ id: 'E3', name: 'http://evil.example/x.png' });
  const contributions = FACTOR_NAMES.map((factor, i) => ({ factor, value: 0.5, weight: program.weights[factor], points: i, reason: `because ${IMG}` }));
  const result: MatchResult = {
    pairs: [{ mentor, mentee, score: 100, choiceRank: 1, pinned: true, contributions }],
    unmatched: [
      { applicant: left, code: 'candidates_taken', reason: `D<i> ${IMG}` },
      { applicant: other, code: 'candidates_taken', reason: 'taken' },
    ],
    ineligible: [{ applicant: bad, failures: [{ rule: 'x', detail: `F<a href=x> ${QUOTES}` }] }],
    rejected: [{ row: 7, id: null, role: null, name: null, supervisorId: null, file: 'a.csv', problems: [{ code: 'bad_number', file: 'a.csv', row: 7, column: `P<q>`, expected: IMG }] }],
    totalScore: 100,
    solver: 'shortest_path',
    blockedPairs: { past_pair: 1 },
    roadsNotTaken: [
      { applicant: mentee, alternatives: [{ other, score: 40, choiceRank: null, heldBy: [], drop: 2, bound: 1 }], note: `N<s> ${IMG}` },
      { applicant: left, alternatives: [{ other: mentor, score: 30, choiceRank: null, heldBy: [mentee], drop: null, bound: null }], note: null },
    ],
    stability: {
      blockingPairs: [{ mentor: other, mentee: left, score: 55 }],
      blockingPairCount: 3,
      chosen: { pairs: 1, totalScore: 100, worstScore: 100 },
      deferredAcceptance: { pairs: 2, totalScore: 130, worstScore: 55 },
    },
    sensitivity: { rows: [{ factor: 'goals_text', weight: 2, pairsChangedDown: 1, pairsChangedUp: 0 }], note: 'S<var> partial' },
  };
  const ctx: ReportContext = {
    program,
    inputSha256: 'a'.repeat(64),
    counts: { applicants: 6, mentors: 2, mentees: 3 },
    warnings: [`W<u> ${IMG}`],
    diff: {
      previous: { folder: `X<em>/${IMG}`, inputSha256: 'b'.repeat(64), totalScore: 90, pairs: 1 },
      added: [{ mentorId: mentor.id, menteeId: mentee.id, mentorName: IMG, menteeName: QUOTES, score: 100 }],
      removed: [{ mentorId: 'M2', menteeId: 'E1', mentorName: SCRIPT, menteeName: QUOTES, score: 90 }],
      rescored: [],
      totalBefore: 90,
      totalAfter: 100,
    },
  };
  return { result, ctx };
}

/** Every tag of the page, with the text inside `<script>` and `<style>` left out. */
function tagsOf(html: string): string[] {
  const bare = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>').replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
  return bare.match(/<[a-zA-Z!/][^>]*>/g) ?? [];
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('escapeHtml', () => {
  it.each([
    ['&', '&amp;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    [`"'`, '&quot;&#39;'],
    ['&amp;', '&amp;amp;'],
    ['plain Émile', 'plain Émile'],
  ])('escapes %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('report.html', () => {
  const { result, ctx } = hostileFixture();
  const html = renderReportHtml(result, ctx);

  it('is one HTML5 document with everything inline and nothing to fetch', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.match(/<script[\s>]/g)).toHaveLength(1);
    expect(html.match(/<style[\s>]/g)).toHaveLength(1);
    const tags = tagsOf(html);
    for (const tag of tags) {
      // No element that loads anything, no attribute that points anywhere but this page.
      expect(tag).not.toMatch(/^<(img|link|iframe|object|embed|audio|video|source|base|form|image|use)\b/i);
      expect(tag).not.toMatch(/\s(src|srcset|xlink:href|action|formaction|poster|data)=/i);
      expect(tag).not.toMatch(/\son[a-z]+=/i);
      // Applicant text is element content only, never inside a tag.
      expect(tag).not.toMatch(/&lt;|&amp;|evil/);
      expect(tag).not.toMatch(/\sstyle=/i);
      const href = /\shref="([^"]*)"/.exec(tag);
      if (href !== null) expect(href[1]).toMatch(/^#/);
    }
    expect(REPORT_STYLE).not.toMatch(/url\(|@import|@font-face/);
    expect(REPORT_SCRIPT).not.toMatch(/fetch|XMLHttpRequest|import\(|innerHTML|eval|http/);
    // The one URL-looking text is an applicant's name, shown escaped as text, outside any tag.
    const outsideTags = html.replace(/<[^>]*>/g, '');
    expect(html.split('http://').length - 1).toBe(outsideTags.split('http://').length - 1);
  });

  it('allows only its own script and style, by their exact hashes', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(script).toBe(REPORT_SCRIPT);
    expect(style).toBe(REPORT_STYLE);
    expect(directives.get('script-src')).toEqual([sha256(script ?? '')]);
    expect(directives.get('style-src')).toEqual([sha256(style ?? '')]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|data:/);
    // The policy must come before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('shows every applicant string only escaped', () => {
    for (const s of HOSTILE) {
      expect(html, s).not.toContain(s);
      expect(html, s).toContain(escapeHtml(s));
    }
    // No tag the page makes carries a planted name.
    const names = new Set(tagsOf(html).map((t) => /^<\/?([a-zA-Z]+)/.exec(t)?.[1]?.toLowerCase()));
    for (const planted of ['img', 'b', 'i', 'u', 's', 'q', 'em', 'a', 'kbd', 'var']) {
      if (planted === 'a') expect(tagsOf(html).filter((t) => t.startsWith('<a ')).every((t) => /^<a href="#[^"]*">$/.test(t))).toBe(true);
      else expect(names.has(planted), planted).toBe(false);
    }
  });

  it('gives tests and readers stable hooks: counts, rows with scores, the filter, the sections', () => {
    const count = (key: string): string | undefined => new RegExp(`data-count="${key}">(\\d+)<`).exec(html)?.[1];
    expect(count('pairs')).toBe('1');
    expect(count('unmatched')).toBe('2');
    expect(count('ineligible')).toBe('1');
    expect(count('rejected')).toBe('1');
    expect(count('matched')).toBe('2');
    expect(count('applicants')).toBe('6');
    expect(html.match(/<tr data-pair="/g)).toHaveLength(1);
    expect(html).toMatch(/<tr data-pair="1" data-score="100" data-rank="1" data-pinned="true">/);
    expect(html).toMatch(/<label for="pair-filter">/);
    expect(html).toMatch(/<input type="search" id="pair-filter"/);
    expect(html).toMatch(/<label for="pair-rank">/);
    for (const id of ['summary', 'charts', 'fairness', 'pairs-section', 'pair-details', 'left-out', 'not-eligible', 'rejected', 'stability', 'sensitivity', 'warnings', 'changes', 'settings']) {
      expect(html).toContain(`<section id="${id}"`);
      expect(html).toContain(`<li><a href="#${id}">`);
    }
    // A pair's detail: its factor bars and its alternatives, in words.
    expect(html).toContain('<details class="collapsible pair" id="pair-1" open>');
    expect(html.match(/<rect class="fill"/g)).toHaveLength(FACTOR_NAMES.length);
    expect(html).toContain('forcing it would lower the total by 2.0 (bound 1.0)');
    expect(html).toContain('cost of forcing it not computed');
    // Charts are SVG with a title for screen readers.
    expect(html).toMatch(/<svg class="chart" id="chart-scores"[^>]*role="img"[^>]*>\n<title id="chart-scores-title">Pairs by score<\/title>/);
    // The changes: totals before and after.
    expect(html).toContain('<span data-total="before">90.0</span>');
    expect(html).toContain('<span data-total="after">100.0</span>');
  });

  it('leaves out the sections that have nothing to say', () => {
    const { result: r } = hostileFixture();
    const plain = renderReportHtml({ ...r, rejected: [], stability: undefined, sensitivity: undefined }, { ...ctx, warnings: [], diff: undefined });
    for (const id of ['changes', 'warnings', 'rejected', 'stability', 'sensitivity']) {
      expect(plain).not.toContain(`<section id="${id}"`);
      expect(plain).not.toContain(`href="#${id}"`);
    }
    expect(plain).toContain('<section id="fairness"');
  });

  it('shows fairness by the mentee’s group, the stability audit and the sensitivity table', () => {
    const section = (id: string): string => new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
    const fairness = section('fairness');
    // The matched mentee (score 100) and the left-out one share a department; the region is only the matched one's.
    expect(fairness).toContain(`<tr><td>${escapeHtml(`G<kbd>${QUOTES}`)}</td><td class="num">1</td><td class="num">100.0</td><td class="num">100.0</td><td class="num">1</td></tr>`);
    expect(fairness).toContain(`<tr><td>${escapeHtml(`R${IMG}`)}</td><td class="num">1</td><td class="num">100.0</td><td class="num">100.0</td><td class="num">0</td></tr>`);
    expect(fairness).toContain('<tr><td>(blank)</td><td class="num">0</td><td class="num">–</td><td class="num">–</td><td class="num">1</td></tr>');
    for (const id of ['fairness-ranks', 'fairness-region', 'fairness-community', 'fairness-department']) expect(fairness).toContain(`<table id="${id}">`);
    expect(fairness).toContain('<tr><td>1st choice</td><td class="num">1</td></tr>');
    const stability = section('stability');
    expect(stability).toContain('<strong data-count="blocking-pairs">3</strong>');
    expect(stability).toContain('<tr><th scope="row">Total score</th><td class="num">100.0</td><td class="num">130.0</td><td class="num">\u221230.0</td></tr>');
    expect(stability).toContain('<tr><th scope="row">Worst score</th><td class="num">100.0</td><td class="num">55.0</td><td class="num">+45.0</td></tr>');
    expect(stability).toContain(`<td>${escapeHtml(SCRIPT)} <span class="id">M2</span></td><td>&lt;b&gt;bold&lt;/b&gt; <span class="id">E2</span></td><td class="num">55.0</td>`);
    expect(stability).toContain('and 2 more.');
    const sensitivity = section('sensitivity');
    expect(sensitivity).toContain('<tr data-factor="goals_text"><td>goals text</td><td class="num">2</td><td class="num">1</td><td class="num">0</td></tr>');
    expect(sensitivity).toContain('Note: S&lt;var&gt; partial');
  });

  it('renders a real matching, its counts equal to the result', () => {
    const applicants = [
      makeApplicant({ id: 'M1', role: 'mentor', yearsExperience: 20, interests: ['budgeting'], skillsOffered: ['budgeting'] }),
      makeApplicant({ id: 'E1', yearsExperience: 2, interests: ['budgeting'], skillsSought: ['budgeting'], choices: ['M1'] }),
      makeApplicant({ id: 'E2', yearsExperience: 2, interests: ['parks'] }),
    ];
    const out = matchCohort({ applicants, rejected: [], program: DEFAULT_PROGRAM, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    const page = renderReportHtml(out.result, { program: DEFAULT_PROGRAM, inputSha256: 'f'.repeat(64), counts: { applicants: 3, mentors: 1, mentees: 2 }, warnings: [] });
    expect(page).toContain(`data-count="pairs">${out.result.pairs.length}<`);
    expect(page).toContain(`data-count="unmatched">${out.result.unmatched.length}<`);
    expect(page.match(/<tr data-pair="/g)).toHaveLength(out.result.pairs.length);
  });
});

describe('chart labels', () => {
  /** The category labels drawn beside the bars of one chart (these test labels carry no markup, so escaping leaves them as they are). */
  const labelsOf = (html: string, id: string): string[] => {
    const svg = new RegExp(`<svg class="chart" id="${id}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
    return [...svg.matchAll(/text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
  };
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const EARTH = '\u{1F30D}'; // one code point, two UTF-16 units

  it.each([
    ['a short label, as it is', 'North', 'North'],
    ['27 letters, cut to 25 and an ellipsis', 'c'.repeat(27), `${'c'.repeat(25)}…`],
    ['an emoji where the cut falls, kept whole', `${'a'.repeat(24)}${EARTH} and beyond`, `${'a'.repeat(24)}${EARTH}…`],
    ['26 code points in 27 UTF-16 units, not cut', `${'b'.repeat(25)}${EARTH}`, `${'b'.repeat(25)}${EARTH}`],
    ['an emoji just past the cut, dropped whole', `${'d'.repeat(25)}${EARTH}x`, `${'d'.repeat(25)}…`],
  ])('%s', (_, region, shown) => {
    const mentor = makeApplicant({ id: 'M1', role: 'mentor', region });
    const mentee = makeApplicant({ id: 'E1', region, choices: ['M1'] });
    const result: MatchResult = {
      pairs: [{ mentor, mentee, score: 50, choiceRank: 1, pinned: false, contributions: [] }],
      unmatched: [],
      ineligible: [],
      rejected: [],
      totalScore: 50,
      solver: 'shortest_path',
      blockedPairs: {},
      roadsNotTaken: [],
    };
    const html = renderReportHtml(result, { program: testProgram(), inputSha256: 'c'.repeat(64), counts: { applicants: 2, mentors: 1, mentees: 1 }, warnings: [] });
    expect(labelsOf(html, 'chart-region')).toEqual([shown]);
    // The full label stays in the bar's tooltip.
    expect(html).toContain(`<g><title>${region}: 1 / 1 / 0</title>`);
    expect(html).not.toMatch(LONE_SURROGATE);
  });
});
