/**
 * Reads an earlier run's run.json back, to show the committee what changed
 * since (see diff-runs.ts). Only what the comparison needs is kept: the
 * input's SHA-256, the objective and the pairs.
 *
 * The file is the user's, not ours: it may have been edited, truncated by a
 * full disk, copied from another tool or written to cause harm. Nothing here
 * throws on its content; every problem is returned with the file, the JSON
 * path of the value as the column, the value (shortened) and what was
 * expected, as every other input of a run reports them.
 */
import * as z from 'zod';
import { MAX_RUN_JSON_PROBLEMS, readRunRecord, recordProblem, type ReadRunRecordOptions } from './read-run-record.js';
import { shortenValue, type Problem } from './problems.js';

export { MAX_RUN_JSON_BYTES, MAX_RUN_JSON_PROBLEMS, RUN_RECORD_FILE, type ReadRunRecordOptions as ReadPreviousRunOptions } from './read-run-record.js';

/** One pair as the earlier run recorded it. */
export interface PreviousPair {
  readonly mentorId: string;
  readonly menteeId: string;
  /** The score as run.json holds it: 0–100, rounded to 4 decimals. */
  readonly score: number;
  /** Whether the committee had pinned it. */
  readonly pinned: boolean;
  /** Group runs: the other mentors of the mentee's group (`mentorId` is its lead); absent or empty otherwise. */
  readonly coMentorIds?: readonly string[];
  /** Group runs: the group's id ("G01"); absent otherwise. */
  readonly group?: string;
}

/** What the comparison needs of an earlier run. */
export interface PreviousRun {
  /** The folder as given (not resolved), for messages. */
  readonly folder: string;
  /** SHA-256 of the applications file that run read: a different one means a different input. */
  readonly inputSha256: string;
  /** The run's objective (sum of its pair scores) as recorded, rounded to 4 decimals. */
  readonly totalScore: number;
  /** In file order; no pair twice. */
  readonly pairs: readonly PreviousPair[];
  /** Ids of the eligible applicants that run left out (empty when its run.json has no such list). */
  readonly unmatchedIds: readonly string[];
}

/**
 * What reading an earlier run gave: the run, nothing to compare with (the
 * folder or its run.json does not exist — a first run), or the problems
 * that make the file unusable.
 */
export type PreviousRunOutcome =
  | { readonly status: 'found'; readonly run: PreviousRun }
  | { readonly status: 'none' }
  | { readonly status: 'problems'; readonly problems: readonly Problem[] };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Only the parts compared are checked; every other key is left alone, so a
 * run.json from a later version with more in it still compares. The `error`
 * texts become the problems' `expected`, written for a program coordinator.
 */
const pairSchema = z.object(
  {
    mentor_id: z.string({ error: "the mentor's id (text)" }).min(1, { error: "the mentor's id (not empty)" }),
    mentee_id: z.string({ error: "the mentee's id (text)" }).min(1, { error: "the mentee's id (not empty)" }),
    score: z
      .number({ error: 'a finite number from 0 to 100 (the pair score)' })
      .min(0, { error: 'a pair score from 0 to 100' })
      .max(100, { error: 'a pair score from 0 to 100' }),
    pinned: z.boolean({ error: 'true or false (whether the committee pinned the pair)' }),
    group: z.string({ error: "the group's id (text)" }).optional(),
    co_mentor_ids: z.array(z.string({ error: "a co-mentor's id (text)" }), { error: "the list of the group's other mentors" }).optional(),
  },
  { error: 'a pair: an object with mentor_id, mentee_id, score and pinned' },
);

const runRecordSchema = z.object({
  input: z.object(
    { sha256: z.string({ error: 'the SHA-256 of the input file (64 hex digits)' }).regex(SHA256_HEX, { error: 'the SHA-256 of the input file (64 hex digits)' }) },
    { error: 'the input section: an object with sha256' },
  ),
  objective: z.number({ error: 'a finite number of 0 or more (the total score)' }).min(0, { error: 'a total score of 0 or more' }),
  pairs: z.array(pairSchema, { error: 'the list of pairs' }),
  unmatched: z
    .array(z.object({ id: z.string({ error: "an applicant's id (text)" }) }, { error: 'an object with id' }), { error: 'the list of people left out' })
    .optional(),
});

/**
 * Reads `<folder>/run.json`, the record an earlier `mentor-match run` wrote,
 * and keeps what the comparison needs.
 *
 * @example
 * const previous = readPreviousRun('out/sample-run');
 * switch (previous.status) {
 *   case 'found': console.log(formatDiffSummary(diffRuns(previous.run, result), { inputSha256 })); break;
 *   case 'none': break; // a first run: nothing to compare with
 *   case 'problems': throw new InputError(previous.problems);
 * }
 */
export function readPreviousRun(folder: string, options: ReadRunRecordOptions = {}): PreviousRunOutcome {
  const read = readRunRecord(folder, runRecordSchema, options);
  if (read.status !== 'found') return read;
  const { file, record } = read;
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const pairs: PreviousPair[] = [];
  record.pairs.forEach((p, index) => {
    const key = JSON.stringify([p.mentor_id, p.mentee_id]);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(recordProblem(file, ['pairs', index], `each pair once (the same pair is pairs[${first}])`, shortenValue(`${p.mentor_id} + ${p.mentee_id}`)));
      return;
    }
    seen.set(key, index);
    pairs.push({ mentorId: p.mentor_id, menteeId: p.mentee_id, score: p.score, pinned: p.pinned, ...(p.co_mentor_ids === undefined ? {} : { coMentorIds: p.co_mentor_ids }), ...(p.group === undefined ? {} : { group: p.group }) });
  });
  if (problems.length > 0) return { status: 'problems', problems: problems.slice(0, MAX_RUN_JSON_PROBLEMS) };
  const unmatchedIds = (record.unmatched ?? []).map((u) => u.id);
  return { status: 'found', run: { folder, inputSha256: record.input.sha256, totalScore: record.objective, pairs, unmatchedIds } };
}

