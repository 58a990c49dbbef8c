import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { FileAccessError } from '../errors.js';

let counter = 0;

/**
 * Writes `bytes` to `file` atomically and synchronously: to a unique temporary sibling, then renamed over
 * `file`, so readers never see a partial file and an existing file survives a failed write (the
 * temporary file is removed).
 * @param what names the file in the error message (`cannot write FITS file: …`); empty for `cannot write: …`.
 * @throws FileAccessError when the file cannot be written.
 */
export function writeFileAtomicSync(file: string, bytes: Uint8Array, what = ''): void {
  const temporary = `${file}.tmp-${process.pid}-${++counter}`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw new FileAccessError(file, `cannot write${what ? ` ${what}` : ''}: ${(err as Error).message}`, { cause: err });
  }
}
