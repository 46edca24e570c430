/**
 * emails/: the announcement of the run (PRODUCT.md, "Announcement"), one
 * ready-to-send message per matched person. Each file is an RFC 5322 / MIME
 * message (`.eml`) that a mail client opens as a draft: staff read it,
 * adjust it if they like, and send it.
 *
 * Only people in a pair get a message — a mentor with several mentees one
 * message naming every mentee, a pinned pair the same as any other. Unmatched,
 * ineligible and rejected applicants get none: what to tell them is the
 * committee's call, and unmatched.csv / ineligible.csv say why they are left
 * out.
 *
 * Applicant text is user input and goes into mail headers, so:
 * - names and list items lose every control character (CR and LF above all)
 *   before use, and a display name is always a quoted string or RFC 2047
 *   encoded words, so nothing in it can start a header line or add an address;
 * - an email address goes into `To:` only when it is one plausible address
 *   ({@link headerAddress}); otherwise the message has no `To:` and opens with
 *   a note for staff (reported through `onNote` as well);
 * - file names are built from ids but never are them ({@link emailFilePaths}).
 *
 * Output is a pure function of the result and the program: no Date, no
 * Message-ID, pairs in any order give byte-identical files.
 */
import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { Applicant, Role } from '../scoring/applicant.js';
import { normalizeListItem } from '../scoring/list-overlap.js';
import type { EmailTexts, ResolvedProgram } from '../scoring/program.js';
import { plural } from '../scoring/words.js';
import type { MatchResult } from './match-result.js';

// ---------------------------------------------------------------------------
// Limits

/** The folder of the run output the messages go in. */
export const EMAILS_FOLDER = 'emails';

/** Longest part of a file name taken from an id (ids are user input; a 10 KB id must not become a 10 KB file name). */
export const MAX_FILE_ID_CHARS = 40;

/** Hex digits of the id's SHA-256 added to a file name whose id had to be cleaned or collided. */
export const FILE_HASH_CHARS = 8;

/** Body lines are wrapped at this width (RFC 5322 2.1.1: lines SHOULD be at most 78 characters). */
const BODY_WIDTH = 76;

/** Header lines are folded before this width where they can be. */
const HEADER_WIDTH = 78;

/**
 * A word longer than this is cut: at 3 UTF-8 bytes per character at most
 * (4 for two UTF-16 units), a cut word stays well under the 998-byte line
 * limit of RFC 5322 with 8bit transfer encoding.
 */
const MAX_WORD_CHARS = 200;

/**
 * UTF-8 bytes per RFC 2047 encoded word: 42 bytes are 56 base64 characters,
 * 68 with `=?UTF-8?B?` and `?=`, so "Subject: " plus one word fits in 78.
 */
const ENCODED_WORD_BYTES = 42;

/** Longest display name sent as a quoted string; longer ones are encoded words, which can be folded. */
const MAX_QUOTED_NAME_CHARS = 60;

/** Longest piece of a bad address quoted in a note for staff. */
const MAX_QUOTED_ADDRESS_CHARS = 80;

// ---------------------------------------------------------------------------
// Public API

/** Why a message needs staff attention before it is sent. */
export type EmailNoteCode =
  /** The recipient's own address is not one plausible address: the message has no `To:`. */
  | 'recipient_address_invalid'
  /** The address of someone the message introduces is not usable: the body says staff will send it. */
  | 'match_address_invalid';

/** One message that needs staff attention; it names the file, never the person (notes may be logged). */
export interface EmailNote {
  /** The message's path in the run folder, `emails/mentee-….eml`. */
  readonly file: string;
  readonly code: EmailNoteCode;
}

/** Options of {@link renderEmails}. */
export interface RenderEmailsOptions {
  /**
   * Told about every message that opens with a note for staff (a missing
   * or broken address), e.g. to count them in the run's warnings.
   * @default none
   */
  readonly onNote?: (note: EmailNote) => void;
}

