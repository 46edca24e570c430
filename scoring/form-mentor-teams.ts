/**
 * Who leads each group (group mentoring, `shape: group`): the teams of
 * mentors the matrix scores mentees against (mentor-teams.ts).
 *
 * 0. Kept (a rematch): the teams of the previous run's groups stay as they
 *    were, less anyone no longer eligible, so a kept group keeps its mentors
 *    and a released mentee cannot land with the same team re-formed.
 * 1. Declared: mentors the `co_mentors` column names together lead one
 *    group. Naming is enough from one side, and it chains (A names B, B
 *    names C: one team of three). A team larger than `group.max_mentors`
 *    is the applications' mistake, reported by row, never cut arbitrarily.
 *    An ineligible mentor named as co-mentor is simply not in the team.
 * 2. Paired (`group.co_mentors: paired`, `max_mentors` ≥ 2): the mentors
 *    left alone are paired two by two so that the pairs share as many
 *    interests as possible: a maximum-weight matching of the general graph
 *    whose edge weights are the interests two mentors share (Edmonds'
 *    blossom algorithm, engine/max-weight-matching.ts; exact, as the
 *    weights are whole counts). As many pairs as possible are made; with
 *    an odd count one mentor leads alone. Two mentors are never paired
 *    when their group could not reach `min_size` (a team's group is no
 *    larger than its smallest capacity). Pairing costs places (a team of
 *    two leads one group), so when the groups would have fewer places than
 *    there are eligible mentees, the pairs sharing the fewest interests are
 *    split again, one at a time, until every mentee has a place or no pair
 *    is left.
 * 3. Everyone else leads a group alone.
 *
 * Forming the teams is its own step, before any mentee is placed: the best
 * teams for the mentees' scores would be a far larger (and NP-hard) set
 * partitioning. The placement of mentees into the teams' groups is then
 * exact (match-cohort.ts).
 */
import { maxWeightMatching, type WeightedEdge } from '../engine/max-weight-matching.js';
import type { Applicant } from './applicant.js';
import { buildListOverlap } from './list-overlap.js';
import type { MentorTeams, TeamOrigin } from './mentor-teams.js';
import type { Shape } from './program.js';

/** A declared team with more mentors than the program allows. */
export interface OversizedTeam {
  /** Its mentors, in id order. */
  readonly mentors: readonly Applicant[];
  readonly maxMentors: number;
}

/**
 * The teams (with warnings for staff: rows only, no names, as they are
 * logged), or the declared teams that are too large.
 */
export type FormedTeams =
  | { readonly status: 'formed'; readonly teams: MentorTeams; readonly warnings: readonly string[] }
  | { readonly status: 'oversized'; readonly oversized: readonly OversizedTeam[] };

/**
 * Forms the teams of `mentors` (the pool's eligible mentors, in pool
 * order) under a group shape; `kept` are teams to keep as they are (mentor
 * ids, lead first; unknown or ineligible ids are dropped). Deterministic:
 * the same mentors in the same order give the same teams.
 */
