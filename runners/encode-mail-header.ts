/**
 * Mail headers from text that may be anything: display names as quoted
 * strings or RFC 2047 encoded words, subjects as plain or encoded words, and
 * headers folded between words. Callers pass text already cleaned to one
 * line (wrap-email-text.ts, `cleanLine`), so no word holds CR or LF.
 */

/** Header lines are folded before this width where they can be. */
const HEADER_WIDTH = 78;

/**
 * UTF-8 bytes per RFC 2047 encoded word: 42 bytes are 56 base64 characters,
 * 68 with `=?UTF-8?B?` and `?=`, so "Subject: " plus one word fits in 78.
 */
const ENCODED_WORD_BYTES = 42;

/** Longest display name sent as a quoted string; longer ones are encoded words, which can be folded. */
const MAX_QUOTED_NAME_CHARS = 60;

/**
 * A header from words, folded (CRLF + space) between words to keep lines
 * within {@link HEADER_WIDTH} where a word allows it. Words never hold CR
 * or LF: they are quoted strings, encoded words, `<address>` or cleaned text.
 */
export function foldHeader(name: string, words: readonly string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const w of words) {
    if (line.length + 1 + w.length > HEADER_WIDTH && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${w}`;
    } else {
      line += ` ${w}`;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}

/** Printable ASCII, the only text a header may carry as it is. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A display name as header words: a quoted string when it is short
 * printable ASCII, otherwise RFC 2047 encoded words (non-ASCII, very long,
 * or text a client might decode as an encoded word).
 */
export function phraseWords(name: string): string[] {
  if (PRINTABLE_ASCII.test(name) && name.length <= MAX_QUOTED_NAME_CHARS && !name.includes('=?')) {
    return [`"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`];
  }
  return encodedWords(name);
}

/** The subject as header words: plain words when printable ASCII that folds, otherwise encoded words. */
export function subjectWords(subject: string): string[] {
  const words = subject.split(' ').filter((w) => w !== '');
  const plain = PRINTABLE_ASCII.test(subject) && !subject.includes('=?') && words.every((w) => w.length < HEADER_WIDTH - 'Subject: '.length);
  return plain ? words : encodedWords(subject);
}

/**
 * RFC 2047 `B` encoded words of at most {@link ENCODED_WORD_BYTES} UTF-8
 * bytes each, cut between code points (never inside a character), and
 * after a space when the word has one: RFC 2047 readers join adjacent
 * encoded words as they are, but some (Python's email package among them)
 * put a space between them in a display name, and "Zoë Ånge lström" is
 * worse than a double space.
 */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chars: string[] = [];
  let bytes = 0;
  const emit = (part: readonly string[]): void => {
    words.push(`=?UTF-8?B?${Buffer.from(part.join(''), 'utf8').toString('base64')}?=`);
  };
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > ENCODED_WORD_BYTES) {
      const space = chars.lastIndexOf(' ');
      const cut = space > 0 ? space + 1 : chars.length;
      emit(chars.slice(0, cut));
      chars = chars.slice(cut);
      bytes = Buffer.byteLength(chars.join(''), 'utf8');
    }
    chars.push(ch);
    bytes += size;
  }
  if (chars.length > 0) emit(chars);
  return words;
}
