import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Gen2Template } from '../../../../src/gen2/templates/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree, type WalkResult, type WalkTargetSpec } from '../../../../src/gen2/walker/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';
import { tmpDir, writeTree } from '../../../helpers/tmp-dir.js';
import { mergedPolicyTemplates, type PolicyTemplate } from '../templates/policy-templates.js';

const mergedCache = new Map<string, PolicyTemplate[]>();

/** The merged policy of a camera: obs_base exposures/datasets, then the camera's files in order. */
function cameraTemplates(...cameraFiles: string[]): PolicyTemplate[] {
  const key = cameraFiles.join('|');
  let merged = mergedCache.get(key);
  if (!merged) {
    merged = mergedPolicyTemplates(
      [
        { file: fixture('obs_base', 'policy', 'exposures.yaml'), section: 'exposures' },
        { file: fixture('obs_base', 'policy', 'datasets.yaml'), section: 'datasets' },
      ],
      cameraFiles.map((f) => fixture(f)),
    );
    mergedCache.set(key, merged);
  }
  return merged;
}

/** Root repositories are walked with every non-calibration template, calibration repositories with the others. */
function targets(templates: readonly PolicyTemplate[], calibrations: boolean): WalkTargetSpec[] {
  return templates.filter((t) => (t.section === 'calibrations') === calibrations).map((t) => ({ datasetType: t.datasetType, template: Gen2Template.parse(t.template) }));
}

function expectAccountedFor(result: WalkResult, files: number): void {
  const { totals } = result;
  expect(totals.files).toBe(files);
  expect(totals.targets + totals.skipped + totals.ignored + totals.unrecognized + totals.broken).toBe(files);
  expect(result.targets).toHaveLength(totals.targets);
}

