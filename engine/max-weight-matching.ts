/**
 * Maximum-weight matching in a general (non-bipartite) undirected graph:
 * Edmonds' blossom algorithm with dual variables, O(n³) time, O(n + m) space.
 * Used to pair mentors as co-mentors, where the "two sides" of the assignment
 * solvers do not exist: anyone may be paired with anyone.
 *
 * The method is the primal-dual one of Edmonds as presented by Galil
 * ("Efficient algorithms for finding maximum matching in graphs", ACM
 * Computing Surveys 1986), organised the way Joris van Rantwijk's
 * `mwmatching.py` does it (the code behind networkx's `max_weight_matching`).
 * It keeps a matching and a feasible solution of the dual LP
 *
 *     minimise  Σ_v u(v) + Σ_B z(B)·⌊|B|/2⌋
 *     s.t.      u(i) + u(j) + Σ_{B ∋ i,j} z(B) ≥ w(i, j)   for every edge,
 *               u ≥ 0, z ≥ 0,
 *
 * where B runs over odd vertex sets ("blossoms"). Every matched edge is tight
 * (zero slack), every blossom with z > 0 is full, and the algorithm works in
 * stages: each stage grows alternating trees from the unmatched vertices over
 * tight edges, labelling vertices S (even distance) or T (odd). An edge
 * between two S vertices either closes an odd cycle, which is shrunk into a
 * blossom (a pseudo-vertex that is S itself), or joins two trees, giving an
 * augmenting path: the matching grows by one edge and the stage ends. When no
 * tight edge extends the trees, the duals move by the largest δ that keeps
 * them feasible (S vertices down, T vertices up, S blossoms' z up, T
 * blossoms' z down), which makes a new edge tight, or expands a T blossom
 * whose z reached zero, or — without `maxCardinality` — drives some vertex
 * dual to zero, at which point no augmentation can add weight and the
 * matching is optimal by complementary slackness. (With `maxCardinality`
 * vertex duals may go negative; the search ends when no dual move can grow
 * a tree, i.e. when no augmenting path exists at all.) There are at most n/2
 * stages (one per augmentation, plus the last); each makes O(n) dual moves
 * of O(n) work and scans adjacency lists once per S label and once per dual
 * move, so a stage costs O(n² + m) and the whole O(n³).
 *
 * Exactness. Vertex duals are stored doubled (2u), so the slack of an edge is
 * 2u(i) + 2u(j) + 2Σz − 2w and every δ is a slack, half a slack between two
 * S blossoms (which is even), or a z. With integer weights every stored
 * number therefore stays an integer (the real duals are multiples of 1/2),
 * the arithmetic is exact in doubles, and the matching is exactly optimal —
 * as long as those integers stay below 2^53. Without `maxCardinality` every
 * stored dual lies in [0, 2·max w], so any weights below 2^50 are safe. With
 * it, vertex duals go negative by amounts that grow with n (in the tests
 * they stayed within 0.4·n·max|w|), so keep n·max|w| below 2^50 — for
 * example scores up to 10^9 on 10^5 vertices. Callers with fractional
 * scores should scale them to integers first (dyadic fractions such as
 * quarters are exact too); with arbitrary floating-point weights the result
 * may be suboptimal by rounding error, as in networkx.
 *
 * Input conventions. Duplicate edges between the same two vertices are
 * merged, keeping the heaviest. Without `maxCardinality` an edge of negative
 * weight can never be in a maximum-weight matching (dropping it gains
 * weight), so such edges are discarded up front. With `maxCardinality` they
 * are kept, as networkx does: the result is, among the matchings of maximum
 * cardinality, one of maximum total weight, negative edges included if that
 * is what maximum cardinality costs. Zero-weight edges may or may not be used.
 * The result depends only on the input (including edge order), never on
 * chance: for the same arguments it is always the same.
 */

/** An undirected edge between vertices `u` and `v` (0-based) with a finite weight. */
export interface WeightedEdge {
  readonly u: number;
  readonly v: number;
  readonly weight: number;
}

export interface MaxWeightMatchingOptions {
  /** Among matchings of maximum cardinality, the heaviest (networkx's maxcardinality=True). @default false */
  readonly maxCardinality?: boolean;
}

/**
 * A maximum-weight matching of the undirected graph on vertices 0..n-1 with
 * `edges`; exactly optimal for integer weights (see the module comment).
 * mate[v] = the vertex matched to v, or -1. Vertices are 0..n-1.
 * Duplicate edges between two vertices count once, with the heaviest weight.
 * Negative edges are never used, unless `maxCardinality` needs them.
 * @throws RangeError if n is not a non-negative integer, or an edge has an
 *   end that is not an integer in [0, n), joins a vertex to itself, or has a
 *   weight that is not finite.
 */
