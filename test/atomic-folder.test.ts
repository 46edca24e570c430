import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readableFolder, recoverFolder, writeFolderAtomically, type FolderContents } from '../runners/atomic-folder.js';
import { useTmpDir } from './helpers/tmp.js';

/**
 * Crash points: every call that changes the disk (mkdirSync, writeFileSync,
 * renameSync, rmSync) goes through a wrapper that, when armed at call `at`,
 * copies the folder's parent as it is at that instant — exactly what a
 * process killed just before that call leaves behind — and then aborts the
 * write. The copy is what the tests recover and check, so every moment of
 * a write is tried, including the one between the two renames that a
 * random kill almost never hits (test/atomic-kill.test.ts kills real runs).
 */
const crash = vi.hoisted(() => ({ at: 0, calls: 0, onCrash: (): void => {} }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrap =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      if (crash.at > 0 && ++crash.calls === crash.at) {
        crash.at = 0;
        crash.onCrash();
        throw new Error('killed here (simulated)');
      }
      return f(...args);
    };
  const mocked = { ...fs, mkdirSync: wrap(fs.mkdirSync), writeFileSync: wrap(fs.writeFileSync), renameSync: wrap(fs.renameSync), rmSync: wrap(fs.rmSync) };
  return { ...mocked, default: mocked };
});

const tmp = useTmpDir();

/** Every file under `folder`, by relative path, with its text. */
function contents(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
      if (e.isDirectory()) walk(join(dir, e.name), rel);
      else out[rel] = readFileSync(join(dir, e.name), 'utf8');
    }
  };
  walk(folder, '');
  return out;
}

const OLD: FolderContents = new Map([
  ['matches.csv', 'old pairs'],
  ['emails/mentor-M1.eml', 'old message'],
  ['run.json', '{"old":true}'],
]);
const NEW: FolderContents = new Map([
  ['matches.csv', 'new pairs'],
  ['changes.csv', 'what changed'],
  ['emails/mentor-M2.eml', 'new message'],
  ['emails/mentee-E2.eml', 'another'],
  ['run.json', '{"new":true}'],
]);
const asRecord = (c: FolderContents): Record<string, string> => Object.fromEntries([...c].map(([k, v]) => [k, String(v)]));

/** A process id that is not running any more: the processes a killed write leaves behind look like this. */
const deadPid = ((): number => {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 999_999;
})();

/**
 * Runs `action` with a crash before disk change number `at`, and returns a
 * copy of `parent` as it was at that instant, with this process's tags
 * renamed to a dead process's (the writer was killed); null when `action`
 * made fewer changes than `at`.
 */
function stateAtCrash(parent: string, at: number, action: () => void): string | null {
  const copy = join(tmp(), 'copy');
  let crashed = false;
  crash.calls = 0;
  crash.at = at;
  crash.onCrash = () => {
    crashed = true;
    cpSync(parent, copy, { recursive: true, preserveTimestamps: true });
    for (const entry of readdirSync(copy)) {
      if (entry.includes(`-${process.pid}-`)) renameSync(join(copy, entry), join(copy, entry.replace(`-${process.pid}-`, `-${deadPid}-`)));
    }
  };
  try {
    action();
  } catch (e) {
    if (!crashed) throw e;
  } finally {
    crash.at = 0;
  }
  return crashed ? copy : null;
}

/** Disk changes `action` makes when nothing goes wrong. */
function countChanges(action: () => void): number {
  crash.calls = 0;
  crash.at = Number.MAX_SAFE_INTEGER;
  try {
    action();
  } finally {
    crash.at = 0;
  }
  return crash.calls;
}

/** A parent folder holding `out` with `initial` (or no `out` at all when null). */
function parentWith(initial: FolderContents | null): string {
  const parent = tmp();
  if (initial !== null) writeFolderAtomically(join(parent, 'out'), initial);
  return parent;
}

