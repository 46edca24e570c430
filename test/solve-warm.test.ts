import { describe, expect, it } from 'vitest';
import type { AssignmentOutcome, AssignmentProblem } from '../engine/assignment-problem.js';
import { solveBruteForce } from '../engine/solve-brute-force.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { solveWarm, type WarmStats } from '../engine/solve-warm.js';
import { expectDualCertificate, expectFeasible, randomProblem } from './helpers/assignment.js';
import { randInt, rng } from './helpers/rng.js';

type Optimal = Extract<AssignmentOutcome, { status: 'optimal' }>;

function optimal(out: AssignmentOutcome, label: string): Optimal {
  if (out.status !== 'optimal') throw new Error(`${label}: ${out.status} ${'reason' in out ? out.reason : ''}`);
  return out;
}

/** What the committee can do between two solves. */
type Edit = 'ban held pairs' | 'ban random pairs' | 'release rows' | 'pin rows' | 'change capacities' | 'allow banned pairs';

/**
 * Applies `edit` to `p` given the first answer; returns the new problem and
 * the warm start (released rows set to -1). Pins follow the batch runner:
 * the pinned row is taken out (every pair forbidden) and its mentor loses a place.
 */
function applyEdit(p: AssignmentProblem, first: Optimal, edit: Edit, next: () => number): { problem: AssignmentProblem; rowToCol: Int32Array } {
  const allowed = p.allowed ? p.allowed.slice() : new Uint8Array(p.rows * p.cols).fill(1);
  const capacity = p.colCapacity ? p.colCapacity.slice() : new Int32Array(p.cols).fill(1);
  const rowToCol = first.rowToCol.slice();
  const held = [...rowToCol.keys()].filter((i) => (rowToCol[i] as number) >= 0);
  const some = <T,>(xs: readonly T[]): T[] => xs.filter(() => next() < 0.3);
  switch (edit) {
    case 'ban held pairs':
      for (const i of some(held)) allowed[i * p.cols + (rowToCol[i] as number)] = 0;
      break;
    case 'ban random pairs':
      for (let k = 0; k < allowed.length; k++) if (next() < 0.1) allowed[k] = 0;
      break;
    case 'release rows': {
      // Rematch: the released never meet their old partner or each other's.
      const released = some(held);
      for (const i of released) {
        for (const r of released) allowed[i * p.cols + (first.rowToCol[r] as number)] = 0;
        rowToCol[i] = -1;
      }
      break;
    }
    case 'pin rows':
      for (const i of some([...Array(p.rows).keys()])) {
        const choices = [...Array(p.cols).keys()].filter((j) => allowed[i * p.cols + j] === 1 && (capacity[j] as number) > 0);
        if (choices.length === 0) continue;
        const j = choices[randInt(next, 0, choices.length - 1)] as number;
        allowed.fill(0, i * p.cols, (i + 1) * p.cols);
        capacity[j] = (capacity[j] as number) - 1;
      }
      break;
    case 'change capacities':
      for (let j = 0; j < p.cols; j++) if (next() < 0.4) capacity[j] = randInt(next, 0, 3);
      break;
    case 'allow banned pairs':
      for (let k = 0; k < allowed.length; k++) if (allowed[k] === 0 && next() < 0.5) allowed[k] = 1;
      break;
  }
  return { problem: { ...p, allowed, colCapacity: capacity }, rowToCol };
}

const EDITS: readonly Edit[] = ['ban held pairs', 'ban random pairs', 'release rows', 'pin rows', 'change capacities', 'allow banned pairs'];

