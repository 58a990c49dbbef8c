import { writeSync } from 'node:fs';

/** Writes all of `bytes` to `fd`, at its current position (a single `write` may write only part). */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
}
