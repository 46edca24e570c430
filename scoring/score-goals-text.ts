/**
 * Factor `goals_text`: how close a mentee's goals (free text) are to a
 * mentor's expertise (free text). AMCTO matches "based on the goals and other
 * information you provide", so the words people write matter, not only the
 * lists they tick.
 *
 * Method: TF-IDF cosine. Each mentee's `goals` and each mentor's expertise
 * text is one document of the pool; terms come from {@link tokenizeText}
 * (lower-cased, stop words dropped, Porter-stemmed). A term's weight in a
 * document is `tf · idf` with the smoothed `idf = ln((1 + N) / (1 + df)) + 1`
 * over all N documents of the pool (mentees + mentors, blank ones included),
 * so words everybody writes ("municipal", "work") count for little and rare
 * shared words ("procurement") for a lot. Vectors are L2-normalised; the value
 * is their dot product, in [0, 1].
 *
 * The mentor's expertise text is their `bio` followed by their
 * `skills_offered` items: a short or blank bio still says what the mentor can
 * teach, and the mentee's goals often name those skills in their own words.
 *
 * Vectors are stored sparse in compressed rows (ascending Int32Array term ids
 * + Float64Array weights per side), so a pair is one merge of two short runs,
 * allocation-free.
 */
import type { Applicant } from './applicant.js';
import type { FactorBuilder } from './factor.js';
import { tokenizeText } from './tokenize-text.js';

/** Most shared terms a reason names. */
const MAX_REASON_TERMS = 4;

/** The text a mentor is compared on: bio, then skills offered (see the module comment). */
export function mentorExpertiseText(mentor: Applicant): string {
  const skills = mentor.skillsOffered.map((s) => s.trim()).filter((s) => s !== '');
  return skills.length === 0 ? mentor.bio : `${mentor.bio}\n${skills.join('; ')}`;
}

/** Sparse L2-normalised vectors of one side in compressed-row form: row r is `terms/weights[start[r] .. start[r+1])`. */
interface SparseRows {
  readonly start: Int32Array;
  readonly terms: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Builds the `goals_text` factor for a pool.
 * Value: TF-IDF cosine of mentee goals vs mentor expertise text; 0 when either is blank.
 * Reason: "goals and bio share: budget, council, leadership" / "goals and bio share no terms" / "goals or bio left blank".
 */
export const buildGoalsTextFactor: FactorBuilder = (pool) => {
  const menteeTexts = pool.mentees.map((a) => a.goals);
  const mentorTexts = pool.mentors.map(mentorExpertiseText);
  const allTexts = [...menteeTexts, ...mentorTexts];

  // Term ids, document frequencies and, per term, how often each written form occurs.
  const idOf = new Map<string, number>();
  const df: number[] = [];
  const surfaceCounts: Map<string, number>[] = [];
  const stemCache = new Map<string, string>();
  const docTerms: Map<number, number>[] = allTexts.map((text) => {
    const tf = new Map<number, number>();
    for (const { stem, surface } of tokenizeText(text, stemCache)) {
      let id = idOf.get(stem);
      if (id === undefined) {
        id = idOf.size;
        idOf.set(stem, id);
        df.push(0);
        surfaceCounts.push(new Map());
      }
      const forms = surfaceCounts[id] as Map<string, number>;
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) df[id] = (df[id] as number) + 1;
    return tf;
  });

  const n = allTexts.length;
  const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
  // A reason shows each term by its most frequent written form (ties: alphabetical), never by its stem: "community", not "commun".
  const surfaceOf = surfaceCounts.map((forms) => {
    let best = '';
    let bestCount = 0;
    for (const [form, count] of forms) {
      if (count > bestCount || (count === bestCount && form < best)) {
        best = form;
        bestCount = count;
      }
    }
    return best;
  });

  const toRows = (docs: readonly Map<number, number>[]): SparseRows => {
    const start = new Int32Array(docs.length + 1);
    for (let r = 0; r < docs.length; r++) start[r + 1] = (start[r] as number) + (docs[r] as Map<number, number>).size;
    const total = start[docs.length] as number;
    const terms = new Int32Array(total);
    const weights = new Float64Array(total);
    for (let r = 0; r < docs.length; r++) {
      const tf = docs[r] as Map<number, number>;
      const from = start[r] as number;
      const ids = Int32Array.from(tf.keys()).sort();
      let norm = 0;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k] as number;
        const w = (tf.get(id) as number) * (idf[id] as number);
        terms[from + k] = id;
        weights[from + k] = w;
        norm += w * w;
      }
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < ids.length; k++) weights[from + k] = (weights[from + k] as number) * scale;
    }
    return { start, terms, weights };
  };
  const mentees = toRows(docTerms.slice(0, menteeTexts.length));
  const mentors = toRows(docTerms.slice(menteeTexts.length));

  // Locals, not property loads, in the n×m loop.
  const aStart = mentees.start;
  const aTerms = mentees.terms;
  const aWeights = mentees.weights;
  const bStart = mentors.start;
  const bTerms = mentors.terms;
  const bWeights = mentors.weights;
  const value = (i: number, j: number): number => {
    let a = aStart[i] as number;
    const aEnd = aStart[i + 1] as number;
    let b = bStart[j] as number;
    const bEnd = bStart[j + 1] as number;
    let dot = 0;
    while (a < aEnd && b < bEnd) {
      const x = aTerms[a] as number;
      const y = bTerms[b] as number;
      if (x === y) {
        dot += (aWeights[a] as number) * (bWeights[b] as number);
        a++;
        b++;
      } else if (x < y) a++;
      else b++;
    }
    // Rounding can put identical texts a hair above 1.
    return dot > 1 ? 1 : dot;
  };

  return {
    name: 'goals_text',
    value,
    explain(i, j) {
      if ((menteeTexts[i] ?? '').trim() === '' || (mentorTexts[j] ?? '').trim() === '') return 'goals or bio left blank';
      const shared: { id: number; weight: number }[] = [];
      let b = mentors.start[j] as number;
      const bEnd = mentors.start[j + 1] as number;
      for (let a = mentees.start[i] as number; a < (mentees.start[i + 1] as number); a++) {
        const id = mentees.terms[a] as number;
        while (b < bEnd && (mentors.terms[b] as number) < id) b++;
        if (b < bEnd && mentors.terms[b] === id) {
          shared.push({ id, weight: (mentees.weights[a] as number) * (mentors.weights[b] as number) });
        }
      }
      if (shared.length === 0) return 'goals and bio share no terms';
      // The terms that add most to the cosine, strongest first.
      shared.sort((p, q) => q.weight - p.weight || p.id - q.id);
      const words = shared.slice(0, MAX_REASON_TERMS).map((s) => surfaceOf[s.id] as string);
      return `goals and bio share: ${words.join(', ')}`;
    },
  };
};
