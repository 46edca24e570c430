import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePairIds, diffRuns } from '../runners/diff-runs.js';
import { matchCohort, type CohortOutcome, type PairRecord } from '../runners/match-cohort.js';
import type { MatchResult, MatchedPair } from '../runners/match-result.js';
import { readPreviousRun, type PreviousRun } from '../runners/read-previous-run.js';
import { CHANGES_CSV_HEADER, MAX_SUMMARY_CHANGE_LINES, formatDiffSummary, renderChangesCsv } from '../runners/render-run-diff.js';
import type { RunDiff } from '../runners/run-diff.js';
import type { Applicant } from '../scoring/applicant.js';
import { makeApplicant } from './helpers/applicant.js';
import { randInt, rng } from './helpers/rng.js';
import { loadSample, sampleRunRecord } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';
import { resultOf } from './helpers/result.js';

const tmp = useTmpDir();

const SHA = 'ab'.repeat(32);
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
const key = (p: { readonly mentorId: string; readonly menteeId: string }): string => `${p.mentorId}|${p.menteeId}`;
const keys = (ps: readonly { readonly mentorId: string; readonly menteeId: string }[]): Set<string> => new Set(ps.map(key));

const people = new Map<string, Applicant>();
/** One applicant per id, mentors starting with M, shared by every result so names are stable. */
function person(id: string): Applicant {
  let a = people.get(id);
  if (a === undefined) {
    a = makeApplicant({ id, role: id.startsWith('M') ? 'mentor' : 'mentee', name: `Name of ${id}`, capacity: 3 });
    people.set(id, a);
  }
  return a;
}

const pair = (mentorId: string, menteeId: string, score: number, pinned = false): MatchedPair => ({
  mentor: person(mentorId),
  mentee: person(menteeId),
  score,
  choiceRank: null,
  pinned,
  contributions: [],
});

/** A result of these pairs; `others` are in it unmatched (so their names are known). */
function pairsResult(pairs: readonly MatchedPair[], others: readonly string[] = []): MatchResult {
  return resultOf({ pairs, unmatched: others.map((id) => ({ applicant: person(id), code: 'candidates_taken', reason: 'r' })) });
}

/** What reading back the run.json of `result` gives: scores and objective rounded to 4 decimals. */
function asPrevious(result: MatchResult, folder = 'out/previous'): PreviousRun {
  return {
    folder,
    inputSha256: SHA,
    totalScore: round4(result.totalScore),
    pairs: result.pairs.map((p) => ({ mentorId: p.mentor.id, menteeId: p.mentee.id, score: round4(p.score), pinned: p.pinned })),
    unmatchedIds: result.unmatched.map((u) => u.applicant.id),
  };
}

const MENTORS = ['M1', 'M2', 'M3', 'M10'];
const MENTEES = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E9', 'E10', 'E11'];

/** Random pairs over a small cohort (each mentee at most once), so two draws overlap; scores sometimes share a base. */
function randomResult(next: () => number, base: ReadonlyMap<string, number>): MatchResult {
  const pairs: MatchedPair[] = [];
  for (const menteeId of MENTEES) {
    if (next() < 0.3) continue;
    const mentorId = MENTORS[randInt(next, 0, MENTORS.length - 1)] as string;
    const known = base.get(`${mentorId}|${menteeId}`) as number;
    // Mostly the same score as the other run (unchanged, or off in the last bits), sometimes a real change.
    const r = next();
    const score = r < 0.5 ? known : r < 0.7 ? known + (next() - 0.5) * 1e-9 : next() * 100;
    pairs.push(pair(mentorId, menteeId, Math.min(100, Math.max(0, score))));
  }
  return pairsResult(shuffle(pairs, next), [...MENTORS, ...MENTEES].filter(() => next() < 0.5));
}

