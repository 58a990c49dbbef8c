import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  legacyDatasetIdToUuid,
  parseExport,
  writeExport,
  type DatasetItem,
  type ExportDocument,
  type ExportItem,
  type ParsedExport,
} from '../../../../src/gen3/transfer/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

const HEAD = 'daf_butler/HEAD_78e7f290';
const OLD = 'daf_butler/2022-05_754112cb/tests/data/registry';

/** Every real export document in the shared fixtures. */
const FILES = [
  `${HEAD}/tests/data/registry/hsc-rc2-subset.yaml`,
  `${HEAD}/registry_data/hsc-rc2-subset-v0.yaml`,
  `${HEAD}/registry_data/datasets.yaml`,
  `${HEAD}/registry_data/spatial.yaml`,
  `${HEAD}/registry_data/base.yaml`,
  `${OLD}/base.yaml`,
  `${OLD}/datasets.yaml`,
  `${OLD}/datasets-uuid.yaml`,
  `${OLD}/hsc-rc2-subset.yaml`,
  `${OLD}/spatial.yaml`,
  'testdata_decam/repo/exports.yaml',
  'testdata_jointcal/hsc/exports.yaml',
];

function load(rel: string): ParsedExport {
  return parseExport(readFileSync(fixture(rel), 'utf8'), rel);
}

function recordCounts(doc: ExportDocument): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of doc.data) if (i.type === 'dimension') out[i.element] = (out[i.element] ?? 0) + i.records.length;
  return out;
}

function datasetCounts(doc: ExportDocument): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of doc.data) {
    if (i.type === 'dataset') out[i.datasetType] = (out[i.datasetType] ?? 0) + i.records.reduce((n, r) => n + r.datasetIds.length, 0);
  }
  return out;
}

function collections(doc: ExportDocument): string[] {
  return doc.data.flatMap((i) => (i.type === 'collection' ? [`${i.collectionType} ${i.name}`] : []));
}

