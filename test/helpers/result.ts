/** Hand-built match results for renderer and diff tests. */
import type { MatchResult } from '../../runners/match-result.js';

/** A result with `parts` and empty everything else; the total is the sum of the pairs' scores unless given. */
export function resultOf(parts: Partial<MatchResult>): MatchResult {
  const pairs = parts.pairs ?? [];
  return {
    pairs,
    unmatched: [],
    ineligible: [],
    rejected: [],
    totalScore: pairs.reduce((s, p) => s + p.score, 0),
    solver: 'test',
    blockedPairs: {},
    roadsNotTaken: [],
    ...parts,
  };
}
