/**
 * `Butler.export` as a command: the datasets of some dataset types in some collections, with the
 * dimension records their data IDs need, the collections (chains with their children, TAGGED and
 * CALIBRATION memberships with validity ranges), dataset types and datastore paths, as an export
 * document daf_butler's `butler import` reads; optionally the files transferred into the export
 * directory (undone when anything fails).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/index.js';
import { FileTemplates, TransferBatch, fileExtension, fileUri, fileUriToPath, NULL_COMPONENT, type FileOperation } from '../datastore/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { uuidForEngine } from '../ids/index.js';
import type { CollectionRecord, DatasetRef, DatasetTypeRecord, Registry } from '../registry/index.js';
import { calibRows, decodeUuid, keyText, tagRows } from '../registry/index.js';
import { MAX_TAI_NS, MIN_TAI_NS, type Timespan } from '../time/index.js';
import { DimensionRecordCache } from './dimension-record-cache.js';
import type { CollectionItem, DatasetItem, ExportDocument, ExportFileDataset, ExportItem, ExportRecord, ExportTimespan } from './export-model.js';
import { exportTimeFromTaiNs } from './export-time.js';
import { dataIdToExport, recordToExport } from './record-values.js';
import { ExportRepositoryError } from './repository-transfer-errors.js';
import { templateRefFor } from './template-refs.js';
import { writeExport } from './write-export.js';

/** How files are exported (`Butler.export(transfer=…)`); `undefined` keeps the datastore paths. */
export type ExportTransfer = Exclude<FileOperation, 'none' | 'move'>;

/** Options of {@link planExport}. */
export interface ExportRepositoryOptions {
  /** Collections whose datasets are exported (CHAINED ones with all their children). */
  readonly collections: readonly string[];
  /** Dataset type names or globs (default every dataset type). */
  readonly datasetTypes?: readonly string[];
  /** Export directory (files go there with a transfer). */
  readonly directory: string;
  /** File transfer into `directory`; undefined: paths as stored in the datastore. */
  readonly transfer?: ExportTransfer;
  /** Keeps only the datasets it accepts (e.g. a `--where` expression). */
  readonly filter?: (type: DatasetTypeRecord, ref: DatasetRef) => boolean | Promise<boolean>;
}

/** One file to copy/link into the export directory. */
export interface ExportFileTransfer {
  readonly source: string;
  readonly target: string;
  readonly operation: Exclude<ExportTransfer, 'direct'>;
}

/** The document and the file operations of an export, decided before anything is written. */
export interface ExportPlan {
  readonly document: ExportDocument;
  readonly files: ExportFileTransfer[];
}

function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i];
    const y = b[i];
    if (keyText(x) === keyText(y)) continue;
    if (typeof x === 'string' || typeof y === 'string') return String(x) < String(y) ? -1 : 1;
    return BigInt(x as number) < BigInt(y as number) ? -1 : 1;
  }
  return 0;
}

function exportTimespan(t: Timespan | undefined): ExportTimespan {
  if (!t) return { kind: 'timespan', begin: null, end: null };
  if (t.begin >= t.end) return { kind: 'empty' };
  return { kind: 'timespan', begin: t.begin <= MIN_TAI_NS ? null : exportTimeFromTaiNs(t.begin), end: t.end >= MAX_TAI_NS ? null : exportTimeFromTaiNs(t.end) };
}

interface StoredFile {
  readonly path: string;
  readonly formatter: string;
}

/** `file_datastore_records` of the datasets (one per dataset; disassembled datasets are refused as daf_butler does). */
async function storedFiles(db: Database, ids: readonly string[]): Promise<Map<string, StoredFile>> {
  const out = new Map<string, StoredFile>();
  if (!(await db.listTables()).includes('file_datastore_records')) return out;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500).map((id) => uuidForEngine(id, db.dialect));
    const rows = (await db.knex('file_datastore_records').select('*').whereIn('dataset_id', chunk)) as Record<string, unknown>[];
    for (const r of rows) {
      const id = decodeUuid(r.dataset_id);
      if (out.has(id) || (r.component !== NULL_COMPONENT && r.component !== null)) throw new ExportRepositoryError(`Can not export disassembled datasets such as ${id}`);
      out.set(id, { path: String(r.path), formatter: String(r.formatter) });
    }
  }
  return out;
}

