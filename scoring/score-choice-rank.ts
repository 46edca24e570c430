/**
 * Factor `choice_rank`: the mentee's own ranked mentor choices (the
 * group-mentoring guide: "list their top three choices"). A higher choice
 * scores higher; a mentor the mentee did not choose scores 0.
 */
import type { FactorBuilder } from './factor.js';
import { ordinal } from './words.js';

/**
 * Builds the `choice_rank` factor for a pool.
 * Value: rank r (1 = first) of k = `factors.choice_rank.max_choices` gives (k − r + 1) / k; not chosen, or chosen
 * beyond k, gives 0. A choice keeps its rank even when an earlier choice is not in the pool (ineligible).
 * Reason: "mentee's 2nd choice" / "not among the mentee's choices".
 */
export const buildChoiceRankFactor: FactorBuilder = (pool, program) => {
  const k = Math.max(0, Math.floor(program.factors.choiceRank.maxChoices));
  const mentorIndex = new Map(pool.mentors.map((m, j) => [m.id, j]));
  // Row i holds the mentor indices of mentee i's first k choices (-1: none, or not in the pool):
  // value() scans at most k slots, no lookup, no allocation.
  const chosen = new Int32Array(pool.mentees.length * k).fill(-1);
  pool.mentees.forEach((mentee, i) => {
    mentee.choices.slice(0, k).forEach((id, r) => {
      chosen[i * k + r] = mentorIndex.get(id) ?? -1;
    });
  });

  return {
    name: 'choice_rank',
    value(i, j) {
      const base = i * k;
      for (let r = 0; r < k; r++) {
        if (chosen[base + r] === j) return (k - r) / k;
      }
      return 0;
    },
    explain(i, j) {
      const rank = (pool.mentees[i]?.choices ?? []).indexOf(pool.mentors[j]?.id ?? '');
      if (rank < 0) return "not among the mentee's choices";
      if (rank >= k) return `mentee's ${ordinal(rank + 1)} choice, beyond the ${k} that count`;
      return `mentee's ${ordinal(rank + 1)} choice`;
    },
  };
};
