import { describe, expect, it } from 'vitest';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { dataIdFromExport, dataIdToExport, recordFromExport, recordToExport } from '../../../../src/gen3/transfer/record-values.js';
import { exportTimeToTaiNs } from '../../../../src/gen3/transfer/index.js';
import { MAX_TAI_NS, MIN_TAI_NS } from '../../../../src/gen3/time/index.js';

const universeV8 = defaultUniverse();
const begin = { kind: 'time', tai: '2020-01-01 00:00:00.000000000' } as const;
const end = { kind: 'time', tai: '2020-01-01 00:01:00.500000000' } as const;

describe('record values between exports and the registry', () => {
  it('joins datetime_begin/end into the timespan column and splits it back; no timespan → no keys', () => {
    const rec = recordFromExport('visit', { instrument: 'Cam1', id: 1n, datetime_begin: begin, datetime_end: end });
    expect(rec.timespan).toEqual({ begin: exportTimeToTaiNs(begin), end: exportTimeToTaiNs(end) });
    const back = recordToExport(universeV8, 'visit', { instrument: 'Cam1', id: 1, timespan: rec.timespan });
    expect(back).toEqual({ instrument: 'Cam1', id: 1n, datetime_begin: begin, datetime_end: end });
    expect(recordToExport(universeV8, 'visit', { instrument: 'Cam1', id: 1, timespan: { begin: MIN_TAI_NS, end: MAX_TAI_NS } })).toMatchObject({ datetime_begin: null, datetime_end: null });
    expect(Object.keys(recordToExport(universeV8, 'day_obs', { instrument: 'Cam1', id: 20200101, timespan: null }))).toEqual(['instrument', 'id']);
  });

  it('stores regions as base64 of the sphgeom bytes (daf_butler Base64Region) and restores the tag from the type byte', () => {
    const encoded = '70000102030405';
    const rec = recordFromExport('visit_detector_region', { instrument: 'Cam1', visit: 1n, detector: 2n, region: { kind: 'region', tag: 'lsst.sphgeom.ConvexPolygon', encoded } });
    expect(rec.region).toBe(Buffer.from(encoded, 'hex').toString('base64'));
    expect(recordToExport(universeV8, 'visit_detector_region', { instrument: 'Cam1', visit: 1, detector: 2, region: rec.region }).region).toEqual({ kind: 'region', tag: 'lsst.sphgeom.ConvexPolygon', encoded });
  });

  it('keeps floats as numbers and hashes as base64', () => {
    const out = recordToExport(universeV8, 'skymap', { name: 'm', hash: 'AAEC', tract_max: 3, patch_nx_max: 2, patch_ny_max: 2 });
    expect(out).toEqual({ name: 'm', hash: { kind: 'binary', base64: 'AAEC' }, tract_max: 3n, patch_nx_max: 2n, patch_ny_max: 2n });
    expect(recordToExport(universeV8, 'visit', { exposure_time: 30 }).exposure_time).toBe(30);
    expect(dataIdFromExport(dataIdToExport({ instrument: 'Cam1', detector: 3 }))).toEqual({ instrument: 'Cam1', detector: 3 });
  });
});
