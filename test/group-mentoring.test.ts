/**
 * Group mentoring (issue 5, the PCMA guide): teams of mentors lead groups
 * of mentees, group sizes stay within the program's bounds, and the
 * placement is exact — checked against an enumeration that scores teams
 * from the per-mentor factors on its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort, type PairRecord } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import type { Applicant } from '../scoring/applicant.js';
import { buildScoreMatrix, MIN_SCORE_TOLERANCE } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { findExclusions } from '../scoring/find-exclusions.js';
import { formMentorTeams, pairBySharedInterests } from '../scoring/form-mentor-teams.js';
import { buildListOverlap } from '../scoring/list-overlap.js';
import type { ResolvedProgram, Shape } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { cli } from './helpers/cli.js';
import { randomPairs, smallCohort } from './helpers/cohort.js';
import { randInt, rng } from './helpers/rng.js';
import { SAMPLE_FOLDER } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';

type GroupShape = Extract<Shape, { kind: 'group' }>;

const base: ResolvedProgram = {
  ...DEFAULT_PROGRAM,
  weights: { ...DEFAULT_PROGRAM.weights, choice_rank: 2, mutual_request: 1, department: 1 },
  exclusions: { chainOfCommand: true, sameDepartment: false, pastPairs: true },
};

function groupProgram(shape: Partial<GroupShape>, extra: Partial<ResolvedProgram> = {}): ResolvedProgram {
  return { ...base, ...extra, shape: { kind: 'group', minSize: 2, maxSize: 3, coMentors: 'declared', maxMentors: 2, ...shape } };
}

/** A generated cohort whose mentors get random capacities (largest group) and random declared co-mentors. */
function groupCohort(seed: number, mentees: number, mentors: number, program: ResolvedProgram, declareRate: number): Applicant[] {
  const next = rng(seed * 7 + 1);
  const shape = program.shape as GroupShape;
  // Loaded as a capacity program (the generator writes capacities up to 3); the group capacities are drawn here.
  const people = smallCohort(seed, mentees, mentors, { ...program, shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 } });
  const mentorIds = people.filter((a) => a.role === 'mentor').map((a) => a.id);
  const used = new Set<string>();
  return people.map((a) => {
    if (a.role !== 'mentor') return a;
    const capacity = randInt(next, 1, shape.maxSize);
    const partner = mentorIds[randInt(next, 0, mentorIds.length - 1)] as string;
    // Declared teams of two, each mentor in at most one.
    if (next() < declareRate && partner !== a.id && !used.has(partner) && !used.has(a.id)) {
      used.add(partner);
      used.add(a.id);
      return { ...a, capacity, coMentors: [partner] };
    }
    return { ...a, capacity };
  });
}

/** Groups of a result: group id → { mentors, mentees }. */
function groupsOf(result: MatchResult): Map<string, { mentors: string[]; mentees: string[] }> {
  const out = new Map<string, { mentors: string[]; mentees: string[] }>();
  for (const p of result.pairs) {
    const id = p.group?.id;
    if (id === undefined) throw new Error('a group run pair without a group');
    const g = out.get(id) ?? { mentors: [p.mentor.id, ...(p.group?.coMentors ?? []).map((m) => m.id)], mentees: [] };
    expect(g.mentors).toEqual([p.mentor.id, ...(p.group?.coMentors ?? []).map((m) => m.id)]);
    g.mentees.push(p.mentee.id);
    out.set(id, g);
  }
  return out;
}

/**
 * The best total by enumeration, scoring each mentee against each team on
 * its own: per factor, the best points among the team's mentors (from the
 * per-mentor matrix's explanations); a pair excluded with any team mentor,
 * or scoring below the minimum, is not allowed; groups take 0 or from
 * minSize (less pins) to the team's smallest capacity.
 */
