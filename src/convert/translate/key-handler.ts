/**
 * What one translation rule writes into the Gen3 data ID (obs_base `KeyHandler`s), as plain data.
 *
 * - `constant`: `dimension` = `value`.
 * - `instrument`: `instrument` = the instrument being converted.
 * - `copy`: `dimension` = Gen2 `gen2Key`, cast to `int` or `string`, optionally through the
 *   instrument's filter map (`physical-to-band`, `band-to-physical`).
 * - `skymap`: `skymap` = the Gen3 skymap name of the translation context.
 * - `patch-index`: `patch` = `nx * y + x` from the Gen2 `"x,y"` (nx of the tract, from the context).
 */
export type KeyHandler =
  | { readonly kind: 'constant'; readonly dimension: string; readonly value: string | number }
  | { readonly kind: 'instrument' }
  | { readonly kind: 'copy'; readonly gen2Key: string; readonly dimension: string; readonly type: 'int' | 'string'; readonly filterMap?: 'physical-to-band' | 'band-to-physical' }
  | { readonly kind: 'skymap' }
  | { readonly kind: 'patch-index' };

/** The Gen3 dimension a handler writes. */
export function handlerDimension(handler: KeyHandler): string {
  switch (handler.kind) {
    case 'constant':
    case 'copy':
      return handler.dimension;
    case 'instrument':
      return 'instrument';
    case 'skymap':
      return 'skymap';
    case 'patch-index':
      return 'patch';
  }
}
