/**
 * The road not taken, priced: how much the best total falls if one pair the
 * optimum did not make were forced, everyone else re-matched at their best.
 *
 * Two numbers per pair (i, j):
 * - the **bound**, the dual reduced cost `row[i] + col[j] − gain(i, j)`:
 *   free, and a lower bound on the drop (LP duality);
 * - the **exact drop** = bound + the shortest path from column j back to
 *   row i in the optimum's residual network, priced by the same duals.
 *
 * Why that is exact: see the problem as a min-cost flow (a source feeds
 * each row one unit; row → column arcs for the allowed pairs; columns drain
 * into a sink T up to their capacity; a row that may stay unmatched drains
 * into T directly). Any assignment holding (i, j) differs from the optimum
 * by a circulation in the residual network; the cycle through the arc
 * (i, j) costs at least bound + dist(j ⇝ i), and every other cycle costs
 * ≥ 0 because the optimum is optimal. The cheapest such cycle itself is a
 * feasible change, so the bound is met. With the duals as node potentials
 * every residual arc has a non-negative reduced length, so a Dijkstra
 * search run backwards gives the distances — one search for all the rows a
 * column holds, one for all the unmatched rows (see
 * {@link priceForcedPairs}). Folding reads the matrix once; a search
 * then reads at most (cols + 1)² cells of the folded network.
 *
 * The residual arcs, with their reduced lengths (rows r, columns c):
 * - r → c, a pair r does not hold: row[r] + col[c] − gain(r, c) ≥ 0;
 * - c → r, r leaves c: 0 (held pairs are tight);
 * - c → T, c has room: 0 (a column with room has no price);
 * - T → c, c holds someone: col[c];
 * - r → T, r gives up its pair (rows optional): row[r];
 * - T → r, r was unmatched (rows optional): 0.
 *
 * @example
 * const best = solveAssignment(problem);            // 'optimal', with duals
 * const pricing = prepareForcedPairPricing(problem, best);
 * const [quote] = priceForcedPairs(pricing, [{ row: 3, col: 7 }]);
 * if (quote.status === 'priced') quote.drop;         // ≥ quote.bound
 */
import { gainScale, placesPerColumn, type AssignmentDuals, type AssignmentProblem } from './assignment-problem.js';

/** An optimum of a problem, with the dual prices that prove it. */
export interface PricedOptimum {
  readonly rowToCol: Int32Array;
  readonly objective: number;
  readonly duals: AssignmentDuals;
}

/**
 * Relative tolerance (times the largest |gain|) below which a negative
 * reduced length is rounding and counts as 0: potentials carry the last
 * bits of the solver's arithmetic.
 */
export const DROP_TOLERANCE = 1e-9;

/** What forcing one pair costs, or why it was not priced. */
export type ForcedPairQuote =
  | {
      readonly status: 'priced';
      /** Exact fall of the best total when the pair is forced (≥ 0). */
      readonly drop: number;
      /** The pair's reduced cost: a lower bound on `drop`. */
      readonly bound: number;
    }
  /** The pair is not allowed, its column has no place, or no assignment can hold it (rows that must all be placed). */
  | { readonly status: 'impossible'; readonly reason: string }
  /** The work budget ran out before this pair was priced; the bound is still given. */
  | { readonly status: 'over_budget'; readonly bound: number }
  /** The duals given do not price the optimum (an arc of negative length beyond rounding): nothing can be priced with them. */
  | { readonly status: 'invalid_duals'; readonly reason: string };

/**
 * A work budget shared by many searches: cells of the folded network
 * (`into`) they may still read. The searches count it down in place, so one
 * budget object spans several calls.
 */
export interface PricingBudget {
  cellsLeft: number;
}

/** One optimum, ready to price any number of forced pairs. */
export interface ForcedPairPricing {
  readonly problem: AssignmentProblem;
  readonly optimum: PricedOptimum;
  readonly optional: boolean;
  readonly places: Int32Array;
  /** Rows held per column. */
  readonly load: Int32Array;
  /**
   * The residual network folded onto the columns and T (node `cols`):
   * `into[y * (cols + 1) + x]` is the shortest arc from node x to node y
   * (Infinity: none). Stored by head so a backward search reads it in order.
   */
  readonly into: Float64Array;
  /** Why the duals cannot price this optimum, or null when they can. */
  readonly invalid: string | null;
}

