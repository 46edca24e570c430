/**
 * emails/: the announcement of the run (PRODUCT.md, "Announcement"), one
 * ready-to-send message per matched person. Each file is an RFC 5322 / MIME
 * message (`.eml`) that a mail client opens as a draft: staff read it,
 * adjust it if they like, and send it.
 *
 * Only people in a pair get a message — a mentor with several mentees one
 * message naming every mentee, a pinned pair the same as any other. In group
 * mentoring every mentor of a group that runs (its lead and its co-mentors
 * alike) gets one introducing their co-mentors and every mentee of the group;
 * a mentee's names the group's mentors (with their addresses) and the fellow
 * mentees by name only: no mentee's address goes to another mentee. Unmatched,
 * ineligible and rejected applicants get none: what to tell them is the
 * committee's call, and unmatched.csv / ineligible.csv say why they are left
 * out.
 *
 * Applicant text is user input and goes into mail headers, so:
 * - names and list items lose every control character (CR and LF above all)
 *   before use, and a display name is always a quoted string or RFC 2047
 *   encoded words, so nothing in it can start a header line or add an address;
 * - an email address goes into `To:` only when it is one plausible address
 *   ({@link headerAddress}, check-email-address.ts); otherwise the message has
 *   no `To:` and opens with a note for staff (reported through `onNote` as well);
 * - file names are built from ids but never are them ({@link emailFilePaths},
 *   name-email-files.ts).
 *
 * Output is a pure function of the result and the program: no Date, no
 * Message-ID, pairs in any order give byte-identical files.
 *
 * This file writes the messages; header encoding is in encode-mail-header.ts,
 * cleaning and wrapping text in wrap-email-text.ts.
 */
import { byId } from '../scoring/compare-ids.js';
import type { Applicant, Role } from '../scoring/applicant.js';
import { normalizeListItem } from '../scoring/list-overlap.js';
import type { EmailTexts, ResolvedProgram } from '../scoring/program.js';
import { listInWords, plural } from '../scoring/words.js';
import { headerAddress } from './check-email-address.js';
import { describeGroups, type GroupMember } from './describe-groups.js';
import { foldHeader, phraseWords, subjectWords } from './encode-mail-header.js';
import type { MatchResult } from './match-result.js';
import { emailFilePaths } from './name-email-files.js';
import { cleanLine, textLines, wrap } from './wrap-email-text.js';

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
 * Every mentor and mentee of `result.pairs` (and, in group mentoring, every
 * co-mentor of a group) gets exactly one message; nobody else gets one. The message greets them, introduces their match (name,
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
  const people = new Map<string, { readonly person: Applicant; readonly partners: Applicant[]; group?: MailGroup }>();
  const add = (person: Applicant, partner: Applicant): void => {
    const key = `${person.role}\u0000${person.id}`;
    const entry = people.get(key);
    if (entry === undefined) people.set(key, { person, partners: [partner] });
    else if (!entry.partners.some((p) => p.id === partner.id)) entry.partners.push(partner);
  };
  for (const pair of result.pairs) {
    if (pair.group !== undefined) continue;
    add(pair.mentor, pair.mentee);
    add(pair.mentee, pair.mentor);
  }
  const entries = [...people.values()].sort((a, b) => byRoleThenId(a.person, b.person));
  for (const e of entries) e.partners.sort(byId);
  // Group mentoring: every mentor of the group (lead first) and every mentee of it.
  for (const g of describeGroups(result)) {
    const group: MailGroup = { mentors: g.mentors, members: g.members };
    const mentees = g.members.map((m) => m.pair.mentee);
    for (const mentor of g.mentors) entries.push({ person: mentor, partners: mentees, group });
    for (const mentee of mentees) entries.push({ person: mentee, partners: [...g.mentors], group });
  }
  entries.sort((a, b) => byRoleThenId(a.person, b.person));

  const paths = emailFilePaths(entries.map((e) => e.person));
  const files = new Map<string, string>();
  entries.forEach((e, i) => {
    const file = paths[i] as string;
    const notes: EmailNoteCode[] = [];
    files.set(file, e.group === undefined ? renderMessage(e.person, e.partners, program, notes) : renderGroupMessage(e.person, e.group, program, notes));
    for (const code of notes) options.onNote?.({ file, code });
  });
  return files;
}

/** A group as its messages need it: its mentors (lead first) and its mentees (in id order, with the interests each shares with the others). */
interface MailGroup {
  readonly mentors: readonly Applicant[];
  readonly members: readonly GroupMember[];
}

// ---------------------------------------------------------------------------
// One message

/** What the body calls each role. */
const ROLE_WORD: Readonly<Record<Role, string>> = { mentor: 'mentor', mentee: 'mentee' };

