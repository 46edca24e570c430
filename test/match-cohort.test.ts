import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort, type PairRecord } from '../runners/match-cohort.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { randomPairs, smallCohort } from './helpers/cohort.js';
import { randInt, rng } from './helpers/rng.js';

const capacityProgram: ResolvedProgram = {
  ...DEFAULT_PROGRAM,
  shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 },
  weights: { ...DEFAULT_PROGRAM.weights, choice_rank: 2, mutual_request: 3, department: 1 },
  exclusions: { chainOfCommand: true, sameDepartment: false, pastPairs: true },
};

describe('matchCohort is optimal: the same total as brute force on small cohorts', () => {
  it.each([
    { name: 'one-to-one', program: DEFAULT_PROGRAM },
    { name: 'capacities, a minimum score', program: { ...capacityProgram, minScore: 30 } },
    { name: 'capacities, same department excluded', program: { ...capacityProgram, exclusions: { ...capacityProgram.exclusions, sameDepartment: true } } },
  ])('$name: 60 random cohorts up to 8 × 8 with past pairs, bans and pins', ({ program }) => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = rng(seed);
      const applicants = smallCohort(seed, randInt(next, 1, 8), randInt(next, 1, 8), program);
      const pair = randomPairs(next, applicants);
      const pastPairs = [...pair(2), ...pair(3)];
      const bans = pair(2, 'ban');
      const fast = matchCohort({ applicants, rejected: [], program, pastPairs, edits: bans });
      const slow = matchCohort({ applicants, rejected: [], program: { ...program, solver: 'brute_force' }, pastPairs, edits: bans });
      if (fast.status !== 'matched' || slow.status !== 'matched') throw new Error(`seed ${seed}: ${fast.status} / ${slow.status}`);
      expect(fast.result.totalScore, `seed ${seed}`).toBeCloseTo(slow.result.totalScore, 9);
      const banned = new Set([...pastPairs, ...bans].map((p) => `${p.mentorId}|${p.menteeId}`));
      for (const p of fast.result.pairs) {
        expect(banned.has(`${p.mentor.id}|${p.mentee.id}`)).toBe(false);
        expect(p.score).toBeGreaterThanOrEqual(program.minScore - 1e-9);
      }
    }
  });

  it('a pinned pair stays, and the rest is optimal around it', () => {
    for (let seed = 100; seed < 130; seed++) {
      const applicants = smallCohort(seed, 6, 4, capacityProgram);
      const { status, ...first } = matchCohort({ applicants, rejected: [], program: capacityProgram, pastPairs: [], edits: [] });
      if (status !== 'matched' || !('result' in first)) throw new Error(status);
      const mentee = first.pool.mentees[0];
      const mentor = first.pool.mentors[first.pool.mentors.length - 1];
      if (!mentee || !mentor) continue;
      const pin: PairRecord = { mentorId: mentor.id, menteeId: mentee.id, action: 'pin', source: { file: 'edits.csv', row: 2 } };
      const fast = matchCohort({ applicants, rejected: [], program: capacityProgram, pastPairs: [], edits: [pin] });
      const slow = matchCohort({ applicants, rejected: [], program: { ...capacityProgram, solver: 'brute_force' }, pastPairs: [], edits: [pin] });
      if (fast.status === 'input_problems') {
        // Only a hard exclusion may refuse a pin.
        expect(fast.problems.map((p) => p.code)).toEqual(['pair_conflict']);
        continue;
      }
      if (fast.status !== 'matched' || slow.status !== 'matched') throw new Error('expected a match');
      expect(fast.result.pairs.some((p) => p.pinned && p.mentor.id === mentor.id && p.mentee.id === mentee.id)).toBe(true);
      expect(fast.result.totalScore).toBeCloseTo(slow.result.totalScore, 9);
      expect(fast.result.totalScore).toBeLessThanOrEqual(first.result.totalScore + 1e-9);
    }
  });
});

