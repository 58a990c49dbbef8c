/**
 * zod schemas of the export items as written by any supported format version (0, 1.0.0–1.0.2),
 * over the values produced by `readYamlTree`. They accept every legacy spelling daf_butler's
 * importer accepts; `normaliseExport` turns them into the 1.0.2 model.
 */
import { z } from 'zod';
import { YamlBinary, YamlTagged, YamlTimestamp, type YamlValue } from './yaml-tree.js';

/** `!butler_time/tai/iso` */
export const TIME_TAG = '!butler_time/tai/iso';
/** `!lsst.daf.butler.Timespan` */
export const TIMESPAN_TAG = '!lsst.daf.butler.Timespan';
/** `!uuid` */
export const UUID_TAG = '!uuid';
/** Prefix of sphgeom region tags (written `!<lsst.sphgeom.ConvexPolygon>`). */
export const SPHGEOM_TAG_PREFIX = 'lsst.sphgeom.';

const UUID_TEXT = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$/;
const TIME_TEXT = /^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** A zod error message: `missing (expected …)` for an absent key, else `expected …`. */
function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `missing (expected ${what})` : `expected ${what}`);
}

const str = z.string({ error: expected('a string') });
const name = str.min(1, { error: 'expected a non-empty string' });
const nullableStr = z.union([str, z.null()], { error: 'expected a string or null' });

/** A dataset id: `!uuid '…'`, a plain UUID string, or a legacy integer. */
export type RawDatasetId = YamlTagged | string | bigint;
export const rawDatasetId = z.custom<RawDatasetId>(
  (v) =>
    typeof v === 'bigint' ||
    (typeof v === 'string' && UUID_TEXT.test(v)) ||
    (v instanceof YamlTagged && v.tag === UUID_TAG && typeof v.value === 'string' && UUID_TEXT.test(v.value)),
  { error: 'expected a UUID' },
);

/** A time: `!butler_time/tai/iso '…'` or (old files) a native YAML timestamp. */
export type RawTime = YamlTagged | YamlTimestamp;
export const rawTime = z.custom<RawTime>(
  (v) => v instanceof YamlTimestamp || (v instanceof YamlTagged && v.tag === TIME_TAG && typeof v.value === 'string' && TIME_TEXT.test(v.value)),
  { error: `expected a time (${TIME_TAG} 'YYYY-MM-DD hh:mm:ss.fffffffff')` },
);
const nullableTime = z.union([rawTime, z.null()], { error: `expected a time (${TIME_TAG} 'YYYY-MM-DD hh:mm:ss.fffffffff') or null` });

/** `!lsst.daf.butler.Timespan {begin, end}` or `!lsst.daf.butler.Timespan EMPTY`. */
export const rawTimespan = z.custom<YamlTagged>(
  (v) => {
    if (!(v instanceof YamlTagged) || v.tag !== TIMESPAN_TAG) return false;
    if (v.value === 'EMPTY') return true;
    const m = v.value;
    if (typeof m !== 'object' || m === null || Array.isArray(m) || m instanceof YamlTagged) return false;
    const rec = m as Record<string, YamlValue>;
    return ['begin', 'end'].every((k) => k in rec && (rec[k] === null || nullableTime.safeParse(rec[k]).success));
  },
  { error: `expected a timespan (${TIMESPAN_TAG} with begin and end)` },
);

function isRecordValue(v: unknown): boolean {
  if (v === null || ['string', 'bigint', 'number', 'boolean'].includes(typeof v)) return true;
  if (v instanceof YamlBinary || v instanceof YamlTimestamp) return true;
  if (!(v instanceof YamlTagged)) return false;
  if (v.tag === TIME_TAG) return rawTime.safeParse(v).success;
  if (v.tag.startsWith(SPHGEOM_TAG_PREFIX)) {
    const m = v.value as Record<string, unknown> | null;
    return typeof m === 'object' && m !== null && !Array.isArray(m) && typeof m.encoded === 'string' && HEX.test(m.encoded);
  }
  return false;
}

const recordValue = z.custom<YamlValue>(isRecordValue, {
  error: (issue) =>
    issue.input instanceof YamlTagged
      ? `unsupported value with tag ${issue.input.tag} (expected ${TIME_TAG}, !<${SPHGEOM_TAG_PREFIX}…> {encoded: <hex>})`
      : 'expected a scalar, time, region or binary value',
});

const dataIdValue = z.union([str, z.bigint()], { error: 'expected an integer or string data ID value' });
const rawDataId = z.record(str, dataIdValue, { error: 'expected a data ID mapping' });
export type RawDataId = z.infer<typeof rawDataId>;

export const dimensionItem = z.object({
  type: z.literal('dimension'),
  element: name,
  records: z.array(z.record(str, recordValue, { error: expected('a record mapping') }), { error: expected('a list of records') }),
});

