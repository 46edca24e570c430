import { describe, expect, it } from 'vitest';
import { normalizeListItem } from '../scoring/list-overlap.js';
import { buildSkillsFactor } from '../scoring/score-skills.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

/** The factor for one mentee (skills sought) and one mentor (skills offered). */
function pair(sought: string[], offered: string[]) {
  const f = buildSkillsFactor(
    {
      // The other list of each side is filled to show it is ignored.
      mentees: [makeApplicant({ id: 'E', skillsSought: sought, skillsOffered: ['budgeting', 'gis'] })],
      mentors: [makeApplicant({ id: 'M', role: 'mentor', skillsOffered: offered, skillsSought: ['budgeting', 'gis'] })],
    },
    testProgram(),
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('skills factor', () => {
  it.each<[string, string[], string[], number, string]>([
    ['two of three', ['public speaking', 'budgeting', 'GIS'], ['Budgeting', 'Public Speaking'], 2 / 3, 'offers 2 of 3 skills sought: public speaking, budgeting'],
    ['one of one', ['budgeting'], ['budgeting', 'gis'], 1, 'offers 1 of 1 skill sought: budgeting'],
    ['none offered', ['budgeting'], ['gis'], 0, 'offers none of the skills sought'],
    ['mentor offers nothing', ['budgeting'], [], 0, 'offers none of the skills sought'],
    ['mentee seeks nothing', [], ['budgeting'], 0, 'mentee listed no skills sought'],
    ['punctuation ignored', ['change-management'], ['Change Management'], 1, 'offers 1 of 1 skill sought: change-management'],
    ['duplicates count once', ['GIS', 'gis'], ['gis'], 1, 'offers 1 of 1 skill sought: GIS'],
  ])('%s', (_, sought, offered, value, reason) => {
    const r = pair(sought, offered);
    expect(r.name).toBe('skills');
    expect(r.value).toBeCloseTo(value, 12);
    expect(r.reason).toBe(reason);
  });

  it('matches a Set-based reference on random pools', () => {
    const vocabulary = ['budgeting', 'public speaking', 'GIS', 'Change management', 'policy development', 'minutes', 'procurement'];
    const next = rng(7);
    const pick = () => Array.from({ length: randInt(next, 0, 4) }, () => vocabulary[randInt(next, 0, vocabulary.length - 1)] as string);
    const mentees = Array.from({ length: 10 }, (_, i) => makeApplicant({ id: `E${i}`, skillsSought: pick() }));
    const mentors = Array.from({ length: 10 }, (_, j) => makeApplicant({ id: `M${j}`, role: 'mentor', skillsOffered: pick() }));
    const f = buildSkillsFactor({ mentees, mentors }, testProgram());
    mentees.forEach((e, i) =>
      mentors.forEach((m, j) => {
        const sought = new Set(e.skillsSought.map(normalizeListItem));
        const offered = new Set(m.skillsOffered.map(normalizeListItem));
        const hit = [...sought].filter((x) => offered.has(x)).length;
        expect(f.value(i, j)).toBeCloseTo(sought.size === 0 ? 0 : hit / sought.size, 12);
      }),
    );
  });
});
