/**
 * Exact matching under side constraints an assignment cannot express —
 * minimum group sizes and quotas (see `side-constraints.ts`) — as an integer
 * program solved by javascript-lp-solver's simplex and branch and bound:
 *
 *   maximise Σ gain(i,j)·x(i,j) over allowed pairs, x binary
 *   each row:     Σ_j x(i,j) ≤ 1   (= 1 when rows may not stay unmatched)
 *   each column:  Σ_i x(i,j) ≤ capacity(j)
 *   minimum m>1:  m·y(j) ≤ Σ_i x(i,j) ≤ capacity(j)·y(j), y(j) binary ("the column opens")
 *   open column:  m ≤ Σ_i x(i,j) ≤ capacity(j)   (pinned before the solve: its minimum is due)
 *   each quota:   Σ_set (1−s)·x − Σ_notset s·x ≤ 0   (at most share s of the pairs in the set)
 *
 * The solver's own answer is not trusted: x is rounded to 0/1 (a fractional
 * value is a failure), every constraint is re-checked in code and the
 * objective is recomputed from the gains. Problems above
 * `LP_MAX_TABLEAU_CELLS` are refused before any model is built.
 *
 * @example
 * // Two mentors of capacity 2, each either taking nobody or at least 2 mentees.
 * const out = solveLp(
 *   { rows: 3, cols: 2, gains: Float64Array.of(5, 1, 4, 1, 1, 3), colCapacity: Int32Array.of(2, 2) },
 *   { minPerColumn: Int32Array.of(2, 2) },
 * );
 * if (out.status === 'optimal') console.log(out.rowToCol, out.objective); // [0, 0, -1] 9
 */
import lpPackage from 'javascript-lp-solver';
import type { ConstraintBound, Model as LpModel, SolveResult, SolverAPI } from 'javascript-lp-solver';
import { checkProblem, objectiveOf, type AssignmentOutcome, type AssignmentProblem } from './assignment-problem.js';
import { assignmentViolation } from './check-assignment.js';
import { lpCannotTake } from './lp-size-limit.js';
import { checkSideConstraints, isOpen, type SideConstraints } from './side-constraints.js';
import { solveShortestPath } from './solve-shortest-path.js';

/**
 * The solver object. The package's CommonJS build is `module.exports =
 * solver` and its ESM build `export default solver`, so a default import is
 * the solver everywhere at run time; its bundled types, read as CommonJS
 * under NodeNext, describe the module wrapper instead, hence the cast.
 */
const lpSolver = lpPackage as unknown as SolverAPI;

/** Options for {@link solveLp}. */
export interface SolveLpOptions {
  /**
   * Wall-clock limit on branch and bound, in milliseconds (default
   * {@link LP_DEFAULT_TIMEOUT_MS}). The solver checks it between nodes, so
   * one long relaxation can overrun it by that relaxation's time; a solve
   * that takes at least this long in all is reported as timed out even if
   * its last node happened to finish the proof.
   */
  readonly timeoutMs?: number;
}

/** Default limit on branch and bound; within the size limit the first LP relaxation takes seconds at most. */
export const LP_DEFAULT_TIMEOUT_MS = 30_000;

/** How far from 0 or 1 a pair's value may be and still count as that integer. */
export const LP_INTEGRALITY_TOLERANCE = 1e-6;

/**
 * Solves `problem` under `sc` exactly; never mutates either. `infeasible`
 * only when every row must be placed and no assignment meets all the
 * constraints (with a reason a program officer can act on); `invalid` when
 * the input is malformed, the problem exceeds the LP's size limit, the
 * solver runs out of time, or its answer fails the re-check.
 */