export function maxWeightMatching(n: number, edges: readonly WeightedEdge[], options: MaxWeightMatchingOptions = {}): Int32Array {
  checkInput(n, edges);
  const maxCardinality = options.maxCardinality ?? false;
  const graph = buildGraph(n, edges, maxCardinality);
  if (graph.edgeCount === 0) return new Int32Array(n).fill(-1);
  return new BlossomSearch(graph, maxCardinality).run();
}

/** RangeError unless n is a non-negative integer and every edge joins two distinct vertices of [0, n) with a finite weight. */
function checkInput(n: number, edges: readonly WeightedEdge[]): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`maxWeightMatching: n must be a non-negative integer; got ${n}`);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as WeightedEdge;
    for (const end of ['u', 'v'] as const) {
      const x = e[end];
      if (!Number.isInteger(x) || x < 0 || x >= n) {
        throw new RangeError(`maxWeightMatching: edges[${i}].${end} must be an integer vertex in [0, ${n}); got ${x}`);
      }
    }
    if (e.u === e.v) throw new RangeError(`maxWeightMatching: edges[${i}] is a self-loop on vertex ${e.u}; a vertex cannot be matched to itself`);
    if (!Number.isFinite(e.weight)) throw new RangeError(`maxWeightMatching: edges[${i}].weight must be a finite number; got ${e.weight}`);
  }
}

/**
 * The graph the search runs on: one edge per vertex pair, in typed arrays.
 * Edge k has two endpoints, 2k (at `edgeU[k]`) and 2k+1 (at `edgeV[k]`);
 * `p ^ 1` is the other end of endpoint p, `p >> 1` its edge. Naming an edge
 * by an endpoint records the direction it was crossed in, which the
 * labels and blossoms need.
 */
interface Graph {
  readonly vertexCount: number;
  readonly edgeCount: number;
  readonly edgeU: Int32Array;
  readonly edgeV: Int32Array;
  /** Twice the weight: slacks are computed against doubled duals. */
  readonly twiceWeight: Float64Array;
  /** Vertex at endpoint p. */
  readonly endpointVertex: Int32Array;
  /** Remote endpoints of v's edges are `remoteEndpoints[adjacencyStart[v] .. adjacencyStart[v + 1])`. */
  readonly adjacencyStart: Int32Array;
  readonly remoteEndpoints: Int32Array;
  /**
   * The neighbour and the doubled weight at each adjacency slot: copies of
   * `endpointVertex[p]` and `twiceWeight[p >> 1]`, so that scanning a vertex
   * reads memory in order (on dense graphs the scan is the bulk of the work,
   * and random reads into per-edge arrays would dominate it).
   */
  readonly neighbours: Int32Array;
  readonly neighbourTwiceWeight: Float64Array;
  /** The adjacency slot, in the list of `endpointVertex[p]`, that holds p's edge. */
  readonly slotOfEndpoint: Int32Array;
  /** Largest weight, or 0 if all are negative: the initial doubled vertex dual. */
  readonly maxWeight: number;
}

/**
 * Merges duplicate pairs (keeping the heaviest weight, at the position of the
 * pair's first occurrence, so that the result does not depend on which
 * duplicate came first), drops negative edges unless `keepNegative`, and lays
 * out the adjacency lists. O(n + m), no hashing: edges are bucketed by their
 * smaller vertex and duplicates found with a per-vertex marker.
 */
