/**
 * Migration of dimension records exported with an older dimension universe to universe v8, following
 * what daf_butler's YAML importer does (`transfers/_yaml.py`, `YamlRepoImportBackend.__init__`) for
 * the `daf_butler` namespace:
 *
 * - universe < 1: `visit.seeing` is dropped; a missing `visit.day_obs` is derived from the TAI date of
 *   `datetime_begin` (minus the instrument's day_obs offset when one is known).
 * - universe < 2: `visit.visit_system` becomes `visit_system_membership` records; dataset types
 *   that have both `visit` and `visit_system` lose `visit_system`.
 * - universe < 6: `exposure.group_name` becomes `exposure.group` (and `group_id` is dropped), with a
 *   `group` record per (instrument, name); a `day_obs` record is made for every (instrument, day_obs)
 *   of exposure and visit records, with the day's timespan when the offset is known, else none (the
 *   record then has no `datetime_begin`/`datetime_end` keys: explicit nulls would read as unbounded).
 */
import { timespanFromDayObs } from '../time/index.js';
import type { DatasetTypeItem, DimensionItem, ExportDocument, ExportItem, ExportRecord, ExportValue } from './export-model.js';
import { UniverseMigrationError } from './errors.js';
import { exportTimeFromTaiNs } from './export-time.js';

/** The universe version the records are migrated to (the pinned daf_butler's default universe). */
export const TARGET_UNIVERSE_VERSION = 8;

/** Options of {@link migrateDimensionRecords}. */
export interface UniverseMigrationOptions {
  /**
   * The instrument's day_obs offset in seconds (daf_butler asks the instrument class's metadata
   * translator, `observing_date_to_offset`). Default: unknown for every instrument (`undefined`), which
   * is what daf_butler does when the instrument class cannot be imported: visit day_obs = TAI date,
   * day_obs records without timespan.
   */
  dayObsOffsetSeconds?: (instrument: string, className: string | undefined) => number | undefined;
}

/** Result of {@link migrateDimensionRecords}. */
export interface UniverseMigrationResult {
  /** The migrated document, `universeVersion` = {@link TARGET_UNIVERSE_VERSION}. */
  readonly document: ExportDocument;
  /** What was changed, one sentence each. */
  readonly applied: string[];
  /** Things daf_butler would warn about (e.g. day_obs records without timespan). */
  readonly warnings: string[];
}

function records(doc: ExportDocument, element: string): ExportRecord[] {
  return doc.data.flatMap((i) => (i.type === 'dimension' && i.element === element ? i.records : []));
}

function appliesTo(doc: ExportDocument, fromVersion: number, below: number): boolean {
  return doc.universeNamespace === 'daf_butler' && fromVersion < below;
}

/**
 * The universe migrations a document's records need to fit universe v8 (empty when none), as
 * sentences naming elements and fields. Also lists what neither daf_butler nor gen2to3 migrates.
 */
export function pendingUniverseMigrations(doc: ExportDocument, fromVersion = doc.universeVersion): string[] {
  const out: string[] = [];
  const visits = records(doc, 'visit');
  const exposures = records(doc, 'exposure');
  if (appliesTo(doc, fromVersion, 1)) {
    if (visits.some((r) => 'seeing' in r)) out.push('visit.seeing: dropped (universe 1)');
    if (visits.some((r) => !('day_obs' in r))) out.push('visit.day_obs: derived from datetime_begin (universe 1)');
  }
  if (appliesTo(doc, fromVersion, 2)) {
    if (visits.some((r) => 'visit_system' in r)) out.push('visit.visit_system: moved to visit_system_membership records (universe 2)');
    if (doc.data.some((i) => i.type === 'dataset_type' && i.dimensions.includes('visit') && i.dimensions.includes('visit_system'))) {
      out.push('dataset_type.dimensions: visit_system removed where visit is present (universe 2)');
    }
    if (records(doc, 'visit_definition').some((r) => 'visit_system' in r)) {
      out.push('visit_definition.visit_system: NOT migrated (daf_butler does not either; the field no longer exists in universe 2+)');
    }
  }
  if (appliesTo(doc, fromVersion, 6)) {
    if (exposures.some((r) => 'group_name' in r || 'group_id' in r)) out.push('exposure.group_name/group_id: replaced by exposure.group and group records (universe 6)');
    if (exposures.length + visits.length > 0) out.push('day_obs: records created from exposure/visit day_obs values (universe 6)');
  }
  return out;
}

function tai(record: ExportRecord, field: string): string | undefined {
  const v = record[field];
  return typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'time' ? v.tai : undefined;
}