/**
 * Renders the announcement emails of a run: relative path
 * (`emails/mentor-<id>.eml`, `emails/mentee-<id>.eml`) → message text, for
 * the run folder (writeFolderAtomically creates the subfolder).
 *
 * Every mentor and mentee of `result.pairs` gets exactly one message; nobody
 * else gets one. The message greets them, introduces their match (name,
 * email, shared interests, skills the mentee seeks that the mentor offers),
 * asks for first contact within `program.emails.firstContactDays` days and
 * says who makes it, restates the meeting expectations, the agreement and
 * confidentiality reminders, and is signed with the program's signature.
 *
 * @example
 * const files = new Map<string, string>();
 * for (const [path, message] of renderEmails(result, program)) files.set(path, message);
 * writeFolderAtomically(outDir, files);
 */
export function renderEmails(result: MatchResult, program: ResolvedProgram, options: RenderEmailsOptions = {}): Map<string, string> {
  // One entry per person, whatever the order of the pairs: a mentor appears
  // once per mentee in `pairs`, and gets one message listing them all.
  const people = new Map<string, { readonly person: Applicant; readonly partners: Applicant[] }>();
  const add = (person: Applicant, partner: Applicant): void => {
    const key = `${person.role}\u0000${person.id}`;
    const entry = people.get(key);
    if (entry === undefined) people.set(key, { person, partners: [partner] });
    else if (!entry.partners.some((p) => p.id === partner.id)) entry.partners.push(partner);
  };
  for (const pair of result.pairs) {
    add(pair.mentor, pair.mentee);
    add(pair.mentee, pair.mentor);
  }
  const entries = [...people.values()].sort((a, b) => byRoleThenId(a.person, b.person));
  for (const e of entries) e.partners.sort(byId);

  const paths = emailFilePaths(entries.map((e) => e.person));
  const files = new Map<string, string>();
  entries.forEach((e, i) => {
    const file = paths[i] as string;
    const notes: EmailNoteCode[] = [];
    files.set(file, renderMessage(e.person, e.partners, program, notes));
    for (const code of notes) options.onNote?.({ file, code });
  });
  return files;
}

/**
 * The address to put in a header for an address as an applicant wrote it,
 * or null when it is not one plausible address: a dot-atom local part of
 * ASCII (RFC 5322 `atext`), one `@`, and a domain of at least two DNS
 * labels whose last is not all digits. An internationalised domain is
 * given in its ASCII (punycode) form. Anything else — a second address,
 * a display name, angle brackets, spaces, control characters, a quoted
 * local part — is refused rather than repaired: a header must never carry
 * more than the one address the applicant meant.
 *
 * Also checks `emails.reply_to` and `emails.from` in the config.
 *
 * @example
 * headerAddress('Ana@Exämple.org')        // 'Ana@xn--exmple-cua.org'
 * headerAddress('a@x.org, b@y.org')       // null
 */
export function headerAddress(written: string): string | null {
  const s = written.trim();
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  // Letters of any script, digits, hyphens and dots only: the WHATWG host
  // parser behind domainToASCII would otherwise decode `%6d` and the like.
  // It lower-cases, and gives '' for a domain it cannot map.
  if (!DOMAIN_CHARS.test(domain)) return null;
  const ascii = domainToASCII(domain);
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => DNS_LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return null;
  const address = `${local}@${ascii}`;
  return address.length > 254 ? null : address;
}

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

// ---------------------------------------------------------------------------
// One message

/** RFC 5322 dot-atom of `atext`: no quoted local parts, no leading, trailing or doubled dots. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** What a domain may be written with before it is mapped to ASCII. */
const DOMAIN_CHARS = /^[\p{L}\p{M}\p{N}.-]+$/u;
/** One DNS label: letters, digits and inner hyphens, at most 63. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What the body calls each role. */
const ROLE_WORD: Readonly<Record<Role, string>> = { mentor: 'mentor', mentee: 'mentee' };