function buildGraph(n: number, edges: readonly WeightedEdge[], keepNegative: boolean): Graph {
  const m = edges.length;
  const bucketStart = new Int32Array(n + 1);
  for (const e of edges) {
    const lo = Math.min(e.u, e.v);
    bucketStart[lo + 1] = (bucketStart[lo + 1] as number) + 1;
  }
  for (let v = 0; v < n; v++) bucketStart[v + 1] = (bucketStart[v + 1] as number) + (bucketStart[v] as number);
  const fill = bucketStart.slice(0, n);
  const byLow = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const e = edges[i] as WeightedEdge;
    const lo = Math.min(e.u, e.v);
    byLow[(fill[lo] as number)] = i;
    fill[lo] = (fill[lo] as number) + 1;
  }
  // firstOf[i]: index of the first edge with the same pair as edge i; bestWeight at that index.
  const firstOf = new Int32Array(m);
  const bestWeight = new Float64Array(m);
  const seenBy = new Int32Array(n).fill(-1); // seenBy[hi]: the low vertex whose bucket last saw hi
  const seenAt = new Int32Array(n); // ... and the first edge index of that pair
  for (let lo = 0; lo < n; lo++) {
    for (let q = bucketStart[lo] as number; q < (bucketStart[lo + 1] as number); q++) {
      const i = byLow[q] as number;
      const e = edges[i] as WeightedEdge;
      const hi = Math.max(e.u, e.v);
      if (seenBy[hi] !== lo) {
        seenBy[hi] = lo;
        seenAt[hi] = i;
        firstOf[i] = i;
        bestWeight[i] = e.weight;
      } else {
        const first = seenAt[hi] as number;
        firstOf[i] = first;
        if (e.weight > (bestWeight[first] as number)) bestWeight[first] = e.weight;
      }
    }
  }

  let edgeCount = 0;
  for (let i = 0; i < m; i++) if (firstOf[i] === i && (keepNegative || (bestWeight[i] as number) >= 0)) edgeCount++;
  const edgeU = new Int32Array(edgeCount);
  const edgeV = new Int32Array(edgeCount);
  const twiceWeight = new Float64Array(edgeCount);
  const endpointVertex = new Int32Array(2 * edgeCount);
  const adjacencyStart = new Int32Array(n + 1);
  let maxWeight = 0;
  let k = 0;
  for (let i = 0; i < m; i++) {
    const w = bestWeight[i] as number;
    if (firstOf[i] !== i || (!keepNegative && w < 0)) continue;
    const e = edges[i] as WeightedEdge;
    edgeU[k] = e.u;
    edgeV[k] = e.v;
    twiceWeight[k] = 2 * w;
    endpointVertex[2 * k] = e.u;
    endpointVertex[2 * k + 1] = e.v;
    adjacencyStart[e.u + 1] = (adjacencyStart[e.u + 1] as number) + 1;
    adjacencyStart[e.v + 1] = (adjacencyStart[e.v + 1] as number) + 1;
    if (w > maxWeight) maxWeight = w;
    k++;
  }
  for (let v = 0; v < n; v++) adjacencyStart[v + 1] = (adjacencyStart[v + 1] as number) + (adjacencyStart[v] as number);
  const remoteEndpoints = new Int32Array(2 * edgeCount);
  const neighbours = new Int32Array(2 * edgeCount);
  const neighbourTwiceWeight = new Float64Array(2 * edgeCount);
  const slotOfEndpoint = new Int32Array(2 * edgeCount);
  const next = adjacencyStart.slice(0, n);
  for (let e = 0; e < edgeCount; e++) {
    const u = edgeU[e] as number;
    const v = edgeV[e] as number;
    const slotU = next[u] as number;
    remoteEndpoints[slotU] = 2 * e + 1;
    neighbours[slotU] = v;
    neighbourTwiceWeight[slotU] = twiceWeight[e] as number;
    slotOfEndpoint[2 * e] = slotU;
    next[u] = slotU + 1;
    const slotV = next[v] as number;
    remoteEndpoints[slotV] = 2 * e;
    neighbours[slotV] = u;
    neighbourTwiceWeight[slotV] = twiceWeight[e] as number;
    slotOfEndpoint[2 * e + 1] = slotV;
    next[v] = slotV + 1;
  }
  return { vertexCount: n, edgeCount, edgeU, edgeV, twiceWeight, endpointVertex, adjacencyStart, remoteEndpoints, neighbours, neighbourTwiceWeight, slotOfEndpoint, maxWeight };
}

/** Labels of top-level blossoms (and, inside T blossoms, of vertices). */
const FREE = 0;
const S = 1;
const T = 2;
/** Set on top of S while tracing back from an S–S edge, to find where the two paths meet. */
const BREADCRUMB = 4;

/** `list[i]`, counting negative i from the end: blossom walks go round the cycle in both directions. */
function at(list: readonly number[], i: number): number {
  return list[i < 0 ? i + list.length : i] as number;
}

/**
 * The state of one run. Blossoms and vertices share one numbering: vertices
 * are 0..n-1 (trivial blossoms), non-trivial blossoms n..2n-1, recycled when
 * expanded (there are never more than n/2 alive, nested or not).
 */
class BlossomSearch {
  private readonly n: number;
  private readonly g: Graph;
  private readonly maxCardinality: boolean;

