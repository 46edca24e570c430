/**
 * Matches one cohort, with no file I/O: eligibility → exclusions → score
 * matrix → committee pins → optimal assignment → a reason for everyone left
 * out. The library entry point; `run-batch.ts` wraps it with files.
 *
 * @example
 * const out = matchCohort({ applicants, rejected: [], program, pastPairs: [], edits: [] });
 * if (out.status === 'matched') console.log(out.result.pairs.length);
 */
import { byId } from '../scoring/compare-ids.js';
import { hasSideConstraints, isOpen, type SideConstraints } from '../engine/side-constraints.js';
import { solverCannotTake, type SolverRequest } from '../engine/solve-assignment.js';
import type { Applicant } from '../scoring/applicant.js';
import { buildScoreMatrix, type ScoreMatrix } from '../scoring/build-score-matrix.js';
import { checkEligibility } from '../scoring/check-eligibility.js';
import type { ScoringPool } from '../scoring/factor.js';
import { findExclusions } from '../scoring/find-exclusions.js';
import { formMentorTeams, type OversizedTeam } from '../scoring/form-mentor-teams.js';
import { choiceRankOfColumn, columnOfMentorId, groupId, mentorsOfColumn, teamExclusions, teamMentors, teamPool, type MentorTeams } from '../scoring/mentor-teams.js';
import type { ResolvedProgram, SolverChoice } from '../scoring/program.js';
import {
  checkEveryoneAccounted,
  type IneligibleEntry,
  type MatchResult,
  type GroupOfPair,
  type MatchedPair,
  type RejectedRow,
  type UnmatchedEntry,
} from './match-result.js';
import { buildSideConstraints } from './build-side-constraints.js';
import { count, listInWords } from '../scoring/words.js';
import { PEAK_BYTES_PER_PAIR } from './program-defaults.js';
import type { Problem } from './problems.js';
import type { ReportProgress } from './progress-bar.js';
import { auditStability, STABILITY_AUDIT_MAX_PAIRS } from './audit-stability.js';
import { explainUnmatched } from './explain-unmatched.js';
import { withPriority } from './priority-gains.js';
import { solveCohortProblem } from './solve-cohort-problem.js';
import { findRoadsNotTaken } from './find-roads-not-taken.js';

/** A pair named in a history or edits file, already resolved to applicant ids. */
export interface PairRecord {
  readonly mentorId: string;
  readonly menteeId: string;
  readonly action?: 'pin' | 'ban';
  readonly source: { readonly file: string; readonly row: number };
  /**
   * A pin that keeps a pair of the previous run (rematch): its group runs
   * already, so it may continue below the minimum group size (a member
   * released from a group at its minimum does not force a newcomer in).
   */
  readonly kept?: boolean;
}

/** Everything one matching needs. */
export interface CohortInput {
  /** Applicants whose rows loaded cleanly. */
  readonly applicants: readonly Applicant[];
  /** Rows skipped as unreadable (only with the skip option). */
  readonly rejected: readonly RejectedRow[];
  readonly program: ResolvedProgram;
  /** Pairs made in earlier cycles. */
  readonly pastPairs: readonly PairRecord[];
  /** Committee pins and bans. */
  readonly edits: readonly PairRecord[];
  /** Threads to score with, the main thread included; default: by pool size and cores (see buildScoreMatrix). */
  readonly threads?: number;
  /** Told how far scoring has come, e.g. for a progress bar. */
  readonly progress?: ReportProgress;
  /** Ids an earlier run left out; they get the program's `priority.unmatched_last_cycle` points (priority-gains.ts). */
  readonly leftOutLastCycle?: readonly string[];
  /**
   * Group mentoring in a rematch: the teams of the previous run's groups,
   * mentor ids lead first, kept as they were (scoring/form-mentor-teams.ts).
   */
  readonly keptTeams?: readonly (readonly string[])[];
  /** Override of the exact-drop budget of the explanations (see find-roads-not-taken.ts). */
  readonly explainBudgetCells?: number;
}

