/**
 * report.md: the committee's report as plain text — printable, pasteable
 * into an email or a wiki. It shows what report.html shows (both render one
 * {@link buildReportModel}), as tables and lists. Applicant text is escaped so
 * a name can never become a link, an image or a broken table.
 */
import type { MatchResult, RoadNotTaken } from './match-result.js';
import {
  buildReportModel,
  describeAlternative,
  formatScore,
  formatSignedScore,
  type FairnessGroup,
  type GroupDetail,
  type MixRow,
  type ReportContext,
  type ReportModel,
} from './build-report-model.js';

export type { ReportContext } from './build-report-model.js';

/** Escapes text for a Markdown table cell or paragraph. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^[-+#]/, (c) => `\\${c}`);
}

/** Longest `#` bar of the text charts; bars are scaled to it. */
const BAR_WIDTH = 30;

/**
 * Renders report.md.
 *
 * @example
 * writeFileSync('report.md', renderReportMd(result, { program, inputSha256, counts, warnings }));
 */
export function renderReportMd(result: MatchResult, ctx: ReportContext): string {
  return renderModelMd(buildReportModel(result, ctx));
}

function renderModelMd(model: ReportModel): string {
  const e = escapeMarkdown;
  const c = model.counts;
  const lines: string[] = [];
  lines.push(`# ${e(model.programName)}: proposed matches`, '');
  lines.push(`Input SHA-256 \`${model.inputSha256}\`; solver ${model.solver}; total score ${formatScore(model.totalScore)}.`, '');
  lines.push('## Summary', '');
  lines.push('| | count |', '|---|---:|');
  lines.push(`| applicants | ${c.applicants} (${c.mentors} mentors, ${c.mentees} mentees) |`);
  lines.push(`| pairs | ${c.pairs} |`);
  if (model.groupRun) lines.push(`| groups | ${c.groups} |`);
  lines.push(`| matched people | ${c.matched} |`);
  lines.push(`| unmatched | ${c.unmatched} |`);
  lines.push(`| ineligible | ${c.ineligible} |`);
  lines.push(`| rejected rows | ${c.rejected} |`);
  if (c.pinned > 0) lines.push(`| pairs pinned by the committee | ${c.pinned} |`);
  const rankCount = (key: string): number => model.choiceRanks.rows.find((r) => r.key === key)?.pairs ?? 0;
  if (model.pairs.some((p) => p.pair.choiceRank !== null)) {
    lines.push(`| mentees given their 1st / 2nd / 3rd choice | ${rankCount('1')} / ${rankCount('2')} / ${rankCount('3')} |`);
  }
  lines.push('');

  if (model.warnings.length > 0) {
    lines.push('## Warnings about the input', '');
    for (const w of model.warnings) lines.push(`- ${e(w)}`);
    lines.push('');
  }

  if (model.diff !== null) lines.push(...diffSection(model));

  lines.push('## Scores', '');
  const maxBin = Math.max(0, ...model.histogram.map((b) => b.count));
  lines.push('| score | pairs | |', '|---|---:|---|');
  for (const b of model.histogram) lines.push(`| ${b.label} | ${b.count} | ${bar(b.count, maxBin)} |`);
  lines.push('');

  lines.push(...mixSection('Region mix', 'region', model.regionMix));
  lines.push(...mixSection('Community-size mix', 'community size', model.communitySizeMix));
  lines.push(...fairnessSection(model));

  if (model.groupRun) lines.push(...groupsSection(model));

  lines.push('## Pairs', '');
  if (model.groupRun) {
    lines.push('| group | mentors | mentee | score | choice | why |', '|---|---|---|---:|---|---|');
    for (const p of model.pairs) {
      const { mentor, mentee, group } = p.pair;
      const mentors = [mentor, ...(group?.coMentors ?? [])].map((m) => `${e(m.name)} (${e(m.id)})`).join(', ');
      lines.push(`| ${group === undefined ? '–' : e(group.id)} | ${mentors} | ${e(mentee.name)} (${e(mentee.id)}) | ${formatScore(p.pair.score)} | ${p.rankLabel} | ${e(p.reasons)} |`);
    }
  } else {
    lines.push('| mentor | mentee | score | choice | why |', '|---|---|---:|---|---|');
    for (const p of model.pairs) {
      const { mentor, mentee } = p.pair;
      lines.push(`| ${e(mentor.name)} (${e(mentor.id)}) | ${e(mentee.name)} (${e(mentee.id)}) | ${formatScore(p.pair.score)} | ${p.rankLabel} | ${e(p.reasons)} |`);
    }
  }
  lines.push('');

  lines.push('## Score breakdown per pair', '');
  for (const p of model.pairs) {
    const inGroup = p.pair.group === undefined ? '' : ` (group ${e(p.pair.group.id)})`;
    lines.push(`### ${e(p.pair.mentor.name)}${inGroup} and ${e(p.pair.mentee.name)}: ${formatScore(p.pair.score)}`, '');
    lines.push('| factor | value | weight | points | reason |', '|---|---:|---:|---:|---|');
    for (const f of p.factors) {
      lines.push(`| ${f.label} | ${f.value.toFixed(2)} | ${f.weight} | ${formatScore(f.points)} | ${e(f.reason)} |`);
    }
    lines.push('');
    if (p.road !== null) lines.push(...roadLines(`Alternatives for ${e(p.pair.mentee.name)}`, p.road));
  }

  lines.push('## Left out', '');
  if (model.leftOut.length === 0) lines.push('Every eligible applicant has a match.');
  else {
    lines.push('| applicant | role | reason |', '|---|---|---|');
    for (const { entry: u } of model.leftOut) lines.push(`| ${e(u.applicant.name)} (${e(u.applicant.id)}) | ${u.applicant.role} | ${e(u.reason)} |`);
  }
  lines.push('');
  for (const { entry, road } of model.leftOut) {
    if (road !== null) lines.push(...roadLines(`Alternatives for ${e(entry.applicant.name)} (${e(entry.applicant.id)})`, road));
  }

  lines.push('## Not eligible', '');
  if (model.ineligible.length === 0) lines.push('Every applicant met the eligibility rules.');
  else {
    lines.push('| applicant | role | rules not met |', '|---|---|---|');
    for (const x of model.ineligible) {
      lines.push(`| ${e(x.applicant.name)} (${e(x.applicant.id)}) | ${x.applicant.role} | ${e(x.failures.map((f) => f.detail).join('; '))} |`);
    }
  }
  lines.push('');

  if (model.rejected.length > 0) {
    lines.push('## Rows that could not be read', '');
    lines.push('| row | problems |', '|---:|---|');
    for (const r of model.rejected) lines.push(`| ${r.row} | ${e(r.problems.map((p) => `${p.column ?? ''}: ${p.expected}`).join('; '))} |`);
    lines.push('');
  }

  if (model.stability !== null) lines.push(...stabilitySection(model));
  if (model.sensitivity !== null) lines.push(...sensitivitySection(model));

  lines.push('## Settings', '');
  lines.push('| factor | weight |', '|---|---:|');
  for (const w of model.settings.weights) lines.push(`| ${w.label} | ${w.weight} |`);
  lines.push('');
  lines.push(`Minimum score ${model.settings.minScore}. Shape: ${model.settings.shape}.`);
  if (model.settings.blocked.length > 0) {
    lines.push(`Pairs never considered: ${model.settings.blocked.map((b) => `${b.count} ${e(b.label)}`).join(', ')}.`);
  }
  lines.push('');
  return lines.join('\n');
}

