import type { Database } from '../db/index.js';
import type { FileDatastoreRecord } from '../datastore/datastore-records.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { Repository } from '../repo/index.js';
import type { Timespan } from '../time/index.js';
import { associate, disassociate } from './associations.js';
import { certify, certifyMany, decertify, type CertifyGroup, type DecertifyOptions } from './calibrations.js';
import type { CollectionType } from './collection-type.js';
import type { CollectionRecord } from './collections.js';
import { findCollection, getCollection, getCollectionChain, registerCollection, setCollectionChain } from './collections.js';
import type { DataId } from './data-id.js';
import type { DatasetRef } from './dataset-ref.js';
import type { DatasetTypeDefinition, DatasetTypeRecord } from './dataset-types.js';
import { allDatasetTypes, findDatasetType, registerDatasetType } from './dataset-types.js';
import type { DimensionRecord } from './dimension-records.js';
import { elementSpec, insertRecords, syncRecords, validateRecords } from './dimension-records.js';
import { findFileRecords, insertFileRecords } from './file-records.js';
import { findDataset, queryDatasets, type FindDatasetOptions, type QueryDatasetsOptions } from './find-datasets.js';
import { ingestDatasets, type IngestDatasetsOptions, type IngestEntry } from './ingest-datasets.js';
import { insertDatasets, type InsertDatasetsOptions } from './insert-datasets.js';
import { queryCollections, type CollectionListing, type QueryCollectionsOptions } from './query-collections.js';
import { queryDataIds, queryDimensionRecords, type DimensionWhere } from './query-dimensions.js';
import { removeRuns } from './remove-runs.js';

/**
 * Read/write access to a Gen3 registry with daf_butler's semantics (dimension records,
 * collections, dataset types, datasets, associations, calibrations, datastore records). Every
 * mutating call is one transaction; use {@link Registry.transaction} to group several.
 */
export class Registry {
  constructor(
    readonly db: Database,
    readonly universe: DimensionUniverse,
  ) {}

  /** The registry of an opened repository. */
  static of(repo: Repository): Registry {
    return new Registry(repo.db, repo.universe);
  }

