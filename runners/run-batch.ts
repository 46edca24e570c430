/**
 * The batch run: files in, a complete output folder out. Loads and validates
 * every input (all problems of a file together), matches the cohort, renders
 * every output, and writes the folder atomically. Nothing is written when an
 * input is bad. A run into the folder of an earlier one (or with
 * `compareWith`) also says what changed since: changes.csv, a section of
 * both reports, and the outcome's `diff`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { Applicant } from '../scoring/applicant.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { plural } from '../scoring/words.js';
import { checkColumns, checkCommunitySizes } from './check-columns.js';
import { checkOutputFolder } from './check-output-folder.js';
import { readableFolder, recoverFolder, writeFolderAtomically } from './atomic-folder.js';
import { diffRuns } from './diff-runs.js';
import { loadApplications } from './load-applications.js';
import { DEFAULT_PROGRAM, loadProgramConfig } from './load-config.js';
import { loadPairs } from './load-pairs.js';
import { matchCohort, type PairRecord } from './match-cohort.js';
import type { MatchResult, RejectedRow } from './match-result.js';
import { InputError, type Problem } from './problems.js';
import type { ReportProgress, RunPhase } from './progress-bar.js';
import { readPreviousRun, type PreviousPair, type PreviousRun } from './read-previous-run.js';
import { RUN_RECORD_FILE } from './read-run-record.js';
import { renderRunFiles } from './render-run-files.js';
import type { RunDiff } from './run-diff.js';
import { round4 } from './write-csv.js';
import { loadReleaseList, planRematch } from './plan-rematch.js';
import { anonymizedKeyOf, comparableEarlierRun, createAnonymizer, pseudonymsForRun } from './anonymize-result.js';
import { forbidInLogs, personalValues } from './logger.js';
import { openPseudonymKey } from './pseudonym-key.js';
import { measureWeightSensitivity } from './measure-weight-sensitivity.js';

/** What `mentor-match run` is asked to do. */
export interface BatchOptions {
  readonly applicationsFile: string;
  /** Program config YAML; omitted: the documented defaults. */
  readonly configFile?: string;
  readonly outDir: string;
  /** Past pairs (never re-paired when the program says so). */
  readonly historyFile?: string;
  /** Committee pins and bans. */
  readonly editsFile?: string;
  /** Skip unreadable rows into rejected.csv instead of stopping (default false). */
  readonly skipInvalidRows?: boolean;
  /** Also write score-matrix.csv for audit (default false). */
  readonly exportMatrix?: boolean;
  /** Replace an output folder that is neither empty nor an earlier run's output (default false). */
  readonly force?: boolean;
  /**
   * An earlier run's output folder to compare with (its run.json must be
   * readable, else nothing is written). Default: the earlier run in the
   * output folder, when there is one.
   */
  readonly compareWith?: string;
  /**
   * A rematch: the release list (pairs or people) of the run in
   * `compareWith`, which must then be given. Every pair of that run not
   * released is pinned, every released pair banned (see plan-rematch.ts).
   */
  readonly releaseFile?: string;
  readonly logger: Logger;
  /** Package version recorded in run.json. */
  readonly version: string;
  /** Threads to score with, the main thread included; default: by pool size and cores (see buildScoreMatrix). */
  readonly threads?: number;
  /** Told which phase the run is in and how far it has come, e.g. for a progress bar on a terminal. */
  readonly progress?: ReportProgress;
  /**
   * Write the folder with stable pseudonyms instead of names, emails, ids
   * and free text, to share outside the committee (anonymize-result.ts),
   * and no emails/. The pseudonym key is kept beside the output folder
   * (pseudonym-key.ts). Default false.
   */
  readonly anonymize?: boolean;
}

