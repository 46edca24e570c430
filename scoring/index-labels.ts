/**
 * Free-text labels compared across a pool (departments, regions): two labels
 * are the same when they match case- and space-insensitively ("Public  Works"
 * is "public works"), and a blank label matches nothing, not even another
 * blank one. Factors give a blank side no points; the `same_department`
 * exclusion never fires on it.
 *
 * Labels become small integer ids once per pool, so the n×m loops compare
 * numbers instead of normalizing strings per pair.
 */
import type { Applicant } from './applicant.js';
import type { ScoringPool } from './factor.js';

/** The id of a blank label; it equals no id, since every other id is ≥ 0. */
export const BLANK_LABEL = -1;

/** Label ids of a pool: `mentee[i]` and `mentor[j]`, equal exactly when the two labels are the same. */
export interface LabelIds {
  readonly mentee: Int32Array;
  readonly mentor: Int32Array;
}

/** A label as reasons show it: trimmed, every run of whitespace one space. */
export function displayLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ');
}

/**
 * Ids of the label `labelOf` reads from each applicant of the pool: equal
 * (case- and space-insensitively) labels share an id; blank ones get
 * {@link BLANK_LABEL}.
 *
 * @example
 * const dept = indexLabels(pool, (a) => a.department);
 * const same = dept.mentee[i] !== BLANK_LABEL && dept.mentee[i] === dept.mentor[j];
 */
export function indexLabels(pool: ScoringPool, labelOf: (a: Applicant) => string): LabelIds {
  const idOf = new Map<string, number>();
  const toId = (label: string): number => {
    const key = displayLabel(label).toLowerCase();
    if (key === '') return BLANK_LABEL;
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(key, id);
    }
    return id;
  };
  return {
    mentee: Int32Array.from(pool.mentees, (a) => toId(labelOf(a))),
    mentor: Int32Array.from(pool.mentors, (a) => toId(labelOf(a))),
  };
}

/**
 * Which side of a pair has no value (an id below 0: a blank label, an
 * unreadable size), in the words of a reason: "both", "the mentee", "the
 * mentor"; undefined when both have one.
 */
export function missingSide(mentee: number, mentor: number): 'both' | 'the mentee' | 'the mentor' | undefined {
  if (mentee < 0 && mentor < 0) return 'both';
  if (mentee < 0) return 'the mentee';
  if (mentor < 0) return 'the mentor';
  return undefined;
}