function taiDayObs(taiIso: string, offsetSeconds: number | undefined): number {
  const ms = Date.parse(`${taiIso.slice(0, 19).replace(' ', 'T')}Z`) - (offsetSeconds ? offsetSeconds * 1000 : 0);
  const d = new Date(ms);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/**
 * Migrates the dimension records (and dataset type dimensions) of a document exported with universe
 * `fromVersion` < 8 to universe v8, as daf_butler's importer does (see the module notes). Documents of
 * another namespace or of universe ≥ 8 are returned unchanged (with `universeVersion` kept).
 *
 * @param doc - a parsed document (not modified).
 * @param fromVersion - the universe the records follow. Default is `doc.universeVersion`.
 * @throws UniverseMigrationError when a record lacks what the migration needs (e.g. visit
 *   `datetime_begin` to derive `day_obs`).
 */
export function migrateDimensionRecords(
  doc: ExportDocument,
  fromVersion = doc.universeVersion,
  options: UniverseMigrationOptions = {},
): UniverseMigrationResult {
  if (doc.universeNamespace !== 'daf_butler' || fromVersion >= TARGET_UNIVERSE_VERSION) return { document: doc, applied: [], warnings: [] };
  const applied = new Set<string>();
  const warnings: string[] = [];
  const classNames = new Map<string, string | undefined>();
  for (const r of records(doc, 'instrument')) {
    if (typeof r.name === 'string') classNames.set(r.name, typeof r.class_name === 'string' ? r.class_name : undefined);
  }
  const offsetOf = (instrument: string): number | undefined => options.dayObsOffsetSeconds?.(instrument, classNames.get(instrument));
  const dayObs = new Map<string, { instrument: string; id: bigint }>();
  const groups = new Map<string, ExportRecord>();
  const out: ExportItem[] = [];
  let insertAt = -1;

  for (const item of doc.data) {
    if (item.type === 'dataset_type') {
      out.push(migrateDatasetType(item, fromVersion, applied));
      continue;
    }
    if (item.type !== 'dimension' || (item.element !== 'visit' && item.element !== 'exposure')) {
      out.push(item);
      continue;
    }
    if (insertAt < 0) insertAt = out.length;
    const migrated: ExportRecord[] = [];
    const memberships: ExportRecord[] = [];
    item.records.forEach((original, index) => {
      let r: ExportRecord = { ...original };
      const instrument = String(r.instrument);
      if (item.element === 'visit') {
        if (fromVersion < 1 && 'seeing' in r) {
          delete r.seeing;
          applied.add('visit.seeing dropped');
        }
        if (fromVersion < 1 && !('day_obs' in r)) {
          const begin = tai(r, 'datetime_begin');
          if (begin === undefined) throw new UniverseMigrationError(`visit record ${index} (id ${String(r.id)}) has no datetime_begin to derive day_obs from`);
          r.day_obs = BigInt(taiDayObs(begin, offsetOf(instrument)));
          applied.add('visit.day_obs derived from the TAI date of datetime_begin');
        }
        if (fromVersion < 2 && 'visit_system' in r) {
          memberships.push({ instrument: r.instrument ?? null, visit_system: r.visit_system ?? null, visit: r.id ?? null });
          delete r.visit_system;
          applied.add('visit.visit_system moved to visit_system_membership records');
        }
      } else if (fromVersion < 6 && ('group_name' in r || 'group_id' in r)) {
        const group = r.group_name ?? null;
        groups.set(`${instrument}\u0000${String(group)}`, { instrument: r.instrument ?? null, name: group });
        applied.add('exposure.group_name/group_id replaced by exposure.group, with group records');
        // Keep the field order: `group` takes the place of `group_name`.
        r = Object.fromEntries(Object.entries(r).flatMap(([k, v]): [string, ExportValue][] => (k === 'group_name' ? [['group', v]] : k === 'group_id' ? [] : [[k, v]])));
      }
      if (fromVersion < 6 && typeof r.day_obs === 'bigint') dayObs.set(`${instrument}\u0000${r.day_obs}`, { instrument, id: r.day_obs });
      migrated.push(r);
    });
    out.push({ type: 'dimension', element: item.element, records: migrated });
    if (memberships.length > 0) out.push({ type: 'dimension', element: 'visit_system_membership', records: memberships });
  }

  const created: DimensionItem[] = [];
  if (groups.size > 0) created.push({ type: 'dimension', element: 'group', records: [...groups.values()] });
  if (dayObs.size > 0) {
    const missing = new Set<string>();
    const dayRecords = [...dayObs.values()]
      .sort((a, b) => (a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ instrument, id }): ExportRecord => {
        const offset = offsetOf(instrument);
        if (offset === undefined) {
          missing.add(instrument);
          // No datetime_begin/datetime_end at all: daf_butler reads explicit nulls as an unbounded timespan.
          return { instrument, id };
        }
        const span = timespanFromDayObs(Number(id), offset);
        return { instrument, id, datetime_begin: exportTimeFromTaiNs(span.begin), datetime_end: exportTimeFromTaiNs(span.end) };
      });
    created.push({ type: 'dimension', element: 'day_obs', records: dayRecords });
    applied.add('day_obs records created from exposure/visit day_obs values');
    if (missing.size > 0) {
      warnings.push(`day_obs records without timespans (no day_obs offset known for instrument(s): ${[...missing].sort().join(', ')})`);
    }
  }
  if (created.length > 0) out.splice(insertAt < 0 ? out.length : insertAt, 0, ...created);
  return { document: { ...doc, universeVersion: TARGET_UNIVERSE_VERSION, data: out }, applied: [...applied], warnings };
}

function migrateDatasetType(item: DatasetTypeItem, fromVersion: number, applied: Set<string>): DatasetTypeItem {
  if (fromVersion < 2 && item.dimensions.includes('visit') && item.dimensions.includes('visit_system')) {
    applied.add('visit_system removed from dataset types that have visit');
    return { ...item, dimensions: item.dimensions.filter((d) => d !== 'visit_system') };
  }
  return item;
}
