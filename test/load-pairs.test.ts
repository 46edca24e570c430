import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPairs, pairsFromTable, type PairsKind } from '../runners/load-pairs.js';
import type { Problem } from '../runners/problems.js';
import { readTable } from '../runners/read-table.js';
import type { Applicant } from '../scoring/applicant.js';
import { makeApplicant } from './helpers/applicant.js';

const FILES = join(import.meta.dirname, 'files');

/** The pool of test/files/cohort-*: mentors M1, M2; mentees E1, E2. */
const POOL: readonly Applicant[] = Object.freeze([
  makeApplicant({ id: 'M1', role: 'mentor', email: 'zoe.gauthier@pike.example', source: { file: 'apps.csv', row: 2 } }),
  makeApplicant({ id: 'M2', role: 'mentor', email: 'luc.menard@pike.example', source: { file: 'apps.csv', row: 3 } }),
  makeApplicant({ id: 'E1', role: 'mentee', email: 'ana.oneil@pike.example', source: { file: 'apps.csv', row: 4 } }),
  makeApplicant({ id: 'E2', role: 'mentee', email: 'harper.martinez@pike.example', source: { file: 'apps.csv', row: 5 } }),
]);

function load(text: string, kind: PairsKind, name = 'pairs.csv') {
  return pairsFromTable(readTable(name, text), kind, POOL);
}

const where = (problems: readonly Problem[]) => problems.map((p) => ({ code: p.code, row: p.row, column: p.column }));

describe('history files', () => {
  const loaded = loadPairs(join(FILES, 'history.csv'), 'history', POOL);

  it('resolves ids and emails in any case; keeps the year as written', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.pairs).toEqual([
      { mentorId: 'M1', menteeId: 'E2', year: '2024', row: 2 },
      { mentorId: 'M1', menteeId: 'E1', year: '2023', row: 3 },
      // Roles swapped since: the pair is still the same two people.
      { mentorId: 'M2', menteeId: 'E2', year: '2021', row: 5 },
    ]);
  });

  it('skips, without a problem, someone who has left and two people who are now both mentors', () => {
    expect(loaded.skipped).toBe(2);
  });

  it.each([
    ['an unknown person is not a problem', 'mentor,mentee\nGONE,E1\nM1,gone@pike.example\n', 2],
    ['an empty history is fine', 'mentor,mentee,year\n', 0],
  ])('%s', (_label, text, skipped) => {
    const h = load(text, 'history');
    expect(h.problems).toEqual([]);
    expect(h.pairs).toEqual([]);
    expect(h.skipped).toBe(skipped);
  });

  it('ignores an action column with a warning', () => {
    const h = load('mentor,mentee,action\nM1,E1,pin\n', 'history');
    expect(h.problems).toEqual([]);
    expect(h.warnings).toHaveLength(1);
    expect(h.pairs).toEqual([{ mentorId: 'M1', menteeId: 'E1', row: 2 }]);
  });

  it('reads { history: [...] } JSON', () => {
    const h = pairsFromTable(readTable('h.json', JSON.stringify({ history: [{ mentor: 'M2', mentee: 'E1', year: 2022 }] }), { listKeys: ['pairs', 'history'] }), 'history', POOL);
    expect(h.pairs).toEqual([{ mentorId: 'M2', menteeId: 'E1', year: '2022', row: 1 }]);
  });
});

describe('edits files', () => {
  it.each(['edits.csv', 'edits.yaml'])('%s: pins and bans, headers and actions in any case', (name) => {
    const loaded = loadPairs(join(FILES, name), 'edits', POOL);
    const rows = name.endsWith('.csv') ? [2, 3] : [1, 2];
    expect(loaded.problems).toEqual([]);
    expect(loaded.pairs).toEqual([
      { mentorId: 'M1', menteeId: 'E1', action: 'pin', note: 'Confirmed by phone, both agree', row: rows[0] },
      { mentorId: 'M2', menteeId: 'E2', action: 'ban', note: 'Same team', row: rows[1] },
    ]);
  });

  it('a repeated line is kept once, with a warning', () => {
    const loaded = load('mentor,mentee,action\nM1,E1,ban\nM1,ana.oneil@pike.example,Ban\n', 'edits');
    expect(loaded.problems).toEqual([]);
    expect(loaded.pairs).toHaveLength(1);
    expect(loaded.warnings).toHaveLength(1);
  });

  it('accepts mentor_id / mentee_id headers', () => {
    expect(load('Mentor ID,mentee_id,action\nM1,E1,pin\n', 'edits').pairs).toEqual([{ mentorId: 'M1', menteeId: 'E1', action: 'pin', row: 2 }]);
  });

  it('a mentor may be banned from several mentees and pinned to several', () => {
    const loaded = load('mentor,mentee,action\nM1,E1,pin\nM1,E2,pin\nM2,E1,ban\nM2,E2,ban\n', 'edits');
    expect(loaded.problems).toEqual([]);
    expect(loaded.pairs).toHaveLength(4);
  });
});

