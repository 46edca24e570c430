import { describe, expect, it } from 'vitest';
import { maxWeightMatching, type WeightedEdge } from '../engine/max-weight-matching.js';
import { solveAssignment } from '../engine/solve-assignment.js';
import { randInt, rng } from './helpers/rng.js';

type Triple = readonly [number, number, number];

function edgesOf(triples: readonly Triple[]): WeightedEdge[] {
  return triples.map(([u, v, weight]) => ({ u, v, weight }));
}

/** Heaviest weight per unordered pair (the merge rule for duplicates), keyed "lo,hi". */
function pairWeights(edges: readonly WeightedEdge[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const { u, v, weight } of edges) {
    const key = `${Math.min(u, v)},${Math.max(u, v)}`;
    const old = best.get(key);
    if (old === undefined || weight > old) best.set(key, weight);
  }
  return best;
}

/**
 * Asserts `mate` is a matching of the graph: one entry per vertex, symmetric,
 * no self-pairs, every pair an edge of the graph. Returns its weight and size.
 */
function checkMatching(n: number, edges: readonly WeightedEdge[], mate: Int32Array): { weight: number; size: number } {
  expect(mate).toBeInstanceOf(Int32Array);
  expect(mate.length).toBe(n);
  const weights = pairWeights(edges);
  let weight = 0;
  let size = 0;
  for (let v = 0; v < n; v++) {
    const w = mate[v] as number;
    if (w === -1) continue;
    expect(w >= 0 && w < n && w !== v, `mate[${v}] = ${w}`).toBe(true);
    expect(mate[w], `mate[${w}] should be ${v}`).toBe(v);
    const pairWeight = weights.get(`${Math.min(v, w)},${Math.max(v, w)}`);
    expect(pairWeight, `${v}–${w} is not an edge`).toBeDefined();
    if (v < w) {
      weight += pairWeight as number;
      size++;
    }
  }
  return { weight, size };
}

interface Optimum {
  /** Heaviest matching, any cardinality. */
  readonly weight: number;
  /** Largest cardinality, and the heaviest weight among matchings of that cardinality. */
  readonly maxSize: number;
  readonly weightAtMaxSize: number;
}

/** Enumerates every matching of a small graph (the oracle): O(number of matchings). */
function bruteForce(n: number, edges: readonly WeightedEdge[]): Optimum {
  const w: (number | undefined)[][] = Array.from({ length: n }, () => new Array<number | undefined>(n).fill(undefined));
  for (const [key, weight] of pairWeights(edges)) {
    const [a, b] = key.split(',').map(Number) as [number, number];
    (w[a] as (number | undefined)[])[b] = weight;
    (w[b] as (number | undefined)[])[a] = weight;
  }
  const used = new Uint8Array(n);
  let best = 0;
  let maxSize = 0;
  let weightAtMaxSize = 0;
  const visit = (from: number, size: number, weight: number): void => {
    let v = from;
    while (v < n && used[v] === 1) v++;
    if (v >= n) {
      if (weight > best) best = weight;
      if (size > maxSize || (size === maxSize && weight > weightAtMaxSize)) {
        maxSize = size;
        weightAtMaxSize = weight;
      }
      return;
    }
    used[v] = 1;
    visit(v + 1, size, weight); // v stays single
    for (let u = v + 1; u < n; u++) {
      const wu = (w[v] as (number | undefined)[])[u];
      if (used[u] === 1 || wu === undefined) continue;
      used[u] = 1;
      visit(v + 1, size + 1, weight + wu);
      used[u] = 0;
    }
    used[v] = 0;
  };
  visit(0, 0, 0);
  return { weight: best, maxSize, weightAtMaxSize };
}

/**
 * The same optimum by dynamic programming over vertex subsets, for graphs too
 * big to enumerate (n ≤ 20): the best matching within a set either leaves its
 * lowest vertex single or pairs it with a neighbour in the set.
 */