export const collectionItem = z
  .object({
    type: z.literal('collection'),
    collection_type: z.enum(['RUN', 'TAGGED', 'CHAINED', 'CALIBRATION'], { error: expected('RUN, TAGGED, CHAINED or CALIBRATION') }),
    name,
    doc: nullableStr.optional(),
    host: nullableStr.optional(),
    timespan_begin: nullableTime.optional(),
    timespan_end: nullableTime.optional(),
    children: z
      .array(z.union([name, z.tuple([name], z.unknown())], { error: 'expected a collection name (or legacy [name, restriction] pair)' }), {
        error: 'expected a list of child collections',
      })
      .optional(),
  })
  .superRefine((item, ctx) => {
    if (item.collection_type === 'CHAINED' && item.children === undefined) {
      ctx.addIssue({ code: 'custom', path: ['children'], message: 'a CHAINED collection needs children' });
    }
  });

export const runItem = z.object({ type: z.literal('run'), name });

export const datasetTypeItem = z.object({
  type: z.literal('dataset_type'),
  name,
  dimensions: z.array(name, { error: expected('a list of dimension names') }),
  storage_class: name,
  is_calibration: z.boolean({ error: 'expected true or false' }).optional(),
});

/** One value or a list of them, with the element's issues reported at their own paths. */
function oneOrMany<T extends z.ZodType>(item: T, what: string) {
  const many = z.array(item);
  return z.custom<z.output<T> | z.output<T>[]>((v) => v !== undefined, { error: `missing (expected ${what} or a list of them)` }).superRefine((v, ctx) => {
    const result = (Array.isArray(v) ? many : item).safeParse(v);
    if (!result.success) for (const i of result.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
  });
}

const fileDataset = z
  .object({
    dataset_id: oneOrMany(rawDatasetId, 'a UUID'),
    data_id: oneOrMany(rawDataId, 'a data ID'),
    path: str,
    formatter: name.optional(),
  })
  .superRefine((rec, ctx) => {
    const ids = Array.isArray(rec.dataset_id) ? rec.dataset_id.length : 1;
    const dataIds = Array.isArray(rec.data_id) ? rec.data_id.length : 1;
    if (ids !== dataIds) ctx.addIssue({ code: 'custom', path: ['data_id'], message: `${dataIds} data IDs for ${ids} dataset ids` });
    if (ids === 0) ctx.addIssue({ code: 'custom', path: ['dataset_id'], message: 'expected at least one dataset id' });
  });

export const datasetItem = z.object({
  type: z.literal('dataset'),
  dataset_type: name,
  run: name,
  records: z.array(fileDataset, { error: expected('a list of file datasets') }),
});

const datasetIds = z.array(rawDatasetId, { error: expected('a list of dataset ids') });

const validityRange = z.union(
  [
    z.object({ timespan: rawTimespan, dataset_ids: datasetIds }),
    z.object({ begin: nullableTime, end: nullableTime, dataset_ids: datasetIds }),
  ],
  { error: 'expected {timespan, dataset_ids} (or legacy {begin, end, dataset_ids})' },
);

export const associationsItem = z
  .object({
    type: z.literal('associations'),
    collection: name,
    collection_type: z.enum(['TAGGED', 'CALIBRATION'], { error: expected('TAGGED or CALIBRATION') }),
    dataset_ids: datasetIds.optional(),
    validity_ranges: z.array(validityRange, { error: 'expected a list of validity ranges' }).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.collection_type === 'TAGGED' && item.dataset_ids === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dataset_ids'], message: 'TAGGED associations need dataset_ids' });
    }
    if (item.collection_type === 'CALIBRATION' && item.validity_ranges === undefined) {
      ctx.addIssue({ code: 'custom', path: ['validity_ranges'], message: 'CALIBRATION associations need validity_ranges' });
    }
  });

/** Item schemas by their `type`. */
export const ITEM_SCHEMAS = {
  dimension: dimensionItem,
  collection: collectionItem,
  run: runItem,
  dataset_type: datasetTypeItem,
  dataset: datasetItem,
  associations: associationsItem,
} as const;

/** An item `type` the format knows. */
export type RawItemType = keyof typeof ITEM_SCHEMAS;

/** A validated raw item. */
export type RawItem = { [K in RawItemType]: z.infer<(typeof ITEM_SCHEMAS)[K]> }[RawItemType];

/** The top-level mapping (without `data`, validated item by item). */
export const documentHeader = z.object({
  description: str.optional(),
  version: z.unknown().optional(),
  universe_version: z.bigint({ error: 'expected an integer' }).optional(),
  universe_namespace: name.optional(),
  data: z.array(z.unknown(), { error: expected('a list of items') }),
});
