import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseDocument } from 'yaml';
import type { ConversionPlan } from '../../../src/convert/plan/index.js';
import { loadGen3Files } from '../../../src/convert/verify/gen3-files.js';
import type { DimensionUniverse } from '../../../src/gen3/dimensions/index.js';
import { calibRows, getCollection, Registry } from '../../../src/gen3/registry/index.js';
import type { Repository } from '../../../src/gen3/repo/index.js';

/**
 * A converted repository reduced to what issue #4 compares with the reference converter:
 * collections (type, chain members), dataset types (dimensions, storage class, calibration flag),
 * datasets (type, run, data ID, path relative to the Gen2 root) and validity ranges.
 */
export interface RepoModel {
  readonly collections: ReadonlyMap<string, { readonly type: string; readonly children?: readonly string[] }>;
  readonly datasetTypes: ReadonlyMap<string, { readonly dimensions: readonly string[]; readonly storageClass: string; readonly isCalibration: boolean }>;
  /** `type | run | k=v,… | relative path` */
  readonly datasets: ReadonlySet<string>;
  /** `type | collection | k=v,… | begin | end` (TAI ns; unbounded as 0 and 4102444800000000000). */
  readonly validity: ReadonlySet<string>;
}

/** One difference: aspect, key, and what each side has. */
export interface ModelDifference {
  readonly aspect: 'collection' | 'datasetType' | 'dataset' | 'validity';
  readonly key: string;
  readonly ours: string;
  readonly reference: string;
}

/** An explained, expected difference: matches differences by aspect and key (and optionally what the reference has). */
export interface ExpectedDifference {
  readonly aspect: ModelDifference['aspect'];
  readonly key: RegExp;
  readonly ours?: RegExp;
  readonly reference?: RegExp;
  /** Why the difference is right: newer dimension universe, curated calibrations (never fabricated), or a written-down deviation. */
  readonly why: string;
}

const MAX = '4102444800000000000';
const idText = (dataId: Readonly<Record<string, unknown>>, keys?: readonly string[]) =>
  (keys ?? Object.keys(dataId))
    .filter((k) => dataId[k] !== undefined && dataId[k] !== null)
    .sort()
    .map((k) => `${k}=${String(dataId[k])}`)
    .join(',');
const COLLECTION_TYPES: Record<number, string> = { 1: 'RUN', 2: 'TAGGED', 3: 'CHAINED', 4: 'CALIBRATION' };

/**
 * Our side, from a plan. `dimensions: 'required'` lists a dataset type's required dimensions (what
 * an older registry stores), `'all'` required + implied (what an export lists). Data IDs keep the
 * required dimensions only.
 */
export function modelFromPlan(plan: ConversionPlan, universe: DimensionUniverse, dimensions: 'required' | 'all'): RepoModel {
  const required = new Map<string, readonly string[]>();
  const datasetTypes = new Map<string, { dimensions: readonly string[]; storageClass: string; isCalibration: boolean }>();
  for (const t of plan.datasetTypes) {
    const c = universe.closure(t.dimensions);
    required.set(t.name, c.required);
    datasetTypes.set(t.name, { dimensions: [...(dimensions === 'required' ? c.required : [...c.required, ...c.implied])].sort(), storageClass: t.storageClass, isCalibration: t.isCalibration });
  }
  const collections = new Map<string, { type: string; children?: readonly string[] }>();
  for (const c of plan.collections) collections.set(c.name, { type: c.type, ...(c.children ? { children: c.children } : {}) });
  for (const d of plan.datasets) if (!collections.has(d.run)) collections.set(d.run, { type: 'RUN' });
  const datasets = new Set(plan.datasets.map((d) => [d.datasetType, d.run, idText(d.dataId, required.get(d.datasetType)), path.relative(plan.gen2Root, d.path)].join(' | ')));
  const validity = new Set(plan.certifications.map((c) => [c.datasetType, c.collection, idText(c.dataId, required.get(c.datasetType)), c.begin, c.end].join(' | ')));
  return { collections, datasetTypes, datasets, validity };
}

