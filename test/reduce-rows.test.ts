import { describe, expect, it } from 'vitest';
import { reduceRows, type SlotView } from '../engine/reduce-rows.js';
import { randInt, rng } from './helpers/rng.js';

/** A random internal view: capacities as slots, some forbidden pairs, optional rows or not. */
function randomView(seed: number): SlotView {
  const next = rng(seed);
  const rows = randInt(next, 1, 30);
  const cols = randInt(next, 1, 30);
  const ties = next() < 0.5;
  const gains = Float64Array.from({ length: rows * cols }, () => (ties ? randInt(next, 0, 5) : next() * 100));
  const allowed = Uint8Array.from({ length: rows * cols }, () => (next() < 0.2 ? 0 : 1));
  const cap = Array.from({ length: cols }, () => randInt(next, 1, 3));
  const slotCol = Int32Array.from(cap.flatMap((c, j) => Array<number>(c).fill(j)));
  return { rows, cols, gains, allowed, slotCol, slots: slotCol.length, optional: next() < 0.5 };
}

describe('reduceRows: the invariants the shortest-path search relies on', () => {
  it('on 500 random problems: a consistent partial matching, tight pairs, no negative reduced cost for placed rows', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const view = randomView(seed);
      const width = view.slots + (view.optional ? view.rows : 0);
      const col4row = new Int32Array(view.rows).fill(-1);
      const row4col = new Int32Array(width).fill(-1);
      const u = new Float64Array(view.rows);
      const v = new Float64Array(width);
      reduceRows(view, col4row, row4col, u, v);
      const cost = (i: number, s: number): number => {
        if (s >= view.slots) return s - view.slots === i ? 0 : Infinity;
        const at = i * view.cols + (view.slotCol[s] as number);
        return view.allowed?.[at] === 1 ? -(view.gains[at] as number) : Infinity;
      };
      for (let i = 0; i < view.rows; i++) {
        const s = col4row[i] as number;
        if (s === -1) continue;
        expect(row4col[s], `seed ${seed}`).toBe(i);
        expect(cost(i, s) - (u[i] as number) - (v[s] as number)).toBeCloseTo(0, 9);
        for (let t = 0; t < width; t++) {
          const c = cost(i, t);
          if (c !== Infinity) expect(c - (u[i] as number) - (v[t] as number), `seed ${seed} row ${i} col ${t}`).toBeGreaterThanOrEqual(-1e-9);
        }
      }
      for (let s = 0; s < width; s++) if (row4col[s] !== -1) expect(col4row[row4col[s] as number]).toBe(s);
    }
  });

  it('places almost every row of a dense tie-heavy square problem', () => {
    const n = 300;
    const next = rng(5);
    const gains = Float64Array.from({ length: n * n }, () => randInt(next, 0, 5));
    const view: SlotView = { rows: n, cols: n, gains, allowed: undefined, slotCol: Int32Array.from({ length: n }, (_, i) => i), slots: n, optional: false };
    const col4row = new Int32Array(n).fill(-1);
    reduceRows(view, col4row, new Int32Array(n).fill(-1), new Float64Array(n), new Float64Array(n));
    expect(col4row.filter((s) => s === -1).length).toBeLessThan(n / 10);
  });
});
