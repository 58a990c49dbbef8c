import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { beginConversion, CONVERSION_MARKER, endConversion, exposureRecord, planDimensionData, visitOfExposure } from '../../../../src/convert/apply/index.js';
import { exposureFromGen2Row } from '../../../../src/convert/plan/plan-exposures.js';
import { PLAN_FORMAT_VERSION, type ConversionPlan } from '../../../../src/convert/plan/index.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('exposure records from Gen2 raw registry rows', () => {
  it('reads obs_lsst columns (dayObs, seqNum, expGroup, obsid, imageType, object) and a TAI dateObs', () => {
    const e = exposureFromGen2Row(
      { dayObs: '2018-09-20', seqNum: 65, visit: 3018092000065, filter: 'unknown~unknown', dateObs: '2018-09-21T06:12:18.210', expTime: 27.0, object: 'UNKNOWN', imageType: 'UNKNOWN', expGroup: '3018092000065', obsid: 'AT_C_20180920_000065', expId: 3018092000065 },
      3018092000065,
      'unknown~unknown',
    );
    expect(e).toEqual({
      id: 3018092000065,
      obs_id: 'AT_C_20180920_000065',
      physical_filter: 'unknown~unknown',
      day_obs: 20180920,
      group: '3018092000065',
      exposure_time: 27,
      dark_time: 27,
      observation_type: 'unknown',
      observation_reason: 'unknown',
      seq_num: 65,
      target_name: 'UNKNOWN',
      science_program: 'unknown',
      begin: '1537510338210000000',
      end: '1537510365210000000',
    });
  });

  it('falls back for HSC-like rows: taiObs time, dateObs day, exposure id as obs_id/group/seq_num, science', () => {
    const e = exposureFromGen2Row({ visit: 1000, ccd: 0, filter: 'DEMO-G', dateObs: '2020-03-01', taiObs: '2020-03-01T03:00:00.000', expTime: 30, field: 'F' }, 1000, 'DEMO-G');
    expect(e).toMatchObject({ obs_id: '1000', group: '1000', seq_num: 1000, day_obs: 20200301, observation_type: 'science', target_name: 'F' });
    expect(BigInt(e.end!) - BigInt(e.begin!)).toBe(30_000_000_000n);
    const noTime = exposureFromGen2Row({ visit: 1, filter: 'g', dateObs: '2020-03-01' }, 1, 'g');
    expect([noTime.begin, noTime.end, noTime.exposure_time]).toEqual([null, null, null]);
  });

  it('become exposure, day_obs and group records after the instrument registration, and one-to-one visits', () => {
    const exposure = exposureFromGen2Row({ visit: 7, filter: 'g', taiObs: '2020-03-01T03:00:00', expTime: 1 }, 7, 'g');
    const plan = {
      formatVersion: PLAN_FORMAT_VERSION,
      instrument: 'X',
      instrumentRecords: { instrument: { name: 'X', class_name: 'x.X' }, detector: [{ instrument: 'X', id: 0, full_name: 'A' }], physical_filter: [{ instrument: 'X', name: 'g', band: 'g' }] },
      exposures: [exposure],
    } as unknown as ConversionPlan;
    const data = planDimensionData(plan);
    expect(Object.keys(data)).toEqual(['instrument', 'detector', 'physical_filter', 'day_obs', 'group', 'exposure']);
    expect(data.day_obs).toEqual([{ instrument: 'X', id: 20200301 }]);
    expect(data.group).toEqual([{ instrument: 'X', name: '7' }]);
    const record = exposureRecord('X', exposure);
    expect(record.timespan).toEqual({ begin: BigInt(exposure.begin!), end: BigInt(exposure.end!) });
    expect(visitOfExposure(record)).toMatchObject({ instrument: 'X', id: 7, name: '7', physical_filter: 'g', day_obs: 20200301, region: null, timespan: record.timespan });
  });
});

describe('the running-conversion marker', () => {
  it('removes uncommitted transfer files only when a previous conversion was interrupted', async () => {
    const root = tmpDir();
    mkdirSync(path.join(root, 'R', 'raw'), { recursive: true });
    const stray = '.raw_1.fits.transfer-tmp-0123456789ab';
    const kept = 'raw_2.fits';
    writeFileSync(path.join(root, 'R', 'raw', stray), 'x');
    writeFileSync(path.join(root, 'R', 'raw', kept), 'y');
    expect(await beginConversion(root)).toEqual([]); // no marker: nothing was interrupted
    expect(readdirSync(path.join(root, 'R', 'raw')).sort()).toEqual([stray, kept].sort());
    expect(await beginConversion(root)).toEqual([path.join(root, 'R', 'raw', stray)]); // marker left behind: resume
    expect(readdirSync(path.join(root, 'R', 'raw'))).toEqual([kept]);
    await endConversion(root);
    expect(readdirSync(root)).not.toContain(CONVERSION_MARKER);
  });
});
