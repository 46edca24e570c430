/**
 * The key behind `--anonymize`'s pseudonyms, and the pseudonyms themselves.
 *
 * A pseudonym is a keyed hash (HMAC-SHA-256) of the original id: the same
 * person gets the same pseudonym in every run made with the same key,
 * whatever the order of the rows or who else applied, and nobody can go
 * back from a pseudonym to the id without the key — ids are often member
 * numbers, which an outsider could simply try one by one against an
 * unkeyed hash.
 *
 * Where the key lives: a file of 32 random bytes, {@link PSEUDONYM_KEY_FILE},
 * in the folder that holds the output folder (by default the working
 * folder, where `run` and `rematch` put mentor-match-out/ and
 * mentor-match-rematch/ side by side). It is created on first use, readable
 * by its owner only, and reused by every later run writing next to it. It is
 * never inside the output folder, which is what gets shared. Not derived
 * from the input: a key made from the applications file would change with
 * every corrected typo or added applicant (so would every pseudonym), and
 * anyone holding last year's file could recompute it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Role } from '../scoring/applicant.js';
import { InputError, type Problem } from './problems.js';

/** The key file's name, in the folder holding the output folder. */
export const PSEUDONYM_KEY_FILE = '.mentor-match-pseudonym-key';

/** What the key file says above the key. */
const KEY_FILE_HEADER =
  '# mentor-match pseudonym key (--anonymize): the same key gives the same pseudonyms in every run.\n' +
  '# Keep it private and never share it with the reports: with it, anyone holding the member numbers\n' +
  '# can tell who is who. Delete it to start new pseudonyms that cannot be linked to the old ones.\n';

/** An open pseudonym key. */
export interface PseudonymKey {
  /** The key file's path. */
  readonly file: string;
  /** Whether this run created it. */
  readonly created: boolean;
  /** A public fingerprint of the key (12 hex digits), recorded in run.json: equal fingerprints, comparable pseudonyms. */
  readonly id: string;
  readonly bytes: Buffer;
}

/** The key file for an output folder: next to it, in its parent folder. */
export function pseudonymKeyFile(outDir: string): string {
  return join(dirname(resolve(outDir)), PSEUDONYM_KEY_FILE);
}

/**
 * Opens the key file next to `outDir`, creating it (owner-only) when there
 * is none. Throws an {@link InputError} when it cannot be used: not a key
 * file, or readable by others (the pseudonyms would be as good as names).
 */
export function openPseudonymKey(outDir: string): PseudonymKey {
  const file = pseudonymKeyFile(outDir);
  let created = false;
  let text = readKeyFile(file);
  if (text === null) {
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and linked into place: two runs starting at once end up with one key, and never read a half-written one.
    const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, `${KEY_FILE_HEADER}${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(aside, file);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(aside);
    }
    text = readKeyFile(file);
    if (text === null) throw new Error(`the pseudonym key ${file} vanished as it was created`);
  }
  const problem = (expected: string): Problem => ({ code: 'file_unreadable', file, column: '--anonymize', expected });
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new InputError([problem(`a pseudonym key readable by its owner only (it is ${mode.toString(8).padStart(3, '0')}; run chmod 600 on it)`)]);
  }
  const hex = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (hex.length !== 1 || !/^[0-9a-f]{64}$/.test(hex[0] as string)) {
    throw new InputError([problem('a pseudonym key written by mentor-match (64 hex digits); move this file away to start a new key')]);
  }
  const bytes = Buffer.from(hex[0] as string, 'hex');
  return { file, created, id: keyFingerprint(bytes), bytes };
}

/** The key file's text, or null when there is none. */
function readKeyFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A key's public fingerprint: says whether two anonymized runs used the same key, and nothing about the key. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('mentor-match key fingerprint').digest('hex').slice(0, 12);
}

/** Crockford's base 32: no I, L, O or U, so a code reads aloud and copies without confusion. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Characters of a code: 40 bits, so a collision in a pool of 10,000 is about one in 20,000; colliding ones get {@link LONG_CODE}. */
export const CODE_LENGTH = 8;
/** Characters of a code that collided with another at {@link CODE_LENGTH} in the same run. */
export const LONG_CODE = 16;

function code(key: Buffer, kind: string, value: string, length: number): string {
  const digest = createHmac('sha256', key).update(`${kind}\0${value}`).digest();
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of digest) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += BASE32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

/** Prefix of a pseudonymous id. */
export const ID_PREFIX = 'P-';
/** Prefix of a pseudonymous department. */
export const DEPARTMENT_PREFIX = 'D-';

/** The pseudonyms of one run. */
export interface Pseudonyms {
  /** The key's fingerprint. */
  readonly keyId: string;
  /** An id's pseudonym: `P-` and 8 (rarely 16) characters. */
  id(original: string): string;
  /** A person's pseudonymous name: "Mentor 7KQ2M3XD", from their id. */
  name(originalId: string, role: Role | null): string;
  /** A department's pseudonym ("D-" and 6 characters): equal labels (case and spaces aside) get the same one. */
  department(label: string): string;
}

/**
 * The pseudonyms of the ids and departments of one run. Every id and
 * department of the run should be given up front: two that collide in their
 * first characters both get longer codes, whatever order they came in.
 */
export function createPseudonyms(key: PseudonymKey | Buffer, ids: Iterable<string>, departments: Iterable<string> = []): Pseudonyms {
  const bytes = Buffer.isBuffer(key) ? key : key.bytes;
  const codes = (kind: string, values: Iterable<string>, length: number): ((v: string) => string) => {
    const known = new Map<string, string>();
    const byCode = new Map<string, string[]>();
    for (const v of new Set(values)) {
      const c = code(bytes, kind, v, length);
      known.set(v, c);
      byCode.set(c, [...(byCode.get(c) ?? []), v]);
    }
    for (const vs of byCode.values()) if (vs.length > 1) for (const v of vs) known.set(v, code(bytes, kind, v, LONG_CODE));
    return (v) => {
      let c = known.get(v);
      if (c === undefined) {
        c = code(bytes, kind, v, length);
        if (byCode.has(c)) c = code(bytes, kind, v, LONG_CODE);
        known.set(v, c);
        byCode.set(c, [v]);
      }
      return c;
    };
  };
  const idCode = codes('id', ids, CODE_LENGTH);
  const departmentKey = (label: string): string => label.trim().replace(/\s+/g, ' ').toLowerCase();
  const departmentCode = codes('department', [...departments].map(departmentKey), 6);
  return {
    keyId: keyFingerprint(bytes),
    id: (original) => `${ID_PREFIX}${idCode(original)}`,
    name: (originalId, role) => `${role === 'mentor' ? 'Mentor' : role === 'mentee' ? 'Mentee' : 'Applicant'} ${idCode(originalId)}`,
    department: (label) => (label.trim() === '' ? '' : `${DEPARTMENT_PREFIX}${departmentCode(departmentKey(label))}`),
  };
}
