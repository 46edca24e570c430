import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { headerAddress } from '../runners/check-email-address.js';
import { DEFAULT_PROGRAM, resolveProgramConfig } from '../runners/load-config.js';
import { matchCohort } from '../runners/match-cohort.js';
import type { MatchedPair, MatchResult } from '../runners/match-result.js';
import { emailFilePaths, FILE_HASH_CHARS, MAX_FILE_ID_CHARS } from '../runners/name-email-files.js';
import { renderEmails, type EmailNote } from '../runners/render-emails.js';
import { loadInputs } from '../runners/run-batch.js';
import type { Applicant } from '../scoring/applicant.js';
import type { EmailTexts, ResolvedProgram } from '../scoring/program.js';
import { makeApplicant } from './helpers/applicant.js';
import { smallCohort } from './helpers/cohort.js';
import { testProgram } from './helpers/program.js';
import { rng } from './helpers/rng.js';

// ---------------------------------------------------------------------------
// Reading a message back, strictly: what a mail client would see.

interface Parsed {
  /** Header fields in order, unfolded (CRLF before whitespace removed), names as written. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/**
 * Parses an RFC 5322 message and fails on anything malformed: CR or LF
 * outside CRLF pairs, a header line that is neither `Name: value` nor a
 * folded continuation, non-ASCII in the header, lines over 998 octets.
 */
function parse(message: string): Parsed {
  expect(message.endsWith('\r\n')).toBe(true);
  expect(message.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of message.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
  const end = message.indexOf('\r\n\r\n');
  expect(end).toBeGreaterThan(0);
  const headers: [string, string][] = [];
  for (const line of message.slice(0, end).split('\r\n')) {
    expect(line, 'header lines are printable ASCII').toMatch(/^[\x20-\x7e\t]*$/);
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line)) {
      expect(last, 'a continuation follows a field').toBeDefined();
      expect(line.trim()).not.toBe('');
      if (last !== undefined) last[1] += line;
      continue;
    }
    const m = /^([\x21-\x39\x3b-\x7e]+): ?(.*)$/.exec(line);
    expect(m, `a header line "Name: value": ${line}`).not.toBeNull();
    if (m !== null) headers.push([m[1] as string, m[2] as string]);
  }
  return { headers, body: message.slice(end + 4) };
}

/** Every value of a header field (names compare ignoring case). */
const fields = (p: Parsed, name: string): string[] => p.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
const field = (p: Parsed, name: string): string | undefined => {
  const values = fields(p, name);
  expect(values.length, `${name} at most once`).toBeLessThanOrEqual(1);
  return values[0];
};

const ENCODED_WORD = /^=\?UTF-8\?B\?([A-Za-z0-9+/]*={0,2})\?=$/;

/** Header text as a reader shows it: RFC 2047 encoded words decoded (adjacent ones joined), or plain words. */
function decodeText(value: string): string {
  const words = value.trim().split(/\s+/);
  if (!words.every((w) => ENCODED_WORD.test(w))) return words.join(' ');
  for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
  return Buffer.concat(words.map((w) => Buffer.from(ENCODED_WORD.exec(w)?.[1] ?? '', 'base64'))).toString('utf8');
}

/** A `To:` value → display name and the one address; fails unless it is exactly one mailbox. */
function mailbox(value: string): { name: string; address: string } {
  const m = /^(?:(.*?)\s+)?<([^<>\s,;"]+)>$/.exec(value.trim());
  expect(m, `one mailbox: ${value}`).not.toBeNull();
  const phrase = m?.[1] ?? '';
  const address = m?.[2] ?? '';
  if (phrase.startsWith('"')) {
    const q = /^"((?:[^"\\]|\\.)*)"$/.exec(phrase);
    expect(q, `a well-formed quoted string: ${phrase}`).not.toBeNull();
    return { name: (q?.[1] ?? '').replace(/\\(.)/g, '$1'), address };
  }
  return { name: decodeText(phrase), address };
}

/** The body with line wrapping undone, for looking up phrases. */
const flat = (body: string): string => body.replace(/\s+/g, ' ');

// ---------------------------------------------------------------------------
// Building results

function pairOf(mentor: Applicant, mentee: Applicant, pinned = false): MatchedPair {
  return { mentor, mentee, score: 50, choiceRank: null, pinned, contributions: [] };
}

function resultOf(pairs: readonly MatchedPair[]): MatchResult {
  return { pairs, unmatched: [], ineligible: [], rejected: [], totalScore: 0, solver: 'test', blockedPairs: {}, roadsNotTaken: [] };
}

const mentorA = (over: Partial<Applicant> = {}) => makeApplicant({ id: 'M1', role: 'mentor', name: 'Mira Mentor', email: 'mira@example.org', ...over });
const menteeA = (over: Partial<Applicant> = {}) => makeApplicant({ id: 'E1', role: 'mentee', name: 'Eli Mentee', email: 'eli@example.org', ...over });

const withTexts = (texts: Partial<EmailTexts>, base: ResolvedProgram = testProgram()): ResolvedProgram => ({
  ...base,
  emails: { ...base.emails, ...texts },
});