function bruteForceTotal(applicants: readonly Applicant[], program: ResolvedProgram, teams: readonly (readonly string[])[], pastPairs: readonly PairRecord[], edits: readonly PairRecord[]): number {
  const shape = program.shape as GroupShape;
  const pool: ScoringPool = {
    mentees: applicants.filter((a) => a.role === 'mentee').sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
    mentors: applicants.filter((a) => a.role === 'mentor').sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
  };
  const ex = findExclusions(pool, program, { allApplicants: applicants, pastPairs, bans: edits.filter((e) => e.action === 'ban') });
  const perMentor = buildScoreMatrix(pool, program, ex);
  const mentorAt = new Map(pool.mentors.map((m, j) => [m.id, j]));
  const score: number[][] = pool.mentees.map((_, i) =>
    teams.map((team) => {
      const byFactor = new Map<string, number>();
      for (const id of team) for (const c of perMentor.explainPair(i, mentorAt.get(id) as number)) byFactor.set(c.factor, Math.max(byFactor.get(c.factor) ?? 0, c.points));
      return [...byFactor.values()].reduce((s, x) => s + x, 0);
    }),
  );
  const allowed = (i: number, t: number): boolean =>
    (teams[t] ?? []).every((id) => ex.reasonOf(i, mentorAt.get(id) as number) === null) && (score[i]?.[t] as number) >= program.minScore - MIN_SCORE_TOLERANCE;
  const capacity = teams.map((team) => Math.min(...team.map((id) => pool.mentors[mentorAt.get(id) as number]?.capacity ?? 0)));
  const pinned = new Map<number, number>();
  for (const e of edits.filter((x) => x.action === 'pin')) {
    const i = pool.mentees.findIndex((m) => m.id === e.menteeId);
    pinned.set(i, teams.findIndex((t) => t.includes(e.mentorId)));
  }
  const size = new Array<number>(teams.length).fill(0);
  let best = -Infinity;
  const visit = (i: number, total: number): void => {
    if (i === pool.mentees.length) {
      if (size.every((n) => n === 0 || (n >= shape.minSize && n <= shape.maxSize))) best = Math.max(best, total);
      return;
    }
    const pin = pinned.get(i);
    const options = pin === undefined ? [-1, ...teams.map((_, t) => t)] : [pin];
    for (const t of options) {
      if (t === -1) {
        visit(i + 1, total);
        continue;
      }
      // A pin may hold a pair below the minimum score (never an excluded one: that is refused).
      if ((pin === undefined && !allowed(i, t)) || (size[t] as number) >= (capacity[t] as number)) continue;
      size[t] = (size[t] as number) + 1;
      visit(i + 1, total + (score[i]?.[t] as number));
      size[t] = (size[t] as number) - 1;
    }
  };
  visit(0, 0);
  return best;
}

