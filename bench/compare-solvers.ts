/**
 * Side-by-side: our shortest-path solver against scipy's linear_sum_assignment,
 * the `munkres` and `linear-sum-assignment` npm packages (and munkres-js on
 * request), on the same seeded matrices, in one run.
 *
 *     node --import tsx bench/compare-solvers.ts [--sizes 500,1000] [--repeats N]
 *          [--kinds uniform,realistic] [--with-munkres-js] [--no-capacity] [--no-memory]
 *
 * Each matrix is generated once; every solver is timed on the solve call only
 * (not generation, conversion, I/O or process start). Per case it prints the
 * median and fastest time, the ratio ours/peer of the medians (< 1: ours is
 * faster) and whether the peer reached our optimum (relative 1e-6). Then a
 * capacity case (3000 mentees, 1200 mentors of capacity 3) and the peak RSS
 * growth of one solve of ours at the largest size. Exits 1 if any optimum differs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeMatrix, type BenchMatrix, type MatrixKind } from './make-matrices.js';
import type { PeakRss } from './measure-peak-rss.js';
import { OURS, capacityPeers, squarePeers, type BenchCase, type Peer, type PeerRun } from './time-peers.js';

/** Relative difference of objectives still counted as the same optimum. */
const OPTIMUM_TOLERANCE = 1e-6;

/** The capacity case of issue 3: mentees, mentors, places per mentor. */
const CAPACITY_CASE = { mentees: 3000, mentors: 1200, capacity: 3 } as const;

/** Timed solves per case when `--repeats` is not given: 5 up to n = 1000, 3 above. */
function defaultRepeats(n: number): number {
  return n <= 1000 ? 5 : 3;
}

