/**
 * Group mentoring seen by the scorer: a mentee joins a group, and a group is
 * led by a team of one or several mentors (the PCMA guide: "one or several
 * mentors work with a group of mentees"). The matrix then has one column
 * per team instead of one per mentor, and everything downstream (the
 * solver, its side constraints, the explanations) works on those columns
 * unchanged. A column is named by its team's lead, the mentor with the
 * first id; the lead's `capacity` there is the team's largest group.
 *
 * How a mentee fits a team: for each factor, the best of the team's
 * mentors. A team offers the union of its mentors' experience, so a mentee
 * who shares interests with one co-mentor and wants skills the other offers
 * gets both. As each factor's value stays in [0, 1], a team's score stays a
 * 0–100 score, and a team of one scores exactly as its mentor alone does.
 *
 * A pair is excluded from a team when it is excluded from any of its
 * mentors (a mentee is never placed under someone in their chain of
 * command, or with a past or banned partner, because that person shares the
 * group).
 */
import type { Applicant } from './applicant.js';
import type { PairFactor, ScoringPool } from './factor.js';
import { exclusionsFromCodes, type Exclusions } from './find-exclusions.js';

/** How a team came to lead a group together. */
export type TeamOrigin =
  /** Its mentors name each other in the `co_mentors` column. */
  | 'declared'
  /** Paired by the engine to share the most interests (`group.co_mentors: paired`). */
  | 'paired'
  /** A mentor who leads a group alone. */
  | 'alone'
  /** A team of the previous run's groups, kept as it was (rematch). */
  | 'kept';

/** How a team came to lead its group, in the committee's words (groups.csv and the reports). */
export const TEAM_ORIGIN_WORDS: Readonly<Record<TeamOrigin, string>> = {
  declared: 'named each other as co-mentors',
  paired: 'paired by shared interests',
  alone: 'leads alone',
  kept: 'kept from the previous run',
};

/** The teams that lead the groups of a pool. */
export interface MentorTeams {
  /** Every eligible mentor, in pool order: the columns of the per-mentor factors. */
  readonly members: readonly Applicant[];
  /** Per team (a column of the team pool): indices into `members`, ascending, so the lead comes first. */
  readonly columns: readonly (readonly number[])[];
  /** Per team: how it was formed. */
  readonly origins: readonly TeamOrigin[];
}

/**
 * Every mentor id of a pool → its column: a mentor's own, or in group
 * mentoring the column of the team they belong to (co-mentors included),
 * so a choice, a pin or a release naming a co-mentor finds their group.
 */
export function columnOfMentorId(pool: ScoringPool): Map<string, number> {
  const { teams } = pool;
  if (teams === undefined) return new Map(pool.mentors.map((m, j) => [m.id, j]));
  return new Map(teams.columns.flatMap((members, t) => members.map((k) => [(teams.members[k] as Applicant).id, t] as const)));
}

/** The mentors column `j` stands for: the mentor, or the team (lead first). */
export function mentorsOfColumn(pool: ScoringPool, j: number): Applicant[] {
  return pool.teams === undefined ? [pool.mentors[j] as Applicant] : teamMentors(pool.teams, j);
}

/** 1-based rank of the best-ranked mentor of column `j` among the mentee's choices, or null when they chose none of them. */
export function choiceRankOfColumn(pool: ScoringPool, mentee: Applicant, j: number): number | null {
  let best = -1;
  for (const m of mentorsOfColumn(pool, j)) {
    const rank = mentee.choices.indexOf(m.id);
    if (rank >= 0 && (best === -1 || rank < best)) best = rank;
  }
  return best >= 0 ? best + 1 : null;
}

/** The name of the `k`-th (0-based) of `count` groups: "G1"…, zero-padded so they sort as text ("G01"…"G12"). */
export function groupId(k: number, count: number): string {
  return `G${String(k + 1).padStart(String(count).length, '0')}`;
}

/** The mentors of team `t`, lead first. */
export function teamMentors(teams: MentorTeams, t: number): Applicant[] {
  return (teams.columns[t] ?? []).map((k) => teams.members[k] as Applicant);
}

/**
 * The pool the matrix is built on: the mentees, and one column per team
 * named by its lead, whose `capacity` is the smallest of its mentors' (the
 * group may not outgrow what any of its mentors agreed to lead).
 */
export function teamPool(mentees: readonly Applicant[], teams: MentorTeams): ScoringPool {
  const leads = teams.columns.map((members, t) => {
    const mentors = teamMentors(teams, t);
    const lead = mentors[0];
    if (lead === undefined || members.length === 0) throw new Error(`team ${t} has no mentor`);
    const capacity = Math.min(...mentors.map((m) => m.capacity));
    return capacity === lead.capacity ? lead : { ...lead, capacity };
  });
  return { mentees, mentors: leads, teams };
}

/**
 * A per-mentor factor (built on `{ mentees, mentors: teams.members }`)
 * seen per team: the best value among the team's mentors, and that
 * mentor's reason, named when the team has several.
 */
export function teamFactor(factor: PairFactor, teams: MentorTeams): PairFactor {
  const columns = teams.columns.map((c) => Int32Array.from(c));
  /** The member (index into `teams.members`) with the best value for mentee `i`; the first on ties. */
  const best = (i: number, t: number): number => {
    const members = columns[t] as Int32Array;
    let at = members[0] as number;
    let top = factor.value(i, at);
    for (let k = 1; k < members.length; k++) {
      const v = factor.value(i, members[k] as number);
      if (v > top) {
        top = v;
        at = members[k] as number;
      }
    }
    return at;
  };
  return {
    name: factor.name,
    // The hot path: one call per member, as many as a mentor alone costs for a team of one.
    value(i, t) {
      const members = columns[t] as Int32Array;
      let top = factor.value(i, members[0] as number);
      for (let k = 1; k < members.length; k++) top = Math.max(top, factor.value(i, members[k] as number));
      return top;
    },
    explain(i, t) {
      const at = best(i, t);
      const reason = factor.explain(i, at);
      return (columns[t] as Int32Array).length > 1 ? `${reason} (${(teams.members[at] as Applicant).name})` : reason;
    },
  };
}

/**
 * Per-mentor exclusions (built on `{ mentees, mentors: teams.members }`)
 * folded onto teams: a pair is excluded from a team when it is from any of
 * its mentors, for the reason of highest priority (EXCLUSION_REASONS in find-exclusions.ts).
 */
export function teamExclusions(perMentor: Exclusions, teams: MentorTeams): Exclusions {
  const rows = perMentor.mentees;
  const cols = teams.columns.length;
  const width = perMentor.mentors;
  const codes = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < cols; t++) {
      let code = 0;
      for (const k of teams.columns[t] as readonly number[]) {
        const c = perMentor.codes[i * width + k] as number;
        if (c !== 0 && (code === 0 || c < code)) code = c;
      }
      codes[i * cols + t] = code;
    }
  }
  return exclusionsFromCodes(rows, cols, codes);
}
