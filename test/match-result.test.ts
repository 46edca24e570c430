import { describe, expect, it } from 'vitest';
import { checkEveryoneAccounted, type MatchResult } from '../runners/match-result.js';
import { makeApplicant } from './helpers/applicant.js';

const mentor = makeApplicant({ id: 'M1', role: 'mentor', capacity: 2 });
const e1 = makeApplicant({ id: 'E1' });
const e2 = makeApplicant({ id: 'E2' });
const e3 = makeApplicant({ id: 'E3' });
const pair = (mentee: typeof e1) => ({ mentor, mentee, score: 50, choiceRank: null, pinned: false, contributions: [] });
const base: MatchResult = { pairs: [], unmatched: [], ineligible: [], rejected: [], totalScore: 0, solver: 'test', blockedPairs: {}, roadsNotTaken: [] };

describe('checkEveryoneAccounted: the invariant that nobody is lost', () => {
  it('accepts a whole result (a mentor with two mentees is one person in one list)', () => {
    const whole: MatchResult = {
      ...base,
      pairs: [pair(e1), pair(e2)],
      unmatched: [{ applicant: e3, code: 'candidates_taken', reason: 'r' }],
    };
    expect(checkEveryoneAccounted([mentor, e1, e2, e3], 0, whole)).toEqual([]);
  });

  it.each<[string, MatchResult, number, RegExp]>([
    ['someone lost', { ...base, pairs: [pair(e1)] }, 0, /E2 .* in no list/],
    ['someone in two lists', { ...base, pairs: [pair(e1), pair(e2)], unmatched: [{ applicant: e2, code: 'candidates_taken', reason: 'r' }] }, 0, /E2 .* matches and unmatched/],
    ['someone listed twice as unmatched', { ...base, pairs: [pair(e1)], unmatched: [{ applicant: e2, code: 'no_other_side', reason: 'r' }, { applicant: e2, code: 'no_other_side', reason: 'r' }] }, 0, /E2 .* unmatched and unmatched/],
    ['a mentee matched twice', { ...base, pairs: [pair(e1), pair(e1), pair(e2)] }, 0, /mentee E1 is matched 2 times/],
    ['a rejected row not listed', { ...base, pairs: [pair(e1), pair(e2)] }, 1, /1 rows were rejected but 0 are listed/],
    ['a stranger in the output', { ...base, pairs: [pair(e1), pair(e2), pair(makeApplicant({ id: 'X9' }))] }, 0, /X9 appears in the output but not in the input/],
  ])('flags %s', (_name, result, rejected, message) => {
    const violations = checkEveryoneAccounted([mentor, e1, e2], rejected, result);
    expect(violations.join('\n')).toMatch(message);
  });
});
