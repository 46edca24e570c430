/**
 * The CSV files of a run folder (PRODUCT.md, "Output of a run"): one
 * function per file, each a pure rendering of the match result.
 */
import type { ScoreMatrix } from '../scoring/build-score-matrix.js';
import type { ScoringPool } from '../scoring/factor.js';
import { TEAM_ORIGIN_WORDS } from '../scoring/mentor-teams.js';
import type { GroupSummary } from './describe-groups.js';
import type { MatchResult, MatchedPair } from './match-result.js';
import { formatProblem } from './problems.js';
import { toCsv } from './write-csv.js';

/** The reasons of a pair in one line: the factors that added points, largest first. */
export function pairReasons(pair: MatchedPair): string {
  const parts = pair.contributions.filter((c) => c.points > 0).map((c) => c.reason);
  if (pair.pinned) parts.unshift('pinned by the committee');
  return parts.join('; ');
}

/** Scores in matches.csv: two decimals are what a reader compares; run.json keeps four. */
const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * matches.csv: one row per pair. In a group run, one row per mentee with
 * their group first and the group's lead as mentor, then its co-mentors.
 */
export function renderMatchesCsv(result: MatchResult): string {
  if (result.pairs.some((p) => p.group !== undefined)) {
    return toCsv(
      ['group', 'mentor_id', 'mentor_name', 'co_mentor_ids', 'co_mentor_names', 'mentee_id', 'mentee_name', 'score', 'choice_rank', 'reasons'],
      result.pairs.map((p) => {
        const co = p.group?.coMentors ?? [];
        return [p.group?.id ?? '', p.mentor.id, p.mentor.name, co.map((m) => m.id).join('; '), co.map((m) => m.name).join('; '), p.mentee.id, p.mentee.name, round2(p.score), p.choiceRank, pairReasons(p)];
      }),
    );
  }
  return toCsv(
    ['mentor_id', 'mentor_name', 'mentee_id', 'mentee_name', 'score', 'choice_rank', 'reasons'],
    result.pairs.map((p) => [p.mentor.id, p.mentor.name, p.mentee.id, p.mentee.name, round2(p.score), p.choiceRank, pairReasons(p)]),
  );
}

/** groups.csv (group runs only): one row per group that runs. */
export function renderGroupsCsv(groups: readonly GroupSummary[]): string {
  return toCsv(
    ['group', 'mentor_ids', 'mentor_names', 'formed', 'mentees', 'mentee_ids', 'mentee_names', 'mean_score', 'lowest_score', 'common_interests'],
    groups.map((g) => [
      g.id,
      g.mentors.map((m) => m.id).join('; '),
      g.mentors.map((m) => m.name).join('; '),
      TEAM_ORIGIN_WORDS[g.origin],
      g.members.length,
      g.members.map((m) => m.pair.mentee.id).join('; '),
      g.members.map((m) => m.pair.mentee.name).join('; '),
      round2(g.meanScore),
      round2(g.minScore),
      g.commonInterests.map((c) => `${c.interest} (${c.heldBy.length})`).join('; '),
    ]),
  );
}

/** unmatched.csv: every eligible applicant without a match, with the reason. */
export function renderUnmatchedCsv(result: MatchResult): string {
  return toCsv(
    ['id', 'name', 'role', 'reason'],
    result.unmatched.map((u) => [u.applicant.id, u.applicant.name, u.applicant.role, u.reason]),
  );
}

/** ineligible.csv: every applicant who failed a rule; all failed rules of a person on their one row. */
export function renderIneligibleCsv(result: MatchResult): string {
  return toCsv(
    ['id', 'name', 'role', 'rule', 'detail'],
    result.ineligible.map((x) => [
      x.applicant.id,
      x.applicant.name,
      x.applicant.role,
      x.failures.map((f) => f.rule).join('; '),
      x.failures.map((f) => f.detail).join('; '),
    ]),
  );
}

/** rejected.csv: one row per problem of every row that could not be read. */
export function renderRejectedCsv(result: MatchResult): string {
  return toCsv(
    ['row', 'column', 'value', 'problem'],
    result.rejected.flatMap((r) => r.problems.map((p) => [p.row ?? r.row, p.column ?? '', p.value ?? '', formatProblem(p)])),
  );
}

/** score-matrix.csv (audit export): mentees as rows, mentors as columns; blank where a pair is not allowed. */
export function renderScoreMatrixCsv(pool: ScoringPool, matrix: ScoreMatrix): string {
  const cols = pool.mentors.length;
  return toCsv(
    ['mentee_id', ...pool.mentors.map((m) => m.id)],
    pool.mentees.map((mentee, i) => [
      mentee.id,
      ...pool.mentors.map((_, j) => (matrix.allowed[i * cols + j] === 1 ? (matrix.scores[i * cols + j] as number) : null)),
    ]),
  );
}
