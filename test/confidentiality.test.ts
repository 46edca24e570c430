/**
 * Issue 6, "Confidentiality": logs never carry applicant data; `--anonymize`
 * writes reports under stable pseudonyms; every output is its owner's only.
 *
 * The cohort below hides a marker in every answer: `zq7x…` in what an
 * anonymized folder must not show (ids, names, emails, organizations,
 * departments, supervisors, goals, bios, extra columns), `zq7k…` in what it
 * keeps on purpose (interests, skills, regions: see anonymize-result.ts).
 * Neither may reach a log line. Markers are lower case; pseudonyms are upper
 * case, so a pseudonym can never look like one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../runners/cli.js';
import { createLogger, forbidInLogs, personalValues } from '../runners/logger.js';
import { createPseudonyms, openPseudonymKey, PSEUDONYM_KEY_FILE } from '../runners/pseudonym-key.js';
import { findOriginals, replaceIds, idTable, withholdQuotedAnswers } from '../runners/anonymize-result.js';
import { resultOf } from './helpers/result.js';
import { makeApplicant } from './helpers/applicant.js';
import { capture } from './helpers/capture.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

const HEADER = [
  'id', 'role', 'name', 'email', 'member_in_good_standing', 'years_experience', 'new_to_sector', 'region', 'community_size', 'department',
  'organization', 'supervisor_id', 'interests', 'skills_offered', 'skills_sought', 'goals', 'bio', 'requested_partner', 'choices', 'capacity',
  'agreement_signed', 'confidentiality_signed', 'employer_supports', 'co_mentors', 'orientation', 'notes',
];

type Row = Record<(typeof HEADER)[number], string>;

/** Four mentors (one not a member) and seven mentees (one who did not attend orientation), every answer marked. */
function markerRows(): Row[] {
  const person = (id: string, role: 'mentor' | 'mentee', k: number, over: Partial<Row>): Row => ({
    id,
    role,
    name: `Ann zq7xname${id}`,
    email: `zq7xmail-${id}@zq7xorg${k}.example`,
    member_in_good_standing: 'yes',
    years_experience: role === 'mentor' ? String(12 + k) : String(1 + (k % 4)),
    new_to_sector: role === 'mentee' ? 'yes' : 'no',
    region: k % 2 === 0 ? 'zq7kregion north' : 'zq7kregion south',
    community_size: ['under 10k', '10k-50k', '50k-250k'][k % 3] as string,
    department: `zq7xdept${k % 3}`,
    organization: `City of zq7xorg${k}`,
    supervisor_id: `zq7xsup${k}`,
    interests: `budgeting; council relations; zq7kint${k % 2}`,
    skills_offered: role === 'mentor' ? 'budgeting; council relations; zq7kskill' : '',
    skills_sought: role === 'mentee' ? 'budgeting; zq7kskill' : '',
    goals: role === 'mentee' ? `I want zq7xgoal${k} help with budgeting and council work near zq7xgoalword` : '',
    bio: role === 'mentor' ? `zq7xbio${k}: years of budgeting and council work near zq7xgoalword and zq7xtown` : '',
    requested_partner: '',
    choices: '',
    capacity: '',
    agreement_signed: 'yes',
    confidentiality_signed: 'yes',
    employer_supports: 'yes',
    co_mentors: '',
    orientation: 'yes',
    notes: `zq7xnote${k} a private remark`,
    ...over,
  });
  return [
    person('zq7xidr1', 'mentor', 1, { requested_partner: 'zq7xide1', co_mentors: 'zq7xidr2' }),
    person('zq7xidr2', 'mentor', 2, { co_mentors: 'zq7xidr1' }),
    person('zq7xidr3', 'mentor', 3, {}),
    person('zq7xidr4', 'mentor', 4, { member_in_good_standing: 'no' }),
    person('zq7xide1', 'mentee', 5, { requested_partner: 'zq7xidr1', choices: 'zq7xidr1' }),
    person('zq7xide2', 'mentee', 6, { supervisor_id: 'zq7xidr2', choices: 'zq7xidr4; zq7xidr2' }),
    person('zq7xide3', 'mentee', 7, { choices: 'zq7xidr4; zq7xidr3; zq7xidr1' }),
    person('zq7xide4', 'mentee', 8, { choices: 'zq7xidr3' }),
    person('zq7xide5', 'mentee', 9, {}),
    person('zq7xide6', 'mentee', 10, { orientation: 'zq7xflag maybe later' }),
    person('zq7xide7', 'mentee', 11, { choices: 'zq7xidr2' }),
  ];
}

