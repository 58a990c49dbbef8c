import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CONVERTERS } from '../../../converters/index.js';
import { findInstrumentBinding } from '../../../src/convert/converter.js';
import { MAPPER_CATALOG } from '../../../src/gen2/mapper-catalog.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';

describe('converter instrument bindings', () => {
  it('bind each Gen2 mapper of gen2-format §1.2 to its Gen3 instrument', () => {
    const expected: Record<string, [string | undefined, string | undefined]> = {
      HscMapper: ['HSC', 'lsst.obs.subaru.HyperSuprimeCam'],
      DecamMapper: ['DECam', 'lsst.obs.decam.DarkEnergyCamera'],
      MegacamMapper: ['MegaPrime', 'lsst.obs.cfht.MegaPrime'],
      LatissMapper: ['LATISS', 'lsst.obs.lsst.Latiss'],
      LsstCamMapper: ['LSSTCam', 'lsst.obs.lsst.LsstCam'],
      ImsimMapper: ['LSSTCam-imSim', 'lsst.obs.lsst.LsstCamImSim'],
      PhosimMapper: ['LSSTCam-PhoSim', 'lsst.obs.lsst.LsstCamPhoSim'],
      LsstComCamMapper: ['LSSTComCam', 'lsst.obs.lsst.LsstComCam'],
      Ts3Mapper: ['LSST-TS3', 'lsst.obs.lsst.LsstTS3'],
      Ts8Mapper: ['LSST-TS8', 'lsst.obs.lsst.LsstTS8'],
      UcdMapper: ['LSST-UCDCam', 'lsst.obs.lsst.LsstUCDCam'],
      TestMapper: [undefined, undefined],
      DemoMapper: ['DemoCam', 'gen2to3.demo.DemoCam'],
    };
    for (const [mapper, [name, cls]] of Object.entries(expected)) {
      const b = findInstrumentBinding(CONVERTERS, mapper);
      expect(b, mapper).toBeDefined();
      expect([b!.instrument, b!.instrumentClass], mapper).toEqual([name, cls]);
    }
  });

  it('every bound mapper class is one the Gen2 layer knows', () => {
    const known = new Set(MAPPER_CATALOG.map((m) => m.className));
    for (const c of CONVERTERS) for (const b of c.instruments) for (const m of b.mapperClasses) expect(known.has(m), m).toBe(true);
  });

  it('binds no mapper twice', () => {
    const all = CONVERTERS.flatMap((c) => c.instruments.flatMap((b) => b.mapperClasses));
    expect(new Set(all).size).toBe(all.length);
  });
});

describeFixtures('converter bindings against the reference conversion', () => {
  it('LATISS has the instrument name and class the reference converter registered', () => {
    const db = new Database(fixture('obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3'), { readonly: true });
    const row = db.prepare('select name, class_name from instrument').get() as { name: string; class_name: string };
    db.close();
    const b = findInstrumentBinding(CONVERTERS, 'LatissMapper')!;
    expect([b.instrument, b.instrumentClass]).toEqual([row.name, row.class_name]);
  });
});
