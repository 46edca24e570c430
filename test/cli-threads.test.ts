import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../runners/cli.js';
import { cli } from './helpers/cli.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();
const SAMPLE = 'fixtures/sample-cohort';

/** A run.json without its timings, the one part that may differ between two runs. */
function withoutTimings(text: string): unknown {
  const record = JSON.parse(text) as Record<string, unknown>;
  expect(record).toHaveProperty('timings_ms');
  delete record.timings_ms;
  return record;
}

describe('run --threads', () => {
  it('--threads 1 and --threads 2 write byte-identical folders (run.json timings aside)', async () => {
    const dir = tmp();
    const runWith = async (threads: string) => {
      const outDir = join(dir, `threads-${threads}`);
      const r = await cli(
        'run', `${SAMPLE}/applications.csv`, '--config', `${SAMPLE}/program.yaml`,
        '--history', `${SAMPLE}/history.csv`, '--edits', `${SAMPLE}/edits.csv`,
        '--export-matrix', '--threads', threads, '--out', outDir,
      );
      expect(r.code, r.err).toBe(EXIT.ok);
      return { outDir, out: r.out };
    };
    const one = await runWith('1');
    const two = await runWith('2');
    expect(two.out.replaceAll('threads-2', 'threads-1')).toBe(one.out);
    const filesIn = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
        .sort();
    const files = filesIn(one.outDir);
    expect(filesIn(two.outDir)).toEqual(files);
    expect(files.some((f) => f.startsWith('emails/'))).toBe(true);
    expect(files).toContain('score-matrix.csv');
    for (const f of files) {
      const a = readFileSync(join(one.outDir, f), 'utf8');
      const b = readFileSync(join(two.outDir, f), 'utf8');
      if (f === 'run.json') expect(withoutTimings(b), f).toEqual(withoutTimings(a));
      else expect(b === a, `${f} differs`).toBe(true);
    }
  });

  it.each(['0', '-1', '1.5', 'two'])('--threads %s is a usage error', async (n) => {
    const r = await cli('run', `${SAMPLE}/applications.csv`, '--threads', n, '--out', join(tmp(), 'out'));
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--threads takes a whole number of 1 or more');
  });

  it('no progress bar when stderr is not a terminal', async () => {
    const r = await cli('run', `${SAMPLE}/applications.csv`, '--config', `${SAMPLE}/program.yaml`, '--out', join(tmp(), 'out'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toBe('');
  });
});
