/**
 * Free text (a mentee's goals, a mentor's bio) → the terms TF-IDF compares:
 * lower-cased words, stop words and bare numbers dropped, Porter-stemmed, so
 * "budgets", "Budgeting" and "budget" are one term.
 */
// natural's package index loads dotenv (which prints to stdout) and database
// clients; deep-import only the two pieces we use (types in types/natural.d.ts).
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as STOP_WORD_LIST } from 'natural/lib/natural/util/stopwords.js';

/** One kept word of a text. */
export interface TextToken {
  /** The comparison term: accent-folded and Porter-stemmed, e.g. "budget". */
  readonly stem: string;
  /** The word as written, lower-cased, e.g. "budgeting" (for readable reasons). */
  readonly surface: string;
}

/** English stop words (natural's list): words too common to say anything about a match. */
const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORD_LIST);

/** Endings after an apostrophe that make a contraction ("don't", "I've"): such words are function words and are dropped. */
const CONTRACTION_ENDINGS: ReadonlySet<string> = new Set(['t', 've', 'll', 're', 'd', 'm']);

/** Words shorter than this carry no meaning worth matching on ("a", "x"). */
const MIN_WORD_LENGTH = 2;

/**
 * Splits a text into its terms, in order of appearance (duplicates kept: the
 * caller counts term frequency).
 *
 * - words are runs of letters and digits; "municipality's" → "municipality",
 *   contractions ("don't", "we'll") are dropped, other apostrophes are removed;
 * - stop words, words under {@link MIN_WORD_LENGTH} letters and bare numbers
 *   ("17 years") are dropped;
 * - the stem is taken on the accent-folded word, so "Québec" and "Quebec" match;
 * - words longer than {@link MAX_STEMMED_LETTERS} are not words (a pasted
 *   image, a line of x's) and are dropped: the Porter stemmer's regular
 *   expressions take time quadratic in a word's length (0.7 s at 10,000
 *   letters, and a 10 MB "word" never finishes).
 *
 * `stemCache` (word → stem) is for a caller tokenizing a whole pool: people
 * reuse few words (a generated 4 000-applicant pool: 160 000 words, under
 * 1 000 distinct) and the Porter stemmer is the slow part (540 ms of stemming
 * uncached), so the caller keeps one Map for the duration of its build.
 */
/** Longest word compared; English's longest dictionary words stay under 50 letters. */
export const MAX_STEMMED_LETTERS = 50;

export function tokenizeText(text: string, stemCache?: Map<string, string>): TextToken[] {
  const out: TextToken[] = [];
  const lower = text.normalize('NFKC').toLowerCase();
  for (const match of lower.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)) {
    let word = match[0];
    const apostrophe = word.search(/['’]/);
    if (apostrophe >= 0) {
      const ending = word.slice(apostrophe + 1);
      if (ending === 's') word = word.slice(0, apostrophe);
      else if (CONTRACTION_ENDINGS.has(ending)) continue;
      else word = word.replace(/['’]/g, '');
    }
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_STEMMED_LETTERS || STOP_WORDS.has(word) || /^\p{N}+$/u.test(word)) continue;
    let stem = stemCache?.get(word);
    if (stem === undefined) {
      stem = PorterStemmer.stem(word.normalize('NFKD').replace(/\p{M}+/gu, ''));
      stemCache?.set(word, stem);
    }
    if (stem === '') continue;
    out.push({ stem, surface: word });
  }
  return out;
}
