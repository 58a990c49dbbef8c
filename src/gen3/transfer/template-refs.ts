import type { TemplateRecord, TemplateRef } from '../datastore/index.js';
import type { DatasetTypeRecord } from '../registry/index.js';
import type { DimensionRecordCache } from './dimension-record-cache.js';

function templateRecord(row: Record<string, unknown>): TemplateRecord {
  const out: Record<string, string | number | bigint | boolean | null> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The expanded {@link TemplateRef} of a dataset (data ID with implied values and records), as daf_butler formats file templates. */
export async function templateRefFor(
  cache: DimensionRecordCache,
  type: Pick<DatasetTypeRecord, 'name' | 'dimensions' | 'storageClass'>,
  ref: { readonly id: string; readonly run: string; readonly dataId: Readonly<Record<string, unknown>> },
): Promise<TemplateRef> {
  const expanded = await cache.expand(type.dimensions, ref.dataId);
  const records: Record<string, TemplateRecord | null> = {};
  for (const [k, v] of Object.entries(expanded.records)) records[k] = v ? templateRecord(v) : null;
  return {
    datasetType: { name: type.name, dimensions: { required: type.dimensions, names: Object.keys(expanded.dataId) }, storageClass: type.storageClass },
    dataId: expanded.dataId,
    records,
    run: ref.run,
    id: ref.id,
  };
}
