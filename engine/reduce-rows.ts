/**
 * Jonker–Volgenant "augmenting row reduction": a cheap start for the
 * shortest-path solver. Each free row takes the column with the smallest
 * reduced cost; when the runner-up is strictly worse, that column's price
 * drops by the difference, so the row stays attached and a displaced row
 * tries again. Two passes place most rows of a dense problem in O(n · width)
 * each, leaving few rows for the expensive Dijkstra searches.
 *
 * Works on the solver's internal view (minimise cost = −gain; slots for
 * capacities; an optional private "unmatched" column per row) and keeps the
 * invariants the search needs: every reduced cost ≥ 0 against the row duals
 * it returns, and every pair it makes tight.
 */

/** The solver's internal view of a problem, shared by its phases. */
export interface SlotView {
  readonly rows: number;
  readonly cols: number;
  readonly gains: Float64Array;
  readonly allowed: Uint8Array | undefined;
  /** Real column of each slot (a column of capacity c has c slots). */
  readonly slotCol: Int32Array;
  readonly slots: number;
  /** Whether row i owns a zero-cost "unmatched" column at index slots + i. */
  readonly optional: boolean;
  /**
   * Candidate lists (CSR: row i may take slots `col[start[i] .. start[i+1])`);
   * omitted, every row may take every slot.
   */
  readonly lists?: { readonly start: Int32Array; readonly col: Int32Array };
}

/** How many reduction passes run; JV's own choice, a measured sweet spot. */
export const ROW_REDUCTION_PASSES = 2;

/**
 * Runs the passes, filling `col4row`, `row4col`, `u` and `v` in place (all
 * fresh arrays owned by the solver). Rows left free have `col4row = -1`.
 */
export function reduceRows(view: SlotView, col4row: Int32Array, row4col: Int32Array, u: Float64Array, v: Float64Array): void {
  const { rows: n, cols, gains, allowed, slotCol, slots, optional, lists } = view;
  let free = Int32Array.from({ length: n }, (_, i) => i);
  let numFree = n;
  let next = new Int32Array(n);

  for (let pass = 0; pass < ROW_REDUCTION_PASSES && numFree > 0; pass++) {
    let numNext = 0;
    let k = 0;
    // A row may be displaced and retried within a pass; bound the work so
    // a long ping-pong between equal columns cannot dominate.
    let budget = 4 * n + 16;
    while (k < numFree && budget-- > 0) {
      const i = free[k++] as number;
      const base = i * cols;
      let best = Infinity;
      let bestCol = -1;
      let second = Infinity;
      // Also remember a free column at the best value: with tied scores
      // (the common case) the row takes it instead of displacing someone.
      let bestFree = -1;
      const from = lists === undefined ? 0 : (lists.start[i] as number);
      const to = lists === undefined ? slots : (lists.start[i + 1] as number);
      for (let e = from; e < to; e++) {
        const s = lists === undefined ? e : (lists.col[e] as number);
        const at = base + (slotCol[s] as number);
        if (allowed !== undefined && allowed[at] !== 1) continue;
        const h = -(gains[at] as number) - (v[s] as number);
        if (h < second) {
          if (h >= best) {
            second = h;
            if (h === best && bestFree === -1 && row4col[s] === -1) bestFree = s;
          } else {
            second = best;
            best = h;
            bestCol = s;
            bestFree = row4col[s] === -1 ? s : -1;
          }
        } else if (h === best && bestFree === -1 && row4col[s] === -1) {
          bestFree = s;
        }
      }
      if (optional) {
        const d = slots + i;
        const h = -(v[d] as number);
        if (h < second) {
          if (h >= best) {
            second = h;
            if (h === best && bestFree === -1) bestFree = d;
          } else {
            second = best;
            best = h;
            bestCol = d;
            bestFree = d;
          }
        } else if (h === best && bestFree === -1) {
          bestFree = d;
        }
      }
      if (bestCol === -1) continue; // nothing allowed: the search will say infeasible
      let j = bestCol;
      let displaced = row4col[j] as number;
      const strict = best < second;
      // Only row i can take its own "unmatched" column, so it never needs a
      // lower price to keep it, and keeping it at 0 lets a later warm
      // re-solve free it without repricing.
      if (strict && second !== Infinity && j < slots) {
        v[j] = (v[j] as number) - (second - best);
      } else if (displaced !== -1 && bestFree !== -1) {
        // A tie: take a free column of the same value rather than displace someone.
        j = bestFree;
        displaced = -1;
      }
      col4row[i] = j;
      row4col[j] = i;
      if (displaced !== -1) {
        col4row[displaced] = -1;
        if (strict && second !== Infinity) free[--k] = displaced;
        else next[numNext++] = displaced;
      }
    }
    // Rows still waiting in this pass (budget ran out) go to the next one.
    for (; k < numFree; k++) next[numNext++] = free[k] as number;
    [free, next] = [next, free];
    numFree = numNext;
  }

  // Row duals that make every assigned pair tight. Reduced costs stay ≥ 0:
  // prices only ever dropped, and each row took its cheapest column.
  for (let i = 0; i < n; i++) {
    const s = col4row[i] as number;
    if (s === -1) u[i] = 0;
    else if (s >= slots) u[i] = -(v[s] as number);
    else u[i] = -(gains[i * cols + (slotCol[s] as number)] as number) - (v[s] as number);
  }
}