function subsetOracle(n: number, edges: readonly WeightedEdge[]): Optimum {
  const w = new Float64Array(n * n).fill(Number.NaN);
  for (const [key, weight] of pairWeights(edges)) {
    const [a, b] = key.split(',').map(Number) as [number, number];
    w[a * n + b] = w[b * n + a] = weight;
  }
  const full = (1 << n) - 1;
  const best = new Float64Array(full + 1);
  const size = new Int32Array(full + 1);
  const weightAtSize = new Float64Array(full + 1);
  for (let mask = 1; mask <= full; mask++) {
    const i = 31 - Math.clz32(mask & -mask);
    const rest = mask & ~(1 << i);
    let b = best[rest] as number;
    let s = size[rest] as number;
    let ws = weightAtSize[rest] as number;
    for (let j = i + 1; j < n; j++) {
      const wij = w[i * n + j] as number;
      if ((rest & (1 << j)) === 0 || Number.isNaN(wij)) continue;
      const without = rest & ~(1 << j);
      b = Math.max(b, (best[without] as number) + wij);
      const s2 = (size[without] as number) + 1;
      const w2 = (weightAtSize[without] as number) + wij;
      if (s2 > s || (s2 === s && w2 > ws)) {
        s = s2;
        ws = w2;
      }
    }
    best[mask] = b;
    size[mask] = s;
    weightAtSize[mask] = ws;
  }
  return { weight: best[full] as number, maxSize: size[full] as number, weightAtMaxSize: weightAtSize[full] as number };
}

/** Each pair an edge with probability `density`, weight uniform in [lo, hi]; sometimes a duplicate too, reversed. */
function randomGraph(next: () => number, n: number, density: number, lo: number, hi: number): WeightedEdge[] {
  const edges: WeightedEdge[] = [];
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) {
      if (next() >= density) continue;
      edges.push(next() < 0.5 ? { u, v, weight: randInt(next, lo, hi) } : { u: v, v: u, weight: randInt(next, lo, hi) });
      if (next() < 0.05) edges.push({ u: v, v: u, weight: randInt(next, lo, hi) });
    }
  }
  // Shuffle so that edge order is not sorted by vertex.
  for (let i = edges.length - 1; i > 0; i--) {
    const j = randInt(next, 0, i);
    [edges[i], edges[j]] = [edges[j] as WeightedEdge, edges[i] as WeightedEdge];
  }
  return edges;
}

/** Greedy matching: heaviest edges first. A lower bound on the optimum (and half of it at worst). */
function greedy(n: number, edges: readonly WeightedEdge[]): { weight: number; size: number } {
  const taken = new Uint8Array(n);
  let weight = 0;
  let size = 0;
  for (const e of [...edges].sort((a, b) => b.weight - a.weight)) {
    if (e.weight < 0 || taken[e.u] === 1 || taken[e.v] === 1) continue;
    taken[e.u] = taken[e.v] = 1;
    weight += e.weight;
    size++;
  }
  return { weight, size };
}

describe('maxWeightMatching: trivial inputs', () => {
  it('returns an empty array for the empty graph', () => {
    expect(maxWeightMatching(0, [])).toEqual(new Int32Array(0));
  });

  it('leaves every vertex single when there are no edges', () => {
    expect(Array.from(maxWeightMatching(4, []))).toEqual([-1, -1, -1, -1]);
    expect(Array.from(maxWeightMatching(4, [], { maxCardinality: true }))).toEqual([-1, -1, -1, -1]);
  });

  it('matches a single edge, and takes the heavier of two adjacent edges', () => {
    expect(Array.from(maxWeightMatching(2, edgesOf([[0, 1, 1]])))).toEqual([1, 0]);
    expect(Array.from(maxWeightMatching(4, edgesOf([[1, 2, 10], [2, 3, 11]])))).toEqual([-1, -1, 3, 2]);
  });

  it('prefers weight over cardinality by default, cardinality first with maxCardinality', () => {
    const edges = edgesOf([[1, 2, 5], [2, 3, 11], [3, 4, 5]]);
    expect(Array.from(maxWeightMatching(5, edges))).toEqual([-1, -1, 3, 2, -1]);
    expect(Array.from(maxWeightMatching(5, edges, { maxCardinality: true }))).toEqual([-1, 2, 1, 4, 3]);
  });

  it('matches zero-weight-only graphs to weight 0, and fully with maxCardinality', () => {
    const edges = edgesOf([[0, 1, 0], [1, 2, 0], [2, 3, 0]]);
    expect(checkMatching(4, edges, maxWeightMatching(4, edges)).weight).toBe(0);
    expect(checkMatching(4, edges, maxWeightMatching(4, edges, { maxCardinality: true })).size).toBe(2);
  });
});

