import { describe, expect, it } from 'vitest';
import {
  BLANK_LABEL,
  buildReportModel,
  describeAlternative,
  formatSignedScore,
  scoreHistogram,
  type ReportContext,
} from '../runners/build-report-model.js';
import type { Alternative, MatchedPair, MatchResult, RoadNotTaken, Sensitivity, StabilityAudit, UnmatchedEntry } from '../runners/match-result.js';
import type { RunDiff } from '../runners/run-diff.js';
import type { Applicant } from '../scoring/applicant.js';
import { FACTOR_NAMES } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';
import { resultOf } from './helpers/result.js';

const program = testProgram();
const REGIONS = ['North', 'South', ' South ', '', 'East <b>'];
// Band labels (any case), populations that fall in a band, blank, and text that names no band.
const SIZES = ['under 10k', 'Over 250K', '12,500', '300k', '', 'a big town', '10k-50k'];
const DEPARTMENTS = ['Finance', 'Parks', ' Parks', '', 'Clerk & <i>Legal</i>'];

/** A random but well-formed result: mentees get a mentor or are left out, mentors take up to three. */
function randomResult(seed: number): { result: MatchResult; ctx: ReportContext } {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[randInt(next, 0, xs.length - 1)] as T;
  const mentors = Array.from({ length: randInt(next, 1, 12) }, (_, i) =>
    makeApplicant({ id: `M${i + 1}`, role: 'mentor', region: pick(REGIONS), communitySize: pick(SIZES), department: pick(DEPARTMENTS), capacity: 3 }),
  );
  const mentees = Array.from({ length: randInt(next, 0, 30) }, (_, i) => {
    const choices = mentors.filter(() => next() < 0.25).map((m) => m.id).slice(0, 3);
    return makeApplicant({ id: `E${i + 1}`, region: pick(REGIONS), communitySize: pick(SIZES), department: pick(DEPARTMENTS), choices });
  });
  const load = new Map<string, number>();
  const pairs: MatchedPair[] = [];
  const unmatched: UnmatchedEntry[] = [];
  for (const mentee of mentees) {
    const mentor = pick(mentors);
    if (next() < 0.2 || (load.get(mentor.id) ?? 0) >= 3) {
      unmatched.push({ applicant: mentee, code: 'candidates_taken', reason: 'taken' });
      continue;
    }
    load.set(mentor.id, (load.get(mentor.id) ?? 0) + 1);
    // Edge scores often, anywhere in 0–100 otherwise.
    const score = next() < 0.3 ? pick([0, 100, 10, 9.96, 9.95, 9.94, 89.96, 90, 99.99]) : next() * 100;
    const at = mentee.choices.indexOf(mentor.id);
    pairs.push({ mentor, mentee, score, choiceRank: at < 0 ? null : at + 1, pinned: next() < 0.1, contributions: [] });
  }
  for (const m of mentors) if (!load.has(m.id)) unmatched.push({ applicant: m, code: 'candidates_taken', reason: 'taken' });
  const result: MatchResult = resultOf({ pairs, unmatched });
  const ctx: ReportContext = {
    program,
    inputSha256: '0'.repeat(64),
    counts: { applicants: mentors.length + mentees.length, mentors: mentors.length, mentees: mentees.length },
    warnings: [],
  };
  return { result, ctx };
}

/** The oracle's binning: by the score as shown, [0,10) … [90,100], out-of-range clamped. */
function oracleHistogram(scores: readonly number[]): number[] {
  const counts: number[] = [];
  for (let i = 0; i < 10; i++) {
    counts.push(
      scores.filter((s) => {
        const shown = Number(s.toFixed(1));
        const lo = i === 0 ? -Infinity : i * 10;
        const hi = i === 9 ? Infinity : (i + 1) * 10;
        return shown >= lo && shown < hi;
      }).length,
    );
  }
  return counts;
}

/** The oracle's community-size label: lower-cased band names and populations mapped by hand for {@link SIZES}. */
const ORACLE_SIZE: Readonly<Record<string, string>> = {
  'under 10k': 'under 10k',
  'Over 250K': 'over 250k',
  '12,500': '10k-50k',
  '300k': 'over 250k',
  '': BLANK_LABEL,
  'a big town': 'a big town',
  '10k-50k': '10k-50k',
};

