/**
 * A ResolvedProgram for tests, with the defaults documented in
 * docs/program-config.md, so loader tests do not depend on the config loader.
 */
import type { ResolvedProgram } from '../../scoring/program.js';

/** The documented defaults; `overrides` replace whole top-level keys. */
export function testProgram(overrides: Partial<ResolvedProgram> = {}): ResolvedProgram {
  return {
    name: 'Mentorship program',
    shape: { kind: 'one_to_one' },
    eligibility: [],
    weights: {
      interests: 3,
      skills: 3,
      goals_text: 2,
      community_size: 1,
      region: 1,
      experience_gap: 1,
      department: 0,
      choice_rank: 0,
      mutual_request: 0,
    },
    factors: {
      experienceGap: { idealMin: 5, idealMax: 20, tolerance: 10 },
      communitySize: { bands: ['under 10k', '10k-50k', '50k-250k', 'over 250k'], upperBounds: [10000, 50000, 250000] },
      department: { prefer: 'different' },
      choiceRank: { maxChoices: 3 },
    },
    exclusions: { chainOfCommand: true, sameDepartment: false, pastPairs: true },
    minScore: 0,
    solver: 'auto',
    columns: {},
    emails: {
      firstContactDays: 30,
      meetingExpectations:
        'Meet at least once a month, for 30 to 90 minutes, and never let more than six weeks pass between meetings.',
      subject: 'Your mentorship match',
      signature: 'The mentorship committee',
    },
    ...overrides,
  };
}
