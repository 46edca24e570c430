/**
 * Text of the announcement emails as lines: applicant and config text cleaned
 * to one line (no control characters, nothing that could end a header line),
 * and message bodies wrapped to a width every mail client shows unbroken.
 */

/** Body lines are wrapped at this width (RFC 5322 2.1.1: lines SHOULD be at most 78 characters). */
const BODY_WIDTH = 76;

/**
 * A word longer than this is cut: at 3 UTF-8 bytes per character at most
 * (4 for two UTF-16 units), a cut word stays well under the 998-byte line
 * limit of RFC 5322 with 8bit transfer encoding.
 */
const MAX_WORD_CHARS = 200;

/**
 * One line of applicant or config text: every control character and line
 * or paragraph separator becomes a space, whitespace runs one space, trimmed.
 * After this nothing in the text can end a header line.
 */
export function cleanLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Config text as body lines: its own line breaks kept (a signature may have several lines), each line cleaned and wrapped. */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((line) => {
    const clean = cleanLine(line);
    return clean === '' ? [''] : wrap(clean);
  });
}

/** Greedy word wrap at {@link BODY_WIDTH}; words longer than {@link MAX_WORD_CHARS} are cut. */
export function wrap(text: string, firstIndent = '', restIndent = firstIndent): string[] {
  const words = cleanLine(text)
    .split(' ')
    .filter((w) => w !== '')
    .flatMap((w) => chunk(Array.from(w), MAX_WORD_CHARS).map((cs) => cs.join('')));
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > BODY_WIDTH) {
      lines.push(line);
      line = restIndent;
      empty = true;
    }
    line += empty ? w : ` ${w}`;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length === 0 ? [[]] : out;
}