function shuffle<T>(xs: readonly T[], next: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randInt(next, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function baseScores(next: () => number): Map<string, number> {
  const base = new Map<string, number>();
  for (const m of MENTORS) for (const e of MENTEES) base.set(`${m}|${e}`, next() * 100);
  return base;
}

const isSorted = (ps: readonly { readonly mentorId: string; readonly menteeId: string }[]): boolean =>
  ps.every((p, i) => i === 0 || comparePairIds(ps[i - 1] as typeof p, p) < 0);

describe('diffRuns: properties over random pairs of runs', () => {
  it('added, removed and the pairs of both cover each run exactly; totals carried; order fixed', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      const base = baseScores(next);
      const before = randomResult(next, base);
      const now = randomResult(next, base);
      const previous = asPrevious(before);
      const diff = diffRuns(previous, now);
      const prev = keys(previous.pairs);
      const cur = new Set(now.pairs.map((p) => `${p.mentor.id}|${p.mentee.id}`));
      const both = new Set([...cur].filter((k) => prev.has(k)));
      const added = keys(diff.added);
      const removed = keys(diff.removed);
      const at = `seed ${seed}`;

      expect(new Set([...added, ...both]), at).toEqual(cur);
      expect(new Set([...removed, ...both]), at).toEqual(prev);
      expect([...added].filter((k) => both.has(k)), at).toEqual([]);
      expect([...removed].filter((k) => both.has(k)), at).toEqual([]);
      expect([...added].filter((k) => removed.has(k)), at).toEqual([]);
      expect(added.size, at).toBe(diff.added.length);
      expect(removed.size, at).toBe(diff.removed.length);

      // Rescored: exactly the pairs of both whose 4-decimal scores differ, with both scores.
      const prevScore = new Map(previous.pairs.map((p) => [key(p), p.score]));
      const expectedRescored = now.pairs
        .filter((p) => both.has(`${p.mentor.id}|${p.mentee.id}`) && round4(p.score) !== prevScore.get(`${p.mentor.id}|${p.mentee.id}`))
        .map((p) => `${p.mentor.id}|${p.mentee.id}`);
      expect(keys(diff.rescored), at).toEqual(new Set(expectedRescored));
      for (const r of diff.rescored) {
        expect(r.previousScore, at).toBe(prevScore.get(key(r)));
        expect(Math.abs(r.score - r.previousScore), at).toBeGreaterThanOrEqual(0.00005);
      }

      expect(diff.totalBefore, at).toBe(previous.totalScore);
      expect(diff.totalAfter, at).toBe(now.totalScore);
      expect(diff.previous, at).toEqual({ folder: previous.folder, inputSha256: SHA, totalScore: previous.totalScore, pairs: previous.pairs.length });
      for (const list of [diff.added, diff.removed, diff.rescored]) expect(isSorted(list), at).toBe(true);

      // The order pairs come in changes nothing.
      const reordered = diffRuns({ ...previous, pairs: shuffle(previous.pairs, next) }, { ...now, pairs: shuffle(now.pairs, next) });
      expect(reordered, at).toEqual(diff);
    }
  });

  it('metamorphic: a run compared with itself read back shows no change', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed);
      const run = randomResult(next, baseScores(next));
      const diff = diffRuns(asPrevious(run), run);
      expect({ added: diff.added, removed: diff.removed, rescored: diff.rescored }, `seed ${seed}`).toEqual({ added: [], removed: [], rescored: [] });
    }
  });

  it('metamorphic: swapping the two runs swaps added and removed and the scores of rescored pairs', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed);
      const base = baseScores(next);
      const a = randomResult(next, base);
      const b = randomResult(next, base);
      const ab = diffRuns(asPrevious(a), b);
      const ba = diffRuns(asPrevious(b), a);
      const at = `seed ${seed}`;
      const idsAndScore = (ps: RunDiff['added']) => ps.map((p) => ({ mentorId: p.mentorId, menteeId: p.menteeId, score: p.score }));
      expect(idsAndScore(ab.added), at).toEqual(idsAndScore(ba.removed));
      expect(idsAndScore(ab.removed), at).toEqual(idsAndScore(ba.added));
      expect(ab.rescored.map((p) => [key(p), p.previousScore, p.score]), at).toEqual(ba.rescored.map((p) => [key(p), p.score, p.previousScore]));
    }
  });
});