function oracleMix(result: MatchResult, label: (a: Applicant) => string): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>();
  const bump = (a: Applicant, k: 0 | 1 | 2): void => {
    const l = label(a);
    const row = out.get(l) ?? [0, 0, 0];
    row[k] += 1;
    out.set(l, row);
  };
  for (const id of new Set(result.pairs.map((p) => p.mentee.id))) bump(result.pairs.find((p) => p.mentee.id === id)!.mentee, 0);
  for (const id of new Set(result.pairs.map((p) => p.mentor.id))) bump(result.pairs.find((p) => p.mentor.id === id)!.mentor, 1);
  for (const u of result.unmatched) bump(u.applicant, 2);
  return out;
}

/** The oracle's fairness groups: each pair's score and each left-out mentee under its mentee's label, by plain filtering. */
function oracleGroups(result: MatchResult, label: (a: Applicant) => string): Map<string, { scores: number[]; unmatched: number }> {
  const labels = new Set([...result.pairs.map((p) => label(p.mentee)), ...result.unmatched.filter((u) => u.applicant.role === 'mentee').map((u) => label(u.applicant))]);
  return new Map(
    [...labels].map((l) => [
      l,
      {
        scores: result.pairs.filter((p) => label(p.mentee) === l).map((p) => p.score),
        unmatched: result.unmatched.filter((u) => u.applicant.role === 'mentee' && label(u.applicant) === l).length,
      },
    ]),
  );
}