/** The reference side from a registry made by the reference converter (2022 daf_butler schema, SQLite). */
export function modelFromReferenceSqlite(file: string): RepoModel {
  const db = new Database(file, { readonly: true });
  try {
    const names = new Map<number, string>();
    const collections = new Map<string, { type: string; children?: string[] }>();
    for (const r of db.prepare('select collection_id as id, name, type from collection').all() as { id: number; name: string; type: number }[]) {
      names.set(r.id, r.name);
      collections.set(r.name, { type: COLLECTION_TYPES[r.type] ?? String(r.type) });
    }
    for (const r of db.prepare('select parent, child from collection_chain order by parent, position').all() as { parent: number; child: number }[]) {
      const c = collections.get(names.get(r.parent)!)!;
      c.children = [...(c.children ?? []), names.get(r.child)!];
    }
    const types = db.prepare('select id, name, storage_class as sc, dimensions_key as dk, tag_association_table as tags, calibration_association_table as calibs from dataset_type').all() as {
      id: number;
      name: string;
      sc: string;
      dk: number;
      tags: string;
      calibs: string | null;
    }[];
    const graph = new Map<number, string[]>();
    for (const r of db.prepare('select dimension_graph_id as g, dimension_name as d from dimension_graph_definition').all() as { g: number; d: string }[]) graph.set(r.g, [...(graph.get(r.g) ?? []), r.d]);
    const datasetTypes = new Map(types.map((t) => [t.name, { dimensions: [...(graph.get(t.dk) ?? [])].sort(), storageClass: t.sc, isCalibration: t.calibs !== null }]));
    const paths = new Map((db.prepare('select dataset_id as id, path from file_datastore_records').all() as { id: string; path: string }[]).map((r) => [r.id, r.path]));
    const runOf = new Map((db.prepare('select id, run_id as run from dataset').all() as { id: string; run: number }[]).map((r) => [r.id, names.get(r.run)!]));
    const datasets = new Set<string>();
    const validity = new Set<string>();
    const fixed = new Set(['id', 'dataset_type_id', 'dataset_id', 'collection_id', 'timespan_begin', 'timespan_end']);
    for (const t of types) {
      for (const r of db.prepare(`select * from ${t.tags} where dataset_type_id = ?`).all(t.id) as Record<string, unknown>[]) {
        const id = String(r.dataset_id);
        const dataId = Object.fromEntries(Object.entries(r).filter(([k]) => !fixed.has(k)));
        if (names.get(Number(r.collection_id)) === runOf.get(id)) datasets.add([t.name, runOf.get(id), idText(dataId), paths.get(id) ?? '(no file)'].join(' | '));
      }
      if (t.calibs) {
        for (const r of db.prepare(`select * from ${t.calibs} where dataset_type_id = ?`).safeIntegers(true).all(t.id) as Record<string, unknown>[]) {
          const dataId = Object.fromEntries(Object.entries(r).filter(([k]) => !fixed.has(k)));
          validity.add([t.name, names.get(Number(r.collection_id)), idText(dataId), String(r.timespan_begin ?? 0), String(r.timespan_end ?? MAX)].join(' | '));
        }
      }
    }
    return { collections, datasetTypes, datasets, validity };
  } finally {
    db.close();
  }
}

interface ExportItem {
  type: string;
  name?: string;
  collection_type?: string;
  children?: string[];
  dimensions?: string[];
  storage_class?: string;
  is_calibration?: boolean;
  dataset_type?: string;
  run?: string;
  records?: { dataset_id: (number | string)[]; data_id: Record<string, unknown>[]; path: string }[];
  collection?: string;
  validity_ranges?: { begin: unknown; end: unknown; dataset_ids: (number | string)[] }[];
}

/** The reference side from a `butler export` YAML of the reference conversion. */
export function modelFromExport(file: string): RepoModel {
  const doc = parseDocument(readFileSync(file, 'utf8'), { version: '1.1' }).toJS({ maxAliasCount: -1 }) as { data: ExportItem[] };
  const collections = new Map<string, { type: string; children?: readonly string[] }>();
  const datasetTypes = new Map<string, { dimensions: readonly string[]; storageClass: string; isCalibration: boolean }>();
  const datasets = new Set<string>();
  const validity = new Set<string>();
  const byId = new Map<string, { type: string; dataId: Record<string, unknown> }>();
  for (const item of doc.data) {
    if (item.type === 'collection') collections.set(item.name!, { type: item.collection_type!, ...(item.children ? { children: item.children } : {}) });
    else if (item.type === 'dataset_type') datasetTypes.set(item.name!, { dimensions: [...(item.dimensions ?? [])].sort(), storageClass: item.storage_class!, isCalibration: item.is_calibration === true });
    else if (item.type === 'dataset') {
      for (const r of item.records ?? []) {
        r.data_id.forEach((dataId, i) => {
          byId.set(String(r.dataset_id[i]), { type: item.dataset_type!, dataId });
          datasets.add([item.dataset_type, item.run, idText(dataId), r.path].join(' | '));
        });
      }
    } else if (item.type === 'associations') {
      for (const v of item.validity_ranges ?? []) {
        for (const id of v.dataset_ids) {
          const d = byId.get(String(id));
          if (d) validity.add([d.type, item.collection, idText(d.dataId), v.begin === null ? '0' : String(v.begin), v.end === null ? MAX : String(v.end)].join(' | '));
        }
      }
    }
  }
  return { collections, datasetTypes, datasets, validity };
}

