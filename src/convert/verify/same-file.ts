import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Whether two paths hold the same data, and how that was decided. */
export type SameFileResult =
  | { readonly same: true; readonly how: 'inode' | 'bytes' }
  | { readonly same: false; readonly reason: string };

const CHUNK = 1 << 20;

/**
 * Whether `a` and `b` are the same file (same device and inode after following symlinks) or
 * files with identical bytes (compared streamed, 1 MiB at a time). The two `stat`s are synchronous
 * (one system call each, far cheaper than two thread-pool round trips); only the byte comparison is
 * asynchronous.
 */
export async function sameFile(a: string, b: string): Promise<SameFileResult> {
  let sa, sb;
  try {
    sa = statSync(a, { bigint: true });
  } catch (e) {
    return { same: false, reason: `cannot read ${a}: ${(e as Error).message}` };
  }
  try {
    sb = statSync(b, { bigint: true });
  } catch (e) {
    return { same: false, reason: `cannot read ${b}: ${(e as Error).message}` };
  }
  if (sa.dev === sb.dev && sa.ino === sb.ino) return { same: true, how: 'inode' };
  if (sa.size !== sb.size) return { same: false, reason: `different files of different sizes (${sa.size} and ${sb.size} bytes)` };
  const fa = await open(a, 'r');
  try {
    const fb = await open(b, 'r');
    try {
      const ba = Buffer.allocUnsafe(CHUNK);
      const bb = Buffer.allocUnsafe(CHUNK);
      let offset = 0;
      for (;;) {
        const [ra, rb] = await Promise.all([fa.read(ba, 0, CHUNK, offset), fb.read(bb, 0, CHUNK, offset)]);
        if (ra.bytesRead !== rb.bytesRead) return { same: false, reason: `files differ in length after byte ${offset}` };
        if (ra.bytesRead === 0) return { same: true, how: 'bytes' };
        if (ba.compare(bb, 0, rb.bytesRead, 0, ra.bytesRead) !== 0) {
          let i = 0;
          while (i < ra.bytesRead && ba[i] === bb[i]) i++;
          return { same: false, reason: `different bytes from offset ${offset + i}` };
        }
        offset += ra.bytesRead;
      }
    } finally {
      await fb.close();
    }
  } finally {
    await fa.close();
  }
}
