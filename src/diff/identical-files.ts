import { open, type FileHandle } from 'node:fs/promises';
import { readFitsHeaders } from '../fits/fits-file.js';
import { readLayout } from '../fits/hdu-layout.js';
import { readScaling } from '../fits/image.js';
import type { FitsDiffOptions } from './fits-diff-options.js';
import type { HduDataDiff } from './hdu-diff.js';
import { hasData, viewHduInfo, type HduView } from './hdu-view.js';
import { countNonFinite, identicalImageDiff, type StoredImage } from './image-diff.js';

/** Bytes read from each file at a time. */
const CHUNK = 1 << 20;

/** The pixels of one image HDU, and (for float images) where they are in the file. */
interface PlannedImage {
  readonly index: number;
  readonly image: Omit<StoredImage, 'bytes'>;
  /** Float images: the byte range of the pixels, whose NaN/±inf are counted while comparing. */
  readonly floats?: { readonly start: number; readonly end: number; readonly size: 4 | 8 };
  nonFinite: number;
}

/** The HDUs of two byte-identical files, with the data comparison of each already known. */
export interface IdenticalFiles {
  readonly views: readonly HduView[];
  /** The data diff of the HDU at each index, as the general comparison would find it. */
  data(view: HduView, extensionTypesDiffer: boolean, options: FitsDiffOptions): HduDataDiff | undefined;
}

/**
 * Whether two uncompressed files holding only images are byte for byte identical, found by streaming both
 * through small buffers (no whole-file copies in memory): then every HDU equals itself and its data diff
 * follows from its header and from how many of its pixels are non-finite, counted on the way.
 * Undefined whenever that does not apply (different bytes or sizes, gzip, tables, tile-compressed or
 * scaled images, images compared as masks, unreadable or invalid files): the caller then compares the
 * files in full, which also reports the errors.
 */
export async function identicalImageFiles(pathA: string, pathB: string, options: FitsDiffOptions): Promise<IdenticalFiles | undefined> {
  let a: FileHandle | undefined;
  let b: FileHandle | undefined;
  try {
    a = await open(pathA, 'r');
    b = await open(pathB, 'r');
    const [statA, statB] = await Promise.all([a.stat(), b.stat()]);
    if (!statA.isFile() || !statB.isFile() || statA.size !== statB.size || statA.size === 0) return undefined;
    const headers = await readFitsHeaders(pathA);
    if (headers.gzipped) return undefined;
    const planned: PlannedImage[] = [];
    for (const info of headers.hdus) {
      if (info.kind !== 'primary' && info.kind !== 'image') return undefined;
      if (!hasData(info.header)) continue;
      const location = { file: pathA, hdu: info.index, offset: info.headerOffset };
      const layout = readLayout(info.header, location);
      if (layout.randomGroups) return undefined;
      const scaling = readScaling(info.header, layout.bitpix, location);
      if (scaling.bscale !== 1 || scaling.bzero !== 0 || scaling.blank !== undefined) return undefined;
      if (layout.bitpix > 0 && options.masks !== 'none') return undefined;
      const image = { bitpix: layout.bitpix, shape: layout.axes, scaling };
      const size: 4 | 8 | undefined = layout.bitpix === -32 ? 4 : layout.bitpix === -64 ? 8 : undefined;
      const pixels = layout.axes.reduce((product, axis) => product * axis, 1);
      const floats = size === undefined ? undefined : { start: info.dataOffset, end: info.dataOffset + pixels * size, size };
      planned.push({ index: info.index, image, ...(floats ? { floats } : {}), nonFinite: 0 });
    }
    if (!(await sameBytes(a, b, statA.size, planned))) return undefined;
    const byIndex = new Map(planned.map((p) => [p.index, p]));
    return {
      views: headers.hdus.map(viewHduInfo),
      data: (view, extensionTypesDiffer, opts) => {
        const plan = byIndex.get(view.index);
        if (!plan || extensionTypesDiffer) return undefined;
        return identicalImageDiff(plan.image, plan.nonFinite, { tolerance: opts.tolerance, nonFinite: opts.nonFinite, maxReportedPixels: opts.maxReportedValues });
      },
    };
  } catch {
    return undefined;
  } finally {
    await Promise.all([a?.close(), b?.close()]);
  }
}

/**
 * Compares the files chunk by chunk; counts the non-finite pixels of the planned float images on the way.
 * The next chunk is read while the current one is compared (two buffer pairs).
 */
async function sameBytes(a: FileHandle, b: FileHandle, size: number, planned: readonly PlannedImage[]): Promise<boolean> {
  const pairs = [0, 1].map(() => [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)] as const);
  const readChunk = (position: number, pair: readonly [Buffer, Buffer]): Promise<[number, number]> => {
    const length = Math.min(CHUNK, size - position);
    return Promise.all([readFully(a, pair[0], length, position), readFully(b, pair[1], length, position)]);
  };
  let pending = readChunk(0, pairs[0] as readonly [Buffer, Buffer]);
  for (let position = 0, turn = 0; position < size; position += CHUNK, turn ^= 1) {
    const [bufferA, bufferB] = pairs[turn] as readonly [Buffer, Buffer];
    const length = Math.min(CHUNK, size - position);
    const [readA, readB] = await pending;
    if (position + CHUNK < size) pending = readChunk(position + CHUNK, pairs[turn ^ 1] as readonly [Buffer, Buffer]);
    if (readA !== length || readB !== length || bufferA.compare(bufferB, 0, length, 0, length) !== 0) {
      await pending.catch(() => undefined); // let the read in flight finish before the files are closed
      return false;
    }
    for (const plan of planned) {
      const floats = plan.floats;
      if (!floats) continue;
      const start = Math.max(floats.start, position);
      const end = Math.min(floats.end, position + length);
      if (start >= end) continue;
      plan.nonFinite += countNonFinite(bufferA.subarray(start - position, end - position), floats.size, (end - start) / floats.size);
    }
  }
  return true;
}

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
