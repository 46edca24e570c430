/**
 * The committee's report as data: every count, chart and list that report.md
 * and report.html show, computed once by one pure function so the two
 * renderers can never disagree. Renderers only format and escape; they do no
 * arithmetic of their own.
 */
import type { Applicant, Role } from '../scoring/applicant.js';
import type { FactorContribution } from '../scoring/factor.js';
import { TEAM_ORIGIN_WORDS, type TeamOrigin } from '../scoring/mentor-teams.js';
import { FACTOR_NAMES, type FactorName, type ResolvedProgram } from '../scoring/program.js';
import { communityBandOf } from '../scoring/score-community-size.js';
import { listInWords, ordinal } from '../scoring/words.js';
import {
  SENSITIVITY_STEP,
  type Alternative,
  type BlockingPair,
  type IneligibleEntry,
  type MatchedPair,
  type MatchingSummary,
  type MatchResult,
  type RejectedRow,
  type RoadNotTaken,
  type Sensitivity,
  type StabilityAudit,
  type UnmatchedEntry,
} from './match-result.js';
import { pairReasons } from './render-csv-outputs.js';
import type { RunDiff } from './run-diff.js';
import { describeForcingCost } from './describe-cost.js';
import { describeGroups, type GroupSummary } from './describe-groups.js';

/** What the reports need besides the result. */
export interface ReportContext {
  readonly program: ResolvedProgram;
  /** SHA-256 of the applications file, so a printed report names its input. */
  readonly inputSha256: string;
  /** Applicants counts every input row (rejected rows included); mentors and mentees count the rows that loaded. */
  readonly counts: { readonly applicants: number; readonly mentors: number; readonly mentees: number };
  /** What the run noticed in its inputs that did not stop it (never quotes an applicant's answer). */
  readonly warnings: readonly string[];
  /** Changes since the previous run, when the run was given one; the reports then add a section for it. */
  readonly diff?: RunDiff;
}

/** The summary counts, under the names report.html uses in `data-count`. */
export interface ReportCounts {
  /** Every input row, rejected rows included. */
  readonly applicants: number;
  readonly mentors: number;
  readonly mentees: number;
  readonly pairs: number;
  /** People in at least one pair (a mentor with three mentees counts once). */
  readonly matched: number;
  readonly matchedMentors: number;
  readonly matchedMentees: number;
  readonly unmatched: number;
  readonly ineligible: number;
  readonly rejected: number;
  readonly pinned: number;
  /** Groups that run (group mentoring); 0 otherwise. */
  readonly groups: number;
}

/** One bar of the score histogram: scores in [from, to), the last bin [90, 100] inclusive. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  /** "0–10", …, "90–100". */
  readonly label: string;
  readonly count: number;
}

/** Width of a histogram bin, in score points; ten bins cover 0–100. */
export const HISTOGRAM_BIN_WIDTH = 10;

/** Digits a score is shown with everywhere in the reports; the histogram bins a score as shown, so "70.0" never sits in the 60–70 bar. */
export const SCORE_DIGITS = 1;

/** One row of the choice-rank distribution. */
export interface ChoiceRankRow {
  /** Stable key: "1", "2", … for a rank; "not_chosen" when the mentee ranked others; "no_choices" when the mentee ranked nobody. */
  readonly key: string;
  /** "1st choice", …, "not among their choices", "gave no choices". */
  readonly label: string;
  /** Pairs whose mentee got this. */
  readonly pairs: number;
}

/** How the pairs fall over the mentees' ranked choices. */
export interface ChoiceRankDistribution {
  /** One row per rank from 1 to the program's (or the data's) largest, then "not among their choices" and "gave no choices". */
  readonly rows: readonly ChoiceRankRow[];
  /** Eligible mentees left out although they ranked mentors. */
  readonly unmatchedWithChoices: number;
}

/** One category of a mix (a region, a community size): how many of each kind of person fall in it. */
export interface MixRow {
  /** The category as written, "(blank)" when blank. */
  readonly label: string;
  readonly matchedMentees: number;
  readonly matchedMentors: number;
  /** Eligible applicants of either role left out. */
  readonly unmatched: number;
}