describe('diffRuns: edge cases', () => {
  const previous = (scores: readonly [string, string, number][]): PreviousRun => ({
    folder: 'prev',
    inputSha256: SHA,
    totalScore: round4(scores.reduce((s, [, , x]) => s + x, 0)),
    pairs: scores.map(([mentorId, menteeId, score]) => ({ mentorId, menteeId, score, pinned: false })),
    unmatchedIds: [],
  });

  it.each([
    { name: 'the same score', before: 50, after: 50, rescored: false },
    { name: 'a change hidden by the 4 decimals run.json keeps', before: 50, after: 50.000_04, rescored: false },
    { name: 'a change rounding to the same 4 decimals from below', before: 50, after: 49.999_96, rescored: false },
    { name: 'the smallest change run.json can show', before: 50, after: 50.0001, rescored: true },
    { name: 'a real change', before: 62.5, after: 58.25, rescored: true },
  ])('$name: rescored $rescored', ({ before, after, rescored }) => {
    const diff = diffRuns(previous([['M1', 'E1', before]]), pairsResult([pair('M1', 'E1', after)]));
    expect(diff.rescored.length > 0).toBe(rescored);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
  });

  it('names a removed pair from the current input, and leaves them empty for someone no longer in it', () => {
    const diff = diffRuns(previous([['M1', 'E1', 40], ['M2', 'E2', 60]]), pairsResult([pair('M1', 'E3', 55)], ['E1', 'M2']));
    expect(diff.removed).toEqual([
      { mentorId: 'M1', menteeId: 'E1', mentorName: 'Name of M1', menteeName: 'Name of E1', score: 40 },
      { mentorId: 'M2', menteeId: 'E2', mentorName: 'Name of M2', menteeName: '', score: 60 },
    ]);
    expect(diff.added).toEqual([{ mentorId: 'M1', menteeId: 'E3', mentorName: 'Name of M1', menteeName: 'Name of E3', score: 55 }]);
  });

  it('orders ids as numbers (M2 before M10), then by mentee', () => {
    const diff = diffRuns(previous([]), pairsResult([pair('M10', 'E1', 1), pair('M2', 'E10', 1), pair('M2', 'E9', 1)]));
    expect(diff.added.map(key)).toEqual(['M2|E9', 'M2|E10', 'M10|E1']);
  });

  it('an empty previous run: everything added; an empty result: everything removed', () => {
    const run = pairsResult([pair('M1', 'E1', 30), pair('M1', 'E2', 20)]);
    expect(diffRuns(previous([]), run).added).toHaveLength(2);
    const gone = diffRuns(asPrevious(run), pairsResult([]));
    expect(gone.removed).toHaveLength(2);
    expect(gone.totalAfter).toBe(0);
  });

  it('changes nothing passed in', () => {
    const prev = previous([['M1', 'E2', 10], ['M1', 'E1', 20]]);
    const run = pairsResult([pair('M2', 'E1', 5), pair('M1', 'E1', 25)]);
    const copies = JSON.stringify([prev, run]);
    diffRuns(prev, run);
    expect(JSON.stringify([prev, run])).toBe(copies);
  });
});