/** A row that cannot be read (its email is not one), marked too. */
const BAD_ROW: Partial<Row> = { id: 'zq7xidbad', role: 'mentee', name: 'Bob zq7xnamebad', email: 'zq7xmailbad-at-nowhere' };

const csvCell = (v: string): string => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function writeCohort(file: string, rows: readonly Partial<Row>[]): string {
  writeFileSync(file, [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => csvCell(r[h] ?? '')).join(','))].join('\r\n'));
  return file;
}

const PROGRAM = `program: Marker program
shape: SHAPE
eligibility:
  - rule: member_in_good_standing
  - rule: flag
    name: orientation
    column: orientation
    roles: [mentee]
weights: { interests: 3, skills: 3, goals_text: 2, community_size: 1, region: 1, experience_gap: 1, department: 1, choice_rank: 2, mutual_request: 2 }
`;
const GROUP = 'group\ngroup: { min_size: 1, max_size: 3, co_mentors: declared, max_mentors: 2 }';

/** A folder with the marker cohort (`applications.csv`, `shuffled.csv`, `with-bad-row.csv`) and its configs. */
function cohortFolder(): {
  dir: string;
  apps: string;
  shuffled: string;
  withBadRow: string;
  config: string;
  groupConfig: string;
  bigGroupConfig: string;
  failingConfig: string;
} {
  const dir = tmp();
  const rows = markerRows();
  return {
    dir,
    apps: writeCohort(join(dir, 'applications.csv'), rows),
    shuffled: writeCohort(join(dir, 'shuffled.csv'), [...rows].reverse()),
    withBadRow: writeCohort(join(dir, 'with-bad-row.csv'), [...rows.slice(0, 6), BAD_ROW, ...rows.slice(6)]),
    config: writeText(join(dir, 'program.yaml'), PROGRAM.replace('SHAPE', 'capacity\ncapacity: { default: 1, max: 2 }')),
    groupConfig: writeText(join(dir, 'group.yaml'), PROGRAM.replace('SHAPE', GROUP)),
    // Groups of 4 to 6: one team gets no mentees, and the reasons name teams.
    bigGroupConfig: writeText(join(dir, 'big-group.yaml'), PROGRAM.replace('SHAPE', GROUP.replace('min_size: 1, max_size: 3', 'min_size: 4, max_size: 6'))),
    // A solver that cannot honour the priority: the run stops after loading, with exit code 1.
    failingConfig: writeText(join(dir, 'failing.yaml'), `${PROGRAM.replace('SHAPE', 'one_to_one')}solver: deferred_acceptance\npriority: { unmatched_last_cycle: 10 }\n`),
  };
}

function writeText(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}

/** Runs the CLI in-process at log level debug; stderr (problems and log lines alike) is captured. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await main(['--log-level', 'debug', ...argv], out, err);
  return { code, out: out.text(), err: err.text() };
}

/** Runs into `out` and returns it, failing the test with stderr when the run fails. */
async function runInto(out: string, ...argv: string[]): Promise<string> {
  const r = await cli(...argv, '--out', out);
  expect(r.code, r.err).toBe(0);
  return out;
}

/** Stderr split into pino's records (JSON lines with a numeric level) and the rest (messages to the user). */
function splitStderr(err: string): { records: string[]; messages: string[] } {
  const records: string[] = [];
  const messages: string[] = [];
  for (const line of err.split('\n').filter((l) => l !== '')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { level?: unknown }).level === 'number') records.push(line);
    else messages.push(line);
  }
  return { records, messages };
}