/** The outcome: a result, problems with the committee's edits, or a solver failure. */
export type CohortOutcome =
  | {
      readonly status: 'matched';
      readonly result: MatchResult;
      readonly pool: ScoringPool;
      readonly matrix: ScoreMatrix;
      /** Time spent pricing the roads not taken, in ms (part of solving; logged apart). */
      readonly explainingMs: number;
      /** The cohort as prepared for the solver, for work that re-solves it (the sensitivity table). */
      readonly prepared: PreparedCohort;
    }
  | { readonly status: 'input_problems'; readonly problems: readonly Problem[] }
  | { readonly status: 'solver_failed'; readonly reason: string };

/** A cohort ready to solve: everything `validate` can check without solving. */
export interface PreparedCohort {
  readonly status: 'ready';
  readonly pool: ScoringPool;
  readonly ineligible: readonly IneligibleEntry[];
  readonly matrix: ScoreMatrix;
  /** For each mentee, the mentor column the committee pinned, or -1. */
  readonly pinnedCol: Int32Array;
  /** Each mentor's places left once the pins are placed. */
  readonly capacityLeft: Int32Array;
  /** The pairs the solver may make: the matrix's, less every pair of a pinned mentee. */
  readonly allowed: Uint8Array;
  /** Minimum group sizes and quotas, when the program sets them. */
  readonly sideConstraints: SideConstraints;
  /** What staff should know about how the cohort was prepared (e.g. a co-mentor who is not eligible); rows only, no names. */
  readonly warnings: readonly string[];
}

/** Compares ids so that "M2" sorts before "M10": the pool order must not depend on row order. */

/**
 * Eligibility → pool → exclusions → score matrix → committee pins, and a
 * check that the chosen solver can take the pool. Shared by `run` and
 * `validate`, so `validate` refuses exactly what `run` would.
 */
