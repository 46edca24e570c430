import { describe, expect, it } from 'vitest';
import { normalizeListItem } from '../scoring/list-overlap.js';
import { buildInterestsFactor } from '../scoring/score-interests.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

/** The factor for one mentee and one mentor. */
function pair(menteeInterests: string[], mentorInterests: string[]) {
  const f = buildInterestsFactor(
    { mentees: [makeApplicant({ id: 'E', interests: menteeInterests })], mentors: [makeApplicant({ id: 'M', role: 'mentor', interests: mentorInterests })] },
    testProgram(),
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('interests factor', () => {
  it.each<[string, string[], string[], number, string]>([
    ['two of three', ['budgeting', 'open data', 'HR'], ['Open Data', 'budgeting', 'planning'], 2 / 3, 'shares 2 of 3 interests: budgeting, open data'],
    ['all', ['budgeting'], ['budgeting', 'planning'], 1, 'shares 1 of 1 interest: budgeting'],
    ['none shared', ['budgeting'], ['planning'], 0, 'no shared interests'],
    ['mentor lists none', ['budgeting'], [], 0, 'no shared interests'],
    ['mentee lists none', [], ['budgeting'], 0, 'no shared interests (mentee listed none)'],
    ['case, spacing and punctuation ignored', ['Open-Data ', '  Council   Relations'], ['open data.', 'council relations'], 1, 'shares 2 of 2 interests: Open-Data, Council Relations'],
    ['accents ignored', ['Développement économique'], ['developpement economique'], 1, 'shares 1 of 1 interest: Développement économique'],
    ['mentee duplicates count once', ['budgeting', 'Budgeting', 'HR'], ['budgeting'], 1 / 2, 'shares 1 of 2 interests: budgeting'],
    ['blank items ignored', ['budgeting', ' ', ''], ['budgeting'], 1, 'shares 1 of 1 interest: budgeting'],
  ])('%s', (_, mentee, mentor, value, reason) => {
    const r = pair(mentee, mentor);
    expect(r.name).toBe('interests');
    expect(r.value).toBeCloseTo(value, 12);
    expect(r.reason).toBe(reason);
  });

  it.each([
    ['Open-Data', 'open data'],
    ['  Council\tRelations  ', 'council relations'],
    ['Économie', 'economie'],
    ['HR/Labour', 'hr labour'],
    ['!!!', ''],
  ])('normalizes %j to %j', (raw, key) => {
    expect(normalizeListItem(raw)).toBe(key);
  });

  it('matches a Set-based reference on random pools', () => {
    const vocabulary = ['budgeting', 'Open Data', 'hr', 'planning', 'GIS', 'council relations', 'by-law', 'procurement', 'asset management'];
    const next = rng(42);
    const pick = () => Array.from({ length: randInt(next, 0, 5) }, () => vocabulary[randInt(next, 0, vocabulary.length - 1)] as string);
    const mentees = Array.from({ length: 12 }, (_, i) => makeApplicant({ id: `E${i}`, interests: pick() }));
    const mentors = Array.from({ length: 9 }, (_, j) => makeApplicant({ id: `M${j}`, role: 'mentor', interests: pick() }));
    const f = buildInterestsFactor({ mentees, mentors }, testProgram());
    mentees.forEach((e, i) =>
      mentors.forEach((m, j) => {
        const mine = new Set(e.interests.map(normalizeListItem));
        const theirs = new Set(m.interests.map(normalizeListItem));
        const shared = [...mine].filter((x) => theirs.has(x)).length;
        const expected = mine.size === 0 ? 0 : shared / mine.size;
        expect(f.value(i, j)).toBeCloseTo(expected, 12);
        expect(f.value(i, j)).toBeGreaterThanOrEqual(0);
        expect(f.value(i, j)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('handles an empty pool', () => {
    expect(() => buildInterestsFactor({ mentees: [], mentors: [] }, testProgram())).not.toThrow();
  });
});