type RecordsByElement = Map<string, Map<string, Record<string, unknown>>>;

function addRecord(universe: DimensionUniverse, cache: DimensionRecordCache, records: RecordsByElement, element: string, rec: Record<string, unknown>): void {
  const key = universe.element(element).required.map((d) => keyText(rec[cache.column(element, d)])).join('\u0000');
  let m = records.get(element);
  if (!m) records.set(element, (m = new Map()));
  if (!m.has(key)) m.set(key, rec);
}

/**
 * daf_butler's `populated_by` step of `saveDataIds`: for each exported element E, the records of
 * the elements populated by E (`visit` → `visit_definition`, `visit_detector_region`,
 * `visit_system_membership`) that match E's records, unless that element is already exported;
 * then the records of the dimensions those refer to (e.g. the exposures of `visit_definition`).
 */
async function addPopulatedBy(universe: DimensionUniverse, cache: DimensionRecordCache, records: RecordsByElement): Promise<void> {
  const primary = new Set(records.keys());
  const additional: { element: string; rec: Record<string, unknown> }[] = [];
  for (const source of primary) {
    const sourceElement = universe.element(source);
    const keys = new Set([...(records.get(source)?.values() ?? [])].map((r) => sourceElement.required.map((d) => keyText(r[cache.column(source, d)])).join('\u0000')));
    for (const [name, cfg] of Object.entries(universe.config.elements)) {
      if (cfg.populated_by !== source || name === source || primary.has(name) || !universe.element(name).hasTable) continue;
      for (const rec of await cache.all(name)) {
        if (keys.has(sourceElement.required.map((d) => keyText(rec[cache.column(name, d)])).join('\u0000'))) additional.push({ element: name, rec });
      }
    }
  }
  for (const { element, rec } of additional) {
    addRecord(universe, cache, records, element, rec);
    for (const d of universe.element(element).required) {
      const dimension = universe.element(d);
      const subset = Object.fromEntries(dimension.required.map((k) => [k, rec[cache.column(element, k)]]));
      const { records: recs } = await cache.expand([d], subset);
      for (const [e, r] of Object.entries(recs)) if (r) addRecord(universe, cache, records, e, r);
    }
  }
}

/**
 * Plans an export (reads the registry, writes nothing).
 * @throws ExportRepositoryError for a dataset without datastore record, a disassembled one, or `move`.
 * @throws MissingCollectionError for an unknown collection.
 */