/** What a batch run ends in; input errors carry every problem found. */
export type BatchOutcome =
  | {
      readonly status: 'written';
      readonly outDir: string;
      /** The result as written: with `anonymize`, under pseudonyms. */
      readonly result: MatchResult;
      /** Every file written, relative to the folder (`emails/…` for each message). */
      readonly files: readonly string[];
      /** SHA-256 of the applications file, e.g. for formatDiffSummary (render-run-diff.ts). */
      readonly inputSha256: string;
      /** What changed since the earlier run compared with; absent when there was none. */
      readonly diff?: RunDiff;
      /**
       * Warnings about the run rather than its inputs (emails that need staff
       * attention, an earlier run.json that could not be read): counts only,
       * already logged.
       */
      readonly warnings: readonly string[];
      /**
       * Why the run.json in the output folder was not compared with. These may
       * quote ids from that file: for the terminal, never the log.
       */
      readonly ignoredPreviousRun?: readonly Problem[];
      /** An anonymized run: the pseudonym key file it used, and whether it made it. */
      readonly pseudonymKey?: { readonly file: string; readonly created: boolean };
    }
  | { readonly status: 'solver_failed'; readonly reason: string };

/** Loaded and validated inputs of a run, shared by `run` and `validate`. */
export interface LoadedInputs {
  readonly program: ResolvedProgram;
  readonly applicants: readonly Applicant[];
  readonly rejected: readonly RejectedRow[];
  readonly pastPairs: readonly PairRecord[];
  readonly edits: readonly PairRecord[];
  readonly inputSha256: string;
  readonly warnings: readonly string[];
  /** Ids an earlier run given as `--history` left out: they get `priority.unmatched_last_cycle`. */
  readonly leftOutLastCycle: readonly string[];
  /** Group mentoring in a rematch: the previous run's teams, kept (see CohortInput). */
  readonly keptTeams?: readonly (readonly string[])[];
}

/** The applicant counts the reports and run.json show: every input row, then the readable rows by role. */
export function countApplicants(inputs: Pick<LoadedInputs, 'applicants' | 'rejected'>): { applicants: number; mentors: number; mentees: number } {
  const mentors = inputs.applicants.filter((a) => a.role === 'mentor').length;
  return { applicants: inputs.applicants.length + inputs.rejected.length, mentors, mentees: inputs.applicants.length - mentors };
}

/** Whether `path` is an earlier run's output folder (it holds run.json): history may be given as one. */
function isRunFolder(path: string | undefined): path is string {
  return path !== undefined && existsSync(join(readableFolder(path), RUN_RECORD_FILE)) && statSync(readableFolder(path)).isDirectory();
}

/**
 * What an earlier run tells the next cycle: its pairs, as past pairs
 * (`--history` may name that run's folder instead of a pairs file; people
 * no longer in the pool are simply not paired again, as with a history
 * file), and who it left out (for `priority.unmatched_last_cycle`).
 */
function historyOfRun(folder: string, problems: Problem[]): { pastPairs: PairRecord[]; leftOut: readonly string[] } {
  const read = readPreviousRun(folder);
  if (read.status === 'problems') {
    for (const p of read.problems) problems.push(p); // not push(...): a file can hold more problems than the call stack has room for
    return { pastPairs: [], leftOut: [] };
  }
  if (read.status === 'none') return { pastPairs: [], leftOut: [] };
  const file = join(folder, RUN_RECORD_FILE);
  if (anonymizedKeyOf(folder) !== null) {
    // Its pairs are pseudonyms: they would match nobody, and past pairs would be made again.
    problems.push({ code: 'run_record_invalid', file, column: '--history', expected: "the committee's own run (this one is anonymized: its ids are pseudonyms)" });
    return { pastPairs: [], leftOut: [] };
  }
  // A group's mentee was mentored by every mentor of the group.
  const pastPairs = read.run.pairs.flatMap((p, index) => [p.mentorId, ...(p.coMentorIds ?? [])].map((mentorId) => ({ mentorId, menteeId: p.menteeId, source: { file, row: index + 1 } })));
  return { pastPairs, leftOut: read.run.unmatchedIds };
}

