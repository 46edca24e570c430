import { describe, expect, it } from 'vitest';
import type { Applicant } from '../scoring/applicant.js';
import type { ScoringPool } from '../scoring/factor.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { findExclusions, type ExclusionReason, type PairIds } from '../scoring/find-exclusions.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

const mentee = (id: string, more: Partial<Applicant> = {}): Applicant => makeApplicant({ id, role: 'mentee', ...more });
const mentor = (id: string, more: Partial<Applicant> = {}): Applicant => makeApplicant({ id, role: 'mentor', ...more });
/** The default program with some exclusions switched (testProgram replaces whole top-level keys). */
const withExclusions = (exclusions: Partial<ResolvedProgram['exclusions']>): ResolvedProgram =>
  testProgram({ exclusions: { ...testProgram().exclusions, ...exclusions } });
const none = { pastPairs: [] as PairIds[], bans: [] as PairIds[] };

/** Every pair's reason as a `mentee-mentor → reason` map (allowed pairs left out). */
function excludedPairs(pool: ScoringPool, ex: ReturnType<typeof findExclusions>): Record<string, ExclusionReason> {
  const out: Record<string, ExclusionReason> = {};
  pool.mentees.forEach((e, i) =>
    pool.mentors.forEach((m, j) => {
      const r = ex.reasonOf(i, j);
      if (r !== null) out[`${e.id}-${m.id}`] = r;
    }),
  );
  return out;
}

describe('findExclusions: chain of command', () => {
  it.each<[string, Applicant[], Applicant[], Applicant[], string[]]>([
    ['mentor supervises the mentee', [mentee('E1', { supervisorId: 'M1' })], [mentor('M1'), mentor('M2')], [], ['E1-M1']],
    ['mentee supervises the mentor', [mentee('E1')], [mentor('M1', { supervisorId: 'E1' })], [], ['E1-M1']],
    ['each names the other (a two-cycle)', [mentee('E1', { supervisorId: 'M1' })], [mentor('M1', { supervisorId: 'E1' })], [], ['E1-M1']],
    ['two levels up, through another mentor', [mentee('E1', { supervisorId: 'M2' })], [mentor('M1'), mentor('M2', { supervisorId: 'M1' })], [], ['E1-M1', 'E1-M2']],
    ['three levels up, through an ineligible applicant', [mentee('E1', { supervisorId: 'X1' })], [mentor('M1')], [mentor('X1', { supervisorId: 'X2' }), mentor('X2', { supervisorId: 'M1' })], ['E1-M1']],
    ['mentee two levels above the mentor', [mentee('E1')], [mentor('M1', { supervisorId: 'M2' }), mentor('M2', { supervisorId: 'E1' })], [], ['E1-M1', 'E1-M2']],
    ['siblings under one boss are not in each other’s chain', [mentee('E1', { supervisorId: 'B' })], [mentor('M1', { supervisorId: 'B' })], [mentor('B')], []],
    ['supervisor outside the pool', [mentee('E1', { supervisorId: 'EMP-4411' })], [mentor('M1', { supervisorId: 'EMP-4411' })], [], []],
    ['cycle not involving the pair', [mentee('E1', { supervisorId: 'X1' })], [mentor('M1')], [mentor('X1', { supervisorId: 'X2' }), mentor('X2', { supervisorId: 'X1' })], []],
    ['cycle through the pair', [mentee('E1', { supervisorId: 'X1' })], [mentor('M1', { supervisorId: 'E1' })], [mentor('X1', { supervisorId: 'M1' })], ['E1-M1']],
    ['self-supervision', [mentee('E1', { supervisorId: 'E1' })], [mentor('M1', { supervisorId: 'M1' })], [], []],
  ])('%s', (_, mentees, mentors, others, expected) => {
    const pool = { mentees, mentors };
    const ex = findExclusions(pool, testProgram(), { ...none, allApplicants: [...mentees, ...mentors, ...others] });
    expect(Object.keys(excludedPairs(pool, ex)).sort()).toEqual(expected);
    for (const reason of Object.values(excludedPairs(pool, ex))) expect(reason).toBe('chain_of_command');
  });

  it('without allApplicants, a chain through someone outside the pool is not seen', () => {
    const pool = { mentees: [mentee('E1', { supervisorId: 'X1' })], mentors: [mentor('M1')] };
    const withAll = findExclusions(pool, testProgram(), { ...none, allApplicants: [...pool.mentees, ...pool.mentors, mentor('X1', { supervisorId: 'M1' })] });
    const poolOnly = findExclusions(pool, testProgram(), none);
    expect(withAll.reasonOf(0, 0)).toBe('chain_of_command');
    expect(poolOnly.reasonOf(0, 0)).toBeNull();
  });

  it('is off when the program says so', () => {
    const pool = { mentees: [mentee('E1', { supervisorId: 'M1' })], mentors: [mentor('M1')] };
    expect(findExclusions(pool, withExclusions({ chainOfCommand: false }), none).reasonOf(0, 0)).toBeNull();
  });

  it.each([1, 2, 3, 4, 5, 6])('matches a brute-force chain walk on random supervisor graphs with cycles (seed %i)', (seed) => {
    const next = rng(seed);
    const n = randInt(next, 4, 30);
    const ids = Array.from({ length: n }, (_, k) => `P${k}`);
    const people = ids.map((id) => {
      const r = next();
      const supervisorId = r < 0.2 ? '' : r < 0.3 ? `EMP-${randInt(next, 1, 5)}` : (ids[randInt(next, 0, n - 1)] as string);
      return makeApplicant({ id, role: next() < 0.5 ? 'mentee' : 'mentor', supervisorId });
    });
    // Some people are ineligible: out of the pool, but still links in the chain.
    const inPool = people.filter(() => next() < 0.7);
    const pool = { mentees: inPool.filter((a) => a.role === 'mentee'), mentors: inPool.filter((a) => a.role === 'mentor') };
    const ex = findExclusions(pool, testProgram(), { ...none, allApplicants: people });

    const sup = new Map(people.map((a) => [a.id, a.supervisorId]));
    const isAbove = (upper: string, lower: string): boolean => {
      let cur = sup.get(lower);
      for (let step = 0; step <= n && cur !== undefined && cur !== ''; step++) {
        if (cur === upper) return true;
        cur = sup.get(cur);
      }
      return false;
    };
    pool.mentees.forEach((e, i) =>
      pool.mentors.forEach((m, j) => {
        const expected = isAbove(m.id, e.id) || isAbove(e.id, m.id);
        expect(ex.reasonOf(i, j) === 'chain_of_command').toBe(expected);
      }),
    );
  });
});

