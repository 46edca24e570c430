/**
 * report.md: the committee's report as plain text — printable, pasteable
 * into an email or a wiki. Applicant text is escaped so a name can never
 * become a link, an image or a broken table.
 */
import { FACTOR_NAMES, type ResolvedProgram } from '../scoring/program.js';
import type { MatchResult } from './match-result.js';
import { ordinal } from '../scoring/words.js';
import { pairReasons } from './render-csv-outputs.js';

/** Escapes text for a Markdown table cell or paragraph. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^[-+#]/, (c) => `\\${c}`);
}

/** What the report needs besides the result. */
export interface ReportContext {
  readonly program: ResolvedProgram;
  /** SHA-256 of the applications file, so a printed report names its input. */
  readonly inputSha256: string;
  readonly counts: { readonly applicants: number; readonly mentors: number; readonly mentees: number };
  /** What the run noticed in its inputs that did not stop it (never quotes an applicant's answer). */
  readonly warnings: readonly string[];
}

/** Renders report.md. */
export function renderReportMd(result: MatchResult, ctx: ReportContext): string {
  const { program } = ctx;
  const e = escapeMarkdown;
  const lines: string[] = [];
  const matchedPeople = new Set(result.pairs.flatMap((p) => [p.mentor.id, p.mentee.id])).size;
  lines.push(`# ${e(program.name)}: proposed matches`, '');
  lines.push(`Input SHA-256 \`${ctx.inputSha256}\`; solver ${result.solver}; total score ${result.totalScore.toFixed(1)}.`, '');
  lines.push('## Summary', '');
  lines.push('| | count |', '|---|---:|');
  lines.push(`| applicants | ${ctx.counts.applicants} (${ctx.counts.mentors} mentors, ${ctx.counts.mentees} mentees) |`);
  lines.push(`| pairs | ${result.pairs.length} |`);
  lines.push(`| matched people | ${matchedPeople} |`);
  lines.push(`| unmatched | ${result.unmatched.length} |`);
  lines.push(`| ineligible | ${result.ineligible.length} |`);
  lines.push(`| rejected rows | ${result.rejected.length} |`);
  const ranks = [0, 0, 0, 0];
  for (const p of result.pairs) ranks[p.choiceRank === null ? 0 : Math.min(p.choiceRank, 3)]! += 1;
  if (result.pairs.some((p) => p.choiceRank !== null)) {
    lines.push(`| mentees given their 1st / 2nd / 3rd choice | ${ranks[1]} / ${ranks[2]} / ${ranks[3]} |`);
  }
  lines.push('');

  if (ctx.warnings.length > 0) {
    lines.push('## Warnings about the input', '');
    for (const w of ctx.warnings) lines.push(`- ${e(w)}`);
    lines.push('');
  }

  lines.push('## Pairs', '');
  lines.push('| mentor | mentee | score | choice | why |', '|---|---|---:|---|---|');
  for (const p of result.pairs) {
    lines.push(
      `| ${e(p.mentor.name)} (${e(p.mentor.id)}) | ${e(p.mentee.name)} (${e(p.mentee.id)}) | ${p.score.toFixed(1)} | ${p.choiceRank === null ? '–' : ordinal(p.choiceRank)} | ${e(pairReasons(p))} |`,
    );
  }
  lines.push('');

  lines.push('## Score breakdown per pair', '');
  for (const p of result.pairs) {
    lines.push(`### ${e(p.mentor.name)} and ${e(p.mentee.name)}: ${p.score.toFixed(1)}`, '');
    lines.push('| factor | value | weight | points | reason |', '|---|---:|---:|---:|---|');
    for (const c of p.contributions) {
      lines.push(`| ${c.factor.replaceAll('_', ' ')} | ${c.value.toFixed(2)} | ${c.weight} | ${c.points.toFixed(1)} | ${e(c.reason)} |`);
    }
    lines.push('');
  }

  lines.push('## Left out', '');
  if (result.unmatched.length === 0) lines.push('Every eligible applicant has a match.');
  else {
    lines.push('| applicant | role | reason |', '|---|---|---|');
    for (const u of result.unmatched) lines.push(`| ${e(u.applicant.name)} (${e(u.applicant.id)}) | ${u.applicant.role} | ${e(u.reason)} |`);
  }
  lines.push('');

  lines.push('## Not eligible', '');
  if (result.ineligible.length === 0) lines.push('Every applicant met the eligibility rules.');
  else {
    lines.push('| applicant | role | rules not met |', '|---|---|---|');
    for (const x of result.ineligible) {
      lines.push(`| ${e(x.applicant.name)} (${e(x.applicant.id)}) | ${x.applicant.role} | ${e(x.failures.map((f) => f.detail).join('; '))} |`);
    }
  }
  lines.push('');

  if (result.rejected.length > 0) {
    lines.push('## Rows that could not be read', '');
    lines.push('| row | problems |', '|---:|---|');
    for (const r of result.rejected) lines.push(`| ${r.row} | ${e(r.problems.map((p) => `${p.column ?? ''}: ${p.expected}`).join('; '))} |`);
    lines.push('');
  }

  lines.push('## Settings', '');
  lines.push('| factor | weight |', '|---|---:|');
  for (const f of FACTOR_NAMES) lines.push(`| ${f.replaceAll('_', ' ')} | ${program.weights[f]} |`);
  lines.push('');
  lines.push(`Minimum score ${program.minScore}. Shape: ${program.shape.kind.replaceAll('_', ' ')}.`);
  const blocked = Object.entries(result.blockedPairs).sort(([a], [b]) => a.localeCompare(b));
  if (blocked.length > 0) lines.push(`Pairs never considered: ${blocked.map(([k, n]) => `${n} ${k.replaceAll('_', ' ')}`).join(', ')}.`);
  lines.push('');
  return lines.join('\n');
}
