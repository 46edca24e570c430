/**
 * The run log: pino on stderr (stdout stays free for command output), JSON
 * lines when stderr is not a terminal, short readable lines when it is.
 *
 * Applicant data is confidential: call sites log counts, ids of rules and
 * timings only. Three more lines of defence stand behind that rule, in a
 * `logMethod` hook that every log call (child loggers' too) goes through,
 * and in the bindings of child loggers:
 *
 * - any field named like applicant data ({@link PERSONAL_KEYS}: names,
 *   emails, ids, free text, departments…) is censored at any depth, not
 *   only at the top level as pino's `redact` paths would;
 * - an error is logged as its type and code only, never its message (an
 *   input error's message quotes cell values);
 * - once a run has loaded its cohort it hands the cohort's names, emails,
 *   ids and free text to {@link forbidInLogs}, and every string a log
 *   line carries (the message included) has them replaced by `[redacted]`.
 *
 * What goes to the user's terminal outside the log — the problems of a bad
 * input, which name row, column and value so that the row can be fixed — is
 * not written through this logger.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Applicant } from '../scoring/applicant.js';
import { parseYesNo } from '../scoring/parse-yes-no.js';

/**
 * Keys whose values never reach a log line, at any depth. Compared without
 * case, `_` or `-`, so `skills_offered`, `skillsOffered` and `SKILLS-OFFERED`
 * are one key.
 */
export const PERSONAL_KEYS = [
  'name',
  'names',
  'email',
  'emails',
  'id',
  'ids',
  'mentor_id',
  'mentee_id',
  'applicant_id',
  'supervisor_id',
  'co_mentor_ids',
  'requested_partner',
  'choices',
  'co_mentors',
  'goals',
  'bio',
  'interests',
  'skills_offered',
  'skills_sought',
  'organization',
  'department',
  'extra',
  'value',
  'raw',
  'text',
  'detail',
  'reason',
  'reasons',
] as const;

/** What a censored value is replaced with. */
export const CENSORED = '[redacted]';

const keyForm = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');
const PERSONAL = new Set(PERSONAL_KEYS.map(keyForm));

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level (default `info`; `silent` turns logging off). */
  readonly level?: pino.LevelWithSilent;
  /** Where lines go (default process.stderr). */
  readonly destination?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force JSON lines even on a terminal (default: JSON unless the destination is a TTY). */
  readonly json?: boolean;
}

/** The values a logger (and its children) must never write; see {@link forbidInLogs}. */
interface Forbidden {
  values: readonly string[];
}

/** Each logger made by {@link createLogger} → its forbidden values (children find theirs through the prototype chain). */
const FORBIDDEN = new WeakMap<object, Forbidden>();

/** Creates the run's logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const json = options.json ?? !destination.isTTY;
  const forbidden: Forbidden = { values: [] };
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      hooks: {
        logMethod(args, method) {
          const clean = (args as unknown[]).map((a) => cleanArgument(a, forbidden.values));
          // An error alone would take its message as the line's message: give its type instead.
          if (clean.length === 1 && args[0] instanceof Error) clean.push(args[0].name);
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
      formatters: {
        // Bindings set on the logger itself do not go through logMethod.
        bindings: (bindings) => cleanValue(bindings, forbidden.values, 0) as Record<string, unknown>,
      },
    },
    json ? destination : readableLines(destination),
  );
  // Nor do a child's, and pino gives children no bindings formatter: cleaned here (children inherit this `child`).
  type Child = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const child = logger.child as unknown as Child;
  const cleanChild: Child = function (bindings, childOptions) {
    return child.call(this, cleanValue(bindings, forbidden.values, 0) as pino.Bindings, childOptions);
  };
  logger.child = cleanChild as unknown as typeof logger.child;
  FORBIDDEN.set(logger, forbidden);
  return logger;
}

/** Shortest value {@link forbidInLogs} looks for: shorter ones ("M1", "Al") would censor ordinary words and numbers. */
export const MIN_FORBIDDEN_CHARS = 3;

