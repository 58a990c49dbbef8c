/**
 * Catalogs (afw `SourceCatalog` / `ExposureCatalog` files): an empty primary HDU holding the
 * metadata, then one binary table. Columns are typed arrays or strings, written and read through
 * src/fits.
 */
import type { FitsFile } from '../../src/fits/fits-file.js';
import type { BinTableColumnSpec } from '../../src/fits/bintable-encoder.js';
import type { HduSpec } from '../../src/fits/hdu-spec.js';
import type { BinTableHdu } from '../../src/fits/hdu.js';
import { FitsHeader } from '../../src/fits/header.js';
import { PipelineError } from './errors.js';
import type { MetadataCard } from './masked-image.js';

/** A catalog column: int64 (`K`), int32 (`J`), float64 (`D`), float32 (`E`), logical (`L`) or string (`A`). */
export type CatalogColumn =
  | { readonly name: string; readonly values: BigInt64Array | Int32Array | Float64Array | Float32Array; readonly unit?: string; readonly doc?: string }
  | { readonly name: string; readonly values: readonly boolean[]; readonly doc?: string }
  | { readonly name: string; readonly values: readonly string[]; readonly doc?: string };

/** A catalog: metadata, columns of equal length. */
export interface Catalog {
  readonly metadata: readonly MetadataCard[];
  readonly columns: readonly CatalogColumn[];
  readonly rows: number;
}

/** The HDUs of a catalog file. */
export function catalogHdus(catalog: Catalog, extname: string): HduSpec[] {
  const primary = new FitsHeader();
  for (const [k, v, c] of catalog.metadata) primary.set(k, v, c);
  const table = new FitsHeader();
  table.set('EXTNAME', extname, 'Catalog');
  catalog.columns.forEach((c, i) => {
    if (c.doc) table.set(`TDOC${i + 1}`, c.doc, `Description of ${c.name}`);
  });
  const columns: BinTableColumnSpec[] = catalog.columns.map((c) => ({ name: c.name, values: c.values as BinTableColumnSpec['values'], ...('unit' in c && c.unit ? { unit: c.unit } : {}) }));
  return [{ kind: 'image', header: primary }, { kind: 'bintable', columns, rows: catalog.rows, header: table }];
}

/** The catalog's binary table HDU. @throws PipelineError when the file has none. */
export function catalogTable(fits: FitsFile): BinTableHdu {
  const hdu = fits.hdus.find((h): h is BinTableHdu => h.kind === 'bintable');
  if (!hdu) throw new PipelineError(`${fits.source}: no binary table`);
  return hdu;
}

/** A numeric column of a catalog as float64. @throws PipelineError / FitsError when missing or not numeric. */
export function numericColumn(fits: FitsFile, name: string): Float64Array {
  return catalogTable(fits).table().physical(name);
}
