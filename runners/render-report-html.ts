/**
 * report.html: the committee's report as one self-contained page — inline
 * CSS, inline SVG charts, one small inline script for sorting and filtering
 * the pair table — that opens offline in any browser and prints cleanly. It
 * shows what report.md shows (both render one {@link buildReportModel}).
 *
 * Applicant text is hostile until proven otherwise: every string that came
 * from an input goes through {@link escapeHtml}, and a Content-Security-Policy
 * allows only our own style and script (by hash), so even a missed escape
 * could neither load anything nor run anything.
 */
import { createHash } from 'node:crypto';
import type { MatchResult, RoadNotTaken } from './match-result.js';
import {
  buildReportModel,
  choiceRankKey,
  describeAlternative,
  formatScore,
  type FactorBar,
  type MixRow,
  type PairDetail,
  type ReportContext,
  type ReportModel,
} from './build-report-model.js';

/**
 * Escapes text for HTML element content and quoted attribute values
 * (`& < > " '`). The one escaper of report.html: every applicant string
 * passes through it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The `sha256-…` CSP source of an inline script or style: base64 of the SHA-256 of its exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's only script. It adds to a page that already shows everything:
 * it reveals the filter controls, makes the pair table's column headers sort
 * buttons (asc/desc, `aria-sort`), filters rows by text and by choice rank or
 * pin, collapses the per-pair details for reading on screen and opens them
 * all again for printing. Kept free of anything rendered per run so its CSP
 * hash is fixed text.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('pairs');
  var details = Array.prototype.slice.call(document.querySelectorAll('details.collapsible'));
  var reveal = function (id) { var el = document.getElementById(id); if (el) el.hidden = false; };
  details.forEach(function (d) { d.open = false; });
  reveal('detail-controls');
  var setAll = function (open) { details.forEach(function (d) { d.open = open; }); };
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) expand.addEventListener('click', function () { setAll(true); });
  if (collapse) collapse.addEventListener('click', function () { setAll(false); });
  var openTarget = function () {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (err) { /* a hand-typed hash: use it as it is */ }
    var el = id ? document.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') el.open = true;
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();
  var wasOpen = null;
  window.addEventListener('beforeprint', function () { wasOpen = details.map(function (d) { return d.open; }); setAll(true); });
  window.addEventListener('afterprint', function () {
    if (wasOpen) details.forEach(function (d, i) { d.open = wasOpen[i]; });
    wasOpen = null;
  });

  if (!table || !table.tBodies[0] || !table.tHead) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById('pair-filter');
  var rank = document.getElementById('pair-rank');
  var count = document.getElementById('pair-count');
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  reveal('pair-controls');
  var apply = function () {
    var q = filter.value.trim().toLowerCase();
    var k = rank.value;
    var shown = 0;
    rows.forEach(function (r, i) {
      var byText = q === '' || texts[i].indexOf(q) >= 0;
      var byRank = k === '' || (k === 'pinned' ? r.getAttribute('data-pinned') === 'true' : r.getAttribute('data-rank') === k);
      r.hidden = !(byText && byRank);
      if (!r.hidden) shown += 1;
    });
    count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' pairs';
  };
  filter.addEventListener('input', apply);
  rank.addEventListener('change', apply);
  apply();

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var type = th.getAttribute('data-sort');
    if (!type) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    var key = function (r) {
      var cell = r.cells[col];
      var v = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
      return type === 'number' ? Number(v) : v.trim();
    };
    button.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var sign = dir === 'ascending' ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = type === 'number' ? (x === y ? 0 : x < y ? -1 : 1) : collator.compare(x, y);
        return c * sign || Number(a.getAttribute('data-pair')) - Number(b.getAttribute('data-pair'));
      });
      sorted.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
