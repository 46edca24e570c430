/**
 * report.html: the committee's report as one self-contained page — inline
 * CSS, inline SVG charts, one small inline script for sorting and filtering
 * the pair table — that opens offline in any browser and prints cleanly. It
 * shows what report.md shows (both render one {@link buildReportModel}).
 *
 * This file lays out the page and its sections; the stylesheet, the script
 * and their CSP hashes are in report-html-assets.ts, the SVG charts in
 * render-report-charts.ts.
 *
 * Applicant text is hostile until proven otherwise: every string that came
 * from an input goes through {@link escapeHtml}, and a Content-Security-Policy
 * allows only our own style and script (by hash), so even a missed escape
 * could neither load anything nor run anything.
 */
import type { Applicant } from '../scoring/applicant.js';
import type { MatchResult, RoadNotTaken } from './match-result.js';
import {
  buildReportModel,
  choiceRankKey,
  describeAlternative,
  formatScore,
  formatSignedScore,
  type FactorBar,
  type FairnessGroup,
  type GroupDetail,
  type MixRow,
  type PairDetail,
  type ReportContext,
  type ReportModel,
} from './build-report-model.js';
import { escapeHtml } from './escape-html.js';
import { factorBar, horizontalBars, verticalBars } from './render-report-charts.js';
import { cspHash, REPORT_SCRIPT, REPORT_STYLE } from './report-html-assets.js';

/**
 * Renders report.html: a single HTML5 document with everything inline and a
 * Content-Security-Policy that lets nothing else load or run.
 *
 * @example
 * writeFileSync(join(out, 'report.html'), renderReportHtml(result, { program, inputSha256, counts, warnings }));
 */
