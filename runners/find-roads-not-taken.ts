/**
 * The road not taken for every mentee (and every mentor left without
 * mentees): their best other candidates, who has each of them instead, and
 * what forcing that pair would cost the total — exactly, by shortest-path
 * searches over the optimum's dual prices (engine/price-forced-pair.ts:
 * one search per mentor whose mentees are priced, one for all the
 * unmatched), with the dual reduced cost beside it as the bound.
 *
 * A search costs up to (mentors + 1)² cells of the folded network, so the
 * searches share a budget of {@link EXPLAIN_BUDGET_CELLS} cells, spent in a
 * fixed order: the unmatched mentees first (their reasons quote the cost),
 * then the mentors left without mentees, then the matched mentees grouped
 * by their mentor, mentors in the order of their first mentee's id. Past
 * the budget an alternative keeps its bound and the note says the exact
 * drop was not computed; a search cut short by it prices none of its
 * pairs. The order is fixed, so the same inputs always get the same drops.
 */
import { compareIds } from '../scoring/compare-ids.js';
import { choiceRankOfColumn, columnOfMentorId } from '../scoring/mentor-teams.js';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { prepareForcedPairPricing, priceForcedPairs, reducedCost, type ForcedPairPricing, type ForcedPairQuote, type PricedOptimum, type PricingBudget } from '../engine/price-forced-pair.js';
import { hasSideConstraints, type SideConstraints } from '../engine/side-constraints.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { ordinal } from '../scoring/words.js';
import { BLOCK_REASON_WORDS } from './explain-unmatched.js';
import { ALTERNATIVES_PER_APPLICANT, type Alternative, type RoadNotTaken } from './match-result.js';

/**
 * Cells of the folded network the searches for exact drops of one run may
 * read, in all (each node a search settles costs mentors + 1). 2·10⁹
 * cells are about 10 s of searching (measured: 12.8 s of explaining in the
 * 10,000 × 4,000 run of bench/RESULTS.md, which spends all of it).
 */
export const EXPLAIN_BUDGET_CELLS = 2_000_000_000;

/**
 * Most mentors for which exact drops are computed: the searches run on a
 * dense (mentors + 1)² table of float64, 200 MB at 5,000 mentors. Past it
 * every alternative keeps its bound, and the note says why.
 */
export const EXPLAIN_MAX_MENTORS = 5_000;

/** What the solve left behind that the explanations read. */
export interface SolvedCohort {
  readonly pool: ScoringPool;
  readonly matrix: ScoreMatrix;
  /** The problem the solver answered: committee-pinned mentees taken out, mentors' places less their pins. */
  readonly problem: AssignmentProblem;
  /** The solver's optimum of `problem` (`duals` absent when the solver gives none); null when the matching is not an optimum (deferred acceptance). */
  readonly optimum: { readonly rowToCol: Int32Array; readonly objective: number; readonly duals?: PricedOptimum['duals'] } | null;
  /** Each mentee's mentor in the final result (pins included), or -1. */
  readonly rowToCol: Int32Array;
  /** Each mentee's pinned mentor, or -1. */
  readonly pinnedCol: Int32Array;
  readonly sideConstraints: SideConstraints;
  /** Override of {@link EXPLAIN_BUDGET_CELLS} (tests). */
  readonly budgetCells?: number;
}

/** An alternative before it is priced. */
interface Draft {
  readonly row: number;
  readonly col: number;
  readonly other: Applicant;
  readonly heldBy: readonly Applicant[];
}

