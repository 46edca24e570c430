import { describe, expect, it } from 'vitest';
import { buildCommunitySizeFactor, communityBandOf } from '../scoring/score-community-size.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';

const program = testProgram();
const sizes = program.factors.communitySize;

/** The factor for one mentee and one mentor with these community_size cells. */
function pair(menteeCell: string, mentorCell: string, p = program) {
  const f = buildCommunitySizeFactor(
    { mentees: [makeApplicant({ communitySize: menteeCell })], mentors: [makeApplicant({ id: 'M', role: 'mentor', communitySize: mentorCell })] },
    p,
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('community_size factor', () => {
  it.each<[string, number]>([
    ['under 10k', 0],
    ['Under 10K', 0],
    ['  10k-50k ', 1],
    ['10k - 50k', 1],
    ['over 250k', 3],
    ['9999', 0],
    ['10000', 1],
    ['10,000', 1],
    ['49 999', 1],
    ['50000', 2],
    ['12.5k', 1],
    ['1.2m', 3],
    ['3000000', 3],
    ['', -1],
    ['big city', -1],
    ['-5', -1],
  ])('maps %j to band %i', (cell, band) => {
    expect(communityBandOf(cell, sizes)).toBe(band);
  });

  it.each<[string, string, string, number, string]>([
    ['same band', 'under 10k', '5000', 1, 'same community size: under 10k'],
    ['one band apart', 'under 10k', '10k-50k', 2 / 3, 'community sizes 1 band apart: under 10k and 10k-50k'],
    ['three bands apart', 'over 250k', '800', 0, 'community sizes 3 bands apart: over 250k and under 10k'],
    ['mentee blank', '', 'under 10k', 0, 'community size unknown for the mentee (no points)'],
    ['mentor unreadable', '50k-250k', 'rural-ish', 0, 'community size unknown for the mentor (no points)'],
    ['both blank', '', '', 0, 'community size unknown for both (no points)'],
  ])('%s', (_, a, b, value, reason) => {
    const r = pair(a, b);
    expect(r.name).toBe('community_size');
    expect(r.value).toBeCloseTo(value, 12);
    expect(r.reason).toBe(reason);
  });

  it('is symmetric in the two bands', () => {
    const cells = ['under 10k', '10k-50k', '50k-250k', 'over 250k', '', '75000'];
    for (const a of cells) for (const b of cells) expect(pair(a, b).value).toBeCloseTo(pair(b, a).value, 12);
  });

  it('uses the program’s own bands', () => {
    const p = testProgram({ factors: { ...program.factors, communitySize: { bands: ['rural', 'urban'], upperBounds: [20000] } } });
    expect(pair('Rural', '150000', p).value).toBe(0);
    expect(pair('rural', '19999', p).value).toBe(1);
  });

  it('scores 1 when the program has a single band', () => {
    const p = testProgram({ factors: { ...program.factors, communitySize: { bands: ['any'], upperBounds: [] } } });
    expect(pair('any', '5', p).value).toBe(1);
  });
});