describe('maxWeightMatching: input conventions', () => {
  it('keeps the heaviest of duplicate edges, whichever order or direction they come in', () => {
    const light = { u: 0, v: 1, weight: 1 };
    const heavy = { u: 1, v: 0, weight: 5 };
    const rival = { u: 1, v: 2, weight: 3 };
    expect(Array.from(maxWeightMatching(3, [light, heavy, rival]))).toEqual([1, 0, -1]);
    expect(Array.from(maxWeightMatching(3, [heavy, light, rival]))).toEqual([1, 0, -1]);
    // With only the light copy, the rival edge wins.
    expect(Array.from(maxWeightMatching(3, [light, rival]))).toEqual([-1, 2, 1]);
  });

  it('never takes a negative edge without maxCardinality', () => {
    expect(Array.from(maxWeightMatching(2, edgesOf([[0, 1, -1]])))).toEqual([-1, -1]);
    const edges = edgesOf([[1, 2, 2], [1, 3, -2], [2, 3, 1], [2, 4, -1], [3, 4, -6]]);
    expect(Array.from(maxWeightMatching(5, edges))).toEqual([-1, 2, 1, -1, -1]);
  });

  it('takes negative edges when maximum cardinality requires them (as networkx does)', () => {
    expect(Array.from(maxWeightMatching(2, edgesOf([[0, 1, -1]]), { maxCardinality: true }))).toEqual([1, 0]);
    const edges = edgesOf([[1, 2, 2], [1, 3, -2], [2, 3, 1], [2, 4, -1], [3, 4, -6]]);
    expect(Array.from(maxWeightMatching(5, edges, { maxCardinality: true }))).toEqual([-1, 3, 4, 1, 2]);
  });

  it('is exact for dyadic fractional weights too', () => {
    const next = rng(77);
    for (let trial = 0; trial < 100; trial++) {
      const n = randInt(next, 2, 9);
      const edges = randomGraph(next, n, 0.6, 0, 40).map((e) => ({ ...e, weight: e.weight / 4 }));
      const got = checkMatching(n, edges, maxWeightMatching(n, edges));
      expect(got.weight).toBe(bruteForce(n, edges).weight);
    }
  });

  it('is deterministic and does not modify its input', () => {
    const next = rng(5);
    const edges = randomGraph(next, 60, 0.3, 0, 3);
    const copy = edges.map((e) => ({ ...e }));
    const first = maxWeightMatching(60, edges);
    expect(maxWeightMatching(60, edges)).toEqual(first);
    expect(maxWeightMatching(60, copy)).toEqual(first);
    expect(edges).toEqual(copy);
  });

  it('finds the same total weight whatever the edge order and direction', () => {
    const next = rng(8);
    for (let trial = 0; trial < 20; trial++) {
      const n = 40;
      const edges = randomGraph(next, n, 0.2, 0, 4);
      const reordered = [...edges].reverse().map((e) => ({ u: e.v, v: e.u, weight: e.weight }));
      const a = checkMatching(n, edges, maxWeightMatching(n, edges));
      const b = checkMatching(n, reordered, maxWeightMatching(n, reordered));
      expect(b.weight).toBe(a.weight);
    }
  });
});