  /** mate[v]: remote endpoint of v's matched edge, or -1 (so `endpointVertex[mate[v]]` is v's partner). */
  private readonly mate: Int32Array;
  /** Label of a top-level blossom: FREE, S or T (BREADCRUMB bit while scanning). A vertex inside a T blossom has T iff reached from outside. */
  private readonly label: Int32Array;
  /** Remote endpoint of the edge through which a labelled blossom (or reached vertex in a T blossom) got its label; -1 for a tree root. */
  private readonly labelEnd: Int32Array;
  /** Top-level blossom containing each vertex. */
  private readonly inBlossom: Int32Array;
  /** Immediate parent blossom, -1 at top level. */
  private readonly blossomParent: Int32Array;
  /** Sub-blossoms of a non-trivial blossom, starting at the one with the base and going round the cycle. */
  private readonly blossomChildren: (number[] | null)[];
  /** blossomEnds[b][i]: endpoint in child i of the edge joining child i to child i+1 (cyclically). */
  private readonly blossomEnds: (number[] | null)[];
  /** Base vertex of each blossom (-1: number unused). */
  private readonly blossomBase: Int32Array;
  /**
   * For a free vertex (or unreached vertex in a T blossom): least-slack edge to an S vertex.
   * For a top-level S blossom: least-slack edge to another S blossom. -1 if none. These make δ O(n).
   */
  private readonly bestEdge: Int32Array;
  /**
   * The doubled slack of bestEdge[x], kept up to date through dual moves
   * rather than recomputed: recomputing reads the edge's ends and weight
   * at random places in memory, once per scanned edge.
   */
  private readonly bestSlack: Float64Array;
  /** For a non-trivial top-level S blossom: least-slack edges to each neighbouring S blossom, or null if not computed yet. */
  private readonly blossomBestEdges: (number[] | null)[];
  private readonly unusedBlossoms: number[];
  /** Doubled vertex duals 2u(v) at 0..n-1; blossom duals z(B) at n..2n-1. */
  private readonly dual: Float64Array;
  /**
   * Per adjacency slot (both slots of an edge together): edge known to be tight this
   * stage (it may be tight without being marked). By slot, not by edge, so that the
   * scan reads it in order.
   */
  private readonly allowed: Uint8Array;
  /** S vertices whose edges are still to be scanned. */
  private readonly queue: number[] = [];
  /** Scratch for addBlossom: least-slack edge from the new blossom to each S blossom. */
  private readonly bestEdgeTo: Int32Array;

  constructor(graph: Graph, maxCardinality: boolean) {
    const n = graph.vertexCount;
    this.n = n;
    this.g = graph;
    this.maxCardinality = maxCardinality;
    this.mate = new Int32Array(n).fill(-1);
    this.label = new Int32Array(2 * n);
    this.labelEnd = new Int32Array(2 * n).fill(-1);
    this.inBlossom = new Int32Array(n);
    for (let v = 0; v < n; v++) this.inBlossom[v] = v;
    this.blossomParent = new Int32Array(2 * n).fill(-1);
    this.blossomChildren = new Array<number[] | null>(2 * n).fill(null);
    this.blossomEnds = new Array<number[] | null>(2 * n).fill(null);
    this.blossomBase = new Int32Array(2 * n).fill(-1);
    for (let v = 0; v < n; v++) this.blossomBase[v] = v;
    this.bestEdge = new Int32Array(2 * n).fill(-1);
    this.bestSlack = new Float64Array(2 * n);
    this.blossomBestEdges = new Array<number[] | null>(2 * n).fill(null);
    // Popped from the end, so blossom numbers are handed out from n upwards.
    this.unusedBlossoms = [];
    for (let b = 2 * n - 1; b >= n; b--) this.unusedBlossoms.push(b);
    this.dual = new Float64Array(2 * n);
    this.dual.fill(graph.maxWeight, 0, n);
    this.allowed = new Uint8Array(2 * graph.edgeCount);
    this.bestEdgeTo = new Int32Array(2 * n).fill(-1);
  }

  /** Stages until no augmenting path pays (or exists, with maxCardinality); returns partner vertices. */
  run(): Int32Array {
    const { n, label, inBlossom, mate, blossomParent, blossomBase, dual } = this;
    for (let stage = 0; stage < n; stage++) {
      // Labels, least-slack edges and tightness marks are per stage: the duals moved.
      label.fill(FREE);
      this.bestEdge.fill(-1);
      this.blossomBestEdges.fill(null, n);
      this.allowed.fill(0);
      this.queue.length = 0;
      for (let v = 0; v < n; v++) {
        if (mate[v] === -1 && label[inBlossom[v] as number] === FREE) this.assignLabel(v, S, -1);
      }
      if (!this.searchStage()) break;
      // A blossom whose dual is zero constrains nothing and is not needed any more: dissolve
      // it now (as Galil and mwmatching do) rather than carry it into the next stage, where it
      // would only nest deeper or be expanded on first contact as a T blossom.
      for (let b = n; b < 2 * n; b++) {
        if (blossomParent[b] === -1 && (blossomBase[b] as number) >= 0 && label[b] === S && dual[b] === 0) this.expandBlossom(b, true);
      }
    }
    const partner = new Int32Array(n);
    for (let v = 0; v < n; v++) partner[v] = mate[v] === -1 ? -1 : (this.g.endpointVertex[mate[v] as number] as number);
    return partner;
  }

