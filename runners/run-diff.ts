/**
 * What changed between two runs of the same cohort — typically after the
 * committee pinned or banned pairs and ran again. Built from the previous
 * run's run.json and the new result; shown in the terminal, in the reports
 * and in changes.csv.
 */

/** One pair as it stood in one run. */
export interface DiffPair {
  readonly mentorId: string;
  readonly menteeId: string;
  /** Names from the current input; empty when the person is no longer in it. */
  readonly mentorName: string;
  readonly menteeName: string;
  /** The pair's score (0–100) in the run it belongs to. */
  readonly score: number;
}

/** A pair present in both runs whose score moved (e.g. the weights changed). */
export interface RescoredPair extends DiffPair {
  readonly previousScore: number;
}

/** The difference between a previous run and this one. */
export interface RunDiff {
  /** The previous run's folder as given, and what its run.json recorded. */
  readonly previous: { readonly folder: string; readonly inputSha256: string; readonly totalScore: number; readonly pairs: number };
  /** Pairs of this run that the previous run did not make. */
  readonly added: readonly DiffPair[];
  /** Pairs of the previous run that this run does not make (score as it was then). */
  readonly removed: readonly DiffPair[];
  /** Pairs of both runs whose score changed. */
  readonly rescored: readonly RescoredPair[];
  readonly totalBefore: number;
  readonly totalAfter: number;
}
