/**
 * run.json: everything about a run, machine-readable — the resolved config,
 * the input's SHA-256, the version, the solver and objective, every pair with
 * its factor breakdown, everyone left out with the reason, and timings.
 * Timings are the only part that changes between identical runs.
 */
import type { ResolvedProgram } from '../scoring/program.js';
import type { MatchResult } from './match-result.js';

/** What run.json records besides the result. */
export interface RunRecordContext {
  readonly program: ResolvedProgram;
  readonly version: string;
  readonly inputFile: string;
  readonly inputSha256: string;
  readonly counts: { readonly applicants: number; readonly mentors: number; readonly mentees: number };
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  readonly pastPairs: number;
  readonly edits: number;
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/** Renders run.json (stable key order, 2-space indent). */
export function buildRunRecord(result: MatchResult, ctx: RunRecordContext): string {
  const record = {
    tool: 'mentor-match',
    version: ctx.version,
    input: { file: ctx.inputFile, sha256: ctx.inputSha256, ...ctx.counts, past_pairs: ctx.pastPairs, edits: ctx.edits },
    warnings: ctx.warnings,
    program: ctx.program,
    solver: result.solver,
    objective: round4(result.totalScore),
    counts: {
      pairs: result.pairs.length,
      unmatched: result.unmatched.length,
      ineligible: result.ineligible.length,
      rejected: result.rejected.length,
    },
    blocked_pairs: result.blockedPairs,
    pairs: result.pairs.map((p) => ({
      mentor_id: p.mentor.id,
      mentee_id: p.mentee.id,
      score: round4(p.score),
      choice_rank: p.choiceRank,
      pinned: p.pinned,
      factors: p.contributions.map((c) => ({
        factor: c.factor,
        value: round4(c.value),
        weight: c.weight,
        points: round4(c.points),
        reason: c.reason,
      })),
    })),
    unmatched: result.unmatched.map((u) => ({ id: u.applicant.id, role: u.applicant.role, code: u.code, reason: u.reason })),
    ineligible: result.ineligible.map((x) => ({ id: x.applicant.id, role: x.applicant.role, failures: x.failures })),
    rejected: result.rejected.map((r) => ({ row: r.row, id: r.id, problems: r.problems.map((p) => ({ code: p.code, column: p.column ?? null })) })),
    timings_ms: Object.fromEntries(Object.entries(ctx.timingsMs).map(([k, v]) => [k, Math.round(v * 10) / 10])),
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}
