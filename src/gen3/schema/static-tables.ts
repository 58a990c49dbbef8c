import type { TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { dimensionColumn, dimensionForeignKey } from './dimension-columns.js';

/** `butler_attributes`: name → value pairs (manager classes and versions, the universe). */
export const BUTLER_ATTRIBUTES: TableSpec = {
  name: 'butler_attributes',
  fields: [
    { name: 'name', type: 'string', nullable: false },
    { name: 'value', type: 'string', nullable: false },
  ],
  primaryKey: ['name'],
  doc: 'Repository-wide attributes: manager classes, schema versions, dimension configuration.',
};

/** `opaque_meta`: names of the opaque (datastore-owned) tables. */
export const OPAQUE_META: TableSpec = {
  name: 'opaque_meta',
  fields: [{ name: 'table_name', type: 'string', length: 128, nullable: false }],
  primaryKey: ['table_name'],
  doc: 'Opaque tables registered by datastores.',
};

/** `collection`: every collection, with its type (RUN=1, TAGGED=2, CHAINED=3, CALIBRATION=4). */
export const COLLECTION: TableSpec = {
  name: 'collection',
  fields: [
    { name: 'collection_id', type: 'int', nullable: false, autoincrement: true },
    { name: 'name', type: 'string', length: 64, nullable: false },
    { name: 'type', type: 'smallint', nullable: false },
    { name: 'doc', type: 'string', nullable: true },
  ],
  primaryKey: ['collection_id'],
  unique: [{ columns: ['name'] }],
  doc: 'Collections of all types.',
};

/** `run`: the RUN collections. */
export const RUN: TableSpec = {
  name: 'run',
  fields: [
    { name: 'collection_id', type: 'int', nullable: false },
    { name: 'host', type: 'string', length: 128, nullable: true },
    { name: 'timespan', type: 'timespan', nullable: true },
  ],
  primaryKey: ['collection_id'],
  foreignKeys: [{ table: 'collection', source: ['collection_id'], target: ['collection_id'], onDelete: 'CASCADE' }],
  doc: 'RUN collections.',
};

/** `collection_chain`: ordered children of CHAINED collections (0-based positions). */
export const COLLECTION_CHAIN: TableSpec = {
  name: 'collection_chain',
  fields: [
    { name: 'parent', type: 'int', nullable: false },
    { name: 'position', type: 'smallint', nullable: false },
    { name: 'child', type: 'int', nullable: false },
  ],
  primaryKey: ['parent', 'position'],
  foreignKeys: [
    { table: 'collection', source: ['parent'], target: ['collection_id'], onDelete: 'CASCADE' },
    { table: 'collection', source: ['child'], target: ['collection_id'] },
  ],
  doc: 'Children of CHAINED collections.',
};

/** `dataset_type`: registered dataset types and the tags/calibs tables they use. */
export const DATASET_TYPE: TableSpec = {
  name: 'dataset_type',
  fields: [
    { name: 'id', type: 'int', nullable: false, autoincrement: true },
    { name: 'name', type: 'string', length: 64, nullable: false },
    { name: 'storage_class', type: 'string', length: 64, nullable: false },
    { name: 'dimensions_key', type: 'int', nullable: false },
    { name: 'tag_association_table', type: 'string', length: 128, nullable: false },
    { name: 'calibration_association_table', type: 'string', length: 128, nullable: true },
  ],
  primaryKey: ['id'],
  unique: [{ columns: ['name'] }],
  doc: 'Dataset types.',
};

/** `collection_summary_dataset_type`: which dataset types a collection holds. */
export const COLLECTION_SUMMARY_DATASET_TYPE: TableSpec = {
  name: 'collection_summary_dataset_type',
  fields: [
    { name: 'collection_id', type: 'int', nullable: false },
    { name: 'dataset_type_id', type: 'int', nullable: false },
  ],
  primaryKey: ['collection_id', 'dataset_type_id'],
  foreignKeys: [
    { table: 'collection', source: ['collection_id'], target: ['collection_id'], onDelete: 'CASCADE' },
    { table: 'dataset_type', source: ['dataset_type_id'], target: ['id'], onDelete: 'CASCADE' },
  ],
  doc: 'Dataset types present in each collection.',
};

/** `dimension_graph_key`: one id per distinct set of required dimensions of dataset types. */
export const DIMENSION_GRAPH_KEY: TableSpec = {
  name: 'dimension_graph_key',
  fields: [{ name: 'id', type: 'int', nullable: false, autoincrement: true }],
  primaryKey: ['id'],
  doc: 'Keys of dimension groups used by dataset types.',
};

/** `dimension_graph_definition`: the dimension names of each key. */
export const DIMENSION_GRAPH_DEFINITION: TableSpec = {
  name: 'dimension_graph_definition',
  fields: [
    { name: 'dimension_graph_id', type: 'int', nullable: false },
    { name: 'dimension_name', type: 'string', length: 64, nullable: false },
  ],
  primaryKey: ['dimension_graph_id', 'dimension_name'],
  foreignKeys: [{ table: 'dimension_graph_key', source: ['dimension_graph_id'], target: ['id'], onDelete: 'CASCADE' }],
  doc: 'Dimension names of each dimension group key.',
};

/** `dataset`: every dataset, by UUID, with its type and RUN. */
export const DATASET: TableSpec = {
  name: 'dataset',
  fields: [
    { name: 'id', type: 'uuid', nullable: false },
    { name: 'dataset_type_id', type: 'int', nullable: false },
    { name: 'ingest_date', type: 'int', nullable: false },
    { name: 'run_id', type: 'int', nullable: false },
  ],
  primaryKey: ['id'],
  foreignKeys: [
    { table: 'dataset_type', source: ['dataset_type_id'], target: ['id'] },
    { table: 'run', source: ['run_id'], target: ['collection_id'], onDelete: 'CASCADE' },
  ],
  doc: 'Datasets (ingest_date in TAI nanoseconds).',
};

/** `dataset_location`: which datastore holds which dataset. */
export const DATASET_LOCATION: TableSpec = {
  name: 'dataset_location',
  fields: [
    { name: 'datastore_name', type: 'string', length: 256, nullable: false },
    { name: 'dataset_id', type: 'uuid', nullable: false },
  ],
  primaryKey: ['datastore_name', 'dataset_id'],
  foreignKeys: [{ table: 'dataset', source: ['dataset_id'], target: ['id'] }],
  doc: 'Datastore membership of datasets.',
};

/** `dataset_location_trash`: datastore records awaiting deletion. */
export const DATASET_LOCATION_TRASH: TableSpec = {
  name: 'dataset_location_trash',
  fields: [
    { name: 'dataset_id', type: 'uuid', nullable: false },
    { name: 'datastore_name', type: 'string', length: 256, nullable: false },
  ],
  primaryKey: ['dataset_id', 'datastore_name'],
  doc: 'Datasets removed from the registry but not yet from a datastore.',
};

/** `collection_summary_<governor>`: governor values present in each collection. */
export function collectionSummaryTableSpec(universe: DimensionUniverse, governor: string): TableSpec {
  const fk = dimensionForeignKey(universe, governor);
  return {
    name: `collection_summary_${governor}`,
    fields: [{ name: 'collection_id', type: 'int', nullable: false }, dimensionColumn(universe, governor)],
    primaryKey: ['collection_id', governor],
    foreignKeys: [{ table: 'collection', source: ['collection_id'], target: ['collection_id'], onDelete: 'CASCADE' }, ...(fk ? [fk] : [])],
    doc: `${governor} values present in each collection.`,
  };
}

/** The static tables `butler create` makes, in creation order (foreign-key targets first). */
export function staticTableSpecs(universe: DimensionUniverse): TableSpec[] {
  return [
    BUTLER_ATTRIBUTES,
    OPAQUE_META,
    COLLECTION,
    RUN,
    COLLECTION_CHAIN,
    DATASET_TYPE,
    COLLECTION_SUMMARY_DATASET_TYPE,
    ...universe.governors.map((g) => collectionSummaryTableSpec(universe, g.name)),
    DIMENSION_GRAPH_KEY,
    DIMENSION_GRAPH_DEFINITION,
    DATASET,
    DATASET_LOCATION,
    DATASET_LOCATION_TRASH,
  ];
}
