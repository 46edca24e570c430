/**
 * Side-by-side: our general-graph maximum-weight matching
 * (engine/max-weight-matching.ts) against networkx's `max_weight_matching`,
 * the Python implementation of the same algorithm (van Rantwijk's
 * mwmatching), on the same seeded random graphs, in one run.
 *
 *     npx tsx bench/max-weight-matching-vs-networkx.ts [--cases 100:1,300:1,1000:0.1]
 *          [--modes weight,cardinality] [--max-weight 1000] [--repeats 5]
 *          [--nx-repeats N] [--seed 1]
 *
 * A case `N:D` is a graph on N vertices where each of the N(N-1)/2 pairs is
 * an edge with probability D (D = 1: the complete graph), weights uniform
 * integers in [0, --max-weight], no duplicate pairs. Mode `weight` is the
 * plain maximum-weight matching; `cardinality` is maxCardinality
 * (networkx's maxcardinality=True). Each graph is generated once and handed
 * to both: ours in-process, networkx through bench/networkx_matching.py,
 * with the graph as JSON on stdin. Only the matching call is timed (ours
 * includes its input check and adjacency build, since networkx's call
 * likewise converts its graph; neither includes generation, JSON or Python
 * start-up). Ours runs `--repeats` times (default 5) after one untimed
 * warm-up on a small graph; networkx `--nx-repeats` times (default 3 up to
 * 300 vertices, 1 above: it takes tens of seconds there). Per case it prints
 * medians, fastest runs, ours/networkx of the medians (< 1: ours faster) and
 * whether the total weights — and with maxCardinality the cardinalities —
 * are equal. With integer weights both are exact, so they must agree to the
 * unit; exits 1 if any differs.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { maxWeightMatching, type WeightedEdge } from '../engine/max-weight-matching.js';
import { randInt, rng } from '../test/helpers/rng.js';

/** One benchmark graph: N vertices, edge probability D. */
interface GraphCase {
  readonly n: number;
  readonly density: number;
}

type Mode = 'weight' | 'cardinality';

/** What one solver measured on one graph. */
interface Timed {
  readonly timesMs: readonly number[];
  readonly weight: number;
  readonly size: number;
}

/** Parses `--cases 100:1,300:1,1000:0.1`. */
function parseCases(flag: string): GraphCase[] {
  return flag.split(',').map((spec) => {
    const match = /^(\d+):(\d*\.?\d+)$/.exec(spec.trim());
    const n = Number(match?.[1]);
    const density = Number(match?.[2]);
    if (match === null || n < 2 || !(density > 0 && density <= 1)) {
      throw new Error(`--cases takes N:DENSITY cases like 100:1,1000:0.1 (N ≥ 2, 0 < DENSITY ≤ 1); got ${spec}`);
    }
    return { n, density };
  });
}

/** The graph of a case: every pair with probability `density` (all pairs when 1), integer weights in [0, maxWeight]. */
function makeGraph({ n, density }: GraphCase, maxWeight: number, seed: number): WeightedEdge[] {
  const next = rng(seed + n); // the tests' mulberry32: every run generates the same graphs
  const edges: WeightedEdge[] = [];
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) {
      if (density < 1 && next() >= density) continue;
      edges.push({ u, v, weight: randInt(next, 0, maxWeight) });
    }
  }
  return edges;
}

function timeOurs(n: number, edges: readonly WeightedEdge[], mode: Mode, repeats: number): Timed {
  const timesMs: number[] = [];
  let mate: Int32Array = new Int32Array(0);
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    mate = maxWeightMatching(n, edges, { maxCardinality: mode === 'cardinality' });
    timesMs.push(performance.now() - start);
  }
  const weightOf = new Map(edges.map((e) => [e.u * n + e.v, e.weight]));
  let weight = 0;
  let size = 0;
  for (let v = 0; v < n; v++) {
    const w = mate[v] as number;
    if (w > v) {
      weight += weightOf.get(v * n + w) as number;
      size++;
    }
  }
  return { timesMs, weight, size };
}

/** networkx through bench/networkx_matching.py; also returns its version. */
function timeNetworkx(n: number, edges: readonly WeightedEdge[], mode: Mode, repeats: number): Timed & { readonly version: string } {
  const script = new URL('./networkx_matching.py', import.meta.url).pathname;
  const input = JSON.stringify({ n, edges: edges.map((e) => [e.u, e.v, e.weight]), maxCardinality: mode === 'cardinality', repeats });
  const out = execFileSync('python3', [script], { input, encoding: 'utf8', maxBuffer: 1 << 20 });
  const parsed = JSON.parse(out) as { networkx: string; times_ms: number[]; weight: number; size: number };
  return { version: parsed.networkx, timesMs: parsed.times_ms, weight: parsed.weight, size: parsed.size };
}

