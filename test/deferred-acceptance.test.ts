import { describe, expect, it } from 'vitest';
import type { AssignmentProblem } from '../engine/assignment-problem.js';
import { deferredAcceptance, type MatchPreferences } from '../engine/deferred-acceptance.js';
import { findBlockingPairs } from '../engine/find-blocking-pairs.js';
import { expectFeasible, randomProblem, type RandomProblemOptions } from './helpers/assignment.js';
import { randInt, rng } from './helpers/rng.js';

// The oracles below are written from the definitions alone, sharing no code with the engine.

/** Random values for both sides: tie-heavy integers or reals. */
function randomPreferences(next: () => number, p: AssignmentProblem, ties: boolean): MatchPreferences {
  const draw = () => (ties ? randInt(next, 0, 3) : next());
  return { rowValue: Float64Array.from(p.gains, draw), colValue: Float64Array.from(p.gains, draw) };
}

const capOf = (p: AssignmentProblem, j: number): number => p.colCapacity?.[j] ?? 1;
const mayPair = (p: AssignmentProblem, i: number, j: number): boolean => (p.allowed === undefined || p.allowed[i * p.cols + j] === 1) && capOf(p, j) > 0;

/** Row i's rank of every column: its position when all columns are sorted by value desc, then index; unmatched (-1) ranks last. */
function rowRankOf(p: AssignmentProblem, prefs: MatchPreferences, i: number): (j: number) => number {
  const order = Array.from({ length: p.cols }, (_, j) => j).sort((a, b) => (prefs.rowValue[i * p.cols + b] as number) - (prefs.rowValue[i * p.cols + a] as number) || a - b);
  const rank = new Int32Array(p.cols + 1).fill(p.cols);
  order.forEach((j, r) => (rank[j] = r));
  return (j) => rank[j === -1 ? p.cols : j] as number;
}

/** Column j's rank of every row, the same way. */
function colRankOf(p: AssignmentProblem, prefs: MatchPreferences, j: number): (i: number) => number {
  const order = Array.from({ length: p.rows }, (_, i) => i).sort((a, b) => (prefs.colValue[b * p.cols + j] as number) - (prefs.colValue[a * p.cols + j] as number) || a - b);
  const rank = new Int32Array(p.rows);
  order.forEach((i, r) => (rank[i] = r));
  return (i) => rank[i] as number;
}

/** Every blocking pair of `rowToCol`, by the textbook definition, as "row,col" strings. */
function bruteBlocking(p: AssignmentProblem, prefs: MatchPreferences, rowToCol: Int32Array): string[] {
  return blockingByRanks(p, ranksOf(p, prefs), rowToCol);
}

interface Ranks {
  readonly row: ((j: number) => number)[];
  readonly col: ((i: number) => number)[];
}

function ranksOf(p: AssignmentProblem, prefs: MatchPreferences): Ranks {
  return { row: Array.from({ length: p.rows }, (_, i) => rowRankOf(p, prefs, i)), col: Array.from({ length: p.cols }, (_, j) => colRankOf(p, prefs, j)) };
}

function blockingByRanks(p: AssignmentProblem, { row: rowRank, col: colRank }: Ranks, rowToCol: Int32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.cols; j++) {
      if (!mayPair(p, i, j) || rowToCol[i] === j) continue;
      if (!(rowRank[i]!(j) < rowRank[i]!(rowToCol[i] as number))) continue;
      const holders: number[] = [];
      for (let r = 0; r < p.rows; r++) if (rowToCol[r] === j) holders.push(r);
      if (holders.length < capOf(p, j) || holders.some((r) => colRank[j]!(i) < colRank[j]!(r))) out.push(`${i},${j}`);
    }
  }
  return out;
}

/** Every feasible matching of a tiny problem (each row unmatched or on an allowed column with room). */
function allMatchings(p: AssignmentProblem): Int32Array[] {
  const out: Int32Array[] = [];
  const cur = new Int32Array(p.rows).fill(-1);
  const room = Int32Array.from({ length: p.cols }, (_, j) => capOf(p, j));
  const visit = (i: number): void => {
    if (i === p.rows) {
      out.push(cur.slice());
      return;
    }
    cur[i] = -1;
    visit(i + 1);
    for (let j = 0; j < p.cols; j++) {
      if (!mayPair(p, i, j) || room[j] === 0) continue;
      room[j]!--;
      cur[i] = j;
      visit(i + 1);
      room[j]!++;
    }
    cur[i] = -1;
  };
  visit(0);
  return out;
}