export async function planExport(registry: Registry, root: string, options: ExportRepositoryOptions, templates: FileTemplates = new FileTemplates()): Promise<ExportPlan> {
  const universe = registry.universe;
  // Collections: the named ones, chains with their children (recursively).
  const saved = new Map<string, CollectionRecord>();
  const chains = new Map<string, string[]>();
  const visit = async (name: string): Promise<void> => {
    if (saved.has(name)) return;
    const c = await registry.getCollection(name);
    saved.set(name, c);
    if (c.type === 'CHAINED') {
      const children = await registry.getCollectionChain(name);
      chains.set(name, children);
      for (const child of children) await visit(child);
    }
  };
  for (const c of options.collections) await visit(c);
  const searched = [...saved.values()].filter((c) => c.type !== 'CHAINED').map((c) => c.name);

  // Datasets of the selected types in those collections.
  const patterns = (options.datasetTypes && options.datasetTypes.length > 0 ? options.datasetTypes : ['*']).map(globRegExp);
  const types = (await registry.queryDatasetTypes()).filter((t) => patterns.some((p) => p.test(t.name)));
  const byType: { type: DatasetTypeRecord; refs: DatasetRef[] }[] = [];
  const exported = new Set<string>();
  for (const type of types) {
    if (searched.length === 0) break;
    const refs: DatasetRef[] = [];
    for (const r of await registry.queryDatasets(type.name, searched)) if (!exported.has(r.id) && (!options.filter || (await options.filter(type, r)))) refs.push(r);
    for (const r of refs) exported.add(r.id);
    if (refs.length > 0) byType.push({ type, refs });
  }
  const files = await storedFiles(registry.db, [...exported]);
  const missing = [...exported].filter((id) => !files.has(id));
  if (missing.length > 0) throw new ExportRepositoryError(`Could not retrieve dataset ${missing[0]}: it has no datastore record (${missing.length} dataset(s) without files)`);

  // Dimension records of every data ID.
  const cache = new DimensionRecordCache(registry);
  const records: RecordsByElement = new Map();
  for (const { type, refs } of byType) {
    for (const ref of refs) {
      const { records: recs } = await cache.expand(type.dimensions, ref.dataId);
      for (const [element, rec] of Object.entries(recs)) if (rec) addRecord(universe, cache, records, element, rec);
    }
  }

  await addPopulatedBy(universe, cache, records);

  const data: ExportItem[] = [];
  for (const element of universe.sort(records.keys())) {
    const e = universe.element(element);
    const rows = [...(records.get(element) ?? new Map<string, Record<string, unknown>>()).values()].sort((a, b) =>
      compareKeys(e.required.map((d) => a[cache.column(element, d)]), e.required.map((d) => b[cache.column(element, d)])),
    );
    data.push({ type: 'dimension', element, records: rows.map((r): ExportRecord => recordToExport(universe, element, r)) });
  }

  // Collections: runs of the datasets too; non-chained sorted by name, then chains once their children are written.
  for (const { refs } of byType) for (const ref of refs) if (!saved.has(ref.run)) saved.set(ref.run, await registry.getCollection(ref.run, 'RUN'));
  const order = [...saved.values()].filter((c) => c.type !== 'CHAINED').map((c) => c.name).sort();
  const pending = new Map(chains);
  while (pending.size > 0) {
    const ready = [...pending].filter(([, children]) => !children.some((c) => pending.has(c))).map(([n]) => n).sort();
    if (ready.length === 0) throw new ExportRepositoryError(`cycle in CHAINED collections ${[...pending.keys()].join(', ')}`);
    order.push(...ready);
    for (const n of ready) pending.delete(n);
  }
  for (const name of order) {
    const c = saved.get(name) as CollectionRecord;
    const doc = c.doc !== null && c.doc !== undefined ? { doc: c.doc } : {};
    let item: CollectionItem;
    if (c.type === 'RUN') item = { type: 'collection', collectionType: 'RUN', name, ...doc, host: null, timespanBegin: null, timespanEnd: null };
    else if (c.type === 'CHAINED') item = { type: 'collection', collectionType: 'CHAINED', name, ...doc, children: chains.get(name) ?? [] };
    else item = { type: 'collection', collectionType: c.type, name, ...doc };
    data.push(item);
  }

  // Dataset types and datasets, by type name then run; files transferred when asked.
  const transfers: ExportFileTransfer[] = [];
  const rootUri = path.resolve(root);
  for (const { type, refs } of [...byType].sort((a, b) => (a.type.name < b.type.name ? -1 : 1))) {
    const { required, implied } = universe.closure(type.dimensions);
    const runs = [...new Set(refs.map((r) => r.run))].sort();
    for (const run of runs) {
      data.push({ type: 'dataset_type', name: type.name, dimensions: universe.sort([...required, ...implied]), storageClass: type.storageClass, isCalibration: type.isCalibration });
      const fileItems: ExportFileDataset[] = [];
      for (const ref of refs.filter((r) => r.run === run)) {
        const stored = files.get(ref.id) as StoredFile;
        const local = fileUriToPath(stored.path);
        const absolute = local ?? (path.isAbsolute(stored.path) ? stored.path : path.join(rootUri, stored.path));
        let p = stored.path;
        if (options.transfer === 'direct') p = local !== undefined ? stored.path : fileUri(absolute);
        else if (options.transfer !== undefined) {
          if (local !== undefined || path.isAbsolute(stored.path)) p = templates.format(await templateRefFor(cache, type, ref)) + fileExtension(absolute);
          transfers.push({ source: absolute, target: path.join(path.resolve(options.directory), p), operation: options.transfer });
        }
        fileItems.push({ datasetIds: [ref.id], dataIds: [dataIdToExport(ref.dataId)], path: p, formatter: stored.formatter });
      }
      const item: DatasetItem = { type: 'dataset', datasetType: type.name, run, records: fileItems };
      data.push(item);
    }
  }

  // TAGGED and CALIBRATION memberships of the exported datasets in the saved collections.
  const assoc = new Map<string, { type: CollectionRecord; tagged: string[]; ranges: Map<string, { timespan: Timespan | undefined; ids: string[] }> }>();
  for (const { type } of byType) {
    for (const c of saved.values()) {
      if (c.type !== 'TAGGED' && !(c.type === 'CALIBRATION' && type.isCalibration)) continue;
      const rows = c.type === 'TAGGED' ? await tagRows(registry.db, type, c.id) : await calibRows(registry.db, type, c.id);
      for (const row of rows) {
        if (!exported.has(row.datasetId)) continue;
        let a = assoc.get(c.name);
        if (!a) assoc.set(c.name, (a = { type: c, tagged: [], ranges: new Map() }));
        if (c.type === 'TAGGED') a.tagged.push(row.datasetId);
        else {
          const key = row.timespan ? `${row.timespan.begin}/${row.timespan.end}` : 'none';
          const r = a.ranges.get(key) ?? { timespan: row.timespan, ids: [] };
          r.ids.push(row.datasetId);
          a.ranges.set(key, r);
        }
      }
    }
  }
  for (const name of [...assoc.keys()].sort()) {
    const a = assoc.get(name)!;
    if (a.type.type === 'TAGGED') data.push({ type: 'associations', collection: name, collectionType: 'TAGGED', datasetIds: a.tagged });
    else data.push({ type: 'associations', collection: name, collectionType: 'CALIBRATION', validityRanges: [...a.ranges.values()].map((r) => ({ timespan: exportTimespan(r.timespan), datasetIds: r.ids })) });
  }

  return {
    document: { description: 'Butler Data Repository Export', universeVersion: universe.version, universeNamespace: universe.namespace, data },
    files: transfers,
  };
}

