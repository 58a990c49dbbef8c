import { expect, it } from 'vitest';
import { PolicyError } from '../../../../src/gen2/errors.js';
import { lookupMapper, type MapperEntry } from '../../../../src/gen2/mapper-catalog.js';
import { isPlainMap, loadMapperPolicy, obsTimeColumn, readPolicyYaml, type DatasetMapping, type MapperPolicy } from '../../../../src/gen2/policy/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

function mapper(dotted: string): MapperEntry {
  const m = lookupMapper(dotted);
  if (!m) throw new Error(`no catalog entry for ${dotted}`);
  return m;
}

function load(dotted: string, repoPolicy?: unknown, source?: string): MapperPolicy {
  return loadMapperPolicy({ mapper: mapper(dotted), searchPath: [fixture()], repoPolicy, source });
}

function ds(policy: MapperPolicy, name: string): DatasetMapping {
  const d = policy.datasets.get(name);
  if (!d) throw new Error(`${policy.mapperClass} has no dataset type ${name}`);
  return d;
}

const rel = (files: readonly string[]): string[] => files.map((f) => f.slice(fixture().length + 1));

describeFixtures('loadMapperPolicy on the real obs package policies', () => {
  it('HSC: camera policy over obs_base exposures/datasets, calibration defaults', () => {
    const p = load('lsst.obs.hsc.HscMapper');
    expect(p.mapperClass).toBe('HscMapper');
    expect(rel(p.files)).toEqual(['obs_subaru/policy/HscMapper.yaml', 'obs_base/policy/exposures.yaml', 'obs_base/policy/datasets.yaml']);
    expect(p).toMatchObject({ needCalibRegistry: true, camera: '../hsc/camera', defaultLevel: 'sensor', warnings: [] });
    expect(p.levels).toEqual({ skyTile: ['visit', 'ccd'], tract: ['patch'], visit: ['ccd'], sensor: ['none'] });
    expect(p.defaultSubLevels).toEqual({ skyTile: 'sensor', visit: 'sensor', sensor: 'none' });

    // camera gives only the template; python/persistable/level/tables come from obs_base exposures.yaml
    expect(ds(p, 'raw')).toMatchObject({
      section: 'exposures',
      template: '%(field)s/%(dateObs)s/%(pointing)05d/%(filter)s/HSC-%(visit)07d-%(ccd)03d.fits',
      storage: 'FitsStorage',
      python: 'lsst.afw.image.DecoratedImageU',
      persistable: 'DecoratedImageU',
      level: 'Ccd',
      tables: ['raw'],
      validRange: false,
    });
    expect(ds(p, 'calexp')).toMatchObject({ template: '%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits', python: 'lsst.afw.image.ExposureF', tables: ['raw'] });
    expect(ds(p, 'calexp').obsTimeName).toBeUndefined();
    expect(ds(p, 'src')).toMatchObject({ section: 'datasets', template: '%(pointing)05d/%(filter)s/output/SRC-%(visit)07d-%(ccd)03d.fits', storage: 'FitsCatalogStorage' });

    const bias = ds(p, 'bias');
    expect(bias).toMatchObject({
      section: 'calibrations',
      template: 'BIAS/%(calibDate)s/NONE/BIAS-%(calibDate)s-%(ccd)03d.fits',
      storage: 'FitsStorage',
      python: 'lsst.afw.image.MaskedImageF',
      tables: ['bias'],
      reference: ['raw_visit'],
      refCols: ['visit', 'filter'],
      columns: ['ccd', 'taiObs'],
      validRange: true,
      obsTimeName: 'taiObs',
      validStartName: 'validStart',
      validEndName: 'validEnd',
      setFilter: false,
    });
    expect(ds(p, 'flat')).toMatchObject({ template: 'FLAT/%(calibDate)s/%(filter)s/FLAT-%(calibDate)s-%(filter)s-%(ccd)03d.fits', columns: ['ccd', 'filter', 'taiObs'], setFilter: true });
    expect(ds(p, 'defects')).toMatchObject({ template: 'defects/%(calibDate)s/defects-%(calibDate)s-%(ccd)03d.fits', refCols: ['visit'], columns: ['ccd', 'taiObs'] });
    expect(ds(p, 'bfKernel')).toMatchObject({ template: 'BFKERNEL/brighter_fatter_kernel.pkl', storage: 'PickleStorage', python: 'numpy.ndarray' });

    // obs_base-only datasets are present
    expect(ds(p, 'deepCoadd_skyMap')).toMatchObject({ section: 'datasets', template: 'deepCoadd/skyMap.pickle', storage: 'PickleStorage', python: 'lsst.skymap.BaseSkyMap' });
    expect(ds(p, 'packages')).toMatchObject({ template: 'config/packages.pickle', storage: 'PickleStorage' });
    expect(ds(p, 'processCcd_config')).toMatchObject({ template: 'config/processCcd.py', storage: 'ConfigStorage' });
    expect(ds(p, 'src_schema').template).toBe('schema/src.fits');
    // template 'ignored' → undefined; the singular typo `table:` is ignored
    expect(ds(p, 'ccdExposureId')).toMatchObject({ storage: 'ignored', tables: [] });
    expect(ds(p, 'ccdExposureId').template).toBeUndefined();
    expect(ds(p, 'plotSky').tables).toEqual([]);
    expect((ds(p, 'plotSky').raw as Record<string, unknown>).table).toBe('raw');

    // CameraMapper order: exposures (obs_base keys first, camera-only keys after), then calibrations, then datasets
    const names = [...p.datasets.keys()];
    expect(names[0]).toBe('deepCoadd');
    expect(names.indexOf('calexp')).toBeLessThan(names.indexOf('bias'));
    expect(names.indexOf('bias')).toBeLessThan(names.indexOf('deepCoadd_skyMap'));
    expect(p.datasets.size).toBe(355);
  });

  it('DECam: obsTimeName date, ccdnum templates, MEF calibrations', () => {
    const p = load('lsst.obs.decam.decamMapper.DecamMapper');
    expect(ds(p, 'raw').template).toBe('%(date)s/%(filter)s/decam%(visit)07d.fits.fz[%(hdu)d]');
    expect(ds(p, 'calexp').template).toBe('%(visit)07d/calexp/calexp-%(visit)07d_%(ccdnum)02d.fits');
    expect(ds(p, 'bias')).toMatchObject({ template: 'BIAS/%(calibDate)s/BIAS-%(calibDate)s-%(ccdnum)02d.fits', obsTimeName: 'date', columns: ['date'], refCols: ['visit'], reference: ['raw_visit'], validRange: true });
    expect(ds(p, 'cpBias')).toMatchObject({ template: 'cpBIAS/%(calibDate)s/BIAS-%(calibDate)s.fits[%(ccdnum)d]', tables: ['bias'] });
    // fringe has validRange: false and no obsTimeName of its own → section default taiObs
    expect(ds(p, 'fringe')).toMatchObject({ validRange: false, obsTimeName: 'taiObs', columns: ['filter', 'ccdnum'] });
  });

  it('LATISS: list form, first occurrence wins per key; obsTimeName dayObs', () => {
    const p = load('lsst.obs.lsst.latiss.LatissMapper');
    expect(rel(p.files)).toEqual(['obs_lsst/policy/latiss/latissMapper.yaml', 'obs_lsst/policy/lsstCamMapper.yaml', 'obs_base/policy/exposures.yaml', 'obs_base/policy/datasets.yaml']);
    expect(p.needCalibRegistry).toBe(true); // only in lsstCamMapper.yaml
    expect(ds(p, '_raw')).toMatchObject({ template: 'raw/%(dayObs)s/%(expId)013d-det%(detector)03d.fits[0]', python: 'lsst.daf.base.PropertyList', level: 'Ccd', tables: ['raw'] });
    expect(ds(p, 'raw_amp')).toMatchObject({ template: 'raw/%(dayObs)s/%(expId)013d-det%(detector)03d.fits[%(channel)d]', level: 'Amp' });
    expect(ds(p, 'bias')).toMatchObject({
      template: 'bias/%(calibDate)s/bias-det%(detector)03d_%(calibDate)s.fits',
      obsTimeName: 'dayObs',
      columns: ['dayObs', 'detector'],
      reference: ['raw'],
      tables: ['bias'],
      validRange: true,
    });
    expect(ds(p, 'flat')).toMatchObject({ obsTimeName: 'dayObs', columns: ['dayObs', 'detector', 'filter'] });
    expect(ds(p, 'calexp').template).toBe('calexp/%(dayObs)s/calexp_%(expId)013d-%(filter)s-det%(detector)03d.fits');
    const raw = ds(p, 'raw');
    expect(raw.template).toBeUndefined();
    expect(raw.composite).toEqual({ raw_amp: { datasetType: 'raw_amp', subset: true }, raw_hdu: { datasetType: 'raw_hdu' } });
    expect(raw).toMatchObject({ assembler: 'lsst.obs.lsst.lsstCamMapper.assemble_raw', inputOnly: true });
  });

  it.each([
    ['lsst.obs.lsst.LsstCamMapper', 'raw/%(dayObs)s/%(expId)013d/%(expId)013d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits'],
    ['lsst.obs.lsst.comCam.LsstComCamMapper', 'raw/%(dayObs)s/%(expId)013d/%(expId)013d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits'],
    ['lsst.obs.lsst.imsim.ImsimMapper', 'raw/%(run)s/%(raftName)s/%(expId)08d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits'],
    ['lsst.obs.lsst.phosim.PhosimMapper', 'raw/%(run)s/%(raftName)s/%(expId)08d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits'],
    ['lsst.obs.lsst.ts3.Ts3Mapper', 'raw/%(run)s/%(expId)011d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits'],
    ['lsst.obs.lsst.ts8.Ts8Mapper', 'raw/%(run)s/%(expId)011d-%(raftName)s-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits'],
    ['lsst.obs.lsst.ucd.UcdMapper', 'raw/%(run)s/%(expId)011d-%(detectorName)s-det%(detector)03d.fits[0]', 'bias/%(calibDate)s/bias-det%(detector)03d-%(detectorName)s_%(calibDate)s.fits'],
  ])('%s: _raw and bias templates, obsTimeName dateObs', (dotted, rawTemplate, biasTemplate) => {
    const p = load(dotted);
    const m = mapper(dotted);
    expect(rel(p.files).slice(0, m.policyFiles.length)).toEqual(m.policyFiles.map((f) => `obs_lsst/policy/${f}`));
    expect(ds(p, '_raw').template).toBe(rawTemplate);
    expect(ds(p, 'bias')).toMatchObject({ template: biasTemplate, obsTimeName: 'dateObs', reference: ['raw'], validRange: true });
    expect(p.needCalibRegistry).toBe(true);
    expect(p.levels.visit).toEqual(['raftName', 'detectorName', 'detector', 'run', 'dayObs']);
  });

  it('imsim: the imsim flat template and the phosim eimage', () => {
    expect(ds(load('lsst.obs.lsst.imsim.ImsimMapper'), 'flat').template).toBe('flat/%(filter)s/%(calibDate)s/flat_%(filter)s-%(raftName)s-%(detectorName)s-det%(detector)03d_%(calibDate)s.fits');
    expect(ds(load('lsst.obs.lsst.phosim.PhosimMapper'), 'eimage').template).toBe('eimage/%(expId)d/E%(snap)03d/%(raftName)s/eimage_%(visit)08d_%(raftName)s_%(detectorName)s_E%(snap)03d.fits.gz');
  });

  it('obs_test: calibrations without keys, no calib registry, a composite', () => {
    const p = load('lsst.obs.test.testMapper.TestMapper');
    expect(p.needCalibRegistry).toBe(false);
    expect(ds(p, 'raw').template).toBe('raw/raw_v%(visit)d_f%(filter)s.fits.gz');
    expect(ds(p, 'calexp').template).toBe('calexp/calexp_v%(visit)d_f%(filter)s.fits');
    expect(ds(p, 'src').template).toBe('src/v%(visit)d_f%(filter)s.fits');
    expect(ds(p, 'bias')).toMatchObject({ template: 'bias/bias.fits.gz', tables: [], storage: 'FitsStorage', obsTimeName: 'taiObs' });
    expect(ds(p, 'defects')).toMatchObject({ template: 'defects/defects.fits', storage: 'FitsCatalogStorage' });
    expect(ds(p, 'flat')).toMatchObject({ template: 'flat/flat_f%(filter)s.fits.gz', columns: ['filter'], reference: ['raw'] });
    expect(ds(p, 'rawAndFlat')).toMatchObject({ composite: { flat: { datasetType: 'flat' }, raw: { datasetType: 'raw' } }, disassembler: 'lsst.obs.test.RawAndFlatDisassembler' });
  });

  it('obs_test MapperForTestCalexpMetadataObjects: obs_base only for the sections the camera has', () => {
    const p = load('lsst.obs.test.MapperForTestCalexpMetadataObjects');
    expect(rel(p.files)).toEqual(['obs_test/policy/testCalexpMetadataObjects.yaml', 'obs_base/policy/exposures.yaml']);
    expect(ds(p, 'calexp').template).toBe('example-calexp.fits');
    expect(p.datasets.has('src')).toBe(false);
    expect(p.defaultLevel).toBeUndefined();
    expect(p.needCalibRegistry).toBe(false);
  });

  it('Megacam: the raw template with extension HDU', () => {
    const p = load('lsst.obs.cfht.MegacamMapper');
    expect(ds(p, 'raw')).toMatchObject({ template: 'raw/%(runId)s/%(object)s/%(date)s/%(filter)s/%(visit)d%(state)1s.fits.fz[%(extension)d]', columns: ['visit', 'state', 'ccd'] });
    expect(ds(p, 'bias')).toMatchObject({ template: '%(path)s[%(extension)d]', obsTimeName: 'taiObs' });
  });

  it('repository _policy override wins (obs_test/tests/policyTest/a)', () => {
    const cfgFile = fixture('obs_test/tests/policyTest/a/repositoryCfg.yaml');
    const cfg = readPolicyYaml(cfgFile);
    // the !RepositoryCfg_v1 / !!python/* tags stay inert data
    expect(cfg.warnings.some((w) => w.includes('Unresolved tag'))).toBe(true);
    const policyObj = isPlainMap(cfg.data) ? cfg.data._policy : undefined;
    const repoPolicy = isPlainMap(policyObj) ? policyObj.data : undefined;
    expect(repoPolicy).toEqual({ exposures: { raw: { template: 'raw/v%(visit)d_f%(filter)s.fits.gz' } } });

    const p = load('lsst.obs.test.testMapper.TestMapper', repoPolicy, cfgFile);
    expect(ds(p, 'raw')).toMatchObject({ template: 'raw/v%(visit)d_f%(filter)s.fits.gz', python: 'lsst.afw.image.DecoratedImageU', level: 'Ccd', tables: ['raw'] });
    expect(rel(p.files)).toEqual(['obs_test/policy/testMapper.yaml', 'obs_test/tests/policyTest/a/repositoryCfg.yaml', 'obs_base/policy/exposures.yaml', 'obs_base/policy/datasets.yaml']);
    // without the override
    expect(ds(load('lsst.obs.test.testMapper.TestMapper'), 'raw').template).toBe('raw/raw_v%(visit)d_f%(filter)s.fits.gz');
    // top-level keys can be overridden too
    expect(load('lsst.obs.test.testMapper.TestMapper', { needCalibRegistry: true }).needCalibRegistry).toBe(true);
  });

  it('rejects an invalid repository _policy, naming its source', () => {
    const src = '/repo/repositoryCfg.yaml';
    expect(() => load('lsst.obs.test.testMapper.TestMapper', ['x'], src)).toThrow(new PolicyError(src, '_policy.data: expected a mapping, found a list'));
    expect(() => load('lsst.obs.test.testMapper.TestMapper', { exposures: { raw: { template: 3 } } }, src)).toThrow(
      `${src}: exposures.raw.template: expected a string, found a number (3)`,
    );
  });

  it('obs_base MinMapper2 (tests policy): images section, calibRegistryPath, list/str normalisation', () => {
    const m: MapperEntry = { ...mapper('lsst.obs.test.testMapper.TestMapper'), className: 'MinMapper2', packageName: 'obs_base', policyFiles: ['MinMapper2.yaml'] };
    const p = loadMapperPolicy({ mapper: m, searchPath: [fixture('obs_base/tests'), fixture()] });
    expect(rel(p.files)).toEqual(['obs_base/tests/MinMapper2.yaml', 'obs_base/policy/exposures.yaml', 'obs_base/policy/datasets.yaml']);
    expect(p).toMatchObject({ needCalibRegistry: true, calibRegistryPath: 'tests/calibRegistry.sqlite3', defaultLevel: 'ccd', levels: { visit: ['ccd'] }, defaultSubLevels: { visit: 'ccd' } });
    expect(ds(p, 'other')).toMatchObject({ section: 'images', template: 'bar-%(ccd)02d.fits[%(hdu)d]', storage: 'FitsStorage', tables: ['raw'] });
    expect(ds(p, 'flat')).toMatchObject({ tables: ['flat'], reference: ['raw'], refCols: ['ccd', 'visit'], columns: ['filter', 'taiObs'], validRange: true, obsTimeName: 'taiObs', level: 'Amp' });
    expect(ds(p, 'someCatalog')).toMatchObject({ storage: 'FitsCatalogStorage', template: 'catalog-v%(visit)d-c%(ccd)02d.fits' });
    // camera datasets win over obs_base's forced_src
    expect(ds(p, 'forced_src').template).toBe('%(tract)d/%(filter)s/forced_src-v%(visit)d-c%(ccd)02d.fits');
  });

  it('obs_base ConflictMapper: a dataset type defined in two sections is an error (Gen2 "Duplicate mapping policy")', () => {
    const m: MapperEntry = { ...mapper('lsst.obs.test.testMapper.TestMapper'), className: 'ConflictMapper', packageName: 'obs_base', policyFiles: ['ConflictMapper.yaml'] };
    expect(() => loadMapperPolicy({ mapper: m, searchPath: [fixture('obs_base/tests'), fixture()] })).toThrow(
      `${fixture('obs_base/tests/ConflictMapper.yaml')}: datasets.packages: dataset type "packages" is also defined in exposures (Gen2: "Duplicate mapping policy")`,
    );
  });

  it('obsTimeColumn: the policy obsTimeName where the entry has one, else the catalog default', () => {
    const decam = load('lsst.obs.decam.DecamMapper');
    expect(obsTimeColumn(ds(decam, 'bias'), decam.mapper)).toBe('date');
    expect(obsTimeColumn(ds(decam, 'calexp'), decam.mapper)).toBe('date');
    const latiss = load('lsst.obs.lsst.latiss.LatissMapper');
    expect(obsTimeColumn(ds(latiss, 'bias'), latiss.mapper)).toBe('dayObs');
    expect(obsTimeColumn(ds(latiss, 'calexp'), latiss.mapper)).toBe('dayObs');
    const imsim = load('lsst.obs.lsst.imsim.ImsimMapper');
    expect(obsTimeColumn(ds(imsim, 'flat'), imsim.mapper)).toBe('dateObs');
    const hsc = load('lsst.obs.hsc.HscMapper');
    expect(obsTimeColumn(ds(hsc, 'bias'), hsc.mapper)).toBe('taiObs');
    expect(obsTimeColumn(undefined, mapper('gen2to3.demo.DemoMapper'))).toBe('taiObs');
  });

  it('reports a camera policy missing from the search path, and obs_base missing from it', () => {
    expect(() => loadMapperPolicy({ mapper: mapper('lsst.obs.lsst.LsstCamMapper'), searchPath: [fixture('obs_subaru')] })).toThrow(
      /^obs_lsst\/policy\/lsstCamMapper\.yaml: policy file not found on the policy search path/,
    );
    expect(() => loadMapperPolicy({ mapper: mapper('lsst.obs.hsc.HscMapper'), searchPath: [fixture('obs_subaru')] })).toThrow(
      /^obs_base\/policy\/exposures\.yaml: policy file not found on the policy search path/,
    );
    expect(() => loadMapperPolicy({ mapper: mapper('lsst.obs.lsstSim.LsstSimMapper'), searchPath: [fixture()] })).toThrow(PolicyError);
  });
});
