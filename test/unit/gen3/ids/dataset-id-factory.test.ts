import { describe, expect, it } from 'vitest';
import {
  DATASET_ID_NAMESPACE,
  DatasetIdError,
  datasetIdHashInput,
  makeDatasetId,
  toDashedUuid,
  toHexUuid,
  uuid5,
  uuid7,
  uuid7Timestamp,
  uuidForEngine,
  uuidVersion,
} from '../../../../src/gen3/ids/index.js';

// src/gen3/README.md §10.
const VECTORS = [
  { mode: 'DATAID_TYPE_RUN', type: 'raw', run: 'DummyCam/raw/all', dataId: { instrument: 'DummyCam', detector: 1, exposure: 2020010200001 }, text: 'dataset_type=raw,run=DummyCam/raw/all,detector=1,exposure=2020010200001,instrument=DummyCam', id: '681440fd-153f-5883-a945-962529afd2e8' },
  { mode: 'DATAID_TYPE_RUN', type: 'raw', run: 'DummyCam/raw/copy2', dataId: { instrument: 'DummyCam', detector: 1, exposure: 2020010200001 }, text: 'dataset_type=raw,run=DummyCam/raw/copy2,detector=1,exposure=2020010200001,instrument=DummyCam', id: '385f6f2c-4451-5a96-855c-eae5fbef04b4' },
  { mode: 'DATAID_TYPE', type: 'bias', run: 'ignored', dataId: { instrument: 'DummyCam', detector: 1 }, text: 'dataset_type=bias,detector=1,instrument=DummyCam', id: '36a5364e-e866-5657-88e3-59a49b84566d' },
  { mode: 'DATAID_TYPE', type: 'flat', run: 'x', dataId: { instrument: 'DummyCam', detector: 1, physical_filter: 'd-r' }, text: 'dataset_type=flat,detector=1,instrument=DummyCam,physical_filter=d-r', id: 'ce1bca7d-446b-5be3-9c6d-e169851dc795' },
  { mode: 'DATAID_TYPE_RUN', type: 'deepCoadd', run: 'u/someone/coadd', dataId: { skymap: 'hsc_rings_v1', tract: 9813, patch: 42, band: 'r' }, text: 'dataset_type=deepCoadd,run=u/someone/coadd,band=r,patch=42,skymap=hsc_rings_v1,tract=9813', id: 'ed2cb1e8-f7f2-5541-9843-6270b273a1d4' },
  { mode: 'DATAID_TYPE_RUN', type: 'raw', run: 'HSC/raw/all', dataId: { instrument: 'HSC', exposure: 903334n, detector: 16 }, text: 'dataset_type=raw,run=HSC/raw/all,detector=16,exposure=903334,instrument=HSC', id: '57e68524-8eff-5787-ad73-9fc0c35fbe41' },
  { mode: 'DATAID_TYPE', type: 'bias', run: 'HSC/calib', dataId: { instrument: 'HSC', detector: 0 }, text: 'dataset_type=bias,detector=0,instrument=HSC', id: '414b453c-2b6e-5b69-84af-938afec8791e' },
] as const;

describe('deterministic dataset IDs (README §10 vectors)', () => {
  it.each(VECTORS)('$mode $text', (v) => {
    const input = { datasetType: v.type, run: v.run, requiredDataId: v.dataId };
    expect(datasetIdHashInput(input, v.mode)).toBe(v.text);
    expect(makeDatasetId(input, v.mode)).toBe(v.id);
    expect(uuidVersion(v.id)).toBe(5);
  });

  it('the namespace is uuid5(NAMESPACE_DNS, "lsst.org")', () => {
    expect(uuid5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'lsst.org')).toBe(DATASET_ID_NAMESPACE);
  });

  it('rejects non-integer numeric data-ID values', () => {
    expect(() => makeDatasetId({ datasetType: 'x', run: 'r', requiredDataId: { visit: 1.5 } }, 'DATAID_TYPE')).toThrow(DatasetIdError);
  });
});

describe('UUIDv7 (UNIQUE)', () => {
  it('puts the millisecond time in the first 6 bytes and version 7', () => {
    const id = uuid7(0x01a2133814ee, new Uint8Array(16).fill(0xff));
    expect(id).toBe('01a21338-14ee-7fff-bfff-ffffffffffff');
    expect(uuid7Timestamp(id)).toBe(0x01a2133814ee);
    expect(uuidVersion(makeDatasetId({ datasetType: 'x', run: 'r', requiredDataId: {} }))).toBe(7);
  });

  it('is time-ordered', () => {
    expect(uuid7(1000) < uuid7(1001)).toBe(true);
  });
});

describe('UUID spellings', () => {
  it('converts between SQLite hex and dashed forms', () => {
    expect(toHexUuid('681440FD-153f-5883-a945-962529afd2e8')).toBe('681440fd153f5883a945962529afd2e8');
    expect(toDashedUuid('681440fd153f5883a945962529afd2e8')).toBe('681440fd-153f-5883-a945-962529afd2e8');
    expect(uuidForEngine('681440fd153f5883a945962529afd2e8', 'postgresql')).toBe('681440fd-153f-5883-a945-962529afd2e8');
    expect(uuidForEngine('681440fd-153f-5883-a945-962529afd2e8', 'sqlite')).toBe('681440fd153f5883a945962529afd2e8');
    expect(() => toHexUuid('not-a-uuid')).toThrow(DatasetIdError);
  });

  it.each([
    '681440fd-153f-5883-a945-962529afd2e8',
    '681440fd153f5883a945962529afd2e8',
    '681440FD-153F-5883-A945-962529AFD2E8',
    '681440FD153F5883A945962529AFD2E8',
    '{681440fd-153f-5883-a945-962529afd2e8}',
    'urn:uuid:681440fd-153f-5883-a945-962529afd2e8',
    ' 681440fd-153f-5883-a945-962529afd2e8 ',
  ])('gives one dashed and one hex form for %j', (spelling) => {
    expect(toDashedUuid(spelling)).toBe('681440fd-153f-5883-a945-962529afd2e8');
    expect(toHexUuid(spelling)).toBe('681440fd153f5883a945962529afd2e8');
  });

  it.each(['681440fd-153f-5883-a945-962529afd2e', '681440fd153f5883a945962529afd2e8a', '681440fd-153f-5883-a945-962529afd2eg', '681440fd_153f_5883_a945_962529afd2e8'])('rejects %j', (bad) => {
    expect(() => toDashedUuid(bad)).toThrow(DatasetIdError);
    expect(() => toHexUuid(bad)).toThrow(DatasetIdError);
  });
});