function expectCleanLog(err: string, label: string): string[] {
  const { records } = splitStderr(err);
  for (const r of records) expect(r, `${label}: a log record carries a marker`).not.toMatch(/zq7/i);
  return records;
}

/** Every file under `dir`, by path relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    return e.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

/** Every folder under `dir`, `dir` included. */
function foldersUnder(dir: string): string[] {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => foldersUnder(join(dir, e.name)))];
}

const readCsv = (file: string): Record<string, string>[] => parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('logs carry no applicant data', () => {
  it('run, validate, explain, rematch, a bad input and a failed solve: no log record holds a marker', async () => {
    const c = cohortFolder();
    const out = join(c.dir, 'out');

    const run = await cli('run', c.apps, '--config', c.config, '--out', out, '--export-matrix');
    expect(run.code, run.err).toBe(0);
    // The log is really captured: the run's three records at least.
    expect(expectCleanLog(run.err, 'run').length).toBeGreaterThanOrEqual(3);
    expect(splitStderr(run.err).messages).toEqual([]);

    const skipped = await cli('run', c.withBadRow, '--config', c.config, '--out', join(c.dir, 'skipped'), '--skip-invalid-rows');
    expect(skipped.code, skipped.err).toBe(0);
    expectCleanLog(skipped.err, 'run --skip-invalid-rows');

    const validate = await cli('validate', c.apps, '--config', c.config);
    expect(validate.code, validate.err).toBe(0);
    expectCleanLog(validate.err, 'validate');

    // explain prints the person asked about to stdout, the user's own request; it logs nothing about them.
    for (const who of ['zq7xide3', 'zq7xmail-zq7xidr1@zq7xorg1.example']) {
      const explain = await cli('explain', out, who);
      expect(explain.code, explain.err).toBe(0);
      expect(explain.out).toContain('zq7xname');
      expectCleanLog(explain.err, 'explain');
    }

    const release = writeText(join(c.dir, 'release.csv'), 'mentor,mentee\nzq7xidr1,\n');
    const rematch = await cli('rematch', c.apps, '--config', c.config, '--previous', out, '--release', release, '--out', join(c.dir, 'rematch'));
    expect(rematch.code, rematch.err).toBe(0);
    expect(expectCleanLog(rematch.err, 'rematch').length).toBeGreaterThanOrEqual(3);

    // A bad row stops the run. The problem, printed for the person who must fix the row, names the row,
    // the column and the value; it is a message on stderr, not a log record, and no log record quotes it.
    const bad = await cli('run', c.withBadRow, '--config', c.config, '--out', join(c.dir, 'bad'));
    expect(bad.code).toBe(2);
    expectCleanLog(bad.err, 'bad input');
    expect(splitStderr(bad.err).messages.join('\n')).toMatch(/row 8, column "email": value "zq7xmailbad-at-nowhere".*\[bad_email\]/);

    const failed = await cli('run', c.apps, '--config', c.failingConfig, '--out', join(c.dir, 'failed'));
    expect(failed.code, failed.err).toBe(1);
    expect(expectCleanLog(failed.err, 'solver failed').length).toBeGreaterThanOrEqual(1);
    expect(failed.err).toMatch(/the solver could not finish/);

    const anonymized = await cli('run', c.apps, '--config', c.config, '--out', join(c.dir, 'share'), '--anonymize');
    expect(anonymized.code, anonymized.err).toBe(0);
    expectCleanLog(anonymized.err, 'run --anonymize');
  });

  it('as a real process, stderr not a terminal: JSON lines, none holding a marker', () => {
    const c = cohortFolder();
    const node = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'runners/cli.ts', '--log-level', 'debug', ...args], { encoding: 'utf8' });
    const ok = node('run', c.apps, '--config', c.config, '--out', join(c.dir, 'out'));
    expect(ok.status, ok.stderr).toBe(0);
    const lines = ok.stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(() => JSON.parse(line), line).not.toThrow();
      expect(line).not.toMatch(/zq7/i);
    }
    const bad = node('run', c.withBadRow, '--config', c.config, '--out', join(c.dir, 'bad'));
    expect(bad.status).toBe(2);
    expectCleanLog(bad.stderr, 'bad input, real process');
  });

  it('the logger censors personal keys at any depth, errors to their type, and the cohort’s own values anywhere', () => {
    const sink = capture();
    const log = createLogger({ level: 'debug', destination: sink, json: true });
    const ann = makeApplicant({ id: 'zq7xid1', name: 'Ann zq7xname', email: 'zq7xmail@x.example', organization: 'zq7xorg', goals: 'zq7xgoal words' });
    log.info({ pair: { mentor: { name: ann.name, email: ann.email, skillsOffered: ['zq7xskill'] } }, count: 3 }, 'nested');
    log.info({ applicant: ann }, 'a whole applicant');
    log.error(new Error('bad value "zq7xvalue" in row 3'));
    log.child({ person: { id: 'zq7xchild' } }).info('child');
    forbidInLogs(log, personalValues([ann]));
    log.warn(`row 3: ${ann.name} <${ann.email}> of ${ann.organization} wants: ${ann.goals}`);
    log.warn('%s joined', ann.id);
    log.info({ note: `about ${ann.id}` }, 'a value under an innocent key');
    const text = sink.text();
    expect(text).not.toMatch(/zq7/);
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(7);
    expect(records[0]).toMatchObject({ pair: { mentor: { name: '[redacted]', email: '[redacted]', skillsOffered: '[redacted]' } }, count: 3 });
    expect(records[2]).toMatchObject({ err: { type: 'Error' }, msg: 'Error' });
    expect(records[4]?.msg).toBe('row 3: [redacted] <[redacted]> of [redacted] wants: [redacted]');
    // Values shorter than 3 characters, and words inside longer ones, are left alone.
    forbidInLogs(log, ['ab', 'count']);
    log.info('2 counts, ab and count');
    expect(sink.text().trim().split('\n').at(-1)).toContain('"msg":"2 counts, ab and [redacted]"');
  });
});