/** Median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Whether two objectives agree within {@link OPTIMUM_TOLERANCE}, relative to the larger. */
function sameOptimum(a: number, b: number): boolean {
  return Math.abs(a - b) <= OPTIMUM_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

const COLUMNS = [
  ['solver', 30],
  ['runs', 5],
  ['median ms', 11],
  ['min ms', 11],
  ['ours/peer', 10],
  ['optimum', 0],
] as const;

function printRow(cells: readonly string[]): void {
  console.log(cells.map((c, k) => (k === 0 ? c.padEnd(COLUMNS[k]?.[1] ?? 0) : c.padStart(COLUMNS[k]?.[1] ?? 0))).join('  ').trimEnd());
}

/** Prints one solver's line; returns false when its optimum differs from ours. */
function printRun(name: string, run: PeerRun, ours: PeerRun): boolean {
  if (run.status === 'skipped') {
    printRow([name, '—', '—', '—', '—', `skipped (${run.reason})`]);
    return true;
  }
  const med = median(run.timesMs);
  const fmt = (ms: number): string => ms.toFixed(ms < 100 ? 1 : 0);
  if (ours.status !== 'timed') {
    printRow([name, String(run.timesMs.length), fmt(med), fmt(Math.min(...run.timesMs)), '—', `${run.objective.toFixed(4)}`]);
    return true;
  }
  const same = sameOptimum(ours.objective, run.objective);
  const verdict = run === ours ? `${run.objective.toFixed(4)}` : same ? 'same' : `DIFFERS: ${run.objective.toFixed(4)}`;
  printRow([name, String(run.timesMs.length), fmt(med), fmt(Math.min(...run.timesMs)), (median(ours.timesMs) / med).toFixed(2), verdict]);
  return same;
}

/** Times ours, then every peer, on one case and prints the section; returns false on any differing optimum. */
function compare(title: string, c: BenchCase, peers: readonly Peer[], repeats: number): boolean {
  console.log(`\n${title}  (repeats ${repeats})`);
  printRow(COLUMNS.map(([name]) => name));
  const ours = OURS.run(c, repeats);
  let ok = printRun(OURS.name, ours, ours);
  for (const peer of peers) ok = printRun(peer.name, peer.run(c, repeats), ours) && ok;
  return ok;
}

/** One untimed solve of every JS solver on a small matrix, so the first timed case does not pay for the JIT. */
function warmUp(dir: string, peers: readonly Peer[]): void {
  const matrix = makeMatrix('uniform', 200, 200, 99);
  const c = { matrix, capacity: 1, file: writeMatrix(dir, 'warm-up', matrix) };
  for (const peer of [OURS, ...peers]) peer.run(c, 2);
}

function writeMatrix(dir: string, name: string, m: BenchMatrix): string {
  const file = join(dir, `${name}.f64`);
  writeFileSync(file, m.gains);
  return file;
}

/** Runs bench/measure-peak-rss.ts on a matrix file in a fresh Node process. */
function measurePeakRss(file: string, m: BenchMatrix): PeakRss {
  const script = new URL('./measure-peak-rss.ts', import.meta.url).pathname;
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, file, String(m.rows), String(m.cols)], { encoding: 'utf8' });
  return JSON.parse(out) as PeakRss;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '500,1000,2000,4000' },
      kinds: { type: 'string', default: 'uniform,realistic' },
      repeats: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'with-munkres-js': { type: 'boolean', default: false },
      'no-capacity': { type: 'boolean', default: false },
      'no-memory': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const kinds = values.kinds.split(',') as MatrixKind[];
  const repeatsFlag = values.repeats === undefined ? undefined : Number(values.repeats);
  const seed = Number(values.seed);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers like 500,1000; got ${values.sizes}`);
  if (kinds.some((k) => k !== 'uniform' && k !== 'realistic')) throw new Error(`--kinds takes uniform and/or realistic; got ${values.kinds}`);
  if (repeatsFlag !== undefined && !(Number.isInteger(repeatsFlag) && repeatsFlag >= 1)) throw new Error('--repeats takes a whole number ≥ 1');

  const cpu = cpus();
  console.log(`node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'} · load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('times: solve call only; ours/peer = our median ÷ peer median (< 1: ours faster); optimum checked to 1e-6 relative');

  const peers = squarePeers(values['with-munkres-js']);
  const dir = mkdtempSync(join(tmpdir(), 'mentor-match-bench-'));
  const largest = Math.max(...sizes);
  const memory: { kind: MatrixKind; n: number; rss: PeakRss }[] = [];
  let ok = true;
  try {
    warmUp(dir, peers);
    for (const n of sizes) {
      for (const kind of kinds) {
        const matrix = makeMatrix(kind, n, n, seed + n);
        const file = writeMatrix(dir, `${kind}-${n}`, matrix);
        ok = compare(`n = ${n}, ${kind}`, { matrix, capacity: 1, file }, peers, repeatsFlag ?? defaultRepeats(n)) && ok;
        if (n === largest && !values['no-memory']) memory.push({ kind, n, rss: measurePeakRss(file, matrix) });
        rmSync(file);
      }
    }
    if (!values['no-capacity']) {
      const { mentees, mentors, capacity } = CAPACITY_CASE;
      for (const kind of kinds) {
        const matrix = makeMatrix(kind, mentees, mentors, seed + mentees);
        const file = writeMatrix(dir, `${kind}-capacity`, matrix);
        const title = `capacity: ${mentees} mentees × ${mentors} mentors × capacity ${capacity}, ${kind} (peers get ${mentees} × ${mentors * capacity})`;
        ok = compare(title, { matrix, capacity, file }, capacityPeers(), repeatsFlag ?? 3) && ok;
        rmSync(file);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (memory.length > 0) {
    console.log('\npeak RSS growth of one solve of ours (fresh process, /proc/self/status VmHWM)');
    for (const { kind, n, rss } of memory) {
      const growthMb = (rss.peakKb - rss.beforeKb) / 1024;
      const matrixMb = (8 * n * n) / 2 ** 20;
      const note = rss.reset ? '' : ' (HWM reset refused: baseline includes loading)';
      console.log(`n = ${n}, ${kind}: +${growthMb.toFixed(1)} MiB = ${(growthMb / matrixMb).toFixed(3)} × matrix (${matrixMb.toFixed(0)} MiB)${note}`);
    }
  }
  if (!ok) {
    console.log('\nA peer found a different optimum: see DIFFERS above.');
    process.exitCode = 1;
  }
}

main();