export function prepareCohort(input: CohortInput): PreparedCohort | Exclude<CohortOutcome, { status: 'matched' }> {
  const { program } = input;
  const file = input.applicants[0]?.source.file ?? input.rejected[0]?.file ?? '<applications>';
  const rowsRead = input.applicants.length + input.rejected.length;
  if (rowsRead > program.limits.maxApplicants) {
    return { status: 'input_problems', problems: [limitProblem(file, 'limits.max_applicants', `at most ${count(program.limits.maxApplicants)} applicants (limits.max_applicants); this file has ${count(rowsRead)}: split the cohort, or raise the limit in the config`)] };
  }
  const { eligible, ineligible } = checkEligibility(input.applicants, program);
  const people: ScoringPool = {
    mentees: eligible.filter((a) => a.role === 'mentee').sort(byId),
    mentors: eligible.filter((a) => a.role === 'mentor').sort(byId),
  };
  // Group mentoring: the columns are the teams that lead the groups.
  let teams: MentorTeams | undefined;
  const warnings: string[] = [];
  if (program.shape.kind === 'group') {
    const formed = formMentorTeams(people.mentors, program.shape, input.keptTeams ?? [], people.mentees.length);
    if (formed.status === 'oversized') return { status: 'input_problems', problems: formed.oversized.flatMap(oversizedTeamProblems) };
    teams = formed.teams;
    warnings.push(...formed.warnings);
  }
  const pool = teams === undefined ? people : teamPool(people.mentees, teams);
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  // Checked before anything of rows × cols is allocated.
  if (rows * cols > program.limits.maxPairs) {
    const gb = ((rows * cols * PEAK_BYTES_PER_PAIR) / 1e9).toFixed(1);
    const side = teams === undefined ? 'mentors' : 'mentor teams';
    return {
      status: 'input_problems',
      problems: [
        limitProblem(
          file,
          'limits.max_pairs',
          `at most ${count(program.limits.maxPairs)} possible pairs (limits.max_pairs); ${count(rows)} eligible mentees × ${count(cols)} eligible ${side} make ${count(rows * cols)}, ` +
            `which would take about ${gb} GB: split the cohort (by region or department), or raise the limit in the config if this machine has the memory`,
        ),
      ],
    };
  }
  const unfit = solverCannotTake(engineSolver(program.solver), rows, cols);
  if (unfit !== null) return { status: 'solver_failed', reason: unfit };

  const bans = input.edits.filter((e) => e.action === 'ban');
  // A supervisor chain may run through an ineligible applicant or a row that could not be read.
  const chainLinks = [
    ...input.applicants,
    ...input.rejected.flatMap((r) => (r.id !== null && r.supervisorId !== null ? [{ id: r.id, supervisorId: r.supervisorId }] : [])),
  ];
  const perMentor = findExclusions(people, program, { allApplicants: chainLinks, pastPairs: input.pastPairs, bans });
  const exclusions = teams === undefined ? perMentor : teamExclusions(perMentor, teams);
  const { progress } = input;
  const matrix = buildScoreMatrix(pool, program, exclusions, {
    threads: input.threads,
    onProgress: progress === undefined ? undefined : (done, total) => progress('scoring', done, total),
  });

  // Committee pins are fixed first; the solver places everyone else around them.
  const menteeIndex = new Map(pool.mentees.map((a, i) => [a.id, i]));
  // A pin naming any mentor of a team pins the mentee to that team's group.
  const mentorIndex = columnOfMentorId(pool);
  const capacityLeft = Int32Array.from(pool.mentors, (m) => m.capacity);
  const pinnedCol = new Int32Array(rows).fill(-1);
  const keptPins = new Int32Array(cols);
  const pinsOfColumn = new Map<number, PairRecord[]>();
  const problems: Problem[] = [];
  const grouped = teams !== undefined;
  for (const pin of input.edits.filter((e) => e.action === 'pin')) {
    const i = menteeIndex.get(pin.menteeId);
    const j = mentorIndex.get(pin.mentorId);
    const where = { file: pin.source.file, row: pin.source.row, value: `${pin.mentorId} + ${pin.menteeId}` };
    if (i === undefined || j === undefined) {
      problems.push({ ...where, code: 'pair_conflict', column: i === undefined ? 'mentee' : 'mentor', expected: 'a pin between two eligible applicants; this person is ineligible' });
      continue;
    }
    const blocked = matrix.reasonBlocked(i, j);
    if (blocked !== null && blocked !== 'below_min_score') {
      const why = grouped ? `this mentee may not join this mentor's group (${blocked} with one of its mentors)` : `this pair is excluded (${blocked})`;
      problems.push({ ...where, code: 'pair_conflict', expected: `a pin the program allows; ${why}` });
    } else if (pinnedCol[i] === j && grouped) {
      continue; // the same group pinned twice, through two of its mentors
    } else if (pinnedCol[i] !== -1) {
      problems.push({ ...where, code: 'pair_conflict', column: 'mentee', expected: 'one pin per mentee; this mentee is pinned twice' });
    } else if ((capacityLeft[j] as number) === 0) {
      problems.push({ ...where, code: 'pair_conflict', column: 'mentor', expected: `at most ${pool.mentors[j]?.capacity} pins for this mentor (their capacity)` });
    } else {
      pinnedCol[i] = j;
      capacityLeft[j] = (capacityLeft[j] as number) - 1;
      if (pin.kept === true) keptPins[j] = (keptPins[j] as number) + 1;
      pinsOfColumn.set(j, [...(pinsOfColumn.get(j) ?? []), pin]);
    }
  }
  if (problems.length > 0) return { status: 'input_problems', problems };

  const allowed = matrix.allowed.slice();
  for (let i = 0; i < rows; i++) if (pinnedCol[i] !== -1) allowed.fill(0, i * cols, (i + 1) * cols);
  const pinsPerMentor = Int32Array.from(pool.mentors, (m, j) => m.capacity - (capacityLeft[j] as number));
  const sideConstraints = buildSideConstraints(pool, program, pinsPerMentor, keptPins);
  const short = pinnedGroupsShort(pool, allowed, capacityLeft, sideConstraints, pinsOfColumn);
  if (short.length > 0) return { status: 'input_problems', problems: short };
  // The LP's size depends on the pairs left after scoring; refused here, so `validate` refuses it too.
  let allowedCount = 0;
  for (let k = 0; k < allowed.length; k++) allowedCount += allowed[k] as number;
  if (program.priority.unmatchedLastCycle > 0 && (program.objectives !== null || program.solver === 'deferred_acceptance')) {
    return {
      status: 'solver_failed',
      reason: 'priority.unmatched_last_cycle adds points to the total score the engine maximises; it cannot be combined with objectives in priority order or solver deferred_acceptance, which do not maximise that total',
    };
  }
  if (program.objectives !== null && (program.solver === 'deferred_acceptance' || hasSideConstraints(sideConstraints))) {
    return { status: 'solver_failed', reason: 'objectives in priority order cannot be combined with solver deferred_acceptance, a minimum group size (capacity.min_group, group.min_size above 1) or quotas; leave one of them out' };
  }
  if (program.solver === 'deferred_acceptance' && hasSideConstraints(sideConstraints)) {
    return { status: 'solver_failed', reason: 'solver deferred_acceptance cannot honour a minimum group size (capacity.min_group, group.min_size above 1) or quotas; use solver auto or lp with them' };
  }
  const tooLarge = solverCannotTake(engineSolver(program.solver), rows, cols, sideConstraints, allowedCount);
  if (tooLarge !== null) {
    const inGroups = teams === undefined ? '' : ` (In this group program the ${cols} "mentors" are the teams that lead groups; the minimum group size is group.min_size, and 1 removes it.)`;
    return { status: 'solver_failed', reason: `${tooLarge}${inGroups}` };
  }
  return {
    status: 'ready',
    pool,
    ineligible: [...ineligible].sort((a, b) => byId(a.applicant, b.applicant)),
    matrix,
    pinnedCol,
    capacityLeft,
    allowed,
    sideConstraints,
    warnings,
  };
}