describe('pairs problems: code, row and column', () => {
  it.each([
    ['edits', 'unknown mentor', 'mentor,mentee,action\nM9,E1,pin\n', [{ code: 'unknown_reference', row: 2, column: 'mentor' }]],
    ['edits', 'unknown mentee email', 'mentor,mentee,action\nM1,nobody@pike.example,ban\n', [{ code: 'unknown_reference', row: 2, column: 'mentee' }]],
    ['edits', 'a mentee in the mentor column', 'mentor,mentee,action\nE2,E1,pin\n', [{ code: 'wrong_role_reference', row: 2, column: 'mentor' }]],
    ['edits', 'a mentor in the mentee column', 'mentor,mentee,action\nM1,luc.menard@pike.example,ban\n', [{ code: 'wrong_role_reference', row: 2, column: 'mentee' }]],
    ['edits', 'swapped columns', 'Mentor,Mentee,Action\nE1,M1,pin\n', [
      { code: 'wrong_role_reference', row: 2, column: 'Mentor' },
      { code: 'wrong_role_reference', row: 2, column: 'Mentee' },
    ]],
    ['edits', 'one person twice', 'mentor,mentee,action\nM1,zoe.gauthier@pike.example,ban\n', [{ code: 'self_reference', row: 2, column: 'mentee' }]],
    ['history', 'one person twice', 'mentor,mentee\nM1,M1\n', [{ code: 'self_reference', row: 2, column: 'mentee' }]],
    ['edits', 'a blank mentor', 'mentor,mentee,action\n ,E1,pin\n', [{ code: 'missing_value', row: 2, column: 'mentor' }]],
    ['history', 'a blank mentee', 'mentor,mentee\nM1,\n', [{ code: 'missing_value', row: 2, column: 'mentee' }]],
    ['edits', 'a blank action', 'mentor,mentee,action\nM1,E1,\n', [{ code: 'missing_value', row: 2, column: 'action' }]],
    ['edits', 'an action that is not pin or ban', 'mentor,mentee,action\nM1,E1,lock\n', [{ code: 'bad_action', row: 2, column: 'action' }]],
    ['edits', 'pinned and banned', 'mentor,mentee,action\nM1,E1,pin\nM2,E2,pin\nzoe.gauthier@pike.example,E1,ban\n', [{ code: 'pair_conflict', row: 4, column: 'action' }]],
    ['edits', 'a mentee pinned twice', 'mentor,mentee,action\nM1,E1,pin\nM2,ana.oneil@pike.example,pin\n', [{ code: 'pair_conflict', row: 3, column: 'mentee' }]],
    ['edits', 'no action column', 'mentor,mentee\nM1,E1\n', [{ code: 'missing_column', row: 1, column: 'action' }]],
    ['history', 'no mentee column', 'mentor,protege\nM1,E1\n', [{ code: 'missing_column', row: 1, column: 'mentee' }]],
    ['edits', 'no columns at all', 'who,whom\nM1,E1\n', [
      { code: 'missing_column', row: 1, column: 'mentor' },
      { code: 'missing_column', row: 1, column: 'mentee' },
      { code: 'missing_column', row: 1, column: 'action' },
    ]],
    ['history', 'two mentor columns', 'mentor,Mentor ID,mentee\nM1,M1,E1\n', [{ code: 'duplicate_column', row: 1, column: 'Mentor ID' }]],
    ['edits', 'an unclosed quote', 'mentor,mentee,action\nM1,E1,pin\nM2,"E2,ban\n', [{ code: 'csv_malformed', row: 3, column: 'mentee' }]],
    ['history', 'an empty file', '', [{ code: 'file_empty', row: undefined, column: undefined }]],
  ] as const)('%s: %s', (kind, _label, text, expected) => {
    const loaded = load(text, kind);
    expect(where(loaded.problems)).toEqual(expected);
  });

  it('collects the problems of every row, in row order', () => {
    const loaded = load('mentor,mentee,action\nM9,E1,pin\nM1,E1,pin\nM1,E2,nope\nE1,E2,ban\nM2,E1,pin\n', 'edits');
    expect(where(loaded.problems)).toEqual([
      { code: 'unknown_reference', row: 2, column: 'mentor' },
      { code: 'bad_action', row: 4, column: 'action' },
      { code: 'wrong_role_reference', row: 5, column: 'mentor' },
      { code: 'pair_conflict', row: 6, column: 'mentee' },
    ]);
  });

  it('a missing file is a problem', () => {
    expect(where(loadPairs(join(FILES, 'no-edits.csv'), 'edits', POOL).problems)).toEqual([
      { code: 'file_not_found', row: undefined, column: undefined },
    ]);
  });
});
