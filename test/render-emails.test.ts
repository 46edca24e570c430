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