describe('changes.csv and the terminal summary', () => {
  const diff: RunDiff = {
    previous: { folder: 'out/run-1', inputSha256: SHA, totalScore: 150.25, pairs: 3 },
    added: [{ mentorId: 'M3', menteeId: 'E4', mentorName: '=HYPERLINK("x")', menteeName: 'Dana', score: 70.5 }],
    removed: [{ mentorId: 'M1', menteeId: 'E1', mentorName: 'Ann', menteeName: '', score: 40 }],
    rescored: [{ mentorId: 'M2', menteeId: 'E2', mentorName: 'Bo', menteeName: 'Cy', score: 60.04, previousScore: 60.01 }],
    totalBefore: 150.25,
    totalAfter: 180.78,
  };

  it('changes.csv: one row per change, blanks where a run had no such pair, cells neutralised', () => {
    const lines = renderChangesCsv(diff).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toEqual([
      CHANGES_CSV_HEADER.join(','),
      `added,M3,"'=HYPERLINK(""x"")",E4,Dana,,70.5`,
      'removed,M1,Ann,E1,,40,',
      'rescored,M2,Bo,E2,Cy,60.01,60.04',
    ]);
  });

  it('the summary: counts, totals with the difference, one line per change with ids and no names', () => {
    const text = formatDiffSummary(diff, { inputSha256: SHA });
    expect(text.split('\n')).toEqual([
      'changes since out/run-1: 1 pair added, 1 removed, 1 rescored; total 150.3 → 180.8 (+30.5)',
      '  added    M3 + E4  score 70.5',
      '  removed  M1 + E1  score 40.0',
      '  rescored M2 + E2  score 60.01 → 60.04 (+0.03)',
    ]);
    expect(text).not.toMatch(/Ann|Dana|HYPERLINK/);
  });

  it('says when the earlier run read another input file', () => {
    expect(formatDiffSummary(diff, { inputSha256: 'cd'.repeat(32) }).split('\n')[1]).toMatch(/different applications file/);
  });

  it('no change: one line with the pairs and the total', () => {
    const same: RunDiff = { ...diff, added: [], removed: [], rescored: [], totalAfter: 150.25 };
    expect(formatDiffSummary(same, { inputSha256: SHA })).toBe('no changes since out/run-1: same 3 pairs, total 150.3');
  });

  it('a long folder path is shown whole; a long id is cut', () => {
    const folder = `/home/coordinator/${'programs/'.repeat(10)}2026-run`;
    const long = { mentorId: `M${'9'.repeat(200)}`, menteeId: 'E1', mentorName: '', menteeName: '', score: 1 };
    const text = formatDiffSummary({ ...diff, previous: { ...diff.previous, folder }, added: [long], removed: [], rescored: [] }, { inputSha256: SHA });
    expect(text).toContain(`changes since ${folder}: `);
    expect(text).toMatch(/ M9{59}… \+ E1 /);
  });

  it('a long list is cut, and the rest counted', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ mentorId: `M${i}`, menteeId: `E${i}`, mentorName: '', menteeName: '', score: 50 }));
    const lines = formatDiffSummary({ ...diff, added: many, removed: [], rescored: [], totalBefore: 0, totalAfter: 1500 }, { inputSha256: SHA }).split('\n');
    expect(lines).toHaveLength(1 + MAX_SUMMARY_CHANGE_LINES + 1);
    expect(lines.at(-1)).toBe('  … and 10 more (see changes.csv)');
  });

  it('a negative change uses the minus sign; ids from a hostile run.json cannot drive the terminal', () => {
    const hostile: RunDiff = {
      ...diff,
      added: [],
      rescored: [],
      removed: [{ mentorId: 'M1\u001b[2J', menteeId: 'E1\r\u202e', mentorName: '', menteeName: '', score: 10 }],
      totalBefore: 10,
      totalAfter: 0,
    };
    const text = formatDiffSummary(hostile, { inputSha256: SHA });
    expect(text).toContain('(−10.0)');
    expect(text).toContain('M1\\u001b[2J + E1\\u000d\\u202e');
    expect(text).not.toMatch(/[\u001b\r\u202e]/);
  });
});

