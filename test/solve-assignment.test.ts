import { describe, expect, it } from 'vitest';
import { objectiveOf } from '../engine/assignment-problem.js';
import { solveAssignment } from '../engine/solve-assignment.js';
import { solveBruteForce } from '../engine/solve-brute-force.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { expectDualCertificate, expectFeasible, randomProblem } from './helpers/assignment.js';
import { rng } from './helpers/rng.js';

const configs = [
  { name: 'real gains, one-to-one', ties: false, capacities: false, forbidRate: 0 },
  { name: 'real gains, capacities, forbidden pairs', ties: false, capacities: true, forbidRate: 0.25 },
  { name: 'tie-heavy integers 0–5, capacities', ties: true, capacities: true, forbidRate: 0.1 },
  { name: 'tie-heavy, mostly forbidden', ties: true, capacities: false, forbidRate: 0.7 },
] as const;

/** The two ways the solver can go: candidate lists first (the default), or the dense searches alone. */
const paths = [
  { path: 'candidate lists', candidates: true },
  { path: 'dense searches', candidates: false },
] as const;

describe('shortest augmenting path vs brute force (up to 8×8)', () => {
  it.each(configs.flatMap((cfg) => paths.map((p) => ({ ...cfg, ...p }))))('$name, $path: same optimum on 300 random instances', (cfg) => {
    for (let seed = 1; seed <= 300; seed++) {
      const p = randomProblem(seed * 7919 + cfg.name.length, { ...cfg, maxSide: 8 });
      const fast = solveShortestPath(p, { candidates: cfg.candidates });
      const oracle = solveBruteForce(p);
      expect(fast.status).toBe('optimal');
      expect(oracle.status).toBe('optimal');
      if (fast.status !== 'optimal' || oracle.status !== 'optimal') return;
      expectFeasible(p, fast.rowToCol);
      expect(fast.objective).toBeCloseTo(oracle.objective, 9);
      expect(objectiveOf(p, fast.rowToCol)).toBeCloseTo(fast.objective, 9);
    }
  });

  it.each(paths)('$path: every row placed when rows may not stay unmatched, or infeasible exactly when brute force says so', ({ candidates }) => {
    for (let seed = 1; seed <= 300; seed++) {
      const p = { ...randomProblem(seed, { ties: false, capacities: true, forbidRate: 0.3, maxSide: 7 }), rowsMayStayUnmatched: false };
      const fast = solveShortestPath(p, { candidates });
      const oracle = solveBruteForce(p);
      expect(fast.status).toBe(oracle.status);
      if (fast.status === 'optimal' && oracle.status === 'optimal') {
        expect([...fast.rowToCol].every((j) => j >= 0)).toBe(true);
        expect(fast.objective).toBeCloseTo(oracle.objective, 9);
      }
    }
  });
});

describe('metamorphic properties', () => {
  it('permuting rows and columns permutes the solution and keeps the optimum', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const next = rng(seed);
      const p = randomProblem(seed, { ties: true, capacities: true, forbidRate: 0.2, maxSide: 12 });
      const rp = Array.from({ length: p.rows }, (_, i) => i).sort(() => next() - 0.5);
      const cp = Array.from({ length: p.cols }, (_, j) => j).sort(() => next() - 0.5);
      const gains = new Float64Array(p.rows * p.cols);
      const allowed = new Uint8Array(p.rows * p.cols);
      for (let i = 0; i < p.rows; i++) {
        for (let j = 0; j < p.cols; j++) {
          const from = (rp[i] as number) * p.cols + (cp[j] as number);
          gains[i * p.cols + j] = p.gains[from] as number;
          allowed[i * p.cols + j] = p.allowed?.[from] ?? 1;
        }
      }
      const colCapacity = p.colCapacity ? Int32Array.from(cp, (j) => p.colCapacity?.[j] ?? 1) : undefined;
      const a = solveShortestPath(p);
      const b = solveShortestPath({ rows: p.rows, cols: p.cols, gains, allowed, ...(colCapacity ? { colCapacity } : {}) });
      if (a.status !== 'optimal' || b.status !== 'optimal') throw new Error('expected optimal');
      expect(b.objective).toBeCloseTo(a.objective, 9);
    }
  });

  it('scaling every gain by a positive factor scales the optimum', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const p = randomProblem(seed, { ties: false, capacities: true, forbidRate: 0.2, maxSide: 12 });
      const scaled = { ...p, gains: p.gains.map((g) => g * 3.5) };
      const a = solveShortestPath(p);
      const b = solveShortestPath(scaled);
      if (a.status !== 'optimal' || b.status !== 'optimal') throw new Error('expected optimal');
      expect(b.objective).toBeCloseTo(a.objective * 3.5, 6);
    }
  });

  it('adding a constant to a row that must be placed shifts the optimum by that constant', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const base = randomProblem(seed, { ties: false, capacities: false, forbidRate: 0, maxSide: 10 });
      // Square-or-wide with every row placed: a row constant cannot change the argmax.
      const p = { ...base, cols: Math.max(base.cols, base.rows), rowsMayStayUnmatched: false };
      const gains = new Float64Array(p.rows * p.cols);
      for (let i = 0; i < p.rows; i++) for (let j = 0; j < base.cols; j++) gains[i * p.cols + j] = base.gains[i * base.cols + j] as number;
      const q = { rows: p.rows, cols: p.cols, gains, rowsMayStayUnmatched: false };
      const shifted = { ...q, gains: gains.map((g, k) => (Math.floor(k / q.cols) === 0 ? g + 42 : g)) };
      const a = solveShortestPath(q);
      const b = solveShortestPath(shifted);
      if (a.status !== 'optimal' || b.status !== 'optimal') throw new Error('expected optimal');
      expect(b.objective).toBeCloseTo(a.objective + 42, 6);
    }
  });
});