/** The pair's reduced cost under `duals`: a lower bound on what forcing it costs. */
export function reducedCost(problem: AssignmentProblem, duals: AssignmentDuals, row: number, col: number): number {
  return (duals.row[row] as number) + (duals.col[col] as number) - (problem.gains[row * problem.cols + col] as number);
}

/**
 * Reads what every search needs from `optimum` (an optimum of `problem`,
 * which must have passed `checkProblem`, with its duals). O(rows × cols)
 * once, for the tolerance.
 */
export function prepareForcedPairPricing(problem: AssignmentProblem, optimum: PricedOptimum): ForcedPairPricing {
  const { rows: n, cols: m, gains, allowed } = problem;
  const { row: rowPrice, col: colPrice } = optimum.duals;
  const rowToCol = optimum.rowToCol;
  const optional = problem.rowsMayStayUnmatched ?? true;
  const places = placesPerColumn(problem);
  const load = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const j = rowToCol[i] as number;
    if (j >= 0) load[j] = (load[j] as number) + 1;
  }
  const tolerance = DROP_TOLERANCE * Math.max(1, gainScale(problem));
  // Lengths within rounding of 0 are 0; a clearly negative one means the duals are not the optimum's.
  let invalid: string | null = null;
  const length = (w: number): number => {
    if (w < -tolerance && invalid === null) invalid = `an arc of the residual network has length ${w}: the duals do not certify this assignment`;
    return w < tolerance ? 0 : w;
  };

  // Fold each row onto the node it hangs from: a held row onto its column
  // (reached when a row moves in, left when the row moves on), an
  // unmatched row onto T. x → y then costs the cheapest such row's move.
  const V = m + 1;
  const T = m;
  const into = new Float64Array(V * V).fill(Infinity);
  const lower = (from: number, to: number, w: number): void => {
    const k = to * V + from;
    if (w < (into[k] as number)) into[k] = w;
  };
  for (let r = 0; r < n; r++) {
    const from = (rowToCol[r] as number) >= 0 ? (rowToCol[r] as number) : optional ? T : -1;
    if (from === -1) continue;
    const base = r * m;
    // A held pair is tight under the optimum's duals; one that is not shows the duals belong to another assignment.
    if (from !== T) length(-Math.abs((rowPrice[r] as number) + (colPrice[from] as number) - (gains[base + from] as number)));
    for (let c = 0; c < m; c++) {
      if (c === from || (places[c] as number) === 0 || (allowed !== undefined && allowed[base + c] !== 1)) continue;
      lower(from, c, length((rowPrice[r] as number) + (colPrice[c] as number) - (gains[base + c] as number)));
    }
    // A held row may give up its pair: its column passes the extra row on to T.
    if (from !== T && optional) lower(from, T, length(rowPrice[r] as number));
  }
  for (let c = 0; c < m; c++) {
    if ((places[c] as number) === 0) continue;
    if ((places[c] as number) > (load[c] as number)) lower(c, T, 0); // room: the extra row stays
    if ((load[c] as number) > 0) lower(T, c, length(colPrice[c] as number)); // someone leaves c for T
  }
  return { problem, optimum, optional, places, load, into, invalid };
}

/** One pair to price: row `row` forced onto column `col`. */
export interface ForcedPairRequest {
  readonly row: number;
  readonly col: number;
}

/**
 * Prices every request. A path back to row i always ends by the arc into
 * i — from the column i leaves, or from T when i was unmatched — so the
 * distance to i is the distance to that node: every row a column holds
 * shares one backward search, and every unmatched row shares the search
 * from T. Searches run in the order their first request appears and stop
 * once all their requests' columns are reached. `budget`, when given, is
 * charged for every matrix cell read; once it is spent the requests left
 * come back `over_budget`. Quotes come back in the order of `requests`.
 */
