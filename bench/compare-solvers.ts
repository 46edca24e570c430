/**
 * Side-by-side: our shortest-path solver against scipy's linear_sum_assignment,
 * the `munkres` and `linear-sum-assignment` npm packages (and munkres-js on
 * request), on the same seeded matrices, in one run; on capacity problems also
 * against the LP solvers HiGHS (wasm) and javascript-lp-solver.
 *
 *     node --import tsx bench/compare-solvers.ts [--sizes 500,1000] [--repeats N]
 *          [--kinds uniform,realistic] [--with-munkres-js] [--no-square]
 *          [--capacity 1000x400x3,3000x1200x3] [--no-capacity]
 *          [--no-lp] [--lp-timeout 120] [--lp-heap 8192] [--highs-lp-text] [--no-memory]
 *
 * Each matrix is generated once; every solver is timed on the solve call only
 * (not generation, conversion, I/O or process start). Per case it prints the
 * median and fastest time, the ratio ours/peer of the medians (< 1: ours is
 * faster) and whether the peer reached our optimum (relative 1e-6). Then the
 * capacity cases (`--capacity MENTEESxMENTORSxCAPACITY,…`, default 3000 mentees,
 * 1200 mentors of capacity 3) and the peak RSS growth of one solve of ours at
 * the largest size. `--no-square` skips the square sizes (and the memory line).
 *
 * The LP peers run in child processes (bench/lp-peer.ts) with a wall-clock
 * limit (`--lp-timeout`, seconds, default 120) and `--max-old-space-size`
 * (`--lp-heap`, MiB, default 8192); their row says "crashed: …" or "timed out
 * after … s" instead of ending the run, and notes the child's peak RSS. HiGHS
 * gets the LP as sparse arrays, or as CPLEX LP text with `--highs-lp-text`
 * (its reader is then part of the untimed build, and of the time limit). Each
 * capacity section ends with how many times faster ours is than the fastest
 * LP peer that finished. Exits 1 if any optimum differs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeMatrix, type BenchMatrix, type MatrixKind } from './make-matrices.js';
import type { PeakRss } from './measure-peak-rss.js';
import { LP_PEER_DEFAULTS, OURS, capacityPeers, squarePeers, type BenchCase, type Peer, type PeerRun } from './time-peers.js';

/** Relative difference of objectives still counted as the same optimum. */
const OPTIMUM_TOLERANCE = 1e-6;

/** A capacity case: mentees, mentors, places per mentor. */
interface CapacityCase {
  readonly mentees: number;
  readonly mentors: number;
  readonly capacity: number;
}

/** The capacity case of issue 3, run when `--capacity` is not given. */
const DEFAULT_CAPACITY_CASES = '3000x1200x3';

/** Parses `--capacity 1000x400x3,3000x1200x3`. */
function parseCapacityCases(flag: string): CapacityCase[] {
  return flag.split(',').map((spec) => {
    const match = /^(\d+)x(\d+)x(\d+)$/.exec(spec.trim());
    if (match === null) throw new Error(`--capacity takes MENTEESxMENTORSxCAPACITY cases like 1000x400x3,3000x1200x3; got ${spec}`);
    const [mentees, mentors, capacity] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
    if (mentees < 1 || mentors < 1 || capacity < 1) throw new Error(`--capacity: every number must be ≥ 1; got ${spec}`);
    if (mentees > mentors * capacity) throw new Error(`--capacity ${spec}: every mentee must be placed, so mentees ≤ mentors × capacity`);
    return { mentees, mentors, capacity };
  });
}

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