describe('edge cases', () => {
  it.each([
    { name: 'empty', rows: 0, cols: 0, gains: [], expected: 0 },
    { name: 'one cell', rows: 1, cols: 1, gains: [5], expected: 5 },
    { name: 'negative gain stays unmatched', rows: 1, cols: 1, gains: [-5], expected: 0 },
    { name: 'tall', rows: 3, cols: 1, gains: [1, 9, 4], expected: 9 },
    { name: 'wide', rows: 1, cols: 3, gains: [1, 9, 4], expected: 9 },
    { name: 'all zero', rows: 2, cols: 2, gains: [0, 0, 0, 0], expected: 0 },
  ])('$name', ({ rows, cols, gains, expected }) => {
    const out = solveAssignment({ rows, cols, gains: Float64Array.from(gains) });
    expect(out.status).toBe('optimal');
    if (out.status === 'optimal') expect(out.objective).toBe(expected);
  });

  it('an all-forbidden row stays unmatched and an all-forbidden column takes nobody', () => {
    const allowed = Uint8Array.from([0, 0, 0, 1, 0, 1, 1, 0, 1]);
    const out = solveShortestPath({ rows: 3, cols: 3, gains: Float64Array.from([9, 9, 9, 1, 9, 2, 3, 9, 4]), allowed });
    if (out.status !== 'optimal') throw new Error(out.status);
    expect(out.rowToCol[0]).toBe(-1);
    expect([...out.rowToCol]).not.toContain(1);
  });

  it.each([NaN, Infinity, -Infinity])('a gain of %s on an allowed pair is invalid input, not a wrong answer', (bad) => {
    const out = solveShortestPath({ rows: 2, cols: 2, gains: Float64Array.from([1, bad, 3, 4]) });
    expect(out.status).toBe('invalid');
  });

  it('a non-finite gain on a forbidden pair is ignored', () => {
    const out = solveShortestPath({ rows: 1, cols: 2, gains: Float64Array.from([NaN, 4]), allowed: Uint8Array.from([0, 1]) });
    expect(out.status === 'optimal' && out.objective).toBe(4);
  });

  it('does not mutate its input', () => {
    const p = randomProblem(3, { ties: true, capacities: true, forbidRate: 0.2, maxSide: 8 });
    const before = [Array.from(p.gains), Array.from(p.allowed ?? []), Array.from(p.colCapacity ?? [])];
    solveShortestPath(p);
    expect([Array.from(p.gains), Array.from(p.allowed ?? []), Array.from(p.colCapacity ?? [])]).toEqual(before);
  });
});

describe('dual prices certify the optimum', () => {
  it.each([
    { name: 'rows may stay unmatched', optional: true },
    { name: 'every row must be placed', optional: false },
  ].flatMap((c) => paths.map((p) => ({ ...c, ...p }))))('$name, $path: feasible, complementary, and equal in total to the objective (300 random problems)', ({ optional, candidates }) => {
    for (let seed = 1; seed <= 300; seed++) {
      const p = { ...randomProblem(seed * 31, { ties: seed % 2 === 0, capacities: true, forbidRate: 0.2, maxSide: 25 }), rowsMayStayUnmatched: optional };
      const out = solveShortestPath(p, { candidates });
      if (out.status === 'infeasible') continue;
      if (out.status !== 'optimal' || out.duals === undefined) throw new Error(`seed ${seed}: ${out.status}`);
      expectDualCertificate(p, out, `seed ${seed}`);
    }
  });
});
