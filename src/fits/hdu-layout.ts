import { isBitpix, type Bitpix } from './bitpix.js';
import { describeValue } from './card.js';
import { FitsError, type FitsLocation } from './errors.js';
import type { FitsHeader } from './header.js';

/** The structural keywords of an HDU and the size of its data unit. */
export interface HduLayout {
  readonly bitpix: Bitpix;
  /** `NAXIS1`…`NAXISn` (FITS order: the first axis varies fastest). */
  readonly axes: readonly number[];
  readonly pcount: number;
  readonly gcount: number;
  /** Primary HDU in the random-groups format (`NAXIS1 = 0`, `GROUPS = T`). */
  readonly randomGroups: boolean;
  /** Data size in bytes before padding: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn). */
  readonly dataSize: number;
}

const MAX_NAXIS = 999;

/**
 * Reads and checks `BITPIX`, `NAXIS`, `NAXISn`, `PCOUNT`, `GCOUNT` and computes the data size.
 * @param location the HDU (its header offset), for error messages.
 * @throws FitsError when a structural keyword is missing or invalid.
 */
export function readLayout(header: FitsHeader, location: Required<FitsLocation>): HduLayout {
  const fail: (message: string) => never = (message) => {
    throw new FitsError(location, message);
  };
  const bitpix = header.get('BITPIX');
  if (bitpix === undefined) fail('missing BITPIX keyword');
  if (!isBitpix(bitpix)) fail(`bad BITPIX ${describeValue(bitpix)} (expected 8, 16, 32, 64, -32 or -64)`);
  const naxis = integerKeyword(header, 'NAXIS', fail, { min: 0, max: MAX_NAXIS });
  const axes: number[] = [];
  for (let n = 1; n <= naxis; n++) axes.push(integerKeyword(header, `NAXIS${n}`, fail, { min: 0 }));
  const extension = location.hdu > 0;
  const pcount = header.has('PCOUNT') ? integerKeyword(header, 'PCOUNT', fail, { min: 0 }) : 0;
  const gcount = header.has('GCOUNT') ? integerKeyword(header, 'GCOUNT', fail, { min: 0 }) : 1;
  const randomGroups = !extension && naxis > 0 && axes[0] === 0 && header.get('GROUPS') === true;

  const counted = randomGroups ? axes.slice(1) : axes;
  const elements = naxis === 0 ? 0n : counted.reduce((product, axis) => product * BigInt(axis), 1n);
  const size = (BigInt(Math.abs(bitpix)) / 8n) * BigInt(gcount) * (BigInt(pcount) + elements);
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) fail(`data size ${size} bytes is too large`);
  return { bitpix, axes, pcount, gcount, randomGroups, dataSize: Number(size) };
}

function integerKeyword(header: FitsHeader, key: string, fail: (message: string) => never, range: { min: number; max?: number }): number {
  const value = header.get(key);
  if (value === undefined) return fail(`missing ${key} keyword`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || (range.max !== undefined && value > range.max)) {
    return fail(`bad ${key} ${describeValue(value)} (expected an integer${range.max === undefined ? ` >= ${range.min}` : ` from ${range.min} to ${range.max}`})`);
  }
  return value;
}