`;

/** The page's stylesheet: plain, readable, striped tables, and a print layout (no controls, details open, black on white). */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --stripe: #f6f8fa; --s0: #2f6690; --s1: #81b1d5; --s2: #c97b2a; --track: #e6e9ee; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
.meta, .muted, .id { color: var(--muted); }
.id { font-size: .85em; white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; overflow-wrap: anywhere; }
nav ul { list-style: none; padding: 0; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
a { color: #0b5cad; }
.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .5rem; margin: 0; }
.counts div { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.counts dt { color: var(--muted); font-size: .85rem; }
.counts dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 1.5rem 2.5rem; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: .25rem; }
svg.chart { width: 100%; height: auto; max-width: 40rem; }
svg text { fill: var(--ink); font-size: 13px; font-family: inherit; }
svg .axis { stroke: var(--line); }
svg .s0 { fill: var(--s0); } svg .s1 { fill: var(--s1); } svg .s2 { fill: var(--s2); }
svg .track { fill: var(--track); } svg .fill { fill: var(--s0); }
.legend { display: flex; gap: 1rem; font-size: .85rem; margin: .25rem 0 0; padding: 0; list-style: none; }
.legend svg { vertical-align: -1px; margin-right: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--line); white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--stripe); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.controls[hidden], .detail-controls[hidden] { display: none; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0; }
.controls input, .controls select, .detail-controls button { font: inherit; padding: .25rem .5rem; }
.controls input { min-width: 16rem; }
button.sort { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
button.sort::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button.sort::after { content: " \\2191"; color: var(--ink); }
th[aria-sort="descending"] button.sort::after { content: " \\2193"; color: var(--ink); }
.pinned { font-size: .8em; border: 1px solid var(--muted); border-radius: 3px; padding: 0 .25rem; margin-left: .25rem; white-space: nowrap; }
details.collapsible { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; }
details.collapsible > summary { cursor: pointer; }
details.collapsible[open] > summary { margin-bottom: .5rem; }
table.factors td.bar { width: 11rem; }
.alternatives ul { margin: .25rem 0; padding-left: 1.25rem; }
.note { font-size: .9em; color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  body { font-size: 10.5pt; color: #000; background: #fff; }
  main { max-width: none; padding: 0; }
  nav, .controls, .detail-controls { display: none !important; }
  a { color: #000; text-decoration: none; }
  .meta, .muted, .id, .note, .counts dt { color: #000; }
  tr[hidden] { display: table-row; }
  tbody tr:nth-child(even) { background: none; }
  details.collapsible { border: 0; border-top: 1px solid #000; border-radius: 0; padding: .25rem 0; break-inside: avoid; page-break-inside: avoid; }
  details.collapsible > summary { list-style: none; font-weight: 600; }
  details.collapsible > summary::-webkit-details-marker { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, .counts div, tr { break-inside: avoid; page-break-inside: avoid; }
  svg, .counts div { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
@media print {
  details.collapsible::details-content { content-visibility: visible; display: block; }
}
`;

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
    pairsSection(model),
    detailsSection(model),
    leftOutSection(model),
    ineligibleSection(model),
    model.rejected.length > 0 ? rejectedSection(model) : '',
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
    ['pairs-section', 'Pairs'],
    ['pair-details', 'Pair details'],
    ['left-out', 'Left out'],
    ['not-eligible', 'Not eligible'],
    ...(model.rejected.length > 0 ? ([['rejected', 'Rows not read']] as [string, string][]) : []),
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
<p class="muted">${c.matchedMentors} mentors and ${c.matchedMentees} mentees matched. Applicants counts every input row; mentors and mentees count the rows that could be read.</p>
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

/** Longest category label drawn in a chart; the full label is in the bar's tooltip. */
const CHART_LABEL_CHARS = 26;

/** A column chart (the score histogram): one bar per label, its count above it. */
function verticalBars(id: string, title: string, bars: readonly { label: string; value: number }[]): string {
  const width = 560;
  const height = 220;
  const top = 20;
  const bottom = 28;
  const left = 8;
  const plot = height - top - bottom;
  const slot = (width - 2 * left) / Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const words = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  const parts = bars.map((b, i) => {
    const h = (plot * b.value) / max;
    const x = left + i * slot + slot * 0.1;
    const w = slot * 0.8;
    const y = top + plot - h;
    return (
      `<g><title>${e(b.label)}: ${b.value}</title>` +
      `<rect class="s0" x="${fx(x)}" y="${fx(y)}" width="${fx(w)}" height="${fx(h)}"/>` +
      `<text x="${fx(x + w / 2)}" y="${fx(y - 4)}" text-anchor="middle">${b.value}</text>` +
      `<text x="${fx(x + w / 2)}" y="${fx(top + plot + 16)}" text-anchor="middle">${e(b.label)}</text></g>`
    );
  });
  return `<figcaption id="${id}-cap">${e(title)}</figcaption>
<svg class="chart" id="${id}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">${e(title)}</title><desc id="${id}-desc">${e(words)}</desc>
<line class="axis" x1="${left}" y1="${top + plot}" x2="${width - left}" y2="${top + plot}"/>
${parts.join('\n')}
</svg>`;
}

