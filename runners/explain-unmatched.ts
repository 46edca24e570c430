/**
 * Why an eligible applicant was left out, from the actual constraint: no
 * eligible candidate (which rules and exclusions removed how many), every
 * candidate below the program's minimum score, or every candidate taken —
 * by whom, and what forcing the best of them would cost the total.
 */
import type { Applicant } from '../scoring/applicant.js';
import type { BlockReason, ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import type { RoadNotTaken, UnmatchedEntry } from './match-result.js';

/** Why a pair may not be made, in the committee's words. */
export const BLOCK_REASON_WORDS: Readonly<Record<BlockReason, string>> = {
  chain_of_command: 'in the same chain of command',
  same_department: 'in the same department',
  past_pair: 'paired in a past cycle',
  banned: 'kept apart by the committee',
  below_min_score: "scores below the program's minimum",
};

/** Explains one unmatched mentee (`index` a row) or mentor (`index` a column); `road` is their priced road not taken. */
export function explainUnmatched(
  pool: ScoringPool,
  matrix: ScoreMatrix,
  side: 'mentee' | 'mentor',
  index: number,
  road: RoadNotTaken | undefined,
): UnmatchedEntry {
  const applicant = (side === 'mentee' ? pool.mentees[index] : pool.mentors[index]) as Applicant;
  const others = side === 'mentee' ? pool.mentors.length : pool.mentees.length;
  const otherSide = side === 'mentee' ? 'mentors' : 'mentees';
  if (others === 0) {
    return { applicant, code: 'no_other_side', reason: `no eligible ${otherSide} in this cohort` };
  }
  const blockedBy: Partial<Record<BlockReason, number>> = {};
  let candidates = 0;
  for (let k = 0; k < others; k++) {
    const why = side === 'mentee' ? matrix.reasonBlocked(index, k) : matrix.reasonBlocked(k, index);
    if (why === null) candidates++;
    else blockedBy[why] = (blockedBy[why] ?? 0) + 1;
  }
  if (candidates === 0) {
    const excluded = Object.keys(blockedBy).some((why) => why !== 'below_min_score');
    const counts = Object.entries(blockedBy) as [BlockReason, number][];
    if (!excluded) {
      return { applicant, code: 'below_min_score', reason: `every one of the ${others} eligible ${otherSide} scores below the program's minimum` };
    }
    const blockedText = counts
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([why, n]) => `${n} ${BLOCK_REASON_WORDS[why]}`)
      .join(', ');
    return { applicant, code: 'no_eligible_candidate', reason: `no eligible candidate among ${others} ${otherSide}: ${blockedText}` };
  }
  const best = road?.alternatives[0];
  let detail = '';
  if (best !== undefined) {
    const taken = best.heldBy.length > 0 ? `is matched with ${best.heldBy.map((a) => a.id).join(', ')}` : 'is not matched';
    const cost =
      best.drop !== null
        ? `; forcing that pair would lower the total by ${best.drop.toFixed(1)}`
        : best.bound !== null
          ? `; forcing that pair would lower the total by at least ${best.bound.toFixed(1)}`
          : '';
    detail = `; the best for them, ${best.other.id} (score ${best.score.toFixed(1)}), ${taken}${cost}`;
  }
  return {
    applicant,
    code: 'candidates_taken',
    reason: `all ${candidates} possible ${otherSide} went to others in the best overall assignment${detail}`,
  };
}