/** How a blank region or community size is shown. */
export const BLANK_LABEL = '(blank)';

/** One group of mentees (a region, a community size, a department) in the fairness tables. */
export interface FairnessGroup {
  /** The mentees' answer as written (trimmed), a community size as its band; "(blank)" when blank. */
  readonly label: string;
  /** Pairs whose mentee is in the group. */
  readonly pairs: number;
  /** Mean score of those pairs; null when there are none. */
  readonly meanScore: number | null;
  /** Lowest score of those pairs; null when there are none. */
  readonly minScore: number | null;
  /** Eligible mentees of the group left out. */
  readonly unmatchedMentees: number;
}

/**
 * Who gets what (issue 5): the choice rank each matched mentee received,
 * and the scores of the pairs by the mentee's region, community size and
 * department, with the mentees of each group left out. By the mentee,
 * because the mentee is the one the program serves and ranks mentors.
 */
export interface FairnessReport {
  /** The same distribution as {@link ReportModel.choiceRanks}. */
  readonly choiceRanks: ChoiceRankDistribution;
  readonly byRegion: readonly FairnessGroup[];
  readonly byCommunitySize: readonly FairnessGroup[];
  readonly byDepartment: readonly FairnessGroup[];
}

/** The chosen matching minus the deferred acceptance one: how much the optimum gains (or gives up) over the stable matching. */
export interface MatchingDifference {
  readonly pairs: number;
  readonly totalScore: number;
  /** Null when either matching has no pairs. */
  readonly worstScore: number | null;
}

/** The stability audit as the reports show it. */
export interface StabilityReport {
  readonly blockingPairCount: number;
  /** The blocking pairs the audit lists, strongest first. */
  readonly blockingPairs: readonly BlockingPair[];
  /** Blocking pairs counted but not listed. */
  readonly unlisted: number;
  readonly chosen: MatchingSummary;
  readonly deferredAcceptance: MatchingSummary;
  readonly difference: MatchingDifference;
  /** What the audit leaves out, in words; null when nothing. */
  readonly note: string | null;
}

/** One row of the weight sensitivity table as the reports show it. */
export interface SensitivityReportRow {
  readonly factor: FactorName;
  /** The factor name in words ("goals text"). */
  readonly label: string;
  readonly weight: number;
  readonly pairsChangedDown: number;
  readonly pairsChangedUp: number;
}

/** The weight sensitivity table as the reports show it. */
export interface SensitivityReport {
  /** The step in percent: 10 for ±10%. */
  readonly stepPercent: number;
  /** Pairs of the run: what each count is out of. */
  readonly pairs: number;
  readonly rows: readonly SensitivityReportRow[];
  /** Why the table is missing or partial; null when complete. */
  readonly note: string | null;
}

/** One factor of a pair's score, with what a bar needs: the points it gave out of the most it could. */
export interface FactorBar {
  readonly factor: FactorName;
  /** The factor name in words ("goals text"). */
  readonly label: string;
  readonly value: number;
  readonly weight: number;
  readonly points: number;
  /** The points a perfect value would give: 100 · weight / Σweights. */
  readonly maxPoints: number;
  readonly reason: string;
}

/** One pair of the report, with everything its detail shows. */
export interface PairDetail {
  /** 1-based position in the result's order; the html's anchors and the default sort use it. */
  readonly index: number;
  readonly pair: MatchedPair;
  /** "1st", "2nd", … or "–" when the mentor was not among the mentee's choices. */
  readonly rankLabel: string;
  /** The same in words: "1st choice", "not among the mentee's choices", "the mentee ranked no mentors". */
  readonly rankText: string;
  /** The pair's reasons in one line (as matches.csv has them). */
  readonly reasons: string;
  /** Every contribution, largest first, as the result has them. */
  readonly factors: readonly FactorBar[];
  /** The mentee's road not taken, or null when the run computed none for them. */
  readonly road: RoadNotTaken | null;
}

