/**
 * What changed since an earlier run: the pairs this run makes that the
 * earlier one did not, the pairs it no longer makes, and the pairs of both
 * whose score moved. Typically the committee pinned or banned pairs and ran
 * again; the difference is what they review next.
 *
 * A pair is its two ids, whatever the input file: a run on an edited file is
 * still compared person by person (the summary says when the input differs).
 *
 * @example
 * const previous = readPreviousRun('out/sample-run');
 * if (previous.status === 'found') {
 *   const diff = diffRuns(previous.run, result);
 *   console.log(`${diff.added.length} added, ${diff.removed.length} removed`);
 * }
 */
import { compareIds } from '../scoring/compare-ids.js';
import type { MatchResult } from './match-result.js';
import type { PreviousRun } from './read-previous-run.js';
import type { DiffPair, RescoredPair, RunDiff } from './run-diff.js';

/**
 * Decimals a score is compared at: run.json keeps 4, so the current scores
 * are rounded the same way before comparing, and a re-run of the same input
 * shows no change however the last bits of a sum fell.
 */
export const SCORE_COMPARE_DECIMALS = 4;

const SCALE = 10 ** SCORE_COMPARE_DECIMALS;
const round = (n: number): number => Math.round(n * SCALE) / SCALE;

/**
 * Orders pairs by mentor id then mentee id, numbers in ids compared as
 * numbers ("M2" before "M10", as the run orders its pool). Ids the collator
 * finds equal ("M01", "M1") fall back to code units, so the order never
 * depends on the order pairs came in.
 */
export function comparePairIds(a: { readonly mentorId: string; readonly menteeId: string }, b: { readonly mentorId: string; readonly menteeId: string }): number {
  return compareIds(a.mentorId, b.mentorId) || compareIds(a.menteeId, b.menteeId);
}



/** A key naming one pair unambiguously, whatever characters the ids hold. */
const pairKey = (mentorId: string, menteeId: string): string => JSON.stringify([mentorId, menteeId]);

/**
 * The difference between `previous` (read back from its run.json) and this
 * run's `result`. Names come from the current result — everyone it accounts
 * for, matched or not — and are empty for a person no longer in the input.
 * Scores are rounded to {@link SCORE_COMPARE_DECIMALS} decimals, as run.json
 * records them. Nothing passed in is changed.
 */
export function diffRuns(previous: PreviousRun, result: MatchResult): RunDiff {
  const names = namesOf(result);
  const nameOf = (id: string): string => names.get(id) ?? '';

  const current = new Map<string, DiffPair>();
  for (const p of result.pairs) {
    current.set(pairKey(p.mentor.id, p.mentee.id), {
      mentorId: p.mentor.id,
      menteeId: p.mentee.id,
      mentorName: p.mentor.name,
      menteeName: p.mentee.name,
      score: round(p.score),
    });
  }

  const removed: DiffPair[] = [];
  const rescored: RescoredPair[] = [];
  const kept = new Set<string>();
  for (const p of previous.pairs) {
    const key = pairKey(p.mentorId, p.menteeId);
    const now = current.get(key);
    if (now === undefined) {
      removed.push({ mentorId: p.mentorId, menteeId: p.menteeId, mentorName: nameOf(p.mentorId), menteeName: nameOf(p.menteeId), score: round(p.score) });
      continue;
    }
    kept.add(key);
    const before = round(p.score);
    if (before !== now.score) rescored.push({ ...now, previousScore: before });
  }
  const added = [...current].filter(([key]) => !kept.has(key)).map(([, pair]) => pair);

  return {
    previous: { folder: previous.folder, inputSha256: previous.inputSha256, totalScore: previous.totalScore, pairs: previous.pairs.length },
    added: added.sort(comparePairIds),
    removed: removed.sort(comparePairIds),
    rescored: rescored.sort(comparePairIds),
    totalBefore: previous.totalScore,
    totalAfter: result.totalScore,
  };
}

/** Everyone the result accounts for, by id: the matched, the unmatched, the ineligible and readable rejected rows. */
function namesOf(result: MatchResult): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of result.rejected) if (r.id !== null && r.name !== null) names.set(r.id, r.name);
  for (const x of result.ineligible) names.set(x.applicant.id, x.applicant.name);
  for (const u of result.unmatched) names.set(u.applicant.id, u.applicant.name);
  for (const p of result.pairs) {
    names.set(p.mentor.id, p.mentor.name);
    names.set(p.mentee.id, p.mentee.name);
  }
  return names;
}