  /** One stage: grow the trees and move duals until an augmentation (true) or optimality (false). */
  private searchStage(): boolean {
    const { n, label, inBlossom, blossomParent, blossomBase, dual, bestEdge, bestSlack, queue } = this;
    const { edgeU, edgeV } = this.g;
    for (;;) {
      if (this.scanQueue()) return true;

      // No tight edge extends the trees: find the largest feasible dual move δ (doubled, like the duals).
      let deltaType = -1;
      let delta = 0;
      let deltaEdge = -1;
      let deltaBlossom = -1;
      // δ1: a vertex dual reaches 0; past that point no augmentation adds weight.
      if (!this.maxCardinality) {
        deltaType = 1;
        delta = dual[0] as number;
        for (let v = 1; v < n; v++) if ((dual[v] as number) < delta) delta = dual[v] as number;
      }
      // δ2: an edge between an S vertex and a free vertex becomes tight.
      for (let v = 0; v < n; v++) {
        const k = bestEdge[v] as number;
        if (k !== -1 && label[inBlossom[v] as number] === FREE) {
          const d = bestSlack[v] as number;
          if (deltaType === -1 || d < delta) {
            delta = d;
            deltaType = 2;
            deltaEdge = k;
          }
        }
      }
      // δ3: an edge between two S blossoms becomes tight; both ends move, so half its slack.
      for (let b = 0; b < 2 * n; b++) {
        const k = bestEdge[b] as number;
        if (k !== -1 && blossomParent[b] === -1 && label[b] === S) {
          const d = (bestSlack[b] as number) / 2;
          if (deltaType === -1 || d < delta) {
            delta = d;
            deltaType = 3;
            deltaEdge = k;
          }
        }
      }
      // δ4: the dual of a T blossom reaches 0, so it may be expanded.
      for (let b = n; b < 2 * n; b++) {
        if ((blossomBase[b] as number) >= 0 && blossomParent[b] === -1 && label[b] === T && (deltaType === -1 || (dual[b] as number) < delta)) {
          delta = dual[b] as number;
          deltaType = 4;
          deltaBlossom = b;
        }
      }
      // None (only with maxCardinality): no dual move lets any tree grow, so there is no
      // augmenting path at all; the matching has maximum cardinality, and the heaviest such.
      if (deltaType === -1) return false;

      // Move the duals. The cached least slacks move with them: a free vertex's edge to an
      // S vertex loses δ, an edge between two S blossoms 2δ; an edge from an S vertex into a
      // T blossom keeps its slack (one end down, the other up).
      for (let v = 0; v < n; v++) {
        const l = label[inBlossom[v] as number];
        if (l === S) dual[v] = (dual[v] as number) - delta;
        else if (l === T) dual[v] = (dual[v] as number) + delta;
        else if (bestEdge[v] !== -1) bestSlack[v] = (bestSlack[v] as number) - delta;
      }
      for (let b = 0; b < 2 * n; b++) {
        if (bestEdge[b] !== -1 && blossomParent[b] === -1 && label[b] === S) bestSlack[b] = (bestSlack[b] as number) - 2 * delta;
      }
      for (let b = n; b < 2 * n; b++) {
        if ((blossomBase[b] as number) >= 0 && blossomParent[b] === -1) {
          if (label[b] === S) dual[b] = (dual[b] as number) + delta;
          else if (label[b] === T) dual[b] = (dual[b] as number) - delta;
        }
      }

      switch (deltaType) {
        case 1:
          return false;
        case 2: {
          this.markAllowed(deltaEdge);
          const u = edgeU[deltaEdge] as number;
          queue.push(label[inBlossom[u] as number] === FREE ? (edgeV[deltaEdge] as number) : u);
          break;
        }
        case 3:
          this.markAllowed(deltaEdge);
          queue.push(edgeU[deltaEdge] as number);
          break;
        default:
          this.expandBlossom(deltaBlossom, false);
      }
    }
  }

