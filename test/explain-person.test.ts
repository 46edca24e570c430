import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainPerson } from '../runners/explain-person.js';
import { matchCohort } from '../runners/match-cohort.js';
import type { MatchResult } from '../runners/match-result.js';
import { loadSample, SAMPLE_FOLDER, sampleRunRecord } from './helpers/sample.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();
const sample = SAMPLE_FOLDER;
const inputs = loadSample();

/** The sample cohort matched, and its run.json written into a fresh folder. */
function sampleRun(): { folder: string; result: MatchResult; record: string } {
  const out = matchCohort(inputs);
  if (out.status !== 'matched') throw new Error(out.status);
  const record = sampleRunRecord(inputs, out.result);
  const folder = tmp();
  writeFileSync(join(folder, 'run.json'), record);
  return { folder, result: out.result, record };
}

const explained = (folder: string, who: string): string => {
  const out = explainPerson(folder, who);
  if (out.status !== 'explained') throw new Error(JSON.stringify(out.problems));
  return out.lines.join('\n');
};

describe('explain <run folder> <id or email>', () => {
  it('a matched mentee: the pair, every factor with its reason, and every alternative with its exact cost and bound', () => {
    const { folder, result } = sampleRun();
    const road = result.roadsNotTaken.find((r) => r.applicant.role === 'mentee' && r.alternatives.some((a) => a.drop !== null && a.drop > 0) && result.pairs.some((p) => p.mentee === r.applicant));
    if (!road) throw new Error('the sample has no matched mentee with a priced alternative');
    const pair = result.pairs.find((p) => p.mentee === road.applicant);
    if (!pair) throw new Error('unreachable');
    const out = explained(folder, road.applicant.id);
    expect(out).toContain(`Matched with ${pair.mentor.id} ${pair.mentor.name}: score ${pair.score.toFixed(1)}`);
    for (const c of pair.contributions) expect(out).toContain(c.reason);
    for (const a of road.alternatives) {
      expect(out).toContain(`${a.other.id} ${a.other.name}: score ${a.score.toFixed(1)}`);
      if (a.drop !== null && a.drop > 0.05) expect(out).toContain(`lower the total by ${a.drop.toFixed(1)}`);
      if (a.bound !== null && a.drop !== null) expect(out).toContain(`(bound ${Math.max(0, a.bound).toFixed(1)})`);
    }
  });

  it('finds a person by email, whatever its case, and explains everyone of the run', () => {
    const { folder, result } = sampleRun();
    const mentee = result.pairs[0]?.mentee;
    if (!mentee) throw new Error('no pairs');
    expect(explained(folder, ` ${mentee.email.toUpperCase()} `)).toBe(explained(folder, mentee.id));
    for (const u of result.unmatched) expect(explained(folder, u.applicant.id)).toContain(`Not matched: ${u.reason}`);
    for (const x of result.ineligible) {
      const out = explained(folder, x.applicant.id);
      for (const f of x.failures) expect(out).toContain(`${f.rule}: ${f.detail}`);
    }
    // A mentor lists each of their mentees.
    const mentor = result.pairs[0]?.mentor;
    if (!mentor) throw new Error('no pairs');
    const out = explained(folder, mentor.id);
    for (const p of result.pairs.filter((q) => q.mentor === mentor)) expect(out).toContain(`Matched with ${p.mentee.id}`);
  });

  it('prints no control character from the run files: a hostile name is shown escaped', () => {
    const { folder, record, result } = sampleRun();
    const id = result.pairs[0]?.mentee.id as string;
    const hostile = JSON.parse(record) as { people: { id: string; name: string }[] };
    for (const p of hostile.people) if (p.id === id) p.name = 'Eve\u001b]0;pwned\u0007\r\u202eX';
    writeFileSync(join(folder, 'run.json'), JSON.stringify(hostile));
    const out = explained(folder, id);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    expect(out).toContain('Eve\\u001b]0;pwned\\u0007\\u000d\\u202eX');
  });

  it('says which problem stops it: no run, nobody by that name, a run.json from before explanations', () => {
    const { folder, record } = sampleRun();
    const codeOf = (f: string, who: string) => {
      const out = explainPerson(f, who);
      return out.status === 'problems' ? out.problems.map((p) => [p.code, p.column ?? '']) : [];
    };
    expect(codeOf(join(folder, 'nowhere'), 'x')).toEqual([['file_not_found', '<run folder>']]);
    expect(codeOf(folder, 'nobody@example.org')).toEqual([['unknown_person', '<id or email>']]);
    const old = JSON.parse(record) as Record<string, unknown>;
    delete old['roads_not_taken'];
    delete old['people'];
    const oldFolder = tmp();
    writeFileSync(join(oldFolder, 'run.json'), JSON.stringify(old));
    expect(codeOf(oldFolder, 'x').map(([code, column]) => `${code} ${column}`).sort()).toEqual(['run_record_invalid people', 'run_record_invalid roads_not_taken']);
  });
});

describe('mentor-match explain (the command)', () => {
  it('prints one person of a run, by id or email; an unknown person or folder exits 2 with the problem named', async () => {
    const { cli } = await import('./helpers/cli.js');
    const out = join(tmp(), 'run');
    const ran = await cli('run', join(sample, 'applications.csv'), '--config', join(sample, 'program.yaml'), '--history', join(sample, 'history.csv'), '--edits', join(sample, 'edits.csv'), '--out', out);
    expect(ran.code, ran.err).toBe(0);
    const { result } = sampleRun();
    const mentee = result.unmatched.find((u) => u.applicant.role === 'mentee')?.applicant ?? result.pairs[0]?.mentee;
    if (!mentee) throw new Error('no mentee');
    const byId = await cli('explain', out, mentee.id);
    expect(byId.code, byId.err).toBe(0);
    expect(byId.out).toBe(`${explained(out, mentee.id)}\n`);
    expect((await cli('explain', out, mentee.email)).out).toBe(byId.out);
    const unknown = await cli('explain', out, 'nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('[unknown_person]');
    expect(unknown.err).not.toContain('    at ');
    const noRun = await cli('explain', join(out, 'missing'), mentee.id);
    expect(noRun.code).toBe(2);
    expect(noRun.err).toContain('[file_not_found]');
  });
});