/** The groups that run (teams given at least one mentee), by team column, numbered G1… in the order of their leads. */
function groupsThatRun(teams: MentorTeams, rowToCol: Int32Array): Map<number, GroupOfPair> {
  const running = [...new Set(Array.from(rowToCol).filter((t) => t >= 0))].sort((a, b) => a - b);
  return new Map(running.map((t, k) => [t, { id: groupId(k, running.length), coMentors: teamMentors(teams, t).slice(1), origin: teams.origins[t] ?? 'alone' }]));
}

/**
 * Pins that open a group which can never reach the program's minimum size
 * (too few places, or too few mentees allowed to join it): one problem per
 * pin of such a group, so the committee sees which pins to drop. The LP
 * would only say "infeasible".
 */
function pinnedGroupsShort(pool: ScoringPool, allowed: Uint8Array, placesLeft: Int32Array, sc: SideConstraints, pinsOfColumn: ReadonlyMap<number, readonly PairRecord[]>): Problem[] {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const problems: Problem[] = [];
  for (const [j, pins] of [...pinsOfColumn].sort(([a], [b]) => a - b)) {
    const needed = sc.minPerColumn?.[j] ?? 0;
    if (needed === 0 || !isOpen(sc, j)) continue;
    let joinable = 0;
    for (let i = 0; i < rows; i++) joinable += allowed[i * cols + j] as number;
    const more = Math.min(joinable, placesLeft[j] as number);
    if (more >= needed) continue;
    const whose = pool.teams === undefined ? `mentor ${pool.mentors[j]?.id}` : `the group of ${mentorsOfColumn(pool, j).map((m) => m.id).join(', ')}`;
    for (const pin of pins) {
      problems.push({
        code: 'pair_conflict',
        file: pin.source.file,
        row: pin.source.row,
        value: `${pin.mentorId} + ${pin.menteeId}`,
        expected: `pins that let a group reach the minimum group size: these pins open ${whose}, which needs ${needed} more mentee${needed === 1 ? '' : 's'} but only ${more} more can join it; drop the pins or pin more mentees there`,
      });
    }
  }
  return problems;
}

