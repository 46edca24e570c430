/**
 * `mentor-match explain <run folder> <id or email>`: one person's part of a
 * run, in the terminal — their pair and its score factor by factor, their
 * road not taken (best alternatives, who got each, what forcing it would
 * cost the total), or why they were left out. Read from the run's run.json,
 * so it explains exactly the run the committee is looking at.
 */
import * as z from 'zod';
import { emailKey } from '../scoring/applicant.js';
import { ordinal } from '../scoring/words.js';
import type { Problem } from './problems.js';
import { describeForcingCost } from './describe-cost.js';
import { printable } from './printable.js';
import { readRunRecord } from './read-run-record.js';

const text = z.string({ error: 'text' });
const score = z.number({ error: 'a number (a score)' });
const nullableNumber = z.number({ error: 'a number or null' }).nullable();

/** The parts of run.json that `explain` reads; a run.json from before explanations lacks them and is named as such. */
const explainSchema = z.object({
  objective: z.number({ error: 'the total score (a number)' }),
  people: z.array(z.object({ id: text, role: text, name: text, email: text }), {
    error: 'the list of people, which runs write since explanations were added (run the matching again)',
  }),
  pairs: z.array(
    z.object({
      mentor_id: text,
      group: text.optional(),
      co_mentor_ids: z.array(text).optional(),
      mentee_id: text,
      score,
      choice_rank: nullableNumber,
      pinned: z.boolean(),
      factors: z.array(z.object({ factor: text, points: score, reason: text })),
    }),
  ),
  roads_not_taken: z.array(
    z.object({
      id: text,
      alternatives: z.array(z.object({ id: text, score, choice_rank: nullableNumber, held_by: z.array(text), drop: nullableNumber, bound: nullableNumber })),
      note: text.nullable(),
    }),
    { error: 'the roads not taken, which runs write since explanations were added (run the matching again)' },
  ),
  unmatched: z.array(z.object({ id: text, reason: text })),
  ineligible: z.array(z.object({ id: text, failures: z.array(z.object({ rule: text, detail: text })) })),
});

type RunRecord = z.infer<typeof explainSchema>;
type Person = RunRecord['people'][number];

/** What `explain` found: the lines to print, or the problems (no such run, no such person). */
export type ExplainOutcome = { readonly status: 'explained'; readonly lines: readonly string[] } | { readonly status: 'problems'; readonly problems: readonly Problem[] };

/**
 * Explains the person with id `who` (or, failing that, email `who`) of the
 * run in `folder`.
 *
 * @example
 * const out = explainPerson('out/sample-run', 'MTE-0007');
 * if (out.status === 'explained') console.log(out.lines.join('\n'));
 */
export function explainPerson(folder: string, who: string): ExplainOutcome {
  const read = readRunRecord(folder, explainSchema);
  switch (read.status) {
    case 'none':
      return {
        status: 'problems',
        problems: [{ code: 'file_not_found', file: folder, column: '<run folder>', value: folder, expected: "the output folder of a `mentor-match run` (it holds run.json)" }],
      };
    case 'problems':
      return read;
    case 'found':
      break;
  }
  const run = read.record;
  const wanted = who.trim();
  const person = run.people.find((p) => p.id === wanted) ?? run.people.find((p) => p.email !== '' && emailKey(p.email) === emailKey(wanted));
  if (person === undefined) {
    return {
      status: 'problems',
      problems: [{ code: 'unknown_person', file: read.file, column: '<id or email>', value: who, expected: `the id or email of one of the ${run.people.length} people in this run` }],
    };
  }
  // Everything printed comes from a file the user may have edited: no control character reaches the terminal.
  return { status: 'explained', lines: explainLines(run, person).map((line) => printable(line)) };
}

/** The explanation of one person, line by line. */
function explainLines(run: RunRecord, person: Person): string[] {
  const people = new Map(run.people.map((p) => [p.id, p]));
  const label = (id: string): string => {
    const p = people.get(id);
    return p === undefined || p.name === '' ? id : `${id} ${p.name}`;
  };
  const lines: string[] = [`${person.id} ${person.name}${person.email === '' ? '' : ` <${person.email}>`}, ${person.role}`];

  const ineligible = run.ineligible.find((x) => x.id === person.id);
  if (ineligible !== undefined) {
    lines.push('Not eligible:');
    for (const f of ineligible.failures) lines.push(`  ${f.rule}: ${f.detail}`);
    return lines;
  }

  // In a group run a co-mentor is in their group's pairs beside the lead.
  const pairs = run.pairs.filter((p) => (person.role === 'mentor' ? p.mentor_id === person.id || (p.co_mentor_ids ?? []).includes(person.id) : p.mentee_id === person.id));
  const group = pairs[0]?.group;
  if (group !== undefined) {
    const first = pairs[0];
    const mentors = [first?.mentor_id ?? '', ...(first?.co_mentor_ids ?? [])];
    const mentees = run.pairs.filter((p) => p.group === group).map((p) => p.mentee_id);
    lines.push(`In group ${group}: led by ${mentors.map(label).join(' and ')}; ${mentees.length} mentee${mentees.length === 1 ? '' : 's'}: ${mentees.map(label).join(', ')}.`);
  }
  for (const pair of pairs) {
    const other = person.role === 'mentor' ? pair.mentee_id : pair.mentor_id;
    const rank = pair.choice_rank === null ? '' : `, the mentee's ${ordinal(pair.choice_rank)} choice`;
    const scoreOf = group === undefined ? '' : person.role === 'mentor' ? ' (their fit with the whole team)' : ' (the fit with the whole team)';
    lines.push(`${group === undefined ? 'Matched with' : person.role === 'mentor' ? 'Group member' : 'Group lead'} ${label(other)}: score ${pair.score.toFixed(1)}${scoreOf}${rank}${pair.pinned ? ', pinned by the committee' : ''}.`);
    let width = 0;
    for (const f of pair.factors) width = Math.max(width, f.factor.length);
    for (const f of pair.factors) lines.push(`  ${f.factor.replaceAll('_', ' ').padEnd(width)}  ${f.points.toFixed(1).padStart(5)}  ${f.reason}`);
  }
  const unmatched = run.unmatched.find((u) => u.id === person.id);
  if (unmatched !== undefined) lines.push(`Not matched: ${unmatched.reason}.`);

  const road = run.roads_not_taken.find((r) => r.id === person.id);
  if (road !== undefined && road.alternatives.length > 0) {
    lines.push(person.role === 'mentee' ? 'The road not taken (other mentors, best score first):' : 'The mentees they could have had:');
    for (const a of road.alternatives) {
      const rank = a.choice_rank === null ? '' : `, ${ordinal(a.choice_rank)} choice`;
      const holder = a.held_by.length === 0 ? 'matched with nobody' : `matched with ${a.held_by.map(label).join(', ')}`;
      lines.push(`  ${label(a.id)}: score ${a.score.toFixed(1)}${rank}; ${holder}; ${describeForcingCost(a, 'this pair')}`);
    }
  }
  if (road?.note != null) lines.push(`Note: ${road.note}.`);
  if (pairs.length === 0 && unmatched === undefined) lines.push('Not in any pair of this run.');
  lines.push(`Total score of the run: ${run.objective.toFixed(1)}.`);
  return lines;
}
