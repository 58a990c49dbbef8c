import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { FitsError } from './errors.js';

const gunzipAsync = promisify(zlib.gunzip);

/** True when `bytes` start with the gzip magic number `1f 8b` (whatever the file is called). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a whole gzip file (all members).
 * @throws FitsError when the gzip stream is corrupt or truncated.
 */
export async function gunzipFits(bytes: Uint8Array, file: string): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes);
  } catch (err) {
    throw gzipError(err, file);
  }
}

/** Synchronous {@link gunzipFits}. */
export function gunzipFitsSync(bytes: Uint8Array, file: string): Buffer {
  try {
    return zlib.gunzipSync(bytes);
  } catch (err) {
    throw gzipError(err, file);
  }
}

/** The FitsError for a failure of zlib while reading `file`. */
export function gzipError(err: unknown, file: string, offset?: number): FitsError {
  const detail = err instanceof Error ? err.message : String(err);
  return new FitsError(offset === undefined ? { file } : { file, offset }, `corrupt gzip stream: ${detail}`, { cause: err });
}
