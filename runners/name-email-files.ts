/**
 * The file names of the announcement emails in the run folder. Ids are user
 * input, so a file name is built from an id but never is one: cleaned, cut
 * short, and tagged with a hash of the id when that changed it or when two
 * names would clash on a case-insensitive disk.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../scoring/applicant.js';

/** The folder of the run output the messages go in. */
export const EMAILS_FOLDER = 'emails';

/** Longest part of a file name taken from an id (ids are user input; a 10 KB id must not become a 10 KB file name). */
export const MAX_FILE_ID_CHARS = 40;

/** Hex digits of the id's SHA-256 added to a file name whose id had to be cleaned or collided. */
export const FILE_HASH_CHARS = 8;

/**
 * The file of each person's message, in the order given:
 * `emails/<role>-<id>.eml`, with the id made safe. Ids are user input
 * (`../x`, `a/b`, `CON`, `.hidden`, 10 KB long, non-Latin), so the id part
 * keeps only `[A-Za-z0-9._-]` (accents dropped, other runs become `_`), never
 * starts or ends with `.`, `_` or `-`, and is cut at {@link MAX_FILE_ID_CHARS}.
 * When that changed the id, or two names would be equal ignoring case (as
 * they are on Windows and macOS disks), the name gets `-` and the first
 * {@link FILE_HASH_CHARS} hex digits of the id's SHA-256: stable across runs,
 * and different for different ids. The role prefix keeps reserved device
 * names (`CON`, `NUL`) and dot files out.
 *
 * @example
 * emailFilePaths([{ role: 'mentee', id: 'E-1' }, { role: 'mentor', id: '../x' }])
 * // ['emails/mentee-E-1.eml', 'emails/mentor-x-<8 hex digits>.eml']
 */
export function emailFilePaths(people: readonly { readonly role: Role; readonly id: string }[]): string[] {
  const bases = people.map((p) => cleanFileId(p.id));
  const nameOf = (i: number, hashChars: number): string => {
    const p = people[i] as { role: Role; id: string };
    const base = bases[i] as string;
    const tagged = hashChars === 0 ? base : [base, sha256(p.id).slice(0, hashChars)].filter((s) => s !== '').join('-');
    return `${p.role}-${tagged}`;
  };
  const plainCount = new Map<string, number>();
  for (let i = 0; i < people.length; i++) {
    const key = nameOf(i, 0).toLowerCase();
    plainCount.set(key, (plainCount.get(key) ?? 0) + 1);
  }
  const hashChars: number[] = people.map((p, i) => (bases[i] !== p.id || bases[i] === '' || (plainCount.get(nameOf(i, 0).toLowerCase()) ?? 0) > 1 ? FILE_HASH_CHARS : 0));
  // A cleaned name plus hash could still equal another id written that way
  // on purpose; lengthen the hashes of whatever still collides.
  for (;;) {
    const byName = new Map<string, number[]>();
    hashChars.forEach((h, i) => {
      const key = nameOf(i, h).toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), i]);
    });
    const clashes = [...byName.values()].filter((group) => group.length > 1).flat();
    if (clashes.length === 0) break;
    for (const i of clashes) {
      const next = Math.max(hashChars[i] as number, FILE_HASH_CHARS) + FILE_HASH_CHARS;
      if (next > 64) throw new Error('internal error: two different ids with the same SHA-256');
      hashChars[i] = next;
    }
  }
  return hashChars.map((h, i) => `${EMAILS_FOLDER}/${nameOf(i, h)}.eml`);
}

/** An id as a file-name part: `[A-Za-z0-9._-]` only, no leading or trailing `.`, `_`, `-`, at most {@link MAX_FILE_ID_CHARS}. */
function cleanFileId(id: string): string {
  const trim = (s: string): string => s.replace(/^[._-]+|[._-]+$/g, '');
  const ascii = id
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return trim(trim(ascii).slice(0, MAX_FILE_ID_CHARS));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
