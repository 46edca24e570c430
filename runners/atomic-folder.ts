/**
 * Writes an output folder all at once: files go into a hidden sibling
 * folder, which is renamed into place only when every file is written. A
 * crash halfway leaves the previous output untouched, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Files to write, by path relative to the folder. */
export type FolderContents = ReadonlyMap<string, string | Uint8Array>;

/**
 * Replaces `folder` with exactly `contents`. Files are created readable by
 * their owner only (applicant data is confidential).
 */
export function writeFolderAtomically(folder: string, contents: FolderContents): void {
  const parent = dirname(folder);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(parent, `.${basename(folder)}.partial-${tag}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    for (const [relative, data] of contents) {
      const target = join(staging, relative);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, data, { mode: 0o600 });
    }
    const retired = join(parent, `.${basename(folder)}.previous-${tag}`);
    let hadPrevious = true;
    try {
      renameSync(folder, retired);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      hadPrevious = false;
    }
    renameSync(staging, folder);
    if (hadPrevious) rmSync(retired, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