describe('maxWeightMatching: input validation', () => {
  const ok = { u: 0, v: 1, weight: 1 };
  it.each([
    [-1, 'n must be a non-negative integer; got -1'],
    [1.5, 'n must be a non-negative integer; got 1.5'],
    [Number.NaN, 'n must be a non-negative integer; got NaN'],
    [Number.POSITIVE_INFINITY, 'n must be a non-negative integer; got Infinity'],
  ])('rejects n = %s', (n, message) => {
    expect(() => maxWeightMatching(n, [])).toThrow(RangeError);
    expect(() => maxWeightMatching(n, [])).toThrow(message);
  });

  it.each([
    [{ u: 0, v: 3, weight: 1 }, 'edges[1].v must be an integer vertex in [0, 3); got 3'],
    [{ u: -1, v: 2, weight: 1 }, 'edges[1].u must be an integer vertex in [0, 3); got -1'],
    [{ u: 0.5, v: 2, weight: 1 }, 'edges[1].u must be an integer vertex in [0, 3); got 0.5'],
    [{ u: 2, v: 2, weight: 1 }, 'edges[1] is a self-loop on vertex 2'],
    [{ u: 0, v: 2, weight: Number.NaN }, 'edges[1].weight must be a finite number; got NaN'],
    [{ u: 0, v: 2, weight: Number.NEGATIVE_INFINITY }, 'edges[1].weight must be a finite number; got -Infinity'],
  ])('rejects the edge %o', (bad, message) => {
    expect(() => maxWeightMatching(3, [ok, bad])).toThrow(RangeError);
    expect(() => maxWeightMatching(3, [ok, bad])).toThrow(message);
    expect(() => maxWeightMatching(3, [ok, bad], { maxCardinality: true })).toThrow(message);
  });

  it('rejects any edge when n = 0', () => {
    expect(() => maxWeightMatching(0, [ok])).toThrow(RangeError);
  });
});

