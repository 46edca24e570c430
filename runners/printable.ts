/**
 * Text safe to print in a terminal. Ids, names and reasons read back from a
 * run's files are whatever those files say: a control character could
 * move the cursor, recolour the screen or retitle the window, and a bidi
 * override could reorder the line. They are shown escaped instead.
 */

/** Characters that would move the cursor, recolour or reorder a terminal line. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control and bidi character shown as `\uXXXX`, cut to `maxChars` (default: not cut). */
export function printable(text: string, maxChars = Infinity): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return cut.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
