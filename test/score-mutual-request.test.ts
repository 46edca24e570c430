import { describe, expect, it } from 'vitest';
import type { Applicant } from '../scoring/applicant.js';
import { buildMutualRequestFactor } from '../scoring/score-mutual-request.js';
import { makeApplicant } from './helpers/applicant.js';
import { testProgram } from './helpers/program.js';
import { randInt, rng } from './helpers/rng.js';

/** The factor for one mentee E and one mentor M with these requests. */
function pair(menteeAsks: string | null, mentorAsks: string | null) {
  const f = buildMutualRequestFactor(
    {
      mentees: [makeApplicant({ id: 'E', requestedPartner: menteeAsks })],
      mentors: [makeApplicant({ id: 'M', role: 'mentor', requestedPartner: mentorAsks })],
    },
    testProgram(),
  );
  return { value: f.value(0, 0), reason: f.explain(0, 0), name: f.name };
}

describe('mutual_request factor', () => {
  it.each<[string, string | null, string | null, number, string]>([
    ['both asked for each other', 'M', 'E', 1, 'mutual request honoured'],
    ['only the mentee asked', 'M', null, 0, 'one-sided request (mentee asked; mentor did not) — not counted'],
    ['mentee asked, mentor asked someone else', 'M', 'OTHER', 0, 'one-sided request (mentee asked; mentor did not) — not counted'],
    ['only the mentor asked', null, 'E', 0, 'one-sided request (mentor asked; mentee did not) — not counted'],
    ['nobody asked', null, null, 0, 'no request'],
    ['both asked for others', 'X', 'Y', 0, 'no request'],
  ])('%s', (_, a, b, value, reason) => {
    const r = pair(a, b);
    expect(r.name).toBe('mutual_request');
    expect(r.value).toBe(value);
    expect(r.reason).toBe(reason);
  });

  it('never counts a one-sided request (random pools)', () => {
    const next = rng(99);
    const mentees = Array.from({ length: 15 }, (_, i) => makeApplicant({ id: `E${i}` }));
    const mentors = Array.from({ length: 15 }, (_, j) => makeApplicant({ id: `M${j}`, role: 'mentor' }));
    const withRequests = {
      mentees: mentees.map((a) => ({ ...a, requestedPartner: next() < 0.6 ? `M${randInt(next, 0, 14)}` : null })),
      mentors: mentors.map((a) => ({ ...a, requestedPartner: next() < 0.6 ? `E${randInt(next, 0, 14)}` : null })),
    };
    // Plant one mutual pair so the property is exercised both ways.
    withRequests.mentees[0] = { ...(withRequests.mentees[0] as Applicant), requestedPartner: 'M0' };
    withRequests.mentors[0] = { ...(withRequests.mentors[0] as Applicant), requestedPartner: 'E0' };
    const f = buildMutualRequestFactor(withRequests, testProgram());
    let mutual = 0;
    let oneSided = 0;
    withRequests.mentees.forEach((e, i) =>
      withRequests.mentors.forEach((m, j) => {
        const both = e.requestedPartner === m.id && m.requestedPartner === e.id;
        expect(f.value(i, j)).toBe(both ? 1 : 0);
        if (both) mutual++;
        else if (e.requestedPartner === m.id || m.requestedPartner === e.id) oneSided++;
      }),
    );
    // A mentee asks for one mentor: at most one 1 per row.
    for (let i = 0; i < 15; i++) expect(Array.from({ length: 15 }, (_, j) => f.value(i, j)).filter((v) => v === 1).length).toBeLessThanOrEqual(1);
    expect(mutual).toBeGreaterThanOrEqual(1);
    expect(oneSided).toBeGreaterThanOrEqual(1);
  });
});