function datasets(doc: ExportDocument, type: string): DatasetItem[] {
  return doc.data.filter((i): i is DatasetItem => i.type === 'dataset' && i.datasetType === type);
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

describeFixtures('real daf_butler export files', () => {
  it.each(FILES)('%s parses, and what we write parses back to the same model', (rel) => {
    const { document } = load(rel);
    expect(document.data.length).toBeGreaterThan(0);
    const again = parseExport(writeExport(document), `${rel} (rewritten)`);
    expect(json(again.document)).toBe(json(document));
    expect(again.origin.formatVersion).toBe('1.0.2');
    expect(again.origin.formatMigrations).toEqual([]);
  });

  it.each([`${HEAD}/tests/data/registry/hsc-rc2-subset.yaml`, 'testdata_decam/repo/exports.yaml'])(
    '%s (written by daf_butler as 1.0.2) is rewritten byte for byte',
    (rel) => {
      const text = readFileSync(fixture(rel), 'utf8');
      expect(writeExport(parseExport(text, rel).document)).toBe(text);
    },
  );

  it('testdata_decam exports.yaml: 1.0.2, universe 2, calibrations with timespans', () => {
    const { document, origin } = load('testdata_decam/repo/exports.yaml');
    expect(origin).toMatchObject({ formatVersion: '1.0.2', universeVersionGiven: true, formatMigrations: [] });
    expect(document).toMatchObject({ description: 'Butler Data Repository Export', universeVersion: 2, universeNamespace: 'daf_butler' });
    expect(document.data).toHaveLength(51);
    expect(recordCounts(document)).toEqual({
      instrument: 1,
      detector: 62,
      physical_filter: 1,
      visit_system: 2,
      exposure: 1,
      visit: 1,
      visit_definition: 1,
      visit_detector_region: 62,
      visit_system_membership: 2,
    });
    expect(collections(document)).toHaveLength(13);
    expect(collections(document).slice(0, 3)).toEqual(['CALIBRATION DECam/calib', 'RUN DECam/calib/20130901T000000Z', 'RUN DECam/calib/20131115T000000Z']);
    expect(document.data.filter((i) => i.type === 'dataset_type')).toHaveLength(14);
    expect(datasetCounts(document)).toEqual({
      camera: 1,
      cpBias: 1,
      cpFlat: 1,
      crosstalk: 62,
      defects: 62 + 61 + 61 + 1 + 60 + 60 + 60,
      fringe: 1,
      linearizer: 62,
      raw: 2,
    });
    const raw = datasets(document, 'raw')[0]!;
    expect(raw.run).toBe('DECam/raw/all');
    expect(raw.records[0]).toEqual({
      datasetIds: ['0d49eb30-498b-5e27-8312-25f52ea330cf'],
      dataIds: [{ instrument: 'DECam', detector: 1n, exposure: 229388n }],
      path: 'DECam/raw/all/raw/20130901/ct4m20130901t060255/raw_DECam_z_DECam_SDSS_c0004_9260_0_1520_0_ct4m20130901t060255_S1_DECam_raw_all.fits.fz',
      formatter: 'lsst.obs.decam.rawFormatter.DarkEnergyCameraRawFormatter',
    });
    const exposure = document.data.find((i) => i.type === 'dimension' && i.element === 'exposure') as Extract<ExportItem, { type: 'dimension' }>;
    expect(exposure.records[0]).toMatchObject({ id: 229388n, physical_filter: 'z DECam SDSS c0004 9260.0 1520.0', exposure_time: 200, dark_time: 201.15662, group_name: '229388' });
    const calib = document.data.at(-1)!;
    expect(calib).toMatchObject({ type: 'associations', collection: 'DECam/calib', collectionType: 'CALIBRATION' });
    if (calib.type !== 'associations' || calib.collectionType !== 'CALIBRATION') throw new Error('not calib');
    expect(calib.validityRanges.map((r) => r.datasetIds.length)).toEqual([3, 125, 61, 61, 60, 1, 1, 60, 60, 60, 1]);
    expect(calib.validityRanges[0]).toMatchObject({
      timespan: { kind: 'timespan', begin: { kind: 'time', tai: '1990-01-01 00:00:00.000000000' }, end: { kind: 'time', tai: '2030-01-01 00:00:00.000000000' } },
      datasetIds: ['9261c9c6-1e21-444d-a9a8-2d2d21122ec4', '2de568a7-dcb0-408d-87df-106acac9bfa7', '7ac88ac2-4b29-4f26-afbb-49470ea99546'],
    });
    expect(calib.validityRanges[1]!.timespan).toEqual({ kind: 'timespan', begin: { kind: 'time', tai: '1970-01-01 00:00:08.000082000' }, end: null });
  });

  it('testdata_jointcal exports.yaml: 1.0.1, no universe version, integer ids, legacy validity range', () => {
    const { document, origin } = load('testdata_jointcal/hsc/exports.yaml');
    expect(origin.formatVersion).toBe('1.0.1');
    expect(origin.universeVersionGiven).toBe(false);
    expect(document.universeVersion).toBe(0);
    expect(origin.formatMigrations).toEqual(
      expect.arrayContaining([expect.stringMatching(/^integer dataset ids/), expect.stringMatching(/^legacy validity ranges/)]),
    );
    expect(origin.pendingUniverseMigrations).toEqual([
      'visit.visit_system: moved to visit_system_membership records (universe 2)',
      'dataset_type.dimensions: visit_system removed where visit is present (universe 2)',
      'exposure.group_name/group_id: replaced by exposure.group and group records (universe 6)',
      'day_obs: records created from exposure/visit day_obs values (universe 6)',
    ]);
    expect(recordCounts(document)).toEqual({
      instrument: 1,
      skymap: 1,
      detector: 112,
      physical_filter: 20,
      tract: 1,
      visit_system: 1,
      exposure: 10,
      patch: 81,
      visit: 10,
      visit_detector_region: 30,
    });
    expect(collections(document)).toEqual(['CALIBRATION HSC/calib', 'RUN HSC/calib/unbounded', 'RUN HSC/raw/all', 'RUN HSC/testdata', 'RUN refcats/gen2']);
    expect(datasetCounts(document)).toMatchObject({ calexp: 30, raw: 30, src: 30, transmission_sensor: 112, transmission_filter: 20, gaia_dr2_20200414: 10, camera: 1 });
    const raw = datasets(document, 'raw')[0]!.records[0]!;
    expect(raw).toEqual({
      datasetIds: [legacyDatasetIdToUuid(22n)],
      dataIds: [{ instrument: 'HSC', detector: 51n, exposure: 34648n }],
      path: 'SSP_WIDE/2015-07-15/01291/HSC-R/HSC-0034648-051.fits',
      formatter: 'lsst.obs.subaru.rawFormatter.HyperSuprimeCamRawFormatter',
    });
    expect(raw.datasetIds[0]).toBe('49400ecb-192f-3101-b298-e3b7e6116a94'); // Python uuid.uuid3(NS, '22')
    const skymap = document.data.find((i) => i.type === 'dimension' && i.element === 'skymap');
    expect(skymap).toMatchObject({ records: [{ name: 'hsc_rings_v1', hash: { kind: 'binary', base64: '4p/p8QCONZ82o2d+fWnMQ5N20eY=' }, tract_max: 18938n }] });
    const calib = document.data.at(-1)!;
    if (calib.type !== 'associations' || calib.collectionType !== 'CALIBRATION') throw new Error('not calib');
    expect(calib.validityRanges).toHaveLength(1);
    expect(calib.validityRanges[0]!.timespan).toEqual({ kind: 'timespan', begin: null, end: null });
    expect(calib.validityRanges[0]!.datasetIds).toHaveLength(135);
    expect(calib.validityRanges[0]!.datasetIds[0]).toBe('3e1523a6-0dd8-3088-9dc4-b4acdcfd09cd'); // uuid3(NS, '31'), the camera
  });

  it('hsc-rc2-subset (HEAD): 1.0.2, universe 6, regions and TAI times kept verbatim', () => {
    const { document, origin } = load(`${HEAD}/tests/data/registry/hsc-rc2-subset.yaml`);
    expect(origin).toMatchObject({ formatVersion: '1.0.2', formatMigrations: [], pendingUniverseMigrations: [] });
    expect(document.universeVersion).toBe(6);
    expect(recordCounts(document)).toEqual({
      instrument: 1,
      skymap: 1,
      group: 1,
      day_obs: 15,
      detector: 111,
      physical_filter: 5,
      tract: 2,
      visit_system: 1,
      patch: 2,
      exposure: 1,
      visit: 160,
      visit_detector_region: 1132,
      visit_system_membership: 160,
    });
    const visit = document.data.find((i) => i.type === 'dimension' && i.element === 'visit');
    if (visit?.type !== 'dimension') throw new Error('no visits');
    const region = visit.records[0]!.region;
    expect(region).toMatchObject({ kind: 'region', tag: 'lsst.sphgeom.ConvexPolygon' });
    expect((region as { encoded: string }).encoded).toMatch(/^70[0-9a-f]+$/);
    expect(visit.records[0]!.datetime_begin).toMatchObject({ kind: 'time', tai: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}$/) });
  });

  it('old hsc-rc2-subset (version 0): native timestamps become TAI, universe 0 migrations pending', () => {
    const { document, origin } = load(`${OLD}/hsc-rc2-subset.yaml`);
    expect(origin.formatVersion).toBe('0');
    expect(recordCounts(document)).toMatchObject({ visit: 160, visit_detector_region: 1132, detector: 111 });
    const visit = document.data.find((i) => i.type === 'dimension' && i.element === 'visit');
    if (visit?.type !== 'dimension') throw new Error('no visits');
    // `datetime_begin: 2015-03-29 14:20:05.680000` is UTC; TAI-UTC was 35 s then.
    expect(visit.records[0]!.datetime_begin).toEqual({ kind: 'time', tai: '2015-03-29 14:20:40.680000000' });
    expect(visit.records[0]!.seeing).toBeNull();
    expect(origin.pendingUniverseMigrations).toContain('visit.seeing: dropped (universe 1)');
  });

  it('datasets.yaml (version 0): run items and integer ids; datasets-uuid.yaml: !uuid scalars', () => {
    const ints = load(`${OLD}/datasets.yaml`).document;
    expect(collections(ints)).toEqual(['RUN imported_g', 'RUN imported_r']);
    expect(ints.data[0]).toEqual({ type: 'collection', collectionType: 'RUN', name: 'imported_g', host: null, timespanBegin: null, timespanEnd: null });
    expect(datasetCounts(ints)).toEqual({ bias: 6, flat: 7 });
    const bias = datasets(ints, 'bias')[0]!.records[0]!;
    expect(bias).toEqual({ datasetIds: ['188654b3-16aa-39b4-833a-4bcd215d13d4'], dataIds: [{ instrument: 'Cam1', detector: 1n }], path: 'placeholder' });
    const uuids = load(`${OLD}/datasets-uuid.yaml`).document;
    expect(datasets(uuids, 'bias')[0]!.records[0]!.datasetIds).toEqual(['e15ab039-bc8b-4135-87c5-90902a7c0b22']);
    expect(datasets(uuids, 'flat')[0]!.records[0]!.dataIds).toEqual([{ instrument: 'Cam1', detector: 2n, physical_filter: 'Cam1-G', band: 'g' }]);
  });

  it('base.yaml: flow-style dimension lists and calibration dataset types', () => {
    const { document } = load(`${HEAD}/registry_data/base.yaml`);
    expect(document.universeVersion).toBe(6);
    expect(document.data.filter((i) => i.type === 'dataset_type')).toEqual([
      { type: 'dataset_type', name: 'flat', dimensions: ['instrument', 'detector', 'physical_filter', 'band'], storageClass: 'Exposure', isCalibration: true },
      { type: 'dataset_type', name: 'bias', dimensions: ['instrument', 'detector'], storageClass: 'Exposure', isCalibration: true },
    ]);
    expect(recordCounts(document)).toEqual({ instrument: 1, physical_filter: 3, detector: 4 });
  });

  it('spatial.yaml: universe 7 (HEAD) and universe 0 (2022)', () => {
    const head = load(`${HEAD}/registry_data/spatial.yaml`);
    expect(head.document.universeVersion).toBe(7);
    expect(recordCounts(head.document)).toEqual({ day_obs: 1, visit: 2, visit_detector_region: 8, skymap: 1, tract: 2, patch: 12 });
    const old = load(`${OLD}/spatial.yaml`);
    expect(old.document.universeVersion).toBe(0);
    expect(recordCounts(old.document)).toEqual({ visit_system: 1, visit: 2, visit_detector_region: 8, skymap: 1, tract: 2, patch: 12 });
  });
});