describe('why someone is left out', () => {
  const mentor = (id: string, extra: Partial<Applicant> = {}) =>
    makeApplicant({ id, role: 'mentor', yearsExperience: 15, interests: ['budgeting'], skillsOffered: ['budgeting'], ...extra });
  const mentee = (id: string, extra: Partial<Applicant> = {}) =>
    makeApplicant({ id, role: 'mentee', yearsExperience: 2, interests: ['budgeting'], skillsSought: ['budgeting'], ...extra });
  const codeOf = (applicants: Applicant[], program: ResolvedProgram, id: string) => {
    const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    return out.result.unmatched.find((u) => u.applicant.id === id)?.code;
  };

  it.each([
    { name: 'only candidate is their supervisor', applicants: [mentor('M1'), mentee('E1', { supervisorId: 'M1' })], program: DEFAULT_PROGRAM, id: 'E1', code: 'no_eligible_candidate' },
    { name: 'every candidate below the minimum', applicants: [mentor('M1'), mentee('E1', { interests: ['parks'], skillsSought: ['parks'] })], program: { ...DEFAULT_PROGRAM, minScore: 90 }, id: 'E1', code: 'below_min_score' },
    { name: 'the one mentor went to a better fit', applicants: [mentor('M1'), mentee('E1'), mentee('E2', { interests: ['parks'] })], program: DEFAULT_PROGRAM, id: 'E2', code: 'candidates_taken' },
    { name: 'no mentors at all', applicants: [mentee('E1')], program: DEFAULT_PROGRAM, id: 'E1', code: 'no_other_side' },
    { name: 'a mentor nobody could take', applicants: [mentor('M1'), mentor('M2', { supervisorId: 'E1' }), mentee('E1')], program: DEFAULT_PROGRAM, id: 'M2', code: 'no_eligible_candidate' },
  ])('$name → $code', ({ applicants, program, id, code }) => {
    expect(codeOf(applicants, program, id)).toBe(code);
  });

  it('an ineligible applicant is listed with every rule they failed, and never matched', () => {
    const program: ResolvedProgram = {
      ...DEFAULT_PROGRAM,
      eligibility: [
        { rule: 'mentor_min_years', name: 'mentor_min_years', years: 7, description: '' },
        { rule: 'flag', name: 'member_in_good_standing', field: 'member_in_good_standing', roles: ['mentor', 'mentee'], description: '' },
      ],
    };
    const applicants = [mentor('M1', { yearsExperience: 3, memberInGoodStanding: false }), mentee('E1')];
    const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    expect(out.result.pairs).toEqual([]);
    expect(out.result.ineligible.map((x) => [x.applicant.id, x.failures.map((f) => f.rule)])).toEqual([['M1', ['mentor_min_years', 'member_in_good_standing']]]);
    expect(out.result.unmatched.map((u) => [u.applicant.id, u.code])).toEqual([['E1', 'no_other_side']]);
  });
});

describe('why someone is left out, in words', () => {
  const mentor = (id: string, extra: Partial<Applicant> = {}) =>
    makeApplicant({ id, role: 'mentor', yearsExperience: 15, interests: ['budgeting'], skillsOffered: ['budgeting'], ...extra });
  const mentee = (id: string, extra: Partial<Applicant> = {}) =>
    makeApplicant({ id, role: 'mentee', yearsExperience: 2, interests: ['budgeting'], skillsSought: ['budgeting'], ...extra });
  const reasonOf = (input: Omit<Parameters<typeof matchCohort>[0], 'rejected' | 'pastPairs'>, id: string) => {
    const out = matchCohort({ ...input, rejected: [], pastPairs: [] });
    if (out.status !== 'matched') throw new Error(out.status);
    return out.result.unmatched.find((u) => u.applicant.id === id);
  };

  it("a mentee whose every candidate's places are pinned is told so, not that the optimum preferred others", () => {
    const pin: PairRecord = { mentorId: 'M1', menteeId: 'E1', action: 'pin', source: { file: 'edits.csv', row: 2 } };
    const left = reasonOf({ applicants: [mentor('M1'), mentee('E1', { interests: ['parks'] }), mentee('E2')], program: DEFAULT_PROGRAM, edits: [pin] }, 'E2');
    expect(left?.code).toBe('candidates_taken');
    expect(left?.reason).toBe('every place of all 1 possible mentors is pinned by the committee');
  });

  it('a tie is called a tie: an equally good assignment would have matched them, at no cost', () => {
    const left = reasonOf({ applicants: [mentor('M1'), mentee('E1'), mentee('E2')], program: DEFAULT_PROGRAM, edits: [] }, 'E2') ??
      reasonOf({ applicants: [mentor('M1'), mentee('E1'), mentee('E2')], program: DEFAULT_PROGRAM, edits: [] }, 'E1');
    expect(left?.reason).toMatch(/^the best overall assignment is not unique: one just as good pairs them with M1 \(score [\d.]+\); the committee may pin that pair at no cost/);
  });

  it('a cost is quoted when forcing the pair would lower the total', () => {
    const left = reasonOf({ applicants: [mentor('M1'), mentee('E1'), mentee('E2', { interests: ['parks'] })], program: DEFAULT_PROGRAM, edits: [] }, 'E2');
    expect(left?.reason).toMatch(/^all 1 possible mentors went to others in the best overall assignment; the best for them, M1 \(score [\d.]+\), is matched with E1; forcing that pair would lower the total by \d/);
  });
});