describe('maxWeightMatching: blossoms', () => {
  it('solves odd cycles, where bipartite methods fail', () => {
    // Triangle: only one edge fits; the heaviest.
    expect(Array.from(maxWeightMatching(3, edgesOf([[0, 1, 2], [1, 2, 3], [0, 2, 2]])))).toEqual([-1, 2, 1]);
    // 5-cycle of heavy edges with one light pendant: the cycle is shrunk into a blossom
    // first, and the optimum (6 + 6 + 1) leaves it through the pendant.
    const pentagon = edgesOf([[0, 1, 6], [1, 2, 6], [2, 3, 6], [3, 4, 6], [4, 0, 6], [0, 5, 1]]);
    const got = checkMatching(6, pentagon, maxWeightMatching(6, pentagon));
    expect(got).toEqual({ weight: 13, size: 3 });
    expect(maxWeightMatching(6, pentagon)[5]).toBe(0);
    // The same with a pendant at each of two cycle vertices: 16, several ways.
    const twoPendants = edgesOf([[0, 1, 6], [1, 2, 6], [2, 3, 6], [3, 4, 6], [4, 0, 6], [0, 5, 4], [2, 6, 4]]);
    expect(checkMatching(7, twoPendants, maxWeightMatching(7, twoPendants)).weight).toBe(16);
    expect(bruteForce(7, twoPendants).weight).toBe(16);
  });

  // The classic cases of van Rantwijk's mwmatching.py test suite (vertex 0 unused), each
  // driving one path of the blossom bookkeeping; every optimum is unique.
  const cases: readonly (readonly [string, readonly Triple[], readonly number[]])[] = [
    ['S-blossom used for augmentation', [[1, 2, 8], [1, 3, 9], [2, 3, 10], [3, 4, 7]], [-1, 2, 1, 4, 3]],
    ['S-blossom used for augmentation (2)', [[1, 2, 8], [1, 3, 9], [2, 3, 10], [3, 4, 7], [1, 6, 5], [4, 5, 6]], [-1, 6, 3, 2, 5, 4, 1]],
    ['S-blossom relabelled T, used for augmentation', [[1, 2, 9], [1, 3, 8], [2, 3, 10], [1, 4, 5], [4, 5, 4], [1, 6, 3]], [-1, 6, 3, 2, 5, 4, 1]],
    ['S-blossom relabelled T (2)', [[1, 2, 9], [1, 3, 8], [2, 3, 10], [1, 4, 5], [4, 5, 3], [1, 6, 4]], [-1, 6, 3, 2, 5, 4, 1]],
    ['S-blossom relabelled T (3)', [[1, 2, 9], [1, 3, 8], [2, 3, 10], [1, 4, 5], [4, 5, 3], [3, 6, 4]], [-1, 2, 1, 6, 5, 4, 3]],
    ['nested S-blossom used for augmentation', [[1, 2, 9], [1, 3, 9], [2, 3, 10], [2, 4, 8], [3, 5, 8], [4, 5, 10], [5, 6, 6]], [-1, 3, 4, 1, 2, 6, 5]],
    ['S-blossom relabelled S, included in a nested S-blossom', [[1, 2, 10], [1, 7, 10], [2, 3, 12], [3, 4, 20], [3, 5, 20], [4, 5, 25], [5, 6, 10], [6, 7, 10], [7, 8, 8]], [-1, 2, 1, 4, 3, 6, 5, 8, 7]],
    ['nested S-blossom, augment, expand recursively', [[1, 2, 8], [1, 3, 8], [2, 3, 10], [2, 4, 12], [3, 5, 12], [4, 5, 14], [4, 6, 12], [5, 7, 12], [6, 7, 14], [7, 8, 12]], [-1, 2, 1, 5, 6, 3, 4, 8, 7]],
    ['S-blossom relabelled T, expanded', [[1, 2, 23], [1, 5, 22], [1, 6, 15], [2, 3, 25], [3, 4, 22], [4, 5, 25], [4, 8, 14], [5, 7, 13]], [-1, 6, 3, 2, 8, 7, 1, 5, 4]],
    ['nested S-blossom relabelled T, expanded', [[1, 2, 19], [1, 3, 20], [1, 8, 8], [2, 3, 25], [2, 4, 18], [3, 5, 18], [4, 5, 13], [4, 7, 7], [5, 6, 7]], [-1, 8, 3, 2, 7, 6, 5, 4, 1]],
    ['blossom relabelled T in more than one way, expanded, augmented', [[1, 2, 45], [1, 5, 45], [2, 3, 50], [3, 4, 45], [4, 5, 50], [1, 6, 30], [3, 9, 35], [4, 8, 35], [5, 7, 26], [9, 10, 5]], [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9]],
    ['the same, slightly different', [[1, 2, 45], [1, 5, 45], [2, 3, 50], [3, 4, 45], [4, 5, 50], [1, 6, 30], [3, 9, 35], [4, 8, 26], [5, 7, 40], [9, 10, 5]], [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9]],
    ['T-blossom expansion produces a new least-slack S-to-free edge', [[1, 2, 45], [1, 5, 45], [2, 3, 50], [3, 4, 45], [4, 5, 50], [1, 6, 30], [3, 9, 35], [4, 8, 28], [5, 7, 26], [9, 10, 5]], [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9]],
    ['nested blossom relabelled T, outer expanded so the inner lies on the augmenting path', [[1, 2, 45], [1, 7, 45], [2, 3, 50], [3, 4, 45], [4, 5, 95], [4, 6, 94], [5, 6, 94], [6, 7, 50], [1, 8, 30], [3, 11, 35], [5, 9, 36], [7, 10, 26], [11, 12, 5]], [-1, 8, 3, 2, 6, 9, 4, 10, 1, 5, 7, 12, 11]],
    ['nested S-blossom relabelled S, expanded recursively', [[1, 2, 40], [1, 3, 40], [2, 3, 60], [2, 4, 55], [3, 5, 55], [4, 5, 50], [1, 8, 15], [5, 7, 30], [7, 6, 10], [8, 10, 10], [4, 9, 30]], [-1, 2, 1, 5, 9, 3, 7, 6, 10, 4, 8]],
  ];
  it.each(cases)('%s', (_name, triples, expected) => {
    const n = expected.length;
    const edges = edgesOf(triples);
    const mate = maxWeightMatching(n, edges);
    expect(Array.from(mate)).toEqual(expected);
    expect(checkMatching(n, edges, mate).weight).toBe(bruteForce(n, edges).weight);
  });
});

