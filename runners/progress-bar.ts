/**
 * A one-line progress bar for a person watching a long run on a terminal:
 *
 *     scoring  [#########---------------]  38%  0:07 elapsed, ~0:11 left
 *
 * Written to a stream only when that stream is a TTY; anywhere else (a file,
 * a pipe, CI logs, tests) every call is a no-op, so the bar never ends up in
 * a saved log. It shows the phase, counts and times only, never applicant
 * data. It redraws in place with `\r`, at most every `minIntervalMs`, and is
 * wiped by `clear()`, leaving the terminal as it was.
 *
 * Log lines on the same terminal go through {@link ProgressBar.logStream},
 * which lifts the bar out of the way for each line and puts it back after,
 * so the bar is shown at every log level, debug included.
 *
 * @example
 * const bar = createProgressBar({ stream: process.stderr });
 * bar.report('scoring', 1200, 10000);
 * bar.clear();
 */
import { Writable } from 'node:stream';

/** The stages of a run, in order. */
export type RunPhase = 'loading' | 'scoring' | 'solving' | 'writing';

/**
 * How a stage says how far it has come: `done` of `total` units (rows,
 * files…). A total of 0 means the stage cannot tell; the bar then shows the
 * phase and the time spent only. The solver can take one of these to report
 * its own progress later.
 */
export type ReportProgress = (phase: RunPhase, done: number, total: number) => void;

/** A stream that may be a terminal (process.stderr is one when attached to a TTY). */
export type MaybeTtyStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  /** Where the bar goes; nothing is written unless it is a TTY. */
  readonly stream: MaybeTtyStream;
  /** Least time between two redraws of the same phase (a new phase draws at once). @default 100 */
  readonly minIntervalMs?: number;
  /** Clock in milliseconds; tests pass a fake one. @default performance.now */
  readonly now?: () => number;
}

/** A progress bar on one terminal line. */
export interface ProgressBar {
  /** Whether anything is drawn at all (the stream is a TTY). */
  readonly active: boolean;
  /** Updates the bar; cheap enough to call after every block of work. */
  readonly report: ReportProgress;
  /** Wipes the bar off the line; the next report draws it again. */
  clear(): void;
  /** A stream for log lines on the same terminal: each write clears the bar, writes, then redraws it. Same TTY-ness as the bar's stream. */
  readonly logStream: MaybeTtyStream;
}

/** Width of the bar itself, in characters, between the brackets. */
const BAR_WIDTH = 24;

/** Formats milliseconds as m:ss (or h:mm:ss). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The bar's text for a phase `elapsedMs` in, without the `\r`. With a known
 * total: a bar, the percent, and the time left at the pace so far (once any
 * work is done). Without one, the time spent only, and just `…` at first: a
 * stage that cannot report (today the solver) keeps its first frame until it
 * ends, and a frozen "0:00 elapsed" would look like a hang.
 */
export function renderProgressLine(phase: RunPhase, done: number, total: number, elapsedMs: number): string {
  const name = phase.padEnd(7);
  if (!(total > 0)) return elapsedMs < 1000 ? `${name}  …` : `${name}  ${formatDuration(elapsedMs)} elapsed`;
  const share = Math.min(1, Math.max(0, done / total));
  const filled = Math.floor(share * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const left = share > 0 && share < 1 ? `, ~${formatDuration((elapsedMs * (1 - share)) / share)} left` : '';
  return `${name}  [${bar}] ${percent}  ${formatDuration(elapsedMs)} elapsed${left}`;
}

/** Creates a bar on `options.stream`; a no-op unless that stream is a TTY. */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const { stream } = options;
  const now = options.now ?? (() => performance.now());
  const minIntervalMs = options.minIntervalMs ?? 100;
  if (stream.isTTY !== true) {
    return { active: false, report: () => {}, clear: () => {}, logStream: stream };
  }

  let phase: RunPhase | null = null;
  let phaseStart = 0;
  let last = { done: 0, total: 0 };
  let drawnAt = -Infinity;
  let shownWidth = 0;

  const draw = (): void => {
    if (phase === null) return;
    // A pty with no size set reports 0 columns.
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
    // One column short of the edge: a full line would wrap on some terminals and break the \r redraw.
    const line = renderProgressLine(phase, last.done, last.total, now() - phaseStart).slice(0, Math.max(0, columns - 1));
    // Padded to the last line's width, so a shorter line leaves nothing of it behind.
    stream.write(`\r${line.padEnd(shownWidth)}`);
    shownWidth = Math.max(line.length, shownWidth);
  };
  const clear = (): void => {
    if (shownWidth === 0) return;
    stream.write(`\r${' '.repeat(shownWidth)}\r`);
    shownWidth = 0;
  };

  const report: ReportProgress = (next, done, total) => {
    const t = now();
    if (next !== phase) {
      phase = next;
      phaseStart = t;
    } else if (t - drawnAt < minIntervalMs) {
      last = { done, total };
      return;
    }
    last = { done, total };
    drawnAt = t;
    draw();
  };

  const logStream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        const redraw = shownWidth > 0;
        clear();
        stream.write(chunk);
        if (redraw) draw();
        callback();
      },
    }),
    { isTTY: true as const },
  );

  return { active: true, report, clear, logStream };
}
