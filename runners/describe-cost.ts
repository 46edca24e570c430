/**
 * What forcing a pair would cost, in the committee's words — one wording
 * for report.html, report.md, unmatched reasons and `explain`, so the same
 * numbers never read differently in two places.
 */

/** Below this a drop in the total counts as none: scores are sums of floats, and a tie is a tie. */
export const TIE_TOLERANCE = 1e-9;

/** A price of forcing a pair: the exact drop and its dual bound, either of which may be missing. */
export interface ForcingCost {
  readonly drop: number | null;
  readonly bound: number | null;
}

/** A non-negative amount with one decimal that never reads "0.0" for something above zero nor "-0.0". */
function amount(value: number): string {
  const shown = Math.max(0, value).toFixed(1);
  return shown === '0.0' && value > TIE_TOLERANCE ? 'less than 0.1' : shown;
}

/**
 * "forcing it would lower the total by 3.4 (bound 2.9)", "… by at least
 * 2.9", "forcing it would not lower the total (an equally good assignment
 * has it)", or "cost of forcing it not computed".
 */
export function describeForcingCost(cost: ForcingCost, subject = 'it'): string {
  const bound = cost.bound === null ? '' : ` (bound ${amount(cost.bound)})`;
  if (cost.drop === null) {
    return cost.bound === null ? `cost of forcing ${subject} not computed` : `forcing ${subject} would lower the total by at least ${amount(cost.bound)}`;
  }
  if (cost.drop <= TIE_TOLERANCE) return `forcing ${subject} would not lower the total (an equally good assignment has it)${bound}`;
  return `forcing ${subject} would lower the total by ${amount(cost.drop)}${bound}`;
}