describe('--anonymize', () => {
  it('leaves no name, email, id, organization, department, supervisor, goal, bio or extra answer in any file, and keeps interests and regions', async () => {
    const c = cohortFolder();
    for (const [label, argv] of [
      ['capacity', ['run', c.withBadRow, '--config', c.config, '--skip-invalid-rows', '--export-matrix', '--anonymize']],
      ['group', ['run', c.apps, '--config', c.groupConfig, '--anonymize']],
      ['big group', ['run', c.apps, '--config', c.bigGroupConfig, '--anonymize']],
    ] as const) {
      const out = await runInto(join(c.dir, label), ...argv);
      const files = filesUnder(out);
      expect(files.some((f) => f.startsWith('emails/')), 'no emails/ when anonymized').toBe(false);
      let kept = 0;
      for (const f of files) {
        const text = readFileSync(join(out, f), 'utf8');
        const leak = /zq7x[\w.@-]*/.exec(text);
        expect(leak?.[0], `${label}: ${f}`).toBeUndefined();
        if (/zq7k/.test(text)) kept++;
      }
      // Interests, skills and regions stay: the committee needs them to judge a pair and fairness.
      expect(kept, label).toBeGreaterThan(0);
      const record = readJson(join(out, 'run.json'));
      expect(record.anonymized).toMatchObject({ key_id: expect.stringMatching(/^[0-9a-f]{12}$/) });
      for (const p of record.people as { id: string; name: string; email: string }[]) {
        expect(p.id).toMatch(/^P-[0-9A-Z]{8}$/);
        expect(p.name).toMatch(/^(Mentor|Mentee) [0-9A-Z]{8}$/);
        expect(p.email).toBe('');
      }
      const matches = readCsv(join(out, 'matches.csv'));
      expect(matches.length, label).toBeGreaterThan(0);
      if (label === 'group') {
        expect(files).toContain('groups.csv');
        // A team's reasons name the co-mentor they are about: by pseudonym.
        expect(matches.some((m) => /\(Mentor [0-9A-Z]{8}\)/.test(m.reasons ?? ''))).toBe(true);
      } else if (label === 'big group') {
        expect(readCsv(join(out, 'unmatched.csv')).map((u) => u.reason)).toContainEqual(expect.stringMatching(/the group led by P-[0-9A-Z]{8} \(score/));
      } else {
        expect(readCsv(join(out, 'rejected.csv'))).toEqual([expect.objectContaining({ row: '8', column: 'email', value: '' })]);
        // Goal terms that are somebody's interest stay, the others are counted.
        expect(matches.some((m) => /goals and bio share: .*budgeting.* and \d other terms? \(withheld\)/.test(m.reasons ?? ''))).toBe(true);
        expect(readCsv(join(out, 'ineligible.csv')).map((x) => x.detail)).toContain('orientation is (answer withheld), not a yes/no answer');
        expect(readCsv(join(out, 'unmatched.csv')).some((u) => /P-[0-9A-Z]{8} \(score/.test(u.reason ?? ''))).toBe(true);
      }
    }
  });

  it('keeps the pseudonyms across runs and row orders, the scores and counts of the committee run, and explain works on them', async () => {
    const c = cohortFolder();
    const committee = await runInto(join(c.dir, 'committee'), 'run', c.apps, '--config', c.config);
    const first = await runInto(join(c.dir, 'first'), 'run', c.apps, '--config', c.config, '--anonymize');
    const again = await runInto(join(c.dir, 'again'), 'run', c.apps, '--config', c.config, '--anonymize');
    const shuffled = await runInto(join(c.dir, 'shuffled'), 'run', c.shuffled, '--config', c.config, '--anonymize');

    for (const f of ['matches.csv', 'unmatched.csv', 'ineligible.csv']) {
      const text = readFileSync(join(first, f), 'utf8');
      expect(readFileSync(join(again, f), 'utf8'), f).toBe(text);
      expect(readFileSync(join(shuffled, f), 'utf8'), `${f} of the shuffled file`).toBe(text);
    }
    const people = (dir: string) => readJson(join(dir, 'run.json')).people;
    expect(people(again)).toEqual(people(first));
    expect(people(shuffled)).toEqual(people(first));
    // Unique within the run.
    const ids = (people(first) as { id: string }[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);

    // The same matching as the committee's, person by person under the key's pseudonyms.
    const original = readJson(join(committee, 'run.json'));
    const anonymous = readJson(join(first, 'run.json'));
    for (const key of ['objective', 'counts', 'blocked_pairs', 'stability', 'sensitivity'] as const) expect(anonymous[key], key).toEqual(original[key]);
    expect((anonymous.input as Record<string, unknown>).sha256).toBe((original.input as Record<string, unknown>).sha256);
    const p = createPseudonyms(openPseudonymKey(first), []);
    type Pair = { mentor_id: string; mentee_id: string; score: number; factors: { points: number }[] };
    const pairKey = (mentor: string, mentee: string) => `${mentor} ${mentee}`;
    const expected = new Map((original.pairs as Pair[]).map((x) => [pairKey(p.id(x.mentor_id), p.id(x.mentee_id)), x]));
    expect((anonymous.pairs as Pair[]).length).toBe(expected.size);
    for (const x of anonymous.pairs as Pair[]) {
      const was = expected.get(pairKey(x.mentor_id, x.mentee_id));
      expect(was, pairKey(x.mentor_id, x.mentee_id)).toBeDefined();
      expect(x.score).toBe(was?.score);
      expect(x.factors.map((f) => f.points)).toEqual(was?.factors.map((f) => f.points));
    }
    const unmatchedOf = (r: Record<string, unknown>, map: (id: string) => string) => (r.unmatched as { id: string; code: string }[]).map((u) => `${map(u.id)} ${u.code}`).sort();
    expect(unmatchedOf(anonymous, (id) => id)).toEqual(unmatchedOf(original, (id) => p.id(id)));

    // explain reads the anonymized folder by pseudonym; the original id is nobody there.
    const pseudonym = p.id('zq7xide3');
    const explained = await cli('explain', first, pseudonym);
    expect(explained.code, explained.err).toBe(0);
    expect(explained.out).toContain(`${pseudonym} Mentee`);
    expect(explained.out).not.toMatch(/zq7x/);
    const unknown = await cli('explain', first, 'zq7xide3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('[unknown_person]');

    // Another key (another parent folder) gives other pseudonyms: they come from the key, not from the ids alone.
    const elsewhere = join(tmp(), 'elsewhere');
    await runInto(elsewhere, 'run', c.apps, '--config', c.config, '--anonymize');
    const otherIds = new Set((people(elsewhere) as { id: string }[]).map((x) => x.id));
    expect(ids.filter((id) => otherIds.has(id))).toEqual([]);
  });

  it('rematch --anonymize from the committee run; a re-run compares by pseudonym; an anonymized run is never rematched or used as history', async () => {
    const c = cohortFolder();
    const committee = await runInto(join(c.dir, 'committee'), 'run', c.apps, '--config', c.config);
    const release = writeText(join(c.dir, 'release.csv'), 'mentor,mentee\nzq7xidr1,\n');
    const share = join(c.dir, 'rematch-share');
    const rematch = await cli('rematch', c.apps, '--config', c.config, '--previous', committee, '--release', release, '--out', share, '--anonymize');
    expect(rematch.code, rematch.err).toBe(0);
    expect(rematch.out).toMatch(/changes since committee: .*1 removed/);
    const changes = readCsv(join(share, 'changes.csv'));
    expect(changes).toContainEqual(expect.objectContaining({ change: 'removed', mentor_id: expect.stringMatching(/^P-/), mentor_name: expect.stringMatching(/^Mentor /), mentee_id: expect.stringMatching(/^P-/) }));
    for (const f of filesUnder(share)) expect(readFileSync(join(share, f), 'utf8'), f).not.toMatch(/zq7x/);

    // An anonymized run into the folder of an anonymized run of the same key compares pseudonym by pseudonym.
    const shared = await runInto(join(c.dir, 'shared'), 'run', c.apps, '--config', c.config, '--anonymize');
    const again = await cli('run', c.apps, '--config', c.config, '--out', shared, '--anonymize');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/no changes since shared: same \d+ pairs/);

    const fromShared = await cli('rematch', c.apps, '--config', c.config, '--previous', share, '--release', release, '--out', join(c.dir, 'x'));
    expect(fromShared.code).toBe(2);
    expect(fromShared.err).toMatch(/column "--previous": the committee's own run to rematch .* \[run_record_invalid\]/);
    const history = await cli('run', c.apps, '--config', c.config, '--history', share, '--out', join(c.dir, 'y'));
    expect(history.code).toBe(2);
    expect(history.err).toMatch(/column "--history": the committee's own run .* \[run_record_invalid\]/);

    // A committee run into the shared folder does not pretend to compare names with pseudonyms.
    const over = await cli('run', c.apps, '--config', c.config, '--out', share);
    expect(over.code, over.err).toBe(0);
    expect(over.out).toMatch(/warning: the earlier run is anonymized/);
    expect(existsSync(join(share, 'changes.csv'))).toBe(false);
  });

  it('keeps its key beside the output folder, owner-only, and refuses one others can read', async () => {
    const c = cohortFolder();
    const first = await cli('run', c.apps, '--config', c.config, '--out', join(c.dir, 'a'), '--anonymize');
    const keyFile = join(c.dir, PSEUDONYM_KEY_FILE);
    expect(first.out).toContain(`pseudonyms from the key ${keyFile} (new:`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^# mentor-match pseudonym key/);
    const second = await cli('run', c.apps, '--config', c.config, '--out', join(c.dir, 'b'), '--anonymize');
    expect(second.out).not.toContain('(new:');
    chmodSync(keyFile, 0o640);
    const refused = await cli('run', c.apps, '--config', c.config, '--out', join(c.dir, 'c'), '--anonymize');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/readable by its owner only \(it is 640; run chmod 600 on it\)/);
    expect(existsSync(join(c.dir, 'c'))).toBe(false);
  });

  it('stops rather than write a folder in which an original value survived', () => {
    const ann = makeApplicant({ id: 'MBR-2231', name: 'Ann Lee', email: 'ann@x.example', bio: 'twenty years of budgeting for the county council' });
    const files = new Map([['report.md', '| Mentor 7KQ2 | mbr-2231 |']]);
    expect(findOriginals(files, resultOf({ unmatched: [{ applicant: ann, code: 'no_other_side', reason: '' }] }))).toEqual({ file: 'report.md', kind: 'id' });
    expect(findOriginals(new Map([['a.html', 'Ann&#39;s peer: ann lee.']]), resultOf({ unmatched: [{ applicant: ann, code: 'no_other_side', reason: '' }] }))).toEqual({ file: 'a.html', kind: 'name' });
    expect(findOriginals(new Map([['a.csv', 'MBR-22310, Annie Leeds']]), resultOf({ unmatched: [{ applicant: ann, code: 'no_other_side', reason: '' }] }))).toBeNull();
  });

  it('replaces ids only where they stand whole, and withholds quoted answers but yes/no', () => {
    const table = idTable(['M1', '12', 'M 7'], (id) => `P-${id.replace(' ', '')}X`);
    expect(replaceIds('all 12 possible mentors; the best, M1 (score 12.5), is matched with M10, M 7 and 12.', [table])).toBe(
      'all P-12X possible mentors; the best, P-M1X (score 12.5), is matched with M10, P-M7X and P-12X.',
    );
    expect(withholdQuotedAnswers('notes is "my manager Ann", not a yes/no answer; agreement_signed is "no"')).toBe(
      'notes is (answer withheld), not a yes/no answer; agreement_signed is "no"',
    );
  });
});

describe('owner-only files, whatever the umask', () => {
  it('every file and folder of a run (emails/, groups.csv, an anonymized one and its key) is 0600 / 0700 under umask 000', async () => {
    const c = cohortFolder();
    const previous = process.umask(0o000);
    try {
      const outs = [join(c.dir, 'capacity'), join(c.dir, 'group'), join(c.dir, 'nested', 'deeper', 'share')];
      await runInto(outs[0] as string, 'run', c.withBadRow, '--config', c.config, '--skip-invalid-rows', '--export-matrix');
      await runInto(outs[1] as string, 'run', c.apps, '--config', c.groupConfig);
      await runInto(outs[2] as string, 'run', c.apps, '--config', c.config, '--anonymize');
      expect(filesUnder(outs[0] as string)).toEqual(expect.arrayContaining(['rejected.csv', 'score-matrix.csv', expect.stringMatching(/^emails\//)]));
      expect(filesUnder(outs[1] as string)).toContain('groups.csv');
      for (const out of outs) {
        for (const f of filesUnder(out)) expect((statSync(join(out, f)).mode & 0o777).toString(8), `${out}/${f}`).toBe('600');
        for (const d of foldersUnder(out)) expect((statSync(d).mode & 0o777).toString(8), d).toBe('700');
      }
      expect((statSync(join(c.dir, 'nested', 'deeper', PSEUDONYM_KEY_FILE)).mode & 0o777).toString(8)).toBe('600');
    } finally {
      process.umask(previous);
    }
  });

  /**
   * `init` and `generate` write no applicant data: a starter config, an
   * empty template, a synthetic pool. They follow the umask like any new
   * file (docs/confidentiality.md says why the template is no exception).
   */
  it('init and generate follow the umask: they hold no applicant data', async () => {
    const previous = process.umask(0o022);
    try {
      const dir = tmp();
      expect((await cli('init', join(dir, 'starter'))).code).toBe(0);
      expect((await cli('generate', '--mentees', '3', '--mentors', '2', '--out', join(dir, 'pool.csv'))).code).toBe(0);
      for (const f of ['starter/program.yaml', 'starter/applications.csv', 'pool.csv']) expect((statSync(join(dir, f)).mode & 0o777).toString(8), f).toBe('644');
      process.umask(0o077);
      expect((await cli('generate', '--mentees', '3', '--mentors', '2', '--out', join(dir, 'private.csv'))).code).toBe(0);
      expect((statSync(join(dir, 'private.csv')).mode & 0o777).toString(8)).toBe('600');
    } finally {
      process.umask(previous);
    }
  });
});
