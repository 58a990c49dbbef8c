import { describe, expect, it } from 'vitest';
import { calibCollectionName, calibRunName, defaultsCollectionName, formatCollectionTimestamp, guessRerunNames, rawRunName } from '../../../src/convert/collection-names.js';
import { DEFAULT_CONVERSION_CONFIG, mergeConversionConfig } from '../../../src/convert/conversion-config.js';
import { bandToPhysical, expandCompoundFilters, physicalToBand } from '../../../src/convert/filter-map.js';
import { chooseFormatter } from '../../../src/convert/formatters.js';
import { chooseStorageClass, DEFAULT_STORAGE_CLASS_OVERRIDES } from '../../../src/convert/storage-classes.js';
import { UsageError } from '../../../src/errors.js';
import { LATISS_FILTERS, LATISS_GRATINGS } from '../../../converters/lsst/lsst-filters.js';
import { DECAM_FILTERS } from '../../../converters/decam/decam-filters.js';

describe('collection names', () => {
  it('follow the reference (§B1.12)', () => {
    expect(rawRunName('HSC')).toBe('HSC/raw/all');
    expect(calibCollectionName('HSC')).toBe('HSC/calib');
    expect(calibCollectionName('HSC', ['gen2'])).toBe('HSC/calib/gen2');
    expect(defaultsCollectionName('LATISS')).toBe('LATISS/defaults');
    expect(calibRunName('LATISS', '2018-09-21')).toBe('LATISS/calib/20180921T000000Z');
    expect(formatCollectionTimestamp('2013-11-03T12:30:15.5')).toBe('20131103T123015Z');
    expect(() => formatCollectionTimestamp('Nov 3')).toThrow(UsageError);
  });

  it('guess rerun chains and runs', () => {
    expect(guessRerunNames('HSC', 'rerun/ci_hsc')).toEqual({ chainName: 'HSC/runs/ci_hsc', runName: 'HSC/runs/ci_hsc/direct' });
    expect(guessRerunNames('HSC', 'rerun/private/jbosch/w50')).toEqual({ chainName: 'u/jbosch/w50', runName: 'u/jbosch/w50/direct' });
    expect(guessRerunNames('HSC', 'rerun/shared/RC2')).toEqual({ chainName: 'HSC/runs/RC2', runName: 'HSC/runs/RC2/direct' });
    expect(() => guessRerunNames('HSC', '/elsewhere/rerun/x')).toThrow(UsageError);
    expect(() => guessRerunNames('HSC', 'rerun')).toThrow(UsageError);
  });
});

describe('filter maps', () => {
  it('map compound LATISS filters by their first part, unknown values through', () => {
    expect(physicalToBand(LATISS_FILTERS, 'SDSSr~holo4_003')).toBe('r');
    expect(physicalToBand(LATISS_FILTERS, 'mystery')).toBe('mystery');
    expect(LATISS_FILTERS.definitions).toHaveLength(14 + 13 * LATISS_GRATINGS.length);
    expect(physicalToBand({ compoundSeparator: '~', definitions: [{ physicalFilter: 'SDSSg', band: 'g' }] }, 'SDSSg~ronchi90lpmm')).toBe('g');
    expect(expandCompoundFilters({ definitions: [{ physicalFilter: 'a', band: 'x' }] }, ['b'])).toEqual([{ physicalFilter: 'a', band: 'x' }]);
  });

  it('map DECam short names to the full physical filter', () => {
    expect(bandToPhysical(DECAM_FILTERS, 'z')).toBe('z DECam SDSS c0004 9260.0 1520.0');
    expect(bandToPhysical(DECAM_FILTERS, 'Y')).toBe('Y DECam c0005 10095.0 1130.0');
    expect(physicalToBand(DECAM_FILTERS, 'Y DECam c0005 10095.0 1130.0')).toBe('y');
  });
});

describe('storage classes and formatters', () => {
  const sc = (name: string, python?: string, persistable?: string) => chooseStorageClass({ name, ...(python ? { python } : {}), ...(persistable ? { persistable } : {}) }, DEFAULT_STORAGE_CLASS_OVERRIDES).storageClass;

  it('guess as the reference (§B1.7)', () => {
    expect(sc('calexp', 'lsst.afw.image.ExposureF', 'ExposureF')).toBe('ExposureF');
    expect(sc('bias', 'lsst.afw.image.ExposureF', 'MaskedImageF')).toBe('ExposureF');
    expect(sc('deepCoadd_meas', 'lsst.afw.table.SourceCatalog', 'ignored')).toBe('SourceCatalog');
    expect(sc('brightObjectMask', 'lsst.pipe.tasks.objectMasks.ObjectMaskCatalog', 'PurePythonClass')).toBe('ObjectMaskCatalog');
    expect(sc('deepCoadd_skyMap', 'lsst.skymap.BaseSkyMap', 'BaseSkyMap')).toBe('SkyMap');
    expect(sc('sourceTable', 'lsst.qa.explorer.parquetTable.ParquetTable', 'ParquetTable')).toBe('DataFrame');
    expect(sc('processCcd_config', 'lsst.pipe.tasks.processCcd.ProcessCcdConfig', 'Config')).toBe('Config');
    expect(chooseStorageClass({ name: 'weird', python: 'x.Y', persistable: 'Z' }, {})).toEqual({ storageClass: undefined, reason: 'no storage class found for weird' });
  });

  it('pick the configured formatter, else the storage-class default', () => {
    expect(chooseFormatter('src', 'SourceCatalog', {})).toBe('lsst.obs.base.formatters.fitsGeneric.FitsGenericFormatter');
    expect(chooseFormatter('cpBias', 'ExposureF', { cpBias: 'X' })).toBe('X');
    expect(chooseFormatter('x', 'Nothing', {})).toBeUndefined();
  });
});

describe('conversion config', () => {
  it('merges records key by key and appends lists', () => {
    const c = mergeConversionConfig(DEFAULT_CONVERSION_CONFIG, { runsForced: { brightObjectMask: 'HSC/masks' }, refCats: ['ps1'] }, { refCats: ['gaia', 'ps1'], ccdKey: 'ccdnum' });
    expect(c.runsForced).toEqual({ brightObjectMask: 'HSC/masks' });
    expect(c.refCats).toEqual(['ps1', 'gaia']);
    expect(c.ccdKey).toBe('ccdnum');
    expect(c.storageClasses.bias).toBe('ExposureF');
    expect(DEFAULT_CONVERSION_CONFIG.refCats).toEqual([]);
  });
});
