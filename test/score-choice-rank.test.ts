import { describe, expect, it } from 'vitest';
import { buildChoiceRankFactor } from '../scoring/score-choice-rank.js';
import { ordinal } from '../scoring/words.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

const mentors = ['M1', 'M2', 'M3', 'M4', 'M5'].map((id) => makeApplicant({ id, role: 'mentor' }));

/** The factor over the five mentors for one mentee with these choices. */
function build(choices: string[], maxChoices = 3) {
  return buildChoiceRankFactor({ mentees: [makeApplicant({ id: 'E1', choices })], mentors }, testProgram({ factors: { ...testProgram().factors, choiceRank: { maxChoices } } }));
}

describe('choice_rank factor', () => {
  it.each<[string, string[], number, number, number, string]>([
    ['1st of 3', ['M2', 'M1', 'M3'], 3, 1, 1, "mentee's 1st choice"],
    ['2nd of 3', ['M2', 'M1', 'M3'], 3, 0, 2 / 3, "mentee's 2nd choice"],
    ['3rd of 3', ['M2', 'M1', 'M3'], 3, 2, 1 / 3, "mentee's 3rd choice"],
    ['not chosen', ['M2', 'M1', 'M3'], 3, 4, 0, "not among the mentee's choices"],
    ['no choices at all', [], 3, 0, 0, "not among the mentee's choices"],
    ['2nd of 5', ['M5', 'M4'], 5, 3, 4 / 5, "mentee's 2nd choice"],
    ['rank kept when an earlier choice is not in the pool', ['GONE', 'M4'], 3, 3, 2 / 3, "mentee's 2nd choice"],
    ['beyond max_choices counts 0', ['M1', 'M2', 'M3', 'M4'], 3, 3, 0, "mentee's 4th choice, beyond the 3 that count"],
    ['max_choices 1', ['M1', 'M2'], 1, 0, 1, "mentee's 1st choice"],
  ])('%s', (_, choices, k, mentor, value, reason) => {
    const f = build(choices, k);
    expect(f.name).toBe('choice_rank');
    expect(f.value(0, mentor)).toBeCloseTo(value, 12);
    expect(f.explain(0, mentor)).toBe(reason);
  });

  it('is strictly higher for a better rank', () => {
    const f = build(['M3', 'M1', 'M5']);
    expect(f.value(0, 2)).toBeGreaterThan(f.value(0, 0));
    expect(f.value(0, 0)).toBeGreaterThan(f.value(0, 4));
    expect(f.value(0, 4)).toBeGreaterThan(f.value(0, 1));
  });

  it('scores 0 for everyone when max_choices is 0', () => {
    const f = build(['M1'], 0);
    expect(f.value(0, 0)).toBe(0);
  });

  it.each<[number, string]>([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [103, '103rd'],
    [111, '111th'],
  ])('ordinal(%i) = %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});
