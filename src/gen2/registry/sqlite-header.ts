/**
 * A cheap sanity check of a SQLite file before opening it: better-sqlite3 opens garbage lazily, and a
 * truncated copy may only fail when a missing page is read. The 100-byte header says how big the file
 * must be (https://www.sqlite.org/fileformat.html §1.3).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const MAGIC = 'SQLite format 3\0';

/** What is wrong with a file that should be a SQLite database, or undefined when the header looks sound. */
export function sqliteHeaderProblem(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return 'empty file (0 bytes), not a SQLite database';
    const header = Buffer.alloc(100);
    const got = readSync(fd, header, 0, 100, 0);
    if (got < MAGIC.length || header.toString('latin1', 0, MAGIC.length) !== MAGIC) {
      return 'not a SQLite database (no "SQLite format 3" header)';
    }
    if (got < 100) return `truncated SQLite database: ${size} bytes, shorter than the 100-byte header`;
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `corrupt SQLite header: invalid page size ${rawPageSize}`;
    const changeCounter = header.readUInt32BE(24);
    const pageCount = header.readUInt32BE(28);
    const validFor = header.readUInt32BE(92);
    // The in-header page count is only authoritative when it is non-zero and "valid for" the current change counter.
    if (pageCount > 0 && changeCounter === validFor) {
      const expected = pageCount * pageSize;
      if (size < expected) return `truncated SQLite database: the header declares ${pageCount} pages of ${pageSize} bytes (${expected} bytes) but the file has ${size} bytes`;
    } else if (size % pageSize !== 0) {
      return `truncated SQLite database: ${size} bytes is not a whole number of ${pageSize}-byte pages`;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
