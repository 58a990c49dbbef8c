import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** Sequential access to a (possibly decompressed) byte stream, for reading headers without all data. */
export interface ByteSource {
  /** Reads the next `length` bytes; fewer only at the end of the stream. */
  read(length: number): Promise<Buffer>;
  /** Skips `length` bytes; returns how many were skipped (fewer only at the end of the stream). */
  skip(length: number): Promise<number>;
}

/** A {@link ByteSource} over an open file using positional reads: skipping costs nothing. */
export class FileByteSource implements ByteSource {
  #position = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {}

  async read(length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - this.#position));
    const buffer = Buffer.alloc(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(buffer, filled, wanted - filled, this.#position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.#position += filled;
    return filled === wanted ? buffer : buffer.subarray(0, filled);
  }

  async skip(length: number): Promise<number> {
    const skipped = Math.max(0, Math.min(length, this.size - this.#position));
    this.#position += skipped;
    return skipped;
  }
}

/** A {@link ByteSource} that answers at once. */
export interface SyncByteSource {
  read(length: number): Buffer;
  skip(length: number): number;
}

/**
 * A {@link SyncByteSource} over a file descriptor: synchronous positional reads, each of at least
 * `readAhead` bytes, so that a run of header blocks costs one read (for reading headers, where a read on
 * the thread pool costs more than the read itself). Skipping past the bytes held costs nothing.
 */
export class SyncFileByteSource implements SyncByteSource {
  #position = 0;
  /** The bytes held, from file offset `#heldAt`. */
  #held: Buffer = Buffer.alloc(0);
  #heldAt = 0;

  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly readAhead = 4 * 2880,
  ) {}

  read(length: number): Buffer {
    const wanted = Math.max(0, Math.min(length, this.size - this.#position));
    const from = this.#position - this.#heldAt;
    if (from < 0 || from + wanted > this.#held.length) this.#fill(Math.max(wanted, this.readAhead));
    const start = this.#position - this.#heldAt;
    const out = this.#held.subarray(start, start + wanted);
    this.#position += out.length;
    return out;
  }

  skip(length: number): number {
    const skipped = Math.max(0, Math.min(length, this.size - this.#position));
    this.#position += skipped;
    return skipped;
  }

  /** Goes back to the start of the file (the bytes held are kept). */
  rewind(): void {
    this.#position = 0;
  }

  #fill(length: number): void {
    const wanted = Math.max(0, Math.min(length, this.size - this.#position));
    const buffer = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const bytesRead = readSync(this.fd, buffer, filled, wanted - filled, this.#position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.#held = buffer.subarray(0, filled);
    this.#heldAt = this.#position;
  }
}

/** A {@link ByteSource} over a stream of chunks (e.g. a gunzip stream): skipping consumes the stream. */
export class StreamByteSource implements ByteSource {
  readonly #chunks: AsyncIterator<Buffer>;
  #pending: Buffer = Buffer.alloc(0);
  #done = false;

  constructor(stream: AsyncIterable<Buffer>) {
    this.#chunks = stream[Symbol.asyncIterator]();
  }

  async read(length: number): Promise<Buffer> {
    const parts = [this.#pending];
    let available = this.#pending.length;
    while (available < length && !this.#done) {
      const chunk = await this.#next();
      if (chunk) {
        parts.push(chunk);
        available += chunk.length;
      }
    }
    const all = parts.length === 1 ? this.#pending : Buffer.concat(parts);
    this.#pending = all.subarray(Math.min(length, all.length));
    return all.subarray(0, Math.min(length, all.length));
  }

  async skip(length: number): Promise<number> {
    let skipped = 0;
    while (skipped < length) {
      if (this.#pending.length === 0) {
        if (this.#done) break;
        this.#pending = (await this.#next()) ?? Buffer.alloc(0);
        continue;
      }
      const take = Math.min(length - skipped, this.#pending.length);
      this.#pending = this.#pending.subarray(take);
      skipped += take;
    }
    return skipped;
  }

  async #next(): Promise<Buffer | undefined> {
    const result = await this.#chunks.next();
    if (result.done) {
      this.#done = true;
      return undefined;
    }
    return result.value;
  }
}