/** An eligible applicant left out, with their road not taken. */
export interface LeftOutDetail {
  readonly entry: UnmatchedEntry;
  readonly road: RoadNotTaken | null;
}

/** The program settings a reader needs to judge the result. */
export interface ReportSettings {
  readonly weights: readonly { readonly factor: FactorName; readonly label: string; readonly weight: number }[];
  readonly minScore: number;
  /** The shape in words: "one to one", or "capacity: default 1, at most 3 mentees per mentor". */
  readonly shape: string;
  /** Pairs removed before solving, by reason, reasons in alphabetical order. */
  readonly blocked: readonly { readonly reason: string; readonly label: string; readonly count: number }[];
}

/** Top factor reasons shown per member of a group. */
export const GROUP_MEMBER_REASONS = 3;

/** One mentee of a group as the reports show them. */
export interface GroupMemberDetail {
  readonly pair: MatchedPair;
  /** The pair's {@link PairDetail.index}, for a link to its score breakdown. */
  readonly pairIndex: number;
  /** "1st", "2nd", … or "–", as in the pair table. */
  readonly rankLabel: string;
  /** The reasons of the pair's {@link GROUP_MEMBER_REASONS} largest positive factors, largest first (a co-mentor's name in parentheses when the team has several). */
  readonly topReasons: readonly string[];
  /** Interests the mentee shares with other mentees of the group, each with those peers, in the mentee's order. */
  readonly withPeers: readonly { readonly interest: string; readonly peers: readonly Applicant[] }[];
}

/** One group of a group-mentoring run as the reports show it. */
export interface GroupDetail {
  /** 1-based position among the groups; the html's anchors use it. */
  readonly index: number;
  /** The group's name: "G01", … */
  readonly id: string;
  /** Lead first, then co-mentors. */
  readonly mentors: readonly Applicant[];
  readonly origin: TeamOrigin;
  /** How the team was formed, in words: "named each other as co-mentors", "paired by shared interests", "leads alone". */
  readonly originText: string;
  /** Mentees in the group. */
  readonly size: number;
  readonly meanScore: number;
  readonly minScore: number;
  /** Interests listed by at least two of the group's people, most widely held first. */
  readonly commonInterests: readonly { readonly interest: string; readonly holders: number }[];
  /** Mentors plus mentees: what a common interest's holder count is out of. */
  readonly people: number;
  /** The mentees, in id order. */
  readonly members: readonly GroupMemberDetail[];
}

/** Everything the committee's report shows. */
export interface ReportModel {
  readonly programName: string;
  readonly inputSha256: string;
  readonly solver: string;
  readonly totalScore: number;
  readonly counts: ReportCounts;
  readonly histogram: readonly HistogramBin[];
  readonly choiceRanks: ChoiceRankDistribution;
  readonly regionMix: readonly MixRow[];
  readonly communitySizeMix: readonly MixRow[];
  readonly fairness: FairnessReport;
  /** Null when the run did not audit stability. */
  readonly stability: StabilityReport | null;
  /** Null when the run did not measure the weights' sensitivity. */
  readonly sensitivity: SensitivityReport | null;
  readonly pairs: readonly PairDetail[];
  /** True for a group-mentoring run (the program's shape, or any pair in a group): the reports then show the groups. */
  readonly groupRun: boolean;
  /** The groups that run, in id order; empty when not a group run. */
  readonly groups: readonly GroupDetail[];
  readonly leftOut: readonly LeftOutDetail[];
  readonly ineligible: readonly IneligibleEntry[];
  readonly rejected: readonly RejectedRow[];
  readonly warnings: readonly string[];
  readonly settings: ReportSettings;
  /** Null when the run was not compared with a previous one. */
  readonly diff: RunDiff | null;
}

/**
 * Builds the report model of one run. Pure: reads the result and the
 * context, returns new data.
 *
 * @example
 * const model = buildReportModel(result, { program, inputSha256, counts, warnings });
 * model.histogram.reduce((n, b) => n + b.count, 0) === result.pairs.length; // true
 */
