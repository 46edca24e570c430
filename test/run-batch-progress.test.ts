import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePool, poolToCsv } from '../fixtures/generate-pool.js';
import { loadApplications } from '../runners/load-applications.js';
import { DEFAULT_PROGRAM } from '../runners/load-config.js';
import { createLogger } from '../runners/logger.js';
import type { RunPhase } from '../runners/progress-bar.js';
import { runBatch } from '../runners/run-batch.js';
import { capture } from './helpers/capture.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();
const SAMPLE = 'fixtures/sample-cohort';
const ORDER: readonly RunPhase[] = ['loading', 'scoring', 'solving', 'writing'];

describe('runBatch progress and phase timings', () => {
  it('reports loading, scoring, solving and writing in order, each counting up to its total', () => {
    const reports: { phase: RunPhase; done: number; total: number }[] = [];
    const outcome = runBatch({
      applicationsFile: `${SAMPLE}/applications.csv`,
      configFile: `${SAMPLE}/program.yaml`,
      outDir: join(tmp(), 'out'),
      exportMatrix: true,
      logger: createLogger({ level: 'silent' }),
      version: 'test',
      progress: (phase, done, total) => reports.push({ phase, done, total }),
    });
    expect(outcome.status).toBe('written');
    const phases = reports.map((r) => r.phase).filter((p, k, all) => k === 0 || all[k - 1] !== p);
    expect(phases).toEqual(ORDER);
    for (const phase of ['scoring', 'writing'] as const) {
      const of = reports.filter((r) => r.phase === phase);
      expect(of.at(-1)?.done, phase).toBe(of.at(-1)?.total);
      expect(of.at(-1)?.total, phase).toBeGreaterThan(0);
      for (let k = 1; k < of.length; k++) expect(of[k]?.done as number).toBeGreaterThanOrEqual(of[k - 1]?.done as number);
    }
  });

  it('loading a large file counts its rows as it reads and checks them, up to the total', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'apps.csv'), poolToCsv(generatePool({ seed: 9, mentees: 14_000, mentors: 6_000 })));
    const reports: { done: number; total: number }[] = [];
    const loaded = loadApplications(join(dir, 'apps.csv'), DEFAULT_PROGRAM, (done, total) => reports.push({ done, total }));
    expect(loaded.applicants.length + loaded.rejectedRows.length).toBe(20_000);
    // Reading reports every 4,096 records, checking every 4,096 rows: at least 8 steps, counting up to 2 × the rows.
    expect(reports.length).toBeGreaterThanOrEqual(8);
    for (let k = 1; k < reports.length; k++) expect(reports[k]?.done as number).toBeGreaterThanOrEqual(reports[k - 1]?.done as number);
    expect(reports.at(-1)).toEqual({ done: 40_000, total: 40_000 });
    expect(reports.some((r) => r.done < r.total / 2)).toBe(true);
  }, 60_000);

  it('logs each phase in milliseconds, and the scoring threads, as numbers only', () => {
    const sink = capture();
    runBatch({
      applicationsFile: `${SAMPLE}/applications.csv`,
      configFile: `${SAMPLE}/program.yaml`,
      outDir: join(tmp(), 'out'),
      logger: createLogger({ level: 'info', destination: sink, json: true }),
      version: 'test',
      threads: 1,
    });
    const lines = sink
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const byMsg = new Map(lines.map((l) => [l.msg, l]));
    expect(byMsg.get('inputs loaded')?.ms).toEqual(expect.any(Number));
    const matched = byMsg.get('cohort matched');
    expect(matched).toMatchObject({ scoringThreads: 1, scoringMs: expect.any(Number), solvingMs: expect.any(Number) });
    expect(byMsg.get('outputs written')).toMatchObject({ writingMs: expect.any(Number), ms: expect.any(Number) });
  });
});