/** A bar chart with one row per category and one bar per series, each labelled with its count. */
function horizontalBars(id: string, title: string, rows: readonly { label: string; values: readonly number[] }[], series: readonly string[]): string {
  const width = 560;
  const labelWidth = 190;
  const barH = 12;
  const gap = 2;
  const rowGap = 8;
  const rowH = series.length * (barH + gap) - gap + rowGap;
  const height = rows.length * rowH + 4;
  const plot = width - labelWidth - 40;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const words = rows.map((r) => `${r.label}: ${r.values.map((v, s) => `${v} ${series[s] ?? ''}`.trim()).join(', ')}`).join('; ');
  const parts = rows.map((r, i) => {
    const y0 = 2 + i * rowH;
    const shown = r.label.length > CHART_LABEL_CHARS ? `${r.label.slice(0, CHART_LABEL_CHARS - 1)}…` : r.label;
    const bars = r.values.map((v, s) => {
      const y = y0 + s * (barH + gap);
      const w = (plot * v) / max;
      return (
        `<rect class="s${s}" x="${labelWidth}" y="${fx(y)}" width="${fx(w)}" height="${barH}"/>` +
        `<text x="${fx(labelWidth + w + 4)}" y="${fx(y + barH - 2)}">${v}</text>`
      );
    });
    const labelY = y0 + (series.length * (barH + gap) - gap) / 2 + 4;
    return `<g><title>${e(r.label)}: ${r.values.join(' / ')}</title><text x="${labelWidth - 6}" y="${fx(labelY)}" text-anchor="end">${e(shown)}</text>${bars.join('')}</g>`;
  });
  const legend =
    series.length > 1
      ? `<ul class="legend">${series
          .map((s, i) => `<li><svg width="10" height="10" aria-hidden="true"><rect class="s${i}" width="10" height="10"/></svg>${e(s)}</li>`)
          .join('')}</ul>`
      : '';
  return `<figcaption id="${id}-cap">${e(title)}</figcaption>
<svg class="chart" id="${id}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">${e(title)}</title><desc id="${id}-desc">${e(words)}</desc>
${parts.join('\n')}
</svg>${legend}`;
}

/** Coordinates with one decimal: enough for a screen, and stable output. */
function fx(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function pairsSection(model: ReportModel): string {
  const rankOptions = model.choiceRanks.rows.map((r) => `<option value="${e(r.key)}">${e(r.label)}</option>`).join('');
  const rows = model.pairs.map((p) => pairRow(p)).join('\n');
  return `<section id="pairs-section" aria-labelledby="pairs-h">
<h2 id="pairs-h">Pairs</h2>
<div class="controls" id="pair-controls" hidden>
<label for="pair-filter">Filter</label>
<input type="search" id="pair-filter" placeholder="name, id or reason" autocomplete="off">
<label for="pair-rank">Show</label>
<select id="pair-rank"><option value="">all pairs</option>${rankOptions}<option value="pinned">pinned by the committee</option></select>
<span id="pair-count" aria-live="polite"></span>
</div>
<table id="pairs">
<caption>${model.pairs.length} pairs, in the order of matches.csv. Select a column heading to sort.</caption>
<thead><tr><th scope="col" class="num" data-sort="number" aria-sort="ascending">#</th><th scope="col" data-sort="text">Mentor</th><th scope="col" data-sort="text">Mentee</th><th scope="col" class="num" data-sort="number" id="score-heading">Score</th><th scope="col" data-sort="number">Choice</th><th scope="col">Why</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function pairRow(p: PairDetail): string {
  const { mentor, mentee, score, choiceRank, pinned } = p.pair;
  const rankValue = choiceRank === null ? 'Infinity' : String(choiceRank);
  const rankKey = choiceRankKey(p.pair);
  return (
    `<tr data-pair="${p.index}" data-score="${score}" data-rank="${rankKey}" data-pinned="${pinned}">` +
    `<td class="num" data-value="${p.index}">${p.index}</td>` +
    `<td>${e(mentor.name)} <span class="id">${e(mentor.id)}</span></td>` +
    `<td>${e(mentee.name)} <span class="id">${e(mentee.id)}</span></td>` +
    `<td class="num" data-value="${score}">${formatScore(score)}</td>` +
    `<td data-value="${rankValue}">${p.rankLabel}${pinned ? '<span class="pinned">pinned</span>' : ''}</td>` +
    `<td>${e(p.reasons)} <a href="#pair-${p.index}">details</a></td></tr>`
  );
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
  const { mentor, mentee, score, pinned } = p.pair;
  const factors = p.factors.map((f) => factorRow(f, scale)).join('\n');
  return `<details class="collapsible pair" id="pair-${p.index}" open>
<summary><span class="muted">#${p.index}</span> ${e(mentor.name)} <span class="id">${e(mentor.id)}</span> and ${e(mentee.name)} <span class="id">${e(mentee.id)}</span>: <strong>${formatScore(score)}</strong>, ${p.rankText}${pinned ? ' <span class="pinned">pinned by the committee</span>' : ''}</summary>
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
  const w = 160;
  const track = (w * f.maxPoints) / scale;
  const fill = (w * Math.max(0, Math.min(f.points, f.maxPoints))) / scale;
  return (
    `<tr><th scope="row">${e(f.label)}</th><td class="num">${formatScore(f.points)} <span class="muted">/ ${formatScore(f.maxPoints)}</span></td>` +
    `<td class="bar"><svg width="${w}" height="12" viewBox="0 0 ${w} 12" role="img" aria-label="${formatScore(f.points)} of ${formatScore(f.maxPoints)} points">` +
    `<rect class="track" width="${fx(track)}" height="12"/><rect class="fill" width="${fx(fill)}" height="12"/></svg></td>` +
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
