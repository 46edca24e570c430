/**
 * The reports of a group-mentoring run: the Groups section (every group and
 * every member exactly once, with their explanations), the Group column of
 * the pair table, the summary count, escaping; and nothing of it in a run
 * that is not group mentoring.
 */
import { describe, expect, it } from 'vitest';
import { buildReportModel, type ReportContext } from '../runners/build-report-model.js';
import { escapeHtml } from '../runners/escape-html.js';
import { matchCohort } from '../runners/match-cohort.js';
import type { MatchedPair, MatchResult } from '../runners/match-result.js';
import { renderReportHtml } from '../runners/render-report-html.js';
import { escapeMarkdown, renderReportMd } from '../runners/render-report-md.js';
import { countApplicants } from '../runners/run-batch.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram, Shape } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { smallCohort } from './helpers/cohort.js';
import { testProgram } from './helpers/program.js';
import { loadSample } from './helpers/sample.js';

const IMG = '<img src=x onerror=alert(1)>';
const QUOTES = `Q"'&Z`;

const groupShape = (coMentors: 'declared' | 'paired'): Shape => ({ kind: 'group', minSize: 2, maxSize: 4, coMentors, maxMentors: 2 });

/** Matches `applicants` for real and returns the result with the context the run would render it with. */
function run(applicants: readonly Applicant[], program: ResolvedProgram): { result: MatchResult; ctx: ReportContext } {
  const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
  if (out.status !== 'matched') throw new Error(`the cohort did not match: ${out.status}`);
  const mentors = applicants.filter((a) => a.role === 'mentor').length;
  const ctx: ReportContext = { program, inputSha256: 'c'.repeat(64), counts: { applicants: applicants.length, mentors, mentees: applicants.length - mentors }, warnings: [] };
  return { result: out.result, ctx };
}

/** A generated cohort matched in groups, the mentors paired as co-mentors; capacities raised so that groups can reach their minimum size. */
function generatedGroupRun(): { result: MatchResult; ctx: ReportContext } {
  const program = testProgram({ shape: groupShape('paired') });
  const applicants = smallCohort(1, 14, 7, program).map((a) => (a.role === 'mentor' ? { ...a, capacity: 4 } : a));
  return run(applicants, program);
}

/** Pairs by group id. */
function byGroup(result: MatchResult): Map<string, MatchedPair[]> {
  const groups = new Map<string, MatchedPair[]>();
  for (const p of result.pairs) {
    const id = p.group?.id;
    if (id === undefined) throw new Error('a pair of a group run without a group');
    groups.set(id, [...(groups.get(id) ?? []), p]);
  }
  return groups;
}

const mentorsOf = (pairs: readonly MatchedPair[]): Applicant[] => {
  const first = pairs[0] as MatchedPair;
  return [first.mentor, ...(first.group?.coMentors ?? [])];
};

/** Occurrences of `needle` in `text`. */
const count = (text: string, needle: string): number => text.split(needle).length - 1;

/** The html between `<section id="…">` and its `</section>`. */
const htmlSection = (html: string, id: string): string => new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

/** The markdown from `## title` to the next `## `. */
const mdSection = (md: string, title: string): string => new RegExp(`^## ${title}\\n[\\s\\S]*?(?=^## )`, 'm').exec(md)?.[0] ?? '';

