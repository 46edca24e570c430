/**
 * The registry of match factors: one builder per {@link FactorName}. The
 * score matrix builds the factors with a positive weight from here; adding a
 * factor means adding its name to `FACTOR_NAMES` and its builder here (the
 * `Record` type makes a missing one a compile error).
 */
import type { FactorBuilder } from './factor.js';
import type { FactorName } from './program.js';
import { buildChoiceRankFactor } from './score-choice-rank.js';
import { buildCommunitySizeFactor } from './score-community-size.js';
import { buildDepartmentFactor } from './score-department.js';
import { buildExperienceGapFactor } from './score-experience-gap.js';
import { buildGoalsTextFactor } from './score-goals-text.js';
import { buildInterestsFactor } from './score-interests.js';
import { buildMutualRequestFactor } from './score-mutual-request.js';
import { buildRegionFactor } from './score-region.js';
import { buildSkillsFactor } from './score-skills.js';

/** Every factor's builder, by factor name. */
export const FACTOR_BUILDERS: Readonly<Record<FactorName, FactorBuilder>> = Object.freeze({
  interests: buildInterestsFactor,
  skills: buildSkillsFactor,
  goals_text: buildGoalsTextFactor,
  community_size: buildCommunitySizeFactor,
  region: buildRegionFactor,
  experience_gap: buildExperienceGapFactor,
  department: buildDepartmentFactor,
  choice_rank: buildChoiceRankFactor,
  mutual_request: buildMutualRequestFactor,
});