describe('end to end on the sample cohort: run, committee edits, re-run, difference', () => {
  const inputs = loadSample();
  const matched = (outcome: CohortOutcome) => {
    if (outcome.status !== 'matched') throw new Error(`expected a match, got ${outcome.status}`);
    return outcome;
  };

  it('a banned pair is removed, a pinned pair added, totals are both runs\', and a plain re-run shows nothing', () => {
    const first = matched(matchCohort(inputs));
    const outDir = tmp();
    const record = sampleRunRecord(inputs, first.result);
    writeFileSync(join(outDir, 'run.json'), record);
    const read = readPreviousRun(outDir);
    if (read.status !== 'found') throw new Error(`run.json not read back: ${JSON.stringify(read)}`);
    const previous = read.run;

    // The same inputs again: nothing changed, not even in the last decimals.
    const unchanged = diffRuns(previous, matched(matchCohort(inputs)).result);
    expect([unchanged.added, unchanged.removed, unchanged.rescored]).toEqual([[], [], []]);
    expect(formatDiffSummary(unchanged, { inputSha256: inputs.inputSha256 })).toMatch(/^no changes since .*: same \d+ pairs/);

    // The committee bans a pair the run made and pins one it did not.
    const made = new Set(first.result.pairs.map((p) => `${p.mentor.id}|${p.mentee.id}`));
    const banned = first.result.pairs.find((p) => !p.pinned);
    if (banned === undefined) throw new Error('no unpinned pair to ban');
    const pinnedMentees = new Set(inputs.edits.filter((e) => e.action === 'pin').map((e) => e.menteeId));
    const pinnedMentors = new Set(inputs.edits.filter((e) => e.action === 'pin').map((e) => e.mentorId));
    const { pool, matrix } = first;
    let pin: PairRecord | undefined;
    for (let i = 0; i < pool.mentees.length && pin === undefined; i++) {
      for (let j = 0; j < pool.mentors.length && pin === undefined; j++) {
        const mentee = pool.mentees[i] as Applicant;
        const mentor = pool.mentors[j] as Applicant;
        const usable =
          matrix.reasonBlocked(i, j) === null &&
          !made.has(`${mentor.id}|${mentee.id}`) &&
          !pinnedMentees.has(mentee.id) &&
          !pinnedMentors.has(mentor.id) &&
          mentee.id !== banned.mentee.id &&
          mentor.id !== banned.mentor.id;
        if (usable) pin = { mentorId: mentor.id, menteeId: mentee.id, action: 'pin', source: { file: 'more-edits.csv', row: 2 } };
      }
    }
    if (pin === undefined) throw new Error('no pair to pin');
    const ban: PairRecord = { mentorId: banned.mentor.id, menteeId: banned.mentee.id, action: 'ban', source: { file: 'more-edits.csv', row: 3 } };
    const second = matched(matchCohort({ ...inputs, edits: [...inputs.edits, ban, pin] })).result;

    const diff = diffRuns(previous, second);
    expect(diff.removed.map(key)).toContain(key(ban));
    expect(diff.added.map(key)).toContain(key(pin));
    const removedBan = diff.removed.find((p) => key(p) === key(ban));
    expect(removedBan).toMatchObject({ mentorName: banned.mentor.name, menteeName: banned.mentee.name, score: round4(banned.score) });
    expect(diff.totalBefore).toBe(round4(first.result.totalScore));
    expect(diff.totalAfter).toBe(second.totalScore);
    expect(previous.pairs.length - diff.removed.length + diff.added.length).toBe(second.pairs.length);
    // The same input file: the scores of pairs kept do not move.
    expect(diff.rescored).toEqual([]);

    const summary = formatDiffSummary(diff, { inputSha256: inputs.inputSha256 });
    expect(summary.split('\n')[0]).toMatch(new RegExp(`^changes since ${outDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ pairs? added, \\d+ removed, 0 rescored; total `));
    expect(summary).toContain(`added    ${pin.mentorId} + ${pin.menteeId}`);
    expect(summary).toContain(`removed  ${ban.mentorId} + ${ban.menteeId}`);
    const csvRows = renderChangesCsv(diff).trimEnd().split('\r\n');
    expect(csvRows).toHaveLength(1 + diff.added.length + diff.removed.length);
  });
});