describe('side constraints through the LP path (capacity.min_group, quotas)', () => {
  const groupProgram: ResolvedProgram = {
    ...capacityProgram,
    shape: { kind: 'capacity', defaultCapacity: 3, maxCapacity: 3, minGroup: 2 },
    weights: { ...capacityProgram.weights, department: 0 },
  };
  const quotaProgram: ResolvedProgram = { ...capacityProgram, quotas: { sameDepartment: 0.25, sameRegion: 0.5 } };

  it.each([
    { name: 'minimum group of 2', program: groupProgram },
    { name: 'same-department share ≤ 25%, same-region ≤ 50%', program: quotaProgram },
    { name: 'both', program: { ...groupProgram, quotas: { sameDepartment: 0.34 } } },
  ])('$name: solver auto takes the LP, matches brute force on 40 cohorts up to 6 × 4, and every rule holds', ({ program }) => {
    let constrainedBy = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed + 500);
      const applicants = smallCohort(seed + 500, randInt(next, 1, 6), randInt(next, 1, 4), program);
      const fast = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
      const slow = matchCohort({ applicants, rejected: [], program: { ...program, solver: 'brute_force' }, pastPairs: [], edits: [] });
      const free = matchCohort({ applicants, rejected: [], program: { ...program, shape: capacityProgram.shape, quotas: {} }, pastPairs: [], edits: [] });
      if (fast.status !== 'matched' || slow.status !== 'matched' || free.status !== 'matched') throw new Error(`seed ${seed}: ${fast.status} / ${slow.status}`);
      expect(fast.result.solver, `seed ${seed}`).toBe('lp');
      expect(fast.result.totalScore, `seed ${seed}`).toBeCloseTo(slow.result.totalScore, 9);
      if (fast.result.totalScore < free.result.totalScore - 1e-9) constrainedBy++;
      const pairs = fast.result.pairs;
      const groups = new Map<string, number>();
      for (const p of pairs) groups.set(p.mentor.id, (groups.get(p.mentor.id) ?? 0) + 1);
      if (program.shape.kind === 'capacity' && program.shape.minGroup > 1) {
        for (const [mentor, size] of groups) expect(size, `seed ${seed} mentor ${mentor}`).toBeGreaterThanOrEqual(program.shape.minGroup);
      }
      const share = (same: (a: Applicant, b: Applicant) => boolean): number => pairs.filter((p) => same(p.mentee, p.mentor)).length;
      const label = (s: string): string => s.trim().toLowerCase();
      if (program.quotas.sameDepartment !== undefined) {
        expect(share((a, b) => label(a.department) !== '' && label(a.department) === label(b.department))).toBeLessThanOrEqual(program.quotas.sameDepartment * pairs.length + 1e-9);
      }
      if (program.quotas.sameRegion !== undefined) {
        expect(share((a, b) => label(a.region) !== '' && label(a.region) === label(b.region))).toBeLessThanOrEqual(program.quotas.sameRegion * pairs.length + 1e-9);
      }
    }
    // The rules must bite somewhere, or this test proves nothing about them.
    expect(constrainedBy).toBeGreaterThan(0);
  });

  it('solver: shortest_path with quotas is refused in words, before any solve', () => {
    const applicants = smallCohort(9, 4, 3, quotaProgram);
    const out = matchCohort({ applicants, rejected: [], program: { ...quotaProgram, solver: 'shortest_path' }, pastPairs: [], edits: [] });
    expect(out.status).toBe('solver_failed');
    if (out.status === 'solver_failed') expect(out.reason).toMatch(/cannot honour a minimum group size or quotas/);
  });

  it('a cohort too large for the LP is refused with the limit named, not run out of memory', () => {
    const applicants = smallCohort(3, 2000, 800, quotaProgram);
    const out = matchCohort({ applicants, rejected: [], program: quotaProgram, pastPairs: [], edits: [] });
    expect(out.status).toBe('solver_failed');
    if (out.status === 'solver_failed') expect(out.reason).toMatch(/LP solver .* takes at most [\d,]+ tableau cells \(variables × constraints\); this cohort needs [\d,]+ \(\d[\d,]* mentees × [\d,]+ mentors/);
  });
});

