import { describe, expect, it } from 'vitest';
import { decodeInt, decodeRow, decodeUuid } from '../../../../src/gen3/registry/index.js';
import { DATASET, RUN } from '../../../../src/gen3/schema/index.js';

const sqlite = { supportsRangeTimespan: false, supportsSequences: false, supportsTransactionalDdl: true, supportsExclusionConstraints: false };
const pg = { ...sqlite, supportsRangeTimespan: true, supportsSequences: true };

describe('stored values', () => {
  it('decodes integers from every driver form, keeping bigints beyond 2^53', () => {
    expect([decodeInt(5n), decodeInt('7'), decodeInt(9)]).toEqual([5, 7, 9]);
    expect(decodeInt('9007199254740993')).toBe(9007199254740993n);
  });
  it('decodes UUIDs and timespans of both engines', () => {
    expect(decodeUuid('681440fd153f5883a945962529afd2e8')).toBe('681440fd-153f-5883-a945-962529afd2e8');
    expect(decodeRow(sqlite, DATASET, { id: '681440fd153f5883a945962529afd2e8', dataset_type_id: 1n, ingest_date: 1795618809240972000n, run_id: 2n })).toEqual({
      id: '681440fd-153f-5883-a945-962529afd2e8',
      dataset_type_id: 1,
      ingest_date: 1795618809240972000n,
      run_id: 2,
    });
    expect(decodeRow(sqlite, RUN, { collection_id: 1n, host: null, timespan_begin: 1n, timespan_end: 4n }).timespan).toEqual({ begin: 1n, end: 4n });
    expect(decodeRow(pg, RUN, { collection_id: '1', host: null, timespan: '[1,4)' }).timespan).toEqual({ begin: 1n, end: 4n });
    expect(decodeRow(pg, RUN, { collection_id: '1', host: null, timespan: null }).timespan).toBeNull();
  });
});