/** One person's message: headers, then the body; `notes` collects what staff must see to before sending. */
function renderMessage(person: Applicant, partners: readonly Applicant[], program: ResolvedProgram, notes: EmailNoteCode[]): string {
  const t = program.emails;
  const name = cleanLine(person.name);
  const to = headerAddress(person.email);
  const headers: string[] = ['X-Unsent: 1'];
  const from = t.from === null ? null : headerAddress(t.from);
  if (from !== null) headers.push(foldHeader('From', [...phraseWords(cleanLine(program.name)), `<${from}>`]));
  if (to !== null) headers.push(foldHeader('To', name === '' ? [`<${to}>`] : [...phraseWords(name), `<${to}>`]));
  const replyTo = t.replyTo === null ? null : headerAddress(t.replyTo);
  if (replyTo !== null) headers.push(foldHeader('Reply-To', [`<${replyTo}>`]));
  headers.push(foldHeader('Subject', subjectWords(cleanLine(t.subject))));
  headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');

  const body: string[] = [];
  const paragraph = (text: string): void => {
    body.push(...textLines(text), '');
  };
  const staff = (text: string): void => {
    body.push(...wrap(`[Note for program staff; delete it before sending: ${text}]`), '');
  };
  if (to === null) {
    notes.push('recipient_address_invalid');
    staff(
      `this message has no recipient, because the email address on file for ${name === '' ? 'this person' : name} ` +
        `(${quoteAddress(person.email)}) is not one valid address. Correct it in the applications file and run again, ` +
        'or add the right address to the To line by hand.',
    );
  }
  for (const partner of partners) {
    if (headerAddress(partner.email) !== null) continue;
    notes.push('match_address_invalid');
    staff(
      `the email address on file for ${nameOrRole(partner)} (${quoteAddress(partner.email)}) is not one valid address, ` +
        'so the message says staff will send it. Send it, or correct it in the applications file and run again.',
    );
  }

  body.push(...wrap(name === '' ? 'Hello,' : `Dear ${name},`), '');
  paragraph(person.role === 'mentee' ? t.introMentee : t.introMentor);
  const other = person.role === 'mentee' ? 'mentor' : 'mentee';
  body.push(partners.length === 1 ? `Your ${other}:` : `Your ${other}s (${partners.length}):`, '');
  for (const partner of partners) {
    body.push(...matchLines(person, partner), '');
  }
  paragraph(firstContactText(person.role, partners, t));
  paragraph(t.meetingExpectations);
  if (t.agreement !== null) paragraph(t.agreement);
  if (t.confidentiality !== null) paragraph(t.confidentiality);
  paragraph(
    'If you have questions about your match or the program, or if the match is not working out, ' +
      (replyTo === null || t.replyTo === null ? 'reply to this message.' : `write to ${cleanLine(t.replyTo)}.`),
  );
  body.push('Kind regards,', ...textLines(t.signature));

  return `${[...headers, '', ...body].join('\r\n')}\r\n`;
}

/** The block introducing one partner: name and address, shared interests, matching skills. */
function matchLines(person: Applicant, partner: Applicant): string[] {
  const mentor = person.role === 'mentor' ? person : partner;
  const mentee = person.role === 'mentee' ? person : partner;
  const name = cleanLine(partner.name);
  const address = headerAddress(partner.email) === null ? null : cleanLine(partner.email);
  const label = name === '' ? (address ?? `your ${ROLE_WORD[partner.role]}`) : name;
  const contact =
    address === null
      ? `${label} (no valid email address on file: the program staff will send it to you)`
      : name === ''
        ? address
        : `${name} <${address}>`;
  const lines = [...wrap(contact, '  ', '    ')];
  const interests = sharedItems(mentor.interests, mentee.interests);
  if (interests.length > 0) lines.push(...wrap(`Shared interests: ${interests.join(', ')}`, '  ', '    '));
  const skills = sharedItems(mentor.skillsOffered, mentee.skillsSought);
  if (skills.length > 0) {
    const lead = person.role === 'mentee' ? `Skills you hope to build that ${label} offers` : `Skills ${label} hopes to build that you offer`;
    lines.push(...wrap(`${lead}: ${skills.join(', ')}`, '  ', '    '));
  }
  return lines;
}