export function buildReportModel(result: MatchResult, ctx: ReportContext): ReportModel {
  const { program } = ctx;
  const roads = new Map<string, RoadNotTaken>();
  for (const r of result.roadsNotTaken) roads.set(r.applicant.id, r);
  const weightSum = FACTOR_NAMES.reduce((s, f) => s + program.weights[f], 0);

  const pairs = result.pairs.map(
    (pair, i): PairDetail => ({
      index: i + 1,
      pair,
      rankLabel: pair.choiceRank === null ? '–' : ordinal(pair.choiceRank),
      rankText: rankText(pair),
      reasons: pairReasons(pair),
      factors: pair.contributions.map((c) => factorBar(c, weightSum)),
      road: roads.get(pair.mentee.id) ?? null,
    }),
  );

  const groupRun = program.shape.kind === 'group' || result.pairs.some((p) => p.group !== undefined);
  const indexOf = new Map<MatchedPair, number>(pairs.map((p) => [p.pair, p.index]));
  const groups = groupRun ? describeGroups(result).map((g, i) => groupDetail(g, i + 1, indexOf)) : [];

  const choiceRanks = choiceRankDistribution(result, program.factors.choiceRank.maxChoices);
  const regionOf = (a: Applicant): string => a.region.trim();
  const communityOf = (a: Applicant): string => communityLabel(a.communitySize, program);
  const bands = program.factors.communitySize.bands;
  return {
    programName: program.name,
    inputSha256: ctx.inputSha256,
    solver: result.solver,
    totalScore: result.totalScore,
    counts: countAll(result, ctx, groups.length),
    histogram: scoreHistogram(result.pairs.map((p) => p.score)),
    choiceRanks,
    regionMix: mix(result, regionOf, []),
    communitySizeMix: mix(result, communityOf, bands),
    fairness: {
      choiceRanks,
      byRegion: fairnessGroups(result, regionOf, []),
      byCommunitySize: fairnessGroups(result, communityOf, bands),
      byDepartment: fairnessGroups(result, (a) => a.department.trim(), []),
    },
    stability: result.stability === undefined ? null : stabilityReport(result.stability),
    sensitivity: result.sensitivity === undefined ? null : sensitivityReport(result.sensitivity, result.pairs.length),
    pairs,
    groupRun,
    groups,
    leftOut: result.unmatched.map((entry) => ({ entry, road: roads.get(entry.applicant.id) ?? null })),
    ineligible: result.ineligible,
    rejected: result.rejected,
    warnings: ctx.warnings,
    settings: settingsOf(result, program),
    diff: ctx.diff ?? null,
  };
}

/** A factor name in words: `goals_text` → "goals text". */
export function factorLabel(factor: string): string {
  return factor.replaceAll('_', ' ');
}

/** A score as the reports show it: one decimal. */
export function formatScore(score: number): string {
  return score.toFixed(SCORE_DIGITS);
}

/** A difference as the reports show it: "+1.2", "−0.4" (a true minus sign), "0.0". */
export function formatSignedScore(diff: number): string {
  const shown = formatScore(Math.abs(diff));
  if (Number(shown) === 0) return formatScore(0);
  return `${diff > 0 ? '+' : '\u2212'}${shown}`;
}

/**
 * Counts scores into ten bins of {@link HISTOGRAM_BIN_WIDTH} points: [0, 10),
 * …, [80, 90), [90, 100] — 100 falls in the last bin. A score is binned as
 * shown (rounded to {@link SCORE_DIGITS} decimal), and anything outside 0–100
 * in the first or last bin, so the bars always add up to the pairs.
 */