describe('group mentoring: sizes within bounds, placement exact', () => {
  it.each([
    { name: 'one mentor per group', shape: { minSize: 2, maxSize: 3 }, declare: 0 },
    { name: 'declared co-mentors', shape: { minSize: 2, maxSize: 3 }, declare: 0.6 },
    { name: 'paired co-mentors, groups of 1 to 2', shape: { minSize: 1, maxSize: 2, coMentors: 'paired' as const }, declare: 0.3 },
  ])('$name: the same total as enumeration over 40 cohorts up to 7 × 4, with past pairs, bans and pins', ({ shape, declare }) => {
    const program = groupProgram(shape);
    let grouped = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed + 900);
      const applicants = groupCohort(seed + 900, randInt(next, 1, 7), randInt(next, 1, 4), program, declare);
      const pair = randomPairs(next, applicants);
      const pastPairs = pair(2);
      const edits = [...pair(3, 'ban'), ...pair(4, 'pin')];
      const out = matchCohort({ applicants, rejected: [], program, pastPairs, edits });
      if (out.status === 'input_problems') continue; // a random pin the rules forbid, or one opening a group that cannot reach its minimum
      if (out.status !== 'matched') throw new Error(`seed ${seed}: ${out.reason}`);
      const teams = out.pool.teams?.columns.map((c) => c.map((k) => out.pool.teams?.members[k]?.id ?? '')) ?? [];
      expect(out.result.totalScore, `seed ${seed}`).toBeCloseTo(bruteForceTotal(applicants, program, teams, pastPairs, edits), 6);
      if (out.result.pairs.some((p) => (p.group?.coMentors.length ?? 0) > 0)) grouped++;
    }
    if (declare > 0) expect(grouped).toBeGreaterThan(0);
  });

  it('group sizes always within bounds, teams within max_mentors, everyone accounted for (200 random cohorts)', () => {
    let checkedGroups = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed + 5000);
      const minSize = randInt(next, 1, 3);
      const program = groupProgram({ minSize, maxSize: randInt(next, minSize, 5), coMentors: next() < 0.5 ? 'paired' : 'declared', maxMentors: randInt(next, 2, 3) }, { minScore: next() < 0.3 ? 30 : 0 });
      const shape = program.shape as GroupShape;
      const applicants = groupCohort(seed + 5000, randInt(next, 1, 30), randInt(next, 0, 8), program, 0.4);
      const pair = randomPairs(next, applicants);
      const out = matchCohort({ applicants, rejected: [], program, pastPairs: pair(2), edits: [...pair(3, 'ban'), ...pair(4, 'pin')] });
      if (out.status === 'input_problems') continue;
      if (out.status !== 'matched') throw new Error(`seed ${seed}: ${out.reason}`);
      const capacity = new Map(applicants.map((a) => [a.id, a.capacity]));
      for (const [id, g] of groupsOf(out.result)) {
        checkedGroups++;
        expect(g.mentees.length, `seed ${seed} ${id}`).toBeGreaterThanOrEqual(shape.minSize);
        expect(g.mentees.length, `seed ${seed} ${id}`).toBeLessThanOrEqual(shape.maxSize);
        expect(g.mentors.length, `seed ${seed} ${id}`).toBeLessThanOrEqual(shape.maxMentors);
        for (const m of g.mentors) expect(g.mentees.length, `seed ${seed} ${id} ${m}`).toBeLessThanOrEqual(capacity.get(m) ?? 0);
      }
      // Every mentor is in one group or unmatched: never two groups.
      const mentorsSeen = [...groupsOf(out.result).values()].flatMap((g) => g.mentors);
      expect(new Set(mentorsSeen).size).toBe(mentorsSeen.length);
    }
    expect(checkedGroups).toBeGreaterThan(100);
  });

  it('one mentor per group is capacity with a minimum group size: the same pairs and total', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const next = rng(seed + 300);
      const group = groupProgram({ minSize: 2, maxSize: 3 });
      const applicants = groupCohort(seed + 300, randInt(next, 2, 14), randInt(next, 1, 5), group, 0);
      const capacity: ResolvedProgram = { ...group, shape: { kind: 'capacity', defaultCapacity: 3, maxCapacity: 3, minGroup: 2 } };
      const a = matchCohort({ applicants, rejected: [], program: group, pastPairs: [], edits: [] });
      const b = matchCohort({ applicants, rejected: [], program: capacity, pastPairs: [], edits: [] });
      if (a.status !== 'matched' || b.status !== 'matched') throw new Error(`seed ${seed}`);
      expect(a.result.totalScore).toBe(b.result.totalScore);
      expect(a.result.pairs.map((p) => [p.mentor.id, p.mentee.id, p.score])).toEqual(b.result.pairs.map((p) => [p.mentor.id, p.mentee.id, p.score]));
    }
  });

  it('a co-mentor who fits better on a factor lifts the group: each factor comes from the best mentor, named in the reason', () => {
    const mentee = makeApplicant({ id: 'E1', interests: ['budgeting', 'open data'], skillsSought: ['GIS'] });
    const lead = makeApplicant({ id: 'M1', role: 'mentor', name: 'Ada Lead', interests: ['budgeting'], coMentors: ['M2'], capacity: 3 });
    const co = makeApplicant({ id: 'M2', role: 'mentor', name: 'Bo Co', interests: ['open data'], skillsOffered: ['GIS'], capacity: 3 });
    const program = groupProgram({ minSize: 1, maxSize: 3 }, { weights: { ...base.weights, skills: 1, interests: 1, goals_text: 0, community_size: 0, region: 0, experience_gap: 0, department: 0, choice_rank: 0, mutual_request: 0 } });
    const out = matchCohort({ applicants: [mentee, lead, co], rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    const [p] = out.result.pairs;
    expect(p?.mentor.id).toBe('M1');
    expect(p?.group?.coMentors.map((m) => m.id)).toEqual(['M2']);
    expect(p?.group?.origin).toBe('declared');
    // interests: max(1/2, 1/2) = 1/2; skills: max(0, 1) = 1 → (0.5 + 1) / 2 of 100.
    expect(p?.score).toBeCloseTo(75, 9);
    expect(p?.contributions.find((c) => c.factor === 'skills')?.reason).toMatch(/\(Bo Co\)$/);
  });

  it('a pair excluded with any mentor of a team excludes the group; a pin naming a co-mentor joins their group', () => {
    const mentees = [makeApplicant({ id: 'E1' }), makeApplicant({ id: 'E2' })];
    const mentors = [makeApplicant({ id: 'M1', role: 'mentor', coMentors: ['M2'], capacity: 2 }), makeApplicant({ id: 'M2', role: 'mentor', capacity: 2 }), makeApplicant({ id: 'M3', role: 'mentor', capacity: 2 })];
    const program = groupProgram({ minSize: 1, maxSize: 2 });
    const ban: PairRecord = { mentorId: 'M2', menteeId: 'E1', action: 'ban', source: { file: 'edits.csv', row: 2 } };
    const pin: PairRecord = { mentorId: 'M2', menteeId: 'E2', action: 'pin', source: { file: 'edits.csv', row: 3 } };
    const out = matchCohort({ applicants: [...mentees, ...mentors], rejected: [], program, pastPairs: [], edits: [ban, pin] });
    if (out.status !== 'matched') throw new Error(out.status);
    const byMentee = new Map(out.result.pairs.map((p) => [p.mentee.id, p]));
    expect(byMentee.get('E1')?.mentor.id).toBe('M3');
    expect(byMentee.get('E2')?.mentor.id).toBe('M1');
    expect(byMentee.get('E2')?.pinned).toBe(true);
  });

  it('a pinned group runs: the solver fills the rest of its minimum, or the run stops saying why', () => {
    const mentees = ['E1', 'E2', 'E3'].map((id) => makeApplicant({ id, interests: ['parks'] }));
    const mentors = [makeApplicant({ id: 'M1', role: 'mentor', capacity: 3 }), makeApplicant({ id: 'M2', role: 'mentor', capacity: 3, interests: ['parks'] })];
    const program = groupProgram({ minSize: 3, maxSize: 3 });
    const pin: PairRecord = { mentorId: 'M1', menteeId: 'E1', action: 'pin', source: { file: 'edits.csv', row: 2 } };
    const out = matchCohort({ applicants: [...mentees, ...mentors], rejected: [], program, pastPairs: [], edits: [pin] });
    if (out.status !== 'matched') throw new Error(out.status);
    // Without the rule M2 (who shares the mentees' interest) would take E2 and E3, leaving M1's pinned group of one.
    expect(out.result.pairs.map((p) => [p.mentor.id, p.mentee.id])).toEqual([['M1', 'E1'], ['M1', 'E2'], ['M1', 'E3']]);
    const short = matchCohort({ applicants: [...mentees.slice(0, 2), ...mentors], rejected: [], program, pastPairs: [], edits: [pin] });
    // The pin's row is named, before any solve.
    expect(short.status).toBe('input_problems');
    if (short.status === 'input_problems') {
      expect(short.problems.map((p) => [p.code, p.file, p.row])).toEqual([['pair_conflict', 'edits.csv', 2]]);
      expect(short.problems[0]?.expected).toMatch(/needs 2 more mentees but only 1 more can join it/);
    }
  });
});

