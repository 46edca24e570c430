import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFolderAtomically } from '../runners/atomic-folder.js';
import { useTmpDir } from './helpers/tmp.js';

const tmp = useTmpDir();

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
});