describe('maxWeightMatching against brute force over all matchings', () => {
  const densities = [0.15, 0.35, 0.6, 0.85, 1];
  const weightRanges: readonly (readonly [number, number])[] = [
    [0, 3], // many ties and zeros
    [1, 1], // all equal: pure cardinality
    [0, 100],
    [-5, 10], // negative edges
  ];

  it('finds a heaviest matching (1,500 random graphs, n ≤ 10)', () => {
    const next = rng(2024);
    let nonTrivial = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const n = randInt(next, 1, 10);
      const density = densities[trial % densities.length] as number;
      const [lo, hi] = weightRanges[Math.floor(trial / densities.length) % weightRanges.length] as readonly [number, number];
      const edges = randomGraph(next, n, density, lo, hi);
      const got = checkMatching(n, edges, maxWeightMatching(n, edges));
      const want = bruteForce(n, edges);
      expect(got.weight, `trial ${trial}: n=${n} ${JSON.stringify(edges)}`).toBe(want.weight);
      if (want.weight > 0) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(1000);
  });

  it('with maxCardinality, finds a largest matching and the heaviest of those (1,500 random graphs, n ≤ 10)', () => {
    const next = rng(4711);
    let costlyCardinality = 0; // cases where maximum cardinality really costs weight
    for (let trial = 0; trial < 1500; trial++) {
      const n = randInt(next, 1, 10);
      const density = densities[trial % densities.length] as number;
      const [lo, hi] = weightRanges[Math.floor(trial / densities.length) % weightRanges.length] as readonly [number, number];
      const edges = randomGraph(next, n, density, lo, hi);
      const got = checkMatching(n, edges, maxWeightMatching(n, edges, { maxCardinality: true }));
      const want = bruteForce(n, edges);
      const context = `trial ${trial}: n=${n} ${JSON.stringify(edges)}`;
      expect(got.size, context).toBe(want.maxSize);
      expect(got.weight, context).toBe(want.weightAtMaxSize);
      if (want.weightAtMaxSize < want.weight) costlyCardinality++;
    }
    expect(costlyCardinality).toBeGreaterThan(50);
  });

  it('agrees with the subset oracle on the brute force\'s graphs', () => {
    const next = rng(6);
    for (let trial = 0; trial < 200; trial++) {
      const n = randInt(next, 1, 9);
      const edges = randomGraph(next, n, 0.5, -3, 6);
      expect(subsetOracle(n, edges)).toEqual(bruteForce(n, edges));
    }
  });

  it('handles 11–12 vertices, both modes', () => {
    const next = rng(99);
    for (let trial = 0; trial < 40; trial++) {
      const n = randInt(next, 11, 12);
      const edges = randomGraph(next, n, trial % 2 === 0 ? 0.5 : 0.9, trial % 3 === 0 ? -4 : 0, 12);
      const want = bruteForce(n, edges);
      expect(checkMatching(n, edges, maxWeightMatching(n, edges)).weight).toBe(want.weight);
      const card = checkMatching(n, edges, maxWeightMatching(n, edges, { maxCardinality: true }));
      expect([card.size, card.weight]).toEqual([want.maxSize, want.weightAtMaxSize]);
    }
  });
});

