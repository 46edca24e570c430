/**
 * The groups of a group-mentoring run as the committee reads them: who
 * leads each group, who is in it, its scores, and the interests its
 * members share — the common ground the PCMA guide builds groups around
 * ("a combination of group facilitation and peer mentoring"). Shared by
 * groups.csv and both reports, so they always agree.
 *
 * @example
 * for (const g of describeGroups(result)) console.log(g.id, g.mentors.length, g.members.length, g.commonInterests);
 */
import { compareIds } from '../scoring/compare-ids.js';
import type { Applicant } from '../scoring/applicant.js';
import { normalizeListItem } from '../scoring/list-overlap.js';
import type { TeamOrigin } from '../scoring/mentor-teams.js';
import type { MatchedPair, MatchResult } from './match-result.js';

/** An interest held by several people of one group. */
export interface SharedInterest {
  /** As the first member who lists it writes it. */
  readonly interest: string;
  /** Ids of the group's people (mentors first, then mentees) who list it. */
  readonly heldBy: readonly string[];
}

/** One mentee of a group, with the peers they have most in common with. */
export interface GroupMember {
  readonly pair: MatchedPair;
  /** Interests this mentee shares with other mentees of the group, each with those peers' ids. */
  readonly withPeers: readonly SharedInterest[];
}

/** One group of a group-mentoring run. */
export interface GroupSummary {
  readonly id: string;
  /** Lead first, then co-mentors in id order. */
  readonly mentors: readonly Applicant[];
  readonly origin: TeamOrigin;
  /** The mentees, in id order. */
  readonly members: readonly GroupMember[];
  readonly meanScore: number;
  readonly minScore: number;
  /** Interests listed by at least two of the group's people (mentors and mentees), most widely held first. */
  readonly commonInterests: readonly SharedInterest[];
}

/** The groups of `result`, in group id order; empty when the run is not group mentoring. */
export function describeGroups(result: MatchResult): GroupSummary[] {
  const byGroup = new Map<string, MatchedPair[]>();
  for (const p of result.pairs) {
    if (p.group === undefined) continue;
    const list = byGroup.get(p.group.id);
    if (list === undefined) byGroup.set(p.group.id, [p]);
    else list.push(p);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([id, pairs]) => {
      const first = pairs[0] as MatchedPair;
      const mentors = [first.mentor, ...(first.group?.coMentors ?? [])];
      const ordered = [...pairs].sort((a, b) => compareIds(a.mentee.id, b.mentee.id));
      const scores = ordered.map((p) => p.score);
      return {
        id,
        mentors,
        origin: first.group?.origin ?? 'alone',
        members: ordered.map((pair) => ({ pair, withPeers: sharedInterests(pair.mentee, ordered.map((p) => p.mentee)).filter((s) => s.heldBy.length > 0) })),
        meanScore: scores.reduce((s, x) => s + x, 0) / scores.length,
        minScore: Math.min(...scores),
        commonInterests: commonInterests([...mentors, ...ordered.map((p) => p.mentee)]),
      };
    });
}

/** Interests listed by two or more of `people`, most widely held first, then alphabetically. */
function commonInterests(people: readonly Applicant[]): SharedInterest[] {
  const byKey = new Map<string, { interest: string; heldBy: string[] }>();
  for (const person of people) {
    for (const item of person.interests) {
      const key = normalizeListItem(item);
      if (key === '') continue;
      const entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, { interest: item, heldBy: [person.id] });
      else if (!entry.heldBy.includes(person.id)) entry.heldBy.push(person.id);
    }
  }
  return [...byKey.values()]
    .filter((e) => e.heldBy.length >= 2)
    .sort((a, b) => b.heldBy.length - a.heldBy.length || a.interest.localeCompare(b.interest));
}

/** Each of `mentee`'s interests with the other `peers` who list it too (possibly none). */
function sharedInterests(mentee: Applicant, peers: readonly Applicant[]): SharedInterest[] {
  return mentee.interests.map((interest) => {
    const key = normalizeListItem(interest);
    const heldBy = peers.filter((p) => p.id !== mentee.id && p.interests.some((i) => normalizeListItem(i) === key)).map((p) => p.id);
    return { interest, heldBy };
  });
}
