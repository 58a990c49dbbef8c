import type { Database } from '../db/index.js';
import type { TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import {
  DATASET_TYPE,
  DIMENSION_GRAPH_DEFINITION,
  DIMENSION_GRAPH_KEY,
  datasetCalibsTableName,
  datasetCalibsTableSpec,
  datasetTagsTableName,
  datasetTagsTableSpec,
} from '../schema/index.js';
import { DatasetTypeConflictError, MissingDatasetTypeError, RegistryValidationError } from './errors.js';
import { decodeInt } from './stored-values.js';

/** What {@link registerDatasetType} needs. */
export interface DatasetTypeDefinition {
  readonly name: string;
  /** Dimension names; their required closure is stored (implied dimensions are not). */
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  readonly isCalibration?: boolean;
}

/** A registered dataset type with its tables. */
export interface DatasetTypeRecord {
  readonly id: number;
  readonly name: string;
  /** Required dimensions, universe order. */
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  readonly isCalibration: boolean;
  readonly dimensionsKey: number;
  readonly tags: TableSpec;
  readonly calibs: TableSpec | undefined;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;

async function dimensionsOfKey(db: Database, key: number): Promise<string[]> {
  const rows = await db.select(DIMENSION_GRAPH_DEFINITION.name, { dimension_graph_id: key });
  return rows.map((r) => String(r.dimension_name));
}

function toRecord(universe: DimensionUniverse, row: Record<string, unknown>, dims: string[]): DatasetTypeRecord {
  const key = Number(decodeInt(row.dimensions_key));
  const sorted = universe.sort(dims);
  const isCalibration = row.calibration_association_table !== null && row.calibration_association_table !== undefined;
  return {
    id: Number(decodeInt(row.id)),
    name: String(row.name),
    dimensions: sorted,
    storageClass: String(row.storage_class),
    isCalibration,
    dimensionsKey: key,
    tags: datasetTagsTableSpec(universe, key, sorted),
    calibs: isCalibration ? datasetCalibsTableSpec(universe, key, sorted) : undefined,
  };
}

/** The dataset type called `name`, or undefined. */
export async function findDatasetType(db: Database, universe: DimensionUniverse, name: string): Promise<DatasetTypeRecord | undefined> {
  const row = (await db.select(DATASET_TYPE.name, { name }))[0];
  if (!row) return undefined;
  return toRecord(universe, row, await dimensionsOfKey(db, Number(decodeInt(row.dimensions_key))));
}

/** The dataset type called `name`. @throws MissingDatasetTypeError */
export async function getDatasetType(db: Database, universe: DimensionUniverse, name: string): Promise<DatasetTypeRecord> {
  const found = await findDatasetType(db, universe, name);
  if (!found) throw new MissingDatasetTypeError(name);
  return found;
}

/** Every registered dataset type, by name. */
export async function allDatasetTypes(db: Database, universe: DimensionUniverse): Promise<DatasetTypeRecord[]> {
  const defs = await db.select(DIMENSION_GRAPH_DEFINITION.name);
  const byKey = new Map<number, string[]>();
  for (const d of defs) {
    const k = Number(decodeInt(d.dimension_graph_id));
    byKey.set(k, [...(byKey.get(k) ?? []), String(d.dimension_name)]);
  }
  const rows = await db.select(DATASET_TYPE.name);
  return rows
    .map((r) => toRecord(universe, r, byKey.get(Number(decodeInt(r.dimensions_key))) ?? []))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The required dimensions of a dimension group as daf_butler stores them: the closure of `names`
 * minus every dimension implied by another member (so `band` next to `physical_filter` is implied).
 */
export function requiredDimensions(universe: DimensionUniverse, names: readonly string[]): string[] {
  const closure = universe.closure(names);
  const implied = new Set([...closure.required, ...closure.implied].flatMap((m) => universe.element(m).implied));
  return closure.required.filter((d) => !implied.has(d));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The `dimension_graph_key` id of exactly `required`, made (with its definition rows) when new. */
async function dimensionsKey(db: Database, required: readonly string[]): Promise<number> {
  // daf_butler keeps the empty group under key 0 with no dimension_graph_key row.
  if (required.length === 0) return 0;
  const defs = await db.select(DIMENSION_GRAPH_DEFINITION.name);
  const byKey = new Map<number, string[]>();
  for (const d of defs) {
    const k = Number(decodeInt(d.dimension_graph_id));
    byKey.set(k, [...(byKey.get(k) ?? []), String(d.dimension_name)]);
  }
  for (const [k, dims] of byKey) if (sameSet(dims, required)) return k;
  const key = await db.insertWithId(DIMENSION_GRAPH_KEY, {});
  await db.insert(DIMENSION_GRAPH_DEFINITION, required.map((dimension_name) => ({ dimension_graph_id: key, dimension_name })));
  return key;
}

/**
 * Registers a dataset type as daf_butler does: one `dimension_graph_key` per distinct set of
 * required dimensions, the shared `dataset_tags_K` (and, for calibrations, `dataset_calibs_K`)
 * tables created on first use, then the `dataset_type` row (id from the sequence in PostgreSQL).
 * Re-registering an identical definition is a no-op.
 * @returns true when it was registered now.
 * @throws RegistryValidationError for a bad name, storage class or dimension.
 * @throws DatasetTypeConflictError when `name` is registered with another definition.
 */
export async function registerDatasetType(db: Database, universe: DimensionUniverse, def: DatasetTypeDefinition): Promise<boolean> {
  if (!NAME.test(def.name)) throw new RegistryValidationError(`invalid dataset type name ${JSON.stringify(def.name)}`);
  if (def.storageClass.length === 0) throw new RegistryValidationError(`dataset type ${def.name}: empty storage class`);
  const unknown = def.dimensions.filter((d) => !universe.has(d) || universe.element(d).kind === 'join');
  if (unknown.length > 0) throw new RegistryValidationError(`dataset type ${def.name}: unknown dimensions ${unknown.join(', ')}`);
  const required = requiredDimensions(universe, def.dimensions);
  const isCalibration = def.isCalibration ?? false;
  return db.transaction(async (trx) => {
    const existing = await findDatasetType(trx, universe, def.name);
    if (existing) {
      if (!sameSet(existing.dimensions, required) || existing.storageClass !== def.storageClass || existing.isCalibration !== isCalibration) {
        throw new DatasetTypeConflictError(
          `dataset type ${def.name} is registered as (${existing.dimensions.join(', ')}; ${existing.storageClass}${existing.isCalibration ? '; calibration' : ''}), not (${required.join(', ')}; ${def.storageClass}${isCalibration ? '; calibration' : ''})`,
        );
      }
      return false;
    }
    trx.cache.invalidate();
    const key = await dimensionsKey(trx, required);
    const tables = new Set(await trx.listTables());
    const tags = datasetTagsTableSpec(universe, key, required);
    if (!tables.has(tags.name)) await trx.createTables([tags]);
    if (isCalibration) {
      const calibs = datasetCalibsTableSpec(universe, key, required);
      if (!tables.has(calibs.name)) await trx.createTables([calibs]);
    }
    await trx.insertWithId(DATASET_TYPE, {
      name: def.name,
      storage_class: def.storageClass,
      dimensions_key: key,
      tag_association_table: datasetTagsTableName(key),
      calibration_association_table: isCalibration ? datasetCalibsTableName(key) : null,
    });
    return true;
  });
}
