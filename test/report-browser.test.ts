/**
 * report.html in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. Opens the report of the bundled sample cohort from disk
 * and checks what a committee member would do with it — read the counts,
 * filter, sort, print, and trust that a hostile name stays a name.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../runners/build-report-model.js';
import { matchCohort } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import { renderReportHtml } from '../runners/render-report-html.js';
import { countApplicants, loadInputs, type LoadedInputs } from '../runners/run-batch.js';
import { useTmpDir } from './helpers/tmp.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Starting a browser on a busy two-core machine can take a while. */
const LAUNCH_TIMEOUT_MS = 30_000;
/**
 * No sandbox: CI runs as root. No /dev/shm: containers often give it 64 MB,
 * too little for a long page (Debian's launcher adds the flag itself only
 * when its own check of /dev/shm works).
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage'];
const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'sample-cohort');
const IMG = '<img src=x onerror=alert(1)>';
const QUOTES = `"'&<b>x</b>`;

/** The sample cohort, loaded as `mentor-match run` loads it. */
function loadSample(): LoadedInputs {
  return loadInputs({
    applicationsFile: join(SAMPLE, 'applications.csv'),
    configFile: join(SAMPLE, 'program.yaml'),
    historyFile: join(SAMPLE, 'history.csv'),
    editsFile: join(SAMPLE, 'edits.csv'),
  });
}

/** Matches the inputs and renders report.html as the run would. */
function matchAndRender(inputs: LoadedInputs): { result: MatchResult; html: string } {
  const out = matchCohort(inputs);
  if (out.status !== 'matched') throw new Error(`sample cohort did not match: ${out.status}`);
  const ctx: ReportContext = {
    program: inputs.program,
    inputSha256: inputs.inputSha256,
    counts: countApplicants(inputs),
    warnings: inputs.warnings,
  };
  return { result: out.result, html: renderReportHtml(out.result, ctx) };
}

/** Everything a page did that a self-contained, script-safe report must never do. */
interface PageWatch {
  readonly requests: string[];
  readonly dialogs: string[];
  readonly problems: string[];
}

async function openReport(context: BrowserContext, file: string): Promise<{ page: Page; watch: PageWatch }> {
  const page = await context.newPage();
  const watch: PageWatch = { requests: [], dialogs: [], problems: [] };
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  // CSP violations are reported as console errors.
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watch.problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => watch.problems.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  return { page, watch };
}

const visibleRows = (page: Page): Promise<string[]> =>
  page.$$eval('#pairs tbody tr[data-pair]', (rows) => rows.filter((r) => !r.hasAttribute('hidden')).map((r) => r.getAttribute('data-pair') ?? ''));

const shownScores = (page: Page): Promise<number[]> =>
  page.$$eval('#pairs tbody tr[data-pair]', (rows) => rows.map((r) => Number(r.getAttribute('data-score'))));

