import { describe, expect, it } from 'vitest';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import {
  LEX_TOLERANCE,
  solveLexicographic,
  valuesOf,
  type LexicographicLevel,
  type LexicographicProblem,
  type LexicographicValues,
} from '../engine/solve-lexicographic.js';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { expectFeasible, randomProblem, type RandomProblemOptions } from './helpers/assignment.js';
import { randInt, rng } from './helpers/rng.js';

/** The level orders every random instance is solved under. */
const ORDERS: readonly (readonly LexicographicLevel[])[] = [
  ['matched', 'preferred', 'total', 'worst'],
  ['total'],
  ['worst', 'total'],
  ['preferred', 'matched', 'total'],
  ['matched', 'worst'],
  ['matched', 'worst', 'preferred', 'total'],
  ['total', 'preferred', 'matched'],
];

/** A random problem with a "top-3 choices" mask: each row marks up to three random columns. */
function randomLexProblem(seed: number, opts: RandomProblemOptions): LexicographicProblem {
  const next = rng(seed);
  const base = randomProblem(next, opts);
  const preferred = new Uint8Array(base.rows * base.cols);
  for (let i = 0; i < base.rows; i++) for (let c = 0; c < 3; c++) preferred[i * base.cols + randInt(next, 0, base.cols - 1)] = 1;
  return { ...base, preferred };
}

/** Every feasible assignment's values (rows optional unless the problem says otherwise), by enumeration. */
function allValues(p: LexicographicProblem): LexicographicValues[] {
  const optional = p.rowsMayStayUnmatched ?? true;
  const room = Int32Array.from({ length: p.cols }, (_, j) => p.colCapacity?.[j] ?? 1);
  const current = new Int32Array(p.rows).fill(-1);
  const out: LexicographicValues[] = [];
  const visit = (i: number): void => {
    if (i === p.rows) {
      out.push(valuesOf(p, current));
      return;
    }
    if (optional) {
      current[i] = -1;
      visit(i + 1);
    }
    for (let j = 0; j < p.cols; j++) {
      if ((room[j] as number) === 0 || p.allowed?.[i * p.cols + j] === 0) continue;
      room[j] = (room[j] as number) - 1;
      current[i] = j;
      visit(i + 1);
      room[j] = (room[j] as number) + 1;
    }
    current[i] = -1;
  };
  visit(0);
  return out;
}

/** Tolerance of one level's comparison, as the solver scales it. */
function levelTolerance(p: AssignmentProblem, level: LexicographicLevel): number {
  if (level === 'matched' || level === 'preferred') return LEX_TOLERANCE;
  let scale = 1;
  for (let k = 0; k < p.gains.length; k++) if (p.allowed?.[k] !== 0) scale = Math.max(scale, Math.abs(p.gains[k] as number));
  return LEX_TOLERANCE * scale;
}

/** The lexicographic best of `all` under `levels` (every level maximised), or null when `all` is empty. */
function oracleBest(p: AssignmentProblem, all: readonly LexicographicValues[], levels: readonly LexicographicLevel[]): LexicographicValues | null {
  let best: LexicographicValues | null = null;
  for (const candidate of all) {
    if (best === null) {
      best = candidate;
      continue;
    }
    for (const level of levels) {
      const a = candidate[level];
      const b = best[level];
      if (a === b || Math.abs(a - b) <= levelTolerance(p, level)) continue;
      if (a > b) best = candidate;
      break;
    }
  }
  return best;
}

function expectSameValue(actual: number, expected: number, label: string): void {
  if (Number.isFinite(expected)) expect(actual, label).toBeCloseTo(expected, 6);
  else expect(actual, label).toBe(expected);
}

/** A deep copy of the typed arrays of `p`, to check nothing was mutated. */
function snapshot(p: LexicographicProblem): unknown[] {
  return [p.gains.slice(), p.allowed?.slice(), p.colCapacity?.slice(), p.preferred.slice()];
}

describe('solveLexicographic against brute force', () => {
  it('matches the enumerated lexicographic optimum at every level, for several level orders', () => {
    let instances = 0;
    let infeasible = 0;
    for (let seed = 1; seed <= 360; seed++) {
      const p = randomLexProblem(seed, {
        ties: seed % 2 === 0,
        capacities: true,
        maxCap: 2,
        forbidRate: 0.25,
        maxSide: 6,
        optional: seed % 4 === 3 ? false : undefined,
      });
      const all = allValues(p);
      const before = snapshot(p);
      instances++;
      for (const levels of ORDERS) {
        const label = `seed ${seed} ${p.rows}×${p.cols} [${levels.join(',')}]`;
        const out = solveLexicographic(p, levels);
        const expected = oracleBest(p, all, levels);
        if (expected === null) {
          expect(out.status, label).toBe('infeasible');
          infeasible++;
          continue;
        }
        if (out.status !== 'optimal') throw new Error(`${label}: ${out.status}`);
        expectFeasible(p, out.rowToCol);
        if (p.rowsMayStayUnmatched === false) expect(out.values.matched, label).toBe(p.rows);
        for (const level of levels) expectSameValue(out.values[level], expected[level], `${label} ${level}`);
        expect(out.values, label).toEqual(valuesOf(p, out.rowToCol));
      }
      expect(snapshot(p)).toEqual(before);
    }
    expect(instances).toBe(360);
    expect(infeasible).toBeGreaterThan(0); // the required-rows instances include some with too few places
  });

  it('keeps the higher levels exact when the gains are huge (where a big-M weighting loses them)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const p = randomLexProblem(1000 + seed, { ties: false, capacities: true, maxCap: 2, forbidRate: 0.2, maxSide: 5 });
      const huge = { ...p, gains: p.gains.map((g) => g * 1e15) };
      const levels: LexicographicLevel[] = ['matched', 'preferred', 'total'];
      const out = solveLexicographic(huge, levels);
      const expected = oracleBest(huge, allValues(huge), levels);
      if (out.status !== 'optimal' || expected === null) throw new Error(`seed ${seed}: ${out.status}`);
      expect(out.values.matched).toBe(expected.matched);
      expect(out.values.preferred).toBe(expected.preferred);
      expect(out.values.total / 1e15).toBeCloseTo(expected.total / 1e15, 6);
    }
  });
});