describe('maxWeightMatching against the subset oracle, 13–17 vertices', () => {
  // Weights in a narrow band well above zero make nearly every odd cycle worth shrinking, so
  // these graphs build, nest, relabel and expand many blossoms: the rare paths of the
  // algorithm (a T blossom expanded with a sub-blossom reached from outside) only show up
  // at this size.
  it('finds the optimum in both modes (250 random graphs)', () => {
    const next = rng(1618);
    for (let trial = 0; trial < 250; trial++) {
      const n = randInt(next, 13, 17);
      const lo = randInt(next, 0, 40);
      const edges = randomGraph(next, n, 1.5 / n + 0.3 * next(), lo, lo + randInt(next, 0, 30));
      const want = subsetOracle(n, edges);
      const context = `trial ${trial}: n=${n} ${JSON.stringify(edges)}`;
      expect(checkMatching(n, edges, maxWeightMatching(n, edges)).weight, context).toBe(want.weight);
      const card = checkMatching(n, edges, maxWeightMatching(n, edges, { maxCardinality: true }));
      expect([card.size, card.weight], context).toEqual([want.maxSize, want.weightAtMaxSize]);
    }
  });

  it('relabels a sub-blossom reached from outside when its T blossom is expanded', () => {
    // Found by random search: skipping that relabelling gives 461 here instead of 469.
    const triples: Triple[] = [
      [0, 3, 49], [0, 11, 63], [0, 15, 60], [0, 16, 44], [1, 3, 45], [1, 5, 54], [1, 12, 50], [1, 13, 53], [1, 14, 43],
      [1, 17, 42], [2, 5, 55], [2, 10, 43], [2, 12, 47], [3, 6, 53], [4, 6, 57], [4, 11, 58], [4, 12, 48], [4, 13, 54],
      [4, 15, 50], [4, 17, 59], [5, 7, 46], [5, 8, 42], [5, 10, 50], [5, 15, 48], [5, 16, 45], [5, 17, 44], [6, 8, 60],
      [6, 12, 62], [6, 15, 49], [7, 8, 44], [7, 11, 58], [7, 14, 43], [7, 15, 50], [7, 16, 56], [7, 17, 54], [8, 13, 43],
      [9, 11, 39], [10, 12, 53], [10, 15, 39], [10, 17, 55], [11, 17, 61], [12, 14, 45], [12, 15, 48], [12, 16, 50], [13, 16, 44],
    ];
    const edges = edgesOf(triples);
    expect(subsetOracle(18, edges).weight).toBe(469);
    expect(checkMatching(18, edges, maxWeightMatching(18, edges))).toEqual({ weight: 469, size: 9 });
    expect(checkMatching(18, edges, maxWeightMatching(18, edges, { maxCardinality: true }))).toEqual({ weight: 469, size: 9 });
  });
});

describe('maxWeightMatching on bipartite graphs, against the assignment solver', () => {
  it.each([
    [30, 30, 1, 0, 50],
    [80, 60, 0.3, 0, 9],
    [150, 150, 0.05, 1, 1000],
  ])('%i × %i, density %d, weights %i..%i', (rows, cols, density, lo, hi) => {
    const next = rng(rows * 1000 + cols);
    const gains = new Float64Array(rows * cols);
    const allowed = new Uint8Array(rows * cols);
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if (next() >= density) continue;
        const weight = randInt(next, lo, hi);
        gains[i * cols + j] = weight;
        allowed[i * cols + j] = 1;
        edges.push({ u: i, v: rows + j, weight });
      }
    }
    const outcome = solveAssignment({ rows, cols, gains, allowed }, 'shortest_path');
    if (outcome.status !== 'optimal') throw new Error(outcome.status);
    const got = checkMatching(rows + cols, edges, maxWeightMatching(rows + cols, edges));
    expect(got.weight).toBe(outcome.objective);
  });
});

describe('maxWeightMatching at scale', () => {
  it('matches a sparse random graph on 2,000 vertices at least as well as greedy', () => {
    const n = 2000;
    const next = rng(31337);
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < 6 * n; i++) {
      const u = randInt(next, 0, n - 1);
      const v = randInt(next, 0, n - 1);
      if (u !== v) edges.push({ u, v, weight: randInt(next, 0, 1000) });
    }
    const greedyResult = greedy(n, edges);
    const got = checkMatching(n, edges, maxWeightMatching(n, edges));
    expect(got.weight).toBeGreaterThanOrEqual(greedyResult.weight);
    expect(got.size).toBeGreaterThan(n / 3);

    const card = checkMatching(n, edges, maxWeightMatching(n, edges, { maxCardinality: true }));
    expect(card.size).toBeGreaterThanOrEqual(got.size);
    expect(card.size).toBeGreaterThanOrEqual(greedyResult.size);
    expect(card.weight).toBeLessThanOrEqual(got.weight);
  });

  it('matches a dense graph on 300 vertices at least as well as greedy, perfectly with maxCardinality', () => {
    const n = 300;
    const next = rng(12);
    const edges = randomGraph(next, n, 0.5, 0, 100);
    const got = checkMatching(n, edges, maxWeightMatching(n, edges));
    expect(got.weight).toBeGreaterThanOrEqual(greedy(n, edges).weight);
    // A dense random graph on an even number of vertices has a perfect matching.
    expect(checkMatching(n, edges, maxWeightMatching(n, edges, { maxCardinality: true })).size).toBe(n / 2);
  });
});
