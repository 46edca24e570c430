import lpPackage from 'javascript-lp-solver';
import type { SolverAPI } from 'javascript-lp-solver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { objectiveOf, type AssignmentOutcome, type AssignmentProblem } from '../engine/assignment-problem.js';
import { assignmentViolation } from '../engine/check-assignment.js';
import { LP_MAX_TABLEAU_CELLS, lpCannotTake, lpTableauCells } from '../engine/lp-size-limit.js';
import { checkSideConstraints, hasSideConstraints, type Quota, type SideConstraints } from '../engine/side-constraints.js';
import { solveBruteForce } from '../engine/solve-brute-force.js';
import { solveLp } from '../engine/solve-lp.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { randomProblem } from './helpers/assignment.js';
import { randInt, rng } from './helpers/rng.js';

/** The solver singleton solveLp calls (a default import is the solver at run time; see solve-lp.ts). */
const lpSolver = lpPackage as unknown as SolverAPI;

/** Random minimum group sizes (0–3) and 0–2 quotas on random pair sets with shares that bind on small counts. */
function randomSideConstraints(next: () => number, p: AssignmentProblem): SideConstraints {
  const minPerColumn = Int32Array.from({ length: p.cols }, () => randInt(next, 0, 3));
  const shares = [0, 0.25, 1 / 3, 0.5, 0.6, 2 / 3, 1];
  const quotas: Quota[] = [];
  const nQuotas = randInt(next, 0, 2);
  for (let q = 0; q < nQuotas; q++) {
    const pairs = Uint8Array.from({ length: p.rows * p.cols }, () => (next() < 0.5 ? 1 : 0));
    quotas.push({ name: `set ${q}`, pairs, maxShare: shares[randInt(next, 0, shares.length - 1)] as number });
  }
  return { minPerColumn, quotas };
}

/**
 * Every constraint, checked here from the definitions (not through
 * engine/check-assignment.ts, which solveLp itself relies on).
 */
function expectFeasible(p: AssignmentProblem, sc: SideConstraints, rowToCol: Int32Array, label: string): void {
  expect(rowToCol.length, label).toBe(p.rows);
  const used = new Int32Array(p.cols);
  let made = 0;
  for (let i = 0; i < p.rows; i++) {
    const j = rowToCol[i] as number;
    if (j === -1) {
      expect(p.rowsMayStayUnmatched ?? true, `${label}: row ${i} unmatched`).toBe(true);
      continue;
    }
    expect(j, label).toBeGreaterThanOrEqual(0);
    expect(j, label).toBeLessThan(p.cols);
    if (p.allowed) expect(p.allowed[i * p.cols + j], `${label}: pair ${i},${j} allowed`).toBe(1);
    used[j] = (used[j] as number) + 1;
    made++;
  }
  for (let j = 0; j < p.cols; j++) {
    expect(used[j], `${label}: column ${j} capacity`).toBeLessThanOrEqual(p.colCapacity ? (p.colCapacity[j] as number) : 1);
    const min = sc.minPerColumn?.[j] ?? 0;
    if ((used[j] as number) > 0) expect(used[j], `${label}: column ${j} minimum`).toBeGreaterThanOrEqual(min);
  }
  for (const quota of sc.quotas ?? []) {
    let inSet = 0;
    for (let i = 0; i < p.rows; i++) if ((rowToCol[i] as number) >= 0 && quota.pairs[i * p.cols + (rowToCol[i] as number)] === 1) inSet++;
    expect(inSet, `${label}: quota ${quota.name}`).toBeLessThanOrEqual(quota.maxShare * made + 1e-9);
  }
}

function expectOptimal(out: AssignmentOutcome, label: string): asserts out is Extract<AssignmentOutcome, { status: 'optimal' }> {
  expect(out.status, `${label}: ${out.status !== 'optimal' ? out.reason : ''}`).toBe('optimal');
}