  /**
   * Scans the edges of queued S vertices, labelling, shrinking blossoms and
   * recording least-slack edges, until the queue is empty (false) or an
   * augmenting path was found and applied (true).
   */
  private scanQueue(): boolean {
    const { label, labelEnd, inBlossom, dual, bestEdge, bestSlack, allowed, queue } = this;
    const { adjacencyStart, remoteEndpoints, neighbours, neighbourTwiceWeight } = this.g;
    while (queue.length > 0) {
      const v = queue.pop() as number;
      const end = adjacencyStart[v + 1] as number;
      for (let a = adjacencyStart[v] as number; a < end; a++) {
        const p = remoteEndpoints[a] as number;
        const k = p >> 1;
        const w = neighbours[a] as number;
        // Re-read: adding a blossom below changes v's top-level blossom.
        const bv = inBlossom[v] as number;
        const bw = inBlossom[w] as number;
        if (bv === bw) continue; // inside one blossom
        let kSlack = 0;
        if (allowed[a] === 0) {
          kSlack = (dual[v] as number) + (dual[w] as number) - (neighbourTwiceWeight[a] as number);
          if (kSlack <= 0) this.markAllowed(k);
        }
        if (allowed[a] === 1) {
          if (label[bw] === FREE) {
            // w's blossom joins the tree as T, and its mate as S.
            this.assignLabel(w, T, p ^ 1);
          } else if (label[bw] === S) {
            const base = this.scanBlossom(v, w);
            if (base >= 0) {
              this.addBlossom(base, k);
            } else {
              this.augmentMatching(k);
              return true;
            }
          } else if (label[w] === FREE) {
            // w sits inside a T blossom but was not reached itself; remember how to reach it,
            // which the blossom needs if it is expanded during this stage.
            label[w] = T;
            labelEnd[w] = p ^ 1;
          }
        } else if (label[bw] === S) {
          if (bestEdge[bv] === -1 || kSlack < (bestSlack[bv] as number)) {
            bestEdge[bv] = k;
            bestSlack[bv] = kSlack;
          }
        } else if (label[w] === FREE) {
          if (bestEdge[w] === -1 || kSlack < (bestSlack[w] as number)) {
            bestEdge[w] = k;
            bestSlack[w] = kSlack;
          }
        }
      }
    }
    return false;
  }

  /** Marks edge k tight, in the adjacency slots of both its ends. */
  private markAllowed(k: number): void {
    const { slotOfEndpoint } = this.g;
    this.allowed[slotOfEndpoint[2 * k] as number] = 1;
    this.allowed[slotOfEndpoint[2 * k + 1] as number] = 1;
  }

  /** Doubled slack of edge k; only meaningful between different top-level blossoms (it leaves out z). */
  private slack(k: number): number {
    const { edgeU, edgeV, twiceWeight } = this.g;
    return (this.dual[edgeU[k] as number] as number) + (this.dual[edgeV[k] as number] as number) - (twiceWeight[k] as number);
  }

  /** Appends the vertices of blossom b (recursively) to `out`. */
  private pushLeaves(b: number, out: number[]): void {
    if (b < this.n) {
      out.push(b);
      return;
    }
    const stack = [b];
    while (stack.length > 0) {
      const c = stack.pop() as number;
      for (const child of this.blossomChildren[c] as number[]) {
        if (child < this.n) out.push(child);
        else stack.push(child);
      }
    }
  }

  /** The vertices of blossom b, in a fresh array. */
  private leaves(b: number): number[] {
    const out: number[] = [];
    this.pushLeaves(b, out);
    return out;
  }

  /**
   * Labels the top-level blossom of vertex w with t, reached through remote
   * endpoint p. An S blossom's vertices are queued for scanning; a T blossom
   * is matched through its base, and that mate becomes S.
   */
  private assignLabel(w: number, t: number, p: number): void {
    const b = this.inBlossom[w] as number;
    this.label[w] = this.label[b] = t;
    this.labelEnd[w] = this.labelEnd[b] = p;
    this.bestEdge[w] = this.bestEdge[b] = -1;
    if (t === S) {
      this.pushLeaves(b, this.queue);
    } else {
      const baseMate = this.mate[this.blossomBase[b] as number] as number;
      this.assignLabel(this.g.endpointVertex[baseMate] as number, S, baseMate ^ 1);
    }
  }

  /**
   * Walks back from the S vertices v and w towards their tree roots,
   * alternately, leaving breadcrumbs. Meeting a breadcrumb means both lie in
   * one tree: returns the base of the odd cycle they close. Reaching both
   * roots means different trees: returns -1 (an augmenting path).
   */
  private scanBlossom(v: number, w: number): number {
    const { label, labelEnd, inBlossom, blossomBase } = this;
    const { endpointVertex } = this.g;
    const path: number[] = [];
    let base = -1;
    while (v !== -1 || w !== -1) {
      let b = inBlossom[v] as number;
      if (((label[b] as number) & BREADCRUMB) !== 0) {
        base = blossomBase[b] as number;
        break;
      }
      path.push(b);
      label[b] = S | BREADCRUMB;
      if (labelEnd[b] === -1) {
        v = -1; // b's base is a root
      } else {
        // Step over the matched edge to a T blossom, then over its label edge to the next S blossom.
        v = endpointVertex[labelEnd[b] as number] as number;
        b = inBlossom[v] as number;
        v = endpointVertex[labelEnd[b] as number] as number;
      }
      if (w !== -1) [v, w] = [w, v];
    }
    for (const b of path) label[b] = S;
    return base;
  }