/** Every eligible mentee's road not taken, and every unmatched mentor's, ordered by applicant id. */
export function findRoadsNotTaken(s: SolvedCohort): RoadNotTaken[] {
  const { pool, matrix, rowToCol, pinnedCol } = s;
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const holders: Applicant[][] = Array.from({ length: cols }, () => []);
  for (let i = 0; i < rows; i++) if ((rowToCol[i] as number) >= 0) holders[rowToCol[i] as number]?.push(pool.mentees[i] as Applicant);

  const pricing = pricedOptimum(s);
  const budget: PricingBudget = { cellsLeft: s.budgetCells ?? EXPLAIN_BUDGET_CELLS };
  /** Turns a draft and its quote into an alternative, noting why a cost is missing. */
  const alternativeOf = (d: Draft, quote: ForcedPairQuote | undefined, notes: Set<string>): Alternative => {
    const score = matrix.scores[d.row * cols + d.col] as number;
    const base = { other: d.other, score, choiceRank: choiceRankOfColumn(pool, pool.mentees[d.row] as Applicant, d.col), heldBy: d.heldBy };
    if (pinnedCol[d.row] !== -1) {
      notes.add('pinned by the committee: forcing another pair means lifting the pin, so no cost is given');
      return { ...base, drop: null, bound: null };
    }
    if ((s.problem.colCapacity?.[d.col] ?? 1) === 0) {
      notes.add(`every place of ${(pool.mentors[d.col] as Applicant).id} is pinned by the committee`);
      return { ...base, drop: null, bound: null };
    }
    if (pricing.status === 'none') {
      notes.add(pricing.reason);
      return { ...base, drop: null, bound: pricing.duals === undefined ? null : reducedCost(s.problem, pricing.duals, d.row, d.col) };
    }
    switch (quote?.status) {
      case 'priced':
        return { ...base, drop: quote.drop, bound: quote.bound };
      case 'over_budget':
        notes.add('exact cost not computed: the explanation budget for this pool ran out (the bound is a floor on it)');
        return { ...base, drop: null, bound: quote.bound };
      case 'invalid_duals':
        // Never expected: the solvers' duals are checked against the optimum; say so rather than print a wrong number.
        notes.add(`no cost is given: ${quote.reason}`);
        return { ...base, drop: null, bound: null };
      case 'impossible':
        notes.add(`no assignment can hold the pair with ${d.other.id}: ${quote.reason}`);
        return { ...base, drop: null, bound: reducedCost(s.problem, pricing.pricing.optimum.duals, d.row, d.col) };
      case undefined:
        throw new Error(`internal error: the pair of ${d.other.id} was not priced`);
    }
  };

  const mentorIndex = columnOfMentorId(pool);
  const menteeDrafts = (i: number): { drafts: Draft[]; notes: Set<string> } => {
    const mentee = pool.mentees[i] as Applicant;
    const notes = new Set<string>();
    const held = rowToCol[i] as number;
    const picked = bestOf(cols, ALTERNATIVES_PER_APPLICANT, (j) => (j !== held && matrix.allowed[i * cols + j] === 1 ? (matrix.scores[i * cols + j] as number) : null));
    // "Why not my first choice?" is answered for every stated choice, not only the best-scoring ones.
    mentee.choices.forEach((id, rank) => {
      const j = mentorIndex.get(id);
      if (j === undefined) {
        notes.add(`${ordinal(rank + 1)} choice ${id} is not an eligible mentor in this cohort`);
      } else if (j !== held && matrix.allowed[i * cols + j] !== 1) {
        notes.add(`${ordinal(rank + 1)} choice ${id} was not possible: ${BLOCK_REASON_WORDS[matrix.reasonBlocked(i, j) ?? 'below_min_score']}`);
      } else if (j !== held && !picked.includes(j)) {
        picked.push(j);
      }
    });
    return { drafts: picked.map((j) => ({ row: i, col: j, other: pool.mentors[j] as Applicant, heldBy: holders[j] as Applicant[] })), notes };
  };

  const mentorDrafts = (j: number): Draft[] => {
    const best = bestOf(rows, ALTERNATIVES_PER_APPLICANT, (i) => (matrix.allowed[i * cols + j] === 1 ? (matrix.scores[i * cols + j] as number) : null));
    return best.map((i) => {
      const mentor = (rowToCol[i] as number) >= 0 ? (pool.mentors[rowToCol[i] as number] as Applicant) : null;
      return { row: i, col: j, other: pool.mentees[i] as Applicant, heldBy: mentor === null ? [] : [mentor] };
    });
  };

  // Budget order: the unmatched first, whose reasons quote the cost, then everyone else by id.
  const entries: { applicant: Applicant; drafts: Draft[]; notes: Set<string> }[] = [];
  const addMentee = (i: number): void => {
    entries.push({ applicant: pool.mentees[i] as Applicant, ...menteeDrafts(i) });
  };
  for (let i = 0; i < rows; i++) if (rowToCol[i] === -1) addMentee(i);
  for (let j = 0; j < cols; j++) {
    if ((holders[j] as Applicant[]).length === 0) entries.push({ applicant: pool.mentors[j] as Applicant, drafts: mentorDrafts(j), notes: new Set() });
  }
  for (let i = 0; i < rows; i++) if (rowToCol[i] !== -1) addMentee(i);

  // All pairs priced together: the searches are shared by every pair that ends at the same node.
  const quotes = new Map<Draft, ForcedPairQuote>();
  if (pricing.status === 'ok') {
    const open = entries.flatMap((e) => e.drafts).filter((d) => pinnedCol[d.row] === -1 && (s.problem.colCapacity?.[d.col] ?? 1) > 0);
    const got = priceForcedPairs(pricing.pricing, open, budget);
    open.forEach((d, q) => quotes.set(d, got[q] as ForcedPairQuote));
  }
  return entries
    .map(({ applicant, drafts, notes }) => {
      const alternatives = drafts.map((d) => alternativeOf(d, quotes.get(d), notes));
      return { applicant, alternatives, note: noteOf(notes) };
    })
    .sort((a, b) => compareIds(a.applicant.id, b.applicant.id));
}