/** Median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const COLUMNS = [
  ['case', 22],
  ['edges', 8],
  ['mode', 12],
  ['ours median ms', 15],
  ['ours min', 9],
  ['nx median ms', 13],
  ['nx min', 9],
  ['ours/nx', 8],
  ['check', 0],
] as const;

function printRow(cells: readonly string[]): void {
  console.log(cells.map((c, k) => (k <= 2 ? c.padEnd(COLUMNS[k]?.[1] ?? 0) : c.padStart(COLUMNS[k]?.[1] ?? 0))).join('  ').trimEnd());
}

const fmt = (ms: number): string => ms.toFixed(ms < 100 ? 1 : 0);

/** ours/networkx: two significant digits (ours is typically 100× faster or more). */
function formatRatio(ratio: number): string {
  return ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '100:1,300:1,1000:0.1' },
      modes: { type: 'string', default: 'weight' },
      'max-weight': { type: 'string', default: '1000' },
      repeats: { type: 'string', default: '5' },
      'nx-repeats': { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const cases = parseCases(values.cases);
  const modes = values.modes.split(',') as Mode[];
  if (modes.some((m) => m !== 'weight' && m !== 'cardinality')) throw new Error(`--modes takes weight and/or cardinality; got ${values.modes}`);
  const maxWeight = Number(values['max-weight']);
  if (!(Number.isInteger(maxWeight) && maxWeight >= 0)) throw new Error(`--max-weight takes a whole number ≥ 0; got ${values['max-weight']}`);
  const repeats = Number(values.repeats);
  const nxRepeatsFlag = values['nx-repeats'] === undefined ? undefined : Number(values['nx-repeats']);
  for (const r of [repeats, nxRepeatsFlag ?? 1]) if (!(Number.isInteger(r) && r >= 1)) throw new Error('--repeats and --nx-repeats take a whole number ≥ 1');
  const seed = Number(values.seed);

  const cpu = cpus();
  console.log(`node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'} · load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`integer weights uniform in [0, ${maxWeight}], seed ${seed}; times: matching call only; ours/nx = our median ÷ networkx median (< 1: ours faster)`);

  // JIT warm-up: one untimed solve of ours, both modes.
  const warm = makeGraph({ n: 200, density: 0.5 }, maxWeight, seed + 7919);
  timeOurs(200, warm, 'weight', 1);
  timeOurs(200, warm, 'cardinality', 1);

  let ok = true;
  let version = '';
  printRow(COLUMNS.map(([name]) => name));
  for (const c of cases) {
    const edges = makeGraph(c, maxWeight, seed);
    const label = c.density === 1 ? `n = ${c.n}, complete` : `n = ${c.n}, density ${c.density}`;
    for (const mode of modes) {
      const ours = timeOurs(c.n, edges, mode, repeats);
      const nx = timeNetworkx(c.n, edges, mode, nxRepeatsFlag ?? (c.n <= 300 ? 3 : 1));
      version = nx.version;
      const same = ours.weight === nx.weight && (mode === 'weight' || ours.size === nx.size);
      ok = same && ok;
      const check = same
        ? `same weight ${ours.weight}${mode === 'cardinality' ? `, ${ours.size} pairs` : ''}`
        : `DIFFERS: ours ${ours.weight} (${ours.size} pairs), networkx ${nx.weight} (${nx.size} pairs)`;
      const row = [
        label,
        String(edges.length),
        mode,
        `${fmt(median(ours.timesMs))} (${ours.timesMs.length})`,
        fmt(Math.min(...ours.timesMs)),
        `${fmt(median(nx.timesMs))} (${nx.timesMs.length})`,
        fmt(Math.min(...nx.timesMs)),
        formatRatio(median(ours.timesMs) / median(nx.timesMs)),
        check,
      ];
      printRow(row);
    }
  }
  console.log(`networkx ${version} (python3); (k) after a median: number of timed runs`);
  if (!ok) {
    console.log('\nnetworkx found a different optimum: see DIFFERS above.');
    process.exitCode = 1;
  }
}

main();
