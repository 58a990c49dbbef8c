import { describe, expect, it } from 'vitest';
import { forEachRun, iterateTiles, tileCount } from '../../../../src/fits/compression/tile-grid.js';

describe('tile grid', () => {
  it('walks tiles first axis fastest, clipping edge tiles', () => {
    const tiles = [...iterateTiles([5, 3], [2, 2])];
    expect(tileCount([5, 3], [2, 2])).toBe(6);
    expect(tiles.map((tile) => [tile.index, tile.start, tile.shape])).toEqual([
      [0, [0, 0], [2, 2]],
      [1, [2, 0], [2, 2]],
      [2, [4, 0], [1, 2]],
      [3, [0, 2], [2, 1]],
      [4, [2, 2], [2, 1]],
      [5, [4, 2], [1, 1]],
    ]);
    expect(tileCount([], [])).toBe(0);
    expect(tileCount([4, 0], [2, 1])).toBe(0);
  });

  it('maps each tile row to its place in the image', () => {
    const runs: number[][] = [];
    const tile = [...iterateTiles([5, 3, 2], [2, 2, 2])][4];
    if (!tile) throw new Error('no tile 4');
    forEachRun(tile, [5, 3, 2], (imageOffset, tileOffset, length) => runs.push([imageOffset, tileOffset, length]));
    // tile 4 starts at (2, 2, 0) and is 2 × 1 × 2
    expect(runs).toEqual([
      [12, 0, 2],
      [27, 2, 2],
    ]);
  });
});
