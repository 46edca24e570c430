/**
 * Small wording helpers shared by the reasons and eligibility details, so
 * every module says "1 year" and "2nd choice" the same way.
 */

/** `plural(1, 'year')` → "1 year", `plural(3, 'year')` → "3 years". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

/** A count with thousands separators, the same on every machine: 2100000000 → "2,100,000,000". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** English ordinal of a positive integer: 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** Longest cell value quoted in a reason or eligibility detail; free text must not leak into reports or CSVs. */
export const MAX_QUOTED_CHARS = 40;

/** Quotes a short value for a detail, cut at {@link MAX_QUOTED_CHARS}: `"no"`. */
export function quoteShort(value: string): string {
  const v = value.trim();
  return JSON.stringify(v.length > MAX_QUOTED_CHARS ? `${v.slice(0, MAX_QUOTED_CHARS)}…` : v);
}
