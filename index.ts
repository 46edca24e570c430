/**
 * mentor-match as a library: load a cohort, match it, read the result.
 *
 * @example
 * import { loadProgramConfig, loadApplications, matchCohort } from 'mentor-match';
 * const { program } = loadProgramConfig('program.yaml');
 * const { applicants } = loadApplications('applications.csv', program);
 * const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
 * if (out.status === 'matched') for (const p of out.result.pairs) console.log(p.mentor.id, p.mentee.id, p.score);
 */
export type { AssignmentDuals, AssignmentOutcome, AssignmentProblem, SolverName } from './engine/assignment-problem.js';
export type { Quota, SideConstraints } from './engine/side-constraints.js';
export { solveAssignment, type SolverRequest } from './engine/solve-assignment.js';
export { solveWarm, type WarmStart } from './engine/solve-warm.js';
export {
  prepareForcedPairPricing,
  priceForcedPair,
  priceForcedPairs,
  reducedCost,
  type ForcedPairPricing,
  type ForcedPairQuote,
  type ForcedPairRequest,
  type PricedOptimum,
  type PricingBudget,
} from './engine/price-forced-pair.js';
export type { Applicant, Role, TemplateField } from './scoring/applicant.js';
export { TEMPLATE_FIELDS } from './scoring/applicant.js';
export type { FactorContribution, ScoringPool } from './scoring/factor.js';
export type { EligibilityRule, FactorName, ResolvedProgram } from './scoring/program.js';
export { FACTOR_NAMES } from './scoring/program.js';
export { loadApplications } from './runners/load-applications.js';
export { DEFAULT_PROGRAM, loadProgramConfig } from './runners/load-config.js';
export { matchCohort, type CohortInput, type CohortOutcome, type PairRecord } from './runners/match-cohort.js';
export type { Alternative, MatchResult, MatchedPair, RoadNotTaken, UnmatchedEntry } from './runners/match-result.js';
export { explainPerson, type ExplainOutcome } from './runners/explain-person.js';
export { renderReportHtml } from './runners/render-report-html.js';
export { renderReportMd } from './runners/render-report-md.js';
export { renderEmails } from './runners/render-emails.js';
export type { RunDiff } from './runners/run-diff.js';
export { InputError, type Problem, type ProblemCode } from './runners/problems.js';
export { runBatch, type BatchOptions } from './runners/run-batch.js';
export type { ReportProgress, RunPhase } from './runners/progress-bar.js';
