import { describe, expect, it } from 'vitest';
import { diffCatalogs, type CatalogDiff, type CatalogDiffOptions } from '../../../src/diff/catalog-diff.js';
import { diffFits } from '../../../src/diff/fits-diff.js';
import { PARITY_FITS_OPTIONS } from '../../../src/diff/fits-diff-options.js';
import { binTableView } from '../../../src/diff/table-view.js';
import type { BinTableHdu } from '../../../src/fits/hdu.js';
import type { BinTableHduSpec } from '../../../src/fits/hdu-spec.js';
import { binTable, fitsOf, image, type CardList, type ColumnSpec } from './fits-builders.js';

const ARCSEC = Math.PI / 180 / 3600;

interface Source {
  id: number;
  ra: number;
  dec: number;
  flux: number;
  flags: [boolean, boolean];
}

const SOURCES: Source[] = [
  { id: 11, ra: 1.0, dec: 0.2, flux: 1000, flags: [false, false] },
  { id: 12, ra: 1.0 + 10 * ARCSEC, dec: 0.2, flux: 2000, flags: [true, false] },
  { id: 13, ra: 1.0, dec: 0.2 + 20 * ARCSEC, flux: 500, flags: [false, true] },
];

/** An afw SourceCatalog-like HDU: docs in TDOCn, flags in a bit column named by TFLAGn, an alias. */
function catalog(sources: readonly Source[], options: { unit?: string; doc?: string; flagName?: string } = {}): BinTableHduSpec {
  const columns: ColumnSpec[] = [
    { name: 'flags', tform: '2X', values: sources.map((s) => s.flags) },
    { name: 'id', tform: 'K', values: sources.map((s) => BigInt(s.id)) },
    { name: 'coord_ra', tform: 'D', values: sources.map((s) => s.ra), unit: 'rad' },
    { name: 'coord_dec', tform: 'D', values: sources.map((s) => s.dec), unit: 'rad' },
    { name: 'base_PsfFlux_instFlux', tform: 'D', values: sources.map((s) => s.flux), unit: options.unit ?? 'count' },
  ];
  const cards: CardList = [
    ['AFW_TYPE', 'SOURCE'],
    ['FLAGCOL', 1],
    ['TFLAG1', options.flagName ?? 'base_PixelFlags_flag', 'general failure'],
    ['TFLAG2', 'base_PixelFlags_flag_saturated', 'saturated pixel'],
    ['TDOC2', 'unique id'],
    ['TDOC5', options.doc ?? 'instrumental flux'],
    ['ALIAS', 'slot_PsfFlux:base_PsfFlux'],
  ];
  return binTable(columns, cards);
}

function compare(a: readonly Source[], b: readonly Source[], options: Partial<CatalogDiffOptions> = {}, specs: { a?: BinTableHduSpec; b?: BinTableHduSpec } = {}): CatalogDiff {
  const hdu = (spec: BinTableHduSpec): BinTableHdu => fitsOf([image(undefined, []), spec]).hdus[1] as BinTableHdu;
  const x = hdu(specs.a ?? catalog(a));
  const y = hdu(specs.b ?? catalog(b));
  return diffCatalogs({ table: binTableView(x.table(), x.header), header: x.header }, { table: binTableView(y.table(), y.header), header: y.header }, options);
}

