import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Gen2DataId, Gen2Value } from '../../../../src/gen2/data-id.js';
import { Gen2Template, type TemplateKeyType } from '../../../../src/gen2/templates/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';
import { allTemplateStrings, mergedPolicyTemplates } from './policy-templates.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return name.endsWith('.yaml') ? [full] : [];
  });
}

function policyFiles(): string[] {
  return [
    ...yamlFiles(fixture('obs_base', 'policy')),
    fixture('obs_subaru', 'policy', 'HscMapper.yaml'),
    fixture('obs_decam', 'policy', 'DecamMapper.yaml'),
    ...yamlFiles(fixture('obs_lsst', 'policy')),
    fixture('obs_test', 'policy', 'testMapper.yaml'),
  ];
}

/** Realistic values per key; string values avoid separators that would make a template ambiguous. */
const SAMPLE_VALUES: Record<string, Gen2Value> = {
  visit: 34648,
  ccd: 51,
  ccdnum: 10,
  pointing: 1291,
  expId: 30211212000310,
  detector: 98,
  tract: 9813,
  seqNum: 65,
  snap: 0,
  subfilter: 1,
  numSubfilters: 3,
  fgcmcycle: 2,
  channel: 3,
  hdu: 1,
  calib_hdu: 1,
  filter: 'HSC-R',
  patch: '5,4',
  calibDate: '2013-01-31T00:00:00',
  dateObs: '2015-07-15',
  dayObs: '2019-03-19',
  date: '2015-02-24',
  field: 'SSP_WIDE',
  raftName: 'R22',
  detectorName: 'S11',
  run: '204595',
  pixel_id: '197120',
  name: 'ps1_pv3_3pi_20170110',
};
const DEFAULTS: Record<TemplateKeyType, Gen2Value> = { int: 7, float: 0.5, str: 'val' };

function sampleDataId(template: Gen2Template): Gen2DataId {
  const dataId: Gen2DataId = {};
  for (const [key, type] of template.keys) dataId[key] = SAMPLE_VALUES[key] ?? DEFAULTS[type];
  return dataId;
}

function withoutHdu(template: Gen2Template, dataId: Gen2DataId): Gen2DataId {
  const copy = { ...dataId };
  if (template.hdu && 'key' in template.hdu) delete copy[template.hdu.key];
  return copy;
}