describe('findExclusions: departments, past pairs, bans', () => {
  const pool = {
    mentees: [mentee('E1', { department: 'Finance' }), mentee('E2', { department: '' }), mentee('E3', { department: 'Clerks' })],
    mentors: [mentor('M1', { department: ' FINANCE ' }), mentor('M2', { department: '' }), mentor('M3', { department: 'Planning' })],
  };

  it('same department only when switched on, case-insensitive, blank never matches', () => {
    expect(excludedPairs(pool, findExclusions(pool, testProgram(), none))).toEqual({});
    const on = findExclusions(pool, withExclusions({ sameDepartment: true }), none);
    expect(excludedPairs(pool, on)).toEqual({ 'E1-M1': 'same_department' });
  });

  it('past pairs only when switched on, in either direction; unknown ids ignored', () => {
    const pastPairs = [
      { mentorId: 'M2', menteeId: 'E1' },
      { mentorId: 'E3', menteeId: 'M3' }, // roles swapped since then
      { mentorId: 'M9', menteeId: 'E1' },
    ];
    expect(excludedPairs(pool, findExclusions(pool, withExclusions({ pastPairs: false }), { pastPairs, bans: [] }))).toEqual({});
    expect(excludedPairs(pool, findExclusions(pool, testProgram(), { pastPairs, bans: [] }))).toEqual({ 'E1-M2': 'past_pair', 'E3-M3': 'past_pair' });
  });

  it('bans always apply', () => {
    const program = withExclusions({ chainOfCommand: false, pastPairs: false, sameDepartment: false });
    expect(excludedPairs(pool, findExclusions(pool, program, { pastPairs: [], bans: [{ mentorId: 'M3', menteeId: 'E2' }] }))).toEqual({ 'E2-M3': 'banned' });
  });

  it('reports one reason per pair by priority and counts each pair once', () => {
    const p = {
      mentees: [mentee('E1', { department: 'Finance', supervisorId: 'M1' }), mentee('E2', { department: 'Finance' })],
      mentors: [mentor('M1', { department: 'Finance' }), mentor('M2', { department: 'Finance' })],
    };
    const both = { mentorId: 'M1', menteeId: 'E1' };
    const ex = findExclusions(p, withExclusions({ sameDepartment: true }), {
      pastPairs: [both, { mentorId: 'M2', menteeId: 'E2' }],
      bans: [both, { mentorId: 'M2', menteeId: 'E2' }, { mentorId: 'M1', menteeId: 'E2' }],
    });
    expect(excludedPairs(p, ex)).toEqual({ 'E1-M1': 'chain_of_command', 'E1-M2': 'same_department', 'E2-M1': 'banned', 'E2-M2': 'past_pair' });
    expect(ex.counts).toEqual({ chain_of_command: 1, same_department: 1, past_pair: 1, banned: 1 });
    expect(Array.from(ex.codes).filter((c) => c === 0)).toHaveLength(0);
    expect([ex.mentees, ex.mentors]).toEqual([2, 2]);
  });

  it('handles an empty pool and does not modify its inputs', () => {
    const empty = findExclusions({ mentees: [], mentors: [] }, testProgram(), none);
    expect(empty.codes).toHaveLength(0);
    const before = JSON.stringify(pool);
    findExclusions(pool, withExclusions({ sameDepartment: true }), { pastPairs: [{ mentorId: 'M1', menteeId: 'E1' }], bans: [] });
    expect(JSON.stringify(pool)).toBe(before);
  });
});
