/**
 * The program's rules that an assignment alone cannot express, as the
 * engine's side constraints: a minimum group size per mentor or team
 * (`capacity.min_group`, `group.min_size`) and caps on the share of same-department or
 * same-region pairs (`quotas:`). With none of them set the result is empty
 * and `solver: auto` keeps the shortest-path solver.
 *
 * Committee pins are placed before the solve. A pinned mentee counts toward
 * their mentor's group: the minimum left to the solver is the program's
 * minimum less the pins, and it is due (the group runs), so a pinned group
 * never ends up smaller than the minimum. Pinned pairs are not counted in the quotas (the
 * committee chose them knowingly).
 */
import type { SideConstraints, Quota } from '../engine/side-constraints.js';
import type { ScoringPool } from '../scoring/factor.js';
import { BLANK_LABEL, indexLabels } from '../scoring/index-labels.js';
import { mentorCapacityLimits, type ResolvedProgram } from '../scoring/program.js';

/**
 * Side constraints for `pool` under `program`; `pinned[j]` is how many pins
 * mentor (or team) j has, `kept[j]` how many of them keep a pair of the
 * previous run (a rematch): a group that already runs may go on below the
 * minimum, so it owes no more mentees.
 */
export function buildSideConstraints(pool: ScoringPool, program: ResolvedProgram, pinned: Int32Array, kept?: Int32Array): SideConstraints {
  const rows = pool.mentees.length;
  const cols = pool.mentors.length;
  const out: { minPerColumn?: Int32Array; openColumns?: Uint8Array; quotas?: Quota[] } = {};
  const { minGroup } = mentorCapacityLimits(program.shape);
  if (minGroup > 1) {
    out.minPerColumn = Int32Array.from(pool.mentors, (_, j) => ((kept?.[j] ?? 0) > 0 ? 0 : Math.max(0, minGroup - (pinned[j] as number))));
    // A pinned group runs: the rest of its minimum is due, not optional.
    if (pinned.some((n) => n > 0)) out.openColumns = Uint8Array.from(pinned, (n) => (n > 0 ? 1 : 0));
  }
  const quotas: Quota[] = [];
  const same = (name: string, labelOf: (a: ScoringPool['mentees'][number]) => string, maxShare: number | undefined): void => {
    if (maxShare === undefined || maxShare >= 1) return; // a share of 1 caps nothing
    const ids = indexLabels(pool, labelOf);
    const pairs = new Uint8Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const a = ids.mentee[i] as number;
      if (a === BLANK_LABEL) continue;
      for (let j = 0; j < cols; j++) if (ids.mentor[j] === a) pairs[i * cols + j] = 1;
    }
    quotas.push({ name, pairs, maxShare });
  };
  same('same department', (a) => a.department, program.quotas.sameDepartment);
  same('same region', (a) => a.region, program.quotas.sameRegion);
  if (quotas.length > 0) out.quotas = quotas;
  return out;
}