describe('report.html in Chromium', () => {
  const tmp = useTmpDir();
  let browser: Browser | undefined;
  // Matching the sample takes a second or two: done once, shared by the tests that only read it.
  let sample: { inputs: LoadedInputs; result: MatchResult; html: string } | undefined;
  const theSample = (): { inputs: LoadedInputs; result: MatchResult; html: string } => {
    if (sample === undefined) {
      const inputs = loadSample();
      sample = { inputs, ...matchAndRender(inputs) };
    }
    return sample;
  };

  // A missing or broken Chromium fails every test with what to do, never skips them.
  let launchError: Error | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      launchError = new Error(
        `Chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` (Debian's package; .ci/run installs it), or set CHROMIUM_PATH to a Chromium binary.`,
      );
      return;
    }
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
    } catch (e) {
      launchError = new Error(`Chromium at ${CHROMIUM} did not start: ${(e as Error).message}`);
    }
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await browser?.close();
  });

  const newContext = (options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> => {
    if (browser === undefined) throw launchError ?? new Error('Chromium did not start');
    return browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  };

  it('shows the counts, filters and sorts the pairs, prints, and loads nothing but itself', async () => {
    const context = await newContext();
    const { result, html } = theSample();
    const file = join(tmp(), 'report.html');
    writeFileSync(file, html);
    const { page, watch } = await openReport(context, file);

    const count = async (key: string): Promise<number> => Number(await page.textContent(`#summary [data-count="${key}"]`));
    expect(await count('pairs')).toBe(result.pairs.length);
    expect(await count('unmatched')).toBe(result.unmatched.length);
    expect(await count('ineligible')).toBe(result.ineligible.length);
    expect(await count('rejected')).toBe(result.rejected.length);
    expect(await count('matched')).toBe(new Set(result.pairs.flatMap((p) => [p.mentor.id, p.mentee.id])).size);
    expect(await page.textContent('#pair-count')).toBe(`Showing ${result.pairs.length} of ${result.pairs.length} pairs`);

    // Filter by a mentor's id: exactly that mentor's pairs stay.
    const byMentor = new Map<string, (typeof result.pairs)[number][]>();
    for (const p of result.pairs) byMentor.set(p.mentor.id, [...(byMentor.get(p.mentor.id) ?? []), p]);
    const busiest = [...byMentor].sort((a, b) => b[1].length - a[1].length)[0];
    if (busiest === undefined) throw new Error('the sample cohort made no pairs');
    const [mentorId, theirPairs] = busiest;
    const indexOf = (p: (typeof result.pairs)[number]): string => String(result.pairs.indexOf(p) + 1);
    await page.fill('#pair-filter', mentorId.toLowerCase());
    expect(await visibleRows(page)).toEqual(theirPairs.map(indexOf));
    // By name too, in any case.
    await page.fill('#pair-filter', theirPairs[0]!.mentee.name.toUpperCase());
    expect(await visibleRows(page)).toContain(indexOf(theirPairs[0]!));
    await page.fill('#pair-filter', 'no such person anywhere');
    expect(await visibleRows(page)).toEqual([]);
    expect(await page.textContent('#pair-count')).toBe(`Showing 0 of ${result.pairs.length} pairs`);
    await page.fill('#pair-filter', '');

    // The select: by choice rank, and the committee's pins.
    await page.selectOption('#pair-rank', '1');
    expect(await visibleRows(page)).toEqual(result.pairs.filter((p) => p.choiceRank === 1).map(indexOf));
    await page.selectOption('#pair-rank', 'pinned');
    expect(await visibleRows(page)).toEqual(result.pairs.filter((p) => p.pinned).map(indexOf));
    expect((await visibleRows(page)).length).toBeGreaterThan(0);
    await page.selectOption('#pair-rank', '');
    expect(await visibleRows(page)).toHaveLength(result.pairs.length);

    // Sort by score, both ways; nothing lost, ties in the original order.
    const scores = result.pairs.map((p) => p.score);
    const heading = page.locator('#score-heading');
    await heading.locator('button').click();
    expect(await heading.getAttribute('aria-sort')).toBe('ascending');
    expect(await shownScores(page)).toEqual([...scores].sort((a, b) => a - b));
    await heading.locator('button').click();
    expect(await heading.getAttribute('aria-sort')).toBe('descending');
    expect(await shownScores(page)).toEqual([...scores].sort((a, b) => b - a));
    expect(await page.locator('#pairs th[aria-sort]').count()).toBe(1);

    // Details open from a row's link, and print shows every one of them without the controls.
    expect(await page.locator('#pair-1').getAttribute('open')).toBeNull();
    await page.click('#pairs tr[data-pair="1"] a[href="#pair-1"]');
    expect(await page.locator('#pair-1').getAttribute('open')).toBe('');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#pair-controls').isVisible()).toBe(false);
    expect(await page.locator(`#pair-${result.pairs.length} table.factors`).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const shot = join(tmp(), 'report.png');
    await page.screenshot({ path: shot }); // the viewport: a full-page shot of this long page takes seconds
    const png = readFileSync(shot);
    expect(png.length).toBeGreaterThan(10_000);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    expect(watch.dialogs).toEqual([]);
    expect(watch.problems).toEqual([]);
    expect(watch.requests).toEqual([pathToFileURL(file).href]);
    await context.close();
  });

  it('shows a hostile name as text and runs nothing', async () => {
    const context = await newContext();
    const { inputs, result: before } = theSample();
    const first = before.pairs[0];
    if (first === undefined) throw new Error('the sample cohort made no pairs');
    // Rename one matched mentee and their mentor: names play no part in scoring, so the pair stays.
    const applicants = inputs.applicants.map((a) =>
      a.id === first.mentee.id ? { ...a, name: IMG } : a.id === first.mentor.id ? { ...a, name: QUOTES } : a,
    );
    const { result, html } = matchAndRender({ ...inputs, applicants });
    expect(result.pairs.some((p) => p.mentee.name === IMG)).toBe(true);
    const file = join(tmp(), 'report.html');
    writeFileSync(file, html);
    const { page, watch } = await openReport(context, file);

    const row = page.locator('#pairs tr[data-pair]', { hasText: IMG });
    expect(await row.count()).toBeGreaterThan(0);
    expect(await row.first().textContent()).toContain(IMG);
    expect(await row.first().textContent()).toContain(QUOTES);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#pairs b').count()).toBe(0);
    await page.fill('#pair-filter', IMG);
    expect((await visibleRows(page)).length).toBeGreaterThan(0);

    expect(watch.dialogs).toEqual([]);
    expect(watch.problems).toEqual([]);
    expect(watch.requests).toEqual([pathToFileURL(file).href]);
    await context.close();
  });

  it('shows everything without JavaScript', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const { result, html } = theSample();
    const file = join(tmp(), 'report.html');
    writeFileSync(file, html);
    const { page, watch } = await openReport(context, file);
    expect(await visibleRows(page)).toHaveLength(result.pairs.length);
    expect(await page.locator('details.pair[open]').count()).toBe(result.pairs.length);
    expect(await page.locator('#pair-controls').isVisible()).toBe(false);
    expect(watch.problems).toEqual([]);
    await context.close();
  });
});