function groupsSection(model: ReportModel): string[] {
  const lines = ['## Groups', ''];
  if (model.groups.length === 0) return [...lines, 'No group runs.', ''];
  lines.push(
    `${model.groups.length} groups. For each: its mentors (lead first) and how they came to lead together, its mentees with their score with the whole team, ` +
      "their choice rank, the factors that weigh most for them and the interests they share with other mentees of the group; and the interests held by " +
      "at least two of the group's people (mentors and mentees), with how many of them hold each.",
    '',
  );
  for (const g of model.groups) lines.push(...groupLines(g));
  return lines;
}

function groupLines(g: GroupDetail): string[] {
  const e = escapeMarkdown;
  const person = (a: { readonly name: string; readonly id: string }): string => `${e(a.name)} (${e(a.id)})`;
  const lines = [`### Group ${e(g.id)}: ${g.size} mentees, mean score ${formatScore(g.meanScore)}, lowest ${formatScore(g.minScore)}`, ''];
  lines.push(`${g.mentors.length === 1 ? 'Mentor' : 'Mentors (lead first)'}: ${g.mentors.map(person).join(', ')} \u2014 ${g.originText}.`, '');
  lines.push(
    g.commonInterests.length === 0
      ? 'No interest is held by two or more of its people.'
      : `Interests in common, with how many of the group's ${g.people} people hold each: ${g.commonInterests.map((c) => `${e(c.interest)} (${c.holders})`).join(', ')}.`,
    '',
  );
  lines.push('| mentee | score | choice | top reasons | interests shared with other mentees |', '|---|---:|---|---|---|');
  for (const m of g.members) {
    const peers = m.withPeers.length === 0 ? '–' : m.withPeers.map((s) => `${e(s.interest)} (with ${s.peers.map((a) => e(a.name)).join(', ')})`).join('; ');
    const why = m.topReasons.length === 0 ? '–' : m.topReasons.map(e).join('; ');
    lines.push(`| ${person(m.pair.mentee)} | ${formatScore(m.pair.score)} | ${m.rankLabel} | ${why} | ${peers} |`);
  }
  lines.push('');
  return lines;
}

