/**
 * The outputs `run` writes besides the CSVs (report.html, report.md,
 * emails/, run.json) and the committee's re-run: pins and bans in the edits
 * file, a run into the same folder, and the difference it prints and writes.
 * Real files throughout, on the bundled sample cohort.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../runners/cli.js';
import { createLogger } from '../runners/logger.js';
import type { MatchResult } from '../runners/match-result.js';
import { runBatch, type BatchOptions } from '../runners/run-batch.js';
import { capture } from './helpers/capture.js';
import { cli } from './helpers/cli.js';
import { useTmpDir } from './helpers/tmp.js';

const SAMPLE = 'fixtures/sample-cohort';
const tmp = useTmpDir();

interface Pair {
  readonly mentor: string;
  readonly mentee: string;
}

/** The sample run's inputs as CLI arguments, edits from `editsFile`. */
const runArgs = (outDir: string, editsFile = `${SAMPLE}/edits.csv`): string[] => [
  'run', `${SAMPLE}/applications.csv`, '--config', `${SAMPLE}/program.yaml`,
  '--history', `${SAMPLE}/history.csv`, '--edits', editsFile, '--out', outDir,
];

function run(overrides: Partial<BatchOptions> & { outDir: string }): MatchResult {
  const outcome = runBatch({
    applicationsFile: `${SAMPLE}/applications.csv`,
    configFile: `${SAMPLE}/program.yaml`,
    historyFile: `${SAMPLE}/history.csv`,
    editsFile: `${SAMPLE}/edits.csv`,
    logger: createLogger({ level: 'silent' }),
    version: 'test',
    ...overrides,
  });
  if (outcome.status !== 'written') throw new Error(outcome.status);
  return outcome.result;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
}

/** Every file under `dir`, relative to it, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

/** Each file's bytes and modification time, to show a folder was left alone. */
function snapshot(dir: string): Record<string, { text: string; mtimeMs: number }> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, { text: readFileSync(join(dir, f), 'utf8'), mtimeMs: statSync(join(dir, f)).mtimeMs }]));
}

/**
 * What the committee does after a first run: ban one pair the run made (not
 * the sample's pin) and pin an allowed pair it did not make — an alternative
 * the run itself priced for another mentee, with mentors other than the
 * banned and pinned ones so the edits cannot collide.
 */
function committeeEdits(first: MatchResult): { ban: Pair; pin: Pair } {
  const pinnedMentors = new Set(first.pairs.filter((p) => p.pinned).map((p) => p.mentor.id));
  const banned = first.pairs.find((p) => !p.pinned);
  if (banned === undefined) throw new Error('no pair to ban');
  const ban = { mentor: banned.mentor.id, mentee: banned.mentee.id };
  const pinnedMentees = new Set(first.pairs.filter((p) => p.pinned).map((p) => p.mentee.id));
  for (const road of first.roadsNotTaken) {
    if (road.applicant.role !== 'mentee' || road.applicant.id === ban.mentee || pinnedMentees.has(road.applicant.id)) continue;
    const alt = road.alternatives.find((a) => a.other.id !== ban.mentor && !pinnedMentors.has(a.other.id));
    if (alt !== undefined) return { ban, pin: { mentor: alt.other.id, mentee: road.applicant.id } };
  }
  throw new Error('no allowed pair to pin');
}

/** The sample's edits plus the ban and the pin, written next to (never inside) the output folder. */
function writeEdits(dir: string, { ban, pin }: { ban: Pair; pin: Pair }): string {
  const file = join(dir, 'edits-2.csv');
  const sample = readFileSync(`${SAMPLE}/edits.csv`, 'utf8');
  writeFileSync(file, `${sample}${ban.mentor},${ban.mentee},ban,test: banned after the first run\r\n${pin.mentor},${pin.mentee},pin,test: pinned after the first run\r\n`);
  return file;
}

const hasPair = (rows: readonly Record<string, string>[], change: string, p: Pair): boolean =>
  rows.some((r) => r.change === change && r.mentor_id === p.mentor && r.mentee_id === p.mentee);

