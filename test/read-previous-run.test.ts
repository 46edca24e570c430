import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunRecord } from '../runners/build-run-record.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import type { MatchResult, MatchedPair } from '../runners/match-result.js';
import { formatProblems, type ProblemCode } from '../runners/problems.js';
import { MAX_RUN_JSON_PROBLEMS, readPreviousRun } from '../runners/read-previous-run.js';
import { makeApplicant } from './helpers/applicant.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

const SHA = 'ab'.repeat(32);
const mentor = (id: string) => makeApplicant({ id, role: 'mentor', capacity: 2 });
const mentee = (id: string) => makeApplicant({ id });
const pair = (m: string, e: string, score: number, pinned = false): MatchedPair => ({
  mentor: mentor(m),
  mentee: mentee(e),
  score,
  choiceRank: null,
  pinned,
  contributions: [],
});

/** A small result, with scores that need rounding, written the way `run` writes it. */
const result: MatchResult = {
  pairs: [pair('M1', 'E1', 71.234_567), pair('M2', 'E10', 40, true), pair('M2', 'E2', 12.5)],
  unmatched: [],
  ineligible: [],
  rejected: [],
  totalScore: 123.734_567,
  solver: 'test',
  blockedPairs: {},
  roadsNotTaken: [],
};
const recordText = buildRunRecord(result, {
  program: DEFAULT_PROGRAM,
  version: '0.1.0',
  inputFile: 'applications.csv',
  inputSha256: SHA,
  counts: { applicants: 5, mentors: 2, mentees: 3 },
  timingsMs: { load: 1 },
  warnings: [],
  pastPairs: 0,
  edits: 1,
});
const record = (): Record<string, unknown> => JSON.parse(recordText) as Record<string, unknown>;

/** A folder holding `content` as run.json. */
function folderWith(content: string | Buffer): string {
  const dir = tmp();
  writeFileSync(join(dir, 'run.json'), content);
  return dir;
}

describe('readPreviousRun: an earlier run read back', () => {
  it('reads what buildRunRecord writes: pairs, scores as rounded, pins, objective and input hash', () => {
    const dir = folderWith(recordText);
    const out = readPreviousRun(dir);
    expect(out).toEqual({
      status: 'found',
      run: {
        folder: dir,
        inputSha256: SHA,
        totalScore: 123.7346,
        pairs: [
          { mentorId: 'M1', menteeId: 'E1', score: 71.2346, pinned: false },
          { mentorId: 'M2', menteeId: 'E10', score: 40, pinned: true },
          { mentorId: 'M2', menteeId: 'E2', score: 12.5, pinned: false },
        ],
        unmatchedIds: [],
      },
    });
  });

  it('is "none" when the folder or its run.json does not exist: a first run', () => {
    const dir = tmp();
    expect(readPreviousRun(join(dir, 'no-such-folder'))).toEqual({ status: 'none' });
    expect(readPreviousRun(dir)).toEqual({ status: 'none' });
  });

  it('accepts a record from a later version with more in it, and a byte-order mark an editor added', () => {
    const later = { ...record(), future_section: { anything: [1, 2, 3] }, pairs: (record()['pairs'] as object[]).map((p) => ({ ...p, new_key: 'x' })) };
    expect(readPreviousRun(folderWith(JSON.stringify(later))).status).toBe('found');
    expect(readPreviousRun(folderWith(`\uFEFF${recordText}`)).status).toBe('found');
  });

  it('an empty list of pairs is a run that matched nobody', () => {
    const out = readPreviousRun(folderWith(JSON.stringify({ ...record(), pairs: [], objective: 0 })));
    expect(out.status === 'found' && out.run.pairs).toEqual([]);
  });

  it('a hostile nesting 100,000 levels deep (recursion would overflow) where nothing is read is no crash', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = recordText.replace('"tool": "mentor-match",', `"tool": "mentor-match", "deep": ${deep},`);
    expect(readPreviousRun(folderWith(text)).status).toBe('found');
  });
});