/** What the stability audit cannot take into account, for the reports: it ranks and proposes pair by pair. */
function stabilityNote(pool: ScoringPool, sc: SideConstraints): { note?: string } {
  const parts: string[] = [];
  if (hasSideConstraints(sc)) {
    parts.push(
      'deferred acceptance and the blocking pairs ignore the minimum group size and the quotas: the deferred-acceptance matching may break them, ' +
        'so the comparison shows what those rules cost rather than a matching the program could use',
    );
  }
  if (pool.teams !== undefined) parts.push("each group is one column, named by its lead; a group's free place is a place below its largest size");
  return parts.length === 0 ? {} : { note: parts.join('; ') };
}

/** A run past one of the program's size limits: about the whole file, named by the setting. */
function limitProblem(file: string, setting: string, expected: string): Problem {
  return { code: 'limit_exceeded', file, column: setting, expected };
}

/** A declared team too large for the program, as one problem per mentor row. */
function oversizedTeamProblems(team: OversizedTeam): Problem[] {
  const ids = team.mentors.map((m) => m.id).join(', ');
  return team.mentors.map((m) => ({
    code: 'group_too_large' as const,
    file: m.source.file,
    row: m.source.row,
    column: 'co_mentors',
    value: m.coMentors.join('; '),
    expected: `at most ${team.maxMentors} mentors leading one group (group.max_mentors); ${ids} name each other as co-mentors, ${team.mentors.length} in all`,
  }));
}

/** The engine solver a program's choice stands for when sizes are checked (deferred acceptance takes any size). */
function engineSolver(choice: SolverChoice): SolverRequest {
  return choice === 'deferred_acceptance' ? 'shortest_path' : choice;
}