describe('solveLp without side constraints equals the shortest-path optimum', () => {
  const configs = [
    { name: 'real gains, one-to-one, rows optional', ties: false, capacities: false, optional: true, forbidRate: 0 },
    { name: 'tie-heavy 0–5, capacities, forbidden pairs, rows optional', ties: true, capacities: true, optional: true, forbidRate: 0.2 },
    { name: 'real gains, capacities, forbidden pairs, rows required', ties: false, capacities: true, optional: false, forbidRate: 0.2 },
    { name: 'tie-heavy 0–5, one-to-one, rows required', ties: true, capacities: false, optional: false, forbidRate: 0.1 },
  ] as const;
  it.each(configs)('$name: 10 random instances up to 12 × 12 (tall and wide)', (cfg) => {
    const next = rng(9001 + cfg.name.length);
    const seen = { tall: 0, wide: 0, optimal: 0 };
    for (let n = 0; n < 10; n++) {
      const p = randomProblem(next, { ...cfg, maxRows: 12, maxCols: 12, maxCap: 3 });
      if (p.rows > p.cols) seen.tall++;
      if (p.rows < p.cols) seen.wide++;
      const label = `${cfg.name} #${n} (${p.rows}×${p.cols})`;
      const lp = solveLp(p, {});
      const sp = solveShortestPath(p);
      expect(lp.status, label).toBe(sp.status);
      if (sp.status !== 'optimal') continue;
      expectOptimal(lp, label);
      seen.optimal++;
      expect(lp.solver).toBe('lp');
      expectFeasible(p, {}, lp.rowToCol, label);
      expect(lp.objective, label).toBeCloseTo(sp.objective, 9);
      expect(objectiveOf(p, lp.rowToCol), label).toBe(lp.objective);
    }
    // The draw really covered both shapes and mostly solvable instances.
    expect(seen.tall + seen.wide).toBeGreaterThan(5);
    expect(seen.optimal).toBeGreaterThan(3);
  });
});

describe('solveLp with minimum group sizes and quotas equals the brute-force oracle', () => {
  it('60 random instances up to 5 mentees × 4 mentors, capacities up to 3', () => {
    const next = rng(424242);
    const tally = { optimal: 0, infeasible: 0, binding: 0 };
    for (let n = 0; n < 60; n++) {
      const p = randomProblem(next, { maxRows: 5, maxCols: 4, ties: n % 2 === 0, capacities: true, maxCap: 3, forbidRate: 0.15, optional: n % 3 !== 0 });
      const sc = randomSideConstraints(next, p);
      const label = `#${n} (${p.rows}×${p.cols}, ${p.rowsMayStayUnmatched ? 'optional' : 'required'} rows)`;
      const lp = solveLp(p, sc);
      const oracle = solveBruteForce(p, sc);
      expect(lp.status, label).toBe(oracle.status);
      if (oracle.status === 'infeasible') {
        tally.infeasible++;
        continue;
      }
      expectOptimal(oracle, label);
      expectOptimal(lp, label);
      tally.optimal++;
      expectFeasible(p, sc, lp.rowToCol, label);
      expectFeasible(p, sc, oracle.rowToCol, `${label} (oracle)`);
      expect(Math.abs(lp.objective - oracle.objective), label).toBeLessThanOrEqual(1e-9);
      expect(objectiveOf(p, lp.rowToCol), label).toBe(lp.objective);
      const free = solveBruteForce(p);
      if (free.status === 'optimal' && free.objective > oracle.objective + 1e-9) tally.binding++;
    }
    // The side constraints must actually bite on a fair share of the draw, or this proves little.
    expect(tally.binding).toBeGreaterThanOrEqual(10);
    expect(tally.infeasible).toBeGreaterThanOrEqual(2);
    expect(tally.optimal).toBeGreaterThanOrEqual(30);
  });

  it('hand-checked: two mentors of capacity 2 who take nobody or at least 2', () => {
    // Gains: mentee 0 → (5, 1), mentee 1 → (4, 1), mentee 2 → (1, 3).
    // Without minimums: 0→A, 1→A, 2→B = 12. With minimum 2, B cannot open with
    // mentee 2 alone, and opening B with 2 and another costs more than it gains:
    // {0,1}→A = 9 beats {0,1}→A + nothing else possible, {0,2}→A + {1}→B (B too small),
    // {1,2}→B + {0}→A (A too small), {0,2}→B = 4. So 9, mentee 2 unmatched.
    const p: AssignmentProblem = { rows: 3, cols: 2, gains: Float64Array.of(5, 1, 4, 1, 1, 3), colCapacity: Int32Array.of(2, 2) };
    const out = solveLp(p, { minPerColumn: Int32Array.of(2, 2) });
    expectOptimal(out, 'min group');
    expect([...out.rowToCol]).toEqual([0, 0, -1]);
    expect(out.objective).toBe(9);
  });

  it('hand-checked: a 50% quota on same-department pairs', () => {
    // Mentee i and mentor i share a department (the diagonal) and score 10;
    // cross pairs score 1; at most half of the pairs made may be inside.
    // Both diagonal pairs: 2 of 2 inside. One diagonal pair alone: 1 of 1. A
    // diagonal pair plus a cross pair would need the same mentor twice. So
    // the best is both cross pairs, 0→1 and 1→0, for 1 + 1 = 2 (0 inside).
    const same = Uint8Array.of(1, 0, 0, 1);
    const p: AssignmentProblem = { rows: 2, cols: 2, gains: Float64Array.of(10, 1, 1, 10) };
    const out = solveLp(p, { quotas: [{ name: 'same department', pairs: same, maxShare: 0.5 }] });
    expectOptimal(out, 'quota');
    expect([...out.rowToCol]).toEqual([1, 0]);
    expect(out.objective).toBe(2);
  });
});

