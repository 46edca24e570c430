import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort, type CohortInput, type PairRecord } from '../runners/match-cohort.js';
import { ALTERNATIVES_PER_APPLICANT, type MatchResult } from '../runners/match-result.js';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { randomPairs, smallCohort } from './helpers/cohort.js';
import { randInt, rng } from './helpers/rng.js';

const capacityProgram: ResolvedProgram = {
  ...DEFAULT_PROGRAM,
  shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 },
  weights: { ...DEFAULT_PROGRAM.weights, choice_rank: 2, mutual_request: 3, department: 1 },
  exclusions: { chainOfCommand: true, sameDepartment: false, pastPairs: true },
};

function matched(input: CohortInput): MatchResult {
  const out = matchCohort(input);
  if (out.status !== 'matched') throw new Error(`expected a match, got ${out.status}`);
  return out.result;
}

/** A random small cohort with a past pair, a ban and (sometimes) a pin. */
function randomCohort(seed: number, program: ResolvedProgram): CohortInput {
  const next = rng(seed);
  const applicants = smallCohort(seed, randInt(next, 1, 7), randInt(next, 1, 6), program);
  const pair = randomPairs(next, applicants);
  const edits = [...pair(2, 'ban'), ...(next() < 0.5 ? pair(3, 'pin') : [])];
  const input = { applicants, rejected: [], program, pastPairs: pair(2), edits };
  // A random pin may hit an excluded pair; such cohorts are tested without it.
  return matchCohort(input).status === 'matched' ? input : { ...input, edits: edits.filter((e) => e.action === 'ban') };
}

