/**
 * A ResolvedProgram for tests, with the defaults documented in
 * docs/program-config.md. Built from DEFAULT_PROGRAM (program-defaults.ts),
 * not through the config loader, so loader tests do not depend on it.
 */
import { DEFAULT_PROGRAM } from '../../runners/program-defaults.js';
import type { ResolvedProgram } from '../../scoring/program.js';

/** The documented defaults, as a fresh unfrozen copy; `overrides` replace whole top-level keys. */
export function testProgram(overrides: Partial<ResolvedProgram> = {}): ResolvedProgram {
  return { ...structuredClone(DEFAULT_PROGRAM), ...overrides };
}