/** Renders one pair and returns both messages parsed. */
function renderPair(mentor: Applicant, mentee: Applicant, program: ResolvedProgram = testProgram(), notes: EmailNote[] = []) {
  const files = renderEmails(resultOf([pairOf(mentor, mentee)]), program, { onNote: (n) => notes.push(n) });
  expect(files.size).toBe(2);
  const [mentorPath, menteePath] = emailFilePaths([mentor, mentee]);
  return {
    files,
    mentor: parse(files.get(mentorPath as string) ?? ''),
    mentee: parse(files.get(menteePath as string) ?? ''),
  };
}

// ---------------------------------------------------------------------------
// The bundled sample cohort, matched for real

describe('the sample cohort', () => {
  const dir = new URL('../fixtures/sample-cohort/', import.meta.url).pathname;
  let program: ResolvedProgram;
  let result: MatchResult;
  let applicants: readonly Applicant[];
  let files: Map<string, string>;

  beforeAll(() => {
    const inputs = loadInputs({
      applicationsFile: `${dir}applications.csv`,
      configFile: `${dir}program.yaml`,
      historyFile: `${dir}history.csv`,
      editsFile: `${dir}edits.csv`,
    });
    const outcome = matchCohort({ ...inputs, threads: 1 });
    if (outcome.status !== 'matched') throw new Error(`the sample cohort did not match: ${outcome.status}`);
    program = inputs.program;
    applicants = inputs.applicants;
    result = outcome.result;
    files = renderEmails(result, program);
  });

  /** Each matched person once, with everyone they are paired with. */
  const matched = () => {
    const people = new Map<string, { person: Applicant; partners: Applicant[] }>();
    for (const p of result.pairs) {
      for (const [person, partner] of [[p.mentor, p.mentee], [p.mentee, p.mentor]] as const) {
        const entry = people.get(person.id) ?? { person, partners: [] };
        entry.partners.push(partner);
        people.set(person.id, entry);
      }
    }
    return [...people.values()];
  };

  it('one message per matched person: mentors with pairs plus mentees with pairs', () => {
    const mentors = new Set(result.pairs.map((p) => p.mentor.id));
    const mentees = new Set(result.pairs.map((p) => p.mentee.id));
    expect(result.pairs.length).toBeGreaterThan(10);
    expect(mentors.size).toBeLessThan(result.pairs.length); // some mentor takes several: the sample has capacities
    expect(files.size).toBe(mentors.size + mentees.size);
    const people = matched().map((m) => m.person);
    expect(new Set(files.keys())).toEqual(new Set(emailFilePaths(people)));
  });

  it('every matched person is the recipient of exactly one message; the unmatched and the ineligible of none', () => {
    const recipients = [...files.values()].map((m) => {
      const to = field(parse(m), 'To');
      expect(to).toBeDefined();
      return mailbox(to ?? '').address.toLowerCase();
    });
    const expected = matched().map((m) => m.person.email.toLowerCase());
    expect(recipients.sort()).toEqual(expected.sort());
    const leftOut = [...result.unmatched.map((u) => u.applicant), ...result.ineligible.map((x) => x.applicant)];
    expect(leftOut.length).toBeGreaterThan(0);
    for (const a of leftOut) expect(recipients).not.toContain(a.email.toLowerCase());
    expect(applicants.length).toBe(matched().length + leftOut.length);
  });

  it('each message greets its person, names every match with their email, each shared interest and matching skill', () => {
    const people = matched();
    const paths = emailFilePaths(people.map((m) => m.person));
    people.forEach(({ person, partners }, i) => {
      const msg = parse(files.get(paths[i] as string) ?? '');
      expect(mailbox(field(msg, 'To') ?? '')).toEqual({ name: person.name, address: person.email });
      const body = flat(msg.body);
      expect(body).toContain(`Dear ${person.name},`);
      for (const partner of partners) {
        expect(body).toContain(`${partner.name} <${partner.email}>`);
        const mentor = person.role === 'mentor' ? person : partner;
        const mentee = person.role === 'mentee' ? person : partner;
        // Oracle: the intersection ignoring case, as the mentor wrote it.
        const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.trim().toLowerCase()));
        const interests = mentor.interests.filter((x) => lower(mentee.interests).has(x.trim().toLowerCase()));
        const skills = mentor.skillsOffered.filter((x) => lower(mentee.skillsSought).has(x.trim().toLowerCase()));
        for (const x of [...interests, ...skills]) expect(body).toContain(x.trim());
      }
    });
  });

  it('a mentor of several mentees gets one message listing them all', () => {
    const byMentor = new Map<string, Applicant[]>();
    for (const p of result.pairs) byMentor.set(p.mentor.id, [...(byMentor.get(p.mentor.id) ?? []), p.mentee]);
    const [mentorId, mentees] = [...byMentor].find(([, ms]) => ms.length >= 2) ?? ['', []];
    expect(mentees.length).toBeGreaterThanOrEqual(2);
    const mentor = result.pairs.find((p) => p.mentor.id === mentorId)?.mentor as Applicant;
    const [path] = emailFilePaths([mentor]);
    const body = flat(parse(files.get(path as string) ?? '').body);
    expect(body).toContain(`Your mentees (${mentees.length}):`);
    for (const m of mentees) expect(body).toContain(`${m.name} <${m.email}>`);
    expect(body).toContain('Each of your mentees has been asked to contact you within 30 days');
  });

  it('a pinned pair is introduced like any other', () => {
    const pinned = result.pairs.find((p) => p.pinned);
    expect(pinned).toBeDefined();
    if (pinned === undefined) return;
    const [mentorPath, menteePath] = emailFilePaths([pinned.mentor, pinned.mentee]);
    expect(flat(parse(files.get(menteePath as string) ?? '').body)).toContain(`${pinned.mentor.name} <${pinned.mentor.email}>`);
    expect(flat(parse(files.get(mentorPath as string) ?? '').body)).toContain(`${pinned.mentee.name} <${pinned.mentee.email}>`);
  });

  it('states the days, meeting expectations, agreement, confidentiality, signature and reply-to of the config', () => {
    const t = program.emails;
    expect(t.replyTo).toBe('mentorship@example.org');
    for (const message of files.values()) {
      const p = parse(message);
      expect(field(p, 'Subject')).toBe(t.subject);
      expect(field(p, 'Reply-To')).toBe('<mentorship@example.org>');
      expect(field(p, 'MIME-Version')).toBe('1.0');
      expect(field(p, 'Content-Type')).toBe('text/plain; charset=utf-8');
      expect(field(p, 'Content-Transfer-Encoding')).toBe('8bit');
      expect(field(p, 'X-Unsent')).toBe('1');
      expect(fields(p, 'Date')).toEqual([]);
      expect(fields(p, 'Message-ID')).toEqual([]);
      const body = flat(p.body);
      expect(body).toContain('within 30 days');
      for (const text of [t.meetingExpectations, t.agreement, t.confidentiality, t.signature]) expect(body).toContain(flat(text ?? ''));
      expect(body).toContain('write to mentorship@example.org');
    }
  });

  it('follows the config when its email texts change (YAML in, messages out)', () => {
    const yaml = readFileSync(`${dir}program.yaml`, 'utf8').replace(
      /^emails:[\s\S]*$/m,
      [
        'emails:',
        '  first_contact_days: 21',
        '  first_contact_by: mentor',
        '  meeting_expectations: Meet every second Tuesday, for one hour, over coffee or video.',
        '  subject: Welcome to the program',
        '  signature: |',
        '    Dana Coordinator',
        '    Mentoring Office',
        '  intro_mentee: Hello from the mentoring office, mentee edition.',
        '  intro_mentor: Hello from the mentoring office, mentor edition.',
        '  confidentiality: false',
        '  agreement: Bring the signed agreement to your first meeting.',
        '  from: office@example.org',
        '',
      ].join('\n'),
    );
    const r = resolveProgramConfig(yaml, 'program.yaml');
    expect(r.problems).toEqual([]);
    const changed = renderEmails(result, r.program);
    expect([...changed.keys()]).toEqual([...files.keys()]);
    for (const [path, message] of changed) {
      const p = parse(message);
      const body = flat(p.body);
      expect(field(p, 'Subject')).toBe('Welcome to the program');
      expect(mailbox(field(p, 'From') ?? '')).toEqual({ name: r.program.name, address: 'office@example.org' });
      expect(fields(p, 'Reply-To')).toEqual([]);
      expect(body).toContain('within 21 days');
      expect(body).not.toContain('within 30 days');
      expect(body).toContain('Meet every second Tuesday, for one hour, over coffee or video.');
      expect(p.body).toContain('Kind regards,\r\nDana Coordinator\r\nMentoring Office\r\n');
      expect(body).toContain('Bring the signed agreement to your first meeting.');
      expect(body).not.toContain(flat(DEFAULT_PROGRAM.emails.confidentiality ?? ''));
      expect(body).toContain('reply to this message');
      if (path.startsWith('emails/mentor-')) {
        expect(body).toContain('Hello from the mentoring office, mentor edition.');
        expect(body).toContain('as the mentor, you make the first contact');
      } else {
        expect(body).toContain('Hello from the mentoring office, mentee edition.');
        expect(body).toMatch(/will contact you within 21 days/);
      }
    }
  });

  it('is deterministic: rendered twice, or from the pairs in any order, byte for byte the same', () => {
    expect([...renderEmails(result, program)]).toEqual([...files]);
    const next = rng(7);
    for (let round = 0; round < 5; round++) {
      const shuffled = [...result.pairs];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as MatchedPair, shuffled[i] as MatchedPair];
      }
      expect([...renderEmails({ ...result, pairs: shuffled }, program)]).toEqual([...files]);
    }
  });

  it('keeps header lines within 78 characters and body lines within 76', () => {
    for (const message of files.values()) {
      const end = message.indexOf('\r\n\r\n');
      for (const line of message.slice(0, end).split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
      for (const line of message.slice(end + 4).split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    }
  });
});

