import { BLOCK_SIZE, paddedSize } from './block.js';
import type { ByteSource, SyncByteSource } from './byte-source.js';
import { FitsError } from './errors.js';
import type { HduInfo } from './hdu.js';
import { classifyHdu } from './hdu-kind.js';
import { readLayout, type HduLayout } from './hdu-layout.js';
import { FitsHeader } from './header.js';
import { HeaderParser } from './header-parser.js';
import type { ScannedHeader, SharedHeaders } from './shared-headers.js';

/** One HDU found by a scan: what its header says and where its data unit is. */
export interface ScannedHdu {
  readonly info: HduInfo;
  readonly layout: HduLayout;
}

/** The HDUs of a FITS stream and how many bytes follow the last one without being an HDU. */
export interface ScanResult {
  readonly hdus: ScannedHdu[];
  readonly trailingBytes: number;
}

const SIMPLE = Buffer.from('SIMPLE  =', 'latin1');
const XTENSION = Buffer.from('XTENSION=', 'latin1');

/**
 * HDUs already scanned in another stream: the one at `index` when it starts at `offset` and this
 * stream holds the same bytes from there to the end of its data unit (else undefined).
 */
export type KnownHdus = (index: number, offset: number) => ScannedHdu | undefined;

/** Options of {@link scanBuffer}. */
export interface ScanOptions {
  /** HDUs already scanned in another stream, taken instead of being parsed again. */
  readonly known?: KnownHdus;
  /** Headers shared by their bytes (read-only results): a header seen before is not parsed again. */
  readonly headers?: SharedHeaders;
}

/**
 * Finds every HDU of an in-memory FITS stream. Bytes after the last HDU that do not start an
 * extension are counted in `trailingBytes` (astropy ignores them too); a missing final padding is
 * accepted.
 * @throws FitsError when the stream is not FITS, a header is malformed or truncated, or data is truncated.
 */
export function scanBuffer(buffer: Buffer, file: string, options: ScanOptions = {}): ScanResult {
  const { known, headers } = options;
  const hdus: ScannedHdu[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const index = hdus.length;
    if (!startsHdu(buffer.subarray(offset), index, file)) {
      return { hdus, trailingBytes: buffer.length - offset };
    }
    const same = known?.(index, offset);
    if (same) {
      // The same bytes as an HDU already scanned: the same header, layout and data unit.
      hdus.push(same);
      offset = same.info.dataOffset + paddedSize(same.info.dataSize);
      continue;
    }
    const parse = (): ScannedHeader => {
      const parser = new HeaderParser({ file, hdu: index, offset });
      let position = offset;
      while (!parser.push(buffer.subarray(position, position + BLOCK_SIZE))) position += BLOCK_SIZE;
      return { header: new FitsHeader(parser.cards()), dataOffset: position + BLOCK_SIZE };
    };
    const { header, dataOffset } = headers ? headers.get(buffer, offset, parse) : parse();
    const hdu = describeHdu(header, index, offset, dataOffset, file);
    checkDataPresent(hdu, buffer.length - dataOffset, file);
    hdus.push(hdu);
    offset = dataOffset + paddedSize(hdu.info.dataSize);
  }
  if (hdus.length === 0) throw new FitsError({ file, offset: 0 }, 'empty file, not FITS');
  return { hdus, trailingBytes: 0 };
}

/** What a scan asks of its byte source next: the next `length` bytes, or to skip them. */
type ScanRequest = { readonly op: 'read' | 'skip'; readonly length: number };

/**
 * The scan of a sequential byte stream as a series of requests (each answered with the bytes read, or
 * the count skipped), so that the same scan drives synchronous and asynchronous sources.
 */
function* scanRequests(file: string): Generator<ScanRequest, ScanResult, Buffer | number> {
  const hdus: ScannedHdu[] = [];
  let offset = 0;
  for (;;) {
    const index = hdus.length;
    let block = (yield { op: 'read', length: BLOCK_SIZE }) as Buffer;
    if (block.length === 0) {
      if (index === 0) throw new FitsError({ file, offset: 0 }, 'empty file, not FITS');
      return { hdus, trailingBytes: 0 };
    }
    if (!startsHdu(block, index, file)) {
      return { hdus, trailingBytes: block.length + ((yield { op: 'skip', length: Number.MAX_SAFE_INTEGER }) as number) };
    }
    const parser = new HeaderParser({ file, hdu: index, offset });
    let dataOffset = offset;
    for (;;) {
      dataOffset += block.length;
      if (parser.push(block)) break;
      block = (yield { op: 'read', length: BLOCK_SIZE }) as Buffer;
    }
    const hdu = describeHdu(new FitsHeader(parser.cards()), index, offset, dataOffset, file);
    const padded = paddedSize(hdu.info.dataSize);
    checkDataPresent(hdu, (yield { op: 'skip', length: padded }) as number, file);
    hdus.push(hdu);
    offset = dataOffset + padded;
  }
}

/**
 * {@link scanBuffer} over a sequential source: reads headers, skips data units.
 * @throws FitsError like {@link scanBuffer}.
 */
export async function scanSource(source: ByteSource, file: string): Promise<ScanResult> {
  const scan = scanRequests(file);
  for (let step = scan.next(); ; ) {
    if (step.done) return step.value;
    const { op, length } = step.value;
    step = scan.next(op === 'read' ? await source.read(length) : await source.skip(length));
  }
}

/**
 * {@link scanSource} over a synchronous source.
 * @throws FitsError like {@link scanBuffer}.
 */
export function scanSyncSource(source: SyncByteSource, file: string): ScanResult {
  const scan = scanRequests(file);
  for (let step = scan.next(); ; ) {
    if (step.done) return step.value;
    const { op, length } = step.value;
    step = scan.next(op === 'read' ? source.read(length) : source.skip(length));
  }
}

function startsHdu(block: Uint8Array, index: number, file: string): boolean {
  const start = Buffer.from(block.buffer, block.byteOffset, Math.min(block.length, XTENSION.length));
  if (index > 0) return start.equals(XTENSION);
  if (!start.equals(SIMPLE)) {
    throw new FitsError({ file, offset: 0 }, 'not a FITS file: it does not start with a SIMPLE card');
  }
  return true;
}

function describeHdu(header: FitsHeader, index: number, headerOffset: number, dataOffset: number, file: string): ScannedHdu {
  const location = { file, hdu: index, offset: headerOffset };
  const first = header.cards[0];
  if (index > 0 && (first?.keyword !== 'XTENSION' || typeof first.value !== 'string')) {
    throw new FitsError(location, 'extension header does not start with an XTENSION card');
  }
  const layout = readLayout(header, location);
  const kind = classifyHdu(header, index);
  return { info: { index, kind, header, headerOffset, dataOffset, dataSize: layout.dataSize }, layout };
}

function checkDataPresent({ info }: ScannedHdu, available: number, file: string): void {
  if (available < info.dataSize) {
    throw new FitsError(
      { file, hdu: info.index, offset: info.dataOffset + Math.max(0, available) },
      `truncated data: the data unit needs ${info.dataSize} bytes from byte ${info.dataOffset}, the file has ${Math.max(0, available)}`,
    );
  }
}