describe('diffCatalogs', () => {
  it('is identical for the same catalog, with flags decoded by name', () => {
    const diff = compare(SOURCES, SOURCES);
    expect(diff.identical).toBe(true);
    expect(diff.match).toEqual({ by: 'id', matched: 3, onlyInA: 0, onlyInB: 0, fraction: 1 });
    expect(diff.fields.map((f) => `${f.field}:${f.kind}`)).toEqual([
      'base_PixelFlags_flag:flag',
      'base_PixelFlags_flag_saturated:flag',
      'id:number',
      'coord_ra:number',
      'coord_dec:number',
      'base_PsfFlux_instFlux:number',
    ]);
  });

  it('matches rows by id whatever their order, and reports unmatched rows', () => {
    const shuffled = [SOURCES[2], SOURCES[0]] as Source[];
    const diff = compare(SOURCES, shuffled);
    expect(diff.match).toMatchObject({ matched: 2, onlyInA: 1, onlyInB: 0 });
    expect(diff.differingValues).toBe(0);
    expect(diff.identical).toBe(false);
  });

  it('matches rows on the sky within a radius when ids differ', () => {
    const renumbered = SOURCES.map((s, i) => ({ ...s, id: 100 + i, ra: s.ra + 0.1 * ARCSEC }));
    const bySky = compare(SOURCES, [...renumbered].reverse(), { match: { by: 'sky', ra: 'coord_ra', dec: 'coord_dec', radiusArcsec: 0.5 }, ignoreFields: ['id', 'coord_*'] });
    expect(bySky.match).toMatchObject({ by: 'sky', matched: 3, onlyInA: 0 });
    expect(bySky.identical).toBe(true);
    const tight = compare(SOURCES, renumbered, { match: { by: 'sky', ra: 'coord_ra', dec: 'coord_dec', radiusArcsec: 0.05 } });
    expect(tight.match.matched).toBe(0);
  });

  it('compares flags by name and fluxes with statistics in millimagnitudes', () => {
    const changed = SOURCES.map((s, i) => ({ ...s, flux: s.flux * 1.01, flags: i === 1 ? ([true, true] as [boolean, boolean]) : s.flags }));
    const diff = compare(SOURCES, changed);
    const flux = diff.fields.find((f) => f.field === 'base_PsfFlux_instFlux');
    expect(flux?.differing).toBe(3);
    expect(flux?.magnitudes?.medianMmag).toBeCloseTo(-2500 * Math.log10(1 / 1.01), 6);
    const saturated = diff.fields.find((f) => f.field === 'base_PixelFlags_flag_saturated');
    expect(saturated).toMatchObject({ kind: 'flag', differing: 1 });
    expect(saturated?.agreement).toBeCloseTo(2 / 3);
    expect(diff.values.find((v) => v.field === 'base_PixelFlags_flag_saturated')).toEqual({ field: 'base_PixelFlags_flag_saturated', row: { a: 1, b: 1 }, a: false, b: true });
  });

  it('reports schema differences at afw levels: units, docs, names', () => {
    const diff = compare(SOURCES, SOURCES, {}, { b: catalog(SOURCES, { unit: 'nJy', doc: 'flux in nJy', flagName: 'base_PixelFlags_flag_bad' }) });
    expect(diff.schema.units).toEqual([{ field: 'base_PsfFlux_instFlux', a: 'count', b: 'nJy' }]);
    expect(diff.schema.docs).toEqual([{ field: 'base_PsfFlux_instFlux', a: 'instrumental flux', b: 'flux in nJy' }]);
    expect(diff.schema.onlyInA).toEqual(['base_PixelFlags_flag']);
    expect(diff.schema.onlyInB).toEqual(['base_PixelFlags_flag_bad']);
    expect(diff.schema.levels).toMatchObject({ equalNames: false, equalUnits: false, equalDocs: false, equalAliases: true, identical: false });
    expect(diff.identical).toBe(false);
  });

  it('is what the parity rules use for AFW_TYPE tables', () => {
    const file = (sources: readonly Source[]) => fitsOf([image(undefined, []), catalog(sources)]);
    const diff = diffFits(file(SOURCES), file([...SOURCES].reverse()), PARITY_FITS_OPTIONS);
    expect(diff.hdus[1]?.data?.kind).toBe('catalog');
    expect(diff.identical).toBe(true);
    expect(diffFits(file(SOURCES), file([...SOURCES].reverse())).identical).toBe(false);
  });
});