function solve(p: AssignmentProblem, prefs: MatchPreferences): Int32Array {
  const out = deferredAcceptance(p, prefs);
  if (out.status !== 'stable') throw new Error(out.reason);
  return out.rowToCol;
}

const shapes: { name: string; opts: RandomProblemOptions }[] = [
  { name: 'one-to-one, tie-heavy, a fifth forbidden', opts: { ties: true, capacities: false, forbidRate: 0.2, maxSide: 9 } },
  { name: 'capacities 0–3, tie-heavy, a third forbidden', opts: { ties: true, capacities: true, forbidRate: 0.35, maxSide: 9 } },
  { name: 'capacities 0–3, real values, few forbidden', opts: { ties: false, capacities: true, forbidRate: 0.05, maxRows: 14, maxCols: 6 } },
  { name: 'many more rows than places', opts: { ties: true, capacities: true, forbidRate: 0.1, maxRows: 20, maxCols: 3, maxCap: 2 } },
  { name: 'capacities up to 9 (deeper column heaps), long rows', opts: { ties: true, capacities: true, forbidRate: 0.1, maxRows: 30, maxCols: 12, maxCap: 9 } },
];

describe('deferredAcceptance is feasible and stable', () => {
  it.each(shapes)('$name: 300 random instances', ({ opts }) => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed * 7919);
      const p = randomProblem(next, opts);
      const prefs = randomPreferences(next, p, opts.ties);
      const rowToCol = solve(p, prefs);
      expectFeasible(p, rowToCol);
      expect(bruteBlocking(p, prefs, rowToCol), `seed ${seed}`).toEqual([]);
    }
  });

  it('never mutates its inputs and answers the same twice', () => {
    const next = rng(42);
    const p = randomProblem(next, shapes[1]!.opts);
    const prefs = randomPreferences(next, p, true);
    const copies = [p.gains.slice(), p.allowed!.slice(), p.colCapacity!.slice(), prefs.rowValue.slice(), prefs.colValue.slice()];
    const first = solve(p, prefs);
    expect([p.gains, p.allowed, p.colCapacity, prefs.rowValue, prefs.colValue]).toEqual(copies);
    expect(solve(p, prefs)).toEqual(first);
  });
});

describe('deferredAcceptance is mentee-optimal: brute force over every stable matching of tiny instances', () => {
  /** 5 rows, 4 or 5 columns of capacity 1–2, every pair allowed: the shape where several stable matchings are common. */
  const crowded = (next: () => number): AssignmentProblem => {
    const cols = randInt(next, 4, 5);
    return { rows: 5, cols, gains: new Float64Array(5 * cols), colCapacity: Int32Array.from({ length: cols }, () => (next() < 0.2 ? 2 : 1)) };
  };

  // Odd seeds: random sizes, capacities 0–2, forbidden pairs and ties; even seeds: crowded, real values.
  it('400 instances up to 5 rows × 5 columns', () => {
    let multiple = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = rng(seed);
      const p =
        seed % 2 === 1
          ? randomProblem(next, { ties: true, capacities: true, forbidRate: 0.2, maxRows: 5, maxCols: 4, maxCap: 2 })
          : crowded(next);
      const prefs = randomPreferences(next, p, seed % 2 === 1);
      const da = solve(p, prefs);
      const ranks = ranksOf(p, prefs);
      const stable = allMatchings(p).filter((m) => blockingByRanks(p, ranks, m).length === 0);
      expect(stable.map((m) => [...m]), `seed ${seed}: DA's matching is one of the stable ones`).toContainEqual([...da]);
      if (stable.length > 1) multiple++;
      for (let i = 0; i < p.rows; i++) {
        const rank = ranks.row[i]!;
        for (const m of stable) expect(rank(da[i] as number), `seed ${seed}, row ${i}`).toBeLessThanOrEqual(rank(m[i] as number));
      }
      // Rural hospitals theorem: every stable matching places the same rows and fills each column as much.
      const filled = (m: Int32Array) => Array.from({ length: p.cols }, (_, j) => m.filter((x) => x === j).length);
      for (const m of stable) {
        expect([...m].map((j) => j === -1), `seed ${seed}`).toEqual([...da].map((j) => j === -1));
        expect(filled(m), `seed ${seed}`).toEqual(filled(da));
      }
    }
    // The check means something only if some instances have a choice of stable matchings.
    expect(multiple).toBeGreaterThan(20);
  });
});

