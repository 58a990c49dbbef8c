import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { COLLECTION_SUMMARY_DATASET_TYPE, DATASET, collectionSummaryTableSpec } from '../schema/index.js';
import type { DataId } from './data-id.js';
import { dataIdText } from './data-id.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { decodeInt, decodeRow, decodeUuid, whereValue } from './stored-values.js';

/** A tags or calibs row in logical form. */
export interface AssociationRow {
  readonly datasetId: string;
  readonly collectionId: number;
  readonly dataId: DataId;
  /** calibs rows only */
  readonly rowId?: number;
  readonly timespan?: { readonly begin: bigint; readonly end: bigint };
}

function where(type: DatasetTypeRecord, collectionId: number | undefined, dataId: DataId | undefined): Record<string, string | number> {
  return {
    dataset_type_id: type.id,
    ...(collectionId === undefined ? {} : { collection_id: collectionId }),
    ...(dataId ? Object.fromEntries(type.dimensions.map((d) => [d, whereValue(dataId[d] ?? '')])) : {}),
  };
}

/** The tags rows of `type` in collection `collectionId` (all collections when omitted), only `dataId`'s when given. */
export async function tagRows(db: Database, type: DatasetTypeRecord, collectionId?: number, dataId?: DataId): Promise<AssociationRow[]> {
  const rows = await db.select(type.tags.name, where(type, collectionId, dataId));
  return rows.map((r) => {
    const d = decodeRow(db.capabilities, type.tags, r);
    return { datasetId: String(d.dataset_id), collectionId: Number(d.collection_id), dataId: pick(d, type.dimensions) };
  });
}

/** The calibs rows of `type` in collection `collectionId` (all collections when omitted), only `dataId`'s when given. */
export async function calibRows(db: Database, type: DatasetTypeRecord, collectionId?: number, dataId?: DataId): Promise<AssociationRow[]> {
  const spec = type.calibs;
  if (!spec) return [];
  const rows = await db.select(spec.name, where(type, collectionId, dataId));
  return rows.map((r) => {
    const d = decodeRow(db.capabilities, spec, r);
    const timespan = d.timespan as { begin: bigint; end: bigint };
    return { datasetId: String(d.dataset_id), collectionId: Number(d.collection_id), dataId: pick(d, type.dimensions), rowId: Number(d.id), timespan };
  });
}

function pick(row: Record<string, unknown>, dims: readonly string[]): DataId {
  return Object.fromEntries(dims.map((d) => [d, row[d] as DataId[string]]));
}

/** Key of a data ID for maps (required dimensions in the dataset type's order). */
export function dataIdKey(type: DatasetTypeRecord, dataId: DataId): string {
  return dataIdText(dataId, type.dimensions);
}

/** `dataset` rows by id (dashed) for the given ids: dataset type id and run id. */
export async function datasetRows(db: Database, ids: readonly string[]): Promise<Map<string, { datasetTypeId: number; runId: number }>> {
  const out = new Map<string, { datasetTypeId: number; runId: number }>();
  const rows = await db.selectByKeys(DATASET, ['id'], [...new Set(ids)].map((id) => [id]), ['id', 'dataset_type_id', 'run_id']);
  for (const r of rows) out.set(decodeUuid(r.id), { datasetTypeId: Number(decodeInt(r.dataset_type_id)), runId: Number(decodeInt(r.run_id)) });
  return out;
}

/**
 * The `dataset_id` of the tags rows of `type` in collection `collectionId` holding these data IDs,
 * keyed by {@link dataIdKey}.
 */
export async function tagIdsByDataId(db: Database, type: DatasetTypeRecord, collectionId: number, dataIds: readonly DataId[]): Promise<Map<string, string>> {
  const keys = dataIds.map((d) => [type.id, collectionId, ...type.dimensions.map((dim) => d[dim])]);
  const rows = await db.selectByKeys(type.tags, ['dataset_type_id', 'collection_id', ...type.dimensions], keys, ['dataset_id', ...type.dimensions]);
  return new Map(rows.map((r) => [dataIdKey(type, r as DataId), decodeUuid(r.dataset_id)]));
}

/** Summary rows for datasets of `type` with these data IDs entering collection `collectionId` (daf_butler writes them before tags/calibs rows). */
export async function ensureSummaries(db: Database, universe: DimensionUniverse, type: DatasetTypeRecord, collectionId: number, dataIds: readonly DataId[]): Promise<void> {
  if (dataIds.length === 0) return;
  await db.ensure(COLLECTION_SUMMARY_DATASET_TYPE, [{ collection_id: collectionId, dataset_type_id: type.id }]);
  for (const g of type.dimensions.filter((d) => universe.element(d).governor)) {
    const values = [...new Set(dataIds.map((d) => String(d[g])))];
    await db.ensure(
      collectionSummaryTableSpec(universe, g),
      values.map((v) => ({ collection_id: collectionId, [g]: v })),
    );
  }
}

/** A tags/calibs row in logical (insertable) form. */
export function associationRow(type: DatasetTypeRecord, datasetId: string, collectionId: number, dataId: DataId): Record<string, unknown> {
  return { dataset_type_id: type.id, dataset_id: datasetId, collection_id: collectionId, ...Object.fromEntries(type.dimensions.map((d) => [d, dataId[d]])) };
}
