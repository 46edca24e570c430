#!/usr/bin/env node
/**
 * The `mentor-match` command. Exit codes: 0 success, 1 the run failed, 2 a
 * usage or input error (every problem of the input is printed together, and
 * nothing is written). `run` draws a progress bar on stderr when stderr is a
 * terminal (runners/progress-bar.ts), never in a file or a pipe.
 */
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { writePool } from '../fixtures/generate-pool.js';
import { plural } from '../scoring/words.js';
import { createLogger } from './logger.js';
import { createProgressBar } from './progress-bar.js';
import { explainPerson } from './explain-person.js';
import { formatProblems, InputError } from './problems.js';
import { prepareCohort } from './match-cohort.js';
import { readMatrixFile } from './read-matrix.js';
import { formatDiffSummary } from './render-run-diff.js';
import { solveMatrix } from './solve-matrix.js';
import { formatNumber, toCsv } from './write-csv.js';
import { loadInputs, runBatch } from './run-batch.js';
import { packageVersion } from './version.js';
import { writeStarter } from './write-starter.js';

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const positiveInt = (flag: string) => (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a whole number of 0 or more`);
  return n;
};

const threadCount = (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--threads takes a whole number of 1 or more (1: score on the main thread only)');
  return n;
};

/**
 * The files a run wrote, for its summary line: a subfolder is named once
 * with its count (emails/ holds one message per matched person).
 */
export function describeWritten(files: readonly string[]): string {
  const entries: string[] = [];
  const inFolder = new Map<string, number>();
  for (const file of files) {
    const slash = file.indexOf('/');
    if (slash < 0) {
      entries.push(file);
      continue;
    }
    const folder = file.slice(0, slash + 1);
    if (!inFolder.has(folder)) entries.push(folder);
    inFolder.set(folder, (inFolder.get(folder) ?? 0) + 1);
  }
  return entries.map((e) => (inFolder.has(e) ? `${e} (${plural(inFolder.get(e) ?? 0, 'file')})` : e)).join(', ');
}

/** Options of `run` (and of `rematch`, which sets `compare` and `release`). */
interface RunOptions {
  readonly config?: string;
  readonly out: string;
  readonly history?: string;
  readonly edits?: string;
  readonly skipInvalidRows?: boolean;
  readonly exportMatrix?: boolean;
  readonly force?: boolean;
  readonly compare?: string;
  readonly release?: string;
  readonly threads?: number;
  readonly progress: boolean;
  readonly anonymize?: boolean;
}

/** Builds the command tree; `run` resolves to an exit code instead of exiting, so tests can call it. */
export function buildCli(
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  status: { code: number } = { code: EXIT.ok },
): Command {
  const version = packageVersion();
  const cli = new Command('mentor-match')
    .description('Exact, explainable mentor–mentee matching for formal mentorship programs.')
    .version(version)
    .addOption(new Option('--log-level <level>', 'log detail on stderr').choices(['silent', 'error', 'warn', 'info', 'debug']).default('info'))
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) })
    .exitOverride();

  const logger = (destination?: NodeJS.WritableStream & { isTTY?: boolean }) =>
    createLogger({ level: cli.opts<{ logLevel: 'info' }>().logLevel, ...(destination !== undefined ? { destination } : {}) });

  /** What `run` and `rematch` both do: one batch, then the summary, the difference and the warnings. */
  const runAction = (applications: string, o: RunOptions): void => {
    // The bar is drawn on a terminal only; log lines then go through it so they never run into it, at any log level.
    const bar = o.progress ? createProgressBar({ stream: err }) : null;
    let outcome: ReturnType<typeof runBatch>;
    try {
      outcome = runBatch({
        applicationsFile: applications,
        ...(o.config !== undefined ? { configFile: o.config } : {}),
        ...(o.history !== undefined ? { historyFile: o.history } : {}),
        ...(o.edits !== undefined ? { editsFile: o.edits } : {}),
        outDir: o.out,
        skipInvalidRows: o.skipInvalidRows === true,
        exportMatrix: o.exportMatrix === true,
        force: o.force === true,
        ...(o.compare !== undefined ? { compareWith: o.compare } : {}),
        ...(o.release !== undefined ? { releaseFile: o.release } : {}),
        ...(o.anonymize === true ? { anonymize: true } : {}),
        logger: logger(bar?.active === true ? bar.logStream : err),
        version,
        ...(o.threads !== undefined ? { threads: o.threads } : {}),
        ...(bar?.active === true ? { progress: bar.report } : {}),
      });
    } finally {
      bar?.clear();
    }
    if (outcome.status === 'solver_failed') {
      err.write(`mentor-match: the solver could not finish: ${outcome.reason}\n`);
      status.code = EXIT.failed;
      return;
    }
    const r = outcome.result;
    out.write(
      `${r.pairs.length} pairs, ${r.unmatched.length} unmatched, ${r.ineligible.length} ineligible, ${r.rejected.length} rejected rows; total score ${r.totalScore.toFixed(1)}\n` +
        `wrote ${outcome.outDir}/: ${describeWritten(outcome.files)}\n`,
    );
    if (outcome.pseudonymKey !== undefined) {
      const key = outcome.pseudonymKey;
      out.write(`anonymized: pseudonyms from the key ${key.file}${key.created ? ' (new: keep it, private, for the same pseudonyms next time)' : ''}; no emails/\n`);
    }
    if (outcome.diff !== undefined) out.write(`${formatDiffSummary(outcome.diff, { inputSha256: outcome.inputSha256 })}\n`);
    for (const w of outcome.warnings) out.write(`warning: ${w}\n`);
    // They may quote ids from that file: the terminal shows them, the log never does.
    if (outcome.ignoredPreviousRun !== undefined) err.write(`mentor-match: not compared with the earlier run: ${formatProblems(outcome.ignoredPreviousRun)}\n`);
  };

  cli
    .command('run')
    .description('match a cohort: applications (CSV, JSON or YAML) in, a folder of results out')
    .argument('<applications>', 'the applications file')
    .option('-c, --config <file>', 'program config (YAML); default: the documented defaults')
    .option('-o, --out <folder>', 'output folder (replaced as a whole when the run succeeds)', 'mentor-match-out')
    .option('--history <file>', 'past pairs never to repeat: a file (mentor, mentee[, year]) or an earlier run\'s output folder')
    .option('--edits <file>', 'committee pins and bans (mentor, mentee, action)')
    .option('--skip-invalid-rows', 'write unreadable rows to rejected.csv and match the rest, instead of stopping')
    .option('--export-matrix', 'also write score-matrix.csv (every pair\'s score) for audit')
    .option('-f, --force', 'replace the output folder even if it is not an earlier run\'s output')
    .option('--compare <folder>', 'compare with this earlier run\'s output instead of the folder being replaced')
    .option('--threads <n>', 'threads that score pairs, this one included; 1: no worker threads (default: one per core for pools of 2 million pairs or more)', threadCount)
    .option('--no-progress', 'no progress bar (it is only ever drawn when stderr is a terminal)')
    .option('--anonymize', 'pseudonyms instead of names, emails, ids and free text, to share the reports outside the committee (no emails/; the key stays beside the output folder)')
    .action((applications: string, o: RunOptions) => runAction(applications, o));

  cli
    .command('validate')
    .description('check an applications file and a config without matching')
    .argument('<applications>', 'the applications file')
    .option('-c, --config <file>', 'program config (YAML)')
    .option('--history <file>', 'past pairs file to check too')
    .option('--edits <file>', 'committee edits file to check too')
    .action((applications: string, o: { config?: string; history?: string; edits?: string }) => {
      const inputs = loadInputs({
        applicationsFile: applications,
        ...(o.config !== undefined ? { configFile: o.config } : {}),
        ...(o.history !== undefined ? { historyFile: o.history } : {}),
        ...(o.edits !== undefined ? { editsFile: o.edits } : {}),
      });
      for (const w of inputs.warnings) err.write(`warning: ${w}\n`);
      const prepared = prepareCohort(inputs);
      switch (prepared.status) {
        case 'input_problems':
          throw new InputError(prepared.problems);
        case 'solver_failed':
          err.write(`mentor-match: ${prepared.reason}\n`);
          status.code = EXIT.failed;
          return;
        case 'ready':
          break;
      }
      for (const w of prepared.warnings) err.write(`warning: ${w}\n`);
      const { ineligible } = prepared;
      const mentors = inputs.applicants.filter((a) => a.role === 'mentor').length;
      out.write(
        `ok: ${inputs.applicants.length} applicants (${mentors} mentors, ${inputs.applicants.length - mentors} mentees); ` +
          `${ineligible.length} would be ineligible; ${inputs.pastPairs.length} past pairs, ${inputs.edits.length} edits\n`,
      );
    });

  cli
    .command('rematch')
    .description('redo released pairs mid-program: every other pair of the previous run stays, released pairs are never made again')
    .argument('<applications>', 'the applications file the previous run read (people may have been added)')
    .requiredOption('--previous <folder>', 'the output folder of the run to rematch')
    .requiredOption('--release <file>', 'pairs or people to release (columns mentor, mentee: both for a pair, one for every pair of that person)')
    .option('-c, --config <file>', 'program config (YAML); default: the documented defaults')
    .option('-o, --out <folder>', 'output folder for the new matching (replaced as a whole when it succeeds)', 'mentor-match-rematch')
    .option('--history <file>', 'past pairs never to repeat: a file (mentor, mentee[, year]) or an earlier run\'s output folder')
    .option('--edits <file>', 'committee pins and bans (mentor, mentee, action)')
    .option('-f, --force', "replace the output folder even if it is not an earlier run's output")
    .option('--threads <n>', 'threads that score pairs, this one included', threadCount)
    .option('--no-progress', 'no progress bar (it is only ever drawn when stderr is a terminal)')
    .option('--anonymize', 'pseudonyms instead of names, emails, ids and free text, to share the reports outside the committee (no emails/; the key stays beside the output folder)')
    .action((applications: string, o: RunOptions & { previous: string }) => runAction(applications, { ...o, compare: o.previous }));

  cli
    .command('explain')
    .description("one person of a run: their pair factor by factor, their best alternatives and what forcing each would cost the total, or why they were left out")
    .argument('<run-folder>', 'the output folder of `mentor-match run`')
    .argument('<who>', "the person's id or email")
    .action((folder: string, who: string) => {
      const explained = explainPerson(folder, who);
      if (explained.status === 'problems') throw new InputError(explained.problems);
      out.write(`${explained.lines.join('\n')}\n`);
    });

  cli
    .command('init')
    .description('write a starter program.yaml and an empty applications.csv template')
    .argument('[folder]', 'where to write them', '.')
    .option('-f, --force', 'overwrite existing files')
    .action((folder: string, o: { force?: boolean }) => {
      const outcome = writeStarter(folder, { force: o.force === true });
      if (outcome.problems.length > 0) throw new InputError(outcome.problems);
      out.write(`wrote ${outcome.written.join(', ')}\n`);
    });

  cli
    .command('solve')
    .description('optimal assignment of a raw score or cost matrix (CSV; blank or x = not allowed)')
    .argument('<matrix>', 'CSV grid of numbers; optional column labels in row 1 and row labels in column A')
    .option('--minimize', 'the numbers are costs to minimise (default: scores to maximise)')
    .option('--allow-unmatched', 'let rows and columns stay unassigned when that is better (default: every row of the smaller side is placed)')
    .option('--json', 'print the full solution, with dual prices, as JSON')
    .option('-o, --out <file>', 'write the solution to a file: JSON if it ends in .json, else CSV pairs')
    .action((matrixFile: string, o: { minimize?: boolean; allowUnmatched?: boolean; json?: boolean; out?: string }) => {
      const read = readMatrixFile(matrixFile);
      if (read.matrix === null) throw new InputError(read.problems);
      const solved = solveMatrix(read.matrix, { sense: o.minimize === true ? 'min' : 'max', allowUnmatched: o.allowUnmatched === true });
      if (solved.status !== 'optimal') {
        err.write(`mentor-match: no assignment: ${solved.reason}\n`);
        status.code = EXIT.failed;
        return;
      }
      const sol = solved.solution;
      const json = `${JSON.stringify(sol, null, 2)}\n`;
      const csv = toCsv(['row', 'column', 'value'], sol.pairs.map((p) => [p.row, p.col, p.value]));
      if (o.out !== undefined) writeFileSync(o.out, o.out.toLowerCase().endsWith('.json') ? json : csv);
      else out.write(o.json === true ? json : csv.replace(/^\uFEFF/, ''));
      err.write(`${sol.pairs.length} pairs; objective ${formatNumber(sol.objective)} (${sol.sense === 'max' ? 'maximised' : 'minimised'})\n`);
    });

  cli
    .command('generate')
    .description('write a seeded synthetic applications pool of any size (CSV)')
    .requiredOption('--mentees <n>', 'number of mentees', positiveInt('--mentees'))
    .requiredOption('--mentors <n>', 'number of mentors', positiveInt('--mentors'))
    .option('--seed <n>', 'random seed (same seed, same file)', positiveInt('--seed'), 1)
    .option('-o, --out <file>', 'output CSV', 'applications.csv')
    .option('-f, --force', 'overwrite the output file if it exists')
    .action(async (o: { mentees: number; mentors: number; seed: number; out: string; force?: boolean }) => {
      if (existsSync(o.out) && o.force !== true) {
        throw new InputError([{ code: 'file_exists', file: o.out, column: '--out', expected: 'a file name not yet taken (or --force to overwrite it)' }]);
      }
      mkdirSync(dirname(resolve(o.out)), { recursive: true });
      await writePool({ seed: o.seed, mentees: o.mentees, mentors: o.mentors }, o.out);
      out.write(`wrote ${o.out}: ${o.mentees} mentees, ${o.mentors} mentors (seed ${o.seed})\n`);
    });

  return cli;
}

/** Runs the CLI on `argv` and returns the exit code. */
export async function main(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const status = { code: EXIT.ok as number };
  const cli = buildCli(out, err, status);
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return status.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof InputError) {
      err.write(`mentor-match: ${e.message}\n`);
      return EXIT.usage;
    }
    const fsError = e as NodeJS.ErrnoException;
    if (typeof fsError.code === 'string' && typeof fsError.syscall === 'string') {
      // The system refused a path the user gave (no such folder, no permission, disk full): say which, without a trace.
      err.write(`mentor-match: cannot ${fsError.syscall} ${fsError.path ?? ''}: ${fsError.code}\n`);
      return EXIT.usage;
    }
    err.write(`mentor-match: internal error — please report it with the command you ran.\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failed;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
