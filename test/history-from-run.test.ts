import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { SAMPLE_FOLDER } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();
const pairsOf = (folder: string): string[] =>
  readFileSync(join(folder, 'matches.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(',').slice(0, 3).join(','));

describe('--history <an earlier run folder>', () => {
  it("next cycle's run never repeats a pair of the earlier run, whose folder stands in for a history file", async () => {
    const dir = tmp();
    const apps = join(SAMPLE_FOLDER, 'applications.csv');
    const config = join(SAMPLE_FOLDER, 'program.yaml');
    expect((await cli('run', apps, '--config', config, '--out', join(dir, 'year1'))).code).toBe(0);
    const second = await cli('run', apps, '--config', config, '--history', join(dir, 'year1'), '--out', join(dir, 'year2'));
    expect(second.code, second.err).toBe(0);
    const before = new Set(pairsOf(join(dir, 'year1')));
    const after = pairsOf(join(dir, 'year2'));
    expect(before.size).toBeGreaterThan(50);
    expect(after.filter((p) => before.has(p))).toEqual([]);
    expect(after.length).toBeGreaterThan(50);
  });

  it("an earlier run's run.json that cannot be read stops the run with the problem named", async () => {
    const dir = tmp();
    const apps = join(SAMPLE_FOLDER, 'applications.csv');
    expect((await cli('run', apps, '--out', join(dir, 'year1'))).code).toBe(0);
    writeFileSync(join(dir, 'year1', 'run.json'), '{"tool": "mentor-match", "pairs": 3}');
    const bad = await cli('run', apps, '--history', join(dir, 'year1'), '--out', join(dir, 'year2'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('[run_record_invalid]');
  });
});
