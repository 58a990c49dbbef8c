import type { Database } from '../db/index.js';
import type { TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { RegistryValidationError } from './errors.js';
import { missingReferences } from './record-references.js';
import type { KeyValue } from './stored-values.js';
import { keyText } from './stored-values.js';

/** A data ID: dimension name → key value. */
export type DataId = Readonly<Record<string, KeyValue>>;

/**
 * The required part of `dataId` for dimensions `required` (universe order), values checked against
 * the dimensions' key types. Implied dimensions may be present and are dropped; any other key is
 * an error.
 * @throws RegistryValidationError for a missing, unknown or mistyped value.
 */
export function standardizeDataId(universe: DimensionUniverse, required: readonly string[], dataId: Readonly<Record<string, unknown>>): DataId {
  return dataIdStandardizer(universe, required)(dataId);
}

/** {@link standardizeDataId} for many data IDs of one dimension set (the closure is computed once). */
export function dataIdStandardizer(universe: DimensionUniverse, required: readonly string[]): (dataId: Readonly<Record<string, unknown>>) => DataId {
  const implied = new Set(universe.closure(required).implied);
  const requiredSet = new Set(required);
  const types = required.map((d) => universe.element(d).keys[0]?.type);
  return (dataId) => {
    const problems: string[] = [];
    for (const k in dataId) if (!requiredSet.has(k) && !implied.has(k)) problems.push(`unexpected dimension ${k}`);
    const out: Record<string, KeyValue> = {};
    for (let i = 0; i < required.length; i++) {
      const d = required[i]!;
      const v = dataId[d];
      const type = types[i];
      if (v === undefined || v === null) problems.push(`missing ${d}`);
      else if (type === 'int' && !(typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v)))) problems.push(`${d} must be an integer, not ${JSON.stringify(String(v))}`);
      else if (type === 'string' && (typeof v !== 'string' || v.length === 0)) problems.push(`${d} must be a non-empty string`);
      else out[d] = v as KeyValue;
    }
    if (problems.length > 0) throw new RegistryValidationError(`invalid data ID ${dataIdText(dataId)} for (${required.join(', ')}): ${problems.join('; ')}`);
    return out;
  };
}

/**
 * @throws RegistryValidationError when a data ID's dimension values have no records (checked
 * through the foreign keys of the tags table, so skypix and `band` values are not checked).
 */
export async function requireDimensionRecords(db: Database, tags: TableSpec, dataIds: readonly DataId[]): Promise<void> {
  const fks = (tags.foreignKeys ?? []).filter((fk) => !fk.source.includes('collection_id') && !fk.source.includes('dataset_id') && !fk.source.includes('dataset_type_id'));
  const missing = await missingReferences(db, fks, dataIds, tags);
  if (missing.length > 0) throw new RegistryValidationError(`data IDs refer to missing dimension records: ${missing.slice(0, 10).join('; ')}`);
}

/** A data ID as stable text (`{instrument: 'X', detector: 1}` → `instrument=X,detector=1`), in the given key order. */
export function dataIdText(dataId: Readonly<Record<string, unknown>>, keys: readonly string[] = Object.keys(dataId)): string {
  return keys.map((k) => `${k}=${keyText(dataId[k])}`).join(',');
}