describe('deferredAcceptance edge cases', () => {
  const one = (gains: number[], rows: number, cols: number, extra: Partial<AssignmentProblem> = {}): AssignmentProblem => ({
    rows,
    cols,
    gains: Float64Array.from(gains),
    ...extra,
  });
  it.each([
    { name: 'no rows', p: one([], 0, 3), want: [] },
    { name: 'no columns', p: one([], 2, 0), want: [-1, -1] },
    { name: 'every pair forbidden', p: one([1, 2, 3, 4], 2, 2, { allowed: new Uint8Array(4) }), want: [-1, -1] },
    { name: 'a column without places takes nobody', p: one([5, 1, 5, 1], 2, 2, { colCapacity: Int32Array.of(0, 1) }), want: [1, -1] },
    { name: 'a huge capacity takes everyone who wants it', p: one([5, 1, 5, 1, 5, 1], 3, 2, { colCapacity: Int32Array.of(2_000_000_000, 1) }), want: [0, 0, 0] },
    { name: 'equal values: the lower index wins on both sides', p: one([1, 1, 1, 1], 2, 2), want: [0, 1] },
    { name: 'rowsMayStayUnmatched false is ignored', p: one([1, 1], 2, 1, { rowsMayStayUnmatched: false }), want: [0, -1] },
  ])('$name', ({ p, want }) => {
    expect([...solve(p, { rowValue: p.gains, colValue: p.gains })]).toEqual(want);
  });

  it('the column keeps the rows it prefers, not the ones who asked first', () => {
    // Both rows want column 0 most; column 0 (one place) prefers row 1, so row 0 falls back to column 1.
    const p = one([9, 1, 9, 1], 2, 2);
    const prefs = { rowValue: p.gains, colValue: Float64Array.of(0, 0, 1, 0) };
    expect([...solve(p, prefs)]).toEqual([1, 0]);
  });

  it.each([
    { name: 'rowValue of the wrong length', prefs: { rowValue: new Float64Array(3), colValue: new Float64Array(4) } },
    { name: 'NaN on an allowed pair', prefs: { rowValue: Float64Array.of(1, NaN, 1, 1), colValue: new Float64Array(4) } },
  ])('invalid: $name', ({ prefs }) => {
    const out = deferredAcceptance(one([1, 2, 3, 4], 2, 2), prefs);
    expect(out.status).toBe('invalid');
  });

  it('NaN on a forbidden pair is never read', () => {
    const p = one([1, 2, 3, 4], 2, 2, { allowed: Uint8Array.of(1, 0, 1, 1) });
    expect(deferredAcceptance(p, { rowValue: Float64Array.of(1, NaN, 1, 1), colValue: p.gains }).status).toBe('stable');
  });
});

describe('findBlockingPairs agrees with the brute-force definition', () => {
  it.each(shapes)('$name: 300 random matchings', ({ opts }) => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed * 104729);
      const p = randomProblem(next, opts);
      const prefs = randomPreferences(next, p, opts.ties);
      // A random feasible matching: rows in random order take a random column with room, or stay out.
      const rowToCol = new Int32Array(p.rows).fill(-1);
      const room = Int32Array.from({ length: p.cols }, (_, j) => capOf(p, j));
      for (let i = 0; i < p.rows; i++) {
        const open = [...room.keys()].filter((j) => mayPair(p, i, j) && (room[j] as number) > 0);
        const j = next() < 0.2 ? undefined : open[randInt(next, 0, open.length - 1)];
        if (j !== undefined) {
          rowToCol[i] = j;
          room[j]!--;
        }
      }
      const found = findBlockingPairs(p, prefs, rowToCol).map(({ row, col }) => `${row},${col}`);
      expect(found, `seed ${seed}`).toEqual(bruteBlocking(p, prefs, rowToCol));
    }
  });

  it('throws on a matching that breaks a capacity', () => {
    const p: AssignmentProblem = { rows: 2, cols: 1, gains: Float64Array.of(1, 1) };
    expect(() => findBlockingPairs(p, { rowValue: p.gains, colValue: p.gains }, Int32Array.of(0, 0))).toThrow(RangeError);
  });
});