// ---------------------------------------------------------------------------
// The body

describe('what a message says', () => {
  it('shared interests and skills: ignoring case, in the mentor’s words; nothing the two do not share', () => {
    const mentor = mentorA({ interests: ['Open Data', 'Budgeting', 'Sailing'], skillsOffered: ['Public Speaking', 'GIS'] });
    const mentee = menteeA({ interests: ['open data', 'BUDGETING ', 'hiking'], skillsSought: ['public speaking', 'negotiation'] });
    const { mentor: m, mentee: e } = renderPair(mentor, mentee);
    expect(flat(e.body)).toContain('Shared interests: Open Data, Budgeting');
    expect(flat(e.body)).toContain('Skills you hope to build that Mira Mentor offers: Public Speaking');
    expect(flat(m.body)).toContain('Shared interests: Open Data, Budgeting');
    expect(flat(m.body)).toContain('Skills Eli Mentee hopes to build that you offer: Public Speaking');
    for (const body of [m.body, e.body]) {
      for (const other of ['Sailing', 'hiking', 'GIS', 'negotiation']) expect(body).not.toContain(other);
    }
  });

  it('no shared interest: no such line', () => {
    const { mentee } = renderPair(mentorA({ interests: ['a'] }), menteeA({ interests: ['b'] }));
    expect(mentee.body).not.toContain('Shared interests');
    expect(mentee.body).not.toContain('Skills');
  });

  it.each<[EmailTexts['firstContactBy'], string, string]>([
    ['mentee', 'Eli Mentee has been asked to contact you within 30 days', 'Please contact Mira Mentor within 30 days to arrange your first meeting: as the mentee, you make the first contact.'],
    ['mentor', 'Please contact Eli Mentee within 30 days to arrange your first meeting: as the mentor, you make the first contact.', 'Mira Mentor will contact you within 30 days'],
    ['either', 'Please get in touch with Eli Mentee within 30 days to arrange your first meeting; either of you may write first.', 'Please get in touch with Mira Mentor within 30 days'],
  ])('first contact by %s', (by, mentorSays, menteeSays) => {
    const { mentor, mentee } = renderPair(mentorA(), menteeA(), withTexts({ firstContactBy: by }));
    expect(flat(mentor.body)).toContain(mentorSays);
    expect(flat(mentee.body)).toContain(menteeSays);
  });

  it('one day is "1 day"', () => {
    const { mentee } = renderPair(mentorA(), menteeA(), withTexts({ firstContactDays: 1 }));
    expect(flat(mentee.body)).toContain('within 1 day to arrange');
  });

  it('leaves out the agreement and confidentiality reminders that are switched off', () => {
    const on = renderPair(mentorA(), menteeA());
    const off = renderPair(mentorA(), menteeA(), withTexts({ confidentiality: null, agreement: null }));
    for (const text of [DEFAULT_PROGRAM.emails.confidentiality, DEFAULT_PROGRAM.emails.agreement]) {
      expect(flat(on.mentee.body)).toContain(text);
      expect(flat(off.mentee.body)).not.toContain(text);
    }
  });

  it('an empty name: "Hello," and a To with the address only', () => {
    const { mentee } = renderPair(mentorA(), menteeA({ name: ' \r\n ' }));
    expect(mentee.body.startsWith('Hello,\r\n')).toBe(true);
    expect(field(mentee, 'To')).toBe('<eli@example.org>');
  });
});

