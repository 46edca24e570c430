import computeMunkres from 'munkres-js';
import { describe, expect, it } from 'vitest';
import { solveBruteForce } from '../engine/solve-brute-force.js';
import { solveWithCandidates } from '../engine/solve-candidates.js';
import { expectDualCertificate, expectFeasible, randomProblem } from './helpers/assignment.js';
import { randInt, rng } from './helpers/rng.js';

describe('candidate lists certified by duals', () => {
  it.each([
    { name: 'capacities, rows optional', optional: true, capacities: true },
    { name: 'capacities, rows required', optional: false, capacities: true },
    { name: 'one place per column, rows optional', optional: true, capacities: false },
  ])('$name: brute-force optimum and a dual certificate from lists of 1 column and 1 row, so warm rounds must grow them (400 problems up to 8×8)', ({ optional, capacities }) => {
    let viaLists = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const p = { ...randomProblem(seed * 17 + 3, { ties: seed % 2 === 0, capacities, forbidRate: 0.2, maxSide: 8 }), rowsMayStayUnmatched: optional };
      const fast = solveWithCandidates(p, 1, 1);
      const oracle = solveBruteForce(p);
      if (fast === null) {
        // Handed to the dense solver: only when rows must be placed and the lists could not place them.
        expect(optional, `seed ${seed}`).toBe(false);
        continue;
      }
      viaLists++;
      expect(fast.status, `seed ${seed}`).toBe(oracle.status);
      if (fast.status !== 'optimal' || oracle.status !== 'optimal') continue;
      expect(fast.objective, `seed ${seed}`).toBeCloseTo(oracle.objective, 9);
      expectFeasible(p, fast.rowToCol);
      expectDualCertificate(p, fast, `seed ${seed}`);
    }
    expect(viaLists).toBeGreaterThan(optional ? 399 : 250);
  });

  it('matches brute force up to 8×8 with forbidden pairs and ties, even from lists of 1–2 columns', () => {
    let certified = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = rng(seed);
      const rows = randInt(next, 1, 8);
      const cols = randInt(next, rows, 8);
      const gains = Float64Array.from({ length: rows * cols }, () => (seed % 2 ? randInt(next, 0, 5) : next() * 100));
      const allowed = Uint8Array.from({ length: rows * cols }, () => (next() < 0.25 ? 0 : 1));
      const p = { rows, cols, gains, allowed, rowsMayStayUnmatched: false };
      const fast = solveWithCandidates(p, randInt(next, 1, 2));
      const oracle = solveBruteForce(p);
      if (fast === null) continue; // handed to the dense solver, which has its own oracle tests
      certified++;
      expect(fast.status, `seed ${seed}`).toBe(oracle.status);
      if (fast.status === 'optimal' && oracle.status === 'optimal') expect(fast.objective, `seed ${seed}`).toBeCloseTo(oracle.objective, 9);
    }
    expect(certified).toBeGreaterThan(300);
  });

  it('matches munkres-js from lists far too short, so the certificate has to add the missing pairs', () => {
    let certified = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const next = rng(seed);
      const rows = 120;
      const cols = 150;
      const gains = Float64Array.from({ length: rows * cols }, () => (seed % 2 ? randInt(next, 0, 9) : next() * 100));
      const out = solveWithCandidates({ rows, cols, gains, rowsMayStayUnmatched: false }, 4);
      if (out === null) continue;
      certified++;
      const grid = Array.from({ length: rows }, (_, i) => Array.from(gains.subarray(i * cols, (i + 1) * cols), (g) => 100 - g));
      const expected = computeMunkres(grid).reduce((s, [i, j]) => s + (gains[i * cols + j] as number), 0);
      if (out.status !== 'optimal') throw new Error(out.status);
      expect(out.objective, `seed ${seed}`).toBeCloseTo(expected, 6);
      expect(new Set(out.rowToCol).size).toBe(rows);
    }
    expect(certified).toBeGreaterThanOrEqual(6);
  });

  it('when every row wants the same few columns: the optimum, or a hand-over to the dense solver, never a wrong answer', () => {
    const rows = 120;
    const cols = 150;
    const next = rng(3);
    const gains = Float64Array.from({ length: rows * cols }, (_, k) => (k % cols < 15 ? 60 : 0) + next() * 10);
    const out = solveWithCandidates({ rows, cols, gains, rowsMayStayUnmatched: false }, 4);
    const grid = Array.from({ length: rows }, (_, i) => Array.from(gains.subarray(i * cols, (i + 1) * cols), (g) => 100 - g));
    const expected = computeMunkres(grid).reduce((s, [i, j]) => s + (gains[i * cols + j] as number), 0);
    if (out !== null) expect(out.status === 'optimal' && out.objective).toBeCloseTo(expected, 6);
  });

  it('returns dual prices that cover every allowed pair and sum to the objective', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const next = rng(seed);
      const rows = randInt(next, 5, 40);
      const cols = randInt(next, rows, 50);
      const gains = Float64Array.from({ length: rows * cols }, () => next() * 100);
      const allowed = Uint8Array.from({ length: rows * cols }, () => (next() < 0.1 ? 0 : 1));
      const out = solveWithCandidates({ rows, cols, gains, allowed, rowsMayStayUnmatched: false }, 3);
      if (out === null || out.status !== 'optimal' || out.duals === undefined) continue;
      const { row, col } = out.duals;
      let total = 0;
      for (let i = 0; i < rows; i++) total += row[i] as number;
      for (let j = 0; j < cols; j++) {
        expect(col[j]).toBeGreaterThanOrEqual(-1e-9);
        total += col[j] as number;
      }
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          if (allowed[i * cols + j] === 1) expect((row[i] as number) + (col[j] as number)).toBeGreaterThanOrEqual((gains[i * cols + j] as number) - 1e-7);
        }
      }
      expect(total, `seed ${seed}`).toBeCloseTo(out.objective, 6);
    }
  });
});
