import { describe, expect, it } from 'vitest';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { prepareForcedPairPricing, priceForcedPair, priceForcedPairs, reducedCost, type PricedOptimum } from '../engine/price-forced-pair.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { randomProblem } from './helpers/assignment.js';
import { rng } from './helpers/rng.js';

/**
 * The oracle: the best total over every assignment that holds pair (r, c),
 * by plain enumeration — no reduction, no duals, nothing shared with the
 * code under test. -Infinity when no such assignment exists.
 */
function bestWithPair(p: AssignmentProblem, r: number, c: number): number {
  const optional = p.rowsMayStayUnmatched ?? true;
  const room = Int32Array.from({ length: p.cols }, (_, j) => p.colCapacity?.[j] ?? 1);
  let best = -Infinity;
  const visit = (i: number, total: number): void => {
    if (i === p.rows) {
      best = Math.max(best, total);
      return;
    }
    const options = i === r ? [c] : [...Array.from({ length: p.cols }, (_, j) => j), ...(optional ? [-1] : [])];
    for (const j of options) {
      if (j === -1) {
        visit(i + 1, total);
        continue;
      }
      if (p.allowed !== undefined && p.allowed[i * p.cols + j] !== 1) continue;
      if ((room[j] as number) === 0) continue;
      room[j] = (room[j] as number) - 1;
      visit(i + 1, total + (p.gains[i * p.cols + j] as number));
      room[j] = (room[j] as number) + 1;
    }
  };
  visit(0, 0);
  return best;
}

function optimumOf(p: AssignmentProblem): PricedOptimum | null {
  const out = solveShortestPath(p);
  if (out.status !== 'optimal') return null;
  if (out.duals === undefined) throw new Error('the shortest-path solver always gives duals');
  return { rowToCol: out.rowToCol, objective: out.objective, duals: out.duals };
}