/**
 * Loads the config, the applications and the pairs files. Throws
 * {@link InputError} with every problem found (of all files) unless rows may
 * be skipped, in which case row problems become rejected rows.
 */
export function loadInputs(options: Omit<BatchOptions, 'outDir' | 'logger' | 'version'>): LoadedInputs {
  const problems: Problem[] = [];
  let program = DEFAULT_PROGRAM;
  if (options.configFile !== undefined) {
    const loaded = loadProgramConfig(options.configFile);
    for (const p of loaded.problems) problems.push(p);
    program = loaded.program;
  }
  if (problems.length > 0) throw new InputError(problems);

  const file = options.applicationsFile;
  const { progress } = options;
  const apps = loadApplications(file, program, progress === undefined ? undefined : (done, total) => progress('loading', done, total));
  const columns = checkColumns(file, program, apps.columns);
  const rowProblems = apps.rejectedRows.flatMap((r) => r.problems);
  const inRows = new Set(rowProblems);
  const fileProblems = [...apps.problems.filter((p) => !inRows.has(p)), ...columns.problems];
  if (fileProblems.length > 0 || (rowProblems.length > 0 && options.skipInvalidRows !== true)) {
    throw new InputError([...fileProblems, ...rowProblems]);
  }
  if (apps.applicants.length + apps.rejectedRows.length !== apps.rowsRead) {
    // Every row read must be an applicant or a rejected row: nobody is lost at the door either.
    throw new Error(`internal error: ${apps.rowsRead} rows read but ${apps.applicants.length} applicants and ${apps.rejectedRows.length} rejected rows`);
  }
  const rejected: RejectedRow[] = apps.rejectedRows.map((r) => ({ ...r, file }));

  const warnings = [...apps.warnings, ...columns.warnings, ...checkCommunitySizes(file, apps.applicants, program)];
  const toRecords = (pairsFile: string | undefined, kind: 'history' | 'edits'): PairRecord[] => {
    if (pairsFile === undefined) return [];
    const loaded = loadPairs(pairsFile, kind, apps.applicants);
    for (const p of loaded.problems) problems.push(p);
    warnings.push(...loaded.warnings);
    return loaded.pairs.map((p) => ({
      mentorId: p.mentorId,
      menteeId: p.menteeId,
      ...(p.action !== undefined ? { action: p.action } : {}),
      source: { file: pairsFile, row: p.row },
    }));
  };
  const lastRun = isRunFolder(options.historyFile) ? historyOfRun(options.historyFile, problems) : null;
  const pastPairs = lastRun?.pastPairs ?? toRecords(options.historyFile, 'history');
  const edits = toRecords(options.editsFile, 'edits');
  if (problems.length > 0) throw new InputError(problems);

  const inputSha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  return { program, applicants: apps.applicants, rejected, pastPairs, edits, inputSha256, warnings, leftOutLastCycle: lastRun?.leftOut ?? [] };
}


/**
 * The earlier run a run is compared with, read before anything is written
 * (the atomic write replaces the output folder, and its run.json with it).
 */
type EarlierRun =
  | { readonly status: 'found'; readonly run: PreviousRun }
  /** Nothing to compare with: a first run into this folder. */
  | { readonly status: 'none' }
  /** The output folder's run.json cannot be read: a warning, the run goes on without a comparison. */
  | { readonly status: 'ignored'; readonly problems: readonly Problem[] }
  /** `--compare`'s folder holds no usable run.json: an input error. */
  | { readonly status: 'refused'; readonly problems: readonly Problem[] };

/**
 * `--compare`'s run when given, else the one in the output folder — read
 * only when the folder may be replaced (`outputAccepted`), since a refused
 * folder is none of the run's business.
 */
