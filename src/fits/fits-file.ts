import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { FileAccessError, Gen2to3Error, isErrnoError } from '../errors.js';
import { writeFileAtomicSync } from '../fs/write-file-atomic-sync.js';
import { FileByteSource, StreamByteSource, SyncFileByteSource, type ByteSource } from './byte-source.js';
import type { Hdu, HduInfo } from './hdu.js';
import { createHdu } from './hdu-factory.js';
import type { HduSpec } from './hdu-spec.js';
import { encodeFits } from './fits-writer.js';
import { scanBuffer, scanSource, scanSyncSource, type KnownHdus, type ScannedHdu, type ScanResult } from './fits-scanner.js';
import { SharedHeaders } from './shared-headers.js';
import { paddedSize } from './block.js';
import { gunzipFits, gunzipFitsSync, gzipError, isGzip } from './gzip.js';

const gzipAsync = promisify(zlib.gzip);

/** A FITS file read into memory. */
export interface FitsFile {
  /** The path read, or the description given to {@link parseFits}. */
  readonly source: string;
  /** True when the bytes were gzip-compressed (offsets refer to the decompressed stream). */
  readonly gzipped: boolean;
  readonly hdus: readonly Hdu[];
  /** Bytes after the last HDU that do not start an extension (ignored). */
  readonly trailingBytes: number;
}

/** The headers of a FITS file, read without its data units. */
export interface FitsHeaders {
  readonly source: string;
  readonly gzipped: boolean;
  readonly hdus: readonly HduInfo[];
  readonly trailingBytes: number;
}

/** Options of {@link writeFitsFile}. */
export interface WriteFitsFileOptions {
  /** Gzip-compress the file (whatever its name). Default is `false`. */
  gzip?: boolean;
}

/**
 * Reads a whole FITS file; gzip-compressed files are recognised by their magic bytes and decompressed.
 * @throws FileAccessError when the file cannot be read.
 * @throws FitsError when it is not valid FITS (see {@link parseFits}).
 */
export async function readFits(path: string): Promise<FitsFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new FileAccessError(path, `cannot read FITS file: ${(err as Error).message}`, { cause: err });
  }
  const gzipped = isGzip(bytes);
  return fromBuffer(gzipped ? await gunzipFits(bytes, path) : bytes, path, gzipped);
}

/**
 * {@link readFits} with a synchronous read: for files of a few megabytes at most, where a read on the
 * thread pool costs more than the read itself.
 * @throws FileAccessError when the file cannot be read.
 * @throws FitsError when it is not valid FITS (see {@link parseFits}).
 */
export function readFitsSync(path: string): FitsFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new FileAccessError(path, `cannot read FITS file: ${(err as Error).message}`, { cause: err });
  }
  return parseFits(bytes, path);
}

/**
 * Parses FITS bytes (gzip-compressed or not).
 * @param source names the data in error messages and in the result.
 * @throws FitsError when the bytes are not FITS, a header is malformed, truncated or lacks `END`, a
 * structural keyword is bad, or a data unit is truncated. Never throws anything else for bad bytes.
 */
export function parseFits(bytes: Uint8Array, source = '<buffer>'): FitsFile {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const gzipped = isGzip(buffer);
  return fromBuffer(gzipped ? gunzipFitsSync(buffer, source) : buffer, source, gzipped);
}

/** The headers of the files {@link parseFitsPair} parsed, shared by their bytes. */
const comparedHeaders = new SharedHeaders();

/**
 * Parses two FITS files that are to be compared, for read-only use. HDUs of the second that hold the
 * same bytes as the HDU at the same index and offset in the first (header and data unit) are not
 * parsed again: the second file shares the first's HDU objects (decoded data, once decoded,
 * included). Headers with the same bytes as a header of an earlier call are that call's header
 * objects. So no HDU or header of the result may be modified. Otherwise the same as
 * {@link parseFits} on each.
 * @throws FitsError like {@link parseFits}, for the first file first.
 */
export function parseFitsPair(bytesA: Uint8Array, sourceA: string, bytesB: Uint8Array, sourceB: string): [FitsFile, FitsFile] {
  const bufferA = Buffer.from(bytesA.buffer, bytesA.byteOffset, bytesA.byteLength);
  const bufferB = Buffer.from(bytesB.buffer, bytesB.byteOffset, bytesB.byteLength);
  if (isGzip(bufferA) || isGzip(bufferB)) return [parseFits(bytesA, sourceA), parseFits(bytesB, sourceB)];
  const a = scanBuffer(bufferA, sourceA, { headers: comparedHeaders });
  const hdusA = a.hdus.map(({ info, layout }) => createHdu(info, layout, dataOf(bufferA, info), sourceA));
  const reused = new Map<ScannedHdu, Hdu>();
  const known: KnownHdus = (index, offset) => {
    const same = a.hdus[index];
    if (!same || same.info.headerOffset !== offset) return undefined;
    const end = Math.min(same.info.dataOffset + paddedSize(same.info.dataSize), bufferA.length);
    if (end > bufferB.length || bufferA.compare(bufferB, offset, end, offset, end) !== 0) return undefined;
    reused.set(same, hdusA[index]!);
    return same;
  };
  const b = scanBuffer(bufferB, sourceB, { known, headers: comparedHeaders });
  return [
    { source: sourceA, gzipped: false, hdus: hdusA, trailingBytes: a.trailingBytes },
    {
      source: sourceB,
      gzipped: false,
      hdus: b.hdus.map((scanned) => reused.get(scanned) ?? createHdu(scanned.info, scanned.layout, dataOf(bufferB, scanned.info), sourceB)),
      trailingBytes: b.trailingBytes,
    },
  ];
}

