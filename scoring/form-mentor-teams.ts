/**
 * Who leads each group (group mentoring, `shape: group`): the teams of
 * mentors the matrix scores mentees against (mentor-teams.ts).
 *
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
 *    an odd count one mentor leads alone.
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

/** The teams, or the declared teams that are too large. */
export type FormedTeams = { readonly status: 'formed'; readonly teams: MentorTeams } | { readonly status: 'oversized'; readonly oversized: readonly OversizedTeam[] };

/**
 * Forms the teams of `mentors` (the pool's eligible mentors, in pool
 * order) under a group shape. Deterministic: the same mentors in the same
 * order give the same teams.
 */
export function formMentorTeams(mentors: readonly Applicant[], shape: Extract<Shape, { kind: 'group' }>): FormedTeams {
  const n = mentors.length;
  const index = new Map(mentors.map((m, k) => [m.id, k]));
  const parent = Int32Array.from({ length: n }, (_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k] as number] as number;
      k = parent[k] as number;
    }
    return k;
  };
  for (let k = 0; k < n; k++) {
    for (const id of (mentors[k] as Applicant).coMentors) {
      const other = index.get(id);
      if (other === undefined) continue; // not eligible: not in the pool
      const a = root(k);
      const b = root(other);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
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

  const columns: number[][] = [];
  const origins: TeamOrigin[] = [];
  const alone: number[] = [];
  for (const team of declared) {
    if (team.length > 1) {
      columns.push(team);
      origins.push('declared');
    } else alone.push(team[0] as number);
  }
  if (shape.coMentors === 'paired' && shape.maxMentors >= 2 && alone.length >= 2) {
    const mate = pairBySharedInterests(alone.map((k) => mentors[k] as Applicant));
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
    teams: {
      members: mentors,
      columns: order.map((t) => [...(columns[t] as number[])].sort((a, b) => a - b)),
      origins: order.map((t) => origins[t] as TeamOrigin),
    },
  };
}

/**
 * Pairs as many of `mentors` as possible, and among those pairings the one
 * whose pairs share the most interests in all (mate[a] = b, or -1).
 */
export function pairBySharedInterests(mentors: readonly Applicant[]): Int32Array {
  const lists = mentors.map((m) => m.interests);
  const overlap = buildListOverlap(lists, lists);
  const edges: WeightedEdge[] = [];
  for (let a = 0; a < mentors.length; a++) {
    for (let b = a + 1; b < mentors.length; b++) edges.push({ u: a, v: b, weight: overlap.commonCount(a, b) });
  }
  return maxWeightMatching(mentors.length, edges, { maxCardinality: true });
}
