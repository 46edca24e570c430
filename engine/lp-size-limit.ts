/**
 * How large a problem the LP path takes. javascript-lp-solver keeps a dense
 * simplex tableau of (constraints + 1) × (variables + 1) doubles, and branch
 * and bound keeps a second copy of it, so memory and time grow with that
 * product — at 1000 mentees × 400 mentors it took 11 s and 4.7 GB. We refuse
 * such a problem up front, with a message that says what to change, instead
 * of running out of memory.
 */
import type { SideConstraints } from './side-constraints.js';

/**
 * Largest tableau (constraints × variables cells) the LP path builds.
 *
 * Measured with `/usr/bin/time -v` on this project's machine (2 cores,
 * Node 20, one process per run, ~95 MB of it Node and tsx alone): dense
 * random scores, capacities 1–3, rows may stay unmatched; "min" puts a
 * minimum group size of 2 on every mentor, "quota" caps same-department
 * pairs (a quarter of all pairs, scored higher) at 30%.
 *
 * | cohort    | side constraints | cells | time     | peak RSS |
 * |-----------|------------------|-------|----------|----------|
 * | 150 × 60  | none             | 1.9 M | 1.4 s    | 119 MB   |
 * | 170 × 70  | none             | 2.9 M | 2.1 s    | 130 MB   |
 * | 200 × 80  | none             | 4.5 M | 5.3 s    | 166 MB   |
 * | 300 × 120 | none             | 15 M  | 33 s     | 255 MB   |
 * | 400 × 160 | none             | 36 M  | > 60 s   | 448 MB   |
 * | 120 × 50  | min              | 1.9 M | 0.8 s    | 103 MB   |
 * | 150 × 60  | min              | 3.5 M | 5.3 s    | 109 MB   |
 * | 200 × 80  | min              | 8.4 M | 59 s     | 145 MB   |
 * | 100 × 40  | min + quota      | 1.1 M | 9.7 s    | 99 MB    |
 * | 50 × 20   | quota            | 72 k  | 1.5 s, > 20 s on 2 of 3 seeds | ~100 MB |
 * | 80 × 30   | quota            | 0.3 M | > 120 s  | 140 MB   |
 *
 * Time, not memory, binds first: the first LP relaxation grows roughly as
 * cells^1.5, and well before 1 GB it takes minutes. 4 M cells keeps that
 * relaxation to about 5 s (150 × 60 with minimum group sizes). Quotas make
 * branch and bound, not the tableau, the cost — they can exhaust the time
 * limit (`LP_DEFAULT_TIMEOUT_MS` in solve-lp.ts) far below this size, which
 * then ends in a clear `invalid` rather than a hang.
 */
export const LP_MAX_TABLEAU_CELLS = 4_000_000;

/**
 * Cells of the tableau `solveLp` would build for a `rows × cols`
 * problem with `allowedCount` allowed pairs: one constraint per row (two
 * when every row must be placed: an equality is two inequalities), one per
 * column, two more plus a 0/1 bound for each column with a minimum group
 * size, one per quota below share 1; one variable per allowed pair plus an
 * "opens" variable per column with a minimum. An upper bound: the solver
 * drops pairs no assignment can use before it builds the model.
 */
export function lpTableauCells(rows: number, cols: number, allowedCount: number, sc: SideConstraints, rowsMayStayUnmatched = true): number {
  let minColumns = 0;
  const mins = sc.minPerColumn;
  if (mins !== undefined) for (let j = 0; j < mins.length; j++) if ((mins[j] as number) > 1) minColumns++;
  const quotas = (sc.quotas ?? []).filter((q) => q.maxShare < 1).length;
  const constraints = rows * (rowsMayStayUnmatched ? 1 : 2) + cols + 3 * minColumns + quotas;
  const variables = allowedCount + minColumns;
  return (constraints + 1) * (variables + 1);
}

/**
 * Why the LP path cannot take this problem, or null when it can: checked
 * before any model is built, so a cohort too large for it is refused in
 * words (naming {@link LP_MAX_TABLEAU_CELLS} and this cohort's size) rather
 * than by a crash or a multi-gigabyte heap.
 */
export function lpCannotTake(rows: number, cols: number, allowedCount: number, sc: SideConstraints, rowsMayStayUnmatched = true): string | null {
  const cells = lpTableauCells(rows, cols, allowedCount, sc, rowsMayStayUnmatched);
  if (cells <= LP_MAX_TABLEAU_CELLS) return null;
  const n = (x: number): string => x.toLocaleString('en-US');
  const hasMin = (sc.minPerColumn ?? []).some((m) => m > 1);
  const hasQuota = (sc.quotas ?? []).some((q) => q.maxShare < 1);
  const drop =
    hasMin && hasQuota
      ? 'drop the minimum group size or the quotas'
      : hasMin
        ? 'drop the minimum group size'
        : hasQuota
          ? 'drop the quota'
          : 'match without the LP (this cohort sets no minimum group size or quota)';
  return (
    `the LP solver (needed for min group size / quotas) takes at most ${n(LP_MAX_TABLEAU_CELLS)} tableau cells (variables × constraints); ` +
    `this cohort needs ${n(cells)} (${n(rows)} mentees × ${n(cols)} mentors, ${n(allowedCount)} allowed pairs). ` +
    `Raise min_score, split the cohort, or ${drop}.`
  );
}