describe('the Groups section of a real group run', () => {
  const { result, ctx } = generatedGroupRun();
  const groups = byGroup(result);
  const html = renderReportHtml(result, ctx);
  const md = renderReportMd(result, ctx);
  const model = buildReportModel(result, ctx);

  it('the run is a real test: several groups, one led by two mentors, one with several mentees', () => {
    expect(groups.size).toBeGreaterThanOrEqual(2);
    expect([...groups.values()].some((ps) => mentorsOf(ps).length === 2)).toBe(true);
    expect([...groups.values()].some((ps) => ps.length >= 2)).toBe(true);
  });

  it('the model has every group once and every mentee once, in their own group, with the right stats', () => {
    expect(model.groupRun).toBe(true);
    expect(model.groups.map((g) => g.id).sort()).toEqual([...groups.keys()].sort());
    expect(model.counts.groups).toBe(groups.size);
    for (const g of model.groups) {
      const pairs = groups.get(g.id) ?? [];
      expect(g.mentors.map((m) => m.id)).toEqual(mentorsOf(pairs).map((m) => m.id));
      expect(g.members.map((m) => m.pair.mentee.id).sort()).toEqual(pairs.map((p) => p.mentee.id).sort());
      expect(g.size).toBe(pairs.length);
      expect(g.minScore).toBe(Math.min(...pairs.map((p) => p.score)));
      expect(g.meanScore).toBeCloseTo(pairs.reduce((s, p) => s + p.score, 0) / pairs.length, 9);
      expect(g.originText).toBe(g.mentors.length === 1 ? 'leads alone' : 'paired by shared interests');
      for (const m of g.members) {
        // Its top reasons are its pair's, largest first; the link goes to its own pair's details.
        expect(m.topReasons).toEqual(m.pair.contributions.filter((c) => c.points > 0).slice(0, 3).map((c) => c.reason));
        expect(model.pairs[m.pairIndex - 1]?.pair).toBe(m.pair);
        // Every peer named shares the interest and is in the group.
        for (const s of m.withPeers) {
          for (const peer of s.peers) {
            expect(pairs.map((p) => p.mentee.id)).toContain(peer.id);
            expect(peer.id).not.toBe(m.pair.mentee.id);
            expect(peer.interests.map((x) => x.toLowerCase().trim())).toContain(s.interest.toLowerCase().trim());
          }
        }
      }
    }
    expect(model.groups.flatMap((g) => g.members).length).toBe(result.pairs.length);
    // Co-mentors are matched mentors too.
    expect(model.counts.matchedMentors).toBe(new Set([...groups.values()].flatMap((ps) => mentorsOf(ps).map((m) => m.id))).size);
  });

  it('report.html: one block per group, each mentor and mentee in it exactly once, in their own group', () => {
    const section = htmlSection(html, 'groups');
    expect(section).toContain('<h2 id="groups-h">Groups</h2>');
    const blocks = section.split('<details class="collapsible group"').slice(1);
    expect(blocks).toHaveLength(groups.size);
    for (const [id, pairs] of groups) {
      expect(count(section, `<strong>Group ${id}</strong>`)).toBe(1);
      const block = blocks.find((b) => b.includes(`<strong>Group ${id}</strong>`)) ?? '';
      expect(block).toContain(`${pairs.length} mentees, mean score`);
      for (const a of [...mentorsOf(pairs), ...pairs.map((p) => p.mentee)]) {
        // Each person is named with their id exactly once in the whole section, and that is in their group's block.
        expect(count(section, `<span class="id">${escapeHtml(a.id)}</span>`), a.id).toBe(1);
        expect(count(block, `<span class="id">${escapeHtml(a.id)}</span>`), a.id).toBe(1);
      }
      expect(block.match(/<tr><td>/g)).toHaveLength(pairs.length);
    }
    // Linked from the navigation, before the pair table.
    expect(html).toContain('<li><a href="#groups">Groups</a></li>');
    expect(html.indexOf('<section id="groups"')).toBeLessThan(html.indexOf('<section id="pairs-section"'));
  });

  it('report.html: the summary counts the groups, and the pair table has a Group column the filter reads', () => {
    expect(html).toContain(`<dd data-count="groups">${groups.size}</dd>`);
    const table = htmlSection(html, 'pairs-section');
    expect(table).toContain('<th scope="col" data-sort="text">Group</th>');
    expect(table).toContain('placeholder="name, id, group or reason"');
    result.pairs.forEach((p, i) => {
      const row = new RegExp(`<tr data-pair="${i + 1}"[^\\n]*`).exec(table)?.[0] ?? '';
      // The group cell is the second: the filter matches the row's text, which includes it.
      expect(row).toMatch(new RegExp(`^<tr [^>]*><td class="num" data-value="${i + 1}">${i + 1}</td><td><a href="#group-\\d+">${p.group?.id}</a></td>`));
      for (const co of p.group?.coMentors ?? []) expect(row).toContain(`<span class="id">${escapeHtml(co.id)}</span>`);
    });
    // Every group link lands on a group.
    for (const [, n] of table.matchAll(/href="#group-(\d+)"/g)) expect(html).toContain(`<details class="collapsible group" id="group-${n}" open>`);
  });

  it('report.md: one subsection per group, each person in it exactly once, and a group column', () => {
    const section = mdSection(md, 'Groups');
    expect(section).not.toBe('');
    expect(md.indexOf('## Groups')).toBeLessThan(md.indexOf('## Pairs'));
    const blocks = section.split(/^### /m).slice(1);
    expect(blocks).toHaveLength(groups.size);
    for (const [id, pairs] of groups) {
      const block = blocks.find((b) => b.startsWith(`Group ${id}:`)) ?? '';
      expect(block).not.toBe('');
      for (const a of [...mentorsOf(pairs), ...pairs.map((p) => p.mentee)]) {
        expect(count(section, `(${escapeMarkdown(a.id)})`), a.id).toBe(1);
        expect(count(block, `(${escapeMarkdown(a.id)})`), a.id).toBe(1);
      }
    }
    expect(md).toContain(`| groups | ${groups.size} |`);
    const pairs = mdSection(md, 'Pairs');
    expect(pairs).toContain('| group | mentors | mentee | score | choice | why |');
    for (const p of result.pairs) expect(pairs).toContain(`| ${p.group?.id} | ${escapeMarkdown(p.mentor.name)} (`);
  });
});

describe('a group run with declared co-mentors and hostile text', () => {
  const program = testProgram({ shape: groupShape('declared'), minScore: 0 });
  const mentor = (id: string, name: string, coMentors: string[]) =>
    makeApplicant({ id, role: 'mentor', name, coMentors, capacity: 3, yearsExperience: 15, interests: ['<b>budget</b>', 'parks'], skillsOffered: ['budgeting'] });
  const mentee = (id: string, name: string) => makeApplicant({ id, name, yearsExperience: 2, interests: ['<b>budget</b>', `x${IMG}`], skillsSought: ['budgeting'] });
  const applicants = [
    mentor('M1', IMG, ['M2']),
    mentor('M2', QUOTES, ['M1']),
    mentor('M3', 'Solo Lead', []),
    mentee('E1', `${IMG} one`),
    mentee('E2', QUOTES),
    mentee('E3', '[link](http://evil.example)'),
    mentee('E4', '**four**'),
    mentee('E5', 'Plain Five'),
  ];
  const { result, ctx } = run(applicants, program);
  const html = renderReportHtml(result, ctx);
  const md = renderReportMd(result, ctx);

  it('forms the declared team and the lone lead, and says how each team came about', () => {
    const origins = new Map(result.pairs.map((p) => [p.mentor.id, p.group?.origin]));
    expect(origins.get('M1')).toBe('declared');
    expect(origins.get('M3')).toBe('alone');
    const section = htmlSection(html, 'groups');
    expect(section).toContain('named each other as co-mentors');
    expect(section).toContain('leads alone');
    expect(section).toContain(`Mentors (lead first): ${escapeHtml(IMG)} <span class="id">M1</span>, ${escapeHtml(QUOTES)} <span class="id">M2</span>`);
  });

  it('escapes every applicant string of the group section in report.html', () => {
    const section = htmlSection(html, 'groups');
    expect(section).not.toBe('');
    for (const s of [IMG, QUOTES, '<b>budget</b>', `x${IMG}`]) expect(section, s).not.toContain(s);
    expect(section).toContain(escapeHtml(IMG));
    expect(section).toContain(escapeHtml(QUOTES));
    // The interest the whole group shares, escaped, and peers named (escaped) beside it.
    expect(section).toContain(`${escapeHtml('<b>budget</b>')} (`);
    expect(section).toContain(`(with ${escapeHtml(QUOTES)}`);
    // No tag made from applicant text: only the page's own.
    const tags = section.match(/<[a-zA-Z/][^>]*>/g) ?? [];
    for (const tag of tags) expect(tag).toMatch(/^<\/?(section|h2|p|details|summary|strong|span|table|caption|thead|tbody|tr|th|td|a)\b/);
    expect(html).not.toContain('<img');
  });

  it('escapes every applicant string of the group section in report.md', () => {
    const section = mdSection(md, 'Groups');
    for (const s of [IMG, '[link](http://evil.example)', '**four**', '<b>budget</b>']) expect(section, s).not.toContain(s);
    expect(section).toContain(escapeMarkdown(IMG));
    expect(section).toContain(escapeMarkdown('[link](http://evil.example)'));
    expect(section).toContain(escapeMarkdown('<b>budget</b>'));
  });
});

describe('a group run in which no group runs', () => {
  it('still has the Groups section and count, saying so', () => {
    const program = testProgram({ shape: groupShape('declared') });
    const lone = [makeApplicant({ id: 'M1', role: 'mentor', capacity: 4 }), makeApplicant({ id: 'E1' })];
    const { result, ctx } = run(lone, program);
    expect(result.pairs).toEqual([]);
    const html = renderReportHtml(result, ctx);
    expect(htmlSection(html, 'groups')).toContain('<p>No group runs.</p>');
    expect(html).toContain('<dd data-count="groups">0</dd>');
    expect(mdSection(renderReportMd(result, ctx), 'Groups')).toContain('No group runs.');
  });
});

describe('a run that is not group mentoring', () => {
  const inputs = loadSample();
  const out = matchCohort(inputs);
  if (out.status !== 'matched') throw new Error(out.status);
  const ctx: ReportContext = { program: inputs.program, inputSha256: inputs.inputSha256, counts: countApplicants(inputs), warnings: inputs.warnings };
  const html = renderReportHtml(out.result, ctx);
  const md = renderReportMd(out.result, ctx);

  it('the sample cohort has no groups', () => {
    expect(out.result.pairs.length).toBeGreaterThan(0);
    expect(out.result.pairs.every((p) => p.group === undefined)).toBe(true);
    expect(buildReportModel(out.result, ctx).groups).toEqual([]);
  });

  it('report.html has no Groups section, count, link or column', () => {
    expect(html).not.toContain('id="groups"');
    expect(html).not.toContain('href="#groups"');
    expect(html).not.toContain('data-count="groups"');
    expect(html).not.toContain('>Group<');
    expect(html).not.toContain('collapsible group');
    expect(html).not.toContain('href="#group-');
    expect(html).toContain('placeholder="name, id or reason"');
    expect(html).toContain('<thead><tr><th scope="col" class="num" data-sort="number" aria-sort="ascending">#</th><th scope="col" data-sort="text">Mentor</th>');
  });

  it('report.md has no Groups section, count or column', () => {
    expect(md).not.toMatch(/^## Groups/m);
    expect(md).not.toContain('| groups |');
    expect(md).not.toContain('| group |');
    expect(md).toContain('| mentor | mentee | score | choice | why |');
  });
});
