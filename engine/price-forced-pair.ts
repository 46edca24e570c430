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
 * every residual arc has a non-negative reduced length, so one Dijkstra
 * search — run backwards from row i, it prices every column of row i at
 * once — gives the distances. A search reads at most the whole matrix and
 * usually stops after a few columns.
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
 * const [quote] = priceForcedPairs(pricing, 3, [7]);
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
  | { readonly status: 'over_budget'; readonly bound: number };

/** A work budget shared by many searches: matrix cells they may still read. */
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
  readonly tolerance: number;
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
  const load = new Int32Array(problem.cols);
  for (let i = 0; i < problem.rows; i++) {
    const j = optimum.rowToCol[i] as number;
    if (j >= 0) load[j] = (load[j] as number) + 1;
  }
  return {
    problem,
    optimum,
    optional: problem.rowsMayStayUnmatched ?? true,
    places: placesPerColumn(problem),
    load,
    tolerance: DROP_TOLERANCE * Math.max(1, gainScale(problem)),
  };
}

/**
 * Prices forcing `row` onto each of `cols` with one backward search from
 * the row. Quotes come back in the order of `cols`. `budget`, when given,
 * is charged for every matrix cell read; once it is spent the remaining
 * pairs come back `over_budget`.
 */
export function priceForcedPairs(p: ForcedPairPricing, row: number, cols: readonly number[], budget?: PricingBudget): ForcedPairQuote[] {
  const { problem, optimum, optional, places, load, tolerance } = p;
  const { rows: n, cols: m, gains, allowed } = problem;
  const { row: rowPrice, col: colPrice } = optimum.duals;
  const rowToCol = optimum.rowToCol;

  const quotes: (ForcedPairQuote | null)[] = cols.map((j) => {
    const k = row * m + j;
    if (allowed !== undefined && allowed[k] !== 1) return { status: 'impossible', reason: 'the pair is not allowed' };
    if ((places[j] as number) === 0) return { status: 'impossible', reason: 'the column has no place' };
    if (rowToCol[row] === j) return { status: 'priced', drop: 0, bound: reducedCost(problem, optimum.duals, row, j) };
    return null;
  });
  let waiting = quotes.filter((q) => q === null).length;
  if (waiting === 0) return quotes as ForcedPairQuote[];

  // Nodes: rows 0..n-1, columns n..n+m-1, the sink T = n+m.
  const T = n + m;
  const dist = new Float64Array(n + m + 1).fill(Infinity);
  const heap = new IndexedHeap(n + m + 1, dist);
  const settled = new Uint8Array(n + m + 1);
  const wanted = new Uint8Array(m);
  for (let q = 0; q < cols.length; q++) if (quotes[q] === null) wanted[cols[q] as number] = 1;
  const length = (w: number): number => (w < tolerance ? 0 : w);
  const relax = (node: number, d: number): void => {
    if (settled[node] === 0 && d < (dist[node] as number)) heap.decrease(node, d);
  };
  const charge = (cells: number): boolean => {
    if (budget === undefined) return true;
    budget.cellsLeft -= cells;
    return budget.cellsLeft >= 0;
  };

  heap.decrease(row, 0);
  let withinBudget = true;
  while (waiting > 0 && heap.size > 0) {
    const x = heap.pop();
    settled[x] = 1;
    const d = dist[x] as number;
    if (x < n) {
      // A row is reached from the column it leaves, or from T when it was unmatched.
      const c = rowToCol[x] as number;
      if (c >= 0) relax(n + c, d);
      else if (optional) relax(T, d);
    } else if (x < T) {
      const c = x - n;
      if (wanted[c] === 1) {
        wanted[c] = 0;
        waiting--;
        if (waiting === 0) break;
      }
      if (!(withinBudget = charge(n))) break;
      // Column c is reached from a row that takes it, or from T when someone leaves it.
      for (let r = 0; r < n; r++) {
        const k = r * m + c;
        if (rowToCol[r] === c || (allowed !== undefined && allowed[k] !== 1)) continue;
        relax(r, d + length((rowPrice[r] as number) + (colPrice[c] as number) - (gains[k] as number)));
      }
      if ((load[c] as number) > 0) relax(T, d + length(colPrice[c] as number));
    } else {
      if (!(withinBudget = charge(n + m))) break;
      // T is reached from a column with room, or from a row giving up its pair.
      for (let c = 0; c < m; c++) if ((places[c] as number) > (load[c] as number)) relax(n + c, d);
      if (optional) for (let r = 0; r < n; r++) if ((rowToCol[r] as number) >= 0) relax(r, d + length(rowPrice[r] as number));
    }
  }

  return cols.map((j, q) => {
    const known = quotes[q];
    if (known !== null && known !== undefined) return known;
    const bound = reducedCost(problem, optimum.duals, row, j);
    if (settled[n + j] === 1) return { status: 'priced', drop: Math.max(0, bound + (dist[n + j] as number)), bound };
    if (!withinBudget) return { status: 'over_budget', bound };
    return { status: 'impossible', reason: 'no assignment holds this pair and places every row that must be placed' };
  });
}

/** Prices one forced pair; see {@link priceForcedPairs}. */
export function priceForcedPair(problem: AssignmentProblem, optimum: PricedOptimum, row: number, col: number): ForcedPairQuote {
  return priceForcedPairs(prepareForcedPairPricing(problem, optimum), row, [col])[0] as ForcedPairQuote;
}

/** A binary min-heap of node ids keyed by `keys`, with decrease-key (a node's slot is tracked). */
class IndexedHeap {
  private readonly nodes: Int32Array;
  private readonly slot: Int32Array;
  size = 0;

  constructor(
    capacity: number,
    private readonly keys: Float64Array,
  ) {
    this.nodes = new Int32Array(capacity);
    this.slot = new Int32Array(capacity).fill(-1);
  }

  /** Sets `node`'s key to `key` (lower than before), adding it if absent. */
  decrease(node: number, key: number): void {
    this.keys[node] = key;
    let at = this.slot[node] as number;
    if (at === -1) {
      at = this.size++;
      this.nodes[at] = node;
      this.slot[node] = at;
    }
    this.up(at);
  }

  /** Removes and returns the node with the least key (ties: the lower id, so searches are reproducible). */
  pop(): number {
    const top = this.nodes[0] as number;
    const last = this.nodes[--this.size] as number;
    this.slot[top] = -1;
    if (this.size > 0) {
      this.nodes[0] = last;
      this.slot[last] = 0;
      this.down(0);
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    return ka < kb || (ka === kb && a < b);
  }

  private up(at: number): void {
    const node = this.nodes[at] as number;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = this.nodes[parent] as number;
      if (!this.less(node, p)) break;
      this.nodes[at] = p;
      this.slot[p] = at;
      at = parent;
    }
    this.nodes[at] = node;
    this.slot[node] = at;
  }

  private down(at: number): void {
    const node = this.nodes[at] as number;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (right < this.size && this.less(this.nodes[right] as number, this.nodes[child] as number)) child = right;
      const c = this.nodes[child] as number;
      if (!this.less(c, node)) break;
      this.nodes[at] = c;
      this.slot[c] = at;
      at = child;
    }
    this.nodes[at] = node;
    this.slot[node] = at;
  }
}
