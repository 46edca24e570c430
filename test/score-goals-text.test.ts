import { describe, expect, it } from 'vitest';
import type { Applicant } from '../scoring/applicant.js';
import { buildGoalsTextFactor, mentorExpertiseText } from '../scoring/score-goals-text.js';
import { tokenizeText } from '../scoring/tokenize-text.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

const mentee = (i: number, goals: string): Applicant => makeApplicant({ id: `E${i}`, goals });
const mentor = (j: number, bio: string, skillsOffered: string[] = []): Applicant => makeApplicant({ id: `M${j}`, role: 'mentor', bio, skillsOffered });

/** Straightforward TF-IDF cosine with Maps, the way a textbook writes it: the oracle. */
function referenceCosines(mentees: readonly Applicant[], mentors: readonly Applicant[]): number[][] {
  const docs = [...mentees.map((a) => a.goals), ...mentors.map(mentorExpertiseText)].map((t) => tokenizeText(t).map((x) => x.stem));
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const vector = (doc: string[]): Map<string, number> => {
    const v = new Map<string, number>();
    for (const t of doc) v.set(t, (v.get(t) ?? 0) + 1);
    for (const [t, tf] of v) v.set(t, tf * (Math.log((1 + docs.length) / (1 + (df.get(t) ?? 0))) + 1));
    return v;
  };
  const vectors = docs.map(vector);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  return mentees.map((_, i) =>
    mentors.map((__, j) => {
      const a = vectors[i] as Map<string, number>;
      const b = vectors[mentees.length + j] as Map<string, number>;
      if (norm(a) === 0 || norm(b) === 0) return 0;
      let dot = 0;
      for (const [t, w] of a) dot += w * (b.get(t) ?? 0);
      return dot / (norm(a) * norm(b));
    }),
  );
}

const WORDS = [
  'budget', 'budgeting', 'budgets', 'council', 'councils', 'leadership', 'leading', 'procurement', 'planning', 'planner',
  'asset', 'assets', 'management', 'managing', 'communication', 'communications', 'clerk', 'records', 'election', 'elections',
  'the', 'and', 'of', 'to', 'my', 'with', 'I', 'we', 'in', 'for', 'Québec', 'Quebec', "municipality's", "don't", '2024',
];

/** A random text of 0–25 words from {@link WORDS}, with random capitals and punctuation. */
function randomText(next: () => number): string {
  const n = randInt(next, 0, 25);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    let w = WORDS[randInt(next, 0, WORDS.length - 1)] as string;
    if (next() < 0.2) w = w.toUpperCase();
    out.push(w + (next() < 0.15 ? ',' : next() < 0.1 ? '.' : ''));
  }
  return out.join(' ');
}