describe('writeFolderAtomically', () => {
  it('creates the folder with exactly the files given, owner-only', () => {
    const dir = join(tmp(), 'out');
    writeFolderAtomically(dir, new Map([['a.csv', 'x'], ['emails/b.txt', 'y']]));
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'emails']);
    expect(readFileSync(join(dir, 'emails/b.txt'), 'utf8')).toBe('y');
    expect(statSync(join(dir, 'a.csv')).mode & 0o777).toBe(0o600);
  });

  it('replaces a previous output whole: no stale file survives, no staging folder is left', () => {
    const parent = tmp();
    const dir = join(parent, 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stale.csv'), 'old');
    writeFolderAtomically(dir, new Map([['new.csv', 'new']]));
    expect(readdirSync(dir)).toEqual(['new.csv']);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('leaves the previous output untouched when writing fails', () => {
    const parent = tmp();
    const dir = join(parent, 'out');
    writeFolderAtomically(dir, new Map([['a.csv', 'first']]));
    // A file path that cannot be created (a file where a folder must go) makes the write fail midway.
    expect(() => writeFolderAtomically(dir, new Map([['x', 'ok'], ['x/y.csv', 'boom']]))).toThrow();
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('first');
    expect(readdirSync(parent)).toEqual(['out']);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('killed at any moment: after recovery the folder is exactly the previous output or exactly the new one, and nothing else is left', () => {
    const write = (parent: string) => () => writeFolderAtomically(join(parent, 'out'), NEW);
    const changes = countChanges(write(parentWith(OLD)));
    expect(changes).toBeGreaterThanOrEqual(12);
    const seen: string[] = [];
    for (let at = 1; at <= changes; at++) {
      const parent = parentWith(OLD);
      const copy = stateAtCrash(parent, at, write(parent));
      expect(copy, `crash point ${at}`).not.toBeNull();
      const out = join(copy as string, 'out');
      const before = existsSync(out) ? 'folder' : 'no folder';
      // A reader that may not write finds the complete output too.
      const readable = contents(readableFolder(out));
      expect([asRecord(OLD), asRecord(NEW)], `crash point ${at}: readable folder`).toContainEqual(readable);
      recoverFolder(out);
      const after = contents(out);
      expect([asRecord(OLD), asRecord(NEW)], `crash point ${at}`).toContainEqual(after);
      expect(after, `crash point ${at}: what a reader saw is what recovery kept`).toEqual(readable);
      expect(readdirSync(copy as string), `crash point ${at}`).toEqual(['out']);
      seen.push(`${before}: ${after['run.json']}`);
    }
    // Every kind of moment was tried: before the swap, in the window (no folder), after it.
    expect(seen).toContain('folder: {"old":true}');
    expect(seen).toContain('no folder: {"old":true}');
    expect(seen).toContain('folder: {"new":true}');
    // Old until the second rename, new from then on: never back.
    const firstNew = seen.findIndex((s) => s.endsWith('{"new":true}'));
    expect(seen.slice(firstNew).every((s) => s.endsWith('{"new":true}'))).toBe(true);
  });

  it('a first write killed at any moment leaves no folder or the complete one', () => {
    const changes = countChanges(() => writeFolderAtomically(join(parentWith(null), 'out'), NEW));
    for (let at = 1; at <= changes; at++) {
      const parent = parentWith(null);
      const copy = stateAtCrash(parent, at, () => writeFolderAtomically(join(parent, 'out'), NEW));
      if (copy === null) continue; // the parent itself did not exist yet
      const out = join(copy, 'out');
      recoverFolder(out);
      if (existsSync(out)) expect(contents(out), `crash point ${at}`).toEqual(asRecord(NEW));
      expect(readdirSync(copy).filter((e) => e !== 'out'), `crash point ${at}`).toEqual([]);
    }
  });

  it('the next write recovers by itself, even killed again at any moment, and never loses the previous output', () => {
    // The worst leftover: killed between the two renames (no folder; the previous output aside, the new one staged).
    const windowState = (): string => {
      for (let at = 1; ; at++) {
        const parent = parentWith(OLD);
        const copy = stateAtCrash(parent, at, () => writeFolderAtomically(join(parent, 'out'), NEW));
        if (copy === null) throw new Error('no crash point leaves the folder missing');
        if (!existsSync(join(copy, 'out'))) return copy;
      }
    };
    const NEWER: FolderContents = new Map([['matches.csv', 'newer pairs'], ['run.json', '{"newer":true}']]);
    const start = windowState();
    expect(readdirSync(start).sort()).toEqual([expect.stringMatching(/^\.out\.partial-/), expect.stringMatching(/^\.out\.previous-/)]);
    const changes = countChanges(() => writeFolderAtomically(join(cloneOf(start), 'out'), NEWER));
    for (let at = 1; at <= changes; at++) {
      const parent = cloneOf(start);
      const copy = stateAtCrash(parent, at, () => writeFolderAtomically(join(parent, 'out'), NEWER));
      expect(copy, `crash point ${at}`).not.toBeNull();
      const out = join(copy as string, 'out');
      recoverFolder(out);
      expect([asRecord(OLD), asRecord(NEWER)], `crash point ${at}`).toContainEqual(contents(out));
      expect(readdirSync(copy as string), `crash point ${at}`).toEqual(['out']);
    }
    // And uninterrupted: the new output, nothing left over.
    const parent = cloneOf(start);
    writeFolderAtomically(join(parent, 'out'), NEWER);
    expect(contents(join(parent, 'out'))).toEqual(asRecord(NEWER));
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('recovery restores the newest previous output, deletes finished deletions and older outputs, and keeps a running writer\'s staging folder', () => {
    const parent = tmp();
    const older = join(parent, `.out.previous-${deadPid}-aaaa`);
    const newer = join(parent, `.out.previous-${deadPid}-bbbb`);
    writeFolderAtomically(older, OLD);
    writeFolderAtomically(newer, NEW);
    const past = new Date(Date.now() - 60_000);
    // The older one's files were written a minute earlier.
    utimesSync(older, past, past);
    mkdirSync(join(parent, `.out.discard-${deadPid}-cccc`, 'emails'), { recursive: true });
    mkdirSync(join(parent, `.out.partial-${deadPid}-dddd`));
    mkdirSync(join(parent, `.out.partial-${process.pid}-eeee`));
    // Not ours: another folder's siblings, and a name that only looks like one.
    mkdirSync(join(parent, `.other.previous-${deadPid}-ffff`));
    mkdirSync(join(parent, '.out.previous-notatag'));
    const out = join(parent, 'out');
    expect(readableFolder(out)).toBe(newer);
    const recovered = recoverFolder(out);
    expect(recovered.restored).toBe(newer);
    expect(contents(out)).toEqual(asRecord(NEW));
    expect(readdirSync(parent).sort()).toEqual(['.other.previous-' + deadPid + '-ffff', '.out.partial-' + process.pid + '-eeee', '.out.previous-notatag', 'out'].sort());
    expect(readableFolder(out)).toBe(out);
    // With the folder there, a previous output is older than it: deleted.
    writeFolderAtomically(join(parent, `.out.previous-${deadPid}-abcd`), OLD);
    expect(recoverFolder(out)).toEqual({ restored: null, removed: [join(parent, `.out.previous-${deadPid}-abcd`)] });
    expect(contents(out)).toEqual(asRecord(NEW));
  });

  it('a deletion cut short is never taken for an output: a lone .discard folder is removed, not restored', () => {
    const parent = tmp();
    // What a kill halfway through deleting the replaced output leaves, had the folder gone missing since.
    writeFolderAtomically(join(parent, `.out.discard-${deadPid}-0123`), new Map([['run.json', '{"old":true}']]));
    const out = join(parent, 'out');
    expect(readableFolder(out)).toBe(out);
    expect(recoverFolder(out).restored).toBeNull();
    expect(readdirSync(parent)).toEqual([]);
  });
});

/** A copy of a parent folder, timestamps kept. */
function cloneOf(parent: string): string {
  const copy = join(tmp(), 'clone');
  cpSync(parent, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

