/**
 * Every file of a run folder, rendered in memory for the atomic write
 * (PRODUCT.md, "Output of a run"): the CSVs, the announcement emails, the
 * two reports, changes.csv after a re-run, and run.json last, since it
 * records how long the rest took. Nothing is written here.
 */
import { findOriginals, markRunRecord } from './anonymize-result.js';
import { describeGroups } from './describe-groups.js';
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { plural } from '../scoring/words.js';
import type { ReportContext } from './build-report-model.js';
import { buildRunRecord } from './build-run-record.js';
import type { MatchResult } from './match-result.js';
import {
  renderIneligibleCsv,
  renderGroupsCsv,
  renderMatchesCsv,
  renderRejectedCsv,
  renderScoreMatrixCsv,
  renderUnmatchedCsv,
} from './render-csv-outputs.js';
import { EMAILS_FOLDER } from './name-email-files.js';
import { renderEmails, type EmailNote } from './render-emails.js';
import { renderReportHtml } from './render-report-html.js';
import { renderReportMd } from './render-report-md.js';
import { renderChangesCsv } from './render-run-diff.js';
import type { RunDiff } from './run-diff.js';

/** What the files of a run need besides the result. */
export interface RunFilesContext {
  readonly program: ResolvedProgram;
  /** Package version recorded in run.json. */
  readonly version: string;
  /** The applications file's name without its folder, recorded in run.json. */
  readonly inputFile: string;
  readonly inputSha256: string;
  readonly counts: ReportContext['counts'];
  /** Warnings about the inputs, repeated in both reports and run.json. */
  readonly warnings: readonly string[];
  /** Past pairs and committee edits read, counted in run.json. */
  readonly pastPairs: number;
  readonly edits: number;
  /** The difference from an earlier run: changes.csv is written and both reports show it. */
  readonly diff?: RunDiff;
  /** Write rejected.csv (the run was allowed to skip unreadable rows). */
  readonly rejectedCsv: boolean;
  /** Write score-matrix.csv of this pool and matrix. */
  readonly scoreMatrix?: { readonly pool: ScoringPool; readonly matrix: ScoreMatrix };
  /** Milliseconds spent loading and matching, for run.json; rendering's own time is added. */
  readonly timingsMs: { readonly load: number; readonly match: number };
  /** Told after each step: every file is one, the emails together are one. */
  readonly progress?: (rendered: number, steps: number) => void;
  /**
   * The run is anonymized (`--anonymize`): `result` has already been
   * through anonymize-result.ts. No emails/ is written (messages are for
   * sending, and one to a pseudonym reaches nobody), run.json says so with
   * the pseudonym key's fingerprint, and every file is searched for the
   * names, emails, ids and free text of `originals` (the result before it
   * was anonymized): one found is an internal error, and nothing is written.
   */
  readonly anonymized?: { readonly keyId: string; readonly originals: MatchResult };
}

/** A run folder's contents and what rendering them noticed. */
export interface RunFiles {
  /** Path relative to the run folder (`emails/…` for the messages) → content. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * Warnings found while rendering (announcement emails that need staff
   * attention): counts only, never a name, an id or a file name, so they may
   * be logged. Already added to the reports' and run.json's warnings.
   */
  readonly warnings: readonly string[];
}

/** Renders every file of the run folder; see {@link RunFilesContext} for which optional ones. */
export function renderRunFiles(result: MatchResult, ctx: RunFilesContext): RunFiles {
  const started = performance.now();
  // Always: three CSVs, the emails, two reports, run.json.
  const groups = describeGroups(result);
  const grouped = ctx.program.shape.kind === 'group';
  const anonymized = ctx.anonymized;
  const steps = (anonymized === undefined ? 7 : 6) + (grouped ? 1 : 0) + (ctx.rejectedCsv ? 1 : 0) + (ctx.scoreMatrix !== undefined ? 1 : 0) + (ctx.diff !== undefined ? 1 : 0);
  let rendered = 0;
  const step = (): void => {
    rendered++;
    ctx.progress?.(rendered, steps);
  };
  ctx.progress?.(0, steps);

  const files = new Map<string, string>();
  const render = (name: string, text: string): void => {
    files.set(name, text);
    step();
  };
  render('matches.csv', renderMatchesCsv(result));
  render('unmatched.csv', renderUnmatchedCsv(result));
  render('ineligible.csv', renderIneligibleCsv(result));
  if (grouped) render('groups.csv', renderGroupsCsv(groups));
  if (ctx.rejectedCsv) render('rejected.csv', renderRejectedCsv(result));
  if (ctx.scoreMatrix !== undefined) render('score-matrix.csv', renderScoreMatrixCsv(ctx.scoreMatrix.pool, ctx.scoreMatrix.matrix));
  if (ctx.diff !== undefined) render('changes.csv', renderChangesCsv(ctx.diff));

  const notes: EmailNote[] = [];
  if (anonymized === undefined) {
    for (const [path, message] of renderEmails(result, ctx.program, { onNote: (note) => notes.push(note) })) files.set(path, message);
    step();
  }
  const emailWarning = describeEmailNotes(notes);
  const warnings = emailWarning === null ? [] : [emailWarning];
  const allWarnings = [...ctx.warnings, ...warnings];

  const report: ReportContext = {
    program: ctx.program,
    inputSha256: ctx.inputSha256,
    counts: ctx.counts,
    warnings: allWarnings,
    ...(ctx.diff !== undefined ? { diff: ctx.diff } : {}),
  };
  render('report.md', renderReportMd(result, report));
  render('report.html', renderReportHtml(result, report));
  const record = buildRunRecord(result, {
    program: ctx.program,
    version: ctx.version,
    inputFile: ctx.inputFile,
    inputSha256: ctx.inputSha256,
    counts: ctx.counts,
    warnings: allWarnings,
    pastPairs: ctx.pastPairs,
    edits: ctx.edits,
    timingsMs: { ...ctx.timingsMs, render: performance.now() - started },
  });
  render('run.json', anonymized === undefined ? record : markRunRecord(record, anonymized.keyId));
  if (anonymized !== undefined) {
    const found = findOriginals(files, anonymized.originals, [JSON.stringify(ctx.program)]);
    if (found !== null) {
      throw new Error(`--anonymize: an applicant's ${found.kind} is still in ${found.file} after anonymizing; nothing was written (please report this)`);
    }
  }
  return { files, warnings };
}

/**
 * One warning line for the messages that open with a note for staff, or
 * null when none does. It counts messages (one may carry two notes) and
 * names no file: file names are built from ids.
 */
export function describeEmailNotes(notes: readonly EmailNote[]): string | null {
  if (notes.length === 0) return null;
  const messages = new Set(notes.map((n) => n.file)).size;
  const recipient = new Set(notes.filter((n) => n.code === 'recipient_address_invalid').map((n) => n.file)).size;
  const match = new Set(notes.filter((n) => n.code === 'match_address_invalid').map((n) => n.file)).size;
  const why = [
    ...(recipient > 0 ? [`${recipient} without a usable address for its recipient (no To: line)`] : []),
    ...(match > 0 ? [`${match} introducing someone with no usable address`] : []),
  ];
  return `${plural(messages, 'announcement email')} in ${EMAILS_FOLDER}/ need${messages === 1 ? 's' : ''} staff attention before sending: ${why.join(', ')}; each opens with a note saying what to fix`;
}