describe('priceForcedPair', () => {
  const cases = [
    { name: 'one-to-one, rows optional', opts: { ties: false, capacities: false, forbidRate: 0.2, maxSide: 6, optional: true } },
    { name: 'one-to-one with ties', opts: { ties: true, capacities: false, forbidRate: 0.1, maxSide: 6, optional: true } },
    { name: 'capacities, rows optional', opts: { ties: false, capacities: true, forbidRate: 0.2, maxSide: 6, maxCap: 2, optional: true } },
    { name: 'capacities with ties', opts: { ties: true, capacities: true, forbidRate: 0.2, maxSide: 6, maxCap: 2, optional: true } },
    { name: 'many forbidden pairs (rows with none left, as pinned rows reach the engine)', opts: { ties: false, capacities: true, forbidRate: 0.6, maxSide: 6, maxCap: 2, optional: true } },
    { name: 'rows must be placed', opts: { ties: false, capacities: true, forbidRate: 0.15, maxRows: 5, maxCols: 6, maxCap: 2, optional: false } },
  ] as const;

  for (const { name, opts } of cases) {
    it(`equals brute force on every allowed pair (${name})`, () => {
      const next = rng(4242 + name.length);
      let priced = 0;
      let boundStrict = 0;
      for (let t = 0; t < 120; t++) {
        const p = randomProblem(next, opts);
        const best = optimumOf(p);
        if (best === null) continue;
        const tol = 1e-7;
        for (let i = 0; i < p.rows; i++) {
          for (let j = 0; j < p.cols; j++) {
            const quote = priceForcedPair(p, best, i, j);
            const oracle = bestWithPair(p, i, j);
            if (oracle === -Infinity) {
              expect(quote.status, `t${t} (${i},${j})`).toBe('impossible');
              continue;
            }
            expect(quote.status, `t${t} (${i},${j})`).toBe('priced');
            if (quote.status !== 'priced') continue;
            priced++;
            expect(quote.drop, `t${t} (${i},${j}) drop`).toBeCloseTo(best.objective - oracle, 6);
            expect(quote.drop).toBeGreaterThanOrEqual(0);
            expect(quote.bound, `t${t} (${i},${j}) bound ≤ drop`).toBeLessThanOrEqual(quote.drop + tol);
            expect(quote.bound).toBeCloseTo(reducedCost(p, best.duals, i, j), 12);
            if (quote.bound < quote.drop - 1e-6) boundStrict++;
          }
        }
      }
      expect(priced).toBeGreaterThan(200);
      // The bound is only a bound: on these instances it is often strictly below the drop.
      expect(boundStrict).toBeGreaterThan(0);
    });
  }

  it('shared searches price every pair of a problem as single searches do, in any order', () => {
    const next = rng(123);
    for (let t = 0; t < 60; t++) {
      const p = randomProblem(next, { ties: t % 2 === 0, capacities: true, forbidRate: 0.2, maxSide: 7, maxCap: 3, optional: t % 3 !== 0 });
      const best = optimumOf(p);
      if (best === null) continue;
      const requests = Array.from({ length: p.rows * p.cols }, (_, k) => ({ row: Math.floor(k / p.cols), col: k % p.cols }));
      const shuffled = [...requests].sort(() => next() - 0.5);
      const quotes = priceForcedPairs(prepareForcedPairPricing(p, best), shuffled);
      shuffled.forEach((r, q) => expect(quotes[q], `t${t} (${r.row},${r.col})`).toEqual(priceForcedPair(p, best, r.row, r.col)));
    }
  });

  it('one search per row prices all its columns as single searches do, and a spent budget says so', () => {
    const next = rng(99);
    for (let t = 0; t < 60; t++) {
      const p = randomProblem(next, { ties: t % 2 === 0, capacities: true, forbidRate: 0.2, maxSide: 7, maxCap: 2, optional: t % 3 !== 0 });
      const best = optimumOf(p);
      if (best === null) continue;
      const pricing = prepareForcedPairPricing(p, best);
      const all = Array.from({ length: p.cols }, (_, j) => j);
      for (let i = 0; i < p.rows; i++) {
        const together = priceForcedPairs(pricing, all.map((j) => ({ row: i, col: j })));
        all.forEach((j) => expect(together[j]).toEqual(priceForcedPair(p, best, i, j)));
        const starved = priceForcedPairs(pricing, all.map((j) => ({ row: i, col: j })), { cellsLeft: 0 });
        starved.forEach((q, j) => {
          const alone = together[j];
          if (alone?.status === 'priced' && alone.drop === 0 && best.rowToCol[i] === j) expect(q.status).toBe('priced');
          else if (alone?.status === 'impossible' && /not allowed|no place/.test(alone.reason)) expect(q).toEqual(alone);
          else expect(q.status, `t${t} (${i},${j})`).toMatch(/over_budget|impossible/);
        });
      }
    }
  });

  it('prices optima from the candidate lists of larger problems as a dense re-solve with the pair fixed does', () => {
    const next = rng(77);
    for (let t = 0; t < 6; t++) {
      const rows = 60 + Math.floor(next() * 40);
      const cols = 20 + Math.floor(next() * 15);
      const scale = t % 2 === 0 ? 1 : 1e6;
      const gains = Float64Array.from({ length: rows * cols }, () => Math.round(next() * 1000) * (scale / 10));
      const allowed = Uint8Array.from({ length: rows * cols }, () => (next() < 0.15 ? 0 : 1));
      const colCapacity = Int32Array.from({ length: cols }, () => Math.floor(next() * 4));
      const p: AssignmentProblem = { rows, cols, gains, allowed, colCapacity };
      const out = solveShortestPath(p, { candidates: true });
      if (out.status !== 'optimal' || out.duals === undefined) throw new Error('solvable, with duals');
      const best = { rowToCol: out.rowToCol, objective: out.objective, duals: out.duals };
      const pricing = prepareForcedPairPricing(p, best);
      const requests = Array.from({ length: 40 }, () => ({ row: Math.floor(next() * rows), col: Math.floor(next() * cols) }));
      // A partial budget: some requests are priced, the rest come back over budget, none wrong.
      const partial = priceForcedPairs(pricing, requests, { cellsLeft: 20 * (cols + 1) });
      const full = priceForcedPairs(pricing, requests);
      requests.forEach(({ row, col }, q) => {
        const quote = full[q];
        if (allowed[row * cols + col] !== 1 || colCapacity[col] === 0) return expect(quote?.status).toBe('impossible');
        const fixedAllowed = allowed.slice();
        fixedAllowed.fill(0, row * cols, (row + 1) * cols);
        const caps = colCapacity.slice();
        caps[col] = (caps[col] as number) - 1;
        const rest = solveShortestPath({ rows, cols, gains, allowed: fixedAllowed, colCapacity: caps }, { candidates: false });
        if (rest.status !== 'optimal' || quote?.status !== 'priced') throw new Error(`t${t}: ${quote?.status}`);
        const oracleDrop = out.objective - (gains[row * cols + col] as number) - rest.objective;
        expect(quote.drop / scale, `t${t} (${row},${col})`).toBeCloseTo(oracleDrop / scale, 6);
        const cut = partial[q];
        if (cut?.status === 'priced') expect(cut.drop).toBe(quote.drop);
        else expect(cut?.status).toBe('over_budget');
      });
      expect(partial.some((q) => q.status === 'over_budget')).toBe(true);
    }
  });

  it('prices the pair the optimum made at zero, and refuses a forbidden pair or a closed column', () => {
    const p: AssignmentProblem = {
      rows: 2,
      cols: 3,
      gains: Float64Array.from([5, 1, 9, 4, 3, 2]),
      allowed: Uint8Array.from([1, 1, 0, 1, 1, 1]),
      colCapacity: Int32Array.from([1, 0, 1]),
    };
    const best = optimumOf(p);
    if (best === null) throw new Error('solvable');
    const held = best.rowToCol[0] as number;
    const quote = priceForcedPair(p, best, 0, held);
    expect(quote).toMatchObject({ status: 'priced', drop: 0 });
    expect(priceForcedPair(p, best, 0, 2).status).toBe('impossible');
    expect(priceForcedPair(p, best, 1, 1).status).toBe('impossible');
  });

  it('refuses duals that do not price the optimum instead of quoting a wrong drop', () => {
    const next = rng(5);
    let refused = 0;
    for (let t = 0; t < 40; t++) {
      const p = randomProblem(next, { ties: false, capacities: true, forbidRate: 0.1, maxSide: 6, optional: true });
      const best = optimumOf(p);
      if (best === null) continue;
      const zero = { ...best, duals: { row: new Float64Array(p.rows), col: new Float64Array(p.cols) } };
      const quotes = priceForcedPairs(prepareForcedPairPricing(p, zero), Array.from({ length: p.cols }, (_, col) => ({ row: 0, col })));
      if (quotes.some((q) => q.status === 'invalid_duals')) refused++;
      // Zero duals do certify some tiny problems (every gain ≤ 0); then the quotes must still be right.
      quotes.forEach((q, col) => {
        if (q.status === 'priced') expect(q.drop).toBeCloseTo(best.objective - bestWithPair(p, 0, col), 6);
      });
    }
    expect(refused).toBeGreaterThan(10);
  });

  it('leaves the problem and the optimum as they were', () => {
    const p = randomProblem(7, { ties: false, capacities: true, forbidRate: 0.2, maxSide: 6, optional: true });
    const best = optimumOf(p);
    if (best === null) throw new Error('solvable');
    const before = { allowed: p.allowed?.slice(), caps: p.colCapacity?.slice(), rowToCol: best.rowToCol.slice(), row: best.duals.row.slice() };
    for (let i = 0; i < p.rows; i++) for (let j = 0; j < p.cols; j++) priceForcedPair(p, best, i, j);
    expect(p.allowed).toEqual(before.allowed);
    expect(p.colCapacity).toEqual(before.caps);
    expect(best.rowToCol).toEqual(before.rowToCol);
    expect(best.duals.row).toEqual(before.row);
  });
});
