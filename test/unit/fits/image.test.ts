// Files written by these specs were read back with astropy 7 (`fits.open(...).verify('exception')`, no
// warnings) and gave the same dtypes, shapes and values, including the unsigned BZERO conventions.
import { describe, expect, it } from 'vitest';
import { FitsWriteError } from '../../../src/fits/errors.js';
import { parseFits, writeFits } from '../../../src/fits/fits-file.js';
import { isImageHdu, type Hdu } from '../../../src/fits/hdu.js';
import type { ImageHduSpec } from '../../../src/fits/hdu-spec.js';
import { FitsHeader } from '../../../src/fits/header.js';
import type { FitsImage } from '../../../src/fits/image.js';

function imageOf(hdu: Hdu | undefined): FitsImage {
  if (!hdu || !isImageHdu(hdu)) throw new Error('not an image HDU');
  return hdu.image();
}

function roundTrip(spec: ImageHduSpec, asExtension = false): FitsImage {
  const specs = asExtension ? [{ kind: 'image' as const }, spec] : [spec];
  const file = parseFits(writeFits(specs));
  return imageOf(file.hdus[asExtension ? 1 : 0]);
}

describe('image round trips', () => {
  const cases: [string, ImageHduSpec, number, string, number[]][] = [
    ['BITPIX 8', { kind: 'image', data: new Uint8Array([0, 1, 128, 255]) }, 8, 'Uint8Array', [0, 1, 128, 255]],
    ['BITPIX 16', { kind: 'image', data: new Int16Array([-32768, -1, 0, 32767]) }, 16, 'Int16Array', [-32768, -1, 0, 32767]],
    ['BITPIX 32', { kind: 'image', data: new Int32Array([-2147483648, -1, 0, 2147483647]) }, 32, 'Int32Array', [-2147483648, -1, 0, 2147483647]],
    ['BITPIX 64', { kind: 'image', data: new BigInt64Array([-(2n ** 63n), -1n, 0n, 2n ** 53n]) }, 64, 'BigInt64Array', [-(2 ** 63), -1, 0, 2 ** 53]],
    ['BITPIX -32', { kind: 'image', data: new Float32Array([1.5, Number.NaN, Number.NEGATIVE_INFINITY, -0]) }, -32, 'Float32Array', [1.5, Number.NaN, Number.NEGATIVE_INFINITY, -0]],
    ['BITPIX -64', { kind: 'image', data: new Float64Array([Math.PI, Number.NaN, 1e-300, Number.MAX_VALUE]) }, -64, 'Float64Array', [Math.PI, Number.NaN, 1e-300, Number.MAX_VALUE]],
  ];

  it.each(cases)('%s, primary and extension', (_name, spec, bitpix, arrayType, physical) => {
    for (const asExtension of [false, true]) {
      const image = roundTrip(spec, asExtension);
      expect(image.bitpix).toBe(bitpix);
      expect(image.data.constructor.name).toBe(arrayType);
      expect(image.data).toEqual(spec.data);
      expect(image.isScaled).toBe(false);
      expect([...image.physical()]).toEqual(physical);
    }
  });

  it('returns a Float32Array of physical values for unscaled BITPIX -32', () => {
    expect(roundTrip({ kind: 'image', data: new Float32Array([0.1]) }).physical()).toBeInstanceOf(Float32Array);
  });

  it.each([
    ['Int8Array', new Int8Array([-128, 0, 127]), 8, -128, [-128, 0, 127]],
    ['Uint16Array', new Uint16Array([0, 1, 32768, 65535]), 16, 32768, [0, 1, 32768, 65535]],
    ['Uint32Array', new Uint32Array([0, 1, 2147483648, 4294967295]), 32, 2147483648, [0, 1, 2147483648, 4294967295]],
    ['BigUint64Array', new BigUint64Array([0n, 5n, 2n ** 63n]), 64, 9223372036854775808n, [0, 5, 2 ** 63]],
  ] as const)('writes %s with the BZERO offset convention', (_name, data, bitpix, bzero, physical) => {
    const bytes = writeFits([{ kind: 'image', data }]);
    const image = imageOf(parseFits(bytes).hdus[0]);
    const header = parseFits(bytes).hdus[0]?.header;
    expect(image.bitpix).toBe(bitpix);
    expect(header?.get('BZERO')).toBe(bzero);
    expect(header?.get('BSCALE')).toBe(1);
    expect([...image.physical()]).toEqual(physical);
  });

  it('stores the sign-flipped values for the unsigned convention', () => {
    const image = roundTrip({ kind: 'image', data: new Uint16Array([0, 32768, 65535]) });
    expect([...image.data]).toEqual([-32768, 0, 32767]);
    expect(image.scaling).toEqual({ bscale: 1, bzero: 32768 });
  });

  it('applies explicit BSCALE/BZERO and BLANK', () => {
    const image = roundTrip({ kind: 'image', data: new Int16Array([-5, 0, 5, -32768]), bscale: 0.5, bzero: 100, blank: -32768 }, true);
    expect([...image.data]).toEqual([-5, 0, 5, -32768]);
    expect(image.scaling).toEqual({ bscale: 0.5, bzero: 100, blank: -32768 });
    expect([...image.physical()]).toEqual([97.5, 100, 102.5, Number.NaN]);
  });

  it('applies BLANK to 8, 32 and 64-bit integers and ignores it for floats', () => {
    expect([...roundTrip({ kind: 'image', data: new Uint8Array([1, 255]), blank: 255 }).physical()]).toEqual([1, Number.NaN]);
    expect([...roundTrip({ kind: 'image', data: new Int32Array([7, -1]), blank: -1 }).physical()]).toEqual([7, Number.NaN]);
    expect([...roundTrip({ kind: 'image', data: new BigInt64Array([7n, -(2n ** 63n)]), blank: -(2n ** 63n) }).physical()]).toEqual([7, Number.NaN]);
    const header = new FitsHeader().set('BLANK', 3);
    const file = parseFits(writeFits([{ kind: 'image', data: new Float32Array([3]), header }]));
    expect(file.hdus[0]?.header.get('BLANK')).toBeUndefined();
  });

  it('scales float data too', () => {
    const image = roundTrip({ kind: 'image', data: new Float32Array([1, 2]), bscale: 2, bzero: -1 });
    expect(image.physical()).toEqual(new Float64Array([1, 3]));
  });

  it.each([
    [[], undefined],
    [[5], new Int16Array([1, 2, 3, 4, 5])],
    [[3, 2], new Int32Array([1, 2, 3, 4, 5, 6])],
    [[2, 2, 2], new Float64Array([1, 2, 3, 4, 5, 6, 7, 8])],
    [[4, 0], new Uint8Array(0)],
  ] as const)('keeps shape %j', (shape, data) => {
    const image = roundTrip({ kind: 'image', shape, ...(data ? { data } : {}) });
    expect(image.shape).toEqual(shape);
    expect(image.data.length).toBe(data?.length ?? 0);
    if (data) expect([...image.data]).toEqual([...data]);
  });

  it('writes an empty primary HDU with the requested BITPIX', () => {
    const file = parseFits(writeFits([{ kind: 'image', bitpix: 16 }]));
    expect(file.hdus[0]?.header.get('BITPIX')).toBe(16);
    expect(file.hdus[0]?.dataSize).toBe(0);
  });

  it('rejects inconsistent specs', () => {
    expect(() => writeFits([{ kind: 'image', data: new Int16Array(6), shape: [4, 2] }])).toThrow(/has 8 elements, data has 6/);
    expect(() => writeFits([{ kind: 'image', data: new Uint16Array(2), bzero: 5 }])).toThrow(/Uint16Array is written with BZERO 32768/);
    expect(() => writeFits([{ kind: 'image', data: new Float32Array(2), blank: 1 }])).toThrow(/BLANK is only allowed for integer data/);
    expect(() => writeFits([{ kind: 'image', data: new Int16Array(2), shape: [-2] }])).toThrow(/bad image shape/);
    expect(() => writeFits([])).toThrow(FitsWriteError);
  });
});