function dataOf(bytes: Buffer, info: HduInfo): Buffer {
  return bytes.subarray(info.dataOffset, info.dataOffset + info.dataSize);
}

/**
 * Reads only the headers of a FITS file. Uncompressed files are read with positional reads that skip
 * data units; gzip files are decompressed as a stream without keeping the data.
 * @throws FileAccessError when the file cannot be read.
 * @throws FitsError like {@link parseFits}.
 */
export async function readFitsHeaders(path: string): Promise<FitsHeaders> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new FileAccessError(path, `cannot read FITS file: ${(err as Error).message}`, { cause: err });
  }
  const streams: Readable[] = [];
  try {
    const { size } = await handle.stat();
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    const gzipped = size >= 2 && isGzip(magic);
    let source: ByteSource = new FileByteSource(handle, size);
    if (gzipped) {
      const compressed = handle.createReadStream({ start: 0, autoClose: false });
      const gunzip = zlib.createGunzip();
      compressed.on('error', (err) => gunzip.destroy(err));
      streams.push(compressed, gunzip);
      source = new StreamByteSource(compressed.pipe(gunzip));
    }
    try {
      return headersOf(path, gzipped, await scanSource(source, path));
    } catch (err) {
      if (err instanceof Gen2to3Error) throw err;
      if (gzipped && isErrnoError(err) && err.code?.startsWith('Z_')) throw gzipError(err, path);
      throw new FileAccessError(path, `cannot read FITS file: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    for (const stream of streams) stream.destroy();
    await handle.close();
  }
}

/**
 * {@link readFitsHeaders} with synchronous reads: an uncompressed file's header blocks are read with
 * positional reads that skip its data units; a gzip file is read and decompressed whole.
 * @throws FileAccessError when the file cannot be read.
 * @throws FitsError like {@link parseFits}.
 */
export function readFitsHeadersSync(path: string): FitsHeaders {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new FileAccessError(path, `cannot read FITS file: ${(err as Error).message}`, { cause: err });
  }
  try {
    const { size } = fstatSync(fd);
    const source = new SyncFileByteSource(fd, size);
    const gzipped = size >= 2 && isGzip(source.read(2));
    if (gzipped) return headersOf(path, gzipped, scanBuffer(gunzipFitsSync(readFileSync(fd), path), path));
    source.rewind();
    return headersOf(path, gzipped, scanSyncSource(source, path));
  } catch (err) {
    if (err instanceof Gen2to3Error) throw err;
    throw new FileAccessError(path, `cannot read FITS file: ${(err as Error).message}`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

function headersOf(source: string, gzipped: boolean, scan: ScanResult): FitsHeaders {
  return { source, gzipped, hdus: scan.hdus.map((hdu) => hdu.info), trailingBytes: scan.trailingBytes };
}

/**
 * Encodes HDUs as FITS bytes; the first becomes the primary HDU.
 * @throws FitsWriteError when a spec is inconsistent.
 */
export function writeFits(hdus: readonly HduSpec[]): Buffer {
  return encodeFits(hdus);
}

/**
 * Writes HDUs to `path` atomically: the bytes go to `path.tmp-<pid>`, which is then renamed, so readers
 * never see a partial file and an existing file survives a failed write.
 * Returns the number of bytes written.
 * @throws FitsWriteError when a spec is inconsistent.
 * @throws FileAccessError when the file cannot be written.
 */
export async function writeFitsFile(path: string, hdus: readonly HduSpec[], options: WriteFitsFileOptions = {}): Promise<number> {
  const fits = encodeFits(hdus);
  const bytes = options.gzip ? await gzipAsync(fits) : fits;
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new FileAccessError(path, `cannot write FITS file: ${(err as Error).message}`, { cause: err });
  }
  return bytes.length;
}

/**
 * {@link writeFitsFile} with synchronous writes (see {@link readFitsSync}), through a unique temporary sibling.
 * @throws FileAccessError when the file cannot be written.
 * @throws FitsWriteError when a spec is inconsistent.
 */
export function writeFitsFileSync(path: string, hdus: readonly HduSpec[], options: WriteFitsFileOptions = {}): number {
  const fits = encodeFits(hdus);
  const bytes = options.gzip ? zlib.gzipSync(fits) : fits;
  writeFileAtomicSync(path, bytes, 'FITS file');
  return bytes.length;
}

/** The first HDU whose `EXTNAME` (and `EXTVER`, when given) match, compared case-insensitively. */
export function findHdu<T extends HduInfo>(hdus: readonly T[], extname: string, extver?: number): T | undefined {
  const wanted = extname.trim().toUpperCase();
  return hdus.find(
    (hdu) => hdu.header.getString('EXTNAME')?.trim().toUpperCase() === wanted && (extver === undefined || (hdu.header.getNumber('EXTVER') ?? 1) === extver),
  );
}

function fromBuffer(bytes: Buffer, source: string, gzipped: boolean): FitsFile {
  const { hdus, trailingBytes } = scanBuffer(bytes, source);
  return {
    source,
    gzipped,
    hdus: hdus.map(({ info, layout }) => createHdu(info, layout, dataOf(bytes, info), source)),
    trailingBytes,
  };
}