export function formMentorTeams(
  mentors: readonly Applicant[],
  shape: Extract<Shape, { kind: 'group' }>,
  kept: readonly (readonly string[])[] = [],
  mentees = Number.POSITIVE_INFINITY,
): FormedTeams {
  const n = mentors.length;
  const warnings: string[] = [];
  const index = new Map(mentors.map((m, k) => [m.id, k]));
  const columns: number[][] = [];
  const origins: TeamOrigin[] = [];
  const inKeptTeam = new Uint8Array(n);
  for (const team of kept) {
    const members = [...new Set(team.map((id) => index.get(id)).filter((k): k is number => k !== undefined && inKeptTeam[k] === 0))];
    if (members.length === 0) continue;
    for (const k of members) inKeptTeam[k] = 1;
    columns.push(members);
    origins.push('kept');
  }
  const parent = Int32Array.from({ length: n }, (_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k] as number] as number;
      k = parent[k] as number;
    }
    return k;
  };
  for (let k = 0; k < n; k++) {
    if (inKeptTeam[k] === 1) continue;
    for (const id of (mentors[k] as Applicant).coMentors) {
      const other = index.get(id);
      if (other === undefined) {
        const m = mentors[k] as Applicant;
        warnings.push(`${m.source.file}, row ${m.source.row}: a co-mentor named in co_mentors is not an eligible mentor of this run, so this mentor's group goes without them`);
        continue;
      }
      if (inKeptTeam[other] === 1) continue; // kept in a team of the previous run
      const a = root(k);
      const b = root(other);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    if (inKeptTeam[k] === 1) continue;
    const r = root(k);
    const team = byRoot.get(r);
    if (team === undefined) byRoot.set(r, [k]);
    else team.push(k);
  }
  const declared = [...byRoot.values()];
  const oversized = declared
    .filter((team) => team.length > shape.maxMentors)
    .map((team) => ({ mentors: team.map((k) => mentors[k] as Applicant), maxMentors: shape.maxMentors }));
  if (oversized.length > 0) return { status: 'oversized', oversized };

  const alone: number[] = [];
  for (const team of declared) {
    if (team.length > 1) {
      columns.push(team);
      origins.push('declared');
    } else alone.push(team[0] as number);
  }
  if (shape.coMentors === 'paired' && shape.maxMentors >= 2 && alone.length >= 2) {
    const candidates = alone.map((k) => mentors[k] as Applicant);
    const mate = pairBySharedInterests(candidates, shape.minSize);
    // Places of every group as formed so far, and the pairs from the weakest up.
    let places = columns.reduce((sum, team) => sum + Math.min(...team.map((k) => (mentors[k] as Applicant).capacity)), 0);
    places += alone.reduce((sum, k, a) => sum + ((mate[a] as number) === -1 ? (mentors[k] as Applicant).capacity : 0), 0);
    const pairs: [number, number, number][] = [];
    alone.forEach((_, a) => {
      const b = mate[a] as number;
      if (b > a) pairs.push([a, b, sharedInterestCount(candidates[a] as Applicant, candidates[b] as Applicant)]);
    });
    for (const [a, b] of pairs) places += Math.min((candidates[a] as Applicant).capacity, (candidates[b] as Applicant).capacity);
    pairs.sort((x, y) => y[2] - x[2] || x[0] - y[0]);
    while (places < mentees && pairs.length > 0) {
      const [a, b] = pairs.pop() as [number, number, number];
      const ca = (candidates[a] as Applicant).capacity;
      const cb = (candidates[b] as Applicant).capacity;
      places += ca + cb - Math.min(ca, cb);
      mate[a] = -1;
      mate[b] = -1;
    }
    const left: number[] = [];
    alone.forEach((k, a) => {
      const b = mate[a] as number;
      if (b === -1) left.push(k);
      else if (a < b) {
        columns.push([k, alone[b] as number]);
        origins.push('paired');
      }
    });
    alone.length = 0;
    alone.push(...left);
  }
  for (const k of alone) {
    columns.push([k]);
    origins.push('alone');
  }
  // Columns in the order of their leads, so the pool order follows the ids.
  const order = columns.map((_, t) => t).sort((a, b) => (columns[a]?.[0] as number) - (columns[b]?.[0] as number));
  return {
    status: 'formed',
    warnings,
    teams: {
      members: mentors,
      columns: order.map((t) => [...(columns[t] as number[])].sort((a, b) => a - b)),
      origins: order.map((t) => origins[t] as TeamOrigin),
    },
  };
}

/**
 * Pairs as many of `mentors` as possible, and among those pairings the one
 * whose pairs share the most interests in all (mate[a] = b, or -1). Two
 * mentors whose smaller capacity is below `minSize` are never paired: their
 * group could not run.
 */
export function pairBySharedInterests(mentors: readonly Applicant[], minSize = 0): Int32Array {
  const lists = mentors.map((m) => m.interests);
  const overlap = buildListOverlap(lists, lists);
  const edges: WeightedEdge[] = [];
  for (let a = 0; a < mentors.length; a++) {
    if ((mentors[a] as Applicant).capacity < minSize) continue;
    for (let b = a + 1; b < mentors.length; b++) {
      if ((mentors[b] as Applicant).capacity >= minSize) edges.push({ u: a, v: b, weight: overlap.commonCount(a, b) });
    }
  }
  return maxWeightMatching(mentors.length, edges, { maxCardinality: true });
}

/** How many interests two mentors share, as {@link pairBySharedInterests} counts them. */
function sharedInterestCount(a: Applicant, b: Applicant): number {
  return buildListOverlap([a.interests], [b.interests]).commonCount(0, 0);
}