/**
 * From now on, `logger` (made by {@link createLogger}) and its children
 * write `[redacted]` wherever one of `values` appears in a log line as a
 * whole word (not inside a longer word or number). Values shorter than
 * {@link MIN_FORBIDDEN_CHARS}, and numbers shorter than 4 digits, are
 * skipped. Adds to the values already given. A logger made otherwise is
 * left as it is.
 *
 * @example
 * forbidInLogs(log, applicants.flatMap((a) => [a.id, a.name, a.email]));
 * log.warn(`row 3: ${applicants[0].name}`); // "row 3: [redacted]"
 */
export function forbidInLogs(logger: Logger, values: Iterable<string>): void {
  let forbidden: Forbidden | undefined;
  for (let o: object | null = logger; o !== null && forbidden === undefined; o = Object.getPrototypeOf(o) as object | null) forbidden = FORBIDDEN.get(o);
  if (forbidden === undefined) return;
  const all = new Set(forbidden.values);
  for (const raw of values) {
    const v = raw.trim();
    if (v.length < MIN_FORBIDDEN_CHARS || (/^\d+$/.test(v) && v.length < 4)) continue;
    all.add(v);
  }
  // Longest first, so a name is censored whole before a shorter value inside it.
  forbidden.values = [...all].sort((a, b) => b.length - a.length);
}

/**
 * What applicants wrote that a log must never show, for {@link forbidInLogs}:
 * ids, names, emails, organizations, departments, supervisors, interests,
 * skills, goals, bios and the answers outside the template; and what could
 * be read of rows that were rejected. Regions and community sizes are
 * categories a warning may name (a configured band), and are left out.
 */
export function personalValues(
  applicants: readonly Applicant[],
  rejected: readonly { readonly id: string | null; readonly name: string | null; readonly supervisorId: string | null }[] = [],
): string[] {
  const out: string[] = [];
  for (const a of applicants) {
    out.push(a.id, a.name, a.email, a.organization, a.department, a.supervisorId, a.goals, a.bio);
    out.push(...a.interests, ...a.skillsOffered, ...a.skillsSought);
    // A yes/no answer of an extra column is no secret, and "yes" is a word of many messages.
    out.push(...Object.values(a.extra).filter((v) => parseYesNo(v) === undefined));
  }
  for (const r of rejected) for (const v of [r.id, r.name, r.supervisorId]) if (v !== null) out.push(v);
  return out;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** `text` with every whole-word occurrence of a forbidden value censored. */
function scrub(text: string, forbidden: readonly string[]): string {
  let out = text;
  for (const v of forbidden) {
    if (!out.includes(v)) continue;
    let from = 0;
    for (let at = out.indexOf(v, from); at >= 0; at = out.indexOf(v, from)) {
      const before = out[at - 1];
      const after = out[at + v.length];
      const whole = (before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after));
      if (whole) {
        out = `${out.slice(0, at)}${CENSORED}${out.slice(at + v.length)}`;
        from = at + CENSORED.length;
      } else {
        from = at + 1;
      }
    }
  }
  return out;
}

/** Deepest level of a logged object that is looked into; anything deeper is censored whole. */
const MAX_DEPTH = 8;

/** One argument of a log call, made safe to write. */
function cleanArgument(arg: unknown, forbidden: readonly string[]): unknown {
  if (arg instanceof Error) return { err: describeError(arg) };
  return cleanValue(arg, forbidden, 0);
}

/** An error as the log may show it: its type and code, not its message (it may quote an input's values). */
function describeError(e: Error): Record<string, unknown> {
  const code = (e as { code?: unknown }).code;
  const problems = (e as { problems?: unknown }).problems;
  return {
    type: e.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(Array.isArray(problems) ? { problems: problems.length } : {}),
  };
}

/** A copy of `value` with personal keys censored at any depth and forbidden values scrubbed from every string. */
function cleanValue(value: unknown, forbidden: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return forbidden.length === 0 ? value : scrub(value, forbidden);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return describeError(value);
  if (depth >= MAX_DEPTH) return CENSORED;
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, forbidden, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = PERSONAL.has(keyForm(key)) ? CENSORED : cleanValue(v, forbidden, depth + 1);
  }
  return out;
}

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Turns pino's JSON lines into `info  message key=value …` for a person at a terminal. */
function readableLines(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        const { level, msg, time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const extras = Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        out.write(`${(LEVEL_NAMES[level as number] ?? 'log').padEnd(5)} ${String(msg ?? '')}${extras ? `  ${extras}` : ''}\n`);
      }
      done();
    },
  });
}
