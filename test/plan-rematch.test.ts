import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { matchCohort, type CohortInput } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import { planRematch, releaseListFromTable, type LoadedReleaseList } from '../runners/plan-rematch.js';
import type { PreviousRun } from '../runners/read-previous-run.js';
import { readTable } from '../runners/read-table.js';
import type { ResolvedProgram } from '../scoring/program.js';
import { cli } from './helpers/cli.js';
import { smallCohort } from './helpers/cohort.js';
import { randInt, rng } from './helpers/rng.js';
import { SAMPLE_FOLDER } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();
const capacityProgram: ResolvedProgram = {
  ...DEFAULT_PROGRAM,
  shape: { kind: 'capacity', defaultCapacity: 1, maxCapacity: 3, minGroup: 0 },
};

const asPrevious = (result: MatchResult): PreviousRun => ({
  folder: 'out/previous',
  inputSha256: '0'.repeat(64),
  totalScore: result.totalScore,
  pairs: result.pairs.map((p) => ({ mentorId: p.mentor.id, menteeId: p.mentee.id, score: p.score, pinned: p.pinned })),
  unmatchedIds: result.unmatched.map((u) => u.applicant.id),
});
const key = (mentorId: string, menteeId: string) => `${mentorId}|${menteeId}`;
const matched = (input: CohortInput): MatchResult => {
  const out = matchCohort(input);
  if (out.status !== 'matched') throw new Error(out.status);
  return out.result;
};

describe('rematch: released pairs are redone, every other pair stays', () => {
  it.each([
    { name: 'one-to-one', program: DEFAULT_PROGRAM },
    { name: 'capacities', program: capacityProgram },
  ])('$name: 50 random cohorts, random releases of pairs and people', ({ program }) => {
    let released = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const next = rng(seed);
      const applicants = smallCohort(seed, randInt(next, 2, 7), randInt(next, 2, 5), program);
      const input: CohortInput = { applicants, rejected: [], program, pastPairs: [], edits: [] };
      const first = matched(input);
      if (first.pairs.length === 0) continue;
      // Release one random pair, and sometimes every pair of one random mentor.
      const pair = first.pairs[randInt(next, 0, first.pairs.length - 1)];
      if (!pair) continue;
      const items: LoadedReleaseList['items'] = [
        { kind: 'pair', mentorId: pair.mentor.id, menteeId: pair.mentee.id, row: 2 },
        ...(next() < 0.5 ? [{ kind: 'person' as const, id: (first.pairs[randInt(next, 0, first.pairs.length - 1)] ?? pair).mentor.id, row: 3 }] : []),
      ];
      const plan = planRematch(asPrevious(first), { file: 'release.csv', items, problems: [] });
      expect(plan.problems).toEqual([]);
      released += plan.released.length;
      const again = matched({ ...input, edits: [...plan.pins, ...plan.bans] });
      const made = new Set(again.pairs.map((p) => key(p.mentor.id, p.mentee.id)));
      const releasedKeys = new Set(plan.released.map((p) => key(p.mentorId, p.menteeId)));
      for (const p of first.pairs) {
        const k = key(p.mentor.id, p.mentee.id);
        if (releasedKeys.has(k)) expect(made.has(k), `seed ${seed}: released ${k} made again`).toBe(false);
        else expect(made.has(k), `seed ${seed}: kept ${k} lost`).toBe(true);
      }
      // The free people are placed optimally around the kept pairs: the brute force agrees.
      const oracle = matched({ ...input, program: { ...program, solver: 'brute_force' }, edits: [...plan.pins, ...plan.bans] });
      expect(again.totalScore, `seed ${seed}`).toBeCloseTo(oracle.totalScore, 9);
    }
    expect(released).toBeGreaterThan(50);
  });

  it('a release naming a pair or person the previous run did not match is a problem with its row', () => {
    const applicants = smallCohort(3, 4, 3, DEFAULT_PROGRAM);
    const first = matched({ applicants, rejected: [], program: DEFAULT_PROGRAM, pastPairs: [], edits: [] });
    const unmatchedMentee = first.unmatched.find((u) => u.applicant.role === 'mentee')?.applicant.id ?? 'nobody';
    const plan = planRematch(asPrevious(first), {
      file: 'release.csv',
      items: [
        { kind: 'pair', mentorId: 'MTR-9999', menteeId: 'MTE-9999', row: 2 },
        { kind: 'person', id: unmatchedMentee, row: 3 },
      ],
      problems: [],
    });
    expect(plan.problems.map((p) => [p.code, p.row])).toEqual([
      ['pair_conflict', 2],
      ['pair_conflict', 3],
    ]);
  });
});

describe('rematch after someone withdrew', () => {
  it("a previous pair whose mentee is no longer in the applications is released, and the mentor is matched again", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const applicants = smallCohort(seed, 6, 3, DEFAULT_PROGRAM);
      const first = matched({ applicants, rejected: [], program: DEFAULT_PROGRAM, pastPairs: [], edits: [] });
      const gone = first.pairs[0];
      if (!gone) continue;
      const remaining = applicants.filter((a) => a.id !== gone.mentee.id);
      const plan = planRematch(asPrevious(first), { file: 'release.csv', items: [], problems: [] }, [], new Set(remaining.map((a) => a.id)));
      expect(plan.withdrawn.map((p) => key(p.mentorId, p.menteeId))).toEqual([key(gone.mentor.id, gone.mentee.id)]);
      const again = matched({ applicants: remaining, rejected: [], program: DEFAULT_PROGRAM, pastPairs: [], edits: [...plan.pins, ...plan.bans] });
      const made = new Set(again.pairs.map((p) => key(p.mentor.id, p.mentee.id)));
      for (const p of first.pairs.slice(1)) expect(made.has(key(p.mentor.id, p.mentee.id))).toBe(true);
      return;
    }
    throw new Error('no cohort had a pair');
  });
});