/** Who makes the first contact, and by when, from this person's side. */
function firstContactText(role: Role, partners: readonly Applicant[], t: EmailTexts): string {
  const within = `within ${plural(t.firstContactDays, 'day')}`;
  const one = partners.length === 1 ? nameOrRole(partners[0] as Applicant) : null;
  const others = `${ROLE_WORD[role === 'mentor' ? 'mentee' : 'mentor']}s`;
  const them = one ?? `each of your ${others}`;
  const first = one === null ? 'a first meeting' : 'your first meeting';
  switch (t.firstContactBy) {
    case 'either':
      return `Please get in touch with ${them} ${within} to arrange ${first}; either of you may write first.`;
    case 'mentee':
    case 'mentor':
      if (t.firstContactBy === role) {
        return `Please contact ${them} ${within} to arrange ${first}: as the ${ROLE_WORD[role]}, you make the first contact.`;
      }
      {
        const verb = t.firstContactBy === 'mentee' ? 'has been asked to contact' : 'will contact';
        if (one !== null) {
          return `${one} ${verb} you ${within} to arrange your first meeting. If you have not heard from them by then, please write to them yourself.`;
        }
        return (
          `Each of your ${others} ${verb} you ${within} to arrange a first meeting. ` +
          'If you have not heard from one of them by then, please write to them yourself.'
        );
      }
  }
}

/** Items of `offered` (as the mentor wrote them, in the mentor's order) that `wanted` also lists, compared as scoring compares list items. */
function sharedItems(offered: readonly string[], wanted: readonly string[]): string[] {
  const keys = new Set(wanted.map(normalizeListItem).filter((k) => k !== ''));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of offered) {
    const key = normalizeListItem(item);
    if (key === '' || !keys.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(cleanLine(item));
  }
  return out;
}

function nameOrRole(a: Applicant): string {
  const name = cleanLine(a.name);
  return name === '' ? `your ${ROLE_WORD[a.role]}` : name;
}

/** A bad address, quoted for a staff note: one line, cut short. */
function quoteAddress(written: string): string {
  const line = cleanLine(written);
  return JSON.stringify(line.length > MAX_QUOTED_ADDRESS_CHARS ? `${line.slice(0, MAX_QUOTED_ADDRESS_CHARS)}…` : line);
}

// ---------------------------------------------------------------------------
// Text and header encoding

/**
 * One line of applicant or config text: every control character and line
 * or paragraph separator becomes a space, whitespace runs one space, trimmed.
 * After this nothing in the text can end a header line.
 */
function cleanLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Config text as body lines: its own line breaks kept (a signature may have several lines), each line cleaned and wrapped. */
function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((line) => {
    const clean = cleanLine(line);
    return clean === '' ? [''] : wrap(clean);
  });
}

/** Greedy word wrap at {@link BODY_WIDTH}; words longer than {@link MAX_WORD_CHARS} are cut. */
function wrap(text: string, firstIndent = '', restIndent = firstIndent): string[] {
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

/**
 * A header from words, folded (CRLF + space) between words to keep lines
 * within {@link HEADER_WIDTH} where a word allows it. Words never hold CR
 * or LF: they are quoted strings, encoded words, `<address>` or cleaned text.
 */
function foldHeader(name: string, words: readonly string[]): string {
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
function phraseWords(name: string): string[] {
  if (PRINTABLE_ASCII.test(name) && name.length <= MAX_QUOTED_NAME_CHARS && !name.includes('=?')) {
    return [`"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`];
  }
  return encodedWords(name);
}

/** The subject as header words: plain words when printable ASCII that folds, otherwise encoded words. */
function subjectWords(subject: string): string[] {
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

// ---------------------------------------------------------------------------
// File names and order

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

/** Ids compare as the pool orders them ("M2" before "M10"), so message order never depends on row order. */
const byId = (a: Applicant, b: Applicant): number => a.id.localeCompare(b.id, 'en', { numeric: true }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Mentors' messages first, then mentees', each by id. */
const byRoleThenId = (a: Applicant, b: Applicant): number => (a.role === b.role ? byId(a, b) : a.role === 'mentor' ? -1 : 1);
