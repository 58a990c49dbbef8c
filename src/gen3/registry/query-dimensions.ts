import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { DataId } from './data-id.js';
import { elementSpec } from './dimension-records.js';
import { RegistryValidationError } from './errors.js';
import type { KeyValue } from './stored-values.js';
import { decodeRow, whereValue } from './stored-values.js';

/** Equality constraints on dimension values (`{ instrument: 'DemoCam', detector: 1 }`). */
export type DimensionWhere = Readonly<Record<string, KeyValue>>;

function columnFor(element: string, universe: DimensionUniverse, dimension: string): string {
  if (dimension === element) return universe.element(element).keys[0]?.name ?? dimension;
  return dimension;
}

/**
 * The records of one element (decoded: timespans as `{ begin, end }`, UUIDs dashed), optionally
 * constrained by dimension values present in its table, sorted by primary key.
 * @throws RegistryValidationError for an unknown element or a constraint on a dimension it lacks.
 */
export async function queryDimensionRecords(db: Database, universe: DimensionUniverse, element: string, where: DimensionWhere = {}): Promise<Record<string, unknown>[]> {
  const spec = elementSpec(universe, element);
  const filter: Record<string, string | number> = {};
  for (const [d, v] of Object.entries(where)) {
    const col = columnFor(element, universe, d);
    if (!spec.fields.some((f) => f.name === col)) throw new RegistryValidationError(`element ${element} has no dimension ${d}`);
    filter[col] = whereValue(v);
  }
  const rows = (await db.select(spec.name, filter)).map((r) => decodeRow(db.capabilities, spec, r));
  return rows.sort((a, b) => {
    for (const k of spec.primaryKey) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      return typeof x === 'string' ? (String(x) < String(y) ? -1 : 1) : Number(x) < Number(y) ? -1 : 1;
    }
    return 0;
  });
}

/**
 * Data IDs (required dimensions of `dimensions`, universe order) that have records: read from the
 * table of the one element whose required dimensions are exactly those (e.g. `exposure` for
 * `instrument, exposure`). Combinations needing a join of several tables are not supported yet.
 * @throws RegistryValidationError when no single element covers the dimensions.
 */
export async function queryDataIds(db: Database, universe: DimensionUniverse, dimensions: readonly string[], where: DimensionWhere = {}): Promise<DataId[]> {
  const required = universe.closure(dimensions).required;
  const element = universe.elements.find((e) => e.hasTable && e.required.length === required.length && required.every((d) => e.required.includes(d)));
  if (!element) throw new RegistryValidationError(`queryDataIds over (${required.join(', ')}) needs a join; only single-element dimension sets are supported`);
  const records = await queryDimensionRecords(db, universe, element.name, where);
  return records.map((r) => Object.fromEntries(required.map((d) => [d, r[columnFor(element.name, universe, d)] as KeyValue])));
}