function readEarlierRun(outDir: string, compareWith: string | undefined, outputAccepted: boolean, option: '--compare' | '--previous'): EarlierRun {
  if (compareWith === undefined) {
    if (!outputAccepted) return { status: 'none' };
    const read = readPreviousRun(outDir);
    return read.status === 'problems' ? { status: 'ignored', problems: read.problems } : read;
  }
  const read = readPreviousRun(compareWith);
  switch (read.status) {
    case 'found':
      return read;
    case 'none':
      return {
        status: 'refused',
        problems: [
          {
            code: 'file_not_found',
            file: join(compareWith, RUN_RECORD_FILE),
            column: option,
            value: compareWith,
            expected: `the output folder of an earlier run, holding its ${RUN_RECORD_FILE}`,
          },
        ],
      };
    case 'problems':
      return { status: 'refused', problems: read.problems };
  }
}

/**
 * For a rematch (`releaseFile`), the inputs with the plan's pins and bans
 * added to the committee's edits; otherwise the inputs as they are.
 */
function withRematch(inputs: LoadedInputs, options: BatchOptions, earlier: EarlierRun): LoadedInputs {
  if (options.releaseFile === undefined) return inputs;
  if (earlier.status !== 'found' || options.compareWith === undefined) {
    throw new InputError([{ code: 'file_not_found', file: options.compareWith ?? '--previous', column: '--previous', expected: 'the output folder of the run to rematch (it holds run.json)' }]);
  }
  const release = loadReleaseList(options.releaseFile, inputs.applicants);
  const plan = planRematch(earlier.run, release, inputs.edits, new Set(inputs.applicants.map((a) => a.id)));
  const problems = [...release.problems, ...plan.problems];
  if (problems.length > 0) throw new InputError(problems);
  const withdrawn =
    plan.withdrawn.length === 0
      ? []
      : [`${plural(plan.withdrawn.length, 'pair')} of the previous run name someone no longer in the applications file: released, and the other person matched again`];
  // A pair the rematch keeps is this cycle's, not a past one: a history naming the previous run must not exclude it.
  const keptMentees = new Set(plan.pins.map((p) => p.menteeId));
  const teamOf = (p: PreviousPair): string[] => [p.mentorId, ...(p.coMentorIds ?? [])];
  const keptGroups = new Set(earlier.run.pairs.filter((p) => keptMentees.has(p.menteeId)).flatMap((p) => teamOf(p).map((m) => JSON.stringify([m, p.menteeId]))));
  const pastPairs = inputs.pastPairs.filter((p) => !keptGroups.has(JSON.stringify([p.mentorId, p.menteeId])));
  // Group mentoring: the previous run's groups keep their teams (re-forming them could put a released mentee back with a co-mentor).
  const teams = new Map(earlier.run.pairs.filter((p) => p.group !== undefined).map((p) => [p.group, teamOf(p)] as const));
  const present = new Set(inputs.applicants.map((a) => a.id));
  const gone = [...teams.values()].reduce((n, team) => n + (team.some((id) => present.has(id)) ? team.filter((id) => !present.has(id)).length : 0), 0);
  const goneWarning = gone === 0 ? [] : [`${plural(gone, 'mentor')} of the previous run's groups ${gone === 1 ? 'is' : 'are'} no longer in the applications file: ${gone === 1 ? 'their group goes' : 'their groups go'} on with the other mentors`];
  return {
    ...inputs,
    pastPairs,
    edits: [...inputs.edits, ...plan.pins, ...plan.bans],
    warnings: [...inputs.warnings, ...withdrawn, ...goneWarning],
    ...(teams.size === 0 ? {} : { keptTeams: [...teams.values()] }),
  };
}

/**
 * Runs the whole batch and writes the output folder.
 *
 * Phases, as reported to `options.progress` and timed in the log (ms):
 * loading (the earlier run to compare with, config, applications, pairs
 * files), scoring (eligibility, exclusions, the score matrix), solving
 * (committee pins, the assignment, a reason for everyone left out) and
 * writing (rendering every output and writing the folder).
 */