// ---------------------------------------------------------------------------
// Headers

describe('no header injection', () => {
  const HOSTILE_NAMES = [
    'Eve\r\nBcc: x@evil.example',
    'Eve\nBcc: x@evil.example',
    'Eve\rBcc: x@evil.example',
    'Eve\r\n\r\nBody takeover',
    'Eve\u0000\u0085\u2028Bcc: x@evil.example',
    'Eve "the boss" \\ <x@evil.example>, y@evil.example',
    '=?UTF-8?B?QmNjOiB4QGV2aWwuZXhhbXBsZQ==?=',
  ];

  it.each(HOSTILE_NAMES)('a name like %j adds no header and no recipient', (name) => {
    for (const who of ['mentor', 'mentee'] as const) {
      const mentor = who === 'mentor' ? mentorA({ name }) : mentorA();
      const mentee = who === 'mentee' ? menteeA({ name }) : menteeA();
      const { mentor: m, mentee: e } = renderPair(mentor, mentee);
      for (const p of [m, e]) {
        expect(p.headers.map(([n]) => n)).toEqual(['X-Unsent', 'To', 'Subject', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding']);
        expect(fields(p, 'Bcc')).toEqual([]);
      }
      const target = who === 'mentor' ? m : e;
      const to = mailbox(field(target, 'To') ?? '');
      expect(to.address).toBe(who === 'mentor' ? 'mira@example.org' : 'eli@example.org');
      expect(to.name).not.toMatch(/[\r\n\u0000\u0085\u2028]/);
      // The name, as the reader sees it, is the name with every control character read as a space.
      expect(to.name).toBe(name.replace(/[\p{Cc}\u2028]/gu, ' ').replace(/\s+/g, ' ').trim());
      // In the other's message the name is text on its line, never a line of its own.
      const other = who === 'mentor' ? e : m;
      expect(other.body).not.toMatch(/^Bcc:/m);
      expect(other.body).not.toMatch(/^Body takeover/m);
    }
  });

  it.each([
    'eve@example.org\r\nBcc: x@evil.example',
    'eve@example.org, x@evil.example',
    'eve@example.org;x@evil.example',
    'Eve <eve@example.org>',
    '<eve@example.org>',
    'eve@example.org>,<x@evil.example',
    '"eve"@example.org',
    'eve@@example.org',
    'eve@example',
    'eve@127.0.0.1',
    'eve@exa%6dple.org',
    '',
  ])('an address like %j is not put in To: the message has no recipient and a note for staff', (email) => {
    const notes: EmailNote[] = [];
    const { mentor, mentee } = renderPair(mentorA(), menteeA({ email }), testProgram(), notes);
    expect(fields(mentee, 'To')).toEqual([]);
    expect(fields(mentee, 'Bcc')).toEqual([]);
    expect(flat(mentee.body)).toMatch(/^\[Note for program staff; delete it before sending: this message has no recipient/);
    // The mentor is told staff will send the address instead of being given a broken one.
    expect(flat(mentor.body)).toContain('Eli Mentee (no valid email address on file: the program staff will send it to you)');
    expect(mentor.body).toMatch(/^\[Note for program staff/);
    expect(mailbox(field(mentor, 'To') ?? '').address).toBe('mira@example.org');
    const [mentorPath, menteePath] = emailFilePaths([mentorA(), menteeA()]);
    expect(notes).toEqual([
      { file: mentorPath, code: 'match_address_invalid' },
      { file: menteePath, code: 'recipient_address_invalid' },
    ]);
  });

  it('a subject with a line break (a library caller skipping the config checks) stays one header', () => {
    const { mentee } = renderPair(mentorA(), menteeA(), withTexts({ subject: 'Hello\r\nBcc: x@evil.example' }));
    expect(fields(mentee, 'Bcc')).toEqual([]);
    expect(field(mentee, 'Subject')).toBe('Hello Bcc: x@evil.example');
  });

  it('a config address that is not one address (a library caller) is left out, not sent', () => {
    const { mentee } = renderPair(mentorA(), menteeA(), withTexts({ replyTo: 'a@x.org\r\nBcc: y@z.org', from: 'a@x.org, b@y.org' }));
    expect(fields(mentee, 'Reply-To')).toEqual([]);
    expect(fields(mentee, 'From')).toEqual([]);
    expect(fields(mentee, 'Bcc')).toEqual([]);
  });
});

describe('non-ASCII text', () => {
  it('names become RFC 2047 encoded words in headers and stay plain UTF-8 in the body', () => {
    const { mentor, mentee } = renderPair(mentorA({ name: 'Zoë Ångström' }), menteeA({ name: '李小龍' }));
    const to = field(mentor, 'To') ?? '';
    expect(to).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <mira@example\.org>$/);
    expect(mailbox(to)).toEqual({ name: 'Zoë Ångström', address: 'mira@example.org' });
    expect(mailbox(field(mentee, 'To') ?? '').name).toBe('李小龍');
    expect(mentor.body).toContain('Dear Zoë Ångström,');
    expect(mentee.body).toContain('Zoë Ångström <mira@example.org>');
    expect(mentor.body).toContain('李小龍 <eli@example.org>');
  });

  it('a non-ASCII subject is encoded; an ASCII one is plain', () => {
    const subject = 'Votre jumelage de mentorat — bienvenue à Zoë';
    const { mentee } = renderPair(mentorA(), menteeA(), withTexts({ subject }));
    const raw = field(mentee, 'Subject') ?? '';
    expect(raw).not.toBe(subject);
    expect(decodeText(raw)).toBe(subject);
    expect(field(renderPair(mentorA(), menteeA()).mentee, 'Subject')).toBe('Your mentorship match');
  });

  it('a very long name or subject is split into encoded words folded over lines of at most 78 characters', () => {
    const name = `${'Ångström-'.repeat(40)}😀 ${'x'.repeat(300)}`;
    const subject = `${'A very long subject line '.repeat(12)}${'y'.repeat(120)}`;
    const files = renderEmails(resultOf([pairOf(mentorA(), menteeA({ name }))]), withTexts({ subject }));
    const message = files.get(emailFilePaths([menteeA()])[0] as string) ?? '';
    const head = message.slice(0, message.indexOf('\r\n\r\n'));
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const p = parse(message);
    expect(mailbox(field(p, 'To') ?? '').name).toBe(name);
    expect(decodeText(field(p, 'Subject') ?? '')).toBe(subject);
    for (const line of p.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
  });

  it('a name of thousands of characters without a space still gives lines of at most 998 octets', () => {
    const name = 'Ω'.repeat(3000);
    const files = renderEmails(resultOf([pairOf(mentorA({ name }), menteeA({ name, interests: ['ü'.repeat(2000)] }))]), testProgram());
    for (const message of files.values()) {
      const p = parse(message); // checks every line
      expect(p.body.replace(/\s+/g, '').includes(`Dear${name},`)).toBe(true);
    }
  });

  it('encoded words of a long name are cut after a space where there is one', () => {
    const name = 'María José Fernández-Castañeda de la Peña y Ñúñez';
    const { mentee } = renderPair(mentorA(), menteeA({ name }));
    const to = field(mentee, 'To') ?? '';
    const words = to.replace(/\s*<.*$/, '').split(/\s+/);
    expect(words.length).toBe(2);
    expect(decodeText(words[0] as string).endsWith(' ')).toBe(true);
    expect(mailbox(to).name).toBe(name);
  });

  it('an internationalised domain goes into To in its ASCII form, and as written into the body', () => {
    const { mentor, mentee } = renderPair(mentorA(), menteeA({ email: 'eli@exämple.org' }));
    expect(mailbox(field(mentee, 'To') ?? '').address).toBe('eli@xn--exmple-cua.org');
    expect(mentor.body).toContain('Eli Mentee <eli@exämple.org>');
  });
});

describe('headerAddress', () => {
  it.each([
    ['ana@example.org', 'ana@example.org'],
    ['  Ana.Lopez+mentoring@Example.ORG ', 'Ana.Lopez+mentoring@example.org'],
    ["o'brien@city.example.gov", "o'brien@city.example.gov"],
    ['ana@exämple.org', 'ana@xn--exmple-cua.org'],
  ])('accepts %j as %j', (written, expected) => {
    expect(headerAddress(written)).toBe(expected);
  });

  it.each([
    'ana', 'ana@', '@example.org', 'ana@example', 'ana@@example.org', 'ana@x@example.org', 'ana.@example.org', '.ana@example.org',
    'a..na@example.org', 'ana@-example.org', 'ana@example-.org', 'ana@example..org', 'ana@10.0.0.1', 'ana maria@example.org',
    'ana@example.org\r\nBcc: x@evil.example', 'ana@example.org, x@evil.example', 'Ana <ana@example.org>', '"ana"@example.org',
    'zoë@example.org', 'ana@ex_ample.org', 'ana@exa%6dple.org', `${'a'.repeat(65)}@example.org`, `a@${'b'.repeat(64)}.org`,
    `a@${'b.'.repeat(130)}org`,
  ])('refuses %j', (written) => {
    expect(headerAddress(written)).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// File names

describe('file names', () => {
  const hash = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, FILE_HASH_CHARS);
  const SAFE = /^emails\/(mentor|mentee)-[A-Za-z0-9][A-Za-z0-9._-]*\.eml$/;

  it.each<[string, string]>([
    ['MTE-0001', 'emails/mentee-MTE-0001.eml'],
    ['a.b_c-d', 'emails/mentee-a.b_c-d.eml'],
    ['../x', `emails/mentee-x-${hash('../x')}.eml`],
    ['a/b', `emails/mentee-a_b-${hash('a/b')}.eml`],
    ['a\\b', `emails/mentee-a_b-${hash('a\\b')}.eml`],
    ['.hidden', `emails/mentee-hidden-${hash('.hidden')}.eml`],
    ['CON', 'emails/mentee-CON.eml'],
    ['Zoë 1', `emails/mentee-Zoe_1-${hash('Zoë 1')}.eml`],
    ['张三', `emails/mentee-${hash('张三')}.eml`],
    ['', `emails/mentee-${hash('')}.eml`],
    ['///', `emails/mentee-${hash('///')}.eml`],
    ['x'.repeat(500), `emails/mentee-${'x'.repeat(MAX_FILE_ID_CHARS)}-${hash('x'.repeat(500))}.eml`],
    ['a\r\nb\u0000c', `emails/mentee-a_b_c-${hash('a\r\nb\u0000c')}.eml`],
  ])('id %j → %s', (id, expected) => {
    const [path] = emailFilePaths([{ role: 'mentee', id }]);
    expect(path).toBe(expected);
    expect(path).toMatch(SAFE);
  });

  it('two ids that clean to the same name, or differ only in case, each get their own hashed name', () => {
    const ids = ['a/b', 'a_b', 'a?b', 'A1', 'a1', 'x', `a_b-${hash('a/b')}`];
    const paths = emailFilePaths(ids.map((id) => ({ role: 'mentee' as const, id })));
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(ids.length);
    for (const p of paths) expect(p).toMatch(SAFE);
    expect(paths[1]).toBe(`emails/mentee-a_b-${hash('a_b')}.eml`);
    expect(paths[3]).toBe(`emails/mentee-A1-${hash('A1')}.eml`);
    expect(paths[4]).toBe(`emails/mentee-a1-${hash('a1')}.eml`);
    expect(paths[5]).toBe('emails/mentee-x.eml');
  });

  it('a mentor and a mentee of the same cleaned id are told apart by the role', () => {
    expect(emailFilePaths([{ role: 'mentor', id: 'P1' }, { role: 'mentee', id: 'P1' }])).toEqual(['emails/mentor-P1.eml', 'emails/mentee-P1.eml']);
  });

  it('a name depends on the id and its company only, not on the order', () => {
    const people = ['b/1', 'B/1', 'c', '../etc/passwd', 'q'].map((id, i) => ({ role: i % 2 === 0 ? ('mentor' as const) : ('mentee' as const), id }));
    const forward = emailFilePaths(people);
    const backward = emailFilePaths([...people].reverse()).reverse();
    expect(backward).toEqual(forward);
  });

  it('hostile ids in a real render: one safe file each, all distinct', () => {
    const ids = ['../x', 'a/b', 'a_b', 'CON', '', '.', 'x'.repeat(300), 'Ab', 'aB'];
    const pairs = ids.map((id, i) => pairOf(mentorA({ id: `M-${i}`, email: `m${i}@example.org` }), menteeA({ id, email: `e${i}@example.org` })));
    const files = renderEmails(resultOf(pairs), testProgram());
    expect(files.size).toBe(ids.length * 2);
    const names = [...files.keys()];
    for (const n of names) expect(n).toMatch(SAFE);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});

describe('who gets no message', () => {
  it('an empty result gives no files; unmatched and ineligible applicants are never written to', () => {
    const loner = menteeA({ id: 'E9', email: 'loner@example.org' });
    const refused = menteeA({ id: 'E8', email: 'refused@example.org' });
    const result: MatchResult = {
      ...resultOf([pairOf(mentorA(), menteeA())]),
      unmatched: [{ applicant: loner, code: 'candidates_taken', reason: 'taken' }],
      ineligible: [{ applicant: refused, failures: [{ rule: 'agreement_signed', detail: 'no' }] }],
    };
    const files = renderEmails(result, testProgram());
    expect([...files.keys()].sort()).toEqual(['emails/mentee-E1.eml', 'emails/mentor-M1.eml']);
    for (const m of files.values()) {
      expect(m).not.toContain('loner@example.org');
      expect(m).not.toContain('refused@example.org');
    }
    expect(renderEmails(resultOf([]), testProgram()).size).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Group mentoring

describe('group mentoring', () => {
  const groupProgram = (coMentors: 'declared' | 'paired', firstContactBy: EmailTexts['firstContactBy'] = 'mentor'): ResolvedProgram => {
    const base = testProgram({ shape: { kind: 'group', minSize: 2, maxSize: 4, coMentors, maxMentors: 2 }, minScore: 0 });
    return withTexts({ firstContactBy }, base);
  };
  const mentor = (id: string, name: string, coMentors: string[]) =>
    makeApplicant({ id, role: 'mentor', name, email: `${id.toLowerCase()}@mentors.example`, coMentors, capacity: 3, yearsExperience: 15, interests: ['budgeting', 'parks'], skillsOffered: ['grant writing'] });
  const mentee = (id: string, name: string, interests: string[]) =>
    makeApplicant({ id, name, email: `${id.toLowerCase()}@mentees.example`, yearsExperience: 2, interests, skillsSought: ['grant writing'] });
  /** Two mentors who name each other, one who leads alone, five mentees. */
  const applicants = [
    mentor('M1', 'Mira Lead', ['M2']),
    mentor('M2', 'Cole Co', ['M1']),
    mentor('M3', 'Solo Lead', []),
    mentee('E1', 'Eli One', ['budgeting', 'transit']),
    mentee('E2', 'Eve Two', ['transit']),
    mentee('E3', 'Ema Three', ['parks']),
    mentee('E4', 'Eda Four', ['parks', 'transit']),
    mentee('E5', 'Eon Five', ['budgeting']),
  ];

  const matchGroups = (program: ResolvedProgram, people: readonly Applicant[] = applicants): MatchResult => {
    const out = matchCohort({ applicants: people, rejected: [], program, pastPairs: [], edits: [] });
    if (out.status !== 'matched') throw new Error(`the groups did not match: ${out.status}`);
    return out.result;
  };

  /** Each group's mentors (lead first) and mentees. */
  const groupsOf = (result: MatchResult) => {
    const groups = new Map<string, { mentors: Applicant[]; mentees: Applicant[] }>();
    for (const p of result.pairs) {
      const id = p.group?.id;
      expect(id).toBeDefined();
      const g = groups.get(id ?? '') ?? { mentors: [p.mentor, ...(p.group?.coMentors ?? [])], mentees: [] };
      g.mentees.push(p.mentee);
      groups.set(id ?? '', g);
    }
    return [...groups.values()];
  };

  const bodyOf = (files: Map<string, string>, person: Applicant): string => {
    const [path] = emailFilePaths([person]);
    const message = files.get(path as string);
    expect(message, `a message for ${person.id}`).toBeDefined();
    return flat(parse(message ?? '').body);
  };

  /** Every address-like string of a message, lowercased. */
  const addressesIn = (message: string): string[] => (message.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? []).map((a) => a.toLowerCase());

  const result = matchGroups(groupProgram('declared'));
  const files = renderEmails(result, groupProgram('declared'));
  const groups = groupsOf(result);

  it('the run is a real test: a declared team of two and a lone lead, every mentee placed', () => {
    expect(groups.map((g) => g.mentors.map((m) => m.id))).toEqual(expect.arrayContaining([['M1', 'M2'], ['M3']]));
    expect(result.pairs).toHaveLength(5);
    expect(groups.every((g) => g.mentees.length >= 2)).toBe(true);
  });

  it('every mentor of a group, lead and co-mentor alike, gets exactly one message; every mentee one; file names unique', () => {
    const people = groups.flatMap((g) => [...g.mentors, ...g.mentees]);
    expect(files.size).toBe(people.length);
    expect(new Set(files.keys())).toEqual(new Set(emailFilePaths(people)));
    const recipients = [...files.values()].map((m) => mailbox(field(parse(m), 'To') ?? '').address);
    expect(recipients.sort()).toEqual(people.map((p) => p.email).sort());
    expect(new Set([...files.keys()].map((k) => k.toLowerCase())).size).toBe(files.size);
  });

  it("a mentor's message introduces their co-mentors and every mentee of the group, with addresses and what they share", () => {
    for (const g of groups) {
      for (const m of g.mentors) {
        const body = bodyOf(files, m);
        const others = g.mentors.filter((x) => x.id !== m.id);
        for (const co of others) expect(body).toContain(`${co.name} <${co.email}>`);
        if (others.length > 0) expect(body).toContain('You lead the group together with your co-mentor:');
        else expect(body).not.toContain('co-mentor');
        expect(body).toContain(`The mentees of your group (${g.mentees.length}):`);
        for (const e of g.mentees) expect(body).toContain(`${e.name} <${e.email}>`);
        expect(body).toContain('Skills');
        expect(body).toContain('grant writing');
      }
    }
    // The co-mentor's message is the lead's mirror: Cole names Mira, Mira names Cole; the peers' common interests are named.
    const team = groups.find((g) => g.mentors.length === 2);
    const cole = bodyOf(files, team?.mentors[1] as Applicant);
    expect(cole).toContain('Dear Cole Co,');
    expect(cole).toContain('Mira Lead <m1@mentors.example>');
    expect(cole).toContain('Shared interests: budgeting, parks');
    expect(cole).toContain('as the group\'s mentors, you and your co-mentor make the first contact. Agree with Mira Lead which of you writes.');
    expect(cole).toMatch(/In common with other mentees of the group: \S/);
  });

  it("a mentee's message names every mentor of the group with their address, and the fellow mentees by name only", () => {
    for (const g of groups) {
      const allowed = new Set(g.mentors.map((m) => m.email.toLowerCase()));
      for (const e of g.mentees) {
        const [path] = emailFilePaths([e]);
        const message = files.get(path as string) ?? '';
        const body = flat(parse(message).body);
        for (const m of g.mentors) expect(body).toContain(`${m.name} <${m.email}>`);
        const peers = g.mentees.filter((x) => x.id !== e.id);
        for (const peer of peers) {
          expect(body).toContain(peer.name);
          expect(message.toLowerCase()).not.toContain(peer.email.toLowerCase());
        }
        // No address but the recipient's own and the group's mentors', anywhere in the message.
        for (const address of addressesIn(message)) expect(address === e.email.toLowerCase() || allowed.has(address), address).toBe(true);
        // Nor any other mentee's of the whole run.
        for (const other of result.pairs.map((p) => p.mentee).filter((x) => x.id !== e.id)) expect(message.toLowerCase()).not.toContain(other.email.toLowerCase());
        expect(body).toContain(g.mentors.length === 1 ? 'Your mentor:' : `Your mentors (${g.mentors.length}):`);
        expect(body).toContain(peers.length === 1 ? 'The other mentee of your group:' : `The other mentees of your group (${peers.length}):`);
      }
    }
  });

  it('says who makes the first contact, plural-aware', () => {
    const team = groups.find((g) => g.mentors.length === 2);
    const solo = groups.find((g) => g.mentors.length === 1);
    const teamMentee = team?.mentees[0] as Applicant;
    const soloMentee = solo?.mentees[0] as Applicant;
    // first_contact_by: mentor
    expect(bodyOf(files, teamMentee)).toContain("Your mentors will contact you within 30 days to arrange the group's first meeting.");
    expect(bodyOf(files, soloMentee)).toContain("Solo Lead will contact you within 30 days to arrange the group's first meeting.");
    expect(bodyOf(files, solo?.mentors[0] as Applicant)).toContain("as the group's mentor, you make the first contact.");
    // first_contact_by: mentee
    const byMentee = renderEmails(result, groupProgram('declared', 'mentee'));
    expect(bodyOf(byMentee, teamMentee)).toContain("Please contact your mentors within 30 days to arrange the group's first meeting: as a mentee, you make the first contact.");
    expect(bodyOf(byMentee, soloMentee)).toContain('Please contact Solo Lead within 30 days');
    expect(bodyOf(byMentee, team?.mentors[1] as Applicant)).toContain("Each of your mentees has been asked to contact the group's mentors within 30 days");
    // first_contact_by: either
    const either = renderEmails(result, groupProgram('declared', 'either'));
    expect(bodyOf(either, teamMentee)).toContain('Please get in touch with your mentors within 30 days');
    expect(bodyOf(either, team?.mentors[0] as Applicant)).toContain('Please get in touch with each of your mentees within 30 days');
  });

  it('a co-mentor without a valid address: the others are told staff will send it, and staff get a note', () => {
    const people = applicants.map((a) => (a.id === 'M2' ? { ...a, email: 'not an address' } : a));
    const r = matchGroups(groupProgram('declared'), people);
    const notes: EmailNote[] = [];
    const out = renderEmails(r, groupProgram('declared'), { onNote: (n) => notes.push(n) });
    const [leadPath, coPath] = emailFilePaths([people[0] as Applicant, people[1] as Applicant]);
    expect(flat(parse(out.get(leadPath as string) ?? '').body)).toContain('Cole Co (no valid email address on file: the program staff will send it to you)');
    expect(notes).toContainEqual({ file: leadPath, code: 'match_address_invalid' });
    expect(notes).toContainEqual({ file: coPath, code: 'recipient_address_invalid' });
  });

  it('a generated cohort in paired teams: every mentor of every group gets one message, and no mentee sees another mentee\'s address', () => {
    const program = groupProgram('paired');
    const people = smallCohort(1, 14, 7, program).map((a) => (a.role === 'mentor' ? { ...a, capacity: 4 } : a));
    const r = matchGroups(program, people);
    const gs = groupsOf(r);
    expect(gs.some((g) => g.mentors.length === 2)).toBe(true);
    const out = renderEmails(r, program);
    const inGroups = gs.flatMap((g) => [...g.mentors, ...g.mentees]);
    expect(new Set(out.keys())).toEqual(new Set(emailFilePaths(inGroups)));
    const menteeEmails = r.pairs.map((p) => p.mentee);
    for (const g of gs) {
      for (const e of g.mentees) {
        const message = (out.get(emailFilePaths([e])[0] as string) ?? '').toLowerCase();
        for (const other of menteeEmails) if (other.id !== e.id) expect(message).not.toContain(other.email.toLowerCase());
      }
    }
  });
});

describe('a run that is not group mentoring', () => {
  it('says nothing of groups or co-mentors', () => {
    const files = renderEmails(resultOf([pairOf(mentorA(), menteeA())]), testProgram());
    for (const m of files.values()) {
      expect(m).not.toContain('co-mentor');
      expect(m).not.toContain('of your group');
    }
  });
});
