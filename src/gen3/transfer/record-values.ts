/**
 * Dimension record and data ID values between the export model and the registry: times ↔ TAI ns,
 * `datetime_begin`/`datetime_end` ↔ the `timespan` column, sphgeom regions (hex in exports) ↔ the
 * base64 text daf_butler stores (`Base64Region`), `!!binary` hashes ↔ base64 (`Base64Bytes`).
 */
import type { DimensionUniverse } from '../dimensions/index.js';
import type { DataId, DimensionRecord } from '../registry/index.js';
import { MAX_TAI_NS, MIN_TAI_NS, makeTimespan, type Timespan } from '../time/index.js';
import type { ExportDataId, ExportRecord, ExportValue } from './export-model.js';
import { exportTimeFromTaiNs, exportTimeToTaiNs } from './export-time.js';
import { ImportRepositoryError } from './repository-transfer-errors.js';

/** sphgeom's encoding type byte → class name (for the `!<lsst.sphgeom.X>` tag). */
const REGION_TAGS: Readonly<Record<number, string>> = {
  0x70: 'lsst.sphgeom.ConvexPolygon',
  0x63: 'lsst.sphgeom.Circle',
  0x65: 'lsst.sphgeom.Ellipse',
  0x62: 'lsst.sphgeom.Box',
  0x75: 'lsst.sphgeom.UnionRegion',
  0x69: 'lsst.sphgeom.IntersectionRegion',
};

function fieldType(universe: DimensionUniverse, element: string, field: string): string | undefined {
  const e = universe.element(element);
  if (field === 'region') return 'region';
  return [...e.keys, ...e.metadata].find((f) => f.name === field)?.type;
}

function importValue(element: string, field: string, v: ExportValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  switch (v.kind) {
    case 'time':
      return exportTimeToTaiNs(v);
    case 'region':
      return Buffer.from(v.encoded, 'hex').toString('base64');
    case 'binary':
      return v.base64;
  }
  throw new ImportRepositoryError(`${element}.${field}: unsupported value`);
}

/** One exported record as a registry {@link DimensionRecord} (the split timespan joined). */
export function recordFromExport(element: string, record: ExportRecord): DimensionRecord {
  const out: Record<string, unknown> = {};
  let begin: bigint | null | undefined;
  let end: bigint | null | undefined;
  for (const [k, v] of Object.entries(record)) {
    if (k === 'datetime_begin' || k === 'timespan_begin') begin = v === null ? null : (importValue(element, k, v) as bigint);
    else if (k === 'datetime_end' || k === 'timespan_end') end = v === null ? null : (importValue(element, k, v) as bigint);
    else out[k] = importValue(element, k, v);
  }
  if (begin !== undefined || end !== undefined) out.timespan = begin === null && end === null ? null : makeTimespan(begin ?? null, end ?? null);
  return out;
}

function isTimespan(v: unknown): v is Timespan {
  return typeof v === 'object' && v !== null && 'begin' in v && 'end' in v;
}

/** One registry record (as `queryDimensionRecords` decodes it) as an exported record. */
export function recordToExport(universe: DimensionUniverse, element: string, row: Readonly<Record<string, unknown>>): ExportRecord {
  const out: ExportRecord = {};
  let timespan: Timespan | null | undefined;
  for (const [k, v] of Object.entries(row)) {
    if (k === 'timespan') {
      timespan = isTimespan(v) ? v : null;
      continue;
    }
    const type = fieldType(universe, element, k);
    if (v === null || v === undefined) out[k] = null;
    else if (type === 'region') {
      const bytes = Buffer.from(String(v), 'base64');
      out[k] = { kind: 'region', tag: REGION_TAGS[bytes[0] ?? 0] ?? 'lsst.sphgeom.Region', encoded: bytes.toString('hex') };
    } else if (type === 'hash') out[k] = { kind: 'binary', base64: String(v) };
    else if (type === 'float') out[k] = Number(v);
    else if (typeof v === 'number') out[k] = Number.isInteger(v) && type !== 'float' ? BigInt(v) : v;
    else if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else out[k] = String(v);
  }
  // daf_butler's toDict(splitTimespan=True): no datetime_* keys at all for a record without timespan.
  if (timespan) {
    out.datetime_begin = timespan.begin <= MIN_TAI_NS ? null : exportTimeFromTaiNs(timespan.begin);
    out.datetime_end = timespan.end >= MAX_TAI_NS ? null : exportTimeFromTaiNs(timespan.end);
  }
  return out;
}

/** A registry data ID as an exported one (integers as bigint). */
export function dataIdToExport(dataId: DataId): ExportDataId {
  return Object.fromEntries(Object.entries(dataId).map(([k, v]) => [k, typeof v === 'string' ? v : BigInt(v)]));
}

/** An exported data ID as registry input (bigints that fit become numbers). */
export function dataIdFromExport(dataId: ExportDataId): Record<string, string | number | bigint> {
  return Object.fromEntries(Object.entries(dataId).map(([k, v]) => [k, typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v]));
}
