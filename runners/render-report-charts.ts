/**
 * The inline SVG charts of report.html: the score histogram (columns), the
 * choice-rank and mix charts (rows of bars), and the small bar of each factor
 * in a pair's breakdown. Every chart has a title and a description in words
 * for screen readers; every label from an input is escaped.
 */
import { formatScore, type FactorBar } from './build-report-model.js';
import { escapeHtml } from './escape-html.js';

const e = escapeHtml;

/** Longest category label drawn in a chart, in code points; the full label is in the bar's tooltip. */
const CHART_LABEL_CHARS = 26;

/**
 * A column chart (the score histogram): one bar per label, its count above
 * it. Returns a `<figcaption>` and the `<svg>`, for a `<figure>`.
 */
export function verticalBars(id: string, title: string, bars: readonly { label: string; value: number }[]): string {
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

/**
 * A bar chart with one row per category and one bar per series, each
 * labelled with its count; a legend when there is more than one series.
 * Returns a `<figcaption>`, the `<svg>` and the legend, for a `<figure>`.
 */
export function horizontalBars(id: string, title: string, rows: readonly { label: string; values: readonly number[] }[], series: readonly string[]): string {
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
    const shown = shortLabel(r.label);
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

/**
 * The bar of one factor in a pair's breakdown: the points it gave (dark) over
 * the most it could give with its weight (light), drawn on `scale` — the
 * largest such maximum of any pair — so that bars compare across pairs.
 */
export function factorBar(f: FactorBar, scale: number): string {
  const w = 160;
  const track = (w * f.maxPoints) / scale;
  const fill = (w * Math.max(0, Math.min(f.points, f.maxPoints))) / scale;
  return (
    `<svg width="${w}" height="12" viewBox="0 0 ${w} 12" role="img" aria-label="${formatScore(f.points)} of ${formatScore(f.maxPoints)} points">` +
    `<rect class="track" width="${fx(track)}" height="12"/><rect class="fill" width="${fx(fill)}" height="12"/></svg>`
  );
}

/**
 * A label cut to {@link CHART_LABEL_CHARS} code points, with an ellipsis.
 * Counted and cut by code points, not UTF-16 units, so an emoji in a region
 * name is kept or dropped whole, never split into a lone surrogate.
 */
function shortLabel(label: string): string {
  const chars = Array.from(label);
  return chars.length > CHART_LABEL_CHARS ? `${chars.slice(0, CHART_LABEL_CHARS - 1).join('')}…` : label;
}

/** Coordinates with one decimal: enough for a screen, and stable output. */
function fx(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
