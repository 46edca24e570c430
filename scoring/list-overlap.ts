/**
 * Overlap of two `;`-lists (a mentee's interests vs a mentor's, skills sought
 * vs skills offered), precomputed once per pool so that scoring a pair is a
 * merge-count of two short ascending integer runs: no strings, no Sets, no
 * allocation in the n×m loop.
 */

/**
 * The comparison key of a list item: accents, case, punctuation and spacing
 * do not matter, so "Open-Data ", "open data" and "Open Data." are one item.
 */
export function normalizeListItem(item: string): string {
  return item
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether an ascending integer array contains `value` (binary search). */
export function sortedHas(a: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[mid] as number;
    if (x === value) return true;
    if (x < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Precomputed overlap between the mentees' lists and the mentors' lists of one pool. */
export interface ListOverlap {
  /** Distinct items of mentee `mentee` (after normalisation). */
  menteeCount(mentee: number): number;
  /** How many of the mentee's distinct items the mentor also lists. Allocation-free. */
  commonCount(mentee: number, mentor: number): number;
  /** `commonCount / menteeCount`, 0 when the mentee lists nothing. Allocation-free. */
  share(mentee: number, mentor: number): number;
  /** The shared items in the mentee's order and wording (for reasons; allocates). */
  shared(mentee: number, mentor: number): string[];
}

/** Every applicant's distinct item ids of one side, ascending, in compressed rows: row r is `ids[start[r] .. start[r+1])`. */
interface IdRows {
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

/**
 * Maps every distinct item of the pool to an integer id once and keeps each
 * side's items as ascending id runs in one flat `Int32Array` (one allocation
 * per side, cache-friendly in the n×m loop).
 */
export function buildListOverlap(
  menteeLists: readonly (readonly string[])[],
  mentorLists: readonly (readonly string[])[],
): ListOverlap {
  const idOf = new Map<string, number>();
  const toRows = (lists: readonly (readonly string[])[]): IdRows => {
    const perRow = lists.map((list) => {
      const ids = new Set<number>();
      for (const item of list) {
        const key = normalizeListItem(item);
        if (key === '') continue;
        let id = idOf.get(key);
        if (id === undefined) {
          id = idOf.size;
          idOf.set(key, id);
        }
        // A Set: a repeated item ("Budgeting; budgeting") counts once.
        ids.add(id);
      }
      return Int32Array.from(ids).sort();
    });
    const start = new Int32Array(lists.length + 1);
    perRow.forEach((row, r) => (start[r + 1] = (start[r] as number) + row.length));
    const ids = new Int32Array(start[lists.length] as number);
    perRow.forEach((row, r) => ids.set(row, start[r] as number));
    return { start, ids };
  };
  const mentees = toRows(menteeLists);
  const mentors = toRows(mentorLists);

  // Locals, not property loads, in the n×m loop.
  const aStart = mentees.start;
  const aIds = mentees.ids;
  const bStart = mentors.start;
  const bIds = mentors.ids;
  const commonCount = (i: number, j: number): number => {
    let a = aStart[i] as number;
    const aEnd = aStart[i + 1] as number;
    let b = bStart[j] as number;
    const bEnd = bStart[j + 1] as number;
    let common = 0;
    while (a < aEnd && b < bEnd) {
      const x = aIds[a] as number;
      const y = bIds[b] as number;
      if (x === y) {
        common++;
        a++;
        b++;
      } else if (x < y) a++;
      else b++;
    }
    return common;
  };
  const menteeCount = (i: number): number => (aStart[i + 1] as number) - (aStart[i] as number);

  return {
    menteeCount,
    commonCount,
    share: (i, j) => {
      const n = menteeCount(i);
      return n === 0 ? 0 : commonCount(i, j) / n;
    },
    shared(i, j) {
      const mentor = bIds.subarray(bStart[j] as number, bStart[j + 1] as number);
      const seen = new Set<string>();
      const out: string[] = [];
      for (const item of menteeLists[i] ?? []) {
        const key = normalizeListItem(item);
        const id = idOf.get(key);
        if (id === undefined || seen.has(key) || !sortedHas(mentor, id)) continue;
        seen.add(key);
        out.push(item.trim().replace(/\s+/g, ' '));
      }
      return out;
    },
  };
}
