import { describe, expect, it } from 'vitest';
import { makeDatasetId } from '../../../../src/gen3/ids/index.js';
import { datasetIdMaker } from '../../../../src/gen3/registry/index.js';

describe('datasetIdMaker', () => {
  it('gives makeDatasetId’s UUIDs for the deterministic modes and UUIDv7 for UNIQUE', () => {
    for (const mode of ['DATAID_TYPE', 'DATAID_TYPE_RUN'] as const) {
      const make = datasetIdMaker('raw', 'DemoCam/raw/all', mode);
      for (const dataId of [{ instrument: 'DemoCam', detector: 0, exposure: 2020010200001 }, { instrument: 'HSC', detector: 103, exposure: 9007199254740993n }]) {
        expect(make(dataId)).toBe(makeDatasetId({ datasetType: 'raw', run: 'DemoCam/raw/all', requiredDataId: dataId }, mode));
      }
    }
    expect(datasetIdMaker('raw', 'run', 'DATAID_TYPE')({ instrument: 'X' })).toBe(datasetIdMaker('raw', 'other', 'DATAID_TYPE')({ instrument: 'X' }));
    expect(datasetIdMaker('raw', 'run', 'UNIQUE')({ instrument: 'X' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
  });
});
