import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import computeMunkres from 'munkres-js';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../runners/cli.js';
import { readMatrix, type LabelledMatrix } from '../runners/read-matrix.js';
import { solveMatrix } from '../runners/solve-matrix.js';
import { cli } from './helpers/cli.js';
import { randInt, rng } from './helpers/rng.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

describe('reading a raw matrix', () => {
  it('finds labels, and takes blank or x as a pair that may not be made', () => {
    const { matrix, problems } = readMatrix('m.csv', '\uFEFFcost;A;B\r\nr1;1,5;x\r\nr2;;2\r\n'.replace('1,5', '1.5'));
    expect(problems).toEqual([]);
    expect(matrix?.rowLabels).toEqual(['r1', 'r2']);
    expect(matrix?.colLabels).toEqual(['A', 'B']);
    expect(Array.from(matrix?.allowed ?? [])).toEqual([1, 0, 0, 1]);
    expect(Array.from(matrix?.values ?? [])).toEqual([1.5, 0, 0, 2]);
  });

  it('numbers columns and rows from 1 when there are no labels', () => {
    const { matrix } = readMatrix('m.csv', '1,2,3\n4,5,6\n');
    expect(matrix?.rowLabels).toEqual(['1', '2']);
    expect(matrix?.colLabels).toEqual(['1', '2', '3']);
  });

  it.each([
    ['1,2\n3,seven\n', [['bad_number', 2, '2']]],
    ['1,2\n3,1e309\n', [['bad_number', 2, '2']]],
    ['1,2\nNaN,Infinity\n', [['bad_number', 2, '1'], ['bad_number', 2, '2']]],
    ['1,2,3\n4,5\n', [['csv_malformed', 1, undefined], ['csv_malformed', 2, undefined]].slice(1)],
    ['', [['file_empty', undefined, undefined]]],
    ['"1,2\n3,4\n', [['csv_malformed', 1, undefined]]],
  ] as const)('%j → every problem with its row and column', (text, expected) => {
    const { matrix, problems } = readMatrix('m.csv', text);
    expect(matrix).toBeNull();
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual(expected);
  });
});

function randomMatrix(seed: number, forbidRate: number): LabelledMatrix {
  const next = rng(seed);
  const rows = randInt(next, 1, 7);
  const cols = randInt(next, 1, 7);
  const values = Float64Array.from({ length: rows * cols }, () => (seed % 2 === 0 ? randInt(next, 0, 5) : next() * 50 - 10));
  const allowed = Uint8Array.from({ length: rows * cols }, () => (next() < forbidRate ? 0 : 1));
  return { rows, cols, values, allowed, rowLabels: Array.from({ length: rows }, (_, i) => `r${i}`), colLabels: Array.from({ length: cols }, (_, j) => `c${j}`) };
}

describe('solveMatrix', () => {
  it('minimises like munkres-js on dense rectangular matrices, both ways round', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const m = randomMatrix(seed, 0);
      const grid = Array.from({ length: m.rows }, (_, i) => Array.from(m.values.subarray(i * m.cols, (i + 1) * m.cols)));
      const expected = computeMunkres(grid).reduce((s, [i, j]) => s + (grid[i]?.[j] ?? 0), 0);
      const out = solveMatrix(m, { sense: 'min' });
      if (out.status !== 'optimal') throw new Error(out.status);
      expect(out.solution.objective, `seed ${seed}`).toBeCloseTo(expected, 9);
      expect(out.solution.pairs).toHaveLength(Math.min(m.rows, m.cols));
    }
  });

  it('maximising is minimising the negated matrix', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const m = randomMatrix(seed, 0.2);
      const negated = { ...m, values: m.values.map((v) => -v) };
      const max = solveMatrix(m, { sense: 'max' });
      const min = solveMatrix(negated, { sense: 'min' });
      expect(max.status).toBe(min.status);
      if (max.status === 'optimal' && min.status === 'optimal') expect(max.solution.objective).toBeCloseTo(-min.solution.objective, 9);
    }
  });

  it.each(['max', 'min'] as const)('%s: duals bound every allowed pair and are tight on the pairs made', (sense) => {
    for (let seed = 1; seed <= 200; seed++) {
      const m = randomMatrix(seed, 0.25);
      const out = solveMatrix(m, { sense, allowUnmatched: seed % 3 === 0 });
      if (out.status !== 'optimal') continue;
      const d = out.solution.duals;
      if (d === null) throw new Error('no duals');
      for (let i = 0; i < m.rows; i++) {
        for (let j = 0; j < m.cols; j++) {
          if (m.allowed[i * m.cols + j] === 0) continue;
          const slack = (d.rows[i] as number) + (d.cols[j] as number) - (m.values[i * m.cols + j] as number);
          if (sense === 'max') expect(slack, `seed ${seed}`).toBeGreaterThanOrEqual(-1e-9);
          else expect(slack, `seed ${seed}`).toBeLessThanOrEqual(1e-9);
        }
      }
      for (const p of out.solution.pairs) {
        const i = m.rowLabels.indexOf(p.row);
        const j = m.colLabels.indexOf(p.col);
        expect((d.rows[i] as number) + (d.cols[j] as number)).toBeCloseTo(p.value, 9);
      }
    }
  });
});

describe('mentor-match solve', () => {
  it('prints the pairs as CSV and exits 0; exits 1 when no full assignment exists; 2 on a bad file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ok.csv'), 'cost,A,B\nr1,4,1\nr2,2,0\n');
    const ok = await cli('solve', join(dir, 'ok.csv'), '--minimize');
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out).toBe('row,column,value\r\nr1,B,1\r\nr2,A,2\r\n');
    expect(ok.err).toContain('objective 3 (minimised)');
    writeFileSync(join(dir, 'stuck.csv'), '1,2\nx,x\n');
    expect((await cli('solve', join(dir, 'stuck.csv'))).code).toBe(EXIT.failed);
    expect((await cli('solve', join(dir, 'stuck.csv'), '--allow-unmatched')).code).toBe(EXIT.ok);
    writeFileSync(join(dir, 'bad.csv'), '1,2\n3,oops\n');
    const bad = await cli('solve', join(dir, 'bad.csv'));
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain('[bad_number]');
  });

  it('--json and --out write the full solution with dual prices', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'm.csv'), '9,1\n8,7\n');
    const r = await cli('solve', join(dir, 'm.csv'), '--json');
    const sol = JSON.parse(r.out) as { objective: number; duals: { rows: number[]; cols: number[] } };
    expect(sol.objective).toBe(16);
    expect(sol.duals.rows.length + sol.duals.cols.length).toBe(4);
  });
});
