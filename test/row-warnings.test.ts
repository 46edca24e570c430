import { describe, expect, it } from 'vitest';
import { applicationsFromTable } from '../runners/load-applications.js';
import { readTable } from '../runners/read-table.js';
import { MAX_ROWS_LISTED, collectRowWarnings } from '../runners/row-warnings.js';
import { testProgram } from './helpers/program.js';

describe('row warnings', () => {
  it('says each message once, with its rows, and counts the rest', () => {
    const w = collectRowWarnings();
    for (let row = 2; row < 2 + MAX_ROWS_LISTED + 5; row++) w.add(row, 'capacity ignored');
    w.add(7, 'choices ignored');
    expect(w.lines('a.csv')).toEqual([
      `a.csv, rows ${Array.from({ length: MAX_ROWS_LISTED }, (_, k) => k + 2).join(', ')} and 5 more: capacity ignored`,
      'a.csv, row 7: choices ignored',
    ]);
  });

  it('500 mentors with capacities in a one-to-one program give one warning, not 500', () => {
    const rows = ['id,role,name,email,capacity'];
    for (let k = 0; k < 500; k++) rows.push(`M${k},mentor,Person ${k},m${k}@x.example,2`);
    const loaded = applicationsFromTable(readTable('pool.csv', rows.join('\n')), testProgram());
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(/^pool\.csv, rows 2, 3, .* and 490 more: a mentor's "capacity" above 1 is ignored/);
    expect(loaded.applicants.every((a) => a.capacity === 1)).toBe(true);
  });
});