describe('the release list', () => {
  const applicants = smallCohort(5, 3, 2, DEFAULT_PROGRAM);
  const mentor = applicants.find((a) => a.role === 'mentor');
  const mentee = applicants.find((a) => a.role === 'mentee');
  if (!mentor || !mentee) throw new Error('cohort too small');
  const read = (csv: string) => releaseListFromTable(readTable('release.csv', csv), applicants);

  it('reads pairs and people, by id or email', () => {
    const list = read(`Mentor,Mentee\n${mentor.id},${mentee.email.toUpperCase()}\n,${mentee.id}\n${mentor.email},\n`);
    expect(list.problems).toEqual([]);
    expect(list.items).toEqual([
      { kind: 'pair', mentorId: mentor.id, menteeId: mentee.id, row: 2 },
      { kind: 'person', id: mentee.id, row: 3 },
      { kind: 'person', id: mentor.id, row: 4 },
    ]);
  });

  it.each([
    ['no mentor or mentee column', 'person\nX\n', 'missing_column'],
    ['an unknown person', 'mentor,mentee\nnobody,\n', 'unknown_reference'],
    ['a mentee in the mentor column', `mentor,mentee\n${mentee.id},\n`, 'unknown_reference'],
  ])('%s → %s', (_, csv, code) => {
    expect(read(csv).problems.map((p) => p.code)).toEqual([code]);
  });
});

describe('mentor-match rematch (the command)', () => {
  it('redoes the released pairs of the sample run, keeps every other pair, and writes the difference', async () => {
    const dir = tmp();
    const base = [join(SAMPLE_FOLDER, 'applications.csv'), '--config', join(SAMPLE_FOLDER, 'program.yaml'), '--history', join(SAMPLE_FOLDER, 'history.csv'), '--edits', join(SAMPLE_FOLDER, 'edits.csv')];
    const first = await cli('run', ...base, '--out', join(dir, 'first'));
    expect(first.code, first.err).toBe(0);
    const rows = readFileSync(join(dir, 'first', 'matches.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(','));
    const [released] = rows;
    if (!released) throw new Error('no pairs');
    writeFileSync(join(dir, 'release.csv'), `mentor,mentee\n${released[0]},${released[2]}\n`);
    const again = await cli('rematch', ...base, '--previous', join(dir, 'first'), '--release', join(dir, 'release.csv'), '--out', join(dir, 'second'));
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain(`removed  ${released[0]} + ${released[2]}`);
    const after = new Set(readFileSync(join(dir, 'second', 'matches.csv'), 'utf8').split('\r\n').slice(1).map((l) => l.split(',').slice(0, 3).join(',')));
    expect(after.has(`${released[0]},${released[1]},${released[2]}`)).toBe(false);
    for (const r of rows.slice(1)) expect(after.has(r.slice(0, 3).join(',')), `kept ${r[0]} + ${r[2]}`).toBe(true);
    expect(readFileSync(join(dir, 'second', 'changes.csv'), 'utf8')).toContain(`removed,${released[0]}`);
    // A missing release file or previous run: exit 2, the problem named once, under the option the user typed.
    const noFile = await cli('rematch', ...base, '--previous', join(dir, 'first'), '--release', join(dir, 'nope.csv'), '--out', join(dir, 'third'));
    expect(noFile.code).toBe(2);
    expect(noFile.err).toContain('[file_not_found]');
    expect(noFile.err).not.toContain('[missing_column]');
    const noRun = await cli('rematch', ...base, '--previous', join(dir, 'nowhere'), '--release', join(dir, 'release.csv'), '--out', join(dir, 'third'));
    expect(noRun.code).toBe(2);
    expect(noRun.err).toContain('column "--previous"');
  });
});

describe('rematch with the previous run as history', () => {
  it('keeps every kept pair (they are this cycle’s, not past ones) and never re-pairs a released pair', async () => {
    const dir = tmp();
    const apps = join(SAMPLE_FOLDER, 'applications.csv');
    const config = join(SAMPLE_FOLDER, 'program.yaml');
    const first = await cli('run', apps, '--config', config, '--out', join(dir, 'first'));
    expect(first.code, first.err).toBe(0);
    const rows = readFileSync(join(dir, 'first', 'matches.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(','));
    const [released] = rows;
    if (!released) throw new Error('no pairs');
    writeFileSync(join(dir, 'release.csv'), `mentor,mentee\n${released[0]},${released[2]}\n`);
    const again = await cli('rematch', apps, '--config', config, '--history', join(dir, 'first'), '--previous', join(dir, 'first'), '--release', join(dir, 'release.csv'), '--out', join(dir, 'second'));
    expect(again.code, again.err).toBe(0);
    const after = new Set(readFileSync(join(dir, 'second', 'matches.csv'), 'utf8').split('\r\n').slice(1).map((l) => l.split(',').slice(0, 3).join(',')));
    expect(after.has(`${released[0]},${released[1]},${released[2]}`)).toBe(false);
    for (const r of rows.slice(1)) expect(after.has(r.slice(0, 3).join(',')), `kept ${r[0]} + ${r[2]}`).toBe(true);
  });
});
