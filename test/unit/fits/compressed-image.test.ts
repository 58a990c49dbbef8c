// Expected values were computed with astropy 7: the Z* keywords of the fixtures, and the image header of
// the synthetic table below from `astropy.io.fits.hdu.compressed.header._bintable_header_to_image_header`.
import { describe, expect, it } from 'vitest';
import { compressedImageHeader, readTileCompression } from '../../../src/fits/compressed-image.js';
import { readFitsHeaders } from '../../../src/fits/fits-file.js';
import type { HduInfo } from '../../../src/fits/hdu.js';
import { FitsHeader } from '../../../src/fits/header.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';

const location = { file: 'z.fits', hdu: 1, offset: 2880 };

function synthetic(): FitsHeader {
  return new FitsHeader()
    .set('XTENSION', 'BINTABLE', 'binary table extension').set('BITPIX', 8).set('NAXIS', 2).set('NAXIS1', 8).set('NAXIS2', 10).set('PCOUNT', 100).set('GCOUNT', 1)
    .set('TFIELDS', 1).set('TTYPE1', 'COMPRESSED_DATA').set('TFORM1', '1PB(20)')
    .set('ZIMAGE', true, 'extension contains compressed image').set('ZTENSION', 'IMAGE', 'Image extension').set('ZBITPIX', 16, 'data type of original image')
    .set('ZNAXIS', 2, 'dimension of original image').set('ZNAXIS1', 100, 'length of original image axis').set('ZNAXIS2', 10, 'length of original image axis')
    .set('ZPCOUNT', 0).set('ZGCOUNT', 1).set('ZTILE1', 100).set('ZTILE2', 1).set('ZCMPTYPE', 'RICE_1').set('ZNAME1', 'BLOCKSIZE').set('ZVAL1', 32)
    .set('ZNAME2', 'BYTEPIX').set('ZVAL2', 2).set('ZQUANTIZ', 'SUBTRACTIVE_DITHER_1').set('ZDITHER0', 42).set('ZBLANK', -32768)
    .set('EXTNAME', 'COMPRESSED_IMAGE').set('OBJECT', 'synthetic').set('BZERO', 32768, 'offset').set('BSCALE', 1)
    .set('ZHECKSUM', 'abcdefgh', 'image checksum').set('ZDATASUM', '12345').set('CHECKSUM', 'tablesum').set('DATASUM', '999')
    .append('HISTORY', 'made up').append('COMMENT', 'last');
}

describe('tile compression keywords', () => {
  it('reads the Z* keywords', () => {
    expect(readTileCompression(synthetic(), location)).toEqual({
      algorithm: 'RICE_1',
      bitpix: 16,
      shape: [100, 10],
      tile: [100, 1],
      parameters: new Map([['BLOCKSIZE', 32], ['BYTEPIX', 2]]),
      quantize: 'SUBTRACTIVE_DITHER_1',
      dither0: 42,
      blank: -32768,
    });
  });

  it('defaults to row-by-row tiles', () => {
    const header = synthetic();
    header.delete('ZTILE1');
    header.delete('ZTILE2');
    expect(readTileCompression(header, location).tile).toEqual([100, 1]);
  });

  it('rejects missing or bad keywords', () => {
    const without = (key: string) => {
      const header = synthetic();
      header.delete(key);
      return () => readTileCompression(header, location);
    };
    expect(without('ZCMPTYPE')).toThrow('z.fits (HDU 1, byte 2880): missing or bad ZCMPTYPE keyword');
    expect(without('ZNAXIS2')).toThrow(/missing ZNAXIS2 keyword/);
    expect(() => readTileCompression(synthetic().set('ZBITPIX', 12), location)).toThrow(/bad ZBITPIX 12/);
    expect(() => readTileCompression(synthetic().set('ZTILE1', 0), location)).toThrow(/bad ZTILE1 0/);
  });
});

describe('compressedImageHeader', () => {
  it('rebuilds the image header as astropy does', () => {
    const text = compressedImageHeader(synthetic()).toBuffer().toString('latin1');
    expect(text.match(/.{80}/g)?.map((card) => card.trimEnd()).filter(Boolean)).toEqual([
      "XTENSION= 'IMAGE   '           / Image extension",
      'BITPIX  =                   16 / data type of original image',
      'NAXIS   =                    2 / dimension of original image',
      'NAXIS1  =                  100 / length of original image axis',
      'NAXIS2  =                   10 / length of original image axis',
      'PCOUNT  =                    0',
      'GCOUNT  =                    1',
      "OBJECT  = 'synthetic'",
      'BSCALE  =                    1',
      'BZERO   =                32768',
      "CHECKSUM= 'abcdefgh'           / image checksum",
      "DATASUM = '12345   '",
      'BLANK   =               -32768',
      'HISTORY made up',
      'COMMENT last',
      'END',
    ]);
  });
});

describeFixtures('compressed images in the fixtures', () => {
  async function hdu(file: string, index: number): Promise<HduInfo> {
    const info = (await readFitsHeaders(fixture(file))).hdus[index];
    if (!info) throw new Error(`${file} has no HDU ${index}`);
    return info;
  }

  it('reads the Z* keywords of a GZIP_2 float calib and a RICE_1 raw', async () => {
    const bias = await hdu('obs_lsst_gen2/data/input/latiss/CALIB/bias/2018-09-21/bias-det000_2018-09-21.fits', 1);
    expect(bias.kind).toBe('compressed-image');
    expect(readTileCompression(bias.header, location)).toEqual({ algorithm: 'GZIP_2', bitpix: -32, shape: [4072, 4000], tile: [4072, 1], parameters: new Map(), quantize: 'NONE' });
    const raw = await hdu('obs_lsst_gen2/data/input/imsim/raw/204595/R11/00204595-R11-S20-det042.fits', 1);
    expect(readTileCompression(raw.header, location)).toEqual({ algorithm: 'RICE_1', bitpix: 32, shape: [544, 2048], tile: [544, 1], parameters: new Map([['BLOCKSIZE', 32], ['BYTEPIX', 4]]) });
  });
});
