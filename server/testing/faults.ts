import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test support only: the storage faults of the chaos suite and the fault tests — a small disk that
 * fills up (a tmpfs mount) and files made immutable (`chattr +i`). Both need root (CI runs as
 * root). Without it they throw with that reason: a fault test that cannot make its fault must fail,
 * never pass or skip. Every fault is undone by the returned function, which callers run in
 * `finally`, so a failed test does not leave a mount or an immutable file behind.
 */
export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0)
    throw new Error(`${what} needs root (mount -t tmpfs, chattr +i); run as root, as CI does`);
}

/**
 * Mount a small disk of `megabytes` at `dir` (created): an ext4 image on a loop device where the
 * machine has one, else a tmpfs. ext4 is what servers run on, and it is where `chattr +i` bites:
 * tmpfs lets writes through descriptors opened before the flag was set. Returns the unmount (which
 * also removes the image) and which it is.
 */
export function mountSmallDisk(dir: string, megabytes: number): { unmount: () => void; filesystem: string } {
  requireRoot('a small disk');
  mkdirSync(dir, { recursive: true });
  const image = `${dir}.img`;
  try {
    execFileSync('truncate', ['-s', `${megabytes}M`, image]);
    // -m 0: no blocks reserved for root (the server runs as root here; a reserve would hide "full").
    execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image], { stdio: 'ignore' });
    execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'ignore' });
    return {
      filesystem: 'ext4 (loop device)',
      unmount: () => {
        execFileSync('umount', [dir]);
        rmSync(image, { force: true });
      },
    };
  } catch {
    rmSync(image, { force: true });
  }
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir]);
  return { filesystem: 'tmpfs', unmount: () => execFileSync('umount', [dir]) };
}

/**
 * Fill the file system holding `dir` with a filler file until it refuses more (ENOSPC); returns
 * the function that frees the space again.
 */
export function fillDisk(dir: string): () => void {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        // The last bytes a whole chunk did not fit in.
        for (let size = chunk.length / 2; size >= 512; size /= 2) {
          try {
            writeSync(fd, chunk, 0, size);
          } catch {}
        }
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => rmSync(filler, { force: true });
}

/**
 * Whether `chattr +i` stops writes through a descriptor opened before it, in `dir` (ext4 and xfs: yes;
 * tmpfs: no, only later opens fail). A fault test of immutable files needs a file system where it does.
 */
export function immutableBites(dir: string): boolean {
  requireRoot('immutable files');
  const probe = join(dir, 'immutable-probe');
  const fd = openSync(probe, 'w');
  try {
    execFileSync('chattr', ['+i', probe]);
    try {
      writeSync(fd, 'x');
      return false;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') return true;
      throw err;
    } finally {
      execFileSync('chattr', ['-i', probe]);
    }
  } finally {
    closeSync(fd);
    rmSync(probe, { force: true });
  }
}

/** `chattr +i` the files that exist; returns the `chattr -i` of the same files. */
export function makeImmutable(paths: readonly string[]): () => void {
  requireRoot('immutable files');
  const present = paths.filter((p) => existsSync(p));
  if (present.length > 0) execFileSync('chattr', ['+i', ...present]);
  return () => {
    const still = present.filter((p) => existsSync(p));
    if (still.length > 0) execFileSync('chattr', ['-i', ...still]);
  };
}

/** The database file and its WAL companions under a data dir. */
export function databaseFiles(dataDir: string): string[] {
  const db = join(dataDir, 'callboard.db');
  return [db, `${db}-wal`, `${db}-shm`];
}
