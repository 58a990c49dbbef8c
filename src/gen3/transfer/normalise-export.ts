/**
 * Normalises validated raw items of any supported format version into the 1.0.2 model, applying
 * the conversions daf_butler's YAML importer applies (`transfers/_yaml.py`).
 */
import { toDashedUuid } from '../ids/index.js';
import type {
  CollectionItem,
  ExportDataId,
  ExportItem,
  ExportRecord,
  ExportTime,
  ExportTimespan,
  ExportValue,
} from './export-model.js';
import { exportTimeFromUtcTimestamp } from './export-time.js';
import { SPHGEOM_TAG_PREFIX, TIME_TAG, type RawDataId, type RawDatasetId, type RawItem, type RawTime } from './export-schema.js';
import { legacyDatasetIdToUuid } from './legacy-dataset-id.js';
import { YamlBinary, YamlTagged, YamlTimestamp, type YamlValue } from './yaml-tree.js';

/** Collects the format migrations applied (each message once). */
export class MigrationLog {
  private readonly seen = new Set<string>();
  note(message: string): void {
    this.seen.add(message);
  }
  get messages(): string[] {
    return [...this.seen];
  }
}

function time(raw: RawTime, log: MigrationLog): ExportTime {
  if (raw instanceof YamlTimestamp) {
    log.note('native YAML timestamps (read as UTC) converted to !butler_time/tai/iso TAI times');
    return exportTimeFromUtcTimestamp(raw.text);
  }
  return { kind: 'time', tai: String(raw.value) };
}

function nullableTime(raw: RawTime | null | undefined, log: MigrationLog): ExportTime | null {
  return raw === null || raw === undefined ? null : time(raw, log);
}

function datasetId(raw: RawDatasetId, log: MigrationLog): string {
  if (typeof raw === 'bigint') {
    log.note('integer dataset ids mapped to UUIDs as daf_butler does (uuid3 in namespace 4d4851f4-2890-4d41-8779-5f38a3f5062b)');
    return legacyDatasetIdToUuid(raw);
  }
  return toDashedUuid(typeof raw === 'string' ? raw : String(raw.value));
}

function datasetIds(raw: readonly RawDatasetId[], log: MigrationLog): string[] {
  return raw.map((id) => datasetId(id, log));
}

function recordValue(v: YamlValue, log: MigrationLog): ExportValue {
  if (v instanceof YamlBinary) return { kind: 'binary', base64: v.base64 };
  if (v instanceof YamlTimestamp) return time(v, log);
  if (v instanceof YamlTagged) {
    if (v.tag === TIME_TAG) return time(v, log);
    if (v.tag.startsWith(SPHGEOM_TAG_PREFIX)) {
      const encoded = (v.value as Record<string, YamlValue>).encoded;
      return { kind: 'region', tag: v.tag, encoded: String(encoded).toLowerCase() };
    }
  }
  return v as ExportValue;
}

function dataId(raw: RawDataId): ExportDataId {
  return { ...raw };
}

function timespanOf(raw: YamlTagged, log: MigrationLog): ExportTimespan {
  if (raw.value === 'EMPTY') return { kind: 'empty' };
  const m = raw.value as Record<string, RawTime | null>;
  return { kind: 'timespan', begin: nullableTime(m.begin, log), end: nullableTime(m.end, log) };
}

function collection(item: Extract<RawItem, { type: 'collection' }>, log: MigrationLog): CollectionItem {
  const doc = item.doc === null || item.doc === undefined ? {} : { doc: item.doc };
  switch (item.collection_type) {
    case 'RUN':
      return {
        type: 'collection',
        collectionType: 'RUN',
        name: item.name,
        ...doc,
        host: item.host ?? null,
        timespanBegin: nullableTime(item.timespan_begin, log),
        timespanEnd: nullableTime(item.timespan_end, log),
      };
    case 'CHAINED':
      return {
        type: 'collection',
        collectionType: 'CHAINED',
        name: item.name,
        ...doc,
        children: (item.children ?? []).map((c) => {
          if (typeof c === 'string') return c;
          log.note('CHAINED children with dataset type restrictions reduced to their names (restrictions are no longer supported)');
          return c[0];
        }),
      };
    default:
      return { type: 'collection', collectionType: item.collection_type, name: item.name, ...doc };
  }
}

/** Converts one validated raw item to its 1.0.2 form. */
export function normaliseItem(item: RawItem, log: MigrationLog): ExportItem {
  switch (item.type) {
    case 'dimension':
      return {
        type: 'dimension',
        element: item.element,
        records: item.records.map((r) => {
          const out: ExportRecord = {};
          for (const [k, v] of Object.entries(r)) out[k] = recordValue(v, log);
          return out;
        }),
      };
    case 'collection':
      return collection(item, log);
    case 'run':
      log.note("legacy 'run' items converted to RUN collections (host and timespan null)");
      return { type: 'collection', collectionType: 'RUN', name: item.name, host: null, timespanBegin: null, timespanEnd: null };
    case 'dataset_type':
      if (item.is_calibration === undefined) log.note('dataset types without is_calibration read as not calibrations');
      return { type: 'dataset_type', name: item.name, dimensions: [...item.dimensions], storageClass: item.storage_class, isCalibration: item.is_calibration ?? false };
    case 'dataset':
      return {
        type: 'dataset',
        datasetType: item.dataset_type,
        run: item.run,
        records: item.records.map((r) => {
          if (!Array.isArray(r.dataset_id) || !Array.isArray(r.data_id)) log.note('single dataset_id/data_id values converted to lists');
          const ids = Array.isArray(r.dataset_id) ? r.dataset_id : [r.dataset_id];
          const dataIds = Array.isArray(r.data_id) ? r.data_id : [r.data_id];
          return {
            datasetIds: datasetIds(ids, log),
            dataIds: dataIds.map(dataId),
            path: r.path,
            ...(r.formatter === undefined ? {} : { formatter: r.formatter }),
          };
        }),
      };
    case 'associations':
      if (item.collection_type === 'TAGGED') {
        return { type: 'associations', collection: item.collection, collectionType: 'TAGGED', datasetIds: datasetIds(item.dataset_ids ?? [], log) };
      }
      return {
        type: 'associations',
        collection: item.collection,
        collectionType: 'CALIBRATION',
        validityRanges: (item.validity_ranges ?? []).map((range) => {
          if ('timespan' in range) return { timespan: timespanOf(range.timespan, log), datasetIds: datasetIds(range.dataset_ids, log) };
          log.note('legacy validity ranges {begin, end} converted to timespans');
          return { timespan: { kind: 'timespan', begin: nullableTime(range.begin, log), end: nullableTime(range.end, log) }, datasetIds: datasetIds(range.dataset_ids, log) };
        }),
      };
  }
}
