/**
 * run.json: everything about a run, machine-readable — the resolved config,
 * the input's SHA-256, the version, the solver and objective, every pair with
 * its factor breakdown, every mentee's road not taken (alternatives with
 * the exact drop and its bound), everyone left out with the reason, the
 * people (id, role, name, email: what `explain` looks them up by), and
 * timings.
 * Timings are the only part that changes between identical runs.
 */
import { compareIds } from '../scoring/compare-ids.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';
import type { MatchResult, MatchingSummary } from './match-result.js';
import { round4 } from './write-csv.js';

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


/** A matching's summary as run.json writes it. */
function summaryRecord(m: MatchingSummary): { pairs: number; total_score: number; worst_score: number | null } {
  return { pairs: m.pairs, total_score: round4(m.totalScore), worst_score: m.worstScore === null ? null : round4(m.worstScore) };
}

/**
 * Orders ids with numbers compared as numbers ("M2" before "M10"), and
 * ids the collator calls equal ("M-01" and "M-1", "é" composed and
 * decomposed) by their code units: a total order, so the list never
 * depends on the order of the input rows.
 */


/** Everyone the result accounts for, by id: who `explain` can be asked about (by id or email). */
function peopleOf(result: MatchResult): { id: string; role: string; name: string; email: string }[] {
  const byId = new Map<string, Applicant>();
  for (const p of result.pairs) {
    byId.set(p.mentor.id, p.mentor);
    byId.set(p.mentee.id, p.mentee);
    for (const co of p.group?.coMentors ?? []) byId.set(co.id, co);
  }
  for (const u of result.unmatched) byId.set(u.applicant.id, u.applicant);
  for (const x of result.ineligible) byId.set(x.applicant.id, x.applicant);
  return [...byId.values()]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((a) => ({ id: a.id, role: a.role, name: a.name, email: a.email }));
}

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
    people: peopleOf(result),
    pairs: result.pairs.map((p) => ({
      mentor_id: p.mentor.id,
      // Group runs only: the group, its other mentors, and how the team was formed.
      ...(p.group === undefined ? {} : { group: p.group.id, co_mentor_ids: p.group.coMentors.map((m) => m.id), team: p.group.origin }),
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
    roads_not_taken: result.roadsNotTaken.map((r) => ({
      id: r.applicant.id,
      role: r.applicant.role,
      alternatives: r.alternatives.map((a) => ({
        id: a.other.id,
        score: round4(a.score),
        choice_rank: a.choiceRank,
        held_by: a.heldBy.map((h) => h.id),
        drop: a.drop === null ? null : round4(a.drop),
        bound: a.bound === null ? null : round4(a.bound),
      })),
      note: r.note,
    })),
    stability:
      result.stability === undefined
        ? null
        : {
            blocking_pairs: result.stability.blockingPairCount,
            listed: result.stability.blockingPairs.map((b) => ({ mentor_id: b.mentor.id, mentee_id: b.mentee.id, score: round4(b.score) })),
            chosen: summaryRecord(result.stability.chosen),
            deferred_acceptance: summaryRecord(result.stability.deferredAcceptance),
            ...(result.stability.note === undefined ? {} : { note: result.stability.note }),
          },
    sensitivity:
      result.sensitivity === undefined
        ? null
        : {
            rows: result.sensitivity.rows.map((r) => ({ factor: r.factor, weight: r.weight, pairs_changed_down: r.pairsChangedDown, pairs_changed_up: r.pairsChangedUp })),
            note: result.sensitivity.note,
          },
    unmatched: result.unmatched.map((u) => ({ id: u.applicant.id, role: u.applicant.role, code: u.code, reason: u.reason })),
    ineligible: result.ineligible.map((x) => ({ id: x.applicant.id, role: x.applicant.role, failures: x.failures })),
    rejected: result.rejected.map((r) => ({ row: r.row, id: r.id, problems: r.problems.map((p) => ({ code: p.code, column: p.column ?? null })) })),
    timings_ms: Object.fromEntries(Object.entries(ctx.timingsMs).map(([k, v]) => [k, Math.round(v * 10) / 10])),
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}
