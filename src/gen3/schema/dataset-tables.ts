import type { FieldSpec, ForeignKeySpec, TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { dimensionColumn, dimensionForeignKey } from './dimension-columns.js';

/** `dataset_tags_%08d` */
export function datasetTagsTableName(key: number): string {
  return `dataset_tags_${String(key).padStart(8, '0')}`;
}

/** `dataset_calibs_%08d` */
export function datasetCalibsTableName(key: number): string {
  return `dataset_calibs_${String(key).padStart(8, '0')}`;
}

function commonFields(universe: DimensionUniverse, dims: readonly string[]): FieldSpec[] {
  return [
    { name: 'dataset_type_id', type: 'int', nullable: false },
    { name: 'dataset_id', type: 'uuid', nullable: false },
    { name: 'collection_id', type: 'int', nullable: false },
    ...dims.map((d) => dimensionColumn(universe, d)),
  ];
}

function commonForeignKeys(universe: DimensionUniverse, dims: readonly string[]): ForeignKeySpec[] {
  return [
    { table: 'dataset_type', source: ['dataset_type_id'], target: ['id'] },
    { table: 'dataset', source: ['dataset_id'], target: ['id'], onDelete: 'CASCADE' },
    { table: 'collection', source: ['collection_id'], target: ['collection_id'], onDelete: 'CASCADE' },
    { table: 'collection_summary_dataset_type', source: ['collection_id', 'dataset_type_id'], target: ['collection_id', 'dataset_type_id'] },
    ...dims.flatMap((d): ForeignKeySpec[] => {
      const fk = dimensionForeignKey(universe, d);
      const summary: ForeignKeySpec[] = universe.element(d).governor
        ? [{ table: `collection_summary_${d}`, source: ['collection_id', d], target: ['collection_id', d] }]
        : [];
      return [...(fk ? [fk] : []), ...summary];
    }),
  ];
}

/**
 * `dataset_tags_K`: dataset membership of RUN and TAGGED collections for dataset types whose
 * required dimensions are `required` (sorted into universe order here).
 */
export function datasetTagsTableSpec(universe: DimensionUniverse, key: number, required: Iterable<string>): TableSpec {
  const dims = universe.sort(required);
  return {
    name: datasetTagsTableName(key),
    fields: commonFields(universe, dims),
    primaryKey: ['dataset_id', 'collection_id'],
    unique: [{ columns: ['dataset_type_id', 'collection_id', ...dims] }],
    foreignKeys: commonForeignKeys(universe, dims),
    doc: `Dataset membership in RUN/TAGGED collections for dimensions (${dims.join(', ')}).`,
  };
}

/** `dataset_calibs_K`: validity ranges of datasets certified into CALIBRATION collections. */
export function datasetCalibsTableSpec(universe: DimensionUniverse, key: number, required: Iterable<string>): TableSpec {
  const dims = universe.sort(required);
  return {
    name: datasetCalibsTableName(key),
    fields: [
      { name: 'id', type: 'int', nullable: false, autoincrement: true },
      ...commonFields(universe, dims),
      { name: 'timespan', type: 'timespan', nullable: false, defaultUnbounded: true },
    ],
    primaryKey: ['id'],
    indexes: [{ columns: ['dataset_type_id', 'collection_id', ...dims, 'timespan'] }],
    foreignKeys: commonForeignKeys(universe, dims),
    doc: `Validity ranges in CALIBRATION collections for dimensions (${dims.join(', ')}).`,
  };
}