describe('solver: deferred_acceptance', () => {
  it('gives a stable matching (no blocking pair) whose total never beats the optimum, on 40 random cohorts', () => {
    const program: ResolvedProgram = { ...capacityProgram, solver: 'deferred_acceptance' };
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed);
      const applicants = smallCohort(seed, randInt(next, 1, 10), randInt(next, 1, 6), program);
      const stable = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
      const best = matchCohort({ applicants, rejected: [], program: capacityProgram, pastPairs: [], edits: [] });
      if (stable.status !== 'matched' || best.status !== 'matched') throw new Error('expected matches');
      expect(stable.result.solver).toBe('deferred_acceptance');
      expect(stable.result.stability?.blockingPairCount, `seed ${seed}`).toBe(0);
      expect(stable.result.totalScore).toBeLessThanOrEqual(best.result.totalScore + 1e-9);
      // The optimum's audit compares with the same deferred acceptance matching.
      expect(best.result.stability?.deferredAcceptance.totalScore).toBeCloseTo(stable.result.totalScore, 9);
      for (const road of stable.result.roadsNotTaken) for (const a of road.alternatives) expect(a.drop).toBeNull();
    }
  });

  it('is refused with a minimum group size, in words', () => {
    const program: ResolvedProgram = { ...capacityProgram, solver: 'deferred_acceptance', shape: { kind: 'capacity', defaultCapacity: 3, maxCapacity: 3, minGroup: 2 } };
    const out = matchCohort({ applicants: smallCohort(1, 6, 3, program), rejected: [], program, pastPairs: [], edits: [] });
    expect(out.status).toBe('solver_failed');
    if (out.status === 'solver_failed') expect(out.reason).toContain('deferred_acceptance cannot honour');
  });
});

describe('objectives: in priority order', () => {
  const top3 = (r: { pairs: readonly { choiceRank: number | null }[] }) => r.pairs.filter((p) => p.choiceRank !== null && p.choiceRank <= 3).length;
  const worst = (r: { pairs: readonly { score: number }[] }) => Math.min(...r.pairs.map((p) => p.score));

  it('never does worse than the plain run at the level it puts first, and total_score alone is the plain run', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed);
      const applicants = smallCohort(seed, randInt(next, 2, 10), randInt(next, 1, 6), capacityProgram);
      const run = (objectives: ResolvedProgram['objectives']) => {
        const out = matchCohort({ applicants, rejected: [], program: { ...capacityProgram, objectives }, pastPairs: [], edits: [] });
        if (out.status !== 'matched') throw new Error(out.status);
        return out.result;
      };
      const plain = run(null);
      expect(run(['total_score']).totalScore, `seed ${seed}`).toBeCloseTo(plain.totalScore, 9);
      const byCount = run(['matched', 'top_choices', 'total_score', 'worst_score']);
      expect(byCount.pairs.length).toBeGreaterThanOrEqual(plain.pairs.length);
      const byChoice = run(['top_choices', 'total_score']);
      expect(top3(byChoice)).toBeGreaterThanOrEqual(top3(plain));
      if (plain.pairs.length > 0) {
        const fairest = run(['worst_score', 'total_score']);
        if (fairest.pairs.length > 0) expect(worst(fairest)).toBeGreaterThanOrEqual(worst(plain) - 1e-9);
        checked++;
      }
      expect(byCount.solver).toBe('objectives_in_order');
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('is refused with a minimum group size, in words', () => {
    const program: ResolvedProgram = { ...capacityProgram, objectives: ['matched', 'total_score'], shape: { kind: 'capacity', defaultCapacity: 3, maxCapacity: 3, minGroup: 2 } };
    const out = matchCohort({ applicants: smallCohort(1, 6, 3, program), rejected: [], program, pastPairs: [], edits: [] });
    expect(out.status).toBe('solver_failed');
  });
});
