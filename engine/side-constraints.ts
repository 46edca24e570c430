/**
 * Side constraints an assignment alone cannot express: a minimum group size
 * per column (a mentor who takes anyone takes at least m mentees) and quotas
 * capping the share of pairs that may fall in a labelled set (for example
 * pairs inside one department). Problems that carry any of them are solved
 * by the LP path (see `solve-lp.ts`); the shortest-path solver ignores them.
 */
import type { AssignmentProblem } from './assignment-problem.js';

/** Constraints on an assignment beyond row uniqueness, capacities and forbidden pairs. */
export interface SideConstraints {
  /** Per column: a column that takes anyone takes at least this many rows (group mentoring's minimum group size); 0 or 1 means no minimum. */
  readonly minPerColumn?: Int32Array;
  /**
   * Per column: 1 when the column is open whatever the solver does (the
   * committee pinned rows to it before the solve), so its `minPerColumn`
   * must be met, not "0 or at least the minimum". Absent: none is.
   */
  readonly openColumns?: Uint8Array;
  /** Caps on labelled sets of pairs: of all pairs made, at most `maxShare` may lie in the set (for example pairs inside one department). */
  readonly quotas?: readonly Quota[];
}

/** A labelled set of pairs and the largest share of all pairs made that may lie in it. */
export interface Quota {
  /** How the set is named to a program officer, e.g. "same department". */
  readonly name: string;
  /** rows×cols, 1 = pair in the set */
  readonly pairs: Uint8Array;
  /** 0..1 */
  readonly maxShare: number;
}

/**
 * Slack when comparing a pair count with `maxShare × total`: the counts are
 * integers, so this only absorbs the rounding of the product (0.3 × 10 is
 * not exactly 3 in binary floating point).
 */
export const QUOTA_SLACK = 1e-9;

/** Whether `inSet` pairs out of `total` made respect a cap of `maxShare` (see {@link QUOTA_SLACK}). */
export function withinQuota(inSet: number, total: number, maxShare: number): boolean {
  return inSet <= maxShare * total + QUOTA_SLACK;
}

/** True when `sc` constrains anything: some column minimum above 1, or any quota. */
export function hasSideConstraints(sc: SideConstraints): boolean {
  if ((sc.quotas?.length ?? 0) > 0) return true;
  const mins = sc.minPerColumn;
  if (mins !== undefined) for (let j = 0; j < mins.length; j++) if ((mins[j] as number) > 1 || (isOpen(sc, j) && (mins[j] as number) > 0)) return true;
  return false;
}

/** Whether column `j` is open before the solve (see {@link SideConstraints.openColumns}). */
export function isOpen(sc: SideConstraints, j: number): boolean {
  return sc.openColumns !== undefined && sc.openColumns[j] === 1;
}

/**
 * Checks `sc` against `problem`'s sizes; returns a reason when it cannot be
 * used (arrays of the wrong length, a negative minimum, a share outside
 * [0, 1] or not finite, a pair mark other than 0 or 1), or null. A minimum
 * above the column's capacity is allowed: that column simply cannot open.
 */
export function checkSideConstraints(problem: AssignmentProblem, sc: SideConstraints): string | null {
  const { rows, cols } = problem;
  const mins = sc.minPerColumn;
  if (mins !== undefined) {
    if (mins.length !== cols) return `minPerColumn has ${mins.length} entries; expected cols = ${cols}`;
    for (let j = 0; j < cols; j++) {
      if ((mins[j] as number) < 0) return `column ${j} has minimum group size ${mins[j]}; expected 0 or more`;
    }
  }
  if (sc.openColumns !== undefined && sc.openColumns.length !== cols) return `openColumns has ${sc.openColumns.length} entries; expected cols = ${cols}`;
  const quotas = sc.quotas ?? [];
  for (let q = 0; q < quotas.length; q++) {
    const quota = quotas[q] as Quota;
    const label = quota.name === '' ? `quota ${q}` : `quota "${quota.name}"`;
    if (quota.pairs.length !== rows * cols) {
      return `${label} marks ${quota.pairs.length} pairs; expected rows × cols = ${rows * cols}`;
    }
    if (!Number.isFinite(quota.maxShare) || quota.maxShare < 0 || quota.maxShare > 1) {
      return `${label} has share ${quota.maxShare}; expected a number from 0 to 1`;
    }
    for (let k = 0; k < quota.pairs.length; k++) {
      const mark = quota.pairs[k] as number;
      if (mark !== 0 && mark !== 1) return `${label} marks pair ${k} with ${mark}; expected 0 or 1`;
    }
  }
  return null;
}