/** One person's message: headers, then the body; `notes` collects what staff must see to before sending. */
function renderMessage(person: Applicant, partners: readonly Applicant[], program: ResolvedProgram, notes: EmailNoteCode[]): string {
  const t = program.emails;
  const other = person.role === 'mentee' ? 'mentor' : 'mentee';
  const blocks: string[] = [partners.length === 1 ? `Your ${other}:` : `Your ${other}s (${partners.length}):`, ''];
  for (const partner of partners) blocks.push(...matchLines(person, partner), '');
  return composeMessage(person, partners, blocks, firstContactText(person.role, partners, t), program, notes);
}

/**
 * One person's message in a group: a mentor's introduces their co-mentors
 * and every mentee of the group; a mentee's, the group's mentors and the
 * other mentees by name only (never their addresses).
 */
function renderGroupMessage(person: Applicant, group: MailGroup, program: ResolvedProgram, notes: EmailNoteCode[]): string {
  const t = program.emails;
  const blocks: string[] = [];
  const mentees = group.members.map((m) => m.pair.mentee);
  if (person.role === 'mentor') {
    const coMentors = group.mentors.filter((m) => m.id !== person.id);
    if (coMentors.length > 0) {
      blocks.push(coMentors.length === 1 ? 'You lead the group together with your co-mentor:' : `You lead the group together with your co-mentors (${coMentors.length}):`, '');
      for (const co of coMentors) {
        blocks.push(...contactLines(co, 'your co-mentor'));
        const interests = sharedItems(co.interests, person.interests);
        if (interests.length > 0) blocks.push(...wrap(`Shared interests: ${interests.join(', ')}`, '  ', '    '));
        blocks.push('');
      }
    }
    blocks.push(mentees.length === 1 ? 'The mentee of your group:' : `The mentees of your group (${mentees.length}):`, '');
    for (const member of group.members) {
      blocks.push(...matchLines(person, member.pair.mentee));
      const peers = member.withPeers
        .map((s) => ({ interest: cleanLine(s.interest), names: s.heldBy.map((id) => mentees.find((m) => m.id === id)).filter((m): m is Applicant => m !== undefined).map((m) => nameOrRole(m)) }))
        .filter((s) => s.interest !== '' && s.names.length > 0);
      if (peers.length > 0) {
        blocks.push(...wrap(`In common with other mentees of the group: ${peers.map((s) => `${s.interest} (${listInWords(s.names)})`).join('; ')}`, '  ', '    '));
      }
      blocks.push('');
    }
    return composeMessage(person, [...coMentors, ...mentees], blocks, groupFirstContactText(person, group, t), program, notes);
  }
  blocks.push(group.mentors.length === 1 ? 'Your mentor:' : `Your mentors (${group.mentors.length}):`, '');
  for (const mentor of group.mentors) blocks.push(...matchLines(person, mentor), '');
  const peers = mentees.filter((m) => m.id !== person.id);
  if (peers.length > 0) {
    // Names only: a mentee's address is theirs to give.
    const named = peers.map((m) => cleanLine(m.name)).filter((n) => n !== '');
    const unnamed = peers.length - named.length;
    const names = unnamed === 0 ? named : [...named, named.length === 0 ? plural(unnamed, 'mentee') : plural(unnamed, 'other mentee')];
    blocks.push(peers.length === 1 ? 'The other mentee of your group:' : `The other mentees of your group (${peers.length}):`, '');
    blocks.push(...wrap(`${listInWords(names)}.`, '  ', '    '), '');
  }
  return composeMessage(person, group.mentors, blocks, groupFirstContactText(person, group, t), program, notes);
}

/**
 * The message around its introductions: headers, staff notes (the
 * recipient's address, then every address of `introduced` that is not
 * usable), greeting and intro, `blocks`, the first-contact paragraph, the
 * program's paragraphs and the signature.
 */