/**
 * Writes an {@link ExportPlan}: transfers the files into the export directory (all undone if one
 * fails), then writes the document to `exportFile`.
 * @throws ExportRepositoryError when the directory does not exist with a transfer; TransferError for a file.
 */
export async function writeExportPlan(plan: ExportPlan, exportFile: string): Promise<void> {
  const batch = new TransferBatch({ overwrite: false });
  try {
    for (const f of plan.files) {
      await batch.apply({ datasetId: '', operation: f.operation, source: f.source, target: f.target, recordPath: '', formatter: '', storageClass: '', component: NULL_COMPONENT });
    }
    await fs.writeFile(exportFile, writeExport(plan.document));
  } catch (e) {
    await batch.rollback();
    throw e;
  }
  await batch.commit();
}

/** {@link planExport} then {@link writeExportPlan} into `directory/exportFile`. */
export async function exportRepository(registry: Registry, root: string, options: ExportRepositoryOptions & { exportFile?: string }, templates?: FileTemplates): Promise<ExportPlan> {
  try {
    if (!(await fs.stat(options.directory)).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new ExportRepositoryError(`Export location ${options.directory} does not exist`, { cause: e });
  }
  const plan = await planExport(registry, root, options, templates);
  await writeExportPlan(plan, path.resolve(options.directory, options.exportFile ?? 'export.yaml'));
  return plan;
}
