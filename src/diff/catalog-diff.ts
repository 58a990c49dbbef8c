import type { FitsHeader } from '../fits/header.js';
import { diffSchemas, readCatalogSchema, type SchemaDiff, type SchemaField } from './catalog-schema.js';
import { DifferenceAccumulator, median, type DifferenceStats } from './difference-stats.js';
import type { DiffBase, Pair } from './diff-value.js';
import { CatalogMatchError } from './errors.js';
import { angularSeparation, matchById, matchByPosition, matchByRow, type RowMatches, type RowMatchRule } from './row-matching.js';
import { cellOf, type ColumnValues, type ColumnView, type TableCell, type TableView } from './table-view.js';
import { isClose, PARITY_TOLERANCE, type Tolerance } from './tolerance.js';
import { wildcardMatcher } from './wildcard.js';

/** Options of {@link diffCatalogs}. */
export interface CatalogDiffOptions {
  /** Default is the parity tolerance (rtol 1e-5, atol 1e-8). */
  readonly tolerance: Tolerance;
  /** Default `{ by: 'auto' }`: by `id` when both catalogs have it, else by row. */
  readonly match: RowMatchRule;
  /** Fields (wildcards, case-insensitive like FITS column names) not compared. Default is none. */
  readonly ignoreFields: readonly string[];
  /** Flux fields whose differences are also given in millimagnitudes. Default `*_instFlux`, `*_flux`. */
  readonly magnitudeFields: readonly string[];
  /** How many differing values to list; negative for all. Default is 10. */
  readonly maxReportedValues: number;
}

/** Defaults of {@link CatalogDiffOptions}. */
export const DEFAULT_CATALOG_DIFF_OPTIONS: CatalogDiffOptions = {
  tolerance: PARITY_TOLERANCE,
  match: { by: 'auto' },
  ignoreFields: [],
  magnitudeFields: ['*_instFlux', '*_flux'],
  maxReportedValues: 10,
};

/** Statistics of −2.5 log10(a/b) in millimagnitudes over matched rows with positive fluxes on both sides. */
export interface MagnitudeStats {
  readonly compared: number;
  readonly meanMmag: number;
  readonly medianMmag: number;
  readonly maxAbsMmag: number;
}

/** The comparison of one field over the matched rows. */
export interface CatalogFieldComparison {
  readonly field: string;
  readonly kind: 'number' | 'flag' | 'string';
  readonly compared: number;
  readonly differing: number;
  /** |a − b| statistics of numeric fields. */
  readonly stats?: DifferenceStats;
  readonly magnitudes?: MagnitudeStats;
  /** Flags: the fraction of matched rows that agree. */
  readonly agreement?: number;
}

/** A differing value of a matched row pair. */
export interface CatalogValueDifference extends Pair<TableCell> {
  readonly field: string;
  readonly row: Pair<number>;
}

/** How the rows were paired. */
export interface CatalogMatchSummary {
  readonly by: RowMatchRule['by'];
  readonly matched: number;
  readonly onlyInA: number;
  readonly onlyInB: number;
  /** matched / max(rows in a, rows in b). */
  readonly fraction: number;
  readonly duplicateIds?: Pair<number>;
}

/** Differences between two afw catalogs: schema at afw's levels, row matching, per-field statistics. */
export interface CatalogDiff extends DiffBase<'catalog'> {
  readonly schema: SchemaDiff;
  readonly rows: Pair<number>;
  readonly match: CatalogMatchSummary;
  readonly fields: readonly CatalogFieldComparison[];
  readonly differingValues: number;
  readonly values: readonly CatalogValueDifference[];
}

/** A catalog table with the header that carries its schema keywords. */
export interface CatalogInput {
  readonly table: TableView;
  readonly header: FitsHeader;
}

/**
 * Compares two afw catalogs (`docs/ci-parity.md` §5.3): schemas (names, formats, units, docs, aliases),
 * rows paired by id, position on the sky or in pixels, or row number; every common field compared over
 * the pairs — numbers within the tolerance with statistics (fluxes also in mmag), flags by name.
 * @throws CatalogMatchError when the columns the match rule names are missing.
 */