describe('the outputs of a run', () => {
  it('writes report.html, report.md, one email per matched person and run.json, readable by their owner only', () => {
    const outDir = join(tmp(), 'out');
    const result = run({ outDir });
    const files = listFiles(outDir);
    for (const f of ['matches.csv', 'unmatched.csv', 'ineligible.csv', 'report.html', 'report.md', 'run.json']) expect(files, f).toContain(f);
    for (const f of files) expect(statSync(join(outDir, f)).mode & 0o077, `${f} readable by its owner only`).toBe(0);
    expect(statSync(join(outDir, 'emails')).mode & 0o077, 'emails/ private').toBe(0);

    // Sample ids are plain, so each file is named after its person's role and id.
    const matches = readCsv(join(outDir, 'matches.csv'));
    const people = new Set([...matches.map((m) => `emails/mentor-${m.mentor_id}.eml`), ...matches.map((m) => `emails/mentee-${m.mentee_id}.eml`)]);
    expect(files.filter((f) => f.startsWith('emails/'))).toEqual([...people].sort());
    expect(people.size).toBe(new Set(result.pairs.map((p) => p.mentor.id)).size + result.pairs.length);

    // A first run has nothing to compare with.
    expect(files).not.toContain('changes.csv');
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).not.toContain('Changes since the previous run');
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('counts the emails that need staff attention in a warning of the log, the summary and the report, naming nobody', async () => {
    const dir = tmp();
    const apps = join(dir, 'apps.csv');
    // A quoted local part passes the loader's check but is refused in a To: header.
    writeFileSync(apps, ['id,role,name,email,interests', 'M1,mentor,Mira Mentor,mira@x.example,budgeting', 'E1,mentee,Eve Mentee,"""eve""@x.example",budgeting'].join('\n'));
    const warning =
      '2 announcement emails in emails/ need staff attention before sending: 1 without a usable address for its recipient (no To: line), 1 introducing someone with no usable address; each opens with a note saying what to fix';

    const r = await cli('run', apps, '--out', join(dir, 'cli'));
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out.split('\n')).toContain(`warning: ${warning}`);

    const sink = capture();
    const outcome = runBatch({ applicationsFile: apps, outDir: join(dir, 'api'), logger: createLogger({ level: 'debug', destination: sink, json: true }), version: 'test' });
    if (outcome.status !== 'written') throw new Error(outcome.status);
    expect(outcome.warnings).toEqual([warning]);
    const logged = sink.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.filter((l) => l.msg === warning && l.level === 40)).toHaveLength(1);
    for (const text of ['M1', 'E1', 'Mira', 'Eve', 'eve@', 'mira@']) expect(sink.text().includes(text), `${text} in the log`).toBe(false);
    expect(readFileSync(join(dir, 'api', 'report.md'), 'utf8')).toContain('need staff attention before sending');
    expect((JSON.parse(readFileSync(join(dir, 'api', 'run.json'), 'utf8')) as { warnings: string[] }).warnings).toContain(warning);
  });

  it('is deterministic: the same inputs into two folders give byte-identical files, run.json timings aside', () => {
    const dir = tmp();
    run({ outDir: join(dir, 'a') });
    run({ outDir: join(dir, 'b') });
    const files = listFiles(join(dir, 'a'));
    expect(listFiles(join(dir, 'b'))).toEqual(files);
    expect(files.filter((f) => f.startsWith('emails/')).length).toBeGreaterThan(100);
    for (const f of files) {
      const a = readFileSync(join(dir, 'a', f), 'utf8');
      const b = readFileSync(join(dir, 'b', f), 'utf8');
      if (f === 'run.json') {
        const { timings_ms: ta, ...ra } = JSON.parse(a) as Record<string, unknown>;
        const { timings_ms: tb, ...rb } = JSON.parse(b) as Record<string, unknown>;
        expect(Object.keys(tb as object)).toEqual(Object.keys(ta as object));
        expect(rb).toEqual(ra);
      } else {
        expect(b === a, `${f} differs`).toBe(true);
      }
    }
  });
});