function composeMessage(
  person: Applicant,
  introduced: readonly Applicant[],
  blocks: readonly string[],
  firstContact: string,
  program: ResolvedProgram,
  notes: EmailNoteCode[],
): string {
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
  for (const partner of introduced) {
    if (headerAddress(partner.email) !== null) continue;
    notes.push('match_address_invalid');
    staff(
      `the email address on file for ${nameOrRole(partner)} (${quoteAddress(partner.email)}) is not one valid address, ` +
        'so the message says staff will send it. Send it, or correct it in the applications file and run again.',
    );
  }

  body.push(...wrap(name === '' ? 'Hello,' : `Dear ${name},`), '');
  paragraph(person.role === 'mentee' ? t.introMentee : t.introMentor);
  body.push(...blocks);
  paragraph(firstContact);
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

/** How the body names someone: their name, else their address, else `fallback` ("your mentor"). */
function labelOf(partner: Applicant, fallback: string): string {
  const name = cleanLine(partner.name);
  const address = headerAddress(partner.email) === null ? null : cleanLine(partner.email);
  return name === '' ? (address ?? fallback) : name;
}

/** The indented name-and-address line(s) of someone the message introduces; `fallback` names them when they have neither. */
function contactLines(partner: Applicant, fallback: string): string[] {
  const name = cleanLine(partner.name);
  const address = headerAddress(partner.email) === null ? null : cleanLine(partner.email);
  const label = labelOf(partner, fallback);
  const contact =
    address === null
      ? `${label} (no valid email address on file: the program staff will send it to you)`
      : name === ''
        ? address
        : `${name} <${address}>`;
  return wrap(contact, '  ', '    ');
}

/** The block introducing one partner: name and address, shared interests, matching skills. */
function matchLines(person: Applicant, partner: Applicant): string[] {
  const mentor = person.role === 'mentor' ? person : partner;
  const mentee = person.role === 'mentee' ? person : partner;
  const label = labelOf(partner, `your ${ROLE_WORD[partner.role]}`);
  const lines = contactLines(partner, `your ${ROLE_WORD[partner.role]}`);
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

/** Who makes the first contact in a group, and by when, from this person's side (plural-aware: "your mentors"). */
function groupFirstContactText(person: Applicant, group: MailGroup, t: EmailTexts): string {
  const within = `within ${plural(t.firstContactDays, 'day')}`;
  const meeting = "the group's first meeting";
  const mentees = group.members.map((m) => m.pair.mentee);
  if (person.role === 'mentor') {
    const coMentors = group.mentors.filter((m) => m.id !== person.id);
    const them = mentees.length === 1 ? nameOrRole(mentees[0] as Applicant) : 'each of your mentees';
    const together = coMentors.length === 0 ? '' : ` Agree with ${listInWords(coMentors.map((m) => nameOrCoMentor(m)))} which of you writes.`;
    switch (t.firstContactBy) {
      case 'either':
        return `Please get in touch with ${them} ${within} to arrange ${meeting}; either side may write first.${together}`;
      case 'mentor': {
        const who = coMentors.length === 0 ? "as the group's mentor, you make" : `as the group's mentors, you and your ${coMentors.length === 1 ? 'co-mentor' : 'co-mentors'} make`;
        return `Please contact ${them} ${within} to arrange ${meeting}: ${who} the first contact.${together}`;
      }
      case 'mentee': {
        const whom = coMentors.length === 0 ? 'you' : "the group's mentors";
        return mentees.length === 1
          ? `${nameOrRole(mentees[0] as Applicant)} has been asked to contact ${whom} ${within} to arrange ${meeting}. If you have not heard from them by then, please write to them yourself.`
          : `Each of your mentees has been asked to contact ${whom} ${within} to arrange ${meeting}. If you have not heard from one of them by then, please write to them yourself.`;
      }
    }
  }
  const one = group.mentors.length === 1 ? nameOrRole(group.mentors[0] as Applicant) : null;
  const mentors = one ?? 'your mentors';
  switch (t.firstContactBy) {
    case 'either':
      return `Please get in touch with ${mentors} ${within} to arrange ${meeting}; either side may write first.`;
    case 'mentee':
      return `Please contact ${mentors} ${within} to arrange ${meeting}: as a mentee, you make the first contact.`;
    case 'mentor':
      return one !== null
        ? `${one} will contact you ${within} to arrange ${meeting}. If you have not heard from them by then, please write to them yourself.`
        : `Your mentors will contact you ${within} to arrange ${meeting}. If you have not heard from them by then, please write to them yourself.`;
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

function nameOrCoMentor(a: Applicant): string {
  const name = cleanLine(a.name);
  return name === '' ? 'your co-mentor' : name;
}

/** A bad address, quoted for a staff note: one line, cut short. */
function quoteAddress(written: string): string {
  // Cut by code points, so an emoji at the cut is never split into a lone surrogate.
  const chars = Array.from(cleanLine(written));
  return JSON.stringify(chars.length > MAX_QUOTED_ADDRESS_CHARS ? `${chars.slice(0, MAX_QUOTED_ADDRESS_CHARS).join('')}…` : chars.join(''));
}

// ---------------------------------------------------------------------------
// Order

/** Ids compare as the pool orders them ("M2" before "M10"), so message order never depends on row order. */

/** Mentors' messages first, then mentees', each by id. */
const byRoleThenId = (a: Applicant, b: Applicant): number => (a.role === b.role ? byId(a, b) : a.role === 'mentor' ? -1 : 1);
