/**
 * Why an eligible applicant was left out, from the actual constraint: no
 * eligible candidate (which rules and exclusions removed how many), every
 * candidate below the program's minimum score, every place of every
 * candidate pinned by the committee, a tie (an equally good assignment
 * would include them), or every candidate taken — by whom, and what
 * forcing the best of them would cost the total.
 */
import type { Applicant } from '../scoring/applicant.js';
import type { BlockReason, ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { describeForcingCost, TIE_TOLERANCE } from './describe-cost.js';
import type { RoadNotTaken, UnmatchedEntry } from './match-result.js';

/** Why a pair may not be made, in the committee's words. */
export const BLOCK_REASON_WORDS: Readonly<Record<BlockReason, string>> = {
  chain_of_command: 'in the same chain of command',
  same_department: 'in the same department',
  past_pair: 'paired in a past cycle',
  banned: 'kept apart by the committee',
  below_min_score: "scores below the program's minimum",
};

/** What besides the scores decided who was left out. */
export interface UnmatchedContext {
  /** Each mentor's places left once the committee's pins are placed. */
  readonly placesLeft: Int32Array;
  /** Mentees the committee pinned. */
  readonly pinnedIds: ReadonlySet<string>;
  /** Whether a minimum group size or quotas shaped the assignment (the integer program). */
  readonly sideConstraints: boolean;
  /**
   * Per mentor (or team): the fewest mentees left to place for their group
   * to run (the program's minimum group size less the pins), or null when
   * there is no minimum. A group whose places left fall short never runs.
   */
  readonly minLeft: Int32Array | null;
  /** Whether the matching maximises the total score (false: deferred acceptance or objectives in priority order). */
  readonly bestTotal: boolean;
}

/** Explains one unmatched mentee (`index` a row) or mentor (`index` a column); `road` is their priced road not taken. */
export function explainUnmatched(
  pool: ScoringPool,
  matrix: ScoreMatrix,
  side: 'mentee' | 'mentor',
  index: number,
  road: RoadNotTaken | undefined,
  constraints: UnmatchedContext,
): UnmatchedEntry {
  const applicant = (side === 'mentee' ? pool.mentees[index] : pool.mentors[index]) as Applicant;
  const others = side === 'mentee' ? pool.mentors.length : pool.mentees.length;
  const otherSide = side === 'mentee' ? (pool.teams === undefined ? 'mentors' : 'groups') : 'mentees';
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
  const tooSmall = (j: number): boolean => constraints.minLeft !== null && (constraints.placesLeft[j] as number) < (constraints.minLeft[j] as number);
  if (side === 'mentor' && tooSmall(index)) {
    const group = pool.teams !== undefined ? 'their group' : 'they';
    return {
      applicant,
      code: 'group_cannot_run',
      reason: `${group} can take at most ${constraints.placesLeft[index]} more mentee${constraints.placesLeft[index] === 1 ? '' : 's'} (capacity), fewer than the ${constraints.minLeft?.[index]} the program's minimum group size asks for`,
    };
  }
  if (side === 'mentee') {
    let open = 0;
    let runnable = 0;
    for (let j = 0; j < others; j++) {
      if (matrix.allowed[index * others + j] !== 1 || (constraints.placesLeft[j] as number) === 0) continue;
      open++;
      if (!tooSmall(j)) runnable++;
    }
    if (open === 0) {
      return { applicant, code: 'candidates_taken', reason: `every place of all ${candidates} possible ${otherSide} is pinned by the committee` };
    }
    if (runnable === 0) {
      return { applicant, code: 'group_cannot_run', reason: `none of the ${candidates} possible ${otherSide} can run: each can take fewer mentees than the program's minimum group size` };
    }
  }
  const best = road?.alternatives[0];
  const rule = constraints.sideConstraints
    ? " or could not take them within the program's minimum group size and quotas"
    : '';
  if (best === undefined) {
    return { applicant, code: 'candidates_taken', reason: `all ${candidates} possible ${otherSide} went to others in the ${constraints.bestTotal ? 'best overall assignment' : 'chosen matching'}${rule}` };
  }
  // Any alternative that costs nothing makes it a tie, whichever scores best.
  const free = road?.alternatives.find((a) => a.drop !== null && a.drop <= TIE_TOLERANCE);
  if (free !== undefined) {
    return {
      applicant,
      code: 'candidates_taken',
      reason: `the best overall assignment is not unique: one just as good pairs them with ${free.other.id} (score ${free.score.toFixed(1)}); the committee may pin that pair at no cost to the total`,
    };
  }
  const who = `${side === 'mentee' && pool.teams !== undefined ? 'the group led by ' : ''}${best.other.id} (score ${best.score.toFixed(1)})`;
  const taken = best.heldBy.length > 0 ? `is matched with ${best.heldBy.map((a) => a.id).join(', ')}` : 'is not matched';
  const pinned =
    side === 'mentee'
      ? (constraints.placesLeft[pool.mentors.indexOf(best.other)] ?? 1) === 0
        ? ' (every place pinned by the committee)'
        : ''
      : best.heldBy.length > 0 && constraints.pinnedIds.has(best.other.id)
        ? ' (pinned by the committee)'
        : '';
  const cost = best.drop === null && best.bound === null ? '' : `; ${describeForcingCost(best, 'that pair')}`;
  return {
    applicant,
    code: 'candidates_taken',
    reason: `all ${candidates} possible ${otherSide} went to others in the ${constraints.bestTotal ? 'best overall assignment' : 'chosen matching'}${rule}; the best for them, ${who}, ${taken}${pinned}${cost}`,
  };
}