/** Runs the whole matching for one cohort. */
export function matchCohort(input: CohortInput): CohortOutcome {
  const prepared = prepareCohort(input);
  if (prepared.status !== 'ready') return prepared;
  const { program } = input;
  const { pool, matrix, pinnedCol, capacityLeft: capacity, allowed, sideConstraints } = prepared;
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;

  const { progress } = input;
  const problem = { rows, cols, gains: withPriority(matrix.scores, pool, program, input.leftOutLastCycle), allowed, colCapacity: capacity };
  const outcome = solveCohortProblem(problem, pool, matrix, program, sideConstraints, {
    // The dense searches report rows placed; candidate lists and the LP run without.
    ...(progress === undefined ? {} : { progress: (done: number, total: number) => progress('solving', done, total) }),
  });
  switch (outcome.status) {
    case 'invalid':
    case 'infeasible':
      return { status: 'solver_failed', reason: outcome.reason };
    case 'optimal':
    case 'stable':
    case 'in_order':
      break;
  }
  const rowToCol = outcome.rowToCol.slice();
  for (let i = 0; i < rows; i++) if (pinnedCol[i] !== -1) rowToCol[i] = pinnedCol[i] as number;

  const pairs: MatchedPair[] = [];
  const colTaken = new Int32Array(cols);
  let totalScore = 0;
  const groups = pool.teams === undefined ? null : groupsThatRun(pool.teams, rowToCol);
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i] as number;
    if (j < 0) continue;
    const mentee = pool.mentees[i] as Applicant;
    const mentor = pool.mentors[j] as Applicant;
    const score = matrix.scores[i * cols + j] as number;
    colTaken[j] = (colTaken[j] as number) + 1;
    totalScore += score;
    const group = groups?.get(j);
    pairs.push({
      mentor,
      mentee,
      score,
      choiceRank: choiceRankOfColumn(pool, mentee, j),
      pinned: pinnedCol[i] !== -1,
      contributions: [...matrix.explainPair(i, j)].sort((a, b) => b.points - a.points || a.factor.localeCompare(b.factor)),
      ...(group === undefined ? {} : { group }),
    });
  }
  pairs.sort((a, b) => byId(a.mentor, b.mentor) || byId(a.mentee, b.mentee));

  const explainStart = performance.now();
  const roadsNotTaken = findRoadsNotTaken({
    pool,
    matrix,
    problem,
    optimum: outcome.status === 'optimal' ? outcome : null,
    rowToCol,
    pinnedCol,
    sideConstraints,
    ...(input.explainBudgetCells === undefined ? {} : { budgetCells: input.explainBudgetCells }),
  });
  const explainingMs = performance.now() - explainStart;
  const roadOf = new Map(roadsNotTaken.map((r) => [r.applicant, r]));
  const leftOut = {
    placesLeft: capacity,
    pinnedIds: new Set(pool.mentees.filter((_, i) => pinnedCol[i] !== -1).map((a) => a.id)),
    sideConstraints: hasSideConstraints(sideConstraints),
    minLeft: sideConstraints.minPerColumn ?? null,
    bestTotal: outcome.status === 'optimal',
  };
  const unmatched: UnmatchedEntry[] = [];
  for (let i = 0; i < rows; i++) {
    if (rowToCol[i] === -1) unmatched.push(explainUnmatched(pool, matrix, 'mentee', i, roadOf.get(pool.mentees[i] as Applicant), leftOut));
  }
  for (let j = 0; j < cols; j++) {
    if (colTaken[j] !== 0) continue;
    const entry = explainUnmatched(pool, matrix, 'mentor', j, roadOf.get(pool.mentors[j] as Applicant), leftOut);
    if (pool.teams === undefined) {
      unmatched.push(entry);
      continue;
    }
    // Every mentor of a team whose group did not run is left out for the same reason.
    const team = teamMentors(pool.teams, j);
    const names = listInWords(team.map((m) => m.id));
    for (const m of team) {
      unmatched.push({ ...entry, applicant: m === team[0] ? entry.applicant : m, reason: `${team.length > 1 ? `the group ${names} lead together` : 'their group'} got no mentees: ${entry.reason}` });
    }
  }

  const blockedPairs: Record<string, number> = {};
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const why = matrix.reasonBlocked(i, j);
      if (why !== null) blockedPairs[why] = (blockedPairs[why] ?? 0) + 1;
    }
  }

  const result: MatchResult = {
    pairs,
    unmatched,
    ineligible: prepared.ineligible,
    rejected: input.rejected,
    totalScore,
    solver: outcome.solver,
    blockedPairs,
    roadsNotTaken,
    ...(rows * cols <= STABILITY_AUDIT_MAX_PAIRS ? { stability: { ...auditStability(pool, matrix, problem, rowToCol, pinnedCol), ...stabilityNote(pool, sideConstraints) } } : {}),
  };
  const violations = checkEveryoneAccounted(input.applicants, input.rejected.length, result);
  for (let j = 0; j < cols; j++) {
    if ((colTaken[j] as number) > (pool.mentors[j]?.capacity ?? 0)) violations.push(`mentor ${pool.mentors[j]?.id} has more mentees than their capacity`);
  }
  if (violations.length > 0) {
    // A broken invariant is our bug, never the user's: stop rather than write a partial truth.
    throw new Error(`internal error: the result does not account for everyone:\n${violations.join('\n')}`);
  }
  return { status: 'matched', result, pool, matrix, explainingMs, prepared };
}