describe('warm re-solve equals a cold solve', () => {
  it.each(EDITS.flatMap((edit) => [true, false].map((optional) => ({ edit, optional }))))(
    '$edit (rows optional: $optional): same total as cold and as brute force, with a valid dual certificate (150 random problems up to 8×8)',
    ({ edit, optional }) => {
      for (let seed = 1; seed <= 150; seed++) {
        const next = rng(seed * 7919 + EDITS.indexOf(edit));
        const base = { ...randomProblem(seed * 13 + 5, { ties: seed % 2 === 0, capacities: seed % 3 !== 0, forbidRate: 0.2, maxSide: 8 }), rowsMayStayUnmatched: optional };
        const first = solveShortestPath(base);
        if (first.status !== 'optimal') continue;
        const { problem, rowToCol } = applyEdit(base, first, edit, next);
        const cold = solveShortestPath(problem);
        const warm = solveWarm(problem, { rowToCol, duals: first.duals! });
        const label = `seed ${seed}`;
        expect(warm.status, label).toBe(cold.status);
        if (cold.status !== 'optimal') continue;
        const w = optimal(warm, label);
        expect(w.objective, label).toBeCloseTo(cold.objective, 9);
        if (problem.rows * problem.cols <= 64) expect(w.objective, label).toBeCloseTo(optimal(solveBruteForce(problem), label).objective, 9);
        expectFeasible(problem, w.rowToCol);
        expectDualCertificate(problem, w, label);
      }
    },
  );

  it('keeps almost every pair and searches few rows after one ban on a 300 × 300 problem', () => {
    const next = rng(42);
    const n = 300;
    const gains = Float64Array.from({ length: n * n }, () => Math.floor(next() * 100));
    const base: AssignmentProblem = { rows: n, cols: n, gains, rowsMayStayUnmatched: true };
    const first = optimal(solveShortestPath(base), 'first');
    const allowed = new Uint8Array(n * n).fill(1);
    allowed[17 * n + (first.rowToCol[17] as number)] = 0;
    const problem = { ...base, allowed };
    const stats: WarmStats = { kept: 0, searched: 0 };
    const warm = optimal(solveWarm(problem, first, stats), 'warm');
    expect(warm.objective).toBeCloseTo(optimal(solveShortestPath(problem), 'cold').objective, 9);
    expect(warm.rowToCol[17]).not.toBe(first.rowToCol[17]);
    // The ban frees one row and one column price; a cold solve would search hundreds of rows.
    expect(stats.kept).toBeGreaterThanOrEqual(n - 10);
    expect(stats.searched).toBeLessThanOrEqual(10);
  });

  it('chains: a run of edits, each warm from the last, stays equal to cold', () => {
    const next = rng(7);
    let p: AssignmentProblem = { ...randomProblem(99, { ties: true, capacities: true, forbidRate: 0.1, maxSide: 40 }), rowsMayStayUnmatched: true };
    let last = optimal(solveShortestPath(p), 'start');
    for (let step = 0; step < 30; step++) {
      const edit = EDITS[randInt(next, 0, EDITS.length - 1)] as Edit;
      const { problem, rowToCol } = applyEdit(p, last, edit, next);
      const warm = optimal(solveWarm(problem, { rowToCol, duals: last.duals! }), `step ${step}`);
      expect(warm.objective, `step ${step} (${edit})`).toBeCloseTo(optimal(solveShortestPath(problem), `cold ${step}`).objective, 9);
      expectDualCertificate(problem, warm, `step ${step}`);
      p = problem;
      last = warm;
    }
  });

  it('falls back to a cold solve when the start has no duals or the wrong size', () => {
    const p = randomProblem(3, { ties: false, capacities: true, forbidRate: 0.1, maxSide: 6 });
    const cold = optimal(solveShortestPath(p), 'cold');
    expect(optimal(solveWarm(p, { rowToCol: cold.rowToCol }), 'no duals').objective).toBeCloseTo(cold.objective, 9);
    expect(optimal(solveWarm(p, { rowToCol: new Int32Array(p.rows + 1), duals: { row: new Float64Array(1), col: new Float64Array(1) } }), 'size').objective).toBeCloseTo(cold.objective, 9);
  });

  it('a non-finite gain on a forbidden pair does not loosen "tight" (the tolerance scales with allowed pairs only)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const p = { ...randomProblem(seed * 5 + 1, { ties: seed % 2 === 0, capacities: true, forbidRate: 0.3, maxSide: 8 }), rowsMayStayUnmatched: true };
      const gains = p.gains.slice();
      for (let k = 0; k < gains.length; k++) if (p.allowed?.[k] === 0) gains[k] = -Infinity;
      const withSentinels = { ...p, gains };
      const first = optimal(solveShortestPath(withSentinels), `seed ${seed}`);
      const allowed = (p.allowed as Uint8Array).slice();
      const held = first.rowToCol.findIndex((j) => j >= 0);
      if (held === -1) continue;
      allowed[held * p.cols + (first.rowToCol[held] as number)] = 0;
      gains[held * p.cols + (first.rowToCol[held] as number)] = -Infinity;
      const banned = { ...withSentinels, allowed };
      const warm = optimal(solveWarm(banned, first), `seed ${seed}`);
      expect(warm.objective, `seed ${seed}`).toBeCloseTo(optimal(solveShortestPath(banned), `cold ${seed}`).objective, 9);
      expect(warm.rowToCol[held], `seed ${seed}`).not.toBe(first.rowToCol[held]);
    }
  });

  it('rejects a non-finite gain like a cold solve', () => {
    const p: AssignmentProblem = { rows: 1, cols: 2, gains: Float64Array.of(1, Number.NaN) };
    expect(solveWarm(p, { rowToCol: Int32Array.of(0), duals: { row: Float64Array.of(1), col: Float64Array.of(0, 0) } }).status).toBe('invalid');
  });
});
