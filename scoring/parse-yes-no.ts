/**
 * Yes/no answers as applicants write them, in template fields and in extra
 * columns alike: yes/no, y/n, true/false or 1/0, in any case.
 */

/** The accepted spellings, lower-cased. */
const YES_NO_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['y', true],
  ['true', true],
  ['1', true],
  ['no', false],
  ['n', false],
  ['false', false],
  ['0', false],
]);

/**
 * The answer a yes/no cell gives: true, false, or undefined when it is not a
 * yes/no spelling (a blank cell included: callers tell blank apart first).
 * Surrounding whitespace and case are ignored.
 *
 * @example
 * parseYesNo(' Yes '); // true
 * parseYesNo('maybe'); // undefined
 */
export function parseYesNo(text: string): boolean | undefined {
  return YES_NO_WORDS.get(text.trim().toLowerCase());
}