describe('infeasible when every mentee must be placed but the side constraints forbid it', () => {
  it('a quota no placement can meet', () => {
    // Both mentees may only be paired inside "same department" (every pair is
    // in the set) and at most 40% of pairs may be: placing both makes 100%.
    const p: AssignmentProblem = { rows: 2, cols: 2, gains: Float64Array.of(1, 2, 3, 4), rowsMayStayUnmatched: false };
    const sc: SideConstraints = { quotas: [{ name: 'same department', pairs: Uint8Array.of(1, 1, 1, 1), maxShare: 0.4 }] };
    const out = solveLp(p, sc);
    expect(out.status).toBe('infeasible');
    if (out.status === 'infeasible') expect(out.reason).toContain('quota "same department"');
    expect(solveBruteForce(p, sc).status).toBe('infeasible');
    // With rows optional, the same quota leaves everyone unmatched (objective 0).
    const optional = solveLp({ ...p, rowsMayStayUnmatched: true }, sc);
    expectOptimal(optional, 'optional rows');
    expect(optional.objective).toBe(0);
  });

  it('a quota too small for the mentees who may only be paired inside it', () => {
    // Mentees 0 and 1 may take mentors 0 or 1; mentee 2 only mentor 2 and
    // mentee 3 only mentor 3, both diagonal ("same department") pairs. With
    // all 4 placed, a 25% share allows 1 pair inside, but 2 are forced in.
    const allowed = Uint8Array.of(1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    const diagonal = Uint8Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    const p: AssignmentProblem = { rows: 4, cols: 4, gains: new Float64Array(16).fill(1), allowed, rowsMayStayUnmatched: false };
    const out = solveLp(p, { quotas: [{ name: 'same department', pairs: diagonal, maxShare: 0.25 }] });
    expect(out.status).toBe('infeasible');
    if (out.status === 'infeasible') expect(out.reason).toMatch(/allows at most 1 of the 4 pairs.*but 2 mentees may only be paired inside it/);
  });

  it('minimum group sizes that cannot add up to the cohort', () => {
    // 3 mentees, 2 mentors of capacity 2 with minimum 2: an open mentor takes
    // exactly 2, so the mentees placed are 0, 2 or 4 — never 3.
    const p: AssignmentProblem = { rows: 3, cols: 2, gains: new Float64Array(6).fill(1), colCapacity: Int32Array.of(2, 2), rowsMayStayUnmatched: false };
    const sc: SideConstraints = { minPerColumn: Int32Array.of(2, 2) };
    const out = solveLp(p, sc);
    expect(out.status).toBe('infeasible');
    if (out.status === 'infeasible') expect(out.reason).toContain('minimum group sizes');
    expect(solveBruteForce(p, sc).status).toBe('infeasible');
  });

  it('a mentee whose only mentors cannot open', () => {
    // Mentee 1 may only take mentor 1, whose capacity 1 is below its minimum of 2.
    const p: AssignmentProblem = {
      rows: 2,
      cols: 2,
      gains: Float64Array.of(1, 1, 1, 1),
      allowed: Uint8Array.of(1, 1, 0, 1),
      colCapacity: Int32Array.of(2, 1),
      rowsMayStayUnmatched: false,
    };
    const out = solveLp(p, { minPerColumn: Int32Array.of(0, 2) });
    expect(out.status).toBe('infeasible');
    if (out.status === 'infeasible') expect(out.reason).toContain('mentee row 1');
  });
});

describe('size limit', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lpCannotTake refuses an over-size cohort, naming the limit and its size', () => {
    const sc: SideConstraints = { quotas: [{ name: 'same department', pairs: new Uint8Array(1200 * 300), maxShare: 0.3 }] };
    const reason = lpCannotTake(1200, 300, 360_000, sc);
    expect(reason).not.toBeNull();
    expect(reason).toContain(LP_MAX_TABLEAU_CELLS.toLocaleString('en-US'));
    expect(reason).toContain('1,200 mentees × 300 mentors, 360,000 allowed pairs');
    expect(reason).toContain((lpTableauCells(1200, 300, 360_000, sc)).toLocaleString('en-US'));
    expect(reason).toContain('drop the quota');
    expect(lpCannotTake(10, 5, 50, sc)).toBeNull();
  });

  it('the cell count is (constraints + 1) × (variables + 1), counting each side constraint', () => {
    // 4 rows + 3 columns + 3 for the one column with a minimum + 1 quota below share 1 = 11
    // constraints; 10 pairs + 1 "opens" variable = 11 variables: 12 × 12 = 144.
    const sc: SideConstraints = {
      minPerColumn: Int32Array.of(0, 1, 3),
      quotas: [
        { name: 'a', pairs: new Uint8Array(12), maxShare: 0.5 },
        { name: 'b', pairs: new Uint8Array(12), maxShare: 1 },
      ],
    };
    expect(lpTableauCells(4, 3, 10, sc)).toBe(144);
    // Required rows are equalities, two inequalities each: 4 more constraints.
    expect(lpTableauCells(4, 3, 10, sc, false)).toBe(16 * 12);
  });

  it('solveLp returns invalid with that message before building a model', () => {
    const spy = vi.spyOn(lpSolver, 'Solve');
    const rows = 1200;
    const cols = 300;
    const p: AssignmentProblem = { rows, cols, gains: new Float64Array(rows * cols).fill(1) };
    const sc: SideConstraints = { minPerColumn: new Int32Array(cols).fill(2) };
    const started = performance.now();
    const out = solveLp(p, sc);
    const elapsed = performance.now() - started;
    expect(out.status).toBe('invalid');
    if (out.status === 'invalid') expect(out.reason).toBe(lpCannotTake(rows, cols, rows * cols, sc));
    expect(spy).not.toHaveBeenCalled();
    // A dense tableau this size would be gigabytes and many seconds; the refusal is a count.
    expect(elapsed).toBeLessThan(500);
  });

  it('a timeout becomes an invalid outcome that says so', () => {
    const next = rng(77);
    const rows = 40;
    const cols = 12;
    const gains = Float64Array.from({ length: rows * cols }, () => next() * 100);
    const p: AssignmentProblem = { rows, cols, gains, colCapacity: new Int32Array(cols).fill(4) };
    const pairs = Uint8Array.from({ length: rows * cols }, () => (next() < 0.5 ? 1 : 0));
    const out = solveLp(p, { minPerColumn: new Int32Array(cols).fill(3), quotas: [{ name: 'same department', pairs, maxShare: 0.3 }] }, { timeoutMs: 1 });
    expect(out.status).toBe('invalid');
    if (out.status === 'invalid') expect(out.reason).toContain('time limit');
  });
});