/** Sets `value` at a path of a fresh copy of the valid record (undefined deletes the key). */
function edited(path: readonly (string | number)[], value: unknown): string {
  const root = record();
  let holder: Record<string | number, unknown> = root;
  for (const seg of path.slice(0, -1)) holder = holder[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete holder[last];
  else holder[last] = value;
  return JSON.stringify(root, null, 2);
}

describe('readPreviousRun: a corrupt, foreign or hostile run.json gives problems, never a throw', () => {
  const valid = JSON.parse(recordText) as { pairs: Record<string, unknown>[] };
  const firstPair = valid.pairs[0] as Record<string, unknown>;
  it.each<{ name: string; content: string | Buffer; code: ProblemCode; column?: string; value?: string }>([
    { name: 'empty', content: '', code: 'file_empty' },
    { name: 'not JSON', content: 'pairs: none\n', code: 'json_malformed' },
    { name: 'cut short by a full disk', content: recordText.slice(0, Math.floor(recordText.length / 2)), code: 'json_malformed' },
    { name: 'not UTF-8', content: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), code: 'bad_encoding' },
    { name: 'a list, not a record', content: '[1, 2]', code: 'run_record_invalid', value: 'a list of 2 items' },
    { name: 'a bare number', content: '42', code: 'run_record_invalid', value: '42' },
    { name: "another tool's JSON", content: '{"name": "my-package", "version": "1.0.0"}', code: 'run_record_invalid', column: 'tool' },
    { name: 'another tool named', content: edited(['tool'], 'match-maker'), code: 'run_record_invalid', column: 'tool', value: 'match-maker' },
    { name: 'no pairs', content: edited(['pairs'], undefined), code: 'run_record_invalid', column: 'pairs' },
    { name: 'pairs not a list', content: edited(['pairs'], { a: 1 }), code: 'run_record_invalid', column: 'pairs' },
    { name: 'a pair not an object', content: edited(['pairs', 1], 'M2+E10'), code: 'run_record_invalid', column: 'pairs[1]', value: 'M2+E10' },
    { name: 'a score as text', content: edited(['pairs', 2, 'score'], '12.5'), code: 'run_record_invalid', column: 'pairs[2].score', value: '12.5' },
    { name: 'a score too large for a double', content: edited(['pairs', 0, 'score'], 0).replace('"score": 0', '"score": 1e400'), code: 'run_record_invalid', column: 'pairs[0].score', value: 'Infinity' },
    { name: 'a huge but finite score', content: edited(['pairs', 0, 'score'], 1e300), code: 'run_record_invalid', column: 'pairs[0].score', value: '1e+300' },
    { name: 'a negative score', content: edited(['pairs', 0, 'score'], -1), code: 'run_record_invalid', column: 'pairs[0].score', value: '-1' },
    { name: 'a numeric id', content: edited(['pairs', 0, 'mentor_id'], 17), code: 'run_record_invalid', column: 'pairs[0].mentor_id', value: '17' },
    { name: 'an empty id', content: edited(['pairs', 0, 'mentee_id'], ''), code: 'run_record_invalid', column: 'pairs[0].mentee_id', value: '' },
    { name: 'pinned missing', content: edited(['pairs', 0, 'pinned'], undefined), code: 'run_record_invalid', column: 'pairs[0].pinned' },
    { name: 'the objective as text', content: edited(['objective'], 'lots'), code: 'run_record_invalid', column: 'objective', value: 'lots' },
    { name: 'an infinite objective', content: edited(['objective'], 0).replace('"objective": 0', '"objective": -1e999'), code: 'run_record_invalid', column: 'objective', value: '-Infinity' },
    { name: 'no input section', content: edited(['input'], undefined), code: 'run_record_invalid', column: 'input' },
    { name: 'an input hash that is not one', content: edited(['input', 'sha256'], 'abc'), code: 'run_record_invalid', column: 'input.sha256', value: 'abc' },
    { name: 'the same pair twice', content: edited(['pairs', 2], firstPair), code: 'run_record_invalid', column: 'pairs[2]', value: 'M1 + E1' },
    { name: '__proto__ at the top', content: recordText.replace('"tool": "mentor-match",', '"tool": "mentor-match", "__proto__": {"isAdmin": true},'), code: 'run_record_invalid', column: '__proto__' },
    { name: '__proto__ in a pair', content: recordText.replace('"mentor_id": "M1",', '"mentor_id": "M1", "__proto__": {"score": 1},'), code: 'run_record_invalid', column: 'pairs[0].__proto__' },
    { name: '__proto__ deep in a part not read', content: recordText.replace('"tool": "mentor-match",', '"tool": "mentor-match", "x": [{"y": {"__proto__": null}}],'), code: 'run_record_invalid', column: 'x[0].y.__proto__' },
  ])('$name → $code at $column', ({ content, code, column, value }) => {
    const out = readPreviousRun(folderWith(content));
    expect(out.status).toBe('problems');
    if (out.status !== 'problems') return;
    expect(out.problems[0]).toMatchObject({ code, file: expect.stringMatching(/run\.json$/) });
    expect(out.problems[0]?.column).toBe(column);
    if (value !== undefined) expect(out.problems[0]?.value).toBe(value);
    expect(out.problems[0]?.expected.length).toBeGreaterThan(0);
    expect(formatProblems(out.problems)).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a long value is shortened in the problem', () => {
    const out = readPreviousRun(folderWith(edited(['pairs', 0, 'score'], 'x'.repeat(100_000))));
    expect(out.status === 'problems' && out.problems[0]?.value?.length).toBeLessThanOrEqual(61);
  });

  it('a file with thousands of bad pairs lists the first problems and counts the rest', () => {
    const bad = Array.from({ length: 5000 }, (_, i) => ({ mentor_id: i, mentee_id: 'E', score: 'x', pinned: 'no' }));
    const out = readPreviousRun(folderWith(edited(['pairs'], bad)));
    if (out.status !== 'problems') throw new Error(out.status);
    expect(out.problems).toHaveLength(MAX_RUN_JSON_PROBLEMS + 1);
    expect(out.problems.at(-1)?.expected).toMatch(/^14980 more problems/);
  });

  it('a file larger than the limit is not read', () => {
    const out = readPreviousRun(folderWith(recordText), { maxBytes: 100 });
    expect(out.status === 'problems' && out.problems.map((p) => p.code)).toEqual(['file_unreadable']);
  });

  it('run.json that is a folder, and a "folder" that is a file, are problems', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'run.json'));
    const asFolder = readPreviousRun(dir);
    expect(asFolder.status === 'problems' && asFolder.problems.map((p) => p.code)).toEqual(['file_unreadable']);
    const file = join(dir, 'not-a-folder.txt');
    writeFileSync(file, 'x');
    const asFile = readPreviousRun(file);
    expect(asFile.status === 'problems' && asFile.problems).toEqual([expect.objectContaining({ code: 'file_unreadable', file })]);
  });

  it('a __proto__ key pollutes nothing', () => {
    readPreviousRun(folderWith(recordText.replace('"tool": "mentor-match",', '"tool": "mentor-match", "__proto__": {"polluted": true},')));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
