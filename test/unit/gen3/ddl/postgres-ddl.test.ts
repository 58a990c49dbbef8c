// db-less DDL tests for PostgreSQL: types, sequences, shrunk names (checked against a real
// `butler create` by test/integration/gen3/schema-snapshot.test.ts).
import { describe, expect, it } from 'vitest';
import { encodeInt8Range, postgresDialect } from '../../../../src/gen3/db/postgres/index.js';
import { TIMESPAN_MAX, TIMESPAN_MIN } from '../../../../src/gen3/db/index.js';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { COLLECTION, COLLECTION_SUMMARY_DATASET_TYPE, datasetCalibsTableSpec, elementTableSpec } from '../../../../src/gen3/schema/index.js';

const universe = defaultUniverse();

describe('PostgreSQL DDL', () => {
  it('autoincrement key: BIGINT plus an unowned sequence <table>_seq_<col>', () => {
    expect(postgresDialect.createTableStatements(COLLECTION)).toEqual([
      'CREATE SEQUENCE collection_seq_collection_id',
      'CREATE TABLE collection (\n\tcollection_id BIGINT NOT NULL, \n\tname TEXT NOT NULL, \n\ttype SMALLINT NOT NULL, \n\tdoc TEXT, \n\tPRIMARY KEY (collection_id), \n\tCONSTRAINT collection_unq_name UNIQUE (name)\n)',
    ]);
  });

  it('shrinks names longer than 63 characters; no length checks', () => {
    const [table, ...indexes] = postgresDialect.createTableStatements(COLLECTION_SUMMARY_DATASET_TYPE);
    expect(table).toContain('CONSTRAINT fkey_collection_summary_dataset_type_collection_collec_4090d073 FOREIGN KEY(collection_id)');
    expect(table).toContain('CONSTRAINT fkey_collection_summary_dataset_type_dataset_type_id_d_d646a15d FOREIGN KEY(dataset_type_id)');
    expect(indexes).toEqual([
      'CREATE INDEX collection_summary_dataset_type_fkidx_collection_id ON collection_summary_dataset_type (collection_id)',
      'CREATE INDEX collection_summary_dataset_type_fkidx_dataset_type_id ON collection_summary_dataset_type (dataset_type_id)',
    ]);
    expect(postgresDialect.createTableStatements(elementTableSpec(universe, universe.element('detector'))).join('\n')).not.toContain('CHECK');
  });

  it('DOUBLE PRECISION floats, INT8RANGE timespans, UUIDs', () => {
    const [exposure] = postgresDialect.createTableStatements(elementTableSpec(universe, universe.element('exposure')));
    expect(exposure).toContain('\texposure_time DOUBLE PRECISION, ');
    expect(exposure).toContain('\t"group" TEXT NOT NULL, ');
    expect(exposure).toContain('\ttimespan INT8RANGE, ');
    const calibs = postgresDialect.createTableStatements(datasetCalibsTableSpec(universe, 2, ['instrument', 'detector']));
    expect(calibs[0]).toBe('CREATE SEQUENCE dataset_calibs_00000002_seq_id');
    expect(calibs[1]).toContain("\ttimespan INT8RANGE DEFAULT '(,)'::int8range NOT NULL, ");
    expect(calibs[1]).toContain('\tdataset_id UUID NOT NULL, ');
    expect(calibs).toContain(
      'CREATE INDEX dataset_calibs_00000002_idx_dataset_type_id_collection_d1cb642b ON dataset_calibs_00000002 (dataset_type_id, collection_id, instrument, detector, timespan)',
    );
  });

  it('writes timespans as int8range with min/max as unbounded', () => {
    expect(encodeInt8Range({ begin: 1577836800000000000n, end: TIMESPAN_MAX })).toBe('[1577836800000000000,)');
    expect(encodeInt8Range({ begin: TIMESPAN_MIN, end: TIMESPAN_MAX })).toBe('(,)');
    expect(encodeInt8Range({ begin: 1n, end: 5n })).toBe('[1,5)');
    expect(encodeInt8Range({ begin: 5n, end: 5n })).toBe('empty');
    expect(encodeInt8Range(null)).toBeNull();
  });
});