export function diffCatalogs(a: CatalogInput, b: CatalogInput, options: Partial<CatalogDiffOptions> = {}): CatalogDiff {
  const opts = Object.assign({}, DEFAULT_CATALOG_DIFF_OPTIONS, options);
  // A catalog compared with itself (an HDU both files share) is read and decoded once.
  const same = a.table === b.table && a.header === b.header;
  const schemaA = readCatalogSchema(a.table, a.header);
  const schemaB = same ? schemaA : readCatalogSchema(b.table, b.header);
  const schema = diffSchemas(schemaA, schemaB);
  const cacheA = new ColumnCache();
  const cacheB = same ? cacheA : new ColumnCache();
  const rule = resolveRule(opts.match, a.table, b.table);
  const matches = matchRows(rule, a.table, b.table, cacheA, cacheB);
  const isIgnored = wildcardMatcher(opts.ignoreFields);
  const isMagnitude = wildcardMatcher(opts.magnitudeFields, { caseInsensitive: false });
  const fieldsB = new Map(schemaB.fields.map((field) => [field.name, field]));
  const limit = opts.maxReportedValues < 0 ? Infinity : opts.maxReportedValues;
  const fields: CatalogFieldComparison[] = [];
  const values: CatalogValueDifference[] = [];
  let differingValues = 0;
  for (const fieldA of schemaA.fields) {
    const fieldB = fieldsB.get(fieldA.name);
    if (!fieldB || isIgnored(fieldA.name) || fieldA.format !== fieldB.format) continue;
    const result = compareField(fieldA, fieldB, cacheA, cacheB, matches.pairs, opts.tolerance, isMagnitude(fieldA.name));
    fields.push(result.comparison);
    differingValues += result.comparison.differing;
    for (const [rowA, rowB] of result.differingPairs) {
      if (values.length >= limit) break;
      values.push({ field: fieldA.name, row: { a: rowA, b: rowB }, a: cellOfField(fieldA, cacheA, rowA), b: cellOfField(fieldB, cacheB, rowB) });
    }
  }
  const matched = matches.pairs.length;
  const match: CatalogMatchSummary = {
    by: rule.by,
    matched,
    onlyInA: a.table.rowCount - matched,
    onlyInB: b.table.rowCount - matched,
    fraction: Math.max(a.table.rowCount, b.table.rowCount) === 0 ? 1 : matched / Math.max(a.table.rowCount, b.table.rowCount),
    ...(matches.duplicateIds ? { duplicateIds: matches.duplicateIds } : {}),
  };
  const rows = { a: a.table.rowCount, b: b.table.rowCount };
  const identical = schema.levels.identical && rows.a === rows.b && match.onlyInA === 0 && match.onlyInB === 0 && differingValues === 0;
  const diff = { schema, rows, match, fields, differingValues, values };
  return { kind: 'catalog', identical, summary: summarizeCatalog(diff), ...diff };
}

class ColumnCache {
  readonly #values = new Map<number, ColumnValues>();

  get(column: ColumnView): ColumnValues {
    let values = this.#values.get(column.number);
    if (!values) {
      values = column.values();
      this.#values.set(column.number, values);
    }
    return values;
  }
}

function resolveRule(rule: RowMatchRule, a: TableView, b: TableView): RowMatchRule {
  if (rule.by !== 'auto') return rule;
  const hasId = (table: TableView): boolean => table.columns.some((column) => column.name === 'id');
  return hasId(a) && hasId(b) ? { by: 'id', column: 'id' } : { by: 'row' };
}

function matchRows(rule: RowMatchRule, a: TableView, b: TableView, cacheA: ColumnCache, cacheB: ColumnCache): RowMatches {
  const numbers = (table: TableView, cache: ColumnCache, name: string): ArrayLike<number | bigint> => {
    const column = table.columns.find((candidate) => candidate.name === name);
    const values = column ? cache.get(column) : undefined;
    if (!values || values.kind !== 'numbers' || values.width !== 1) throw new CatalogMatchError(`cannot match catalog rows by ${rule.by}: no numeric column ${JSON.stringify(name)}`);
    return values.values;
  };
  const floats = (table: TableView, cache: ColumnCache, name: string): (row: number) => number => {
    const values = numbers(table, cache, name);
    return (row) => Number(values[row]);
  };
  switch (rule.by) {
    case 'auto':
    case 'row':
      return matchByRow(a.rowCount, b.rowCount);
    case 'id':
      return matchById(numbers(a, cacheA, rule.column), numbers(b, cacheB, rule.column));
    case 'sky': {
      const scale = rule.units === 'deg' ? Math.PI / 180 : 1;
      const [raA, decA, raB, decB] = [floats(a, cacheA, rule.ra), floats(a, cacheA, rule.dec), floats(b, cacheB, rule.ra), floats(b, cacheB, rule.dec)];
      const radius = (rule.radiusArcsec / 3600) * (Math.PI / 180);
      return matchByPosition(
        a.rowCount,
        b.rowCount,
        { a: (row) => decA(row) * scale, b: (row) => decB(row) * scale },
        radius,
        (rowA, rowB) => angularSeparation(raA(rowA) * scale, decA(rowA) * scale, raB(rowB) * scale, decB(rowB) * scale),
        radius,
      );
    }
    case 'pixel': {
      const [xA, yA, xB, yB] = [floats(a, cacheA, rule.x), floats(a, cacheA, rule.y), floats(b, cacheB, rule.x), floats(b, cacheB, rule.y)];
      return matchByPosition(a.rowCount, b.rowCount, { a: yA, b: yB }, rule.radius, (rowA, rowB) => Math.hypot(xA(rowA) - xB(rowB), yA(rowA) - yB(rowB)), rule.radius);
    }
  }
}

interface FieldOutcome {
  readonly comparison: CatalogFieldComparison;
  readonly differingPairs: (readonly [number, number])[];
}

