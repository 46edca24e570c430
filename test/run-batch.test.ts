import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadApplications } from '../runners/load-applications.js';
import { loadProgramConfig } from '../runners/load-config.js';
import { createLogger } from '../runners/logger.js';
import { InputError } from '../runners/problems.js';
import { loadInputs, runBatch, type BatchOptions } from '../runners/run-batch.js';
import { capture } from './helpers/capture.js';
import { useTmpDir } from './helpers/tmp.js';

const SAMPLE = 'fixtures/sample-cohort';
const tmp = useTmpDir();

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
}

function run(overrides: Partial<BatchOptions> & { outDir: string }): ReturnType<typeof runBatch> {
  return runBatch({
    applicationsFile: `${SAMPLE}/applications.csv`,
    configFile: `${SAMPLE}/program.yaml`,
    logger: createLogger({ level: 'silent' }),
    version: 'test',
    ...overrides,
  });
}

describe('the sample cohort, end to end', () => {
  it('writes every output, and every applicant is in exactly one list', () => {
    const outDir = join(tmp(), 'run');
    const outcome = run({ outDir, historyFile: `${SAMPLE}/history.csv`, editsFile: `${SAMPLE}/edits.csv`, exportMatrix: true });
    expect(outcome.status).toBe('written');
    for (const f of ['matches.csv', 'unmatched.csv', 'ineligible.csv', 'report.md', 'report.html', 'run.json', 'score-matrix.csv']) {
      expect(existsSync(join(outDir, f)), f).toBe(true);
      expect(statSync(join(outDir, f)).mode & 0o077, `${f} readable by its owner only`).toBe(0);
    }

    // Read everything back from the files, as a reviewer would.
    const input = readCsv(`${SAMPLE}/applications.csv`);
    const matches = readCsv(join(outDir, 'matches.csv'));
    const unmatched = readCsv(join(outDir, 'unmatched.csv'));
    const ineligible = readCsv(join(outDir, 'ineligible.csv'));
    const lists = new Map<string, Set<string>>();
    const put = (id: string | undefined, list: string) => {
      expect(id).toBeTruthy();
      const s = lists.get(id as string) ?? new Set<string>();
      s.add(list);
      lists.set(id as string, s);
    };
    for (const m of matches) {
      put(m.mentor_id, 'matches');
      put(m.mentee_id, 'matches');
    }
    for (const u of unmatched) put(u.id, 'unmatched');
    for (const x of ineligible) put(x.id, 'ineligible');
    expect(lists.size).toBe(input.length);
    for (const row of input) expect([...(lists.get(row.id as string) ?? [])], row.id).toHaveLength(1);
    for (const u of unmatched) expect(u.reason, u.id).not.toBe('');
    for (const x of ineligible) expect(x.rule, x.id).not.toBe('');

    // Mentee at most once; mentor within capacity.
    const menteeIds = matches.map((m) => m.mentee_id);
    expect(new Set(menteeIds).size).toBe(menteeIds.length);
    const byId = new Map(input.map((r) => [r.id as string, r]));
    const load = new Map<string, number>();
    for (const m of matches) load.set(m.mentor_id as string, (load.get(m.mentor_id as string) ?? 0) + 1);
    for (const [mentor, n] of load) expect(n).toBeLessThanOrEqual(Number(byId.get(mentor)?.capacity || 1));

    // The committee's pin is there; bans, past pairs and supervisor links are not.
    const pairs = new Set(matches.map((m) => `${m.mentor_id}|${m.mentee_id}`));
    const edits = readCsv(`${SAMPLE}/edits.csv`);
    for (const e of edits) expect(pairs.has(`${e.mentor}|${e.mentee}`), `${e.action} ${e.mentor} ${e.mentee}`).toBe(e.action === 'pin');
    const emailToId = new Map(input.map((r) => [(r.email as string).toLowerCase(), r.id as string]));
    const idOf = (ref: string) => emailToId.get(ref.toLowerCase()) ?? ref;
    for (const h of readCsv(`${SAMPLE}/history.csv`)) expect(pairs.has(`${idOf(h.mentor as string)}|${idOf(h.mentee as string)}`)).toBe(false);
    for (const m of matches) {
      expect(byId.get(m.mentee_id as string)?.supervisor_id).not.toBe(m.mentor_id);
      expect(byId.get(m.mentor_id as string)?.supervisor_id).not.toBe(m.mentee_id);
    }

    // Scores respect the program minimum, except where the committee pinned.
    const { program } = loadProgramConfig(`${SAMPLE}/program.yaml`);
    for (const m of matches) if (!(m.reasons as string).startsWith('pinned')) expect(Number(m.score)).toBeGreaterThanOrEqual(program.minScore - 0.01);

    // run.json agrees with matches.csv and records the input hash.
    const record = JSON.parse(readFileSync(join(outDir, 'run.json'), 'utf8')) as {
      input: { sha256: string };
      objective: number;
      pairs: { mentor_id: string; mentee_id: string; score: number; factors: { points: number }[] }[];
    };
    expect(record.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.pairs).toHaveLength(matches.length);
    for (const p of record.pairs) {
      expect(p.factors.reduce((s, f) => s + f.points, 0)).toBeCloseTo(p.score, 2);
    }
    expect(record.objective).toBeCloseTo(record.pairs.reduce((s, p) => s + p.score, 0), 2);
  });

  it('a mutual request is honoured when both asked; the matrix export has a row per eligible mentee', () => {
    const outDir = join(tmp(), 'run');
    const outcome = run({ outDir, exportMatrix: true });
    if (outcome.status !== 'written') throw new Error(outcome.status);
    const mutual = outcome.result.pairs.filter((p) => p.contributions.some((c) => c.factor === 'mutual_request' && c.value === 1));
    expect(mutual.length).toBeGreaterThan(0);
    for (const p of mutual) {
      expect(p.mentee.requestedPartner).toBe(p.mentor.id);
      expect(p.mentor.requestedPartner).toBe(p.mentee.id);
    }
    const matrix = readCsv(join(outDir, 'score-matrix.csv'));
    const eligibleMentees = new Set(outcome.result.pairs.map((p) => p.mentee.id));
    for (const u of outcome.result.unmatched) if (u.applicant.role === 'mentee') eligibleMentees.add(u.applicant.id);
    expect(matrix.map((r) => r.mentee_id).sort()).toEqual([...eligibleMentees].sort());
  });

  it('is reproducible: the same inputs in another row order give byte-identical outputs (timings aside)', () => {
    const dir = tmp();
    const text = readFileSync(`${SAMPLE}/applications.csv`, 'utf8');
    const [header, ...rows] = text.replace(/^\uFEFF/, '').split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter((l) => l !== '');
    expect(rows.length).toBeGreaterThanOrEqual(150);
    const shuffled = [header, ...[...rows].reverse()].join('\r\n');
    writeFileSync(join(dir, 'reversed.csv'), shuffled);
    const a = run({ outDir: join(dir, 'a') });
    const b = run({ outDir: join(dir, 'b'), applicationsFile: join(dir, 'reversed.csv') });
    expect(a.status).toBe('written');
    expect(b.status).toBe('written');
    for (const f of ['matches.csv', 'unmatched.csv', 'ineligible.csv']) {
      expect(readFileSync(join(dir, 'b', f), 'utf8'), f).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
    }
  });
});

