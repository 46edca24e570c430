/**
 * The one order of applicant ids: numbers inside an id compare as numbers
 * ("M2" before "M10"), and ids the collator calls equal ("M-01" and "M-1",
 * "é" composed and decomposed, "MTE-1" and "mte-1") fall back to their code
 * units. A total order, so nothing sorted by id — the pool, and with it the
 * matrix, the tie-breaks and every output — depends on the order of the
 * input rows.
 */
const ID_COLLATOR = new Intl.Collator('en', { numeric: true });

/** Compares two ids in the one total order of ids. */
export function compareIds(a: string, b: string): number {
  return ID_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Compares two applicants (or anything with an id) by id. */
export function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return compareIds(a.id, b.id);
}