describe('side constraints that constrain nothing change nothing', () => {
  it('minimums of 0 and 1 and a quota of share 1 give the shortest-path optimum (30 random instances)', () => {
    const next = rng(31337);
    for (let n = 0; n < 30; n++) {
      const p = randomProblem(next, { maxRows: 10, maxCols: 8, ties: n % 2 === 0, capacities: true, maxCap: 3, forbidRate: 0.2, optional: n % 4 !== 0 });
      const sc: SideConstraints = {
        minPerColumn: Int32Array.from({ length: p.cols }, () => randInt(next, 0, 1)),
        quotas: [{ name: 'everything', pairs: new Uint8Array(p.rows * p.cols).fill(1), maxShare: 1 }],
      };
      const label = `#${n} (${p.rows}×${p.cols})`;
      const lp = solveLp(p, sc);
      const sp = solveShortestPath(p);
      expect(lp.status, label).toBe(sp.status);
      if (sp.status !== 'optimal') continue;
      expectOptimal(lp, label);
      expectFeasible(p, sc, lp.rowToCol, label);
      expect(lp.objective, label).toBeCloseTo(sp.objective, 9);
    }
  });

  it('hasSideConstraints: minimums of 0/1 and no quotas are none; a minimum of 2 or any quota is one', () => {
    expect(hasSideConstraints({})).toBe(false);
    expect(hasSideConstraints({ minPerColumn: Int32Array.of(0, 1, 1), quotas: [] })).toBe(false);
    expect(hasSideConstraints({ minPerColumn: Int32Array.of(0, 2) })).toBe(true);
    expect(hasSideConstraints({ quotas: [{ name: 'q', pairs: new Uint8Array(1), maxShare: 1 }] })).toBe(true);
  });
});

