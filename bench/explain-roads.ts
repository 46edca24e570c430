/**
 * What the committee's explanations cost: every mentee's road not taken
 * priced exactly (backward shortest-path searches over the optimum's duals,
 * one per mentor plus one for the unmatched), against the solve itself, on generated cohorts scored
 * by the real pipeline. Side by side on the same pairs: a warm re-solve per
 * forced pair, the other exact method (engine/solve-warm.ts), timed on a
 * sample of pairs and extrapolated.
 *
 * Usage: node --import tsx bench/explain-roads.ts [--sizes 1000x400,3000x1200,10000x4000] [--warm-sample 40]
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePool, poolToCsv } from '../fixtures/generate-pool.js';
import { prepareForcedPairPricing, priceForcedPairs, type PricedOptimum } from '../engine/price-forced-pair.js';
import { solveAssignment } from '../engine/solve-assignment.js';
import { solveWarmChecked } from '../engine/solve-warm.js';
import { placesPerColumn } from '../engine/assignment-problem.js';
import { findRoadsNotTaken } from '../runners/find-roads-not-taken.js';
import { prepareCohort } from '../runners/match-cohort.js';
import { loadInputs } from '../runners/run-batch.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const sizes = arg('--sizes', '1000x400,3000x1200').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const warmSample = Number(arg('--warm-sample', '40'));
const dir = mkdtempSync(join(tmpdir(), 'mm-explain-bench-'));
try {
  console.log('| mentees × mentors (eligible) | solve ms | explain ms | explain / solve | alternatives priced | exact | cells read | warm re-solve ms per pair (sample) | search ms per pair | warm / search |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [mentees, mentors] of sizes) {
    const file = join(dir, `pool-${mentees}x${mentors}.csv`);
    writeFileSync(file, poolToCsv(generatePool({ seed: 3, mentees, mentors })));
    const inputs = loadInputs({ applicationsFile: file, configFile: 'fixtures/sample-cohort/program.yaml' });
    const prepared = prepareCohort(inputs);
    if (prepared.status !== 'ready') throw new Error(prepared.status);
    const { pool, matrix, allowed, capacityLeft, pinnedCol, sideConstraints } = prepared;
    const rows = pool.mentees.length;
    const cols = pool.mentors.length;
    const problem = { rows, cols, gains: matrix.scores, allowed, colCapacity: capacityLeft };

    let t = performance.now();
    const outcome = solveAssignment(problem, 'auto', sideConstraints);
    const solveMs = performance.now() - t;
    if (outcome.status !== 'optimal' || outcome.duals === undefined) throw new Error('no priced optimum');

    const budget = { cells: Number.MAX_SAFE_INTEGER };
    t = performance.now();
    const roads = findRoadsNotTaken({ pool, matrix, problem, optimum: outcome, rowToCol: outcome.rowToCol, pinnedCol, sideConstraints, budgetCells: budget.cells });
    const explainMs = performance.now() - t;
    const alternatives = roads.flatMap((r) => r.alternatives);
    const exact = alternatives.filter((a) => a.drop !== null).length;
    // Cells read, from a second pass with a counting budget (the search is deterministic).
    const counted = { cellsLeft: Number.MAX_SAFE_INTEGER };
    const pricing = prepareForcedPairPricing(problem, outcome as PricedOptimum);
    const menteeIndex = new Map(pool.mentees.map((a, i) => [a, i]));
    const mentorIndex = new Map(pool.mentors.map((a, j) => [a, j]));
    const pairs: [number, number][] = [];
    for (const r of roads) {
      if (r.applicant.role !== 'mentee') continue;
      const i = menteeIndex.get(r.applicant) as number;
      for (const a of r.alternatives) pairs.push([i, mentorIndex.get(a.other) as number]);
    }
    priceForcedPairs(pricing, pairs.map(([row, col]) => ({ row, col })), counted);
    const cellsRead = Number.MAX_SAFE_INTEGER - counted.cellsLeft;

    // The peer: a warm re-solve per forced pair, on an evenly spread sample of the same pairs.
    const step = Math.max(1, Math.floor(pairs.length / warmSample));
    const sample = pairs.filter((_, k) => k % step === 0).slice(0, warmSample);
    t = performance.now();
    for (const [i, j] of sample) {
      const fixed = new Uint8Array(allowed);
      fixed.fill(0, i * cols, (i + 1) * cols);
      const places = placesPerColumn(problem);
      places[j] = (places[j] as number) - 1;
      const start = outcome.rowToCol.slice();
      start[i] = -1;
      solveWarmChecked({ rows, cols, gains: matrix.scores, allowed: fixed, colCapacity: places }, { rowToCol: start, duals: outcome.duals });
    }
    const warmPerPair = (performance.now() - t) / Math.max(1, sample.length);
    const searchPerPair = explainMs / Math.max(1, alternatives.length);
    console.log(
      `| ${mentees} × ${mentors} (${rows} × ${cols}) | ${solveMs.toFixed(0)} | ${explainMs.toFixed(0)} | ${(explainMs / solveMs).toFixed(2)} | ${alternatives.length} | ${exact} | ${cellsRead.toExponential(2)} | ${warmPerPair.toFixed(1)} | ${searchPerPair.toFixed(3)} | ${(warmPerPair / searchPerPair).toFixed(0)}× |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