export function priceForcedPairs(p: ForcedPairPricing, requests: readonly ForcedPairRequest[], budget?: PricingBudget): ForcedPairQuote[] {
  const { problem, optimum, optional, places } = p;
  const { cols: m, allowed } = problem;
  const rowToCol = optimum.rowToCol;

  const quotes: (ForcedPairQuote | null)[] = requests.map(({ row, col }) => {
    if (p.invalid !== null) return { status: 'invalid_duals', reason: p.invalid };
    if (allowed !== undefined && allowed[row * m + col] !== 1) return { status: 'impossible', reason: 'the pair is not allowed' };
    if ((places[col] as number) === 0) return { status: 'impossible', reason: 'the column has no place' };
    if (rowToCol[row] === col) return { status: 'priced', drop: 0, bound: reducedCost(problem, optimum.duals, row, col) };
    if ((rowToCol[row] as number) < 0 && !optional) return { status: 'impossible', reason: 'the row holds no column' };
    return null;
  });
  // Requests by the node their paths end at: the column the row leaves, or T.
  const V = m + 1;
  const groups = new Map<number, number[]>();
  requests.forEach(({ row }, q) => {
    if (quotes[q] !== null) return;
    const end = (rowToCol[row] as number) >= 0 ? (rowToCol[row] as number) : m;
    const list = groups.get(end);
    if (list === undefined) groups.set(end, [q]);
    else list.push(q);
  });

  const dist = new Float64Array(V);
  const settled = new Uint8Array(V);
  const wanted = new Uint8Array(V);
  let overBudget = false;
  for (const [end, list] of groups) {
    if (!overBudget) overBudget = !searchBack(p, end, list.map((q) => (requests[q] as ForcedPairRequest).col), { dist, settled, wanted }, budget);
    for (const q of list) {
      const { row, col } = requests[q] as ForcedPairRequest;
      const bound = reducedCost(problem, optimum.duals, row, col);
      quotes[q] =
        !overBudget && settled[col] === 1
          ? { status: 'priced', drop: Math.max(0, bound + (dist[col] as number)), bound }
          : overBudget
            ? { status: 'over_budget', bound }
            : { status: 'impossible', reason: 'no assignment holds this pair and places every row that must be placed' };
    }
  }
  return quotes as ForcedPairQuote[];
}

/**
 * Dijkstra backwards from node `end` over the folded network, a dense
 * graph of V = cols + 1 nodes: one sweep of V per node settled, read in
 * order, charged V cells. Stops once
 * every column of `cols` is settled; false when the budget ran out first.
 */
function searchBack(
  p: ForcedPairPricing,
  end: number,
  cols: readonly number[],
  work: { dist: Float64Array; settled: Uint8Array; wanted: Uint8Array },
  budget: PricingBudget | undefined,
): boolean {
  const { into } = p;
  const { dist, settled, wanted } = work;
  const V = dist.length;
  dist.fill(Infinity);
  settled.fill(0);
  let waiting = 0;
  for (const c of cols) {
    if (wanted[c] === 0) waiting++;
    wanted[c] = 1;
  }
  dist[end] = 0;
  let within = true;
  // Each pass settles the nearest node, relaxes the arcs into it and finds the next nearest in the same sweep.
  let y = end;
  let best = 0;
  while (waiting > 0 && y !== -1) {
    settled[y] = 1;
    if (wanted[y] === 1) {
      wanted[y] = 0;
      if (--waiting === 0) break;
    }
    if (budget !== undefined && (budget.cellsLeft -= V) < 0) {
      within = false;
      break;
    }
    const base = y * V;
    const from = best;
    y = -1;
    best = Infinity;
    for (let x = 0; x < V; x++) {
      if (settled[x] === 1) continue;
      let d = dist[x] as number;
      const through = from + (into[base + x] as number);
      if (through < d) dist[x] = d = through;
      if (d < best) {
        best = d;
        y = x;
      }
    }
  }
  for (const c of cols) wanted[c] = 0;
  return within;
}

/** Prices one forced pair; see {@link priceForcedPairs}. */
export function priceForcedPair(problem: AssignmentProblem, optimum: PricedOptimum, row: number, col: number): ForcedPairQuote {
  return priceForcedPairs(prepareForcedPairPricing(problem, optimum), [{ row, col }])[0] as ForcedPairQuote;
}