describe('image headers', () => {
  it('writes the structural keywords like astropy, then scaling keywords, then the given cards', () => {
    const header = new FitsHeader().set('BITPIX', 99).set('OBJECT', 'M31').set('NAXIS3', 7).set('EXTEND', false).append('HISTORY', 'kept');
    const bytes = writeFits([{ kind: 'image' }, { kind: 'image', data: new Uint16Array([1, 2, 3, 4, 5, 6]), shape: [3, 2], header }]);
    const text = bytes.subarray(2880, 2880 * 2).toString('latin1');
    const cards = text.match(/.{80}/g)?.map((card) => card.trimEnd());
    expect(cards?.slice(0, 12)).toEqual([
      "XTENSION= 'IMAGE   '           / Image extension",
      'BITPIX  =                   16 / array data type',
      'NAXIS   =                    2 / number of array dimensions',
      'NAXIS1  =                    3',
      'NAXIS2  =                    2',
      'PCOUNT  =                    0 / number of parameters',
      'GCOUNT  =                    1 / number of groups',
      'BSCALE  =                    1',
      'BZERO   =                32768',
      "OBJECT  = 'M31     '",
      'HISTORY kept',
      'END',
    ]);
  });

  it('keeps scaling keywords where the given header has them, and drops those the data does not use', () => {
    const source = parseFits(writeFits([{ kind: 'image', data: new Uint16Array([7]) }]));
    const header = new FitsHeader().set('OBJECT', 'first').set('BZERO', 1, 'offset').set('BLANK', 5).set('BSCALE', 1);
    const rewritten = parseFits(writeFits([{ kind: 'image', data: new Uint16Array([7]), header }])).hdus[0]?.header;
    expect(rewritten?.cards.map((c) => c.keyword)).toEqual(['SIMPLE', 'BITPIX', 'NAXIS', 'NAXIS1', 'EXTEND', 'OBJECT', 'BZERO', 'BSCALE']);
    expect(rewritten?.getCard('BZERO')).toMatchObject({ value: 32768, comment: 'offset' });
    expect(source.hdus[0]?.header.get('BZERO')).toBe(32768);
  });
});
