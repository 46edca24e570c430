/**
 * JSON.parse for a user's file: the outcome as a union, and a failure in
 * words with the line it happened on (JSON.parse only gives a character
 * position, which nobody can find in an editor).
 */

/** What parsing gave: the value, or where and why it failed, ready to follow "expected valid JSON". */
export type JsonParse = { readonly status: 'parsed'; readonly data: unknown } | { readonly status: 'malformed'; readonly where: string; readonly message: string };

/** Parses `text`; `where` is " (line N)" when the parser said where, else empty. */
export function parseJson(text: string): JsonParse {
  try {
    return { status: 'parsed', data: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    return { status: 'malformed', where: position?.[1] === undefined ? '' : ` (line ${lineAt(text, Number(position[1]))})`, message };
  }
}

/** 1-based line of character `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
