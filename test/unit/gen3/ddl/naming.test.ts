import { describe, expect, it } from 'vitest';
import { foreignKeyIndexName, foreignKeyName, indexName, needsForeignKeyIndex, quoteIdentifier, uniqueConstraintName } from '../../../../src/gen3/ddl/index.js';

describe("daf_butler's naming rules", () => {
  it('builds unique, index, foreign key and foreign-key index names', () => {
    expect(uniqueConstraintName('detector', ['instrument', 'full_name'])).toBe('detector_unq_instrument_full_name');
    expect(indexName('file_datastore_records', ['path'])).toBe('file_datastore_records_idx_path');
    expect(foreignKeyName('dataset', 'run', ['collection_id'], ['run_id'])).toBe('fkey_dataset_run_collection_id_run_id');
    expect(foreignKeyName('exposure', 'day_obs', ['instrument', 'id'], ['instrument', 'day_obs'])).toBe('fkey_exposure_day_obs_instrument_id_instrument_day_obs');
    expect(foreignKeyIndexName('collection_chain', ['parent'])).toBe('collection_chain_fkidx_parent');
  });

  it('indexes a foreign key unless its exact column list is already a key or index', () => {
    expect(needsForeignKeyIndex(['collection_id'], [['collection_id']])).toBe(false);
    expect(needsForeignKeyIndex(['instrument'], [['instrument', 'id']])).toBe(true);
    expect(needsForeignKeyIndex(['b', 'a'], [['a', 'b']])).toBe(true);
  });

  it('quotes only reserved words and unusual identifiers', () => {
    expect(quoteIdentifier('group')).toBe('"group"');
    expect(quoteIdentifier('position')).toBe('position');
    expect(quoteIdentifier('Name')).toBe('"Name"');
  });
});