  /**
   * Shrinks the odd cycle closed by edge k (between two S vertices of one
   * tree, meeting at `base`) into a new S blossom with z = 0, turns its T
   * vertices into S (queueing them), and merges the sub-blossoms'
   * least-slack edges into the new blossom's list.
   */
  private addBlossom(base: number, k: number): void {
    const { label, labelEnd, inBlossom, blossomParent, bestEdge, blossomBestEdges, bestEdgeTo } = this;
    const { endpointVertex, edgeU, edgeV, adjacencyStart, remoteEndpoints } = this.g;
    const baseBlossom = inBlossom[base] as number;
    let bv = inBlossom[edgeU[k] as number] as number;
    let bw = inBlossom[edgeV[k] as number] as number;
    const b = this.unusedBlossoms.pop() as number;
    this.blossomBase[b] = base;
    blossomParent[b] = -1;
    blossomParent[baseBlossom] = b;
    // The cycle: base, back up the v side reversed, edge k, down the w side.
    const children: number[] = [];
    const ends: number[] = [];
    while (bv !== baseBlossom) {
      blossomParent[bv] = b;
      children.push(bv);
      ends.push(labelEnd[bv] as number);
      bv = inBlossom[endpointVertex[labelEnd[bv] as number] as number] as number;
    }
    children.push(baseBlossom);
    children.reverse();
    ends.reverse();
    ends.push(2 * k);
    while (bw !== baseBlossom) {
      blossomParent[bw] = b;
      children.push(bw);
      ends.push((labelEnd[bw] as number) ^ 1);
      bw = inBlossom[endpointVertex[labelEnd[bw] as number] as number] as number;
    }
    this.blossomChildren[b] = children;
    this.blossomEnds[b] = ends;
    label[b] = S;
    labelEnd[b] = labelEnd[baseBlossom] as number;
    this.dual[b] = 0;
    for (const v of this.leaves(b)) {
      if (label[inBlossom[v] as number] === T) this.queue.push(v); // T vertices become S inside an S blossom
      inBlossom[v] = b;
    }

    // Least-slack edges from b to each other S blossom: from the sub-blossoms' lists
    // where they have one, else from their vertices' edges.
    const touched: number[] = [];
    const consider = (e: number): void => {
      let j = edgeV[e] as number;
      if (inBlossom[j] === b) j = edgeU[e] as number;
      const bj = inBlossom[j] as number;
      if (bj === b || label[bj] !== S) return;
      const current = bestEdgeTo[bj] as number;
      if (current === -1) {
        touched.push(bj);
        bestEdgeTo[bj] = e;
      } else if (this.slack(e) < this.slack(current)) {
        bestEdgeTo[bj] = e;
      }
    };
    for (const sub of children) {
      const list = blossomBestEdges[sub];
      if (list === null || list === undefined) {
        for (const v of this.leaves(sub)) {
          for (let a = adjacencyStart[v] as number; a < (adjacencyStart[v + 1] as number); a++) consider((remoteEndpoints[a] as number) >> 1);
        }
      } else {
        for (const e of list) consider(e);
      }
      blossomBestEdges[sub] = null;
      bestEdge[sub] = -1;
    }
    const list: number[] = [];
    let best = -1;
    for (const bj of touched) {
      const e = bestEdgeTo[bj] as number;
      bestEdgeTo[bj] = -1;
      list.push(e);
      if (best === -1 || this.slack(e) < this.slack(best)) best = e;
    }
    blossomBestEdges[b] = list;
    bestEdge[b] = best;
    if (best !== -1) this.bestSlack[b] = this.slack(best);
  }

