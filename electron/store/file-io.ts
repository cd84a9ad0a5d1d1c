// The store's file primitives: its private files, and whole reads and writes at an offset (a read or
// write call may move fewer bytes than asked).
import { mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A new private file `name` (0600 in a 0700 folder of its own), removed at once where the system allows
 * it, so nothing is left behind even when the process is killed; elsewhere `dir` is removed on close.
 */
export function privateFile(parent: string, name: string): { dir: string; path: string; fd: number } {
  const dir = mkdtempSync(join(parent, 'sio-inspector-store-'));
  const path = join(dir, name);
  const fd = openSync(path, 'wx+', 0o600);
  if (process.platform !== 'win32') rmSync(dir, { recursive: true, force: true });
  return { dir, path, fd };
}

/** Reads `length` bytes at `position` of `fd` into the start of `into`: all of them, unless the file ends first. How many it read. */
export function readAt(fd: number, into: Uint8Array, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Writes the first `length` bytes of `bytes` at `position` of `fd`, all of them (or throws). */
export function writeAt(fd: number, bytes: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) done += writeSync(fd, bytes, done, length - done, position + done);
}

/** What reading a store's file says once the store is closed (its descriptor's number may be another file's by then). */
export function closedError(): Error {
  return new Error('the record store was closed');
}
