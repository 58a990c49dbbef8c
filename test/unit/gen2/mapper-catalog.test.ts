import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPER_CATALOG, lookupMapper, lookupMapperClass, mapperClassName, sameMapper } from '../../../src/gen2/mapper-catalog.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';

/** gen2-format §1.2, §1.6, §2.4, §3.1: dotted name → expected facts. */
const EXPECTED = [
  ['lsst.obs.hsc.HscMapper', 'HscMapper', 'obs_subaru', ['HscMapper.yaml'], 'taiObs', 'ccd', true],
  ['lsst.obs.decam.DecamMapper', 'DecamMapper', 'obs_decam', ['DecamMapper.yaml'], 'date', 'ccdnum', false],
  ['lsst.obs.cfht.MegacamMapper', 'MegacamMapper', 'obs_cfht', ['MegacamMapper.yaml'], 'taiObs', 'ccd', false],
  ['lsst.obs.lsstSim.LsstSimMapper', 'LsstSimMapper', 'obs_lsstSim', ['LsstSimMapper.yaml'], 'taiObs', 'sensor', false],
  ['lsst.obs.test.testMapper.TestMapper', 'TestMapper', 'obs_test', ['testMapper.yaml'], 'taiObs', 'ccd', false],
  ['lsst.obs.lsst.lsstCamMapper.LsstCamMapper', 'LsstCamMapper', 'obs_lsst', ['lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['lsst.obs.lsst.latiss.LatissMapper', 'LatissMapper', 'obs_lsst', ['latiss/latissMapper.yaml', 'lsstCamMapper.yaml'], 'dayObs', 'detector', true],
  ['lsst.obs.lsst.imsim.ImsimMapper', 'ImsimMapper', 'obs_lsst', ['imsim/imsimMapper.yaml', 'lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['lsst.obs.lsst.phosim.PhosimMapper', 'PhosimMapper', 'obs_lsst', ['imsim/imsimMapper.yaml', 'lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['lsst.obs.lsst.comCam.LsstComCamMapper', 'LsstComCamMapper', 'obs_lsst', ['lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['lsst.obs.lsst.ts3.Ts3Mapper', 'Ts3Mapper', 'obs_lsst', ['ts3/ts3Mapper.yaml', 'lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['lsst.obs.lsst.ts8.Ts8Mapper', 'Ts8Mapper', 'obs_lsst', ['ts8/ts8Mapper.yaml', 'lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['lsst.obs.lsst.ucd.UcdMapper', 'UcdMapper', 'obs_lsst', ['ucd/ucdMapper.yaml', 'lsstCamMapper.yaml'], 'dateObs', 'detector', true],
  ['gen2to3.demo.DemoMapper', 'DemoMapper', 'gen2to3_demo', ['DemoMapper.yaml'], 'taiObs', 'ccd', true],
] as const;

describe('mapper catalog', () => {
  it.each(EXPECTED)('%s → %s', (dotted, cls, pkg, files, obsTime, detectorKey, calibDir) => {
    const entry = lookupMapper(dotted);
    expect(entry).toBeDefined();
    expect(entry).toMatchObject({ className: cls, packageName: pkg, policyFiles: files, obsTimeColumn: obsTime, detectorKey, searchesCalibDir: calibDir });
  });

  it('normalises by the final class name (package re-export and module path are the same class)', () => {
    for (const [a, b] of [
      ['lsst.obs.hsc.HscMapper', 'lsst.obs.hsc.hscMapper.HscMapper'],
      ['lsst.obs.decam.DecamMapper', 'lsst.obs.decam.decamMapper.DecamMapper'],
      ['lsst.obs.lsst.LsstCamMapper', 'lsst.obs.lsst.lsstCamMapper.LsstCamMapper'],
      ['lsst.obs.test.TestMapper', 'lsst.obs.test.testMapper.TestMapper'],
    ] as const) {
      expect(lookupMapper(a)).toBe(lookupMapper(b));
      expect(sameMapper(a, b)).toBe(true);
    }
    expect(lookupMapper('  lsst.obs.hsc.HscMapper\n')?.className).toBe('HscMapper');
    expect(sameMapper('lsst.obs.hsc.HscMapper', 'lsst.obs.decam.DecamMapper')).toBe(false);
  });

  it('returns undefined for unknown and unqualified names', () => {
    expect(lookupMapper('pickleMapper.PickleMapper')).toBeUndefined();
    expect(lookupMapper('lsst.obs.unknown.FooMapper')).toBeUndefined();
    expect(lookupMapper('HscMapper')).toBeUndefined();
    expect(lookupMapper('lsst..HscMapper')).toBeUndefined();
    expect(lookupMapper('')).toBeUndefined();
    expect(mapperClassName('HscMapper')).toBeUndefined();
    expect(mapperClassName('lsst.obs.hsc.hscMapper.HscMapper')).toBe('HscMapper');
    expect(lookupMapperClass('LatissMapper')?.dottedName).toBe('lsst.obs.lsst.latiss.LatissMapper');
  });

  it('has unique class names, and every canonical name and alias resolves to its entry', () => {
    const names = MAPPER_CATALOG.map((e) => e.className);
    expect(new Set(names).size).toBe(names.length);
    for (const e of MAPPER_CATALOG) {
      expect(lookupMapper(e.dottedName)).toBe(e);
      for (const alias of e.aliases) expect(lookupMapper(alias)).toBe(e);
      expect(e.detectorKeys.at(-1)).toBe(e.detectorKey);
    }
  });

  it('records obs_base defaults, raw mapping and origin', () => {
    expect(lookupMapper('lsst.obs.hsc.HscMapper')).toMatchObject({ obsBaseDefaults: true, rawMapping: 'raw', origin: 'lsst', detectorKeys: ['ccd'] });
    expect(lookupMapper('lsst.obs.lsst.latiss.LatissMapper')).toMatchObject({ obsBaseDefaults: true, rawMapping: '_raw' });
    expect(lookupMapper('lsst.obs.lsstSim.LsstSimMapper')?.detectorKeys).toEqual(['raft', 'sensor']);
    expect(lookupMapper('gen2to3.demo.DemoMapper')).toMatchObject({ obsBaseDefaults: false, rawMapping: 'raw', origin: 'gen2to3', aliases: [] });
  });

  it('is frozen', () => {
    const hsc = lookupMapper('lsst.obs.hsc.HscMapper')!;
    expect(Object.isFrozen(hsc)).toBe(true);
    expect(Object.isFrozen(hsc.policyFiles)).toBe(true);
    expect(Object.isFrozen(MAPPER_CATALOG)).toBe(true);
  });
});

describeFixtures('mapper catalog against every real _mapper file', () => {
  function findMapperFiles(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) findMapperFiles(p, out);
      else if (name === '_mapper') out.push(p);
    }
    return out;
  }

  it('resolves every _mapper in the fixtures except the daf_persistence test PickleMapper', () => {
    const files = findMapperFiles(fixture());
    expect(files.length).toBeGreaterThanOrEqual(22);
    const resolved = new Map<string, string | undefined>();
    for (const f of files) {
      const line = readFileSync(f, 'utf8').split('\n')[0]!.trim();
      resolved.set(path.relative(fixture(), f), lookupMapper(line)?.className);
    }
    expect(resolved.get('daf_persistence/tests/root/_parent/_mapper')).toBeUndefined();
    expect(resolved.get('testdata_jointcal/hsc/_mapper')).toBe('HscMapper');
    expect(resolved.get('obs_subaru/hsc/CALIB/_mapper')).toBe('HscMapper');
    expect(resolved.get('testdata_decam/ingested/_mapper')).toBe('DecamMapper');
    expect(resolved.get('testdata_jointcal/cfht/_mapper')).toBe('MegacamMapper');
    expect(resolved.get('testdata_jointcal/twinkles1/_mapper')).toBe('LsstSimMapper');
    expect(resolved.get('obs_test/data/input/_mapper')).toBe('TestMapper');
    expect(resolved.get('obs_lsst_gen2/tests/data/input/_mapper')).toBe('LsstCamMapper');
    for (const cam of ['comCam', 'imsim', 'latiss', 'phosim', 'ts3', 'ts8', 'ucd']) {
      expect(resolved.get(`obs_lsst_gen2/data/input/${cam}/_mapper`), cam).toBeDefined();
    }
    const unresolved = [...resolved].filter(([, cls]) => cls === undefined).map(([f]) => f);
    expect(unresolved).toEqual(['daf_persistence/tests/root/_parent/_mapper']);
  });
});
