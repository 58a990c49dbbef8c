/** One tile of a tiled image: its place in the image and its (possibly clipped) shape, FITS axis order. */
export interface TileRegion {
  /** Zero-based tile number: the row of the compressed table that holds it. */
  readonly index: number;
  /** Pixel coordinates of the tile's first pixel, first axis first. */
  readonly start: readonly number[];
  /** The tile's shape; smaller than `ZTILEn` at the far edges of the image. */
  readonly shape: readonly number[];
  /** Pixels in the tile. */
  readonly size: number;
}

/** Number of tiles along each axis. */
export function tilesPerAxis(imageShape: readonly number[], tileShape: readonly number[]): number[] {
  return imageShape.map((axis, i) => Math.ceil(axis / (tileShape[i] ?? axis)));
}

/** Total number of tiles (0 for an empty image). */
export function tileCount(imageShape: readonly number[], tileShape: readonly number[]): number {
  if (imageShape.length === 0) return 0;
  return tilesPerAxis(imageShape, tileShape).reduce((product, n) => product * n, 1);
}

/** The tiles in table order: the first axis varies fastest. */
export function* iterateTiles(imageShape: readonly number[], tileShape: readonly number[]): Generator<TileRegion> {
  const counts = tilesPerAxis(imageShape, tileShape);
  const total = tileCount(imageShape, tileShape);
  const position = counts.map(() => 0);
  for (let index = 0; index < total; index++) {
    const start = position.map((p, i) => p * (tileShape[i] ?? 1));
    const shape = start.map((s, i) => Math.min(tileShape[i] ?? 1, (imageShape[i] ?? 0) - s));
    yield { index, start, shape, size: shape.reduce((product, n) => product * n, 1) };
    for (let axis = 0; axis < position.length; axis++) {
      position[axis] = (position[axis] ?? 0) + 1;
      if ((position[axis] as number) < (counts[axis] as number)) break;
      position[axis] = 0;
    }
  }
}

/**
 * Calls `copy` for each contiguous run of a tile in the image: `length` pixels from `tileOffset` in the
 * tile's own pixel order to `imageOffset` in the image's.
 */
export function forEachRun(tile: TileRegion, imageShape: readonly number[], copy: (imageOffset: number, tileOffset: number, length: number) => void): void {
  const width = tile.shape[0] ?? 0;
  if (tile.size === 0) return;
  const strides: number[] = [];
  let stride = 1;
  for (const axis of imageShape) {
    strides.push(stride);
    stride *= axis;
  }
  const rows = tile.size / width;
  const position = tile.shape.map(() => 0);
  for (let row = 0; row < rows; row++) {
    let imageOffset = 0;
    for (let axis = 0; axis < imageShape.length; axis++) imageOffset += ((tile.start[axis] ?? 0) + (position[axis] ?? 0)) * (strides[axis] ?? 0);
    copy(imageOffset, row * width, width);
    for (let axis = 1; axis < position.length; axis++) {
      position[axis] = (position[axis] ?? 0) + 1;
      if ((position[axis] as number) < (tile.shape[axis] as number)) break;
      position[axis] = 0;
    }
  }
}