describe('forming the teams', () => {
  const mentor = (id: string, extra: Partial<Applicant> = {}): Applicant => makeApplicant({ id, role: 'mentor', ...extra });
  const shape: GroupShape = { kind: 'group', minSize: 2, maxSize: 6, coMentors: 'declared', maxMentors: 3 };

  it('declared co-mentors chain into one team from either side; an ineligible one is left out; too large a team names every row', () => {
    const mentors = [mentor('M1', { coMentors: ['M2'] }), mentor('M2'), mentor('M3', { coMentors: ['M2', 'X9'] }), mentor('M4')];
    const formed = formMentorTeams(mentors, shape);
    if (formed.status !== 'formed') throw new Error('oversized');
    expect(formed.teams.columns).toEqual([[0, 1, 2], [3]]);
    expect(formed.teams.origins).toEqual(['declared', 'alone']);
    const tooMany = formMentorTeams([...mentors.slice(0, 3), mentor('M4', { coMentors: ['M3'] })], shape);
    expect(tooMany.status).toBe('oversized');
    const out = matchCohort({ applicants: [...mentors.slice(0, 3), mentor('M4', { coMentors: ['M3'] }), makeApplicant({ id: 'E1' })], rejected: [], program: groupProgram({ maxMentors: 3 }), pastPairs: [], edits: [] });
    expect(out.status).toBe('input_problems');
    if (out.status === 'input_problems') {
      expect(out.problems.map((p) => [p.code, p.row])).toEqual([['group_too_large', 2], ['group_too_large', 2], ['group_too_large', 2], ['group_too_large', 2]]);
      expect(out.problems[0]?.expected).toMatch(/at most 3 mentors .*M1, M2, M3, M4/);
    }
  });

  it('paired: as many pairs as possible, sharing the most interests in all — against every pairing of up to 9 mentors', () => {
    const topics = ['budgeting', 'gis', 'hr', 'parks', 'transit', 'water'];
    for (let seed = 1; seed <= 150; seed++) {
      const next = rng(seed + 77);
      const n = randInt(next, 0, 9);
      const mentors = Array.from({ length: n }, (_, k) => mentor(`M${k + 1}`, { interests: topics.filter(() => next() < 0.4) }));
      const mate = pairBySharedInterests(mentors);
      const overlap = buildListOverlap(mentors.map((m) => m.interests), mentors.map((m) => m.interests));
      let pairs = 0;
      let weight = 0;
      for (let a = 0; a < n; a++) {
        const b = mate[a] as number;
        if (b === -1) continue;
        expect(mate[b]).toBe(a);
        if (a < b) {
          pairs++;
          weight += overlap.commonCount(a, b);
        }
      }
      // Enumerate every perfect-as-possible pairing.
      let bestWeight = -1;
      const used = new Array<boolean>(n).fill(false);
      const visit = (from: number, w: number, made: number): void => {
        let a = from;
        while (a < n && used[a]) a++;
        if (a >= n) {
          if (made === Math.floor(n / 2)) bestWeight = Math.max(bestWeight, w);
          return;
        }
        used[a] = true;
        visit(a + 1, w, made); // a left alone; only pairings of floor(n/2) pairs count
        for (let b = a + 1; b < n; b++) {
          if (used[b]) continue;
          used[b] = true;
          visit(a + 1, w + overlap.commonCount(a, b), made + 1);
          used[b] = false;
        }
        used[a] = false;
      };
      visit(0, 0, 0);
      expect(pairs, `seed ${seed}`).toBe(Math.floor(n / 2));
      expect(weight, `seed ${seed}`).toBe(Math.max(bestWeight, 0));
    }
  });
});