/** A bar of `#`, scaled so the largest count fills {@link BAR_WIDTH}; any count above zero shows at least one. */
function bar(count: number, max: number): string {
  if (count <= 0 || max <= 0) return '';
  return '#'.repeat(Math.max(1, Math.round((BAR_WIDTH * count) / max)));
}

function mixSection(title: string, what: string, rows: readonly MixRow[]): string[] {
  const e = escapeMarkdown;
  const lines = [`## ${title}`, ''];
  if (rows.length === 0) return [...lines, 'Nobody to count.', ''];
  lines.push(`| ${what} | matched mentees | matched mentors | left out |`, '|---|---:|---:|---:|');
  for (const r of rows) lines.push(`| ${e(r.label)} | ${r.matchedMentees} | ${r.matchedMentors} | ${r.unmatched} |`);
  lines.push('');
  return lines;
}

/** A score or "–" when there is none. */
const scoreOrDash = (score: number | null): string => (score === null ? '–' : formatScore(score));

function fairnessSection(model: ReportModel): string[] {
  const f = model.fairness;
  const lines = ['## Fairness', ''];
  lines.push("Who gets what: the choice rank each matched mentee received, and the scores of the pairs by the mentee's region, community size and department, with the mentees of each group left out.", '');
  lines.push('### Choice rank received', '');
  const maxRank = Math.max(0, ...f.choiceRanks.rows.map((r) => r.pairs));
  lines.push('| mentee got | pairs | |', '|---|---:|---|');
  for (const r of f.choiceRanks.rows) lines.push(`| ${r.label} | ${r.pairs} | ${bar(r.pairs, maxRank)} |`);
  lines.push('');
  if (f.choiceRanks.unmatchedWithChoices > 0) lines.push(`${f.choiceRanks.unmatchedWithChoices} mentees who ranked mentors are left out.`, '');
  lines.push(...groupTable("Scores by the mentee's region", 'region', f.byRegion));
  lines.push(...groupTable("Scores by the mentee's community size", 'community size', f.byCommunitySize));
  lines.push(...groupTable("Scores by the mentee's department", 'department', f.byDepartment));
  return lines;
}

function groupTable(title: string, what: string, groups: readonly FairnessGroup[]): string[] {
  const e = escapeMarkdown;
  const lines = [`### ${title}`, ''];
  if (groups.length === 0) return [...lines, 'No mentees to count.', ''];
  lines.push(`| ${what} | pairs | mean score | lowest score | mentees left out |`, '|---|---:|---:|---:|---:|');
  for (const g of groups) lines.push(`| ${e(g.label)} | ${g.pairs} | ${scoreOrDash(g.meanScore)} | ${scoreOrDash(g.minScore)} | ${g.unmatchedMentees} |`);
  lines.push('');
  return lines;
}

