/**
 * Writes an output folder all at once: the files go into a hidden sibling
 * folder, which is renamed into place only when every file is written. A
 * run killed at any moment leaves either the previous complete output or
 * the new complete output — never a mix — once {@link recoverFolder} has
 * run, which every write does first.
 *
 * Next to `<parent>/<name>` a write uses three kinds of hidden siblings,
 * each tagged `<pid>-<random hex>` by the process that made it:
 *
 * - `.<name>.partial-<tag>`: the new output being written. Never restored;
 *   removed by recovery once the process that made it is gone.
 * - `.<name>.previous-<tag>`: the previous output, moved aside whole by one
 *   rename so the new one can take its name. Always complete (a rename is
 *   atomic). Restored by recovery when `<name>` does not exist.
 * - `.<name>.discard-<tag>`: a previous output being deleted once the new
 *   one is in place (renamed first, so that a deletion cut short is never
 *   taken for a complete output). Removed by recovery.
 *
 * The swap is: rename `<name>` → `.previous`, rename `.partial` → `<name>`,
 * rename `.previous` → `.discard`, delete `.discard`. POSIX has no atomic
 * exchange of two folders, so between the first two renames `<name>` does
 * not exist; a process killed in that window (or a power cut) leaves the
 * previous output as `.previous-<tag>` and no `<name>`. Recovery closes the
 * window: when `<name>` is missing it renames the newest `.previous` back
 * (restoring exactly the previous output); when `<name>` exists, any
 * `.previous` is older than it and is deleted. A reader that must not write
 * (e.g. `--compare` on a folder that may be read-only) can use
 * {@link readableFolder} instead, which finds the same folder without
 * moving anything.
 *
 * Atomic against a process that dies (kill -9, a crash, an exception): the
 * kernel keeps every completed write. Files are not fsync'ed, so after a
 * power cut a new output may hold empty files; the previous one is then
 * still whole as long as the disk honours rename order.
 *
 * Two runs writing the same folder at the same moment are not supported:
 * one of them may fail (a rename finds the name taken), but the folder is
 * always one complete output.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Files to write, by path relative to the folder. */
export type FolderContents = ReadonlyMap<string, string | Uint8Array>;

/** The kinds of hidden sibling a write leaves while it runs. */
type SiblingKind = 'partial' | 'previous' | 'discard';

/** A hidden sibling of an output folder. */
interface Sibling {
  readonly kind: SiblingKind;
  readonly path: string;
  /** The process that made it. */
  readonly pid: number;
}

/** `.<name>.<kind>-<pid>-<hex>`: only names of exactly this form are ever touched. */
const SIBLING = /^\.(.+)\.(partial|previous|discard)-(\d+)-[0-9a-f]+$/;

/** Whether `name` (a folder's last part) can have siblings at all: not a root, `.` or `..`. */
const hasSiblings = (name: string): boolean => name !== '' && name !== '.' && name !== '..';

/** The hidden siblings of `folder` in its parent; none when the parent cannot be read. */
function siblingsOf(folder: string): Sibling[] {
  const parent = dirname(folder);
  const name = basename(folder);
  if (!hasSiblings(name)) return [];
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const found: Sibling[] = [];
  for (const entry of entries) {
    const m = SIBLING.exec(entry);
    if (m === null || m[1] !== name) continue;
    found.push({ kind: m[2] as SiblingKind, path: join(parent, entry), pid: Number(m[3]) });
  }
  return found;
}

/** Whether process `pid` is still running (this process counts: another of its threads may be writing). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Modification time of a folder, or -1 when it is gone. */
function modifiedMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** The complete previous outputs, newest first (by when their files were written). */
function previousOutputs(siblings: readonly Sibling[]): Sibling[] {
  return siblings
    .filter((s) => s.kind === 'previous')
    .map((s) => ({ s, at: modifiedMs(s.path) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => b.at - a.at || (a.s.path < b.s.path ? 1 : -1))
    .map((x) => x.s);
}

/** Deletes a sibling: renamed to `.discard` first (when it is not one), so a deletion cut short is never restored. */
function discard(sibling: Sibling): void {
  let path = sibling.path;
  if (sibling.kind !== 'discard') {
    path = join(dirname(sibling.path), basename(sibling.path).replace(/\.(?:partial|previous)-(\d+-[0-9a-f]+)$/, '.discard-$1'));
    try {
      renameSync(sibling.path, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
  }
  rmSync(path, { recursive: true, force: true });
}

/** What {@link recoverFolder} did. */
export interface FolderRecovery {
  /** The previous output moved back into place (its hidden name), when the folder was missing. */
  readonly restored: string | null;
  /** Hidden siblings deleted: older outputs, finished deletions, and staging folders of processes that are gone. */
  readonly removed: readonly string[];
}

/**
 * Puts `folder` back in the state of a finished write after a write that
 * was killed (see the top of this file): restores the previous output when
 * the folder is missing, and deletes what a killed write left behind.
 * Called first by {@link writeFolderAtomically}; a command that reads an
 * earlier output and may write should call it before reading.
 *
 * @example
 * recoverFolder('out/sample-run'); // then read out/sample-run/run.json
 */
export function recoverFolder(folder: string): FolderRecovery {
  const siblings = siblingsOf(folder);
  if (siblings.length === 0) return { restored: null, removed: [] };
  let restored: string | null = null;
  const previous = previousOutputs(siblings);
  if (!existsSync(folder) && previous[0] !== undefined) {
    renameSync(previous[0].path, folder);
    restored = previous[0].path;
  }
  const removed: string[] = [];
  for (const s of siblings) {
    if (s.path === restored) continue;
    // A staging folder of a running process is that process's business.
    if (s.kind === 'partial' && isRunning(s.pid)) continue;
    discard(s);
    removed.push(s.path);
  }
  return { restored, removed };
}

/**
 * The folder to read an output from without changing anything: `folder`
 * itself, or — when a write was killed between its two renames, and
 * {@link recoverFolder} has not run yet — the complete previous output it
 * moved aside. `folder` (which then does not exist) when there is neither.
 */
export function readableFolder(folder: string): string {
  if (existsSync(folder)) return folder;
  return previousOutputs(siblingsOf(folder))[0]?.path ?? folder;
}

/**
 * Replaces `folder` with exactly `contents`. Files are created readable by
 * their owner only (applicant data is confidential). First recovers what an
 * earlier, killed write left (see {@link recoverFolder}).
 */
export function writeFolderAtomically(folder: string, contents: FolderContents): void {
  const parent = dirname(folder);
  mkdirSync(parent, { recursive: true });
  recoverFolder(folder);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const sibling = (kind: SiblingKind): string => join(parent, `.${basename(folder)}.${kind}-${tag}`);
  const staging = sibling('partial');
  mkdirSync(staging, { mode: 0o700 });
  try {
    for (const [relative, data] of contents) {
      const target = join(staging, relative);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, data, { mode: 0o600 });
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const retired = sibling('previous');
  let hadPrevious = true;
  try {
    renameSync(folder, retired);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    hadPrevious = false;
  }
  // The window: `folder` does not exist until the next rename (recoverFolder restores `retired`).
  try {
    renameSync(staging, folder);
  } catch (e) {
    // Put the previous output back where it was (recoverFolder would, next time), then give up.
    try {
      if (hadPrevious && !existsSync(folder)) renameSync(retired, folder);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    throw e;
  }
  if (hadPrevious) discard({ kind: 'previous', path: retired, pid: process.pid });
}
