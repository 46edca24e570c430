/**
 * The run log: pino on stderr (stdout stays free for command output), JSON
 * lines when stderr is not a terminal, short readable lines when it is.
 *
 * Applicant data is confidential: call sites log counts, ids of rules and
 * timings only. As a second line of defence, any field that could hold a
 * name, an email or free text is censored before it is written.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** Keys that must never reach a log line, at the top level or one level down. */
const PERSONAL_KEYS = ['name', 'email', 'goals', 'bio', 'interests', 'skills_offered', 'skills_sought', 'requested_partner', 'choices', 'value'];

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level (default `info`; `silent` turns logging off). */
  readonly level?: pino.LevelWithSilent;
  /** Where lines go (default process.stderr). */
  readonly destination?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force JSON lines even on a terminal (default: JSON unless the destination is a TTY). */
  readonly json?: boolean;
}

/** Creates the run's logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const json = options.json ?? !destination.isTTY;
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
    },
    json ? destination : readableLines(destination),
  );
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