  /** Runs `fn` with a registry bound to one transaction; everything it wrote is rolled back if it throws. */
  transaction<T>(fn: (registry: Registry) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => fn(new Registry(trx, this.universe)));
  }

  // ---- dimension records

  /** Inserts new records of `element` (validated first; an existing key is a conflict). */
  async insertDimensionRecords(element: string, rows: readonly DimensionRecord[]): Promise<void> {
    const spec = elementSpec(this.universe, element);
    await insertRecords(this.db, spec, validateRecords(spec, rows));
  }

  /** Inserts new records of `element` and verifies existing ones are identical; returns how many were new. */
  async syncDimensionRecords(element: string, rows: readonly DimensionRecord[]): Promise<number> {
    const spec = elementSpec(this.universe, element);
    return syncRecords(this.db, spec, validateRecords(spec, rows));
  }

  /**
   * Records of several elements in foreign-key order (universe order: instrument → physical_filter /
   * detector → day_obs / group → exposure → visit …), all validated before anything is written.
   */
  async insertDimensionData(byElement: Readonly<Record<string, readonly DimensionRecord[]>>, options: { sync?: boolean } = {}): Promise<void> {
    const plan = Object.entries(byElement).map(([element, rows]) => {
      const spec = elementSpec(this.universe, element);
      return { index: this.universe.element(element).index, spec, rows: validateRecords(spec, rows) };
    });
    plan.sort((a, b) => a.index - b.index);
    await this.db.transaction(async (trx) => {
      for (const p of plan) {
        if (options.sync) await syncRecords(trx, p.spec, p.rows);
        else await insertRecords(trx, p.spec, p.rows);
      }
    });
  }

  /** Decoded records of `element`, optionally constrained by dimension values. */
  queryDimensionRecords(element: string, where?: DimensionWhere): Promise<Record<string, unknown>[]> {
    return queryDimensionRecords(this.db, this.universe, element, where);
  }

  /** Data IDs with records over `dimensions` (single-element sets only). */
  queryDataIds(dimensions: readonly string[], where?: DimensionWhere): Promise<DataId[]> {
    return queryDataIds(this.db, this.universe, dimensions, where);
  }

  // ---- collections

  /** Registers a collection; true when new, false when it already exists with that type. */
  registerCollection(name: string, type: CollectionType, doc?: string): Promise<boolean> {
    return registerCollection(this.db, name, type, doc);
  }

  /** Registers a RUN collection. */
  registerRun(name: string, doc?: string): Promise<boolean> {
    return registerCollection(this.db, name, 'RUN', doc);
  }

  /** The collection called `name`, or undefined. */
  findCollection(name: string): Promise<CollectionRecord | undefined> {
    return findCollection(this.db, name);
  }

  /** The collection called `name` (of `type` when given). */
  getCollection(name: string, type?: CollectionType): Promise<CollectionRecord> {
    return getCollection(this.db, name, type);
  }

  /** Replaces the children of CHAINED `parent`. */
  setCollectionChain(parent: string, children: readonly string[]): Promise<void> {
    return setCollectionChain(this.db, parent, children);
  }

  /** The children of CHAINED `parent`, in order. */
  getCollectionChain(parent: string): Promise<string[]> {
    return getCollectionChain(this.db, parent);
  }

  /** `butler query-collections` listing. */
  queryCollections(options?: QueryCollectionsOptions): Promise<CollectionListing[]> {
    return queryCollections(this.db, options);
  }

  /** Removes RUN collections and their datasets. */
  removeRuns(names: readonly string[]): Promise<void> {
    return removeRuns(this.db, this.universe, names);
  }

  // ---- dataset types

  /** Registers a dataset type; true when new, false when identical to the registered one. */
  registerDatasetType(def: DatasetTypeDefinition): Promise<boolean> {
    return registerDatasetType(this.db, this.universe, def);
  }

  /** The dataset type called `name`, or undefined. */
  findDatasetType(name: string): Promise<DatasetTypeRecord | undefined> {
    return findDatasetType(this.db, this.universe, name);
  }

  /** Every dataset type, sorted by name. */
  queryDatasetTypes(): Promise<DatasetTypeRecord[]> {
    return allDatasetTypes(this.db, this.universe);
  }

  // ---- datasets

  /** Adds datasets of one type to a RUN (idempotent for identical datasets). */
  insertDatasets(datasetType: string, run: string, dataIds: readonly Readonly<Record<string, unknown>>[], options?: InsertDatasetsOptions): Promise<DatasetRef[]> {
    return insertDatasets(this.db, this.universe, datasetType, run, dataIds, options);
  }

  /**
   * Registers file-backed datasets of one type in a RUN together with their
   * `file_datastore_records` and `dataset_location` rows, in one transaction (the fastest path for
   * large batches; identical re-ingests are no-ops, conflicts write nothing).
   */
  ingestDatasets(datasetType: string, run: string, entries: readonly IngestEntry[], options?: IngestDatasetsOptions): Promise<DatasetRef[]> {
    return ingestDatasets(this.db, this.universe, datasetType, run, entries, options);
  }

  /** Adds existing datasets to a TAGGED collection. */
  associate(collection: string, refs: readonly DatasetRef[]): Promise<void> {
    return associate(this.db, this.universe, collection, refs);
  }

  /** Removes datasets from a TAGGED collection. */
  disassociate(collection: string, refs: readonly DatasetRef[]): Promise<void> {
    return disassociate(this.db, this.universe, collection, refs);
  }

  /** Certifies calibration datasets into a CALIBRATION collection for `timespan`. */
  certify(collection: string, refs: readonly DatasetRef[], timespan: Timespan): Promise<void> {
    return certify(this.db, this.universe, collection, refs, timespan);
  }

  /** Many certifications in one transaction, as one {@link Registry.certify} per group in order (see {@link certifyMany}). */
  certifyMany(groups: readonly CertifyGroup[]): Promise<void> {
    return certifyMany(this.db, this.universe, groups);
  }

  /** Removes validity over `timespan` (splitting ranges); returns how many ranges changed. */
  decertify(collection: string, datasetType: string, timespan: Timespan, options?: DecertifyOptions): Promise<number> {
    return decertify(this.db, this.universe, collection, datasetType, timespan, options);
  }

  /** Find-first lookup of one dataset. */
  findDataset(datasetType: string, dataId: Readonly<Record<string, unknown>>, collections: string | readonly string[], options?: FindDatasetOptions): Promise<DatasetRef | undefined> {
    return findDataset(this.db, this.universe, datasetType, dataId, typeof collections === 'string' ? [collections] : collections, options);
  }

  /** Datasets of one type in the collections. */
  queryDatasets(datasetType: string, collections: string | readonly string[], options?: QueryDatasetsOptions): Promise<DatasetRef[]> {
    return queryDatasets(this.db, this.universe, datasetType, typeof collections === 'string' ? [collections] : collections, options);
  }

  // ---- datastore

  /** The `file_datastore_records` rows of these datasets, by dashed dataset id (datasets without records absent). */
  findFileRecords(datasetIds: readonly string[]): Promise<Map<string, FileDatastoreRecord[]>> {
    return findFileRecords(this.db, datasetIds);
  }

  /** Writes `file_datastore_records` + `dataset_location` rows for existing datasets. */
  insertFileRecords(records: readonly FileDatastoreRecord[], datastoreName?: string): Promise<void> {
    return insertFileRecords(this.db, records, datastoreName);
  }
}