describe('the committee re-runs after pins and bans', () => {
  it('prints and writes the difference from the run in the folder it replaces; an identical re-run reports no changes', async () => {
    const dir = tmp();
    const outDir = join(dir, 'out');
    const first = run({ outDir });
    const edits = committeeEdits(first);
    const editsFile = writeEdits(dir, edits);

    const rerun = await cli(...runArgs(outDir, editsFile));
    expect(rerun.code, rerun.err).toBe(EXIT.ok);
    const lines = rerun.out.split('\n');
    expect(lines[0]).toMatch(/^\d+ pairs, /);
    expect(lines[1]).toMatch(/^wrote .*changes\.csv, emails\/ \(\d+ files\), /);
    const summary = /^changes since (.+): (\d+) pairs? added, (\d+) removed, (\d+) rescored; total ([\d.]+) → ([\d.]+) \(([+−])([\d.]+)\)$/.exec(lines[2] ?? '');
    expect(summary, rerun.out).not.toBeNull();
    const [, folder, added, removed, rescored, before, after, sign, delta] = summary as RegExpExecArray;
    expect(folder).toBe(outDir);
    expect(Number(added)).toBeGreaterThanOrEqual(1);
    expect(Number(removed)).toBeGreaterThanOrEqual(1);
    expect(Number(rescored)).toBe(0);
    const record = JSON.parse(readFileSync(join(outDir, 'run.json'), 'utf8')) as { objective: number; pairs: { mentor_id: string; mentee_id: string; pinned: boolean }[] };
    expect(Number(before)).toBeCloseTo(first.totalScore, 1);
    expect(Number(after)).toBeCloseTo(record.objective, 1);
    // A forced pin and a ban can only lower the best total.
    expect(sign).toBe('−');
    expect(Number(delta)).toBeCloseTo(first.totalScore - record.objective, 1);
    expect(rerun.out).toContain(`  removed  ${edits.ban.mentor} + ${edits.ban.mentee}  score `);
    expect(rerun.out).toContain(`  added    ${edits.pin.mentor} + ${edits.pin.mentee}  score `);
    expect(record.pairs).toContainEqual(expect.objectContaining({ mentor_id: edits.pin.mentor, mentee_id: edits.pin.mentee, pinned: true }));

    const changes = readCsv(join(outDir, 'changes.csv'));
    expect(hasPair(changes, 'removed', edits.ban)).toBe(true);
    expect(hasPair(changes, 'added', edits.pin)).toBe(true);
    expect(changes.filter((r) => r.change === 'added')).toHaveLength(Number(added));
    expect(changes.filter((r) => r.change === 'removed')).toHaveLength(Number(removed));
    const md = readFileSync(join(outDir, 'report.md'), 'utf8');
    expect(md).toContain('## Changes since the previous run');
    expect(md).toContain(`(${edits.pin.mentee})`);
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="changes-h">Changes since the previous run</h2>');
    expect(html).toMatch(/<table id="pairs-added">[\s\S]*?<\/table>/);
    expect(/<table id="pairs-added">[\s\S]*?<\/table>/.exec(html)?.[0]).toContain(edits.pin.mentee);
    expect(/<table id="pairs-removed">[\s\S]*?<\/table>/.exec(html)?.[0]).toContain(edits.ban.mentee);

    const again = await cli(...runArgs(outDir, editsFile));
    expect(again.code, again.err).toBe(EXIT.ok);
    expect(again.out.split('\n')[2]).toBe(`no changes since ${outDir}: same ${record.pairs.length} pairs, total ${Number(after).toFixed(1)}`);
    expect(readCsv(join(outDir, 'changes.csv'))).toEqual([]);
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toContain('The same pairs as before, with the same scores.');
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toContain('The same pairs as before, with the same scores.');
  });

  it('logs the difference as counts and totals, never an id or a name', () => {
    const dir = tmp();
    const outDir = join(dir, 'out');
    const first = run({ outDir });
    const edits = committeeEdits(first);
    const sink = capture();
    const outcome = runBatch({
      applicationsFile: `${SAMPLE}/applications.csv`,
      configFile: `${SAMPLE}/program.yaml`,
      historyFile: `${SAMPLE}/history.csv`,
      editsFile: writeEdits(dir, edits),
      outDir,
      logger: createLogger({ level: 'debug', destination: sink, json: true }),
      version: 'test',
    });
    if (outcome.status !== 'written' || outcome.diff === undefined) throw new Error('expected a written run with a diff');
    const { diff } = outcome;
    const lines = sink.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'compared with the earlier run')).toMatchObject({
      added: diff.added.length,
      removed: diff.removed.length,
      rescored: 0,
      totalBefore: expect.closeTo(first.totalScore, 3),
      totalAfter: expect.closeTo(outcome.result.totalScore, 3),
    });
    const log = sink.text();
    for (const p of [...diff.added, ...diff.removed]) {
      for (const text of [p.mentorId, p.menteeId, p.mentorName, p.menteeName]) expect(log.includes(text), `${text} in the log`).toBe(false);
    }
  });

  it('--compare compares with another folder; one without a usable run.json stops the run and leaves the output folder alone', async () => {
    const dir = tmp();
    const earlier = join(dir, 'earlier');
    const outDir = join(dir, 'out');
    const first = run({ outDir: earlier });
    const editsFile = writeEdits(dir, committeeEdits(first));

    const compared = await cli(...runArgs(outDir, editsFile), '--compare', earlier);
    expect(compared.code, compared.err).toBe(EXIT.ok);
    expect(compared.out).toMatch(new RegExp(`^changes since ${earlier.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ pairs? added, `, 'm'));
    expect(readCsv(join(outDir, 'changes.csv')).length).toBeGreaterThanOrEqual(2);

    const before = snapshot(outDir);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const missing = await cli(...runArgs(outDir), '--compare', empty);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain(`${join(empty, 'run.json')}, column "--compare"`);
    expect(missing.err).toContain('[file_not_found]');

    const foreign = join(dir, 'foreign');
    run({ outDir: foreign });
    writeFileSync(join(foreign, 'run.json'), JSON.stringify({ tool: 'mentor-match', objective: 'high', pairs: [] }));
    const bad = await cli(...runArgs(outDir), '--compare', foreign);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain('[run_record_invalid]');

    expect(snapshot(outDir)).toEqual(before);
    // No staging folder left behind either.
    expect(readdirSync(dirname(outDir)).sort()).toEqual(['earlier', 'edits-2.csv', 'empty', 'foreign', 'out']);
  });

  it.each([
    { name: 'a record with a bad value', text: JSON.stringify({ tool: 'mentor-match', input: { sha256: 'x' }, objective: 1, pairs: [] }), force: false, code: 'run_record_invalid' },
    { name: 'a record cut short (replaced with --force)', text: '{"tool": "mentor-match", "pairs": [', force: true, code: 'json_malformed' },
  ])('a run.json in the replaced folder that cannot be read, $name: a warning, and a run without a difference', async ({ text, force, code }) => {
    const outDir = join(tmp(), 'out');
    run({ outDir });
    writeFileSync(join(outDir, 'run.json'), text);
    const r = await cli(...runArgs(outDir), ...(force ? ['--force'] : []));
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain("warning: the output folder's run.json is not an earlier run's record that can be read (1 problem): this run is not compared with it, and writes no changes.csv");
    expect(r.out).not.toMatch(/changes since/);
    expect(r.err).toContain(`[${code}]`);
    expect(listFiles(outDir)).not.toContain('changes.csv');
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).not.toContain('Changes since the previous run');
    // The folder now holds a good record: the next run compares with it.
    const next = await cli(...runArgs(outDir));
    expect(next.out).toMatch(/^no changes since /m);
  });
});