export function scoreHistogram(scores: readonly number[]): HistogramBin[] {
  const bins = 100 / HISTOGRAM_BIN_WIDTH;
  const counts = new Array<number>(bins).fill(0);
  for (const s of scores) {
    const shown = Number(formatScore(s));
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(shown / HISTOGRAM_BIN_WIDTH)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((count, i) => {
    const from = i * HISTOGRAM_BIN_WIDTH;
    const to = from + HISTOGRAM_BIN_WIDTH;
    return { from, to, label: `${from}–${to}`, count };
  });
}

/** Which row of the choice-rank distribution a pair falls in (its `key`). */
export function choiceRankKey(pair: MatchedPair): string {
  if (pair.choiceRank !== null) return String(pair.choiceRank);
  return pair.mentee.choices.length > 0 ? 'not_chosen' : 'no_choices';
}

function rankText(pair: MatchedPair): string {
  if (pair.choiceRank !== null) return `${ordinal(pair.choiceRank)} choice`;
  return pair.mentee.choices.length > 0 ? "not among the mentee's choices" : 'the mentee ranked no mentors';
}

/**
 * One alternative in words, the same in report.md and report.html:
 * "mentor Ann Lee (M1): score 71.2, 2nd choice — mentors Bo Chan (E7); forcing
 * it would lower the total by 3.4 (bound 2.9)". Every applicant string goes
 * through `escape`, which is the renderer's own escaper; numbers and our
 * words need none.
 */
export function describeAlternative(alt: Alternative, escape: (text: string) => string): string {
  const person = (a: Applicant): string => `${escape(a.name)} (${escape(a.id)})`;
  const rank = alt.choiceRank === null ? "not among the mentee's choices" : `${ordinal(alt.choiceRank)} choice`;
  // "mentors", not "went to": a mentor may still have places and be passed over for the total's sake.
  const holders = listInWords(alt.heldBy.map(person));
  const held = alt.heldBy.length === 0 ? 'unmatched in this run' : alt.other.role === 'mentor' ? `mentors ${holders}` : `matched with ${holders}`;
  return `${alt.other.role} ${person(alt.other)}: score ${formatScore(alt.score)}, ${rank} — ${held}; ${describeForcingCost(alt)}`;
}

/** How a team came to lead its group, in words. */
export function teamOriginText(origin: TeamOrigin): string {
  return TEAM_ORIGIN_WORDS[origin];
}

function groupDetail(g: GroupSummary, index: number, indexOf: ReadonlyMap<MatchedPair, number>): GroupDetail {
  const menteeById = new Map(g.members.map((m) => [m.pair.mentee.id, m.pair.mentee]));
  return {
    index,
    id: g.id,
    mentors: g.mentors,
    origin: g.origin,
    originText: teamOriginText(g.origin),
    size: g.members.length,
    meanScore: g.meanScore,
    minScore: g.minScore,
    commonInterests: g.commonInterests.map((c) => ({ interest: c.interest, holders: c.heldBy.length })),
    people: g.mentors.length + g.members.length,
    members: g.members.map(({ pair, withPeers }) => ({
      pair,
      pairIndex: indexOf.get(pair) ?? 0,
      rankLabel: pair.choiceRank === null ? '–' : ordinal(pair.choiceRank),
      topReasons: pair.contributions
        .filter((c) => c.points > 0)
        .slice(0, GROUP_MEMBER_REASONS)
        .map((c) => c.reason),
      withPeers: withPeers.map((s) => ({ interest: s.interest, peers: s.heldBy.map((id) => menteeById.get(id)).filter((a): a is Applicant => a !== undefined) })),
    })),
  };
}

/** The mentors of a pair: its mentor and, in a group, the group's co-mentors. */
function mentorsOf(pair: MatchedPair): readonly Applicant[] {
  return pair.group === undefined ? [pair.mentor] : [pair.mentor, ...pair.group.coMentors];
}

function factorBar(c: FactorContribution, weightSum: number): FactorBar {
  return {
    factor: c.factor,
    label: factorLabel(c.factor),
    value: c.value,
    weight: c.weight,
    points: c.points,
    maxPoints: weightSum > 0 ? (100 * c.weight) / weightSum : 0,
    reason: c.reason,
  };
}

function countAll(result: MatchResult, ctx: ReportContext, groups: number): ReportCounts {
  // A group's co-mentors are matched as much as its lead.
  const mentors = new Set(result.pairs.flatMap((p) => mentorsOf(p).map((m) => m.id)));
  const mentees = new Set(result.pairs.map((p) => p.mentee.id));
  return {
    applicants: ctx.counts.applicants,
    mentors: ctx.counts.mentors,
    mentees: ctx.counts.mentees,
    pairs: result.pairs.length,
    matched: new Set([...mentors, ...mentees]).size,
    matchedMentors: mentors.size,
    matchedMentees: mentees.size,
    unmatched: result.unmatched.length,
    ineligible: result.ineligible.length,
    rejected: result.rejected.length,
    pinned: result.pairs.filter((p) => p.pinned).length,
    groups,
  };
}

function choiceRankDistribution(result: MatchResult, maxChoices: number): ChoiceRankDistribution {
  // Ranks above the program's limit cannot come from a loaded file, but a hand-built result may hold them: show them rather than lose pairs.
  const largest = result.pairs.reduce((m, p) => Math.max(m, p.choiceRank ?? 0), maxChoices);
  const byKey = new Map<string, number>();
  for (const p of result.pairs) {
    const key = choiceRankKey(p);
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  const rows: ChoiceRankRow[] = [];
  for (let r = 1; r <= largest; r++) rows.push({ key: String(r), label: `${ordinal(r)} choice`, pairs: byKey.get(String(r)) ?? 0 });
  rows.push({ key: 'not_chosen', label: 'not among their choices', pairs: byKey.get('not_chosen') ?? 0 });
  rows.push({ key: 'no_choices', label: 'gave no choices', pairs: byKey.get('no_choices') ?? 0 });
  const unmatchedWithChoices = result.unmatched.filter((u) => u.applicant.role === 'mentee' && u.applicant.choices.length > 0).length;
  return { rows, unmatchedWithChoices };
}

/** A community-size cell as its band label when it names or falls in one, else as written. */
function communityLabel(cell: string, program: ResolvedProgram): string {
  const sizes = program.factors.communitySize;
  const band = communityBandOf(cell, sizes);
  return band >= 0 ? (sizes.bands[band] ?? cell.trim()) : cell.trim();
}

/**
 * Counts matched mentees, matched mentors (each once) and everyone left out
 * per category. Categories listed in `order` come first in that order (only
 * when anyone is in them), then the rest by count, then "(blank)".
 */
function mix(result: MatchResult, categoryOf: (a: Applicant) => string, order: readonly string[]): MixRow[] {
  const rows = new Map<string, { matchedMentees: number; matchedMentors: number; unmatched: number }>();
  const row = (a: Applicant): { matchedMentees: number; matchedMentors: number; unmatched: number } => {
    const label = categoryOf(a) || BLANK_LABEL;
    let r = rows.get(label);
    if (r === undefined) {
      r = { matchedMentees: 0, matchedMentors: 0, unmatched: 0 };
      rows.set(label, r);
    }
    return r;
  };
  const seen = new Set<string>();
  const once = (a: Applicant, role: Role): boolean => {
    const key = `${role}\u0000${a.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const p of result.pairs) {
    if (once(p.mentee, 'mentee')) row(p.mentee).matchedMentees += 1;
    for (const m of mentorsOf(p)) if (once(m, 'mentor')) row(m).matchedMentors += 1;
  }
  for (const u of result.unmatched) row(u.applicant).unmatched += 1;

  const total = (r: { matchedMentees: number; matchedMentors: number; unmatched: number }): number => r.matchedMentees + r.matchedMentors + r.unmatched;
  return ordered(rows, order, total).map(([label, r]) => ({ label, ...r }));
}

/**
 * The categories of a mix or a fairness table in the order the reports list
 * them: those in `order` first, in that order, then the rest by `size`
 * (largest first) and by name, then "(blank)".
 */
function ordered<R>(rows: ReadonlyMap<string, R>, order: readonly string[], size: (r: R) => number): [string, R][] {
  const rank = (label: string): number => {
    const i = order.indexOf(label);
    if (i >= 0) return i;
    return label === BLANK_LABEL ? order.length + 1 : order.length;
  };
  return [...rows.entries()].sort(([a, ra], [b, rb]) => rank(a) - rank(b) || size(rb) - size(ra) || a.localeCompare(b));
}

/** Pairs, mean and lowest score, and mentees left out, per group of mentees (see {@link FairnessReport}). */
function fairnessGroups(result: MatchResult, groupOf: (a: Applicant) => string, order: readonly string[]): FairnessGroup[] {
  const groups = new Map<string, { pairs: number; sum: number; min: number; unmatchedMentees: number }>();
  const group = (a: Applicant): { pairs: number; sum: number; min: number; unmatchedMentees: number } => {
    const label = groupOf(a) || BLANK_LABEL;
    let g = groups.get(label);
    if (g === undefined) {
      g = { pairs: 0, sum: 0, min: Infinity, unmatchedMentees: 0 };
      groups.set(label, g);
    }
    return g;
  };
  for (const p of result.pairs) {
    const g = group(p.mentee);
    g.pairs += 1;
    g.sum += p.score;
    g.min = Math.min(g.min, p.score);
  }
  for (const u of result.unmatched) if (u.applicant.role === 'mentee') group(u.applicant).unmatchedMentees += 1;
  return ordered(groups, order, (g) => g.pairs + g.unmatchedMentees).map(([label, g]) => ({
    label,
    pairs: g.pairs,
    meanScore: g.pairs > 0 ? g.sum / g.pairs : null,
    minScore: g.pairs > 0 ? g.min : null,
    unmatchedMentees: g.unmatchedMentees,
  }));
}

function stabilityReport(audit: StabilityAudit): StabilityReport {
  const { chosen, deferredAcceptance: da } = audit;
  return {
    blockingPairCount: audit.blockingPairCount,
    blockingPairs: audit.blockingPairs,
    unlisted: Math.max(0, audit.blockingPairCount - audit.blockingPairs.length),
    chosen,
    deferredAcceptance: da,
    note: audit.note ?? null,
    difference: {
      pairs: chosen.pairs - da.pairs,
      totalScore: chosen.totalScore - da.totalScore,
      worstScore: chosen.worstScore === null || da.worstScore === null ? null : chosen.worstScore - da.worstScore,
    },
  };
}

function sensitivityReport(sensitivity: Sensitivity, pairs: number): SensitivityReport {
  return {
    stepPercent: Math.round(SENSITIVITY_STEP * 100),
    pairs,
    rows: sensitivity.rows.map((r) => ({ factor: r.factor, label: factorLabel(r.factor), weight: r.weight, pairsChangedDown: r.pairsChangedDown, pairsChangedUp: r.pairsChangedUp })),
    note: sensitivity.note,
  };
}

function settingsOf(result: MatchResult, program: ResolvedProgram): ReportSettings {
  const shape = program.shape;
  let shapeText: string;
  switch (shape.kind) {
    case 'one_to_one':
      shapeText = 'one to one';
      break;
    case 'capacity':
      shapeText = `capacity: default ${shape.defaultCapacity}, at most ${shape.maxCapacity} mentees per mentor${shape.minGroup > 1 ? `, groups of at least ${shape.minGroup}` : ''}`;
      break;
    case 'group': {
      const teams = shape.coMentors === 'paired' ? 'mentors paired as co-mentors by shared interests' : 'co-mentors as the applications name them';
      shapeText = `group mentoring: ${shape.minSize} to ${shape.maxSize} mentees per group, ${teams} (at most ${shape.maxMentors} per group)`;
      break;
    }
  }
  return {
    weights: FACTOR_NAMES.map((factor) => ({ factor, label: factorLabel(factor), weight: program.weights[factor] })),
    minScore: program.minScore,
    shape: shapeText,
    blocked: Object.entries(result.blockedPairs)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, count]) => ({ reason, label: factorLabel(reason), count })),
  };
}
