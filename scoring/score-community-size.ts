/**
 * Factor `community_size`: people from communities of a similar size face
 * similar problems (3CMA matches on "community size"). Sizes are ordered
 * bands (`factors.community_size.bands`, smallest first); the value falls
 * linearly with the distance between the two bands.
 */
import type { FactorBuilder } from './factor.js';
import { missingSide } from './index-labels.js';
import type { ResolvedProgram } from './program.js';
import { plural } from './words.js';

/**
 * The value when either size is blank or unreadable: no points, like the
 * farthest bands. A "neutral" 0.5 ranked an unknown size above an honest
 * distant one, so an incomplete application could win a scarce mentor;
 * filling in the form must only help.
 */
const UNKNOWN_VALUE = 0;

/** Band comparison key: case and whitespace ignored ("Under 10K" = "under 10k"). */
function bandKey(label: string): string {
  return label.toLowerCase().replace(/\s+/g, '');
}

/**
 * The band index of a `community_size` cell, or -1 when blank or unreadable.
 * A cell is a band label (case-insensitive) or a population: digits with
 * optional thousands separators and an optional k/m suffix ("12,500", "12.5k").
 * A population falls in the first band whose upper bound it is below
 * (`upper_bounds: [10000, …]`: 9 999 → band 0, 10 000 → band 1).
 */
export function communityBandOf(cell: string, sizes: ResolvedProgram['factors']['communitySize']): number {
  const key = bandKey(cell);
  if (key === '') return -1;
  const labelIndex = sizes.bands.findIndex((b) => bandKey(b) === key);
  if (labelIndex >= 0) return labelIndex;
  const m = /^(\d+(?:\.\d+)?)([km]?)$/.exec(key.replace(/[,_'’\u00a0\u202f]/g, ''));
  if (m === null) return -1;
  const population = Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1);
  const last = sizes.bands.length - 1;
  for (let b = 0; b < last && b < sizes.upperBounds.length; b++) {
    if (population < (sizes.upperBounds[b] as number)) return b;
  }
  return last;
}

/**
 * Builds the `community_size` factor for a pool.
 * Value: 1 − |band_mentee − band_mentor| / (bands − 1) (1 with a single band); 0 when either size is unknown.
 * Reason: "same community size: under 10k" / "community sizes 1 band apart: under 10k and 10k-50k" /
 * "community size unknown for the mentee (no points)".
 */
export const buildCommunitySizeFactor: FactorBuilder = (pool, program) => {
  const sizes = program.factors.communitySize;
  const menteeBand = Int32Array.from(pool.mentees, (a) => communityBandOf(a.communitySize, sizes));
  const mentorBand = Int32Array.from(pool.mentors, (a) => communityBandOf(a.communitySize, sizes));
  const span = sizes.bands.length - 1;

  return {
    name: 'community_size',
    value(i, j) {
      const a = menteeBand[i] as number;
      const b = mentorBand[j] as number;
      if (a < 0 || b < 0) return UNKNOWN_VALUE;
      return span <= 0 ? 1 : 1 - Math.abs(a - b) / span;
    },
    explain(i, j) {
      const a = menteeBand[i] as number;
      const b = mentorBand[j] as number;
      const unknown = missingSide(a, b);
      if (unknown !== undefined) return `community size unknown for ${unknown} (no points)`;
      const la = sizes.bands[a] as string;
      if (a === b) return `same community size: ${la}`;
      return `community sizes ${plural(Math.abs(a - b), 'band')} apart: ${la} and ${sizes.bands[b] as string}`;
    },
  };
};
