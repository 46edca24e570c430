/** The bundled sample cohort, loaded as `npm start` loads it. */
import { join } from 'node:path';
import { buildRunRecord } from '../../runners/build-run-record.js';
import type { MatchResult } from '../../runners/match-result.js';
import { countApplicants, loadInputs, type LoadedInputs } from '../../runners/run-batch.js';

/** Where the sample cohort's files are. */
export const SAMPLE_FOLDER = 'fixtures/sample-cohort';

/** The sample's applications, config, history and edits, loaded and checked. */
export function loadSample(): LoadedInputs {
  return loadInputs({
    applicationsFile: join(SAMPLE_FOLDER, 'applications.csv'),
    configFile: join(SAMPLE_FOLDER, 'program.yaml'),
    historyFile: join(SAMPLE_FOLDER, 'history.csv'),
    editsFile: join(SAMPLE_FOLDER, 'edits.csv'),
  });
}

/** run.json for a result of `inputs`, as `run` writes it (timings left empty). */
export function sampleRunRecord(inputs: LoadedInputs, result: MatchResult): string {
  return buildRunRecord(result, {
    program: inputs.program,
    version: '0.1.0',
    inputFile: 'applications.csv',
    inputSha256: inputs.inputSha256,
    counts: countApplicants(inputs),
    timingsMs: {},
    warnings: inputs.warnings,
    pastPairs: inputs.pastPairs.length,
    edits: inputs.edits.length,
  });
}