function compareField(
  fieldA: SchemaField,
  fieldB: SchemaField,
  cacheA: ColumnCache,
  cacheB: ColumnCache,
  pairs: readonly (readonly [number, number])[],
  tolerance: Tolerance,
  magnitude: boolean,
): FieldOutcome {
  const valuesA = cacheA.get(fieldA.column);
  const valuesB = cacheB.get(fieldB.column);
  const differingPairs: [number, number][] = [];
  if (fieldA.bit !== undefined && fieldB.bit !== undefined && valuesA.kind === 'numbers' && valuesB.kind === 'numbers') {
    const flagA = (row: number): number => Number(valuesA.values[row * valuesA.width + (fieldA.bit as number)]);
    const flagB = (row: number): number => Number(valuesB.values[row * valuesB.width + (fieldB.bit as number)]);
    for (const [rowA, rowB] of pairs) if (flagA(rowA) !== flagB(rowB)) differingPairs.push([rowA, rowB]);
    const agreement = pairs.length === 0 ? 1 : 1 - differingPairs.length / pairs.length;
    return { comparison: { field: fieldA.name, kind: 'flag', compared: pairs.length, differing: differingPairs.length, agreement }, differingPairs };
  }
  if (valuesA.kind === 'numbers' && valuesB.kind === 'numbers' && valuesA.width === valuesB.width) {
    const width = valuesA.width;
    const accumulator = new DifferenceAccumulator();
    const magnitudes: number[] = [];
    for (const [rowA, rowB] of pairs) {
      let differs = false;
      for (let k = 0; k < width; k++) {
        const x = Number(valuesA.values[rowA * width + k]);
        const y = Number(valuesB.values[rowB * width + k]);
        if (Number.isFinite(x) && Number.isFinite(y)) accumulator.add(x, y);
        if (!isClose(x, y, tolerance)) differs = true;
        if (magnitude && width === 1 && x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y)) magnitudes.push(-2500 * Math.log10(x / y));
      }
      if (differs) differingPairs.push([rowA, rowB]);
    }
    const stats = accumulator.stats();
    const magnitudeStats = magnitudes.length > 0 ? summarizeMagnitudes(magnitudes) : undefined;
    return {
      comparison: {
        field: fieldA.name,
        kind: 'number',
        compared: pairs.length,
        differing: differingPairs.length,
        ...(stats ? { stats } : {}),
        ...(magnitudeStats ? { magnitudes: magnitudeStats } : {}),
      },
      differingPairs,
    };
  }
  for (const [rowA, rowB] of pairs) if (!sameCell(cellOf(valuesA, rowA), cellOf(valuesB, rowB), tolerance)) differingPairs.push([rowA, rowB]);
  return { comparison: { field: fieldA.name, kind: valuesA.kind === 'strings' ? 'string' : 'number', compared: pairs.length, differing: differingPairs.length }, differingPairs };
}

function cellOfField(field: SchemaField, cache: ColumnCache, row: number): TableCell {
  const values = cache.get(field.column);
  if (field.bit !== undefined && values.kind === 'numbers') return Number(values.values[row * values.width + field.bit]) !== 0;
  return cellOf(values, row);
}

function sameCell(a: TableCell, b: TableCell, tolerance: Tolerance): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameCell(x as TableCell, b[i] as TableCell, tolerance));
  if (typeof a === 'number' && typeof b === 'number') return isClose(a, b, tolerance);
  return a === b;
}

function summarizeMagnitudes(values: number[]): MagnitudeStats {
  const sorted = Float64Array.from(values);
  return {
    compared: values.length,
    meanMmag: values.reduce((sum, value) => sum + value, 0) / values.length,
    medianMmag: median(sorted),
    maxAbsMmag: values.reduce((max, value) => Math.max(max, Math.abs(value)), 0),
  };
}

function summarizeCatalog(diff: Omit<CatalogDiff, 'kind' | 'identical' | 'summary'>): string {
  const parts: string[] = [];
  const { schema, match } = diff;
  if (!schema.levels.identical) {
    const failed = Object.entries(schema.levels)
      .filter(([level, ok]) => !ok && level !== 'identical')
      .map(([level]) => level);
    parts.push(`schema differs (${failed.join(', ')})`);
  }
  if (diff.rows.a !== diff.rows.b || match.onlyInA > 0 || match.onlyInB > 0) {
    parts.push(`rows ${diff.rows.a} vs ${diff.rows.b}, ${match.matched} matched by ${match.by} (${match.onlyInA} only in a, ${match.onlyInB} only in b)`);
  }
  const differing = diff.fields.filter((field) => field.differing > 0);
  if (differing.length > 0) {
    parts.push(`${differing.length} fields differ: ${differing.slice(0, 4).map((field) => `${field.field} (${field.differing})`).join(', ')}${differing.length > 4 ? ', …' : ''}`);
  }
  return parts.length === 0 ? `${diff.rows.a} rows, ${diff.fields.length} fields identical` : parts.join('; ');
}
