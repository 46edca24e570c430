/** Random assignment problems and the checks every solver's answer must pass. */
import { expect } from 'vitest';
import type { AssignmentOutcome, AssignmentProblem } from '../../engine/assignment-problem.js';
import { randInt, rng } from './rng.js';

/** Options of {@link randomProblem}. */
export interface RandomProblemOptions {
  readonly ties: boolean;
  readonly capacities: boolean;
  readonly forbidRate: number;
  /** Largest side (rows and columns alike), unless `maxRows` / `maxCols` say otherwise. */
  readonly maxSide?: number;
  readonly maxRows?: number;
  readonly maxCols?: number;
  /** Largest capacity (default 3; 0 is always possible). */
  readonly maxCap?: number;
  /** Sets `rowsMayStayUnmatched` when given. */
  readonly optional?: boolean;
}

/**
 * A random problem: real or tie-heavy integer gains (0–5), some forbidden
 * pairs, some capacities. `seed` starts a fresh generator; a generator
 * function is drawn from as is.
 */
export function randomProblem(seed: number | (() => number), opts: RandomProblemOptions): AssignmentProblem {
  const next = typeof seed === 'number' ? rng(seed) : seed;
  const rows = randInt(next, 1, opts.maxRows ?? opts.maxSide ?? 8);
  const cols = randInt(next, 1, opts.maxCols ?? opts.maxSide ?? 8);
  const gains = new Float64Array(rows * cols);
  const allowed = new Uint8Array(rows * cols);
  for (let k = 0; k < gains.length; k++) {
    gains[k] = opts.ties ? randInt(next, 0, 5) : next() * 100 - 10;
    allowed[k] = next() < opts.forbidRate ? 0 : 1;
  }
  const colCapacity = opts.capacities ? Int32Array.from({ length: cols }, () => randInt(next, 0, opts.maxCap ?? 3)) : undefined;
  return {
    rows,
    cols,
    gains,
    allowed,
    ...(colCapacity ? { colCapacity } : {}),
    ...(opts.optional === undefined ? {} : { rowsMayStayUnmatched: opts.optional }),
  };
}

/** The assignment respects capacities, forbidden pairs and row uniqueness. */
export function expectFeasible(p: AssignmentProblem, rowToCol: Int32Array): void {
  const used = new Int32Array(p.cols);
  for (let i = 0; i < p.rows; i++) {
    const j = rowToCol[i] as number;
    if (j < 0) continue;
    expect(j).toBeLessThan(p.cols);
    if (p.allowed) expect(p.allowed[i * p.cols + j]).toBe(1);
    used[j] = (used[j] as number) + 1;
  }
  for (let j = 0; j < p.cols; j++) expect(used[j]).toBeLessThanOrEqual(p.colCapacity ? (p.colCapacity[j] as number) : 1);
}

/**
 * The outcome's dual prices prove it optimal: every allowed pair covered,
 * held pairs tight, no price on a column with room (nor, when rows may stay
 * unmatched, on an unmatched row), and the dual total equal to the objective.
 */
export function expectDualCertificate(p: AssignmentProblem, out: Extract<AssignmentOutcome, { status: 'optimal' }>, label: string): void {
  if (out.duals === undefined) throw new Error(`${label}: no duals`);
  const optional = p.rowsMayStayUnmatched ?? true;
  const { row, col } = out.duals;
  const cap = (j: number) => p.colCapacity?.[j] ?? 1;
  const used = new Int32Array(p.cols);
  for (let i = 0; i < p.rows; i++) if ((out.rowToCol[i] as number) >= 0) used[out.rowToCol[i] as number]! += 1;
  let dualTotal = 0;
  for (let i = 0; i < p.rows; i++) {
    dualTotal += row[i] as number;
    if (optional) expect(row[i], `${label} row ${i} ≥ 0`).toBeGreaterThanOrEqual(-1e-9);
    if (optional && out.rowToCol[i] === -1) expect(row[i]).toBeCloseTo(0, 9);
    for (let j = 0; j < p.cols; j++) {
      if (p.allowed?.[i * p.cols + j] === 0) continue;
      expect((row[i] as number) + (col[j] as number), `${label} pair ${i},${j}`).toBeGreaterThanOrEqual((p.gains[i * p.cols + j] as number) - 1e-9);
    }
    const j = out.rowToCol[i] as number;
    if (j >= 0) expect((row[i] as number) + (col[j] as number)).toBeCloseTo(p.gains[i * p.cols + j] as number, 9);
  }
  for (let j = 0; j < p.cols; j++) {
    expect(col[j]).toBeGreaterThanOrEqual(-1e-9);
    if ((used[j] as number) < cap(j)) expect(col[j], `${label} column ${j} has room`).toBeCloseTo(0, 9);
    dualTotal += cap(j) * (col[j] as number);
  }
  expect(dualTotal, label).toBeCloseTo(out.objective, 6);
}
