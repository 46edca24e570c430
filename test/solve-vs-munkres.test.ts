import computeMunkres from 'munkres-js';
import { describe, expect, it } from 'vitest';
import { solveShortestPath } from '../engine/solve-shortest-path.js';
import { randInt, rng } from './helpers/rng.js';

/**
 * munkres-js as a second oracle on sizes brute force cannot reach. It
 * minimises cost and places every row of the smaller side, so we compare on
 * problems where every row must be placed.
 */
function munkresMaxGain(rows: number, cols: number, gains: Float64Array): number {
  const cost: number[][] = [];
  for (let i = 0; i < rows; i++) cost.push(Array.from(gains.subarray(i * cols, (i + 1) * cols), (g) => 1000 - g));
  let total = 0;
  for (const [i, j] of computeMunkres(cost)) total += gains[i * cols + j] as number;
  return total;
}

describe('shortest augmenting path vs munkres-js (up to 200 × 200)', () => {
  it.each([
    { name: 'uniform reals', ties: false },
    { name: 'integer scores 0–5 (many ties)', ties: true },
  ])('$name: same optimum', ({ ties }) => {
    const next = rng(ties ? 17 : 23);
    for (const [rows, cols] of [[10, 10], [37, 50], [80, 80], [120, 150], [200, 200]] as const) {
      const gains = Float64Array.from({ length: rows * cols }, () => (ties ? randInt(next, 0, 5) : next() * 100));
      const ours = solveShortestPath({ rows, cols, gains, rowsMayStayUnmatched: false });
      if (ours.status !== 'optimal') throw new Error(ours.status);
      expect(ours.objective, `${rows}×${cols}`).toBeCloseTo(munkresMaxGain(rows, cols, gains), 6);
    }
  });
});