describe('group mentoring end to end (the sample cohort under the PCMA group preset)', () => {
  const tmp = useTmpDir();
  const PRESET = 'fixtures/programs/pcma-group.yaml';
  /** The sample cohort with its one-to-one capacities blanked: every mentor leads a group of up to the preset's size. */
  const groupApplications = (dir: string): string => {
    const rows = parse(readFileSync(join(SAMPLE_FOLDER, 'applications.csv'), 'utf8'), { bom: true }) as string[][];
    const at = rows[0]?.indexOf('capacity') ?? -1;
    const file = join(dir, 'applications.csv');
    writeFileSync(file, rows.map((r, k) => r.map((v, c) => (k > 0 && c === at ? '' : `"${v.replaceAll('"', '""')}"`)).join(',')).join('\r\n'));
    return file;
  };
  const csv = (file: string): Record<string, string>[] => parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
  const teamOf = (rows: readonly Record<string, string>[]): Map<string, string[]> =>
    new Map(rows.map((r) => [r['mentee_id'] ?? '', [r['mentor_id'] ?? '', ...(r['co_mentor_ids'] ?? '').split('; ').filter((x) => x !== '')]]));

  it('groups.csv and matches.csv agree; co-mentors are matched and explained; next cycle and a rematch never repeat a group pairing', async () => {
    const dir = tmp();
    const apps = groupApplications(dir);
    const first = await cli('run', apps, '--config', PRESET, '--out', join(dir, 'first'));
    expect(first.code, first.err).toBe(0);
    const matches = csv(join(dir, 'first', 'matches.csv'));
    const groups = csv(join(dir, 'first', 'groups.csv'));
    expect(matches.length).toBeGreaterThan(50);
    const byGroup = new Map<string, string[]>();
    for (const m of matches) byGroup.set(m['group'] ?? '', [...(byGroup.get(m['group'] ?? '') ?? []), m['mentee_id'] ?? '']);
    expect(groups.map((g) => g['group'])).toEqual([...byGroup.keys()].sort());
    for (const g of groups) {
      expect(g['mentee_ids']?.split('; ')).toEqual(byGroup.get(g['group'] ?? ''));
      expect(Number(g['mentees'])).toBeGreaterThanOrEqual(3);
      expect(Number(g['mentees'])).toBeLessThanOrEqual(6);
    }
    const coMentor = matches.find((m) => (m['co_mentor_ids'] ?? '') !== '')?.['co_mentor_ids']?.split('; ')[0];
    if (coMentor === undefined) throw new Error('the preset pairs mentors: some group must have a co-mentor');
    const unmatched = csv(join(dir, 'first', 'unmatched.csv')).map((u) => u['id']);
    expect(unmatched).not.toContain(coMentor);
    const explained = await cli('explain', join(dir, 'first'), coMentor);
    expect(explained.code).toBe(0);
    expect(explained.out).toMatch(/In group G\d+: led by /);

    // Next cycle: nobody joins a group with a mentor who mentored them (lead or co-mentor).
    const before = teamOf(matches);
    const next = await cli('run', apps, '--config', PRESET, '--history', join(dir, 'first'), '--out', join(dir, 'next'));
    expect(next.code, next.err).toBe(0);
    for (const [mentee, team] of teamOf(csv(join(dir, 'next', 'matches.csv')))) {
      for (const m of team) expect(before.get(mentee) ?? [], `${mentee} with ${m} again`).not.toContain(m);
    }

    // Releasing a co-mentor releases their whole group; every other pair stays.
    writeFileSync(join(dir, 'release.csv'), `mentor,mentee\n${coMentor},\n`);
    const again = await cli('rematch', apps, '--config', PRESET, '--previous', join(dir, 'first'), '--release', join(dir, 'release.csv'), '--out', join(dir, 'second'));
    expect(again.code, again.err).toBe(0);
    const after = teamOf(csv(join(dir, 'second', 'matches.csv')));
    for (const [mentee, team] of before) {
      if (team.includes(coMentor)) expect(after.get(mentee) ?? [], mentee).not.toEqual(team);
      else expect(after.get(mentee), mentee).toEqual(team);
    }
  });
});

