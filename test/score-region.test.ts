import { describe, expect, it } from 'vitest';
import { buildRegionFactor } from '../scoring/score-region.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

/** The factor for one mentee and one mentor in these regions. */
function pair(menteeRegion: string, mentorRegion: string) {
  const f = buildRegionFactor(
    { mentees: [makeApplicant({ region: menteeRegion })], mentors: [makeApplicant({ id: 'M', role: 'mentor', region: mentorRegion })] },
    testProgram(),
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('region factor', () => {
  it.each<[string, string, string, number, string]>([
    ['same region', 'Northern Ontario', 'Northern Ontario', 1, 'both in Northern Ontario'],
    ['case and spacing ignored', ' Northern  Ontario', 'northern ontario', 1, 'both in Northern Ontario'],
    ['different regions', 'Northern Ontario', 'Durham & Kawartha', 0, 'different regions (meetings can be virtual)'],
    ['mentee blank', '', 'Northern Ontario', 0, 'region left blank by the mentee (no points)'],
    ['mentor blank', 'Northern Ontario', '  ', 0, 'region left blank by the mentor (no points)'],
    ['both blank', '', '', 0, 'region left blank by both (no points)'],
  ])('%s', (_, a, b, value, reason) => {
    const r = pair(a, b);
    expect(r.name).toBe('region');
    expect(r.value).toBe(value);
    expect(r.reason).toBe(reason);
  });

  it('scores a whole pool by region', () => {
    const regions = ['East', 'West', '', 'east'];
    const f = buildRegionFactor(
      {
        mentees: regions.map((region, i) => makeApplicant({ id: `E${i}`, region })),
        mentors: regions.map((region, j) => makeApplicant({ id: `M${j}`, role: 'mentor', region })),
      },
      testProgram(),
    );
    const grid = regions.map((_, i) => regions.map((__, j) => f.value(i, j)));
    expect(grid).toEqual([
      [1, 0, 0, 1],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 1],
    ]);
  });
});
