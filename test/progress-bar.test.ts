import { describe, expect, it } from 'vitest';
import { createProgressBar, formatDuration, renderProgressLine, type RunPhase } from '../runners/progress-bar.js';
import { capture } from './helpers/capture.js';

/** A stream that says it is a terminal of `columns` columns, keeping what is written. */
function fakeTty(columns = 80): ReturnType<typeof capture> & { isTTY: true; columns: number } {
  return Object.assign(capture(), { isTTY: true as const, columns });
}

/** A clock the test moves by hand. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** What a bar line may look like: phase, then bar and percent if the total is known, then times. */
const LINE = /^(loading|scoring|solving|writing) {2}(…|(\[[#-]{24}\] {1,3}\d{1,3}% {2})?\d+:\d\d elapsed(, ~\d+:\d\d(:\d\d)? left)?) *$/;

describe('formatDuration and renderProgressLine', () => {
  it.each([
    [0, '0:00'],
    [499, '0:00'],
    [59_600, '1:00'],
    [61_000, '1:01'],
    [3_600_000, '1:00:00'],
    [-5, '0:00'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each<[RunPhase, number, number, number, string]>([
    ['loading', 0, 0, 1500, 'loading  0:02 elapsed'],
    ['solving', 0, 0, 999, 'solving  …'],
    ['scoring', 0, 100, 0, 'scoring  [------------------------]   0%  0:00 elapsed'],
    ['scoring', 50, 100, 10_000, 'scoring  [############------------]  50%  0:10 elapsed, ~0:10 left'],
    ['writing', 7, 7, 2000, 'writing  [########################] 100%  0:02 elapsed'],
    ['solving', 12, 10, 0, 'solving  [########################] 100%  0:00 elapsed'],
  ])('%s %i/%i after %i ms', (phase, done, total, elapsed, line) => {
    expect(renderProgressLine(phase, done, total, elapsed)).toBe(line);
    expect(line).toMatch(LINE);
  });
});

describe('the progress bar', () => {
  it('writes nothing at all when the stream is not a terminal', () => {
    const out = capture();
    const bar = createProgressBar({ stream: out });
    expect(bar.active).toBe(false);
    bar.report('loading', 0, 0);
    bar.report('scoring', 5, 10);
    bar.clear();
    bar.logStream.write('info  a log line\n');
    expect(out.text()).toBe('info  a log line\n');
  });

  it('on a terminal: well-formed lines redrawn with \\r, at most every 100 ms per phase, wiped at the end', () => {
    const out = fakeTty();
    const clock = fakeClock();
    const bar = createProgressBar({ stream: out, now: clock.now });
    expect(bar.active).toBe(true);
    bar.report('loading', 0, 0);
    clock.advance(700);
    bar.report('scoring', 0, 1000);
    for (let done = 10; done <= 1000; done += 10) {
      clock.advance(5);
      bar.report('scoring', done, 1000);
    }
    bar.report('solving', 0, 0);
    clock.advance(50);
    bar.report('writing', 1, 6);
    bar.clear();

    const text = out.text();
    expect(text.startsWith('\r')).toBe(true);
    expect(text).not.toContain('\n');
    const frames = text.split('\r').slice(1);
    const drawn = frames.filter((f) => f.trim() !== '');
    for (const f of drawn) expect(f.trimEnd()).toMatch(LINE);
    // 100 reports 5 ms apart are ~500 ms: a handful of redraws, not 100.
    const scoring = drawn.filter((f) => f.startsWith('scoring'));
    expect(scoring.length).toBeGreaterThanOrEqual(4);
    expect(scoring.length).toBeLessThanOrEqual(7);
    expect(drawn.map((f) => f.slice(0, 7))).toEqual(expect.arrayContaining(['loading', 'scoring', 'solving', 'writing']));
    // A new phase is drawn at once; the last frame wipes the line with spaces.
    expect(drawn.at(-1)?.startsWith('writing')).toBe(true);
    expect(frames.at(-1)).toBe('');
    expect(frames.at(-2)?.trim()).toBe('');
    expect(frames.at(-2)?.length).toBeGreaterThanOrEqual(drawn.reduce((w, f) => Math.max(w, f.trimEnd().length), 0));
  });

  it('never writes past the last column but one', () => {
    const out = fakeTty(30);
    const bar = createProgressBar({ stream: out, now: () => 0 });
    bar.report('scoring', 1, 3);
    for (const f of out.text().split('\r').slice(1)) expect(f.length).toBeLessThanOrEqual(29);
  });

  it('log lines lift the bar out of the way and put it back', () => {
    const out = fakeTty();
    const clock = fakeClock();
    const bar = createProgressBar({ stream: out, now: clock.now });
    bar.report('scoring', 3, 10);
    bar.logStream.write('info  cohort scored\n');
    const [beforeLog, afterLog] = out.text().split('info  cohort scored\n');
    // The bar line is wiped before the log line and drawn again after it.
    expect(beforeLog?.split('\r').at(-1)).toBe('');
    expect(beforeLog?.split('\r').at(-2)?.trim()).toBe('');
    expect(afterLog?.startsWith('\rscoring')).toBe(true);
    expect(afterLog?.slice(1).trimEnd()).toMatch(LINE);
  });
});