describe('the road not taken: exact drops against brute force', () => {
  it.each([
    { name: 'one-to-one', program: DEFAULT_PROGRAM },
    { name: 'capacities and a minimum score', program: { ...capacityProgram, minScore: 12 } },
  ])('$name: every drop equals the brute-force total with that pair pinned', ({ program }) => {
    let checked = 0;
    let unmatchedChecked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const input = randomCohort(seed, program);
      const result = matched(input);
      const pairOf = new Map(result.pairs.map((p) => [p.mentee.id, p.mentor.id]));
      const unmatchedIds = new Set(result.unmatched.map((u) => u.applicant.id));
      for (const road of result.roadsNotTaken) {
        if (road.applicant.role === 'mentor') expect(unmatchedIds.has(road.applicant.id), 'only unmatched mentors get a road').toBe(true);
        const scores = road.alternatives.map((a) => a.score);
        const topScores = scores.slice(0, ALTERNATIVES_PER_APPLICANT);
        expect(topScores, 'best score first').toEqual([...topScores].sort((a, b) => b - a));
        for (const alt of road.alternatives) {
          const mentor = road.applicant.role === 'mentee' ? alt.other : road.applicant;
          const mentee = road.applicant.role === 'mentee' ? road.applicant : alt.other;
          // Who has the other person instead, as the result says.
          const held = road.applicant.role === 'mentee'
            ? result.pairs.filter((p) => p.mentor.id === mentor.id).map((p) => p.mentee.id)
            : [pairOf.get(mentee.id)].filter((id): id is string => id !== undefined);
          expect(alt.heldBy.map((a) => a.id).sort()).toEqual(held.sort());
          expect(pairOf.get(mentee.id) === mentor.id, 'an alternative is a pair not made').toBe(false);
          if (alt.drop === null) {
            expect(road.note, 'a missing drop is explained').not.toBeNull();
            continue;
          }
          const pin: PairRecord = { mentorId: mentor.id, menteeId: mentee.id, action: 'pin', source: { file: 'oracle', row: 99 } };
          const forced = matchCohort({ ...input, program: { ...program, solver: 'brute_force' }, edits: [...input.edits, pin] });
          if (forced.status !== 'matched') throw new Error(`seed ${seed}: forcing ${mentor.id}+${mentee.id} gave ${forced.status}`);
          expect(alt.drop, `seed ${seed}: ${mentor.id}+${mentee.id}`).toBeCloseTo(result.totalScore - forced.result.totalScore, 6);
          expect(alt.bound).not.toBeNull();
          expect(alt.bound as number).toBeLessThanOrEqual(alt.drop + 1e-7);
          checked++;
          if (unmatchedIds.has(road.applicant.id)) unmatchedChecked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(unmatchedChecked).toBeGreaterThan(5);
  });

  it('every eligible mentee has a road, and every unmatched mentor; ordered by id', () => {
    const input = randomCohort(7, capacityProgram);
    const out = matchCohort(input);
    if (out.status !== 'matched') throw new Error(out.status);
    const { result, pool } = out;
    const expected = [
      ...pool.mentees.map((a) => a.id),
      ...result.unmatched.filter((u) => u.applicant.role === 'mentor').map((u) => u.applicant.id),
    ].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(result.roadsNotTaken.map((r) => r.applicant.id)).toEqual(expected);
  });

  it("a mentee's first alternatives are their best-scoring allowed mentors but the one they got, by a plain sort", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const out = matchCohort(randomCohort(seed, capacityProgram));
      if (out.status !== 'matched') throw new Error(out.status);
      const { result, pool, matrix } = out;
      const cols = pool.mentors.length;
      for (const road of result.roadsNotTaken.filter((r) => r.applicant.role === 'mentee')) {
        const i = pool.mentees.indexOf(road.applicant);
        const got = result.pairs.find((p) => p.mentee === road.applicant)?.mentor;
        const expected = pool.mentors
          .map((m, j) => ({ m, j, score: matrix.scores[i * cols + j] as number }))
          .filter(({ m, j }) => m !== got && matrix.allowed[i * cols + j] === 1)
          .sort((a, b) => b.score - a.score || a.j - b.j)
          .slice(0, ALTERNATIVES_PER_APPLICANT)
          .map(({ m }) => m.id);
        expect(road.alternatives.slice(0, expected.length).map((a) => a.other.id), `seed ${seed} ${road.applicant.id}`).toEqual(expected);
      }
    }
  });

  it('names every stated choice the mentee did not get, and why an impossible one was impossible', () => {
    const seed = 11;
    const applicants = smallCohort(seed, 6, 5, capacityProgram);
    const mentors = applicants.filter((a) => a.role === 'mentor');
    const mentee = applicants.find((a) => a.role === 'mentee') as Applicant;
    const [first, second] = mentors;
    if (!first || !second) throw new Error('cohort too small');
    // Choices: a mentor banned for this mentee, then another one.
    const chooser: Applicant = { ...mentee, choices: [first.id, second.id] };
    const others = applicants.filter((a) => a !== mentee);
    const ban: PairRecord = { mentorId: first.id, menteeId: mentee.id, action: 'ban', source: { file: 'edits.csv', row: 2 } };
    const result = matched({ applicants: [...others, chooser], rejected: [], program: capacityProgram, pastPairs: [], edits: [ban] });
    const road = result.roadsNotTaken.find((r) => r.applicant.id === mentee.id);
    if (!road) throw new Error('no road for the mentee');
    expect(road.note).toContain(`1st choice ${first.id} was not possible: kept apart by the committee`);
    const got = result.pairs.find((p) => p.mentee.id === mentee.id)?.mentor.id;
    if (got !== second.id) expect(road.alternatives.map((a) => a.other.id)).toContain(second.id);
  });

  it('past the budget, drops are left out with the bound kept and the reason given', () => {
    const input = randomCohort(3, capacityProgram);
    const full = matched(input);
    const none = matched({ ...input, explainBudgetCells: 0 });
    const withAlternatives = none.roadsNotTaken.filter((r) => r.alternatives.length > 0);
    expect(withAlternatives.length).toBeGreaterThan(0);
    for (const road of withAlternatives) {
      for (const alt of road.alternatives) expect(alt.drop).toBeNull();
      if (road.alternatives.some((a) => a.bound !== null)) expect(road.note).toContain('budget');
    }
    // The budget changes explanations only, never the matching.
    expect(none.pairs.map((p) => `${p.mentor.id}+${p.mentee.id}`)).toEqual(full.pairs.map((p) => `${p.mentor.id}+${p.mentee.id}`));
  });

  it('an unmatched applicant whose candidates were taken is told the cost of forcing the best one', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const result = matched(randomCohort(seed, DEFAULT_PROGRAM));
      const taken = result.unmatched.find((u) => u.code === 'candidates_taken');
      if (!taken) continue;
      const road = result.roadsNotTaken.find((r) => r.applicant === taken.applicant);
      const best = road?.alternatives[0];
      if (!best || best.drop === null) continue;
      expect(taken.reason).toContain(`${best.other.id} (score ${best.score.toFixed(1)})`);
      expect(taken.reason).toContain(`lower the total by ${best.drop.toFixed(1)}`);
      return;
    }
    throw new Error('no cohort had an applicant whose candidates were all taken');
  });
});

describe('the road not taken where exact costs are not given', () => {
  it('with a minimum group size (the LP path) alternatives are listed without costs, and the note says why', () => {
    const program: ResolvedProgram = { ...capacityProgram, shape: { kind: 'capacity', defaultCapacity: 2, maxCapacity: 3, minGroup: 2 } };
    const input = randomCohort(5, program);
    const result = matched({ ...input, edits: input.edits.filter((e) => e.action !== 'pin') });
    const listed = result.roadsNotTaken.filter((r) => r.alternatives.length > 0);
    expect(listed.length).toBeGreaterThan(0);
    for (const road of listed) {
      for (const a of road.alternatives) expect([a.drop, a.bound]).toEqual([null, null]);
      expect(road.note).toContain('integer program');
    }
  });
});