/** The optimum with dual prices to price pairs against, or why there is none. */
function pricedOptimum(s: SolvedCohort): { status: 'ok'; pricing: ForcedPairPricing } | { status: 'none'; reason: string; duals?: PricedOptimum['duals'] } {
  if (hasSideConstraints(s.sideConstraints)) {
    return { status: 'none', reason: 'no cost is given: with quotas or a minimum group size the assignment comes from the integer program, which has no dual prices' };
  }
  if (s.optimum === null) {
    return { status: 'none', reason: 'no cost is given: the matching comes from deferred acceptance or from objectives in priority order, not from the best total alone' };
  }
  if (s.problem.cols > EXPLAIN_MAX_MENTORS) {
    const reason = `exact costs are computed for pools of up to ${EXPLAIN_MAX_MENTORS} mentors; this one has ${s.problem.cols} (the bound is a floor on the cost)`;
    return s.optimum.duals === undefined ? { status: 'none', reason } : { status: 'none', reason, duals: s.optimum.duals };
  }
  const { duals } = s.optimum;
  if (duals !== undefined) return { status: 'ok', pricing: prepareForcedPairPricing(s.problem, { rowToCol: s.optimum.rowToCol, objective: s.optimum.objective, duals }) };
  // A solver without prices (brute force): the shortest-path solver reaches the same optimal total and prices it.
  const again = solveShortestPath(s.problem);
  if (again.status !== 'optimal' || again.duals === undefined) return { status: 'none', reason: 'no cost is given: the problem could not be priced' };
  const optimum: PricedOptimum = { rowToCol: again.rowToCol, objective: again.objective, duals: again.duals };
  return { status: 'ok', pricing: prepareForcedPairPricing(s.problem, optimum) };
}

/**
 * The indices in 0..count-1 with the `k` highest scores (null: not a
 * candidate), highest first, lower index first among equals. One pass and
 * a k-long insertion list: sorting every candidate of every mentee took 16 s
 * of a 10,000 × 4,000 run.
 */
function bestOf(count: number, k: number, scoreOf: (index: number) => number | null): number[] {
  const top: number[] = [];
  const topScores: number[] = [];
  for (let x = 0; x < count; x++) {
    const score = scoreOf(x);
    if (score === null || (top.length === k && score <= (topScores[k - 1] as number))) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && (topScores[at - 1] as number) < score) {
      top[at] = top[at - 1] as number;
      topScores[at] = topScores[at - 1] as number;
      at--;
    }
    top[at] = x;
    topScores[at] = score;
  }
  return top;
}

function noteOf(notes: ReadonlySet<string>): string | null {
  return notes.size === 0 ? null : [...notes].join('; ');
}
