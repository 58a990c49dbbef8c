/**
 * Whole-file reads into buffers that are reused from one read to the next: comparing thousands of
 * output files then allocates (and faults in) no new memory per file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FileAccessError } from '../../src/errors.js';

/** Buffers larger than this are not kept for the next read. */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;

/** One reusable buffer per slot; the bytes a read returns are valid until the next read into its slot. */
export class ReusedReadBuffers {
  readonly #buffers: Buffer[] = [];

  /**
   * Reads the whole of `file` (to its end, whatever its size said) into the buffer of `slot`.
   * @throws FileAccessError when the file cannot be read.
   */
  read(slot: number, file: string): Buffer {
    try {
      const fd = openSync(file, 'r');
      try {
        // One byte more than the size, so that the read finding the end needs no bigger buffer.
        let buffer = this.#buffer(slot, fstatSync(fd).size + 1);
        let filled = 0;
        for (;;) {
          if (filled === buffer.length) buffer = this.#grow(slot, buffer, filled);
          const read = readSync(fd, buffer, filled, buffer.length - filled, null);
          if (read === 0) return buffer.subarray(0, filled);
          filled += read;
        }
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw new FileAccessError(file, `cannot read: ${(err as Error).message}`, { cause: err });
    }
  }

  #buffer(slot: number, size: number): Buffer {
    const kept = this.#buffers[slot];
    if (kept && kept.length >= size) return kept;
    const buffer = Buffer.allocUnsafeSlow(Math.max(size, 1 << 20));
    if (buffer.length <= MAX_KEPT_BYTES) this.#buffers[slot] = buffer;
    return buffer;
  }

  #grow(slot: number, buffer: Buffer, filled: number): Buffer {
    const bigger = this.#buffer(slot, buffer.length * 2);
    buffer.copy(bigger, 0, 0, filled);
    return bigger;
  }
}
