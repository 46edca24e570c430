/**
 * What changed since an earlier run, rendered: changes.csv for the
 * committee's spreadsheet (with names), and the few lines the terminal shows
 * after a re-run (ids only: a terminal may be logged, and names are personal
 * data that stays in the output folder).
 */
import type { DiffPair, RunDiff } from './run-diff.js';
import { formatNumber, toCsv, type CsvCell } from './write-csv.js';
import { printable } from './printable.js';

/** The columns of changes.csv. */
export const CHANGES_CSV_HEADER = ['change', 'mentor_id', 'mentor_name', 'mentee_id', 'mentee_name', 'score_before', 'score_after'] as const;

/**
 * changes.csv: one row per pair added, removed or rescored, in that order
 * (each part by mentor id, then mentee id). `score_before` is blank for an
 * added pair, `score_after` for a removed one. Header only when nothing
 * changed, so the file is always there to open.
 */
export function renderChangesCsv(diff: RunDiff): string {
  const row = (change: string, p: DiffPair, before: number | null, after: number | null): CsvCell[] => [
    change,
    p.mentorId,
    p.mentorName,
    p.menteeId,
    p.menteeName,
    before,
    after,
  ];
  return toCsv(CHANGES_CSV_HEADER, [
    ...diff.added.map((p) => row('added', p, null, p.score)),
    ...diff.removed.map((p) => row('removed', p, p.score, null)),
    ...diff.rescored.map((p) => row('rescored', p, p.previousScore, p.score)),
  ]);
}

/** Change lines the terminal summary shows at most; the rest are counted and left to changes.csv. */
export const MAX_SUMMARY_CHANGE_LINES = 20;

/** What the summary needs to know about this run besides the difference. */
export interface DiffSummaryContext {
  /** SHA-256 of this run's applications file, to say when the earlier run read another one. */
  readonly inputSha256: string;
}

/**
 * The lines printed after a re-run (joined by `\n`, no final newline): one
 * line of counts and totals, a line when the earlier run read a different
 * applications file, then up to {@link MAX_SUMMARY_CHANGE_LINES} changes
 * with ids and scores.
 *
 * @example
 * err.write(`${formatDiffSummary(diff, { inputSha256: inputs.inputSha256 })}\n`);
 * // changes since out/sample-run: 1 pair added, 1 removed, 0 rescored; total 3460.2 → 3452.9 (−7.3)
 * //   added    MTR-0012 + MTE-0040  score 61.2
 * //   removed  MTR-0001 + MTE-0031  score 68.5
 */
export function formatDiffSummary(diff: RunDiff, context: DiffSummaryContext): string {
  // The folder is the user's own path, shown whole: only its control characters are escaped.
  const folder = printable(diff.previous.folder);
  const changes = diff.added.length + diff.removed.length + diff.rescored.length;
  const lines: string[] = [];
  if (changes === 0) {
    const n = diff.previous.pairs;
    lines.push(`no changes since ${folder}: same ${n} pair${n === 1 ? '' : 's'}, total ${formatScores(diff.totalAfter, diff.totalAfter)[0]}`);
  } else {
    const [before, after, delta] = formatScores(diff.totalBefore, diff.totalAfter);
    const added = `${diff.added.length} pair${diff.added.length === 1 ? '' : 's'} added`;
    lines.push(`changes since ${folder}: ${added}, ${diff.removed.length} removed, ${diff.rescored.length} rescored; total ${before} → ${after} (${delta})`);
  }
  if (diff.previous.inputSha256 !== context.inputSha256) {
    lines.push('  the earlier run read a different applications file (its SHA-256 differs); pairs are compared by id');
  }
  const pairText = (p: DiffPair): string => `${shownId(p.mentorId)} + ${shownId(p.menteeId)}`;
  const changeLines = [
    ...diff.added.map((p) => `  added    ${pairText(p)}  score ${formatScores(p.score, p.score)[0]}`),
    ...diff.removed.map((p) => `  removed  ${pairText(p)}  score ${formatScores(p.score, p.score)[0]}`),
    ...diff.rescored.map((p) => {
      const [before, after, delta] = formatScores(p.previousScore, p.score);
      return `  rescored ${pairText(p)}  score ${before} → ${after} (${delta})`;
    }),
  ];
  lines.push(...changeLines.slice(0, MAX_SUMMARY_CHANGE_LINES));
  const more = changeLines.length - MAX_SUMMARY_CHANGE_LINES;
  if (more > 0) lines.push(`  … and ${more} more (see changes.csv)`);
  return lines.join('\n');
}

/** Most decimals a score is shown with: run.json keeps 4. */
const MAX_DECIMALS = 4;

/**
 * Two scores and their difference, with one decimal as the reports show
 * them — or more when one decimal would hide a change (64.21 → 64.24 is
 * not "64.2 → 64.2"). Negative differences use the minus sign.
 */
function formatScores(before: number, after: number): [string, string, string] {
  const b = Number(formatNumber(before));
  const a = Number(formatNumber(after));
  // Rounded again: the difference of two 4-decimal numbers carries float noise in its last bits.
  const delta = Number(formatNumber(a - b));
  let decimals = 1;
  while (decimals < MAX_DECIMALS && delta !== 0 && (b.toFixed(decimals) === a.toFixed(decimals) || Number(Math.abs(delta).toFixed(decimals)) === 0)) decimals++;
  const difference = delta === 0 ? '±0' : `${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(decimals)}`;
  return [b.toFixed(decimals), a.toFixed(decimals), difference];
}

/** Longest id shown; the whole id is in changes.csv. */
const MAX_SHOWN_CHARS = 60;

/** An id from an earlier run.json, safe to print (see printable.ts) and cut to {@link MAX_SHOWN_CHARS}. */
function shownId(text: string): string {
  return printable(text, MAX_SHOWN_CHARS);
}
