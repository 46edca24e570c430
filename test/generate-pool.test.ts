import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BOOLEAN_FIELDS, TEMPLATE_FIELDS } from '../scoring/applicant.js';
import {
  COMMUNITY_BANDS,
  generatePool,
  generatePoolDetailed,
  poolToCsv,
  writePool,
  type GeneratedPool,
  type PoolRow,
} from '../fixtures/generate-pool.js';

const here = (p: string): string => new URL(`../${p}`, import.meta.url).pathname;
const BOOLEAN_SPELLINGS = /^(yes|no|true|false|y|n|1|0)?$/i;

/** Looks people up by id or (case-insensitive) email, as the loader does. */
function resolver(rows: readonly PoolRow[]): (ref: string) => PoolRow | undefined {
  const byKey = new Map<string, PoolRow>();
  for (const r of rows) {
    byKey.set(r.id, r);
    byKey.set(r.email.trim().toLowerCase(), r);
  }
  return (ref) => byKey.get(ref.trim()) ?? byKey.get(ref.trim().toLowerCase());
}

function splitList(v: string): string[] {
  return v
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseCsv(text: string | Buffer): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

describe('generatePool: determinism', () => {
  it('gives byte-identical CSV for the same seed, and a number seed equals its string', () => {
    const a = poolToCsv(generatePool({ seed: 42, mentees: 150, mentors: 90 }));
    const b = poolToCsv(generatePool({ seed: 42, mentees: 150, mentors: 90 }));
    const c = poolToCsv(generatePool({ seed: '42', mentees: 150, mentors: 90 }));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('gives a different pool for a different seed', () => {
    const a = poolToCsv(generatePool({ seed: 1, mentees: 50, mentors: 30 }));
    const b = poolToCsv(generatePool({ seed: 2, mentees: 50, mentors: 30 }));
    expect(b).not.toBe(a);
  });

  it('writes the same bytes to a file as poolToCsv returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-'));
    try {
      const options = { seed: 9, mentees: 4100, mentors: 2300 };
      const file = join(dir, 'pool.csv');
      const summary = await writePool(options, file, { bom: true });
      const written = readFileSync(file);
      expect(written.toString('utf8')).toBe(poolToCsv(generatePool(options), { bom: true }));
      expect(summary).toMatchObject({ rows: 6400, mentors: 2300, mentees: 4100, bytes: written.length });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generatePool: shape', () => {
  it.each([
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [7, 3],
    [95, 60],
    [12345, 3],
  ])('honours %i mentees and %i mentors', (mentees, mentors) => {
    const rows = generatePool({ seed: 5, mentees, mentors });
    expect(rows.filter((r) => r.role === 'mentee')).toHaveLength(mentees);
    expect(rows.filter((r) => r.role === 'mentor')).toHaveLength(mentors);
    const width = (n: number): number => Math.max(4, String(n).length);
    for (const r of rows) {
      const prefix = r.role === 'mentor' ? 'MTR' : 'MTE';
      expect(r.id).toMatch(new RegExp(`^${prefix}-\\d{${width(r.role === 'mentor' ? mentors : mentees)}}$`));
    }
  });

  it('rejects sizes and rates that make no sense', () => {
    expect(() => generatePool({ seed: 1, mentees: -1, mentors: 1 })).toThrow(RangeError);
    expect(() => generatePool({ seed: 1, mentees: 1.5, mentors: 1 })).toThrow(RangeError);
    expect(() => generatePool({ seed: 1, mentees: 1, mentors: 1, requestRate: 2 })).toThrow(RangeError);
    expect(() => generatePool({ seed: 1, mentees: 1, mentors: 1, maxChoices: 0 })).toThrow(RangeError);
  });

  const pool = generatePoolDetailed({ seed: 'shape', mentees: 1500, mentors: 1000 });
  const ineligibleIds = new Set(pool.ineligible.map((i) => i.id));

  it('fills every template field with text, and the required ones are never blank', () => {
    for (const r of pool.rows) {
      expect(Object.keys(r).sort()).toEqual([...TEMPLATE_FIELDS].sort());
      for (const f of TEMPLATE_FIELDS) expect(typeof r[f]).toBe('string');
      for (const f of ['id', 'role', 'name', 'email', 'years_experience', 'region', 'department', 'organization'] as const) {
        expect(r[f], `${r.id} ${f}`).not.toBe('');
      }
      expect(r.email).toMatch(/^[a-z0-9.-]+@[a-z0-9]+\.example$/);
      expect(Number.isInteger(Number(r.years_experience))).toBe(true);
      for (const f of BOOLEAN_FIELDS) expect(r[f], `${r.id} ${f}`).toMatch(BOOLEAN_SPELLINGS);
      if (r.role === 'mentee') expect(r.capacity).toBe('');
      else expect(r.capacity).toMatch(/^[123]?$/);
      const bands = COMMUNITY_BANDS.map((b) => b.label);
      expect(r.community_size === '' || bands.includes(r.community_size) || /^\d+$/.test(r.community_size)).toBe(true);
    }
  });

  it('gives eligible rows what the default rules ask for, and each ineligible row its planted failure', () => {
    const yes = (v: string): boolean => /^(yes|true|y|1)$/i.test(v);
    for (const r of pool.rows) {
      if (ineligibleIds.has(r.id)) continue;
      expect(yes(r.member_in_good_standing) && yes(r.agreement_signed) && yes(r.confidentiality_signed)).toBe(true);
      const years = Number(r.years_experience);
      if (r.role === 'mentor') expect(years).toBeGreaterThanOrEqual(7);
      else {
        expect(years < 7 || yes(r.new_to_sector), r.id).toBe(true);
        expect(r.goals).not.toBe('');
        expect(r.interests).not.toBe('');
      }
    }
    const rowOf = new Map(pool.rows.map((r) => [r.id, r]));
    for (const { id, reason } of pool.ineligible) {
      const r = rowOf.get(id);
      if (!r) throw new Error(id);
      switch (reason) {
        case 'not_in_good_standing':
          expect(yes(r.member_in_good_standing)).toBe(false);
          break;
        case 'agreement_unsigned':
          expect(yes(r.agreement_signed)).toBe(false);
          break;
        case 'confidentiality_unsigned':
          expect(yes(r.confidentiality_signed)).toBe(false);
          break;
        case 'mentor_too_junior':
          expect(r.role).toBe('mentor');
          expect(Number(r.years_experience)).toBeLessThan(7);
          break;
        case 'mentee_too_senior':
          expect(r.role).toBe('mentee');
          expect(Number(r.years_experience)).toBeGreaterThanOrEqual(7);
          expect(yes(r.new_to_sector)).toBe(false);
          break;
        case 'incomplete_application':
          expect(r.goals === '' || r.interests === '').toBe(true);
          break;
        case 'no_employer_support':
        case 'no_field_involvement':
          throw new Error(`not a default reason: ${reason}`);
      }
    }
    // About 5%, and every default reason shows up in a pool this size.
    expect(pool.ineligible.length / pool.rows.length).toBeGreaterThan(0.03);
    expect(pool.ineligible.length / pool.rows.length).toBeLessThan(0.07);
    expect(new Set(pool.ineligible.map((i) => i.reason)).size).toBe(6);
  });

  it('has realistic variety: regions, departments, raw populations, mixed boolean spellings', () => {
    const distinct = (f: (r: PoolRow) => string): number => new Set(pool.rows.map(f)).size;
    expect(distinct((r) => r.region)).toBe(12);
    expect(distinct((r) => r.department)).toBeGreaterThanOrEqual(15);
    expect(pool.rows.some((r) => /^\d+$/.test(r.community_size))).toBe(true);
    expect(distinct((r) => r.member_in_good_standing)).toBeGreaterThanOrEqual(5);
    expect(pool.rows.some((r) => /[\u00C0-\u024F\u1E00-\u1EFF]/.test(r.name))).toBe(true);
    expect(pool.rows.some((r) => r.name.includes("'"))).toBe(true);
    expect(pool.rows.some((r) => /\n/.test(r.goals + r.bio))).toBe(true);
    expect(pool.rows.some((r) => r.supervisor_id.startsWith('EMP-'))).toBe(true);
  });
});

describe('generatePool: references', () => {
  const large = generatePoolDetailed({ seed: 4, mentees: 6000, mentors: 4000 });
  const pools: [string, GeneratedPool][] = [
    ['small', generatePoolDetailed({ seed: 3, mentees: 95, mentors: 60 })],
    ['large', large],
  ];

  it.each(pools)('%s: ids unique, emails unique ignoring case', (_, pool) => {
    expect(new Set(pool.rows.map((r) => r.id)).size).toBe(pool.rows.length);
    expect(new Set(pool.rows.map((r) => r.email.toLowerCase())).size).toBe(pool.rows.length);
  });

  it.each(pools)('%s: mutual requests really are mutual, one-sided ones are not returned', (_, pool) => {
    const find = resolver(pool.rows);
    const partnerOf = (r: PoolRow | undefined): PoolRow | undefined => (r && r.requested_partner !== '' ? find(r.requested_partner) : undefined);
    expect(pool.reciprocalRequests.length).toBeGreaterThan(0);
    for (const { mentorId, menteeId } of pool.reciprocalRequests) {
      expect(partnerOf(find(mentorId))?.id).toBe(menteeId);
      expect(partnerOf(find(menteeId))?.id).toBe(mentorId);
    }
    for (const { fromId, toId } of pool.oneSidedRequests) {
      expect(partnerOf(find(fromId))?.id).toBe(toId);
      expect(partnerOf(find(toId))?.id).not.toBe(fromId);
    }
    // Complete: every request in the rows is accounted for, and names someone of the other role.
    let requests = 0;
    const mutual = new Set(pool.reciprocalRequests.map((p) => `${p.mentorId}|${p.menteeId}`));
    for (const r of pool.rows) {
      const p = partnerOf(r);
      if (r.requested_partner === '') continue;
      requests++;
      expect(p, `${r.id} -> ${r.requested_partner}`).toBeDefined();
      expect(p?.role).not.toBe(r.role);
      const isMutual = partnerOf(p)?.id === r.id;
      const key = r.role === 'mentor' ? `${r.id}|${p?.id}` : `${p?.id}|${r.id}`;
      expect(mutual.has(key)).toBe(isMutual);
    }
    expect(requests).toBe(pool.reciprocalRequests.length * 2 + pool.oneSidedRequests.length);
  });

  it('sometimes names a mutual partner by id on one side and by email in another case on the other', () => {
    const find = resolver(large.rows);
    const mixed = large.reciprocalRequests.filter(({ mentorId, menteeId }) => {
      const refs = [find(mentorId)?.requested_partner ?? '', find(menteeId)?.requested_partner ?? ''];
      return refs.some((x) => /^MT[RE]-/.test(x)) && refs.some((x) => x.includes('@') && x !== x.toLowerCase());
    });
    expect(mixed.length).toBeGreaterThan(0);
  });

  it.each(pools)('%s: choices are 1–3 distinct mentors named by id or email', (_, pool) => {
    const find = resolver(pool.rows);
    let withChoices = 0;
    for (const r of pool.rows) {
      const choices = splitList(r.choices);
      if (r.role === 'mentor') {
        expect(choices).toEqual([]);
        continue;
      }
      if (choices.length > 0) withChoices++;
      expect(choices.length).toBeLessThanOrEqual(3);
      const ids = choices.map((c) => find(c)?.id);
      for (const [i, id] of ids.entries()) {
        expect(id, `${r.id} choice ${choices[i]}`).toBeDefined();
        expect(find(id ?? '')?.role).toBe('mentor');
      }
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(withChoices / pool.rows.filter((r) => r.role === 'mentee').length).toBeGreaterThan(0.6);
  });

  it.each(pools)('%s: supervisors in the pool are mentors of the same organization, in an acyclic chain', (_, pool) => {
    const find = resolver(pool.rows);
    expect(pool.supervisorLinks.length).toBeGreaterThan(0);
    for (const { id, supervisorId } of pool.supervisorLinks) {
      const person = find(id);
      const boss = find(supervisorId);
      expect(person?.supervisor_id).toBe(supervisorId);
      expect(boss?.role).toBe('mentor');
      expect(boss?.organization).toBe(person?.organization);
    }
    for (const r of pool.rows) {
      const seen = new Set<string>([r.id]);
      for (let p = find(r.supervisor_id); p; p = find(p.supervisor_id)) {
        expect(seen.has(p.id), `cycle through ${r.id}`).toBe(false);
        seen.add(p.id);
      }
      if (r.supervisor_id !== '' && !find(r.supervisor_id)) expect(r.supervisor_id).toMatch(/^EMP-\d{4}$/);
    }
  });
});

describe('poolToCsv', () => {
  const base = generatePool({ seed: 11, mentees: 1, mentors: 0 })[0];
  if (!base) throw new Error('no row');

  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['two\r\nlines', '"two\r\nlines"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ["O'Neil", "O'Neil"],
    ['Zoë Nguyễn', 'Zoë Nguyễn'],
  ])('writes %j as %j', (value, written) => {
    const csv = poolToCsv([{ ...base, goals: value }], { columns: ['id', 'goals'] });
    expect(csv).toBe(`id,goals\r\n${base.id},${written}\r\n`);
  });

  it('starts with a BOM only when asked', () => {
    expect(poolToCsv([], { bom: true })).toBe(`\uFEFF${TEMPLATE_FIELDS.join(',')}\r\n`);
    expect(poolToCsv([]).startsWith('id,role,')).toBe(true);
  });

  it('round-trips through csv-parse to the same rows (CRLF records, with and without BOM)', () => {
    const rows = generatePool({ seed: 12, mentees: 600, mentors: 400, messyTextRate: 0.3 });
    for (const bom of [false, true]) {
      expect(parseCsv(poolToCsv(rows, { bom }))).toEqual(rows);
    }
    expect(rows.some((r) => r.bio.includes('"'))).toBe(true);
  });
});

describe('committed fixtures', () => {
  const sampleBytes = readFileSync(here('fixtures/sample-cohort/applications.csv'));
  const sample = parseCsv(sampleBytes);
  const sampleRows = sample as unknown as PoolRow[];
  const find = resolver(sampleRows);

  it('sample cohort: Excel-style file (BOM, CRLF) with at least 150 applicants and the template header', () => {
    expect([...sampleBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(sample.length).toBeGreaterThanOrEqual(150);
    // co_mentors is the group-mentoring column; the sample is a one-to-one program.
    expect(Object.keys(sample[0] ?? {})).toEqual(TEMPLATE_FIELDS.filter((f) => f !== 'co_mentors'));
    expect(new Set(sample.map((r) => r.id)).size).toBe(sample.length);
    expect(new Set(sample.map((r) => r.email?.toLowerCase())).size).toBe(sample.length);
    expect(sample.filter((r) => r.role === 'mentor').length).toBeGreaterThanOrEqual(50);
    expect(sample.filter((r) => r.role === 'mentee').length).toBeGreaterThanOrEqual(90);
  });

  it('sample cohort: every reference resolves to someone of the other role', () => {
    for (const r of sampleRows) {
      if (r.requested_partner !== '') expect(find(r.requested_partner)?.role, r.id).not.toBe(r.role);
      for (const c of splitList(r.choices)) expect(find(c)?.role, `${r.id} ${c}`).toBe('mentor');
    }
  });

  it('sample cohort: history and edits name people of the cohort', () => {
    for (const file of ['history.csv', 'edits.csv']) {
      const pairs = parse(readFileSync(here(`fixtures/sample-cohort/${file}`)), { columns: true, bom: true }) as Record<string, string>[];
      expect(pairs.length).toBeGreaterThan(0);
      for (const p of pairs) {
        expect(find(p.mentor ?? '')?.role, `${file} ${p.mentor}`).toBe('mentor');
        expect(find(p.mentee ?? '')?.role, `${file} ${p.mentee}`).toBe('mentee');
        if (file === 'edits.csv') expect(['pin', 'ban']).toContain(p.action);
      }
    }
  });

  it('sample program: valid YAML with the documented top-level keys', () => {
    const config = parseYaml(readFileSync(here('fixtures/sample-cohort/program.yaml'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(config)).toEqual(
      expect.arrayContaining(['shape', 'capacity', 'eligibility', 'weights', 'exclusions', 'min_score']),
    );
  });

  it('form export: a raw Google Forms file whose headers the form program maps, except two kept as extra', () => {
    const bytes = readFileSync(here('fixtures/form-export/responses.csv'));
    expect(bytes[0]).not.toBe(0xef);
    const records = parse(bytes, { columns: true }) as Record<string, string>[];
    expect(records.length).toBe(40);
    const headers = Object.keys(records[0] ?? {});
    const config = parseYaml(readFileSync(here('fixtures/form-export/program.yaml'), 'utf8')) as { columns: Record<string, string> };
    const mapped = Object.keys(config.columns);
    for (const h of mapped) expect(headers).toContain(h);
    expect(headers.filter((h) => !mapped.includes(h))).toEqual(['Timestamp', "Anything else you'd like us to know?"]);
    const fields = Object.values(config.columns);
    expect(new Set(fields).size).toBe(fields.length);
    for (const f of fields) expect(TEMPLATE_FIELDS).toContain(f);
  });
});
