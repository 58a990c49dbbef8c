// db-less DDL tests: the SQLite statements equal, byte for byte, what daf_butler (SQLAlchemy) wrote
// into sqlite_master for `butler create` and for a registered calibration dataset type.
import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../../../src/gen3/db/sqlite/index.js';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { COLLECTION, COLLECTION_CHAIN, datasetCalibsTableSpec, elementTableSpec, FILE_DATASTORE_RECORDS } from '../../../../src/gen3/schema/index.js';

const universe = defaultUniverse();

describe('SQLite DDL', () => {
  it('collection: INTEGER rowid primary key, unnamed PRIMARY KEY, named UNIQUE', () => {
    expect(sqliteDialect.createTableStatements(COLLECTION)).toEqual([
      'CREATE TABLE collection (\n\tcollection_id INTEGER NOT NULL, \n\tname TEXT NOT NULL, \n\ttype SMALLINT NOT NULL, \n\tdoc TEXT, \n\tPRIMARY KEY (collection_id), \n\tCONSTRAINT collection_unq_name UNIQUE (name)\n)',
    ]);
  });

  it('collection_chain: ON DELETE CASCADE and one fkidx per foreign key', () => {
    expect(sqliteDialect.createTableStatements(COLLECTION_CHAIN)).toEqual([
      'CREATE TABLE collection_chain (\n\tparent BIGINT NOT NULL, \n\tposition SMALLINT NOT NULL, \n\tchild BIGINT NOT NULL, \n\tPRIMARY KEY (parent, position), \n\tCONSTRAINT fkey_collection_chain_collection_collection_id_parent FOREIGN KEY(parent) REFERENCES collection (collection_id) ON DELETE CASCADE, \n\tCONSTRAINT fkey_collection_chain_collection_collection_id_child FOREIGN KEY(child) REFERENCES collection (collection_id)\n)',
      'CREATE INDEX collection_chain_fkidx_parent ON collection_chain (parent)',
      'CREATE INDEX collection_chain_fkidx_child ON collection_chain (child)',
    ]);
  });

  it('group: quoted reserved name, VARCHAR length check', () => {
    const [table] = sqliteDialect.createTableStatements(elementTableSpec(universe, universe.element('group')));
    expect(table).toBe(
      'CREATE TABLE "group" (\n\tinstrument VARCHAR(32) NOT NULL, \n\tname TEXT NOT NULL, \n\tPRIMARY KEY (instrument, name), \n\tCONSTRAINT group_len_instrument CHECK (length("instrument")<=32 AND length("instrument")>=1), \n\tCONSTRAINT fkey_group_instrument_name_instrument FOREIGN KEY(instrument) REFERENCES instrument (name)\n)',
    );
  });

  it('dataset_calibs_K: timespan as two BIGINT columns with unbounded defaults; index over both', () => {
    const statements = sqliteDialect.createTableStatements(datasetCalibsTableSpec(universe, 1, ['detector', 'instrument']));
    expect(statements[0]).toContain('\ttimespan_begin BIGINT DEFAULT 0 NOT NULL, \n\ttimespan_end BIGINT DEFAULT 4102444800000000000 NOT NULL, \n\tPRIMARY KEY (id)');
    expect(statements[0]).toContain('\tid INTEGER NOT NULL, ');
    expect(statements).toContain(
      'CREATE INDEX dataset_calibs_00000001_idx_dataset_type_id_collection_id_instrument_detector_timespan_begin_timespan_end ON dataset_calibs_00000001 (dataset_type_id, collection_id, instrument, detector, timespan_begin, timespan_end)',
    );
    expect(statements).toContain('CREATE INDEX dataset_calibs_00000001_fkidx_collection_id_instrument ON dataset_calibs_00000001 (collection_id, instrument)');
  });

  it('file_datastore_records: CHAR(32) UUID, no foreign keys, explicit path index', () => {
    expect(sqliteDialect.createTableStatements(FILE_DATASTORE_RECORDS)).toEqual([
      'CREATE TABLE file_datastore_records (\n\tdataset_id CHAR(32) NOT NULL, \n\tpath TEXT NOT NULL, \n\tformatter TEXT NOT NULL, \n\tstorage_class TEXT NOT NULL, \n\tcomponent VARCHAR(32) NOT NULL, \n\tchecksum TEXT, \n\tfile_size BIGINT, \n\tPRIMARY KEY (dataset_id, component), \n\tCONSTRAINT file_datastore_records_len_component CHECK (length("component")<=32 AND length("component")>=1)\n)',
      'CREATE INDEX file_datastore_records_idx_path ON file_datastore_records (path)',
    ]);
  });

  it('encodes rows: timespans as begin/end, UUIDs as 32 lower-case hex digits, booleans as 0/1', () => {
    const spec = datasetCalibsTableSpec(universe, 1, ['instrument', 'detector']);
    expect(sqliteDialect.encodeRow(spec, { dataset_id: '36A5364E-e866-5657-88e3-59a49b84566d', timespan: { begin: 1n, end: 2n } })).toEqual({
      dataset_id: '36a5364ee866565788e359a49b84566d',
      timespan_begin: 1n,
      timespan_end: 2n,
    });
  });
});
