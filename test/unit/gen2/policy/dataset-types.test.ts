import { expect, it } from 'vitest';
import { lookupMapper } from '../../../../src/gen2/mapper-catalog.js';
import { derivedDatasetSource, fileDatasetTypes, isFileBackedMapping, isVirtualDataset, loadMapperPolicy, type MapperPolicy } from '../../../../src/gen2/policy/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

function load(dotted: string): MapperPolicy {
  return loadMapperPolicy({ mapper: lookupMapper(dotted)!, searchPath: [fixture()] });
}

describeFixtures('virtual and file-backed dataset types (gen2-format §3.6)', () => {
  it('HSC: policy entries', () => {
    const p = load('lsst.obs.hsc.HscMapper');
    for (const name of ['raw', 'calexp', 'src', 'bias', 'flat', 'defects', 'deepCoadd_skyMap', 'packages', 'src_schema', 'processCcd_config']) {
      expect(isVirtualDataset(name, p), name).toBe(false);
    }
    // storage ignored / template ignored / empty template
    expect(isVirtualDataset('ccdExposureId', p)).toBe(true);
    expect(isVirtualDataset('deepCoaddId_bits', p)).toBe(true);
    expect(isVirtualDataset('deepCoadd_band', p)).toBe(true);
    // persistable/python "None" but a real storage and template: a file (plots)
    expect(isVirtualDataset('plotSky', p)).toBe(false);
  });

  it('HSC: derived names', () => {
    const p = load('lsst.obs.hsc.HscMapper');
    for (const name of ['calexp_md', 'calexp_filename', 'calexp_wcs', 'calexp_header_wcs', 'calexp_photoCalib', 'calexp_visitInfo', 'calexp_filter', 'calexp_filterLabel', 'calexp_detector', 'calexp_bbox', 'calexp_sub', 'raw_md', 'bias_md', 'bias_sub', 'src_md', 'src_len', 'icSrc_filename', 'camera', 'expIdInfo', 'deepCoaddId', 'dcrMergedCoaddId_bits']) {
      expect(isVirtualDataset(name, p), name).toBe(true);
    }
    expect(derivedDatasetSource('calexp_wcs', p)).toMatchObject({ source: { name: 'calexp' }, suffix: '_wcs' });
    // calibrations get no exposure-only derived types; src_schema is a real entry, not derived
    expect(isVirtualDataset('bias_wcs', p)).toBe(false);
    expect(derivedDatasetSource('src_schema', p)).toBeUndefined();
    // unknown names are not virtual
    expect(isVirtualDataset('noSuchThing', p)).toBe(false);
    expect(isVirtualDataset('noSuchThing_md', p)).toBe(false);
  });

  it('LATISS: raw is a composite without template; components addressed as raw.raw_amp', () => {
    const p = load('lsst.obs.lsst.latiss.LatissMapper');
    expect(isVirtualDataset('raw', p)).toBe(true);
    expect(isVirtualDataset('raw.raw_amp', p)).toBe(true);
    expect(isVirtualDataset('_raw', p)).toBe(false);
    expect(isVirtualDataset('raw_amp', p)).toBe(false);
    expect(isVirtualDataset('raw_md', p)).toBe(false); // composites get no derived types
    expect(isVirtualDataset('calexp.foo', p)).toBe(false);
  });

  it('fileDatasetTypes lists only file-backed entries, in policy order', () => {
    const p = load('lsst.obs.hsc.HscMapper');
    const files = fileDatasetTypes(p).map((d) => d.name);
    expect(files).toEqual(expect.arrayContaining(['raw', 'calexp', 'bias', 'flat', 'deepCoadd_skyMap', 'packages', 'src', 'brighterFatterGain']));
    expect(files).not.toContain('ccdExposureId');
    expect(files).not.toContain('postISRCCD_uninterpolated_md');
    expect(files.every((n) => isFileBackedMapping(p.datasets.get(n)!))).toBe(true);
    expect(files.indexOf('raw')).toBeLessThan(files.indexOf('bias'));
    // obs_base exposures.yaml entries with template '' that HSC does not override are not files
    const empty = [...p.datasets.values()].filter((d) => d.template === undefined && d.storage === 'FitsStorage').map((d) => d.name);
    expect(empty.length).toBeGreaterThan(0);
    for (const n of empty) expect(files).not.toContain(n);
    expect(files.length).toBe(326); // 355 entries minus ignored/Internal/None storages, empty templates and composites

    const test = load('lsst.obs.test.testMapper.TestMapper');
    expect(fileDatasetTypes(test).map((d) => d.name)).not.toContain('rawAndFlat');
  });
});