export function solveLp(problem: AssignmentProblem, sc: SideConstraints = {}, options: SolveLpOptions = {}): AssignmentOutcome {
  const bad = checkProblem(problem) ?? checkSideConstraints(problem, sc);
  if (bad !== null) return { status: 'invalid', reason: bad };
  const { rows, cols, allowed } = problem;
  const optional = problem.rowsMayStayUnmatched ?? true;
  let allowedCount = 0;
  for (let k = 0; k < rows * cols; k++) if (allowed === undefined || allowed[k] === 1) allowedCount++;
  const tooLarge = lpCannotTake(rows, cols, allowedCount, sc, optional);
  if (tooLarge !== null) return { status: 'invalid', reason: tooLarge };

  const usable = usablePairs(problem, sc);
  const unfillable = openColumnShort(problem, sc, usable);
  if (unfillable !== null) return { status: 'infeasible', reason: unfillable };
  if (!optional) {
    const stuck = rowWithoutPair(problem, usable);
    if (stuck !== null) return { status: 'infeasible', reason: stuck };
  }
  const { model, pairOfVar } = buildModel(problem, sc, usable);
  const timeoutMs = options.timeoutMs ?? LP_DEFAULT_TIMEOUT_MS;
  model.options = { ...model.options, timeout: timeoutMs };

  const started = Date.now();
  const result = lpSolver.Solve(model) as SolveResult;
  if (Date.now() - started >= timeoutMs) {
    return {
      status: 'invalid',
      reason:
        `the LP solver (needed for min group size / quotas) stopped at its time limit of ${timeoutMs / 1000} s before it could prove the best matching; ` +
        'split the cohort, raise min_score, or relax the minimum group sizes or quotas.',
    };
  }
  if (!result.feasible) {
    // Leaving everyone unmatched meets every constraint, so with optional
    // rows "no feasible answer" is the solver failing, not the data.
    if (optional) return { status: 'invalid', reason: 'the LP solver found no answer, although leaving everyone unmatched is one; this is a solver failure' };
    return explainInfeasible(problem, sc, usable);
  }
  if (result.bounded === false) return { status: 'invalid', reason: 'the LP solver reported an unbounded matching; this is a solver failure' };

  const rowToCol = new Int32Array(rows).fill(-1);
  for (let v = 0; v < pairOfVar.length; v++) {
    const raw = result[`x${v}`];
    const value = typeof raw === 'number' ? raw : 0;
    const rounded = Math.round(value);
    const k = pairOfVar[v] as number;
    const i = Math.floor(k / cols);
    if (Math.abs(value - rounded) > LP_INTEGRALITY_TOLERANCE || (rounded !== 0 && rounded !== 1)) {
      return { status: 'invalid', reason: `the LP solver gave mentee row ${i} a fractional place (${value}); this is a solver failure` };
    }
    if (rounded === 1) {
      if (rowToCol[i] !== -1) return { status: 'invalid', reason: `the LP solver gave mentee row ${i} two mentors; this is a solver failure` };
      rowToCol[i] = k % cols;
    }
  }
  const violation = assignmentViolation(problem, sc, rowToCol);
  if (violation !== null) return { status: 'invalid', reason: `the LP solver's matching breaks a constraint (${violation}); this is a solver failure` };
  return { status: 'optimal', rowToCol, objective: objectiveOf(problem, rowToCol), solver: 'lp' };
}

/**
 * Row-major mask of the pairs any feasible assignment may use: allowed,
 * in a column that can open (capacity above 0 and not below its minimum),
 * and in no quota set of share 0.
 */
function usablePairs(problem: AssignmentProblem, sc: SideConstraints): Uint8Array {
  const { rows, cols, allowed, colCapacity } = problem;
  const usable = new Uint8Array(rows * cols);
  for (let k = 0; k < usable.length; k++) usable[k] = allowed === undefined ? 1 : (allowed[k] as number);
  for (let j = 0; j < cols; j++) {
    const cap = colCapacity === undefined ? 1 : (colCapacity[j] as number);
    const min = sc.minPerColumn === undefined ? 0 : (sc.minPerColumn[j] as number);
    if (!isOpen(sc, j) && (cap === 0 || min > cap)) for (let i = 0; i < rows; i++) usable[i * cols + j] = 0;
  }
  for (const quota of sc.quotas ?? []) {
    if (quota.maxShare === 0) for (let k = 0; k < usable.length; k++) if (quota.pairs[k] === 1) usable[k] = 0;
  }
  // A column with fewer usable pairs than its minimum cannot open either;
  // dropping it can starve no other column, so one pass suffices.
  if (sc.minPerColumn !== undefined) {
    for (let j = 0; j < cols; j++) {
      let count = 0;
      for (let i = 0; i < rows; i++) count += usable[i * cols + j] as number;
      if (!isOpen(sc, j) && count < (sc.minPerColumn[j] as number)) for (let i = 0; i < rows; i++) usable[i * cols + j] = 0;
    }
  }
  return usable;
}