describe('group mentoring: the review’s cases', () => {
  const mentor = (id: string, extra: Partial<Applicant> = {}): Applicant => makeApplicant({ id, role: 'mentor', ...extra });
  const mentee = (id: string, extra: Partial<Applicant> = {}): Applicant => makeApplicant({ id, ...extra });
  const pin = (mentorId: string, menteeId: string, row: number, kept = false): PairRecord => ({ mentorId, menteeId, action: 'pin', source: { file: 'run.json', row }, ...(kept ? { kept } : {}) });

  it('paired: never two mentors whose group could not reach min_size; pairs are split again while the groups lack places for the mentees', () => {
    const shape: GroupShape = { kind: 'group', minSize: 3, maxSize: 6, coMentors: 'paired', maxMentors: 2 };
    const small = formMentorTeams([mentor('M1', { capacity: 2 }), mentor('M2', { capacity: 6 })], shape);
    if (small.status !== 'formed') throw new Error('oversized');
    expect(small.teams.origins).toEqual(['alone', 'alone']);
    // Four mentors of 6 places: paired they lead 12 places; 13 mentees need one pair split (the one sharing fewer interests).
    const four = [mentor('M1', { capacity: 6, interests: ['gis'] }), mentor('M2', { capacity: 6, interests: ['gis'] }), mentor('M3', { capacity: 6, interests: ['hr'] }), mentor('M4', { capacity: 6 })];
    const enough = formMentorTeams(four, shape, [], 12);
    const short = formMentorTeams(four, shape, [], 13);
    if (enough.status !== 'formed' || short.status !== 'formed') throw new Error('oversized');
    expect(enough.teams.columns).toEqual([[0, 1], [2, 3]]);
    expect(short.teams.columns).toEqual([[0, 1], [2], [3]]);
  });

  it('a choice naming a co-mentor counts for their group in deferred acceptance, objectives and the stability audit', () => {
    const applicants = [
      mentor('M1', { coMentors: ['M2'], capacity: 3 }),
      mentor('M2', { capacity: 3 }),
      mentor('M3', { capacity: 3, interests: ['parks'] }),
      ...['E1', 'E2'].map((id) => mentee(id, { interests: ['parks'], choices: ['M2'] })),
    ];
    // M3 scores higher (shared interest weighs double); only a stated choice puts them with M1 and M2.
    const weights = { ...base.weights, choice_rank: 1, interests: 2 };
    for (const extra of [{ solver: 'deferred_acceptance' as const }, { objectives: ['top_choices', 'total_score'] as ResolvedProgram['objectives'] }]) {
      const program = groupProgram({ minSize: 1, maxSize: 3 }, { ...extra, weights });
      const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
      if (out.status !== 'matched') throw new Error(out.status);
      expect(out.result.pairs.map((p) => [p.mentor.id, p.mentee.id, p.choiceRank])).toEqual([['M1', 'E1', 1], ['M1', 'E2', 1]]);
    }
  });

  it('a kept group may go on below the minimum; a released mentee never joins a mentor of their old group, even re-formed', () => {
    const applicants = [mentor('M1', { capacity: 3 }), mentor('M2', { capacity: 3 }), mentor('M3', { capacity: 3 }), ...['E1', 'E2', 'E3'].map((id) => mentee(id))];
    const program = groupProgram({ minSize: 2, maxSize: 3 });
    // The previous run: M1 and M2 led E1 and E2; E2 is released. Kept: M1+M2 with E1 alone (below the minimum of 2).
    const out = matchCohort({
      applicants,
      rejected: [],
      program,
      pastPairs: [],
      edits: [pin('M1', 'E1', 1, true), { mentorId: 'M1', menteeId: 'E2', action: 'ban', source: { file: 'run.json', row: 2 } }, { mentorId: 'M2', menteeId: 'E2', action: 'ban', source: { file: 'run.json', row: 2 } }],
      keptTeams: [['M1', 'M2']],
    });
    if (out.status !== 'matched') throw new Error(out.status === 'solver_failed' ? out.reason : JSON.stringify(out.problems));
    const byMentee = new Map(out.result.pairs.map((p) => [p.mentee.id, [p.mentor.id, ...(p.group?.coMentors ?? []).map((m) => m.id)]]));
    expect(byMentee.get('E1')).toEqual(['M1', 'M2']);
    expect(byMentee.get('E2') ?? []).not.toContain('M1');
    expect(byMentee.get('E2') ?? []).not.toContain('M2');
    expect(out.result.pairs.find((p) => p.mentee.id === 'E1')?.group?.origin).toBe('kept');
  });
});

describe('group mentoring: warnings', () => {
  it('a co-mentor named but not eligible is a warning naming the row, in validate and in the run', async () => {
    const mentors = [makeApplicant({ id: 'M1', role: 'mentor', coMentors: ['M9'], capacity: 3 }), makeApplicant({ id: 'M9', role: 'mentor', memberInGoodStanding: false, source: { file: 'apps.csv', row: 3 } })];
    const program = groupProgram({ minSize: 1, maxSize: 3 }, { eligibility: [{ rule: 'flag', name: 'member', field: 'member_in_good_standing', roles: ['mentor', 'mentee'], description: 'members only' }] });
    const out = matchCohort({ applicants: [...mentors, makeApplicant({ id: 'E1' })], rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    expect(out.prepared.warnings).toEqual(["test.csv, row 2: a co-mentor named in co_mentors is not an eligible mentor of this run, so this mentor's group goes without them"]);
  });
});