/** ours/peer: two decimals, or two significant digits below 0.1 (an LP peer 300× slower is 0.0033, not 0.00). */
function formatRatio(ratio: number): string {
  return ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

/** Prints one solver's line; returns false when its optimum differs from ours. */
function printRun(name: string, run: PeerRun, ours: PeerRun): boolean {
  if (run.status === 'skipped') {
    printRow([name, '—', '—', '—', '—', `skipped (${run.reason})`]);
    return true;
  }
  if (run.status === 'failed') {
    // A crash or timeout is a result to report, not a differing optimum.
    printRow([name, '—', '—', '—', '—', run.reason]);
    return true;
  }
  const note = run.note === undefined ? '' : `; ${run.note}`;
  const med = median(run.timesMs);
  const fmt = (ms: number): string => ms.toFixed(ms < 100 ? 1 : 0);
  if (ours.status !== 'timed') {
    printRow([name, String(run.timesMs.length), fmt(med), fmt(Math.min(...run.timesMs)), '—', `${run.objective.toFixed(4)}${note}`]);
    return true;
  }
  const same = sameOptimum(ours.objective, run.objective);
  const verdict = run === ours ? `${run.objective.toFixed(4)}` : same ? 'same' : `DIFFERS: ${run.objective.toFixed(4)}`;
  printRow([name, String(run.timesMs.length), fmt(med), fmt(Math.min(...run.timesMs)), formatRatio(median(ours.timesMs) / med), `${verdict}${note}`]);
  return same;
}

/** What {@link compare} measured: whether every optimum agreed, and each run. */
interface Comparison {
  readonly ok: boolean;
  readonly ours: PeerRun;
  readonly runs: readonly { readonly peer: Peer; readonly run: PeerRun }[];
}

/** Times ours, then every peer, on one case and prints the section. */
function compare(title: string, c: BenchCase, peers: readonly Peer[], repeats: number): Comparison {
  console.log(`\n${title}  (repeats ${repeats})`);
  printRow(COLUMNS.map(([name]) => name));
  const ours = OURS.run(c, repeats);
  let ok = printRun(OURS.name, ours, ours);
  const runs: { peer: Peer; run: PeerRun }[] = [];
  for (const peer of peers) {
    const run = peer.run(c, repeats);
    runs.push({ peer, run });
    ok = printRun(peer.name, run, ours) && ok;
  }
  return { ok, ours, runs };
}

/** The line under a capacity section: ours against the fastest LP peer that finished with our optimum. */
function printLpSummary({ ours, runs }: Comparison, lpPeers: readonly Peer[]): void {
  if (lpPeers.length === 0 || ours.status !== 'timed') return;
  const finished = runs.filter(
    (r): r is { peer: Peer; run: Extract<PeerRun, { status: 'timed' }> } =>
      lpPeers.includes(r.peer) && r.run.status === 'timed' && sameOptimum(ours.objective, r.run.objective),
  );
  if (finished.length === 0) {
    console.log('LP peers: none finished with the optimum');
    return;
  }
  const fastest = finished.reduce((a, b) => (median(b.run.timesMs) < median(a.run.timesMs) ? b : a));
  const times = median(fastest.run.timesMs) / median(ours.timesMs);
  console.log(`fastest LP peer that finished: ${fastest.peer.name}, ${median(fastest.run.timesMs).toFixed(0)} ms median → ours ${times.toFixed(0)}× faster`);
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
  // The result is the last line; anything the solver itself printed before it (debug output) is skipped.
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (line === undefined) throw new Error(`measure-peak-rss.ts printed no result: ${out.slice(0, 200)}`);
  return JSON.parse(line) as PeakRss;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '500,1000,2000,4000' },
      kinds: { type: 'string', default: 'uniform,realistic' },
      repeats: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'with-munkres-js': { type: 'boolean', default: false },
      'no-square': { type: 'boolean', default: false },
      capacity: { type: 'string', default: DEFAULT_CAPACITY_CASES },
      'no-capacity': { type: 'boolean', default: false },
      'no-lp': { type: 'boolean', default: false },
      'lp-timeout': { type: 'string', default: String(LP_PEER_DEFAULTS.timeoutS) },
      'lp-heap': { type: 'string', default: String(LP_PEER_DEFAULTS.maxOldSpaceMb) },
      'highs-lp-text': { type: 'boolean', default: false },
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
  const capacityCases = parseCapacityCases(values.capacity);
  const lpTimeoutS = Number(values['lp-timeout']);
  const lpHeapMb = Number(values['lp-heap']);
  if (!(lpTimeoutS > 0)) throw new Error(`--lp-timeout takes seconds > 0; got ${values['lp-timeout']}`);
  if (!(Number.isInteger(lpHeapMb) && lpHeapMb >= 256)) throw new Error(`--lp-heap takes MiB ≥ 256; got ${values['lp-heap']}`);

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
    for (const n of values['no-square'] ? [] : sizes) {
      for (const kind of kinds) {
        const matrix = makeMatrix(kind, n, n, seed + n);
        const file = writeMatrix(dir, `${kind}-${n}`, matrix);
        ok = compare(`n = ${n}, ${kind}`, { matrix, capacity: 1, file }, peers, repeatsFlag ?? defaultRepeats(n)).ok && ok;
        if (n === largest && !values['no-memory']) memory.push({ kind, n, rss: measurePeakRss(file, matrix) });
        rmSync(file);
      }
    }
    if (!values['no-capacity']) {
      const lpOptions = { timeoutS: lpTimeoutS, maxOldSpaceMb: lpHeapMb, highsLpText: values['highs-lp-text'] };
      const cPeers = capacityPeers(values['no-lp'] ? false : lpOptions);
      const lpPeers = cPeers.filter((p) => p.isLp === true);
      for (const { mentees, mentors, capacity } of capacityCases) {
        for (const kind of kinds) {
          const matrix = makeMatrix(kind, mentees, mentors, seed + mentees);
          const file = writeMatrix(dir, `${kind}-capacity-${mentees}x${mentors}x${capacity}`, matrix);
          const lp = lpPeers.length > 0 ? `; LP peers: ${mentees * mentors} variables` : '';
          const title = `capacity: ${mentees} mentees × ${mentors} mentors × capacity ${capacity}, ${kind} (scipy, munkres get ${mentees} × ${mentors * capacity}${lp})`;
          const comparison = compare(title, { matrix, capacity, file }, cPeers, repeatsFlag ?? 3);
          printLpSummary(comparison, lpPeers);
          ok = comparison.ok && ok;
          rmSync(file);
        }
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