describe('solveLexicographic on larger problems', () => {
  it("['total'] alone reaches the shortest-path solver's optimum", () => {
    for (let seed = 1; seed <= 24; seed++) {
      const p = randomLexProblem(5000 + seed, {
        ties: seed % 2 === 0,
        capacities: seed % 3 !== 0,
        forbidRate: 0.2,
        maxRows: 40,
        maxCols: 30,
        optional: seed % 5 === 0 ? false : undefined,
      });
      const reference = solveShortestPath(p);
      const out = solveLexicographic(p, ['total']);
      if (reference.status !== 'optimal') {
        expect(out.status, `seed ${seed}`).toBe(reference.status);
        continue;
      }
      if (out.status !== 'optimal') throw new Error(`seed ${seed}: ${out.status}`);
      expectFeasible(p, out.rowToCol);
      expect(out.values.total, `seed ${seed}`).toBeCloseTo(reference.objective, 6);
    }
  });

  it('keeps every higher level when a lower one is added', () => {
    // Metamorphic: appending a level can only refine the answer, never change
    // the values of the levels already ranked.
    for (let seed = 1; seed <= 12; seed++) {
      const p = randomLexProblem(7000 + seed, { ties: seed % 2 === 0, capacities: true, forbidRate: 0.2, maxRows: 30, maxCols: 20 });
      const levels: LexicographicLevel[] = ['matched', 'preferred', 'worst', 'total'];
      const outs = levels.map((_, n) => solveLexicographic(p, levels.slice(0, n + 1)));
      for (let n = 1; n < outs.length; n++) {
        const a = outs[n - 1];
        const b = outs[n];
        if (a?.status !== 'optimal' || b?.status !== 'optimal') throw new Error(`seed ${seed}: not optimal`);
        for (const level of levels.slice(0, n)) expectSameValue(b.values[level], a.values[level], `seed ${seed} ${level}`);
      }
    }
  });
});

describe('solveLexicographic edge cases', () => {
  const tiny = (over: Partial<LexicographicProblem> = {}): LexicographicProblem => ({
    rows: 2,
    cols: 2,
    gains: Float64Array.of(5, 1, 4, 0),
    preferred: Uint8Array.of(0, 1, 1, 0),
    ...over,
  });

  it.each([
    ['no levels', tiny(), []],
    ['a level twice', tiny(), ['total', 'total']],
    ['an unknown level', tiny(), ['happiness' as LexicographicLevel]],
    ['preferred of the wrong length', tiny({ preferred: Uint8Array.of(1) }), ['total']],
    ['preferred not 0/1', tiny({ preferred: Uint8Array.of(0, 2, 0, 0) }), ['preferred']],
    ['a NaN gain', tiny({ gains: Float64Array.of(NaN, 1, 4, 0) }), ['total']],
  ] as const)('is invalid with %s', (_name, p, levels) => {
    expect(solveLexicographic(p, levels).status).toBe('invalid');
  });

  it('puts preferred pairs before a higher total', () => {
    // Total alone: (0→0, 1→1) = 5 or (0→1, 1→0) = 5 tie; preferred breaks it.
    const out = solveLexicographic(tiny(), ['preferred', 'total']);
    expect(out.status === 'optimal' && Array.from(out.rowToCol)).toEqual([1, 0]);
  });

  it('gives the empty matching and a worst of +Infinity when nothing may be made', () => {
    const p = tiny({ allowed: new Uint8Array(4) });
    for (const levels of [['worst'], ['matched', 'worst', 'total']] as const) {
      const out = solveLexicographic(p, levels);
      expect(out.status === 'optimal' && out.values).toEqual({ matched: 0, preferred: 0, total: 0, worst: Infinity });
    }
  });

  it('is infeasible when rows must be placed and cannot', () => {
    const p = tiny({ colCapacity: Int32Array.of(1, 0), rowsMayStayUnmatched: false });
    for (const levels of [['total'], ['worst'], ['matched', 'worst', 'total']] as const) {
      expect(solveLexicographic(p, levels).status).toBe('infeasible');
    }
  });

  it('handles no rows and no columns', () => {
    const none = { rows: 0, cols: 3, gains: new Float64Array(0), preferred: new Uint8Array(0) };
    expect(solveLexicographic(none, ['matched', 'worst']).status).toBe('optimal');
    const noCols = { rows: 2, cols: 0, gains: new Float64Array(0), preferred: new Uint8Array(0) };
    const out = solveLexicographic(noCols, ['matched', 'worst']);
    expect(out.status === 'optimal' && Array.from(out.rowToCol)).toEqual([-1, -1]);
  });

  it('raises the worst-off pair above the total-maximising one when worst comes first among required rows', () => {
    // Total: 0→0 + 1→1 = 10 + 0; worst-first: 0→1 + 1→0 = 3 + 3.
    const p = tiny({ gains: Float64Array.of(10, 3, 3, 0), rowsMayStayUnmatched: false });
    const total = solveLexicographic(p, ['total', 'worst']);
    const worst = solveLexicographic(p, ['worst', 'total']);
    expect(total.status === 'optimal' && total.values).toMatchObject({ total: 10, worst: 0 });
    expect(worst.status === 'optimal' && worst.values).toMatchObject({ total: 6, worst: 3 });
  });
});
