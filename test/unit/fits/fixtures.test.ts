// Expected values (structure, pixel statistics, header values) were computed with astropy 7; see
// fixture-facts.ts for how.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFits, readFitsHeaders, writeFits, type FitsFile } from '../../../src/fits/fits-file.js';
import { rawSpecOf } from '../../../src/fits/fits-writer.js';
import type { BinTable } from '../../../src/fits/bintable.js';
import { isImageHdu, type Hdu } from '../../../src/fits/hdu.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { FIXTURE_FACTS, IMAGE_HEADER_DIGESTS, TABLE_DIGESTS, type PixelStats } from './fixture-facts.js';

function stats(hdu: Hdu): PixelStats | undefined {
  if (!isImageHdu(hdu) || hdu.dataSize === 0) return undefined;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = 0;
  for (const value of hdu.image().physical()) {
    if (Number.isNaN(value)) nan++;
    else {
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return { sum, min, max, nan };
}

const sha = (...parts: Buffer[]): string => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest('hex').slice(0, 16);

function float64BE(values: ArrayLike<number | bigint>): Buffer {
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) bytes.writeDoubleBE(Number(values[i]), i * 8);
  return bytes;
}

/** The column digest defined in fixture-facts.ts. */
function columnDigest(table: BinTable, name: string): string {
  const data = table.read(name);
  switch (data.kind) {
    case 'variable': {
      if (data.values.every((row) => typeof row === 'string')) {
        const rows = data.values as string[];
        return `vA:${sha(Buffer.from(rows.join('\n'), 'latin1'))}:${rows.slice(0, 3).map((row) => row.length).join(',')}`;
      }
      const rows = data.values as ArrayLike<number | bigint>[];
      return `v:${sha(...rows.map(float64BE))}:${rows.slice(0, 3).map((row) => row.length).join(',')}`;
    }
    case 'bits':
      return `X:${sha(Buffer.from(data.values))}`;
    case 'string':
      return `A:${sha(Buffer.from(data.values.join('\n'), 'latin1'))}`;
    default:
      return `n:${sha(float64BE(table.physical(name)))}`;
  }
}

function fileBytes(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

describeFixtures('real FITS files from the fixtures', () => {
  describe.each(FIXTURE_FACTS)('$file', ({ file, gzipped, hdus: expected }) => {
    let fits: FitsFile;

    it('has the HDUs astropy finds, at the same offsets', async () => {
      fits = await readFits(fixture(file));
      expect(fits.gzipped).toBe(gzipped);
      expect(fits.trailingBytes).toBe(0);
      expect(fits.hdus.map((hdu) => [hdu.kind, hdu.header.cards.length, hdu.headerOffset, hdu.dataOffset, hdu.dataSize])).toEqual(
        expected.map(([kind, cards, headerOffset, dataOffset, dataSize]) => [kind, cards, headerOffset, dataOffset, dataSize]),
      );
    });

    it('has the pixel statistics astropy computes', () => {
      for (const [index, hdu] of fits.hdus.entries()) {
        const want = expected[index]?.[5];
        const got = stats(hdu);
        if (!want) {
          expect(got === undefined || hdu.dataSize === 0).toBe(true);
          continue;
        }
        expect(got?.nan).toBe(want.nan);
        expect(got?.min).toBe(want.min);
        expect(got?.max).toBe(want.max);
        expect(got?.sum).toBeCloseTo(want.sum, 6);
      }
    });

    it('writes every header and the whole file back byte for byte', () => {
      const bytes = fileBytes(fixture(file));
      for (const hdu of fits.hdus) expect(hdu.header.toBuffer().equals(bytes.subarray(hdu.headerOffset, hdu.dataOffset))).toBe(true);
      expect(writeFits(fits.hdus.map(rawSpecOf)).equals(bytes)).toBe(true);
    });

    it('has the binary-table values astropy reads', () => {
      for (const hdu of fits.hdus) {
        const expected = TABLE_DIGESTS[`${file}#${hdu.index}`];
        if (!expected) continue;
        if (hdu.kind !== 'bintable' && hdu.kind !== 'compressed-image') throw new Error(`HDU ${hdu.index} is ${hdu.kind}`);
        const table = hdu.table();
        const lines = table.columns.map((column) => `${column.name}=${columnDigest(table, column.name)}`);
        expect({ columns: lines.length, digest: sha(Buffer.from(lines.join('\n'), 'latin1')) }).toEqual(expected);
      }
    });

    it('rebuilds the image header of compressed images as astropy does', () => {
      for (const hdu of fits.hdus) {
        if (hdu.kind !== 'compressed-image') continue;
        expect(sha(hdu.imageHeader().toBuffer())).toBe(IMAGE_HEADER_DIGESTS[`${file}#${hdu.index}`]);
        expect(hdu.compression().shape).toEqual([hdu.imageHeader().get('NAXIS1'), hdu.imageHeader().get('NAXIS2')]);
      }
    });

    it('reads the same headers without the data', async () => {
      const headers = await readFitsHeaders(fixture(file));
      expect(headers.gzipped).toBe(gzipped);
      expect(headers.hdus.map((hdu) => [hdu.kind, hdu.header.cards, hdu.headerOffset, hdu.dataOffset, hdu.dataSize])).toEqual(
        fits.hdus.map((hdu) => [hdu.kind, hdu.header.cards, hdu.headerOffset, hdu.dataOffset, hdu.dataSize]),
      );
    });
  });
});

describeFixtures('header values of real files (astropy)', () => {
  async function headerOf(file: string, index: number) {
    const hdu = (await readFitsHeaders(fixture(file))).hdus[index];
    if (!hdu) throw new Error(`${file} has no HDU ${index}`);
    return hdu.header;
  }

  it('obs_test raw_v1_fg.fits.gz (gzip, unsigned 16-bit)', async () => {
    const fits = await readFits(fixture('obs_test/data/input/raw/raw_v1_fg.fits.gz'));
    const hdu = fits.hdus[0];
    if (!hdu || !isImageHdu(hdu)) throw new Error('expected an image');
    const header = hdu.header;
    expect([header.get('CTYPE1'), header.get('CRPIX1'), header.get('CD1_1'), header.get('OBSID'), header.get('MJD-OBS')]).toEqual(['RA---TAN', 6261, 5.151818e-5, 890104911, 51195.2035520278]);
    expect([header.get('DITHER'), header.get('OUTFILE'), header.get('FILTER'), header.get('EXPTIME')]).toEqual([true, 'imsim_890104911_R22_S00_E000', 'g', 15]);
    expect(header.get('COMMENT')).toBe("  FITS (Flexible Image Transport System) format is defined in 'Astronomy");
    const image = hdu.image();
    expect(image.shape).toEqual([1026, 2000]);
    expect(image.data).toBeInstanceOf(Int16Array);
    expect(image.scaling).toEqual({ bscale: 1, bzero: 32768 });
    const physical = image.physical();
    expect([physical[0], physical[1000 * 1026 + 500], physical[1025], physical[physical.length - 1]]).toEqual([966, 1165, 1224, 1206]);
  });

  it('obs_test defects.fits, the whole table', async () => {
    const hdu = (await readFits(fixture('obs_test/data/input/defects/defects.fits'))).hdus[1];
    if (hdu?.kind !== 'bintable') throw new Error('expected a binary table');
    const table = hdu.table();
    expect([table.rowCount, table.rowLength]).toEqual([504, 60]);
    expect(table.columns.map(({ name, tform, unit }) => [name, tform, unit])).toEqual([
      ['X', '1D', 'pix'],
      ['Y', '1D', 'pix'],
      ['SHAPE', '16A', undefined],
      ['R', '2D', 'pix'],
      ['ROTANG', '1D', 'deg'],
      ['COMPONENT', '1J', undefined],
    ]);
    const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0);
    expect(['X', 'Y', 'R', 'ROTANG', 'COMPONENT'].map((name) => sum(table.physical(name)))).toEqual([257488, 523248, 1868, 0, 126756]);
    const shapes = table.read('SHAPE').values as string[];
    expect([shapes.filter((shape) => shape === 'POINT').length, shapes.indexOf('BOX')]).toEqual([503, 237]);
    const row = (i: number) => table.columns.map((column) => {
      const data = table.read(column.name);
      const repeat = column.format.repeat;
      return data.kind === 'string' ? data.values[i] : repeat === 1 ? Number(data.values[i]) : Array.from(data.values.slice(i * repeat, (i + 1) * repeat) as ArrayLike<number>);
    });
    expect([row(0), row(1), row(2), row(237), row(503)]).toEqual([
      [152, 6, 'POINT', [1, 1], 0, 0],
      [475, 8, 'POINT', [1, 1], 0, 1],
      [158, 10, 'POINT', [1, 1], 0, 2],
      [849, 1431, 'BOX', [1, 861], 0, 237],
      [247, 1999, 'POINT', [1, 1], 0, 503],
    ]);
    const r = table.physical('R');
    expect([sum(r.filter((_, i) => i % 2 === 0)), sum(r.filter((_, i) => i % 2 === 1))]).toEqual([504, 1364]);
  });

  it('obs_test defects.fits (binary table with HIERARCH cards)', async () => {
    const primary = await headerOf('obs_test/data/input/defects/defects.fits', 0);
    expect([primary.get('BITPIX'), primary.get('NAXIS')]).toEqual([16, 0]);
    const table = await headerOf('obs_test/data/input/defects/defects.fits', 1);
    expect([table.get('XTENSION'), table.get('TFIELDS'), table.get('TTYPE1'), table.get('TFORM1'), table.get('NAXIS1'), table.get('NAXIS2')]).toEqual(['BINTABLE', 6, 'X', '1D', 60, 504]);
    expect([table.get('CALIBDATE'), table.get('HIERARCH DEFECTTYPE'), table.get('calib_creation_date')]).toEqual(['1970-01-01T00:00:00', 'BADPIXEL', '2019-06-12']);
    expect(table.get('FILTER')).toBeNull();
  });

  it('latiss raw (a gzip stream named .fits, 19 HDUs)', async () => {
    const primary = await headerOf('obs_lsst_gen2/data/input/latiss/raw/2018-09-20/3018092000065-det000.fits', 0);
    expect([primary.get('INSTRUME'), primary.get('DATE-OBS'), primary.get('EXPTIME'), primary.get('OBSID'), primary.get('IMGTYPE')]).toEqual(['LSST_ATISS', '2018-09-21T06:12:18.210', 27, 'AT_C_20180920_000065', undefined]);
    const segment = await headerOf('obs_lsst_gen2/data/input/latiss/raw/2018-09-20/3018092000065-det000.fits', 1);
    expect([segment.get('EXTNAME'), segment.get('DATASEC'), segment.get('BZERO'), segment.get('BSCALE')]).toEqual(['Segment10', '[4:512,1:2000]', 0, 1]);
  });

  it('latiss CALIB bias (tile-compressed HDUs, HIERARCH strings)', async () => {
    const file = 'obs_lsst_gen2/data/input/latiss/CALIB/bias/2018-09-21/bias-det000_2018-09-21.fits';
    const primary = await headerOf(file, 0);
    expect([primary.get('CALIB_INPUT_0'), primary.get('CALIB_CREATION_TIME'), primary.get('OBSTYPE')]).toEqual(['(5700028,)', '10:43:36 CST', 'bias']);
    const compressed = await headerOf(file, 1);
    expect(['ZIMAGE', 'ZBITPIX', 'ZNAXIS1', 'ZNAXIS2', 'ZCMPTYPE', 'TFORM1', 'EXTTYPE'].map((key) => compressed.get(key))).toEqual([true, -32, 4072, 4000, 'GZIP_2', '1PB(107)', 'IMAGE']);
  });

  it('imsim raw (RICE-compressed segments)', async () => {
    const file = 'obs_lsst_gen2/data/input/imsim/raw/204595/R11/00204595-R11-S20-det042.fits';
    const primary = await headerOf(file, 0);
    expect([primary.get('OBSID'), primary.get('MJD-OBS'), primary.get('TESTTYPE')]).toEqual([204595, 59857.28711061111, 'IMSIM']);
    const segment = await headerOf(file, 1);
    expect(['EXTNAME', 'ZCMPTYPE', 'ZBITPIX', 'ZNAXIS1', 'ZNAXIS2', 'DATASEC'].map((key) => segment.get(key))).toEqual(['Segment10', 'RICE_1', 32, 544, 2048, '[4:512,1:2000]']);
  });

  it('ucd raw (empty float images with BZERO, BSCALE = 0 in the primary, numbers as strings)', async () => {
    const file = 'obs_lsst_gen2/data/input/ucd/raw/2018-12-05/20181205233148-S00-det000.fits';
    const primary = await headerOf(file, 0);
    expect(['BSCALE', 'EXPTIME', 'MJD', 'MONDIODE', 'DATE'].map((key) => primary.get(key))).toEqual([0, '0.5', '58457.98042', 1.2713e-10, 'Wed Dec 05 23:31:48 GMT 2018']);
    const segment = await headerOf(file, 9);
    expect(['EXTNAME', 'BZERO', 'CCDSEC', 'DTM1_1', 'LTV1'].map((key) => segment.get(key))).toEqual(['SEGMENT00', 32768, '', -9.93626100783522e-42, 0]);
  });

  it('itl_spot.fits.gz (obs_lsst_gen2 tests/data)', async () => {
    const primary = await headerOf('obs_lsst_gen2/tests/data/itl_spot.fits.gz', 0);
    expect(['CCD_MANU', 'LSST_NUM', 'EXPTIME', 'MONDIODE'].map((key) => primary.get(key))).toEqual([undefined, 'ITL-3800C-205', 10, undefined]);
    const segment = await headerOf('obs_lsst_gen2/tests/data/itl_spot.fits.gz', 1);
    expect(['EXTNAME', 'DATASEC', 'BZERO'].map((key) => segment.get(key))).toEqual(['Segment10', '[4:512,1:2000]', 0]);
  });

  it('CONTINUE long strings and odd HIERARCH spellings', async () => {
    const camera = await headerOf('obs_cfht/megacam/camera/ccd00.fits', 1);
    expect(camera.get('TDOC8')).toBe('level above which pixels are considered saturated; use `nan` if no such level applies');
    expect(camera.get('TDOC9')).toBe(
      'level above which pixels are considered suspicious, meaning they may be affected by unknown systematics; for example if non-linearity corrections above a certain level are unstable then that would be a useful value for suspectLevel; use `nan` if no such level applies',
    );
    const phosim = await headerOf('obs_lsst_gen2/data/input/phosim/raw/204595/R11/00204595-R11-S20-det042.fits', 1);
    expect([phosim.get('ZER 0 0'), phosim.get('BZERO')]).toEqual([0, 2147483648]);
    const ts3 = await headerOf('obs_lsst_gen2/data/input/ts3/raw/2018-11-15/201811151255111-R433-S00-det433.fits', 0);
    expect([ts3.get('MONOCH-WAVELENG'), ts3.get('MONOCH-SLIT_A')]).toEqual([1000.008, 210]);
  });
});