describeFixtures('templates of the real mapper policies', () => {
  // `template: ''` means "the camera must supply one"; it is not a template.
  const texts = [...new Set(policyFiles().flatMap(allTemplateStrings))].filter((t) => t !== '').sort();

  it('finds the policies and their templates', () => {
    expect(texts.length).toBeGreaterThan(550);
  });

  it('parses every template', () => {
    for (const text of texts) expect(() => Gen2Template.parse(text), text).not.toThrow();
  });

  it('round-trips a sample data ID through format and match for every file template', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const text of texts) {
      const template = Gen2Template.parse(text);
      if (template.path.endsWith('/')) continue;
      const dataId = sampleDataId(template);
      const formatted = template.formatWithHdu(dataId);
      checked++;
      const back = template.match(formatted.path);
      try {
        expect(back).toEqual(withoutHdu(template, dataId));
        expect(template.format(back ?? {})).toBe(formatted.path);
        if (template.hdu) expect(formatted.hdu).toBe('key' in template.hdu ? dataId[template.hdu.key] : template.hdu.literal);
        if (template.acceptsCompressedSuffix) expect(template.match(`${formatted.path}.gz`)).toEqual(back);
      } catch {
        failures.push(`${text} -> ${formatted.path} -> ${JSON.stringify(back)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(550);
  });

  it('matches nothing but its own shape: no template accepts another dataset type sample with a different key set', () => {
    const hsc = mergedPolicyTemplates(
      [
        { file: fixture('obs_base', 'policy', 'exposures.yaml'), section: 'exposures' },
        { file: fixture('obs_base', 'policy', 'datasets.yaml'), section: 'datasets' },
      ],
      [fixture('obs_subaru', 'policy', 'HscMapper.yaml')],
    );
    const parsed = hsc.map((t) => ({ ...t, parsed: Gen2Template.parse(t.template) }));
    const calexp = parsed.find((t) => t.datasetType === 'calexp');
    expect(calexp?.template).toBe('%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits');
    const path = calexp?.parsed.format({ pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }) ?? '';
    expect(parsed.filter((t) => t.parsed.match(path)).map((t) => t.datasetType)).toEqual(['calexp']);
  });

  it('marks calibration templates by calibDate', () => {
    const hsc = mergedPolicyTemplates([], [fixture('obs_subaru', 'policy', 'HscMapper.yaml')]);
    const calibrations = hsc.filter((t) => t.section === 'calibrations');
    expect(calibrations.length).toBeGreaterThan(5);
    for (const t of hsc) {
      const parsed = Gen2Template.parse(t.template);
      if (t.section !== 'calibrations') expect(parsed.isCalibration, t.datasetType).toBe(false);
    }
    expect(calibrations.filter((t) => Gen2Template.parse(t.template).isCalibration).map((t) => t.datasetType)).toEqual(
      expect.arrayContaining(['bias', 'dark', 'flat', 'fringe', 'sky', 'defects']),
    );
  });

  const cameraPolicies: Record<string, string[]> = {
    hsc: ['obs_subaru/policy/HscMapper.yaml'],
    decam: ['obs_decam/policy/DecamMapper.yaml'],
    lsstCam: ['obs_lsst/policy/lsstCamMapper.yaml'],
    latiss: ['obs_lsst/policy/lsstCamMapper.yaml', 'obs_lsst/policy/latiss/latissMapper.yaml'],
    imsim: ['obs_lsst/policy/lsstCamMapper.yaml', 'obs_lsst/policy/imsim/imsimMapper.yaml'],
  };
  const RAW_COMPONENTS = ['_raw', 'raw_amp', 'raw_hdu'];

  it.each([
    ['hsc', 'SSP_WIDE/2015-07-15/01291/HSC-R/HSC-0034648-051.fits', ['raw'], { field: 'SSP_WIDE', dateObs: '2015-07-15', pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    ['hsc', 'STRIPE82L/2013-11-02/00671/HSC-I/HSC-0904024-050.fits', ['raw'], { field: 'STRIPE82L', dateObs: '2013-11-02', pointing: 671, filter: 'HSC-I', visit: 904024, ccd: 50 }],
    ['hsc', '01291/HSC-R/corr/CORR-0034648-051.fits', ['calexp'], { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    ['hsc', '01291/HSC-R/output/SRC-0034648-051.fits.gz', ['src'], { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }],
    ['hsc', '01291/HSC-R/output/sourceTable-0034648.parq', ['sourceTable_visit'], { pointing: 1291, filter: 'HSC-R', visit: 34648 }],
    ['hsc', '01291/HSC-R/output/visitSummary-0034648.fits', ['visitSummary'], { pointing: 1291, filter: 'HSC-R', visit: 34648 }],
    ['hsc', 'defects/2013-01-31T00:00:00/defects-2013-01-31T00:00:00-096.fits', ['defects'], { calibDate: '2013-01-31T00:00:00', ccd: 96 }],
    ['hsc', 'schema/src.fits', ['src_schema'], {}],
    ['hsc', 'deepCoadd/skyMap.pickle', ['deepCoadd_skyMap'], {}],
    ['hsc', 'config/packages.pickle', ['packages'], {}],
    ['hsc', 'deepCoadd/HSC-R/0/5,4.fits', ['deepCoadd'], { filter: 'HSC-R', tract: 0, patch: '5,4' }],
    ['hsc', 'transmission/sensor-051.fits', ['transmission_sensor'], { ccd: 51 }],
    ['decam', '2015-02-24/g/decam0413635.fits.fz', ['raw'], { date: '2015-02-24', filter: 'g', visit: 413635 }],
    ['decam', '0176837/calexp/calexp-0176837_10.fits', ['calexp'], { visit: 176837, ccdnum: 10 }],
    ['decam', '0176837/src/src-0176837_10.fits.gz', ['src'], { visit: 176837, ccdnum: 10 }],
    ['decam', 'deepDiff/v413635/diaSrc-42.fits', ['deepDiff_diaSrc'], { visit: 413635, ccdnum: 42 }],
    ['lsstCam', 'raw/2019-03-19/3019031900001/3019031900001-R10-S02-det029.fits', RAW_COMPONENTS, { dayObs: '2019-03-19', expId: 3019031900001, raftName: 'R10', detectorName: 'S02', detector: 29 }],
    ['latiss', 'raw/2018-09-20/3018092000065-det000.fits', RAW_COMPONENTS, { dayObs: '2018-09-20', expId: 3018092000065, detector: 0 }],
    ['latiss', 'bias/2018-09-21/bias-det000_2018-09-21.fits', ['bias'], { calibDate: '2018-09-21', detector: 0 }],
    ['imsim', 'raw/204595/R11/00204595-R11-S20-det042.fits', RAW_COMPONENTS, { run: '204595', raftName: 'R11', expId: 204595, detectorName: 'S20', detector: 42 }],
    ['imsim', 'flat/i_sim_1.4/2022-08-06/flat_i_sim_1.4-R11-S20-det042_2022-08-06.fits', ['flat'], { filter: 'i_sim_1.4', calibDate: '2022-08-06', raftName: 'R11', detectorName: 'S20', detector: 42 }],
  ])('%s: %s is %j', (camera, relPath, datasetTypes, dataId) => {
    const templates = mergedPolicyTemplates(
      [
        { file: fixture('obs_base', 'policy', 'exposures.yaml'), section: 'exposures' },
        { file: fixture('obs_base', 'policy', 'datasets.yaml'), section: 'datasets' },
      ],
      (cameraPolicies[camera] ?? []).map((f) => fixture(f)),
    );
    const matches = templates.map((t) => ({ datasetType: t.datasetType, dataId: Gen2Template.parse(t.template).match(relPath) })).filter((m) => m.dataId);
    expect(matches.map((m) => m.datasetType).sort()).toEqual([...datasetTypes].sort());
    expect(matches[0]?.dataId).toEqual(dataId);
  });
});