/** The first open column that cannot reach its minimum (too few places or usable rows), in words, or null. */
function openColumnShort(problem: AssignmentProblem, sc: SideConstraints, usable: Uint8Array): string | null {
  const { rows, cols, colCapacity } = problem;
  for (let j = 0; j < cols; j++) {
    const min = sc.minPerColumn === undefined ? 0 : (sc.minPerColumn[j] as number);
    if (!isOpen(sc, j) || min === 0) continue;
    const cap = colCapacity === undefined ? 1 : (colCapacity[j] as number);
    let count = 0;
    for (let i = 0; i < rows; i++) count += usable[i * cols + j] as number;
    if (Math.min(cap, count) < min) {
      return `mentor column ${j} already has pinned mentees, so its group runs and needs ${min} more, but only ${Math.min(cap, count)} more can join it`;
    }
  }
  return null;
}

/** The first row with no usable pair, in words, or null. */
function rowWithoutPair(problem: AssignmentProblem, usable: Uint8Array): string | null {
  const { rows, cols, allowed } = problem;
  for (let i = 0; i < rows; i++) {
    let any = false;
    let anyAllowed = false;
    for (let j = 0; j < cols; j++) {
      any ||= usable[i * cols + j] === 1;
      anyAllowed ||= allowed === undefined || allowed[i * cols + j] === 1;
    }
    if (any) continue;
    return anyAllowed
      ? `every mentee must be placed, but none of the mentors mentee row ${i} may be paired with can take them: ` +
          'each has capacity 0, a minimum group size above their capacity or above the mentees they may take, or the pair is in a quota of share 0'
      : `every mentee must be placed, but mentee row ${i} may not be paired with any mentor`;
  }
  return null;
}

/** The integer program over the usable pairs; `pairOfVar[v]` is the row-major pair of variable `x${v}`. */
function buildModel(problem: AssignmentProblem, sc: SideConstraints, usable: Uint8Array): { model: LpModel; pairOfVar: Int32Array } {
  const { rows, cols, gains, colCapacity } = problem;
  const optional = problem.rowsMayStayUnmatched ?? true;
  const constraints: Record<string, ConstraintBound> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const binaries: Record<string, 1> = {};

  const rowCount = new Int32Array(rows);
  const colCount = new Int32Array(cols);
  let n = 0;
  for (let k = 0; k < usable.length; k++) {
    if (usable[k] !== 1) continue;
    n++;
    rowCount[Math.floor(k / cols)]! += 1;
    colCount[k % cols]! += 1;
  }
  for (let i = 0; i < rows; i++) if ((rowCount[i] as number) > 0) constraints[`r${i}`] = optional ? { max: 1 } : { equal: 1 };
  for (let j = 0; j < cols; j++) {
    const count = colCount[j] as number;
    if (count === 0) continue;
    // A capacity no larger than the pairs it could take is the tighter bound.
    const cap = Math.min(colCapacity === undefined ? 1 : (colCapacity[j] as number), count);
    const min = sc.minPerColumn === undefined ? 0 : (sc.minPerColumn[j] as number);
    if (isOpen(sc, j) && min > 0) {
      constraints[`lo${j}`] = { min }; // m ≤ Σ x ≤ cap: the column is open already
      constraints[`hi${j}`] = { max: cap };
    } else if (min > 1) {
      constraints[`lo${j}`] = { min: 0 }; // Σ x − m·y ≥ 0
      constraints[`hi${j}`] = { max: 0 }; // Σ x − cap·y ≤ 0
      variables[`y${j}`] = { gain: 0, [`lo${j}`]: -min, [`hi${j}`]: -cap };
      binaries[`y${j}`] = 1;
    } else if (cap < count) {
      constraints[`c${j}`] = { max: cap };
    }
  }
  const quotas = (sc.quotas ?? []).map((quota, q) => ({ quota, name: `q${q}` })).filter(({ quota }) => quota.maxShare > 0 && quota.maxShare < 1);
  for (const { name } of quotas) constraints[name] = { max: 0 };

  const pairOfVar = new Int32Array(n);
  for (let k = 0, v = 0; k < usable.length; k++) {
    if (usable[k] !== 1) continue;
    const i = Math.floor(k / cols);
    const j = k % cols;
    // `gain` names the objective; no constraint is called that.
    const coefficients: Record<string, number> = { gain: gains[k] as number, [`r${i}`]: 1 };
    if (constraints[`c${j}`] !== undefined) coefficients[`c${j}`] = 1;
    if (constraints[`lo${j}`] !== undefined) {
      coefficients[`lo${j}`] = 1;
      coefficients[`hi${j}`] = 1;
    }
    for (const { quota, name } of quotas) coefficients[name] = quota.pairs[k] === 1 ? 1 - quota.maxShare : -quota.maxShare;
    variables[`x${v}`] = coefficients;
    ints[`x${v}`] = 1;
    pairOfVar[v++] = k;
  }
  return {
    model: {
      optimize: 'gain',
      opType: 'max',
      constraints,
      variables,
      ints,
      binaries,
      // Exact branch and bound (no early stop within a relative gap); no
      // presolve, whose reductions zero the cost of variables it fixes.
      // Pseudocost branching, hybrid node selection and MIR cuts: on 50 × 20
      // cohorts with a quota and minimum group sizes they cut the time to
      // proven optimality 2–4× against the defaults (most-fractional,
      // best-first, no cuts), and agreed with HiGHS on 400 random problems.
      options: { tolerance: 0, presolve: false, nodeSelection: 'hybrid', branching: 'pseudocost', useMIRCuts: true },
    },
    pairOfVar,
  };
}

