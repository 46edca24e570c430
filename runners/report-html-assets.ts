/**
 * The fixed text report.html carries inline — its stylesheet and its one
 * script — and the hashes its Content-Security-Policy allows them by. Nothing
 * here depends on a run, so the hashes are the same for every report.
 */
import { createHash } from 'node:crypto';

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