describe('goals_text factor', () => {
  it.each([1, 2, 3, 4, 5])('matches a reference TF-IDF cosine on random texts (seed %i)', (seed) => {
    const next = rng(seed);
    const mentees = Array.from({ length: randInt(next, 1, 8) }, (_, i) => mentee(i, randomText(next)));
    const mentors = Array.from({ length: randInt(next, 1, 8) }, (_, j) =>
      mentor(j, randomText(next), next() < 0.5 ? [] : [WORDS[randInt(next, 0, 9)] as string, 'asset management']),
    );
    const f = buildGoalsTextFactor({ mentees, mentors }, testProgram());
    const expected = referenceCosines(mentees, mentors);
    mentees.forEach((_, i) =>
      mentors.forEach((__, j) => {
        expect(f.value(i, j)).toBeCloseTo(expected[i]?.[j] as number, 10);
        expect(f.value(i, j)).toBeGreaterThanOrEqual(0);
        expect(f.value(i, j)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it.each([11, 12, 13])('is symmetric: with the same texts on both sides, value(i, j) = value(j, i) (seed %i)', (seed) => {
    const next = rng(seed);
    const texts = Array.from({ length: 6 }, () => randomText(next));
    const f = buildGoalsTextFactor({ mentees: texts.map((t, i) => mentee(i, t)), mentors: texts.map((t, j) => mentor(j, t)) }, testProgram());
    for (let i = 0; i < texts.length; i++) for (let j = 0; j < texts.length; j++) expect(f.value(i, j)).toBeCloseTo(f.value(j, i), 12);
  });

  it('scores identical texts 1 and disjoint texts 0', () => {
    const text = 'Budgeting for small councils and records management';
    const f = buildGoalsTextFactor({ mentees: [mentee(0, text)], mentors: [mentor(0, text), mentor(1, 'Election logistics, procurement rules')] }, testProgram());
    expect(f.value(0, 0)).toBeCloseTo(1, 12);
    expect(f.value(0, 0)).toBeLessThanOrEqual(1);
    expect(f.value(0, 1)).toBe(0);
    expect(f.explain(0, 1)).toBe('goals and bio share no terms');
  });

  it('stems and drops stop words: inflections match, function words do not', () => {
    const f = buildGoalsTextFactor({ mentees: [mentee(0, 'I want to improve my budgeting')], mentors: [mentor(0, 'budgets'), mentor(1, 'I was to be my')] }, testProgram());
    expect(f.value(0, 0)).toBeGreaterThan(0);
    expect(f.explain(0, 0)).toBe('goals and bio share: budgeting');
    expect(f.value(0, 1)).toBe(0);
    expect(f.explain(0, 1)).toBe('goals and bio share no terms');
  });

  it.each<[string, string, string]>([
    ['blank goals', '  ', 'budgeting'],
    ['blank bio', 'budgeting', ''],
    ['both blank', '', ''],
  ])('%s scores 0 with a reason', (_, goals, bio) => {
    const f = buildGoalsTextFactor({ mentees: [mentee(0, goals)], mentors: [mentor(0, bio)] }, testProgram());
    expect(f.value(0, 0)).toBe(0);
    expect(f.explain(0, 0)).toBe('goals or bio left blank');
  });

  it("appends the mentor's skills offered to the bio", () => {
    const f = buildGoalsTextFactor({ mentees: [mentee(0, 'I want to learn procurement')], mentors: [mentor(0, '', ['Procurement'])] }, testProgram());
    expect(f.value(0, 0)).toBeGreaterThan(0);
    expect(f.explain(0, 0)).toBe('goals and bio share: procurement');
  });

  it('names shared terms by their most frequent written form, strongest first, at most four', () => {
    const f = buildGoalsTextFactor(
      {
        mentees: [mentee(0, 'Budgeting, budgeting and council reports; leadership, records, elections, procurement')],
        mentors: [mentor(0, 'I lead budget work with council; leadership coaching, records, elections, procurement'), mentor(1, 'zoning')],
      },
      testProgram(),
    );
    const reason = f.explain(0, 0);
    const terms = reason.replace('goals and bio share: ', '').split(', ');
    expect(terms).toHaveLength(4);
    // "budget(ing)" occurs three times in the goals: the heaviest shared term; written "budgeting" twice, "budget" once.
    expect(terms[0]).toBe('budgeting');
    for (const t of terms) expect(['budgeting', 'council', 'leadership', 'records', 'elections', 'procurement']).toContain(t);
  });

  it('weighs a rare shared word above a common one (IDF)', () => {
    const f = buildGoalsTextFactor(
      {
        mentees: [mentee(0, 'council procurement')],
        mentors: [mentor(0, 'council'), mentor(1, 'procurement'), mentor(2, 'council'), mentor(3, 'council')],
      },
      testProgram(),
    );
    expect(f.value(0, 1)).toBeGreaterThan(f.value(0, 0));
  });

  it.each<[string, string[]]>([
    ["Municipality's budgets", ['municipality', 'budgets']],
    ["I don't know, we'll see", ['know']],
    ['17 years in Québec', ['years', 'québec']],
    ['a b c', []],
  ])('tokenizes %j', (text, surfaces) => {
    expect(tokenizeText(text).map((t) => t.surface)).toEqual(surfaces);
  });

  it('folds accents before stemming', () => {
    expect(tokenizeText('Québec')[0]?.stem).toBe(tokenizeText('Quebec')[0]?.stem);
  });
});