describe('a form export runs after writing only a column map', () => {
  it('matches the Google Forms export with its own headers', () => {
    const outDir = join(tmp(), 'run');
    const outcome = runBatch({
      applicationsFile: 'fixtures/form-export/responses.csv',
      configFile: 'fixtures/form-export/program.yaml',
      outDir,
      logger: createLogger({ level: 'silent' }),
      version: 'test',
    });
    if (outcome.status !== 'written') throw new Error(outcome.status);
    expect(outcome.result.pairs.length).toBeGreaterThan(5);
    const { program } = loadProgramConfig('fixtures/form-export/program.yaml');
    const { applicants } = loadApplications('fixtures/form-export/responses.csv', program);
    const listed = outcome.result.pairs.length * 2 + outcome.result.unmatched.length + outcome.result.ineligible.length;
    expect(listed).toBe(applicants.length);
  });
});

describe('bad input', () => {
  const badCsv = [
    'id,role,name,email,years_experience,member_in_good_standing,requested_partner',
    'M1,mentor,Ada Mentor,ada@x.example,twelve,yes,',
    'M1,mentor,Bo Mentor,bo@x.example,10,maybe,',
    'E1,mentee,Cy Mentee,not-an-email,2,yes,NOBODY',
    'E2,coach,Di Mentee,di@x.example,2,yes,E2',
    'E3,mentee,Ed Mentee,ed@x.example,1,yes,M1',
  ].join('\r\n');

  it('stops the run, reports every problem of the file at once, and writes nothing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.csv'), badCsv);
    const outDir = join(dir, 'out');
    let error: unknown;
    try {
      runBatch({ applicationsFile: join(dir, 'bad.csv'), outDir, logger: createLogger({ level: 'silent' }), version: 'test' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const codes = (error as InputError).problems.map((p) => `${p.row}:${p.code}`).sort();
    expect(codes).toEqual(['2:bad_number', '3:bad_boolean', '3:duplicate_id', '4:bad_email', '4:unknown_reference', '5:bad_role', '5:self_reference'].sort());
    expect(existsSync(outDir)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.csv']);
  });

  it('with --skip-invalid-rows, bad rows go to rejected.csv and nobody is lost', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.csv'), badCsv);
    const outDir = join(dir, 'out');
    const outcome = runBatch({ applicationsFile: join(dir, 'bad.csv'), outDir, skipInvalidRows: true, logger: createLogger({ level: 'silent' }), version: 'test' });
    if (outcome.status !== 'written') throw new Error(outcome.status);
    const rejected = readCsv(join(outDir, 'rejected.csv'));
    expect(new Set(rejected.map((r) => r.row))).toEqual(new Set(['2', '3', '4', '5']));
    const r = outcome.result;
    expect(r.rejected.length + r.pairs.length * 2 + r.unmatched.length + r.ineligible.length).toBe(5);
  });

  it('a pin the program forbids is an input error naming the edits row', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'apps.csv'),
      ['id,role,name,email,supervisor_id,interests', 'M1,mentor,A,a@x.example,,budgeting', 'E1,mentee,B,b@x.example,M1,budgeting'].join('\n'),
    );
    writeFileSync(join(dir, 'edits.csv'), 'mentor,mentee,action\nM1,E1,pin\n');
    expect(() =>
      runBatch({ applicationsFile: join(dir, 'apps.csv'), editsFile: join(dir, 'edits.csv'), outDir: join(dir, 'out'), logger: createLogger({ level: 'silent' }), version: 'test' }),
    ).toThrowError(InputError);
    try {
      runBatch({ applicationsFile: join(dir, 'apps.csv'), editsFile: join(dir, 'edits.csv'), outDir: join(dir, 'out'), logger: createLogger({ level: 'silent' }), version: 'test' });
    } catch (e) {
      expect((e as InputError).problems.map((p) => [p.code, p.row])).toEqual([['pair_conflict', 2]]);
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('confidentiality of the log', () => {
  it('logs counts and timings, never a name, an email or free text', () => {
    const outDir = join(tmp(), 'run');
    const sink = capture();
    const outcome = runBatch({
      applicationsFile: `${SAMPLE}/applications.csv`,
      configFile: `${SAMPLE}/program.yaml`,
      outDir,
      logger: createLogger({ level: 'debug', destination: sink, json: true }),
      version: 'test',
    });
    expect(outcome.status).toBe('written');
    const log = sink.text();
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(3);
    for (const row of readCsv(`${SAMPLE}/applications.csv`)) {
      for (const field of ['name', 'email', 'goals', 'bio'] as const) {
        const v = (row[field] ?? '').trim();
        if (v.length >= 4) expect(log.includes(v), `${field} of ${row.id} in the log`).toBe(false);
      }
    }
  });
});

describe('warnings a new user needs', () => {
  it('says when community sizes match none of the configured bands, without quoting any answer', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'apps.csv'),
      ['id,role,name,email,community_size', 'M1,mentor,A,a@x.example,"Under 10,000"', 'E1,mentee,B,b@x.example,under 10k', 'E2,mentee,C,c@x.example,'].join('\n'),
    );
    const inputs = loadInputs({ applicationsFile: join(dir, 'apps.csv') });
    const warning = inputs.warnings.find((w) => w.includes('community_size'));
    expect(warning).toMatch(/1 of 2 community_size answers match none of the bands/);
    expect(warning).not.toContain('Under 10,000');
  });
});