describe('buildReportModel', () => {
  it.each([
    [0, 0],
    [100, 9],
    [10, 1],
    [9.96, 1], // shown as 10.0
    [9.95, 0], // shown as 9.9: the binary 9.95 is a hair below
    [9.94, 0],
    [89.96, 9], // shown as 90.0
    [90, 9],
    [99.99, 9],
    [-0.2, 0],
    [100.3, 9],
  ])('bins score %d in bin %d', (score, bin) => {
    const h = scoreHistogram([score]);
    expect(h).toHaveLength(10);
    expect(h.findIndex((b) => b.count === 1)).toBe(bin);
  });

  it('labels the bins 0–10 … 90–100', () => {
    const h = scoreHistogram([]);
    expect(h.map((b) => b.label)).toEqual(['0–10', '10–20', '20–30', '30–40', '40–50', '50–60', '60–70', '70–80', '80–90', '90–100']);
    expect(h.every((b) => b.count === 0)).toBe(true);
  });

  it.each(Array.from({ length: 25 }, (_, i) => i + 1))('agrees with a plain recomputation on random result %i', (seed) => {
    const { result, ctx } = randomResult(seed);
    const model = buildReportModel(result, ctx);

    // Histogram: as the oracle bins, and nothing lost.
    expect(model.histogram.map((b) => b.count)).toEqual(oracleHistogram(result.pairs.map((p) => p.score)));
    expect(model.histogram.reduce((s, b) => s + b.count, 0)).toBe(result.pairs.length);

    // Choice ranks: every pair in exactly one row.
    const rows = new Map(model.choiceRanks.rows.map((r) => [r.key, r.pairs]));
    expect([...rows.values()].reduce((a, b) => a + b, 0)).toBe(result.pairs.length);
    for (const r of [1, 2, 3]) expect(rows.get(String(r))).toBe(result.pairs.filter((p) => p.choiceRank === r).length);
    expect(rows.get('not_chosen')).toBe(result.pairs.filter((p) => p.choiceRank === null && p.mentee.choices.length > 0).length);
    expect(rows.get('no_choices')).toBe(result.pairs.filter((p) => p.mentee.choices.length === 0).length);
    expect(model.choiceRanks.unmatchedWithChoices).toBe(result.unmatched.filter((u) => u.applicant.role === 'mentee' && u.applicant.choices.length > 0).length);

    // Mixes: same rows as the oracle's, whatever the order.
    const asMap = (mix: typeof model.regionMix): Map<string, [number, number, number]> =>
      new Map(mix.map((r) => [r.label, [r.matchedMentees, r.matchedMentors, r.unmatched]]));
    expect(asMap(model.regionMix)).toEqual(oracleMix(result, (a) => a.region.trim() || BLANK_LABEL));
    expect(asMap(model.communitySizeMix)).toEqual(oracleMix(result, (a) => ORACLE_SIZE[a.communitySize] ?? 'missing from the oracle'));

    // Fairness: the same choice ranks; per group of mentees, the oracle's pairs, mean, lowest score and left-out mentees.
    expect(model.fairness.choiceRanks).toEqual(model.choiceRanks);
    const groups = [
      [model.fairness.byRegion, (a: Applicant) => a.region.trim() || BLANK_LABEL],
      [model.fairness.byCommunitySize, (a: Applicant) => ORACLE_SIZE[a.communitySize] ?? 'missing from the oracle'],
      [model.fairness.byDepartment, (a: Applicant) => a.department.trim() || BLANK_LABEL],
    ] as const;
    const leftOutMentees = result.unmatched.filter((u) => u.applicant.role === 'mentee').length;
    for (const [rows, label] of groups) {
      expect(rows.reduce((n, g) => n + g.pairs, 0)).toBe(result.pairs.length);
      expect(rows.reduce((n, g) => n + g.unmatchedMentees, 0)).toBe(leftOutMentees);
      expect(new Set(rows.map((g) => g.label)).size).toBe(rows.length);
      const oracle = oracleGroups(result, label);
      expect(new Set(rows.map((g) => g.label))).toEqual(new Set(oracle.keys()));
      for (const g of rows) {
        const o = oracle.get(g.label)!;
        expect(g.pairs, g.label).toBe(o.scores.length);
        expect(g.unmatchedMentees, g.label).toBe(o.unmatched);
        if (o.scores.length === 0) {
          expect(g.meanScore).toBeNull();
          expect(g.minScore).toBeNull();
        } else {
          expect(g.meanScore).toBeCloseTo(o.scores.reduce((a, b) => a + b, 0) / o.scores.length, 9);
          expect(g.minScore).toBe(Math.min(...o.scores));
        }
      }
    }
    // Community sizes in the program's band order, as in the mix.
    const bandRows = model.fairness.byCommunitySize.map((g) => g.label).filter((l) => program.factors.communitySize.bands.includes(l));
    expect(bandRows).toEqual(program.factors.communitySize.bands.filter((b) => bandRows.includes(b)));
    // Neither audit was run.
    expect(model.stability).toBeNull();
    expect(model.sensitivity).toBeNull();

    // Counts.
    const matched = new Set(result.pairs.flatMap((p) => [p.mentor.id, p.mentee.id]));
    expect(model.counts).toMatchObject({
      pairs: result.pairs.length,
      matched: matched.size,
      unmatched: result.unmatched.length,
      pinned: result.pairs.filter((p) => p.pinned).length,
      applicants: ctx.counts.applicants,
    });
    expect(model.counts.matchedMentors + model.counts.matchedMentees).toBe(matched.size);
    // Pairs in the result's order, numbered from 1.
    expect(model.pairs.map((p) => p.pair)).toEqual(result.pairs);
    expect(model.pairs.map((p) => p.index)).toEqual(result.pairs.map((_, i) => i + 1));
  });

  it('lists community-size bands in the program order first and blank last', () => {
    const { result, ctx } = randomResult(7);
    const labels = buildReportModel(result, ctx).communitySizeMix.map((r) => r.label);
    const bandsSeen = program.factors.communitySize.bands.filter((b) => labels.includes(b));
    expect(labels.slice(0, bandsSeen.length)).toEqual(bandsSeen);
    if (labels.includes(BLANK_LABEL)) expect(labels.at(-1)).toBe(BLANK_LABEL);
  });

  it('shows ranks above the program limit instead of losing their pairs', () => {
    const mentor = makeApplicant({ id: 'M1', role: 'mentor' });
    const mentee = makeApplicant({ id: 'E1', choices: ['X', 'Y', 'Z', 'W', 'M1'] });
    const result: MatchResult = {
      pairs: [{ mentor, mentee, score: 50, choiceRank: 5, pinned: false, contributions: [] }],
      unmatched: [],
      ineligible: [],
      rejected: [],
      totalScore: 50,
      solver: 'test',
      blockedPairs: {},
      roadsNotTaken: [],
    };
    const model = buildReportModel(result, { program, inputSha256: '', counts: { applicants: 2, mentors: 1, mentees: 1 }, warnings: [] });
    expect(model.choiceRanks.rows.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5', 'not_chosen', 'no_choices']);
    expect(model.choiceRanks.rows.find((r) => r.key === '5')?.pairs).toBe(1);
  });

  it('attaches each mentee’s road to their pair and each left-out applicant’s to their entry, and keeps the diff', () => {
    const mentor = makeApplicant({ id: 'M1', role: 'mentor' });
    const other = makeApplicant({ id: 'M2', role: 'mentor' });
    const mentee = makeApplicant({ id: 'E1' });
    const alone = makeApplicant({ id: 'E2' });
    const alt: Alternative = { other, score: 40, choiceRank: null, heldBy: [], drop: 1, bound: 0.5 };
    const roads: RoadNotTaken[] = [
      { applicant: mentee, alternatives: [alt], note: null },
      { applicant: alone, alternatives: [{ ...alt, other: mentor, heldBy: [mentee] }], note: 'a note' },
    ];
    const diff: RunDiff = { previous: { folder: 'old', inputSha256: 'x', totalScore: 1, pairs: 1 }, added: [], removed: [], rescored: [], totalBefore: 1, totalAfter: 2 };
    const contributions = FACTOR_NAMES.map((factor) => ({ factor, value: 0.5, weight: program.weights[factor], points: 1, reason: 'r' }));
    const result: MatchResult = {
      pairs: [{ mentor, mentee, score: 60, choiceRank: null, pinned: false, contributions }],
      unmatched: [
        { applicant: alone, code: 'candidates_taken', reason: 'taken' },
        { applicant: other, code: 'candidates_taken', reason: 'taken' },
      ],
      ineligible: [],
      rejected: [],
      totalScore: 60,
      solver: 'test',
      blockedPairs: { past_pair: 2, chain_of_command: 1 },
      roadsNotTaken: roads,
    };
    const ctx: ReportContext = { program, inputSha256: '', counts: { applicants: 4, mentors: 2, mentees: 2 }, warnings: ['w'], diff };
    const model = buildReportModel(result, ctx);
    expect(model.pairs[0]?.road).toBe(roads[0]);
    expect(model.leftOut.map((l) => l.road)).toEqual([roads[1], null]);
    expect(model.diff).toBe(diff);
    expect(buildReportModel(result, { ...ctx, diff: undefined }).diff).toBeNull();
    expect(model.settings.blocked.map((b) => b.label)).toEqual(['chain of command', 'past pair']);
    // Bars: the most a factor can give is its share of 100, and the shares add up to 100.
    const weightSum = FACTOR_NAMES.reduce((s, f) => s + program.weights[f], 0);
    const bars = model.pairs[0]?.factors ?? [];
    for (const b of bars) expect(b.maxPoints).toBeCloseTo((100 * program.weights[b.factor]) / weightSum, 10);
    expect(bars.reduce((s, b) => s + b.maxPoints, 0)).toBeCloseTo(100, 10);
  });
});

describe('stability and sensitivity in the model', () => {
  const { result, ctx } = randomResult(3);
  const mentor = makeApplicant({ id: 'M1', role: 'mentor', name: 'Ann' });
  const mentee = makeApplicant({ id: 'E1', name: 'Bo' });
  const stability: StabilityAudit = {
    blockingPairs: [{ mentor, mentee, score: 71.25 }],
    blockingPairCount: 4,
    chosen: { pairs: 10, totalScore: 612.5, worstScore: 31.2 },
    deferredAcceptance: { pairs: 9, totalScore: 590, worstScore: 40 },
  };
  const sensitivity: Sensitivity = {
    rows: [
      { factor: 'goals_text', weight: 2, pairsChangedDown: 3, pairsChangedUp: 1 },
      { factor: 'region', weight: 1, pairsChangedDown: 0, pairsChangedUp: 2 },
    ],
    note: null,
  };

  it('shows the audit with the differences chosen minus deferred acceptance', () => {
    const model = buildReportModel({ ...result, stability }, ctx);
    expect(model.stability).toEqual({
      blockingPairCount: 4,
      blockingPairs: stability.blockingPairs,
      unlisted: 3,
      chosen: stability.chosen,
      deferredAcceptance: stability.deferredAcceptance,
      note: null,
      difference: { pairs: 1, totalScore: 22.5, worstScore: expect.closeTo(-8.8, 9) },
    });
    expect(model.sensitivity).toBeNull();
    const noted = buildReportModel({ ...result, stability: { ...stability, note: 'deferred acceptance ignores the minimum group size' } }, ctx);
    expect(noted.stability?.note).toBe('deferred acceptance ignores the minimum group size');
  });

  it('has no worst-score difference when either matching is empty', () => {
    const empty = { ...stability, deferredAcceptance: { pairs: 0, totalScore: 0, worstScore: null } };
    expect(buildReportModel({ ...result, stability: empty }, ctx).stability?.difference).toEqual({ pairs: 10, totalScore: 612.5, worstScore: null });
  });

  it('labels the sensitivity rows, keeps the note, and says what the counts are out of', () => {
    const model = buildReportModel({ ...result, sensitivity }, ctx);
    expect(model.sensitivity).toEqual({
      stepPercent: 10,
      pairs: result.pairs.length,
      rows: [
        { factor: 'goals_text', label: 'goals text', weight: 2, pairsChangedDown: 3, pairsChangedUp: 1 },
        { factor: 'region', label: 'region', weight: 1, pairsChangedDown: 0, pairsChangedUp: 2 },
      ],
      note: null,
    });
    expect(model.stability).toBeNull();
    const noted = buildReportModel({ ...result, sensitivity: { rows: [], note: 'not computed: too large' } }, ctx).sensitivity;
    expect(noted?.rows).toEqual([]);
    expect(noted?.note).toBe('not computed: too large');
  });

  it.each([
    [1.25, '+1.3'],
    [-8.8, '\u22128.8'],
    [0, '0.0'],
    [-0.04, '0.0'],
    [0.05, '+0.1'],
  ])('formats the difference %d as %s', (diff, shown) => {
    expect(formatSignedScore(diff)).toBe(shown);
  });
});

describe('describeAlternative', () => {
  const mentee = (id: string): Applicant => makeApplicant({ id, name: `N${id}` });
  const base: Alternative = { other: makeApplicant({ id: 'M9', role: 'mentor', name: 'Ann' }), score: 71.23, choiceRank: 2, heldBy: [mentee('E1')], drop: 3.44, bound: 2.9 };
  it.each<[string, Partial<Alternative>, string]>([
    ['priced', {}, 'mentor Ann (M9): score 71.2, 2nd choice — mentors NE1 (E1); forcing it would lower the total by 3.4 (bound 2.9)'],
    ['not chosen, nobody holds it', { choiceRank: null, heldBy: [] }, 'mentor Ann (M9): score 71.2, not among the mentee\'s choices — unmatched in this run; forcing it would lower the total by 3.4 (bound 2.9)'],
    ['three holders', { heldBy: [mentee('E1'), mentee('E2'), mentee('E3')] }, 'mentors NE1 (E1), NE2 (E2) and NE3 (E3);'],
    ['free', { drop: 0, bound: 0 }, 'forcing it would not lower the total (an equally good assignment has it) (bound 0.0)'],
    ['tiny drop', { drop: 0.04, bound: null }, 'forcing it would lower the total by less than 0.1'],
    ['no drop, a bound', { drop: null, bound: 2.9 }, 'forcing it would lower the total by at least 2.9'],
    ['neither', { drop: null, bound: null }, 'cost of forcing it not computed'],
    ['a mentee, for a mentor left out', { other: mentee('E4'), choiceRank: null, heldBy: [makeApplicant({ id: 'M2', role: 'mentor', name: 'Bo' })] }, 'mentee NE4 (E4): score 71.2, not among the mentee\'s choices — matched with Bo (M2);'],
    ['a negative bound from rounding', { drop: 0, bound: -1e-13 }, '(bound 0.0)'],
  ])('%s', (_, change, expected) => {
    expect(describeAlternative({ ...base, ...change }, (s) => s)).toContain(expected);
  });

  it('passes every applicant string through the escaper', () => {
    const text = describeAlternative({ ...base, heldBy: [mentee('E1'), mentee('E2')] }, (s) => `[${s}]`);
    for (const s of ['Ann', 'M9', 'NE1', 'E1', 'NE2', 'E2']) expect(text).toContain(`[${s}]`);
  });
});