describeFixtures('walkGen2Tree on testdata_jointcal (GEN2_TREE_LISTING.txt materialised as empty files)', () => {
  const root = tmpDir();
  let listing: string[];
  let hsc: WalkResult;
  let decam: WalkResult;

  beforeAll(async () => {
    listing = readFileSync(fixture('testdata_jointcal', 'GEN2_TREE_LISTING.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(' ').slice(2).join(' '));
    writeTree(root, Object.fromEntries(listing.map((p) => [p, ''])));
    hsc = await walkGen2Tree(path.join(root, 'hsc'), targets(cameraTemplates('obs_subaru/policy/HscMapper.yaml'), false), DEFAULT_WALK_RULES);
    decam = await walkGen2Tree(path.join(root, 'decam'), targets(cameraTemplates('obs_decam/policy/DecamMapper.yaml'), false), DEFAULT_WALK_RULES);
  });

  it('accounts for every listed file', () => {
    expect(listing).toHaveLength(504);
    expectAccountedFor(hsc, listing.filter((p) => p.startsWith('hsc/')).length);
    expectAccountedFor(decam, listing.filter((p) => p.startsWith('decam/')).length);
    expect(hsc.totals.files + decam.totals.files).toBe(504);
  });

  it('finds the HSC datasets by type', () => {
    expect(Object.fromEntries(hsc.countsByDatasetType)).toEqual({
      raw: 30,
      calexp: 30,
      src: 30,
      sourceTable_visit: 10,
      visitSummary: 10,
      packages: 1,
      singleFrameDriver_config: 1,
      skyCorr_config: 1,
      transformSourceTable_config: 1,
      writeSourceTable_config: 1,
      deepCoadd_skyMap: 1,
      icSrc_schema: 1,
      src_schema: 1,
      transmission_atmosphere: 1,
      transmission_filter: 20,
      transmission_optics: 1,
      transmission_sensor: 112,
    });
    expect(hsc.totals).toMatchObject({ files: 415, targets: 252, skipped: 24, ignored: 3, unrecognized: 136, broken: 0, ambiguous: 0 });
  });

  it('parses HSC data IDs from the real paths', () => {
    const byPath = new Map(hsc.targets.map((t) => [t.relPath, t]));
    expect(byPath.get('SSP_WIDE/2015-07-15/01291/HSC-R/HSC-0034648-051.fits')).toMatchObject({
      datasetType: 'raw',
      dataId: { field: 'SSP_WIDE', dateObs: '2015-07-15', pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 },
    });
    expect(byPath.get('01291/HSC-R/output/SRC-0034648-051.fits.gz')).toMatchObject({
      datasetType: 'src',
      dataId: { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 },
      compressedSuffix: '.gz',
    });
    expect(byPath.get('01291/HSC-R/output/sourceTable-0034648.parq')).toMatchObject({ datasetType: 'sourceTable_visit', dataId: { pointing: 1291, filter: 'HSC-R', visit: 34648 } });
    expect(byPath.get('schema/src.fits')).toMatchObject({ datasetType: 'src_schema', dataId: {} });
    expect(byPath.get('transmission/filter-HSC-R.fits')).toMatchObject({ datasetType: 'transmission_filter', dataId: { filter: 'HSC-R' } });
    expect(byPath.get('transmission/sensor-051.fits')).toMatchObject({ datasetType: 'transmission_sensor', dataId: { ccd: 51 } });
    const raws = hsc.targets.filter((t) => t.datasetType === 'raw');
    expect(new Set(raws.map((t) => t.dataId.visit)).size).toBe(10);
    expect(new Set(raws.map((t) => t.dataId.filter))).toEqual(new Set(['HSC-R', 'HSC-I']));
  });

  it('reports the rest of the HSC tree', () => {
    expect(hsc.skipped).toEqual([{ relPath: 'ref_cats', reason: 'reference catalogs (converted separately)', count: 24 }]);
    expect(hsc.ignored.map((i) => `${i.relPath}: ${i.rule}`)).toEqual(['_mapper: Gen2 repository metadata', 'registry.sqlite3: Gen2 registry', 'config/packages.pickle~1: backup file']);
    // The Gen3 datastore copied into this Gen2 root: `HSC` and `calib` fit %(field)s/%(dateObs)s of the raw template, `unbounded` fits nothing.
    expect(hsc.unrecognized).toEqual([
      { dir: '.', entries: ['exports.yaml'], count: 1 },
      { dir: 'HSC/calib', entries: ['unbounded/'], count: 135 },
    ]);
  });

  it('finds the DECam datasets by type', () => {
    expect(Object.fromEntries(decam.countsByDatasetType)).toEqual({
      calexp: 15,
      src: 15,
      packages: 1,
      singleFrameDriver_config: 1,
      deepCoadd_skyMap: 1,
      src_schema: 1,
    });
    expect(decam.totals).toMatchObject({ files: 89, targets: 34, skipped: 53, ignored: 2, unrecognized: 0, broken: 0 });
    expect(decam.targets.find((t) => t.relPath === '0176837/src/src-0176837_10.fits.gz')).toMatchObject({
      datasetType: 'src',
      dataId: { visit: 176837, ccdnum: 10 },
      compressedSuffix: '.gz',
    });
  });
});

describeFixtures('walkGen2Tree on the obs_lsst Gen2 test repositories', () => {
  const LSST = 'obs_lsst/policy/lsstCamMapper.yaml';
  const policies: Record<string, string[]> = {
    comCam: [LSST],
    imsim: [LSST, 'obs_lsst/policy/imsim/imsimMapper.yaml'],
    latiss: [LSST, 'obs_lsst/policy/latiss/latissMapper.yaml'],
    phosim: [LSST],
    ts3: [LSST, 'obs_lsst/policy/ts3/ts3Mapper.yaml'],
    ts8: [LSST, 'obs_lsst/policy/ts8/ts8Mapper.yaml'],
    ucd: [LSST, 'obs_lsst/policy/ucd/ucdMapper.yaml'],
  };
  const repo = (camera: string, ...rest: string[]): string => fixture('obs_lsst_gen2', 'data', 'input', camera, ...rest);
  const walkRoot = (camera: string) => walkGen2Tree(repo(camera), targets(cameraTemplates(...(policies[camera] ?? [])), false), DEFAULT_WALK_RULES);
  const walkCalib = (camera: string) => walkGen2Tree(repo(camera, 'CALIB'), targets(cameraTemplates(...(policies[camera] ?? [])), true), DEFAULT_WALK_RULES);
  const RAW_COMPONENTS = ['_raw', 'raw_amp', 'raw_hdu'];

  it.each([
    ['comCam', 'raw/2019-05-30/3019053000001/3019053000001-R22-S00-det000.fits', { dayObs: '2019-05-30', expId: 3019053000001, raftName: 'R22', detectorName: 'S00', detector: 0 }],
    ['latiss', 'raw/2018-09-20/3018092000065-det000.fits', { dayObs: '2018-09-20', expId: 3018092000065, detector: 0 }],
    ['imsim', 'raw/204595/R11/00204595-R11-S20-det042.fits', { run: '204595', raftName: 'R11', expId: 204595, detectorName: 'S20', detector: 42 }],
    ['ts3', 'raw/2016-07-22/201607220607067-R071-S00-det071.fits', { run: '2016-07-22', expId: 201607220607067, raftName: 'R071', detectorName: 'S00', detector: 71 }],
    ['ucd', 'raw/2018-12-05/20181205233148-S00-det000.fits', { run: '2018-12-05', expId: 20181205233148, detectorName: 'S00', detector: 0 }],
  ])('%s: finds the raw %s (one file for the raw components _raw, raw_amp, raw_hdu)', async (camera, relPath, dataId) => {
    const result = await walkRoot(camera);
    const raw = result.targets.find((t) => t.relPath === relPath);
    expect(raw).toMatchObject({ datasetType: '_raw', dataId, hdu: { literal: 0 } });
    expect(result.ambiguities.find((a) => a.relPath === relPath)?.candidates).toEqual(RAW_COMPONENTS);
    expect(result.ignored.map((i) => i.relPath)).toEqual(['_mapper', 'registry.sqlite3']);
    expect(result.totals.unrecognized).toBe(0);
  });

  it.each([
    ['comCam', 3, 1, 0],
    ['imsim', 8, 1, 5],
    ['latiss', 6, 1, 3],
    ['ts3', 4, 2, 0],
    ['ts8', 4, 0, 2],
    ['ucd', 4, 2, 0],
  ])('%s: accounts for all %i files (%i targets, %i in CALIB)', async (camera, files, targetCount, skipped) => {
    const result = await walkRoot(camera);
    expectAccountedFor(result, files);
    expect(result.totals).toMatchObject({ targets: targetCount, skipped, ignored: 2, unrecognized: 0, broken: 0 });
  });

  it('phosim: finds eimage and task metadata; the raw does not fit the lsstCam raw templates of this policy version', async () => {
    const result = await walkRoot('phosim');
    expectAccountedFor(result, 5);
    expect(result.targets.map((t) => [t.relPath, t.datasetType, t.dataId])).toEqual([
      ['eimage/9006002/E000/R22/eimage_09006002_R22_S00_E000.fits.gz', 'eimage', { expId: 9006002, snap: 0, raftName: 'R22', visit: 9006002, detectorName: 'S00' }],
      [
        'processCcd_metadata/00204595-i/R11/processCcdMetadata_00204595-i-R11-S11-det040.yaml',
        'processCcd_metadata',
        { expId: 204595, filter: 'i', raftName: 'R11', detectorName: 'S11', detector: 40 },
      ],
    ]);
    expect(result.unrecognized).toEqual([{ dir: 'raw/204595', entries: ['R11/'], count: 1 }]);
  });

  it.each([
    [
      'imsim',
      [
        ['bias/2022-01-01/bias-R11-S20-det042_2022-01-01.fits', 'bias', { calibDate: '2022-01-01', raftName: 'R11', detectorName: 'S20', detector: 42 }],
        ['dark/2022-01-01/dark-R11-S20-det042_2022-01-01.fits', 'dark', { calibDate: '2022-01-01', raftName: 'R11', detectorName: 'S20', detector: 42 }],
        ['flat/i_sim_1.4/2022-08-06/flat_i_sim_1.4-R11-S20-det042_2022-08-06.fits', 'flat', { filter: 'i_sim_1.4', calibDate: '2022-08-06', raftName: 'R11', detectorName: 'S20', detector: 42 }],
      ],
    ],
    ['latiss', [['bias/2018-09-21/bias-det000_2018-09-21.fits', 'bias', { calibDate: '2018-09-21', detector: 0 }]]],
    ['ts8', []],
  ])('%s: finds the calibrations in CALIB', async (camera, expected) => {
    const result = await walkCalib(camera);
    expect(result.targets.map((t) => [t.relPath, t.datasetType, t.dataId])).toEqual(expected);
    expect(result.ignored.map((i) => i.relPath)).toEqual(['calibRegistry.sqlite3', 'repositoryCfg.yaml']);
    expectAccountedFor(result, expected.length + 2);
  });
});