describe('input checks', () => {
  const p: AssignmentProblem = { rows: 2, cols: 3, gains: new Float64Array(6) };
  it.each([
    { name: 'minimums of the wrong length', sc: { minPerColumn: Int32Array.of(1, 1) }, expected: /minPerColumn has 2 entries/ },
    { name: 'a negative minimum', sc: { minPerColumn: Int32Array.of(0, -1, 0) }, expected: /column 1 has minimum group size -1/ },
    { name: 'quota pairs of the wrong length', sc: { quotas: [{ name: 'q', pairs: new Uint8Array(5), maxShare: 0.5 }] }, expected: /quota "q" marks 5 pairs/ },
    { name: 'a share above 1', sc: { quotas: [{ name: 'q', pairs: new Uint8Array(6), maxShare: 1.5 }] }, expected: /share 1.5/ },
    { name: 'a NaN share', sc: { quotas: [{ name: 'q', pairs: new Uint8Array(6), maxShare: NaN }] }, expected: /share NaN/ },
    { name: 'a pair mark of 2', sc: { quotas: [{ name: 'q', pairs: Uint8Array.of(0, 2, 0, 0, 0, 0), maxShare: 0.5 }] }, expected: /marks pair 1 with 2/ },
  ])('$name is invalid', ({ sc, expected }) => {
    expect(checkSideConstraints(p, sc)).toMatch(expected);
    const out = solveLp(p, sc);
    expect(out.status).toBe('invalid');
    if (out.status === 'invalid') expect(out.reason).toMatch(expected);
  });

  it('a minimum above capacity is allowed: that mentor just cannot open', () => {
    expect(checkSideConstraints(p, { minPerColumn: Int32Array.of(5, 0, 0) })).toBeNull();
    const out = solveLp({ rows: 2, cols: 2, gains: Float64Array.of(9, 1, 9, 1), colCapacity: Int32Array.of(2, 2) }, { minPerColumn: Int32Array.of(3, 0) });
    expectOptimal(out, 'min above capacity');
    // Mentor 0 (the 9s) cannot open; both mentees go to mentor 1.
    expect([...out.rowToCol]).toEqual([1, 1]);
  });

  it('does not mutate its input', () => {
    const next = rng(5);
    const q = randomProblem(next, { maxRows: 5, maxCols: 4, ties: true, capacities: true, maxCap: 3, forbidRate: 0.2, optional: true });
    const sc = randomSideConstraints(next, q);
    const snapshot = () => [Array.from(q.gains), Array.from(q.allowed ?? []), Array.from(q.colCapacity ?? []), Array.from(sc.minPerColumn ?? []), (sc.quotas ?? []).map((x) => [Array.from(x.pairs), x.maxShare])];
    const before = snapshot();
    solveLp(q, sc);
    expect(snapshot()).toEqual(before);
  });
});

describe('assignmentViolation (the re-check solveLp relies on)', () => {
  const p: AssignmentProblem = { rows: 3, cols: 2, gains: new Float64Array(6), allowed: Uint8Array.of(1, 1, 1, 0, 1, 1), colCapacity: Int32Array.of(2, 1) };
  it.each([
    { name: 'a forbidden pair', rowToCol: [0, 1, -1], sc: {}, expected: /forbidden/ },
    { name: 'over capacity', rowToCol: [1, -1, 1], sc: {}, expected: /capacity 1/ },
    { name: 'a column that does not exist', rowToCol: [2, -1, -1], sc: {}, expected: /does not exist/ },
    { name: 'below a minimum', rowToCol: [0, -1, 1], sc: { minPerColumn: Int32Array.of(2, 0) }, expected: /at least 2/ },
    { name: 'over a quota', rowToCol: [0, 0, 1], sc: { quotas: [{ name: 'q', pairs: Uint8Array.of(1, 0, 1, 0, 0, 0), maxShare: 0.5 }] }, expected: /2 of 3 pairs lie in quota "q"/ },
  ])('$name', ({ rowToCol, sc, expected }) => {
    expect(assignmentViolation(p, sc, Int32Array.from(rowToCol))).toMatch(expected);
  });
  it('an unmatched row when rows are required, and null for a feasible assignment', () => {
    expect(assignmentViolation({ ...p, rowsMayStayUnmatched: false }, {}, Int32Array.of(0, -1, 1))).toMatch(/row 1 is unmatched/);
    expect(assignmentViolation(p, { minPerColumn: Int32Array.of(2, 0) }, Int32Array.of(0, 0, 1))).toBeNull();
  });
});