/** Every difference between two models. */
export function compareModels(ours: RepoModel, reference: RepoModel): ModelDifference[] {
  const out: ModelDifference[] = [];
  const describeCollection = (c: { type: string; children?: readonly string[] } | undefined) => (c ? `${c.type}${c.children ? ` [${c.children.join(', ')}]` : ''}` : '(missing)');
  for (const name of new Set([...ours.collections.keys(), ...reference.collections.keys()])) {
    const a = describeCollection(ours.collections.get(name));
    const b = describeCollection(reference.collections.get(name));
    if (a !== b) out.push({ aspect: 'collection', key: name, ours: a, reference: b });
  }
  const describeType = (t: { dimensions: readonly string[]; storageClass: string; isCalibration: boolean } | undefined) =>
    t ? `(${t.dimensions.join(', ')}) ${t.storageClass}${t.isCalibration ? ' calibration' : ''}` : '(missing)';
  for (const name of new Set([...ours.datasetTypes.keys(), ...reference.datasetTypes.keys()])) {
    const a = describeType(ours.datasetTypes.get(name));
    const b = describeType(reference.datasetTypes.get(name));
    if (a !== b) out.push({ aspect: 'datasetType', key: name, ours: a, reference: b });
  }
  for (const aspect of ['dataset', 'validity'] as const) {
    const a = aspect === 'dataset' ? ours.datasets : ours.validity;
    const b = aspect === 'dataset' ? reference.datasets : reference.validity;
    for (const k of a) if (!b.has(k)) out.push({ aspect, key: k, ours: 'present', reference: '(missing)' });
    for (const k of b) if (!a.has(k)) out.push({ aspect, key: k, ours: '(missing)', reference: 'present' });
  }
  return out;
}

/** Matches differences to the expected table: what is unexplained, and which table entries explain nothing (stale). */
export function explainDifferences(differences: readonly ModelDifference[], expected: readonly ExpectedDifference[]): { unexplained: ModelDifference[]; unused: ExpectedDifference[] } {
  const used = new Set<ExpectedDifference>();
  const unexplained: ModelDifference[] = [];
  for (const d of differences) {
    const e = expected.find((x) => x.aspect === d.aspect && x.key.test(d.key) && (!x.ours || x.ours.test(d.ours)) && (!x.reference || x.reference.test(d.reference)));
    if (e) used.add(e);
    else unexplained.push(d);
  }
  return { unexplained, unused: expected.filter((e) => !used.has(e)) };
}

/**
 * Our side, from a Gen3 repository (after `applyPlan`), read through the Registry API and the
 * datastore records; dataset paths are made relative to `gen2Root` (use a `direct` conversion).
 */
export async function modelFromRepo(repo: Repository, gen2Root: string, dimensions: 'required' | 'all'): Promise<RepoModel> {
  const registry = Registry.of(repo);
  const collections = new Map<string, { type: string; children?: readonly string[] }>();
  const listing = await registry.queryCollections({ chains: 'NO-CHILDREN' });
  for (const c of listing) collections.set(c.name, { type: c.type, ...(c.type === 'CHAINED' ? { children: await registry.getCollectionChain(c.name) } : {}) });
  const runs = listing.filter((c) => c.type === 'RUN').map((c) => c.name);
  const calibs = listing.filter((c) => c.type === 'CALIBRATION').map((c) => c.name);
  const files = await loadGen3Files(repo);
  const datasetTypes = new Map<string, { dimensions: readonly string[]; storageClass: string; isCalibration: boolean }>();
  const datasets = new Set<string>();
  const validity = new Set<string>();
  for (const t of await registry.queryDatasetTypes()) {
    const c = repo.universe.closure(t.dimensions);
    datasetTypes.set(t.name, { dimensions: [...(dimensions === 'required' ? c.required : [...c.required, ...c.implied])].sort(), storageClass: t.storageClass, isCalibration: t.isCalibration });
    for (const ref of runs.length > 0 ? await registry.queryDatasets(t.name, runs) : []) {
      const file = files.get(ref.id)?.[0];
      datasets.add([t.name, ref.run, idText(ref.dataId), file ? path.relative(gen2Root, file.path) : '(no file)'].join(' | '));
    }
    if (!t.isCalibration) continue;
    for (const name of calibs) {
      const collection = await getCollection(repo.db, name);
      for (const r of await calibRows(repo.db, t, collection.id)) {
        const b = r.timespan?.begin;
        const e = r.timespan?.end;
        validity.add([t.name, name, idText(r.dataId), b === undefined || b === null ? '0' : String(b), e === undefined || e === null ? MAX : String(e)].join(' | '));
      }
    }
  }
  return { collections, datasetTypes, datasets, validity };
}