  /**
   * Dissolves top-level blossom b into its sub-blossoms. At the end of a
   * stage (`endStage`), sub-blossoms with zero dual dissolve too. During a
   * stage b is a T blossom whose z reached 0: the even-length path from its
   * entry sub-blossom to its base stays in the tree (alternately T and S),
   * and the rest of the cycle becomes free again, except sub-blossoms already
   * reached from outside, which become T.
   */
  private expandBlossom(b: number, endStage: boolean): void {
    const { n, label, labelEnd, inBlossom, blossomParent, bestEdge } = this;
    const { endpointVertex } = this.g;
    const children = this.blossomChildren[b] as number[];
    const ends = this.blossomEnds[b] as number[];
    for (const s of children) {
      blossomParent[s] = -1;
      if (s < n) inBlossom[s] = s;
      else if (endStage && this.dual[s] === 0) this.expandBlossom(s, endStage);
      else for (const v of this.leaves(s)) inBlossom[v] = s;
    }

    if (!endStage && label[b] === T) {
      const entryChild = inBlossom[endpointVertex[(labelEnd[b] as number) ^ 1] as number] as number;
      // Go round the side from the entry child to the base that has even length.
      // endTrick: which end of the connecting edge lies in the child we step from.
      let { j, step, endTrick } = evenSideWalk(children.indexOf(entryChild), children.length);
      let p = labelEnd[b] as number;
      while (j !== 0) {
        // Label the sub-blossom we stand on T (and its mate, the next one, S)...
        this.assignLabel(endpointVertex[p ^ 1] as number, T, p);
        // ...step over the matched edge to the next (S) sub-blossom, then over the next edge to a T one.
        this.markAllowed(at(ends, j - endTrick) >> 1);
        j += step;
        p = at(ends, j - endTrick) ^ endTrick;
        this.markAllowed(p >> 1);
        j += step;
      }
      // The base sub-blossom is T, but its mate outside is already labelled: no assignLabel.
      const baseChild = at(children, j);
      label[endpointVertex[p ^ 1] as number] = label[baseChild] = T;
      labelEnd[endpointVertex[p ^ 1] as number] = labelEnd[baseChild] = p;
      bestEdge[baseChild] = -1;
      // The other side of the cycle leaves the tree; a sub-blossom there that was reached
      // from an S vertex outside becomes T through that edge.
      j += step;
      while (at(children, j) !== entryChild) {
        const sub = at(children, j);
        j += step;
        if (label[sub] === S) continue; // the mate of a sub-blossom just labelled T in this loop
        const reached = this.leaves(sub).find((v) => label[v] !== FREE);
        if (reached !== undefined) this.assignLabel(reached, T, labelEnd[reached] as number);
      }
    }

    label[b] = labelEnd[b] = -1;
    this.blossomChildren[b] = this.blossomEnds[b] = null;
    this.blossomBase[b] = -1;
    this.blossomBestEdges[b] = null;
    bestEdge[b] = -1;
    this.unusedBlossoms.push(b);
  }

  /**
   * Flips matched and unmatched edges along the even path inside blossom b
   * from vertex v to b's base, recursing into sub-blossoms on the way, and
   * rotates b's cycle so that v becomes its base.
   */
  private augmentBlossom(b: number, v: number): void {
    const { n, blossomParent, mate } = this;
    const { endpointVertex } = this.g;
    let t = v;
    while (blossomParent[t] !== b) t = blossomParent[t] as number;
    if (t >= n) this.augmentBlossom(t, v);
    const children = this.blossomChildren[b] as number[];
    const ends = this.blossomEnds[b] as number[];
    const i = children.indexOf(t);
    let { j, step, endTrick } = evenSideWalk(i, children.length);
    while (j !== 0) {
      j += step;
      t = at(children, j);
      const p = at(ends, j - endTrick) ^ endTrick;
      if (t >= n) this.augmentBlossom(t, endpointVertex[p] as number);
      j += step;
      t = at(children, j);
      if (t >= n) this.augmentBlossom(t, endpointVertex[p ^ 1] as number);
      mate[endpointVertex[p] as number] = p ^ 1;
      mate[endpointVertex[p ^ 1] as number] = p;
    }
    this.blossomChildren[b] = children.slice(i).concat(children.slice(0, i));
    this.blossomEnds[b] = ends.slice(i).concat(ends.slice(0, i));
    this.blossomBase[b] = this.blossomBase[children[i] as number] as number;
  }

  /**
   * Augments along the path through S–S edge k joining two trees: from each
   * end back to its root, flipping every edge and the paths inside the
   * blossoms it passes.
   */
  private augmentMatching(k: number): void {
    const { n, labelEnd, inBlossom, mate } = this;
    const { endpointVertex, edgeU, edgeV } = this.g;
    for (const [start, startEnd] of [
      [edgeU[k] as number, 2 * k + 1],
      [edgeV[k] as number, 2 * k],
    ] as const) {
      let s = start;
      let p = startEnd;
      for (;;) {
        const bs = inBlossom[s] as number;
        if (bs >= n) this.augmentBlossom(bs, s);
        mate[s] = p;
        if (labelEnd[bs] === -1) break; // reached the root
        const t = endpointVertex[labelEnd[bs] as number] as number;
        const bt = inBlossom[t] as number;
        s = endpointVertex[labelEnd[bt] as number] as number;
        const j = endpointVertex[(labelEnd[bt] as number) ^ 1] as number;
        if (bt >= n) this.augmentBlossom(bt, j);
        mate[j] = labelEnd[bt] as number;
        p = (labelEnd[bt] as number) ^ 1;
      }
    }
  }
}

/**
 * The way round a blossom of `length` children from child `index` to its
 * base (child 0) along the side of even length: the start (negative when
 * going forward past the end), the step, and which end of each connecting
 * edge lies in the child stepped from.
 */
function evenSideWalk(index: number, length: number): { j: number; step: number; endTrick: number } {
  return (index & 1) !== 0 ? { j: index - length, step: 1, endTrick: 0 } : { j: index, step: -1, endTrick: 1 };
}