/**
 * The outcome when the LP finds no way to place every row: `infeasible`
 * with the reason as precisely as cheap checks allow (too few places, no
 * assignment even without the side constraints, a quota too small for the
 * mentees who may only be paired inside it, or else the side constraints
 * together) — or `invalid` when the shortest-path solver places everyone
 * and no side constraint restricts anything, so the LP itself erred.
 */
function explainInfeasible(problem: AssignmentProblem, sc: SideConstraints, usable: Uint8Array): AssignmentOutcome {
  const infeasible = (reason: string): AssignmentOutcome => ({ status: 'infeasible', reason });
  const { rows, cols, colCapacity } = problem;
  let places = 0;
  for (let j = 0; j < cols; j++) {
    let open = false;
    for (let i = 0; i < rows && !open; i++) open = usable[i * cols + j] === 1;
    if (open) places += colCapacity === undefined ? 1 : (colCapacity[j] as number);
  }
  if (places < rows) {
    return infeasible(`${rows} mentees must all be placed but the mentors who can take anyone have only ${places} places in all`);
  }
  const plain = solveShortestPath({ ...problem, allowed: usable, rowsMayStayUnmatched: false });
  if (plain.status === 'infeasible') {
    return infeasible('every mentee must be placed, but too few allowed mentors have room for some mentees, even before minimum group sizes and quotas');
  }
  for (const quota of sc.quotas ?? []) {
    let insideOnly = 0;
    for (let i = 0; i < rows; i++) {
      let outside = false;
      for (let j = 0; j < cols && !outside; j++) outside = usable[i * cols + j] === 1 && quota.pairs[i * cols + j] !== 1;
      if (!outside) insideOnly++;
    }
    // With every mentee placed there are `rows` pairs, at most share × rows inside the set.
    const cap = Math.floor(quota.maxShare * rows + 1e-9);
    if (insideOnly > cap) {
      return infeasible(
        `quota "${quota.name}" allows at most ${cap} of the ${rows} pairs inside it (share ${quota.maxShare}), ` +
        `but ${insideOnly} mentee${insideOnly === 1 ? '' : 's'} may only be paired inside it; raise its share or let mentees stay unmatched`
      );
    }
  }
  const hasMin = (sc.minPerColumn ?? []).some((m) => m > 1);
  const names = (sc.quotas ?? []).filter((q) => q.maxShare < 1).map((q) => `"${q.name}"`);
  const what = [hasMin ? 'the minimum group sizes' : '', names.length > 0 ? `the quota${names.length > 1 ? 's' : ''} ${names.join(', ')}` : ''].filter((s) => s !== '').join(' and ');
  if (what === '') return { status: 'invalid', reason: 'the LP solver found no way to place every mentee, but the shortest-path solver did; this is a solver failure' };
  return infeasible(
    `every mentee can be placed when minimum group sizes and quotas are ignored, but no placement meets ${what}; ` +
    'lower a minimum group size, raise a quota share, or let mentees stay unmatched'
  );
}