export function runBatch(options: BatchOptions): BatchOutcome {
  const log = options.logger;
  const started = performance.now();
  const progress: ReportProgress = options.progress ?? (() => {});
  progress('loading', 0, 0);
  const inputFiles = [options.applicationsFile, options.configFile, options.historyFile, options.editsFile, options.releaseFile].filter((f): f is string => f !== undefined);
  // A run killed between the two renames of its write left the previous output aside: put it back before reading it.
  recoverFolder(options.outDir);
  const outputProblems = checkOutputFolder(options.outDir, inputFiles, options.force === true);
  const earlier = readEarlierRun(options.outDir, options.compareWith, outputProblems.length === 0, options.releaseFile === undefined ? '--compare' : '--previous');
  if (outputProblems.length > 0 || earlier.status === 'refused') {
    throw new InputError([...outputProblems, ...(earlier.status === 'refused' ? earlier.problems : [])]);
  }
  const outputWarnings: string[] = [];
  if (earlier.status === 'ignored') {
    outputWarnings.push(
      `the output folder's ${RUN_RECORD_FILE} is not an earlier run's record that can be read (${plural(earlier.problems.length, 'problem')}): ` +
        'this run is not compared with it, and writes no changes.csv',
    );
  }
  if (options.releaseFile !== undefined && earlier.status === 'found' && anonymizedKeyOf(earlier.run.folder) !== null) {
    throw new InputError([
      { code: 'run_record_invalid', file: join(earlier.run.folder, RUN_RECORD_FILE), column: '--previous', expected: "the committee's own run to rematch (this one is anonymized: its ids are pseudonyms)" },
    ]);
  }
  const pseudonymKey = options.anonymize === true ? openPseudonymKey(options.outDir) : null;
  const loaded = loadInputs(options);
  forbidInLogs(log, personalValues(loaded.applicants, loaded.rejected));
  let inputs = withRematch(loaded, options, earlier);
  for (const w of [...inputs.warnings, ...outputWarnings]) log.warn(w);
  const loadedAt = performance.now();
  log.info(
    { applicants: inputs.applicants.length, rejected: inputs.rejected.length, pastPairs: inputs.pastPairs.length, edits: inputs.edits.length, ms: Math.round(loadedAt - started) },
    'inputs loaded',
  );

  // The cohort reports scoring only; its end is where solving starts.
  let scoredAt = loadedAt;
  const cohortProgress = (phase: RunPhase, done: number, total: number): void => {
    progress(phase, done, total);
    if (phase === 'scoring' && done === total) {
      scoredAt = performance.now();
      progress('solving', 0, 0);
    }
  };
  const cohort = { ...inputs, threads: options.threads, progress: cohortProgress };
  const outcome = matchCohort(cohort);
  switch (outcome.status) {
    case 'input_problems':
      throw new InputError(outcome.problems);
    case 'solver_failed':
      return { status: 'solver_failed', reason: outcome.reason };
    case 'matched':
      break;
  }
  const { pool, matrix } = outcome;
  // What preparing the cohort found (e.g. a co-mentor who is not eligible) joins the input's warnings.
  for (const w of outcome.prepared.warnings) log.warn(w);
  inputs = { ...inputs, warnings: [...inputs.warnings, ...outcome.prepared.warnings] };
  const matchedAt = performance.now();
  const sensitivityStart = matchedAt;
  const result: MatchResult = { ...outcome.result, sensitivity: measureWeightSensitivity({ ...inputs, threads: options.threads }, outcome.result, { prepared: outcome.prepared }) };
  const measuredAt = performance.now();
  const sensitivityMs = measuredAt - sensitivityStart;
  if (inputs.warnings.length > 0) log.info({ warnings: inputs.warnings.length }, 'warnings are repeated in report.md');
  log.info(
    {
      pairs: result.pairs.length,
      unmatched: result.unmatched.length,
      ineligible: result.ineligible.length,
      mentees: pool.mentees.length,
      mentors: pool.mentors.length,
      solver: result.solver,
      scoringThreads: matrix.threads,
      scoringMs: Math.round(scoredAt - loadedAt),
      solvingMs: Math.round(matchedAt - scoredAt),
      explainingMs: Math.round(outcome.explainingMs),
      sensitivityMs: Math.round(sensitivityMs),
    },
    'cohort matched',
  );

  // --anonymize: everything from here on sees the pseudonyms only.
  const anonymizer =
    pseudonymKey === null
      ? null
      : createAnonymizer(result, pseudonymsForRun(pseudonymKey, result, earlier.status === 'found' ? earlier.run : null), {
          inputFiles,
          groups: inputs.program.shape.kind === 'group',
        });
  const shown = anonymizer === null ? result : anonymizer.result();
  if (pseudonymKey !== null) log.info({ keyFile: pseudonymKey.file, keyCreated: pseudonymKey.created }, 'anonymized with pseudonyms');
  const compared = comparableEarlierRun(earlier.status === 'found' ? earlier.run : null, anonymizer);
  if (compared.warning !== undefined) {
    log.warn(compared.warning);
    outputWarnings.push(compared.warning);
  }
  const diff = compared.run === null ? undefined : diffRuns(compared.run, shown);
  if (diff !== undefined) {
    // Counts and totals only: the pairs themselves name people, and stay in the output folder.
    log.info(
      { added: diff.added.length, removed: diff.removed.length, rescored: diff.rescored.length, totalBefore: round4(diff.totalBefore), totalAfter: round4(diff.totalAfter) },
      'compared with the earlier run',
    );
  }

  // Writing: every file rendered (the emails as one step), then the folder written.
  let writingSteps = 1;
  const rendered = renderRunFiles(shown, {
    program: inputs.program,
    version: options.version,
    inputFile: basename(options.applicationsFile),
    inputSha256: inputs.inputSha256,
    counts: countApplicants(inputs),
    warnings: anonymizer === null ? inputs.warnings : anonymizer.warnings(inputs.warnings),
    pastPairs: inputs.pastPairs.length,
    edits: inputs.edits.length,
    ...(diff !== undefined ? { diff } : {}),
    rejectedCsv: options.skipInvalidRows === true,
    ...(options.exportMatrix === true ? { scoreMatrix: anonymizer === null ? { pool, matrix } : anonymizer.scoreMatrix(pool, matrix) } : {}),
    ...(anonymizer === null ? {} : { anonymized: { keyId: anonymizer.pseudonyms.keyId, originals: result } }),
    timingsMs: { load: loadedAt - started, match: matchedAt - loadedAt },
    progress: (done, steps) => {
      writingSteps = steps + 1;
      progress('writing', done, writingSteps);
    },
  });
  for (const w of rendered.warnings) log.warn(w);
  outputWarnings.push(...rendered.warnings);
  try {
    writeFolderAtomically(options.outDir, rendered.files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new InputError([{ code: 'output_refused', file: options.outDir, column: '--out', value: options.outDir, expected: `a folder the run can write (the system said ${code})` }]);
  }
  progress('writing', writingSteps, writingSteps);
  const writtenAt = performance.now();
  log.info({ files: rendered.files.size, writingMs: Math.round(writtenAt - measuredAt), ms: Math.round(writtenAt - started) }, 'outputs written');
  return {
    status: 'written',
    outDir: options.outDir,
    result: shown,
    files: [...rendered.files.keys()],
    inputSha256: inputs.inputSha256,
    ...(diff !== undefined ? { diff } : {}),
    warnings: outputWarnings,
    ...(earlier.status === 'ignored' ? { ignoredPreviousRun: earlier.problems } : {}),
    ...(pseudonymKey === null ? {} : { pseudonymKey: { file: pseudonymKey.file, created: pseudonymKey.created } }),
  };
}
