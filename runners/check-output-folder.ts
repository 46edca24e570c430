/**
 * Decides whether a run may replace its output folder. A run replaces the
 * folder whole, so pointing `--out` at the wrong place must never delete a
 * user's own files: only an empty folder or a previous mentor-match output
 * is replaced unless `--force` is given, and never a folder that holds one
 * of the run's own inputs, the current folder, or a folder above it.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Problem } from './problems.js';

/** True when `inner` is `outer` or lies inside it. */
function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  // "..foo" is a folder inside; ".." or "../x" is outside.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realish(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : resolve(realish(parent), relative(parent, abs));
}

/** Whether `folder` holds the run.json of an earlier mentor-match run. */
function isPreviousOutput(folder: string): boolean {
  try {
    const record = JSON.parse(readFileSync(resolve(folder, 'run.json'), 'utf8')) as { tool?: unknown };
    return record.tool === 'mentor-match';
  } catch {
    return false;
  }
}

/** Problems with writing the run's output to `outDir`; empty when it is safe. */
export function checkOutputFolder(outDir: string, inputs: readonly string[], force: boolean): Problem[] {
  const problem = (expected: string): Problem[] => [{ code: 'output_refused', file: outDir, column: '--out', value: outDir, expected }];
  const target = realish(outDir);
  const cwd = realpathSync(process.cwd());
  if (isInside(cwd, target)) return problem('a folder of its own for the results, not the current folder or one above it');
  for (const input of inputs) {
    if (isInside(realish(input), target)) return problem(`a folder that holds none of the run's inputs (${input} is inside it, and the folder is replaced whole)`);
  }
  // Walk up to the first existing ancestor: it must be a folder.
  for (let p = dirname(target); ; p = dirname(p)) {
    if (existsSync(p)) {
      if (!statSync(p).isDirectory()) return problem(`a path inside a folder; ${p} is a file`);
      break;
    }
    if (dirname(p) === p) break;
  }
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return problem('a folder; a file of that name exists');
  if (readdirSync(target).length === 0 || isPreviousOutput(target) || force) return [];
  return problem('an empty folder or the output of an earlier run (the folder is replaced whole); use --force to replace this one');
}
