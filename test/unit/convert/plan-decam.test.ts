import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import { decamConverter } from '../../../converters/decam/index.js';
import { planConversion, type ConversionPlan } from '../../../src/convert/plan/index.js';
import { FitsHeader, writeFitsFile } from '../../../src/fits/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const Z = 'z DECam SDSS c0004 9260.0 1520.0';

async function writeMef(file: string, ccdnums: number[]): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await writeFitsFile(file, [{ kind: 'image' }, ...ccdnums.map((n) => ({ kind: 'image' as const, header: new FitsHeader().set('CCDNUM', n) }))]);
}

/** A small DECam root + calibration repository: one multi-extension raw (registry ccdnum ↔ hdu) and CP calibrations (CCDNUM per HDU). */
describeFixtures('planConversion on DECam multi-extension files', () => {
  let plan: ConversionPlan;
  beforeAll(async () => {
    const root = path.join(tmpDir(), 'decam');
    const calib = path.join(root, 'calibs');
    mkdirSync(calib, { recursive: true });
    writeFileSync(path.join(root, '_mapper'), 'lsst.obs.decam.DecamMapper\n');
    const raw = new Database(path.join(root, 'registry.sqlite3'));
    raw.exec('create table raw (id integer primary key autoincrement, visit int, ccdnum int, hdu int, filter text, date text, taiObs text, expTime double)');
    raw.exec("insert into raw (visit, ccdnum, hdu, filter, date, taiObs, expTime) values (229388, 1, 1, 'z', '2013-09-01', '2013-09-01T06:02:55', 200.0), (229388, 25, 2, 'z', '2013-09-01', '2013-09-01T06:02:55', 200.0)");
    raw.close();
    mkdirSync(path.join(root, '2013-09-01/z'), { recursive: true });
    writeFileSync(path.join(root, '2013-09-01/z/decam0229388.fits.fz'), '');
    const cal = new Database(path.join(calib, 'calibRegistry.sqlite3'));
    cal.exec('create table bias (id integer primary key autoincrement, calibDate text, validStart text, validEnd text, ccdnum int)');
    cal.exec('create table flat (id integer primary key autoincrement, calibDate text, validStart text, validEnd text, ccdnum int, filter text)');
    for (const c of [1, 2]) {
      cal.prepare("insert into bias (calibDate, validStart, validEnd, ccdnum) values ('2013-09-01', '2013-08-25', '2013-09-08', ?), ('2013-09-08', '2013-09-08', '2013-09-20', ?)").run(c, c);
      cal.prepare("insert into flat (calibDate, validStart, validEnd, ccdnum, filter) values ('2013-09-01', '2013-08-25', '2013-09-08', ?, 'z')").run(c);
    }
    cal.close();
    await writeMef(path.join(calib, 'cpBIAS/2013-09-01/BIAS-2013-09-01.fits'), [1, 2]);
    await writeMef(path.join(calib, 'cpBIAS/2013-09-08/BIAS-2013-09-08.fits'), [1, 2]);
    await writeMef(path.join(calib, 'cpFLAT/2013-09-01/z/FLAT-2013-09-01.fits'), [1, 2]);
    plan = await planConversion({ gen2Root: root, calibRoots: [calib], converter: decamConverter, policyPath: [fixture()] });
  }, 30_000);

  it('makes one raw dataset per registry row of the file, with its HDU', () => {
    expect(plan.datasets.filter((d) => d.datasetType === 'raw').map((d) => [d.dataId, d.hdu, d.relPath])).toEqual([
      [{ exposure: 229388, instrument: 'DECam', detector: 1 }, 1, '2013-09-01/z/decam0229388.fits.fz'],
      [{ exposure: 229388, instrument: 'DECam', detector: 25 }, 2, '2013-09-01/z/decam0229388.fits.fz'],
    ]);
  });

  it('makes one CP calibration dataset per HDU, flats with the full physical filter, and certifies them', () => {
    const cp = plan.datasets.filter((d) => d.datasetType.startsWith('cp')).map((d) => [d.datasetType, d.run, d.dataId, d.hdu, d.formatter]);
    expect(cp).toContainEqual(['cpBias', 'DECam/calib/20130901T000000Z', { instrument: 'DECam', detector: 2 }, 2, 'lsst.obs.decam.rawFormatter.DarkEnergyCameraCPCalibFormatter']);
    expect(cp).toContainEqual(['cpFlat', 'DECam/calib/20130901T000000Z', { instrument: 'DECam', physical_filter: Z, detector: 1 }, 1, 'lsst.obs.decam.rawFormatter.DarkEnergyCameraCPCalibFormatter']);
    expect(cp).toHaveLength(6);
    expect(plan.datasetTypes.find((t) => t.name === 'cpFlat')?.storageClass).toBe('ExposureF');
    expect(plan.certifications.filter((c) => c.datasetType === 'cpBias')).toHaveLength(4);
    expect(plan.validityIssues).toEqual([]);
    expect(plan.instrumentRecords.physical_filter).toContainEqual({ instrument: 'DECam', name: Z, band: 'z' });
  });
});