export function renderReportHtml(result: MatchResult, ctx: ReportContext): string {
  const model = buildReportModel(result, ctx);
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_STYLE)}`,
    `script-src ${cspHash(REPORT_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `${escapeHtml(model.programName)}: proposed matches`;
  const body = [
    header(model),
    summarySection(model),
    model.warnings.length > 0 ? warningsSection(model) : '',
    model.diff !== null ? diffSection(model) : '',
    chartsSection(model),
    fairnessSection(model),
    ...(model.groupRun ? [groupsSection(model)] : []),
    pairsSection(model),
    detailsSection(model),
    leftOutSection(model),
    ineligibleSection(model),
    model.rejected.length > 0 ? rejectedSection(model) : '',
    model.stability !== null ? stabilitySection(model) : '',
    model.sensitivity !== null ? sensitivitySection(model) : '',
    settingsSection(model),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

const e = escapeHtml;

function header(model: ReportModel): string {
  const links: [string, string][] = [
    ['summary', 'Summary'],
    ...(model.warnings.length > 0 ? ([['warnings', 'Warnings']] as [string, string][]) : []),
    ...(model.diff !== null ? ([['changes', 'Changes']] as [string, string][]) : []),
    ['charts', 'Scores and mix'],
    ['fairness', 'Fairness'],
    ...(model.groupRun ? ([['groups', 'Groups']] as [string, string][]) : []),
    ['pairs-section', 'Pairs'],
    ['pair-details', 'Pair details'],
    ['left-out', 'Left out'],
    ['not-eligible', 'Not eligible'],
    ...(model.rejected.length > 0 ? ([['rejected', 'Rows not read']] as [string, string][]) : []),
    ...(model.stability !== null ? ([['stability', 'Stability']] as [string, string][]) : []),
    ...(model.sensitivity !== null ? ([['sensitivity', 'Sensitivity']] as [string, string][]) : []),
    ['settings', 'Settings'],
  ];
  return `<header>
<h1>${e(model.programName)}: proposed matches</h1>
<p class="meta">Input SHA-256 <code>${e(model.inputSha256)}</code>; solver ${e(model.solver)}; total score ${formatScore(model.totalScore)}.</p>
<nav aria-label="Sections"><ul>${links.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('')}</ul></nav>
</header>`;
}

function summarySection(model: ReportModel): string {
  const c = model.counts;
  const items: [string, string, number][] = [
    ['applicants', 'Applicants', c.applicants],
    ['mentors', 'Mentors', c.mentors],
    ['mentees', 'Mentees', c.mentees],
    ['pairs', 'Pairs', c.pairs],
    ...(model.groupRun ? ([['groups', 'Groups', c.groups]] as [string, string, number][]) : []),
    ['matched', 'Matched people', c.matched],
    ['unmatched', 'Left out', c.unmatched],
    ['ineligible', 'Not eligible', c.ineligible],
    ['rejected', 'Rows not read', c.rejected],
  ];
  if (c.pinned > 0) items.push(['pinned', 'Pinned pairs', c.pinned]);
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<dl class="counts">
${items.map(([key, label, n]) => `<div><dt>${label}</dt><dd data-count="${key}">${n}</dd></div>`).join('\n')}
</dl>
<p class="muted">${c.matchedMentors} mentors and ${c.matchedMentees} mentees matched${model.groupRun ? ` in ${c.groups} groups (each pair is a mentee and the mentors of their group)` : ''}. Applicants counts every input row; mentors and mentees count the rows that could be read.</p>
</section>`;
}

function warningsSection(model: ReportModel): string {
  return `<section id="warnings" aria-labelledby="warnings-h">
<h2 id="warnings-h">Warnings about the input</h2>
<ul>
${model.warnings.map((w) => `<li>${e(w)}</li>`).join('\n')}
</ul>
</section>`;
}

function chartsSection(model: ReportModel): string {
  const hist = verticalBars(
    'chart-scores',
    'Pairs by score',
    model.histogram.map((b) => ({ label: b.label, value: b.count })),
  );
  const ranks = horizontalBars(
    'chart-ranks',
    "Pairs by the mentee's choice rank",
    model.choiceRanks.rows.map((r) => ({ label: r.label, values: [r.pairs] })),
    ['pairs'],
  );
  const unmatchedNote =
    model.choiceRanks.unmatchedWithChoices > 0
      ? `<p class="muted">${model.choiceRanks.unmatchedWithChoices} mentees who ranked mentors are left out.</p>`
      : '';
  return `<section id="charts" aria-labelledby="charts-h">
<h2 id="charts-h">Scores and mix</h2>
<div class="charts">
<figure>${hist}</figure>
<figure>${ranks}${unmatchedNote}</figure>
<figure>${mixChart('chart-region', 'Region mix', model.regionMix)}</figure>
<figure>${mixChart('chart-community', 'Community-size mix', model.communitySizeMix)}</figure>
</div>
</section>`;
}

const MIX_SERIES = ['matched mentees', 'matched mentors', 'left out'];

function mixChart(id: string, title: string, rows: readonly MixRow[]): string {
  if (rows.length === 0) return `<figcaption>${title}</figcaption><p class="muted">Nobody to count.</p>`;
  return horizontalBars(
    id,
    title,
    rows.map((r) => ({ label: r.label, values: [r.matchedMentees, r.matchedMentors, r.unmatched] })),
    MIX_SERIES,
  );
}

/** A score or "–" when there is none. */
const scoreOrDash = (score: number | null): string => (score === null ? '–' : formatScore(score));

function fairnessSection(model: ReportModel): string {
  const f = model.fairness;
  const ranks = f.choiceRanks.rows.map((r) => `<tr><td>${e(r.label)}</td><td class="num">${r.pairs}</td></tr>`).join('\n');
  const unmatched =
    f.choiceRanks.unmatchedWithChoices > 0 ? `<p class="muted">${f.choiceRanks.unmatchedWithChoices} mentees who ranked mentors are left out.</p>` : '';
  return `<section id="fairness" aria-labelledby="fairness-h">
<h2 id="fairness-h">Fairness</h2>
<p class="muted">Who gets what: the choice rank each matched mentee received, and the scores of the pairs by the mentee's region, community size and department, with the mentees of each group left out.</p>
<table id="fairness-ranks">
<caption>Choice rank received</caption>
<thead><tr><th scope="col">Mentee got</th><th scope="col" class="num">Pairs</th></tr></thead>
<tbody>
${ranks}
</tbody>
</table>
${unmatched}
${groupTable('fairness-region', "Scores by the mentee's region", 'Region', f.byRegion)}
${groupTable('fairness-community', "Scores by the mentee's community size", 'Community size', f.byCommunitySize)}
${groupTable('fairness-department', "Scores by the mentee's department", 'Department', f.byDepartment)}
</section>`;
}

function groupTable(id: string, caption: string, what: string, groups: readonly FairnessGroup[]): string {
  if (groups.length === 0) return `<p id="${id}" class="muted">${caption}: no mentees to count.</p>`;
  const rows = groups
    .map(
      (g) =>
        `<tr><td>${e(g.label)}</td><td class="num">${g.pairs}</td><td class="num">${scoreOrDash(g.meanScore)}</td><td class="num">${scoreOrDash(g.minScore)}</td><td class="num">${g.unmatchedMentees}</td></tr>`,
    )
    .join('\n');
  return `<table id="${id}">
<caption>${caption}</caption>
<thead><tr><th scope="col">${what}</th><th scope="col" class="num">Pairs</th><th scope="col" class="num">Mean score</th><th scope="col" class="num">Lowest score</th><th scope="col" class="num">Mentees left out</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function stabilitySection(model: ReportModel): string {
  const s = model.stability;
  if (s === null) return '';
  const { chosen: c, deferredAcceptance: d, difference: diff } = s;
  const blocking =
    s.blockingPairCount === 0
      ? '<p>No blocking pairs: no mentor and mentee would both rather have each other than what they got.</p>'
      : `<table id="blocking-pairs">
<caption>${s.blockingPairCount} blocking pairs${s.unlisted > 0 ? `, the ${s.blockingPairs.length} strongest listed` : ''}</caption>
<thead><tr><th scope="col">Mentor</th><th scope="col">Mentee</th><th scope="col" class="num">Score</th></tr></thead>
<tbody>
${s.blockingPairs.map((b) => `<tr><td>${e(b.mentor.name)} <span class="id">${e(b.mentor.id)}</span></td><td>${e(b.mentee.name)} <span class="id">${e(b.mentee.id)}</span></td><td class="num">${formatScore(b.score)}</td></tr>`).join('\n')}
</tbody>
</table>${s.unlisted > 0 ? `\n<p class="muted">and ${s.unlisted} more.</p>` : ''}`;
  return `<section id="stability" aria-labelledby="stability-h">
<h2 id="stability-h">Stability</h2>
<p>A blocking pair is a pair not made whose mentee would rather have that mentor than the one they got (or none), and whose mentor would rather have that mentee than their least-preferred one (or has a free place); each side ranks by score, a mentee's own choices first. This run has <strong data-count="blocking-pairs">${s.blockingPairCount}</strong>.</p>
<table id="stability-comparison">
<caption>This run's matching beside deferred acceptance (mentees proposing: stable, no blocking pair)</caption>
<thead><tr><td></td><th scope="col" class="num">Chosen</th><th scope="col" class="num">Deferred acceptance</th><th scope="col" class="num">Difference</th></tr></thead>
<tbody>
<tr><th scope="row">Pairs</th><td class="num">${c.pairs}</td><td class="num">${d.pairs}</td><td class="num">${signedCount(diff.pairs)}</td></tr>
<tr><th scope="row">Total score</th><td class="num">${formatScore(c.totalScore)}</td><td class="num">${formatScore(d.totalScore)}</td><td class="num">${formatSignedScore(diff.totalScore)}</td></tr>
<tr><th scope="row">Worst score</th><td class="num">${scoreOrDash(c.worstScore)}</td><td class="num">${scoreOrDash(d.worstScore)}</td><td class="num">${diff.worstScore === null ? '–' : formatSignedScore(diff.worstScore)}</td></tr>
</tbody>
</table>
${s.note === null ? '' : `<p class="muted">Note: ${e(s.note)}.</p>\n`}${blocking}
</section>`;
}

/** A count difference: "+2", "\u22121", "0". */
function signedCount(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

function sensitivitySection(model: ReportModel): string {
  const s = model.sensitivity;
  if (s === null) return '';
  const table =
    s.rows.length === 0
      ? ''
      : `<table id="sensitivity-table">
<caption>Pairs of this run (of ${s.pairs}) not made when one weight moves by ${s.stepPercent}% and everything else stays</caption>
<thead><tr><th scope="col">Factor</th><th scope="col" class="num">Weight</th><th scope="col" class="num">Pairs changed at \u2212${s.stepPercent}%</th><th scope="col" class="num">Pairs changed at +${s.stepPercent}%</th></tr></thead>
<tbody>
${s.rows.map((r) => `<tr data-factor="${r.factor}"><td>${e(r.label)}</td><td class="num">${r.weight}</td><td class="num">${r.pairsChangedDown}</td><td class="num">${r.pairsChangedUp}</td></tr>`).join('\n')}
</tbody>
</table>`;
  return `<section id="sensitivity" aria-labelledby="sensitivity-h">
<h2 id="sensitivity-h">Sensitivity to the weights</h2>
<p class="muted">How much the pairs hang on the exact weights: each weight in turn lowered and raised by ${s.stepPercent}%, the pool matched again with the same rules, pins and solver.</p>
${table}${s.note === null ? '' : `\n<p class="note">Note: ${e(s.note)}</p>`}
</section>`;
}

function pairsSection(model: ReportModel): string {
  const rankOptions = model.choiceRanks.rows.map((r) => `<option value="${e(r.key)}">${e(r.label)}</option>`).join('');
  const groupIndex = groupIndexOf(model);
  const rows = model.pairs.map((p) => pairRow(p, model.groupRun ? groupIndex : null)).join('\n');
  const groupHeading = model.groupRun ? '<th scope="col" data-sort="text">Group</th>' : '';
  return `<section id="pairs-section" aria-labelledby="pairs-h">
<h2 id="pairs-h">Pairs</h2>
<div class="controls" id="pair-controls" hidden>
<label for="pair-filter">Filter</label>
<input type="search" id="pair-filter" placeholder="name, id${model.groupRun ? ', group' : ''} or reason" autocomplete="off">
<label for="pair-rank">Show</label>
<select id="pair-rank"><option value="">all pairs</option>${rankOptions}<option value="pinned">pinned by the committee</option></select>
<span id="pair-count" aria-live="polite"></span>
</div>
<table id="pairs">
<caption>${model.pairs.length} pairs, in the order of matches.csv. Select a column heading to sort.</caption>
<thead><tr><th scope="col" class="num" data-sort="number" aria-sort="ascending">#</th>${groupHeading}<th scope="col" data-sort="text">Mentor</th><th scope="col" data-sort="text">Mentee</th><th scope="col" class="num" data-sort="number" id="score-heading">Score</th><th scope="col" data-sort="number">Choice</th><th scope="col">Why</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** Each group's position among the groups (its anchor `group-<n>`), by group id. */
function groupIndexOf(model: ReportModel): Map<string, number> {
  return new Map(model.groups.map((g) => [g.id, g.index]));
}

/** A person as the page names them: escaped name, then escaped id. */
const person = (a: Applicant): string => `${e(a.name)} <span class="id">${e(a.id)}</span>`;

/** The pair table's row; `groups` (group id → anchor number) adds the Group column of a group run. */
function pairRow(p: PairDetail, groups: ReadonlyMap<string, number> | null): string {
  const { mentor, mentee, score, choiceRank, pinned, group } = p.pair;
  const rankValue = choiceRank === null ? 'Infinity' : String(choiceRank);
  const rankKey = choiceRankKey(p.pair);
  let groupCell = '';
  if (groups !== null) {
    const at = group === undefined ? undefined : groups.get(group.id);
    groupCell =
      group === undefined ? '<td>–</td>' : at === undefined ? `<td>${e(group.id)}</td>` : `<td><a href="#group-${at}">${e(group.id)}</a></td>`;
  }
  const coMentors = group === undefined || group.coMentors.length === 0 ? '' : ` <span class="muted">with ${group.coMentors.map(person).join(', ')}</span>`;
  return (
    `<tr data-pair="${p.index}" data-score="${score}" data-rank="${rankKey}" data-pinned="${pinned}">` +
    `<td class="num" data-value="${p.index}">${p.index}</td>` +
    groupCell +
    `<td>${e(mentor.name)} <span class="id">${e(mentor.id)}</span>${coMentors}</td>` +
    `<td>${e(mentee.name)} <span class="id">${e(mentee.id)}</span></td>` +
    `<td class="num" data-value="${score}">${formatScore(score)}</td>` +
    `<td data-value="${rankValue}">${p.rankLabel}${pinned ? '<span class="pinned">pinned</span>' : ''}</td>` +
    `<td>${e(p.reasons)} <a href="#pair-${p.index}">details</a></td></tr>`
  );
}

function groupsSection(model: ReportModel): string {
  const intro =
    model.groups.length === 0
      ? '<p>No group runs.</p>'
      : `<p class="muted">${model.groups.length} groups. For each: its mentors (lead first) and how they came to lead together, its mentees with their score with the whole team, their choice rank, the factors that weigh most for them and the interests they share with other mentees of the group; and the interests held by at least two of the group's people (mentors and mentees), with how many of them hold each.</p>`;
  return `<section id="groups" aria-labelledby="groups-h">
<h2 id="groups-h">Groups</h2>
${intro}
${model.groups.map(groupBlock).join('\n')}
</section>`;
}

function groupBlock(g: GroupDetail): string {
  const led = `${g.mentors.length === 1 ? 'Mentor' : 'Mentors (lead first)'}: ${g.mentors.map(person).join(', ')} \u2014 ${g.originText}`;
  const common =
    g.commonInterests.length === 0
      ? 'No interest is held by two or more of its people.'
      : `Interests in common, with how many of the group's ${g.people} people hold each: ${g.commonInterests.map((c) => `${e(c.interest)} (${c.holders})`).join(', ')}.`;
  const rows = g.members
    .map((m) => {
      const peers =
        m.withPeers.length === 0 ? '–' : m.withPeers.map((s) => `${e(s.interest)} (with ${s.peers.map((a) => e(a.name)).join(', ')})`).join('; ');
      const why = m.topReasons.length === 0 ? '–' : m.topReasons.map(e).join('; ');
      const score = formatScore(m.pair.score);
      return (
        `<tr><td>${person(m.pair.mentee)}</td>` +
        `<td class="num">${m.pairIndex > 0 ? `<a href="#pair-${m.pairIndex}">${score}</a>` : score}</td>` +
        `<td>${m.rankLabel}</td><td>${why}</td><td>${peers}</td></tr>`
      );
    })
    .join('\n');
  return `<details class="collapsible group" id="group-${g.index}" open>
<summary><strong>Group ${e(g.id)}</strong>: ${g.size} mentees, mean score ${formatScore(g.meanScore)}, lowest ${formatScore(g.minScore)}</summary>
<p>${led}.</p>
<p>${common}</p>
<table class="members">
<caption class="visually-hidden">Members of group ${e(g.id)}</caption>
<thead><tr><th scope="col">Mentee</th><th scope="col" class="num">Score</th><th scope="col">Choice</th><th scope="col">Top reasons</th><th scope="col">Interests shared with other mentees</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</details>`;
}

function detailsSection(model: ReportModel): string {
  // Largest possible points of any factor: every bar of every pair is drawn on this one scale.
  const scale = Math.max(1e-9, ...model.pairs.flatMap((p) => p.factors.map((f) => f.maxPoints)));
  return `<section id="pair-details" aria-labelledby="pair-details-h">
<h2 id="pair-details-h">Pair details</h2>
<p class="muted">Each factor's bar shows the points it gave (dark) out of the most it could give with its weight (light).</p>
<p class="detail-controls" id="detail-controls" hidden><button type="button" id="expand-all">Expand all</button> <button type="button" id="collapse-all">Collapse all</button></p>
${model.pairs.length === 0 ? '<p>No pairs.</p>' : model.pairs.map((p) => pairDetail(p, scale)).join('\n')}
</section>`;
}

function pairDetail(p: PairDetail, scale: number): string {
  const { mentor, mentee, score, pinned, group } = p.pair;
  const factors = p.factors.map((f) => factorRow(f, scale)).join('\n');
  const inGroup = group === undefined ? '' : ` <span class="muted">(group ${e(group.id)}${group.coMentors.length > 0 ? `, with ${group.coMentors.map(person).join(', ')}` : ''})</span>`;
  return `<details class="collapsible pair" id="pair-${p.index}" open>
<summary><span class="muted">#${p.index}</span> ${e(mentor.name)} <span class="id">${e(mentor.id)}</span>${inGroup} and ${e(mentee.name)} <span class="id">${e(mentee.id)}</span>: <strong>${formatScore(score)}</strong>, ${p.rankText}${pinned ? ' <span class="pinned">pinned by the committee</span>' : ''}</summary>
<table class="factors">
<caption class="visually-hidden">Score breakdown of pair ${p.index}</caption>
<thead><tr><th scope="col">Factor</th><th scope="col" class="num">Points</th><th scope="col"><span class="visually-hidden">Bar</span></th><th scope="col" class="num">Value</th><th scope="col" class="num">Weight</th><th scope="col">Reason</th></tr></thead>
<tbody>
${factors}
</tbody>
</table>
${p.road === null ? '' : roadBlock(`Alternatives for ${e(mentee.name)}`, p.road)}
</details>`;
}

function factorRow(f: FactorBar, scale: number): string {
  return (
    `<tr><th scope="row">${e(f.label)}</th><td class="num">${formatScore(f.points)} <span class="muted">/ ${formatScore(f.maxPoints)}</span></td>` +
    `<td class="bar">${factorBar(f, scale)}</td>` +
    `<td class="num">${f.value.toFixed(2)}</td><td class="num">${f.weight}</td><td>${e(f.reason)}</td></tr>`
  );
}

/** A road not taken: its heading is already escaped by the caller. */
function roadBlock(heading: string, road: RoadNotTaken): string {
  const items =
    road.alternatives.length === 0 ? '<li>no other pair was allowed</li>' : road.alternatives.map((a) => `<li>${describeAlternative(a, e)}</li>`).join('\n');
  return `<div class="alternatives"><h4>${heading}</h4>
<ul>
${items}
</ul>${road.note === null ? '' : `\n<p class="note">Note: ${e(road.note)}</p>`}</div>`;
}

function leftOutSection(model: ReportModel): string {
  if (model.leftOut.length === 0) {
    return `<section id="left-out" aria-labelledby="left-out-h"><h2 id="left-out-h">Left out</h2><p>Every eligible applicant has a match.</p></section>`;
  }
  const rows = model.leftOut
    .map(({ entry: u }) => `<tr><td>${e(u.applicant.name)} <span class="id">${e(u.applicant.id)}</span></td><td>${u.applicant.role}</td><td>${e(u.reason)}</td></tr>`)
    .join('\n');
  const roads = model.leftOut
    .filter((l) => l.road !== null)
    .map((l, i) => {
      const a = l.entry.applicant;
      return `<details class="collapsible road" id="left-out-${i + 1}" open><summary>${e(a.name)} <span class="id">${e(a.id)}</span> (${a.role})</summary>
${roadBlock(`Alternatives for ${e(a.name)}`, l.road as RoadNotTaken)}
</details>`;
    })
    .join('\n');
  return `<section id="left-out" aria-labelledby="left-out-h">
<h2 id="left-out-h">Left out</h2>
<table id="unmatched">
<caption>${model.leftOut.length} eligible applicants without a match, and why</caption>
<thead><tr><th scope="col">Applicant</th><th scope="col">Role</th><th scope="col">Reason</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${roads === '' ? '' : `<h3>Their best alternatives</h3>\n${roads}`}
</section>`;
}

function ineligibleSection(model: ReportModel): string {
  if (model.ineligible.length === 0) {
    return `<section id="not-eligible" aria-labelledby="not-eligible-h"><h2 id="not-eligible-h">Not eligible</h2><p>Every applicant met the eligibility rules.</p></section>`;
  }
  const rows = model.ineligible
    .map(
      (x) =>
        `<tr><td>${e(x.applicant.name)} <span class="id">${e(x.applicant.id)}</span></td><td>${x.applicant.role}</td><td>${e(x.failures.map((f) => f.detail).join('; '))}</td></tr>`,
    )
    .join('\n');
  return `<section id="not-eligible" aria-labelledby="not-eligible-h">
<h2 id="not-eligible-h">Not eligible</h2>
<table id="ineligible">
<caption>${model.ineligible.length} applicants who did not meet every rule</caption>
<thead><tr><th scope="col">Applicant</th><th scope="col">Role</th><th scope="col">Rules not met</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function rejectedSection(model: ReportModel): string {
  const rows = model.rejected
    .map((r) => `<tr><td class="num">${r.row}</td><td>${e(r.problems.map((p) => `${p.column ?? ''}: ${p.expected}`).join('; '))}</td></tr>`)
    .join('\n');
  return `<section id="rejected" aria-labelledby="rejected-h">
<h2 id="rejected-h">Rows that could not be read</h2>
<table id="rejected-rows">
<caption>${model.rejected.length} rows skipped</caption>
<thead><tr><th scope="col" class="num">Row</th><th scope="col">Problems</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function settingsSection(model: ReportModel): string {
  const s = model.settings;
  const blocked =
    s.blocked.length > 0 ? `<p>Pairs never considered: ${s.blocked.map((b) => `${b.count} ${e(b.label)}`).join(', ')}.</p>` : '';
  return `<section id="settings" aria-labelledby="settings-h">
<h2 id="settings-h">Settings</h2>
<table id="weights">
<caption>Factor weights</caption>
<thead><tr><th scope="col">Factor</th><th scope="col" class="num">Weight</th></tr></thead>
<tbody>
${s.weights.map((w) => `<tr><td>${e(w.label)}</td><td class="num">${w.weight}</td></tr>`).join('\n')}
</tbody>
</table>
<p>Minimum score ${s.minScore}. Shape: ${e(s.shape)}.</p>
${blocked}
</section>`;
}

function diffSection(model: ReportModel): string {
  const d = model.diff;
  if (d === null) return '';
  const person = (name: string, id: string): string => (name === '' ? e(id) : `${e(name)} <span class="id">${e(id)}</span>`);
  const table = (id: string, caption: string, head: readonly string[], rows: readonly string[]): string =>
    rows.length === 0
      ? ''
      : `<table id="${id}"><caption>${caption}</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  const none = d.added.length + d.removed.length + d.rescored.length === 0 ? '<p>The same pairs as before, with the same scores.</p>' : '';
  return `<section id="changes" aria-labelledby="changes-h">
<h2 id="changes-h">Changes since the previous run</h2>
<p>Compared with <code>${e(d.previous.folder)}</code> (input SHA-256 <code>${e(d.previous.inputSha256)}</code>, ${d.previous.pairs} pairs). Total score <span data-total="before">${formatScore(d.totalBefore)}</span> before, <span data-total="after">${formatScore(d.totalAfter)}</span> now.</p>
${none}
${table('pairs-added', `${d.added.length} pairs added`, ['Mentor', 'Mentee', 'Score'], d.added.map((p) => `<tr><td>${person(p.mentorName, p.mentorId)}</td><td>${person(p.menteeName, p.menteeId)}</td><td class="num">${formatScore(p.score)}</td></tr>`))}
${table('pairs-removed', `${d.removed.length} pairs removed`, ['Mentor', 'Mentee', 'Score then'], d.removed.map((p) => `<tr><td>${person(p.mentorName, p.mentorId)}</td><td>${person(p.menteeName, p.menteeId)}</td><td class="num">${formatScore(p.score)}</td></tr>`))}
${table('pairs-rescored', `${d.rescored.length} pairs rescored`, ['Mentor', 'Mentee', 'Score before', 'Score now'], d.rescored.map((p) => `<tr><td>${person(p.mentorName, p.mentorId)}</td><td>${person(p.menteeName, p.menteeId)}</td><td class="num">${formatScore(p.previousScore)}</td><td class="num">${formatScore(p.score)}</td></tr>`))}
</section>`;
}