function stabilitySection(model: ReportModel): string[] {
  const s = model.stability;
  if (s === null) return [];
  const e = escapeMarkdown;
  const { chosen: c, deferredAcceptance: d, difference: diff } = s;
  const lines = ['## Stability', ''];
  lines.push(
    'A blocking pair is a pair not made whose mentee would rather have that mentor than the one they got (or none), and whose mentor would rather have that mentee ' +
      "than their least-preferred one (or has a free place); each side ranks by score, a mentee's own choices first. " +
      `This run has ${s.blockingPairCount}.`,
    '',
  );
  lines.push('| | chosen | deferred acceptance | difference |', '|---|---:|---:|---:|');
  lines.push(`| pairs | ${c.pairs} | ${d.pairs} | ${signedCount(diff.pairs)} |`);
  lines.push(`| total score | ${formatScore(c.totalScore)} | ${formatScore(d.totalScore)} | ${formatSignedScore(diff.totalScore)} |`);
  lines.push(`| worst score | ${scoreOrDash(c.worstScore)} | ${scoreOrDash(d.worstScore)} | ${diff.worstScore === null ? '–' : formatSignedScore(diff.worstScore)} |`);
  lines.push('', "Chosen: this run's matching, by the solver named at the top. Deferred acceptance: mentees proposing, stable (no blocking pair).", '');
  if (s.note !== null) lines.push(`Note: ${e(s.note)}.`, '');
  if (s.blockingPairs.length > 0) {
    lines.push(`### Blocking pairs${s.unlisted > 0 ? ` (the ${s.blockingPairs.length} strongest of ${s.blockingPairCount})` : ''}`, '');
    lines.push('| mentor | mentee | score |', '|---|---|---:|');
    for (const b of s.blockingPairs) lines.push(`| ${e(b.mentor.name)} (${e(b.mentor.id)}) | ${e(b.mentee.name)} (${e(b.mentee.id)}) | ${formatScore(b.score)} |`);
    lines.push('');
    if (s.unlisted > 0) lines.push(`And ${s.unlisted} more.`, '');
  }
  return lines;
}

/** A count difference: "+2", "\u22121", "0". */
function signedCount(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

function sensitivitySection(model: ReportModel): string[] {
  const s = model.sensitivity;
  if (s === null) return [];
  const e = escapeMarkdown;
  const lines = ['## Sensitivity to the weights', ''];
  lines.push(
    `How much the pairs hang on the exact weights: each weight in turn lowered and raised by ${s.stepPercent}%, the pool matched again with the same rules, pins and solver; ` +
      `the counts are pairs of this run (of ${s.pairs}) no longer made.`,
    '',
  );
  if (s.rows.length > 0) {
    lines.push(`| factor | weight | pairs changed at \u2212${s.stepPercent}% | pairs changed at +${s.stepPercent}% |`, '|---|---:|---:|---:|');
    for (const r of s.rows) lines.push(`| ${r.label} | ${r.weight} | ${r.pairsChangedDown} | ${r.pairsChangedUp} |`);
    lines.push('');
  }
  if (s.note !== null) lines.push(`Note: ${e(s.note)}`, '');
  return lines;
}

function roadLines(heading: string, road: RoadNotTaken): string[] {
  const e = escapeMarkdown;
  const lines = [`${heading}:`, ''];
  if (road.alternatives.length === 0) lines.push('- no other pair was allowed');
  for (const alt of road.alternatives) lines.push(`- ${describeAlternative(alt, e)}`);
  if (road.note !== null) lines.push('', `Note: ${e(road.note)}`);
  lines.push('');
  return lines;
}

function diffSection(model: ReportModel): string[] {
  const d = model.diff;
  if (d === null) return [];
  const e = escapeMarkdown;
  const person = (name: string, id: string): string => (name === '' ? e(id) : `${e(name)} (${e(id)})`);
  const lines = ['## Changes since the previous run', ''];
  lines.push(
    `Compared with ${e(d.previous.folder)} (input SHA-256 \`${e(d.previous.inputSha256)}\`, ${d.previous.pairs} pairs). ` +
      `Total score ${formatScore(d.totalBefore)} before, ${formatScore(d.totalAfter)} now.`,
    '',
  );
  if (d.added.length + d.removed.length + d.rescored.length === 0) {
    lines.push('The same pairs as before, with the same scores.', '');
    return lines;
  }
  const table = (title: string, rows: readonly string[], header: string, rule: string): void => {
    if (rows.length === 0) return;
    lines.push(`### ${title}`, '', header, rule, ...rows, '');
  };
  table(
    'Pairs added',
    d.added.map((p) => `| ${person(p.mentorName, p.mentorId)} | ${person(p.menteeName, p.menteeId)} | ${formatScore(p.score)} |`),
    '| mentor | mentee | score |',
    '|---|---|---:|',
  );
  table(
    'Pairs removed',
    d.removed.map((p) => `| ${person(p.mentorName, p.mentorId)} | ${person(p.menteeName, p.menteeId)} | ${formatScore(p.score)} |`),
    '| mentor | mentee | score then |',
    '|---|---|---:|',
  );
  table(
    'Pairs rescored',
    d.rescored.map((p) => `| ${person(p.mentorName, p.mentorId)} | ${person(p.menteeName, p.menteeId)} | ${formatScore(p.previousScore)} | ${formatScore(p.score)} |`),
    '| mentor | mentee | score before | score now |',
    '|---|---|---:|---:|',
  );
  return lines;
}
