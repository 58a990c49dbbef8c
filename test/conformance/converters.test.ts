/**
 * Runs the converter conformance suite for every converter, with the reference outputs of the
 * obs_base converter as expected values: testdata_jointcal/hsc/exports.yaml (HSC; gen2-format §4
 * parity samples included), testdata_decam/repo/exports.yaml (DECam), the converted LATISS
 * gen3.sqlite3 of obs_lsst (LATISS), and a generated demo repository (DemoCam).
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { demoPolicyDir } from '../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo } from '../../ci_gen3/demo/generate-gen2-repo.js';
import { cfhtConverter } from '../../converters/cfht/index.js';
import { decamConverter } from '../../converters/decam/index.js';
import { demoConverter } from '../../converters/demo/index.js';
import { hscConverter } from '../../converters/hsc/index.js';
import { CONVERTERS } from '../../converters/index.js';
import { lsstConverter } from '../../converters/lsst/index.js';
import { testConverter } from '../../converters/test/index.js';
import type { Converter } from '../../src/convert/converter.js';
import type { Gen2DataId } from '../../src/gen2/data-id.js';
import { fileDatasetTypes } from '../../src/gen2/policy/index.js';
import { Gen2Template } from '../../src/gen2/templates/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree, type WalkTargetSpec } from '../../src/gen2/walker/index.js';
import { translatorKeys } from '../../src/convert/translate/index.js';
import { fixture, FIXTURES_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { defineConverterTests, loadPolicy, type ReferenceTranslation } from './converter-suite.js';

const noFixtures = FIXTURES_ROOT === undefined;

function templateKeys(converter: Converter, datasetType: string, template: string): string[] {
  return translatorKeys(converter.instruments[0]!, datasetType, template);
}
const searchPath = () => [fixture()];

interface ExportDataset {
  datasetType: string;
  run: string;
  dataId: Record<string, string | number>;
  path: string;
}

/** The dataset records of a daf_butler export file (first data ID of each record). */
function exportDatasets(file: string): ExportDataset[] {
  const doc = parseDocument(readFileSync(file, 'utf8'), { customTags: [{ tag: '!uuid', resolve: (s: string) => s }], version: '1.1' }).toJS() as {
    data: { type: string; dataset_type?: string; run?: string; records?: { data_id: Record<string, string | number>[]; path: string }[] }[];
  };
  const out: ExportDataset[] = [];
  for (const item of doc.data) {
    if (item.type !== 'dataset') continue;
    for (const r of item.records ?? []) out.push({ datasetType: item.dataset_type!, run: item.run!, dataId: r.data_id[0]!, path: r.path });
  }
  return out;
}

/** Parses `relPath` with a Gen2 template (`.gz`/`.fz` accepted after `.fits`). */
function parsePath(template: string, relPath: string): Gen2DataId | undefined {
  return Gen2Template.parse(template).match(relPath);
}

function hscReferences(): ReferenceTranslation[] {
  const policy = loadPolicy('HscMapper', searchPath());
  const refs: ReferenceTranslation[] = [];
  for (const d of exportDatasets(fixture('testdata_jointcal/hsc/exports.yaml'))) {
    if (d.run === 'refcats/gen2') {
      const m = /^ref_cats\/[^/]+\/(\d+)\.fits$/.exec(d.path);
      if (m) refs.push({ source: d.path, mapperClass: 'HscMapper', datasetType: d.datasetType, gen2: { pixel_id: Number(m[1]) }, expected: d.dataId });
      continue;
    }
    if (d.run !== 'HSC/testdata' && d.run !== 'HSC/raw/all') continue; // curated calibrations are not Gen2 data
    const template = policy.datasets.get(d.datasetType)?.template;
    if (!template) throw new Error(`no HSC template for ${d.datasetType}`);
    const gen2 = parsePath(template, d.path);
    if (!gen2) throw new Error(`${d.path} does not match ${template}`);
    refs.push({ source: d.path, mapperClass: 'HscMapper', datasetType: d.datasetType, gen2, gen2Keys: templateKeys(hscConverter, d.datasetType, template), expected: d.dataId });
  }
  // gen2-format §4 parity samples (also among the export records above, listed here by name).
  const parity: [string, string, Record<string, string | number>][] = [
    ['calexp', '01291/HSC-R/corr/CORR-0034648-051.fits', { instrument: 'HSC', visit: 34648, detector: 51 }],
    ['src', '01291/HSC-R/output/SRC-0034648-051.fits.gz', { instrument: 'HSC', visit: 34648, detector: 51 }],
    ['sourceTable_visit', '01291/HSC-R/output/sourceTable-0034648.parq', { instrument: 'HSC', visit: 34648 }],
    ['src_schema', 'schema/src.fits', {}],
    ['raw', 'SSP_WIDE/2015-07-15/01291/HSC-R/HSC-0034648-051.fits', { instrument: 'HSC', exposure: 34648, detector: 51 }],
  ];
  for (const [datasetType, relPath, expected] of parity) {
    const template = policy.datasets.get(datasetType)!.template!;
    refs.push({ source: `§4 ${relPath}`, mapperClass: 'HscMapper', datasetType, gen2: parsePath(template, relPath)!, gen2Keys: templateKeys(hscConverter, datasetType, template), expected });
  }
  refs.push({ source: '§4 ref_cats/ps1_pv3_3pi_20170110/197120.fits', mapperClass: 'HscMapper', datasetType: 'ps1_pv3_3pi_20170110', gen2: { pixel_id: 197120 }, expected: { htm7: 197120 } });
  // gen3-and-convert §B1.8 worked examples (ci_hsc).
  refs.push(
    { source: '§B1.8 calexp', mapperClass: 'HscMapper', datasetType: 'calexp', gen2: { visit: 903334, ccd: 16, filter: 'HSC-R', pointing: 533, field: 'STRIPE82L', dateObs: '2013-06-17' }, expected: { instrument: 'HSC', visit: 903334, detector: 16 } },
    {
      source: '§B1.8 brightObjectMask',
      mapperClass: 'HscMapper',
      datasetType: 'brightObjectMask',
      gen2: { tract: 0, patch: '5,4', filter: 'HSC-I' },
      expected: { skymap: 'discrete/ci_hsc', tract: 0, patch: 69, band: 'i' },
      skyMapName: 'discrete/ci_hsc',
      patchNx: 16,
    },
    { source: '§B1.8 flat', mapperClass: 'HscMapper', datasetType: 'flat', gen2: { calibDate: '2013-11-03', filter: 'HSC-I', ccd: 3 }, expected: { instrument: 'HSC', detector: 3, physical_filter: 'HSC-I' }, run: 'HSC/calib/20131103T000000Z' },
  );
  // Every row of the Gen2 raw registry, as the raw listing gives it.
  const db = new Database(fixture('testdata_jointcal/hsc/registry.sqlite3'), { readonly: true });
  const rawKeys = templateKeys(hscConverter, 'raw', policy.datasets.get('raw')!.template!);
  for (const row of db.prepare('select visit, ccd, filter, field, dateObs, pointing from raw').all() as Gen2DataId[]) {
    refs.push({ source: `hsc registry raw ${row.visit}/${row.ccd}`, mapperClass: 'HscMapper', datasetType: 'raw', gen2: row, gen2Keys: rawKeys, expected: { instrument: 'HSC', exposure: row.visit!, detector: row.ccd! } });
  }
  db.close();
  return refs;
}

function decamReferences(): ReferenceTranslation[] {
  const refs: ReferenceTranslation[] = [];
  const policy = loadPolicy('DecamMapper', searchPath());
  const keysOf = (t: string) => templateKeys(decamConverter, t, policy.datasets.get(t)!.template!);
  for (const d of exportDatasets(fixture('testdata_decam/repo/exports.yaml'))) {
    const detector = Number(d.dataId.detector);
    if (d.datasetType === 'raw') {
      // The Gen2 side of exposure 229388: raw file of visit 229388 in z, HDU by ccdnum (MultiExtension).
      refs.push({ source: d.path, mapperClass: 'DecamMapper', datasetType: 'raw', gen2: { visit: Number(d.dataId.exposure), ccdnum: detector, filter: 'z', date: '2013-09-01', hdu: detector }, gen2Keys: keysOf('raw'), expected: d.dataId });
    } else if (d.datasetType === 'cpBias' || d.datasetType === 'cpFlat') {
      const calibDate = `${d.run.slice(-16, -12)}-${d.run.slice(-12, -10)}-${d.run.slice(-10, -8)}`;
      const gen2: Gen2DataId = d.datasetType === 'cpFlat' ? { calibDate, filter: 'z', ccdnum: detector } : { calibDate, ccdnum: detector };
      refs.push({ source: d.path, mapperClass: 'DecamMapper', datasetType: d.datasetType, gen2, gen2Keys: keysOf(d.datasetType), expected: d.dataId, run: d.run });
    }
  }
  // Registry rows of two real DECam Gen2 repositories: raws become {exposure: visit, detector: ccdnum}.
  for (const file of ['legacy-ap_pipe_testdata/registry.sqlite3', 'testdata_jointcal/decam/registry.sqlite3']) {
    const db = new Database(fixture(file), { readonly: true });
    for (const row of db.prepare('select visit, ccdnum, filter, date from raw').all() as Gen2DataId[]) {
      refs.push({ source: `${file} ${row.visit}/${row.ccdnum}`, mapperClass: 'DecamMapper', datasetType: 'raw', gen2: row, gen2Keys: keysOf('raw'), expected: { instrument: 'DECam', exposure: row.visit!, detector: row.ccdnum! } });
    }
    db.close();
  }
  return refs;
}

/** CFHT: no converted repository is public; registry rows of testdata_jointcal/cfht give the data IDs the reference rules imply. */
function cfhtReferences(): ReferenceTranslation[] {
  const policy = loadPolicy('MegacamMapper', searchPath());
  const db = new Database(fixture('testdata_jointcal/cfht/registry.sqlite3'), { readonly: true });
  const rows = db.prepare('select visit, ccd, extension, filter, date, runId, object, state from raw').all() as Gen2DataId[];
  db.close();
  return rows.flatMap((row): ReferenceTranslation[] => [
    { source: `cfht raw ${row.visit}/${row.ccd}`, mapperClass: 'MegacamMapper', datasetType: 'raw', gen2: row, gen2Keys: templateKeys(cfhtConverter, 'raw', policy.datasets.get('raw')!.template!), expected: { instrument: 'MegaPrime', exposure: row.visit!, detector: row.ccd! } },
    { source: `cfht calexp ${row.visit}/${row.ccd}`, mapperClass: 'MegacamMapper', datasetType: 'calexp', gen2: row, gen2Keys: templateKeys(cfhtConverter, 'calexp', policy.datasets.get('calexp')!.template!), expected: { instrument: 'MegaPrime', visit: row.visit!, detector: row.ccd! } },
  ]);
}

function latissReferences(): ReferenceTranslation[] {
  const gen2Root = fixture('obs_lsst_gen2/data/input/latiss');
  const policy = loadPolicy('LatissMapper', searchPath());
  const gen3 = new Database(fixture('obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3'), { readonly: true });
  const refs: ReferenceTranslation[] = [];
  const rows = gen3
    .prepare(
      `select t.name as datasetType, c.name as run, r.path as path, coalesce(tags1.exposure, -1) as exposure, coalesce(tags1.detector, tags3.detector) as detector
       from dataset d join dataset_type t on t.id = d.dataset_type_id join collection c on c.collection_id = d.run_id
       join file_datastore_records r on r.dataset_id = d.id
       left join dataset_tags_00000001 tags1 on tags1.dataset_id = d.id left join dataset_tags_00000003 tags3 on tags3.dataset_id = d.id
       where t.name in ('raw', 'bias')`,
    )
    .all() as { datasetType: string; run: string; path: string; exposure: number; detector: number }[];
  gen3.close();
  const gen2Registry = new Database(path.join(gen2Root, 'registry.sqlite3'), { readonly: true });
  const rawRows = gen2Registry.prepare('select * from raw').all() as Gen2DataId[];
  gen2Registry.close();
  for (const row of rows) {
    if (row.datasetType === 'raw') {
      const template = policy.datasets.get(policy.mapper.rawMapping)!.template!;
      const fromPath = parsePath(template, row.path);
      if (!fromPath) throw new Error(`${row.path} does not match ${template}`);
      const keys = templateKeys(lsstConverter, 'raw', template);
      refs.push({ source: `path ${row.path}`, mapperClass: 'LatissMapper', datasetType: 'raw', gen2: fromPath, gen2Keys: keys, expected: { instrument: 'LATISS', exposure: row.exposure, detector: row.detector } });
      for (const r of rawRows) refs.push({ source: `registry raw ${r.expId}`, mapperClass: 'LatissMapper', datasetType: 'raw', gen2: r, gen2Keys: keys, expected: { instrument: 'LATISS', exposure: row.exposure, detector: row.detector } });
    } else {
      const template = policy.datasets.get('bias')!.template!;
      const rel = row.path.replace(/^CALIB\//, '');
      const fromPath = parsePath(template, rel);
      if (!fromPath) throw new Error(`${rel} does not match ${template}`);
      refs.push({ source: `path ${row.path}`, mapperClass: 'LatissMapper', datasetType: 'bias', gen2: fromPath, gen2Keys: templateKeys(lsstConverter, 'bias', template), expected: { instrument: 'LATISS', detector: row.detector }, run: row.run });
    }
  }
  return refs;
}

async function demoReferences(): Promise<ReferenceTranslation[]> {
  const demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'demo'), visits: 4, detectors: 4, width: 16, height: 16 });
  const policy = loadPolicy('DemoMapper', [demoPolicyDir()]);
  const specs = (calib: boolean): WalkTargetSpec[] =>
    fileDatasetTypes(policy)
      .filter((m) => (m.section === 'calibrations') === calib)
      .map((m) => ({ datasetType: m.name, template: Gen2Template.parse(m.template!) }));
  const refs: ReferenceTranslation[] = [];
  const rootWalk = await walkGen2Tree(demo.root, specs(false), DEFAULT_WALK_RULES);
  const rawByPath = new Map(demo.raws.map((r) => [r.path, r]));
  for (const t of rootWalk.targets) {
    const keys = templateKeys(demoConverter, t.datasetType, policy.datasets.get(t.datasetType)!.template!);
    const raw = rawByPath.get(t.relPath);
    if (t.datasetType === 'raw' && raw) refs.push({ source: t.relPath, mapperClass: 'DemoMapper', datasetType: 'raw', gen2: t.dataId, gen2Keys: keys, expected: { instrument: 'DemoCam', exposure: raw.visit, detector: raw.ccd } });
  }
  const calibWalk = await walkGen2Tree(demo.calibRoot, specs(true), { skipDirs: [], ignore: DEFAULT_WALK_RULES.ignore });
  for (const t of calibWalk.targets) {
    const keys = templateKeys(demoConverter, t.datasetType, policy.datasets.get(t.datasetType)!.template!);
    const calibDate = String(t.dataId.calibDate);
    const expected = { instrument: 'DemoCam', detector: Number(t.dataId.ccd), ...(t.datasetType === 'flat' ? { physical_filter: String(t.dataId.filter) } : {}) };
    refs.push({ source: `CALIB/${t.relPath}`, mapperClass: 'DemoMapper', datasetType: t.datasetType, gen2: t.dataId, gen2Keys: keys, expected, run: `DemoCam/calib/${calibDate.replaceAll('-', '')}T000000Z` });
  }
  if (refs.length !== demo.raws.length + demo.calibrations.bias + demo.calibrations.flat + demo.calibrations.defects) throw new Error('demo walk did not find every file');
  refs.push({ source: 'demo deepCoadd', mapperClass: 'DemoMapper', datasetType: 'deepCoadd', gen2: { filter: 'DEMO-G', tract: 0, patch: '1,2' }, expected: { skymap: 'demo', tract: 0, patch: 7, band: 'g' }, skyMapName: 'demo', patchNx: 3 });
  return refs;
}

defineConverterTests({ converter: hscConverter, skipFixtures: noFixtures, policies: () => [{ mapperClass: 'HscMapper', searchPath: searchPath() }], references: hscReferences, minReferences: 60 });
defineConverterTests({ converter: decamConverter, skipFixtures: noFixtures, policies: () => [{ mapperClass: 'DecamMapper', searchPath: searchPath() }], references: decamReferences, minReferences: 100 });
defineConverterTests({ converter: cfhtConverter, skipFixtures: noFixtures, policies: () => [{ mapperClass: 'MegacamMapper', searchPath: searchPath() }], references: cfhtReferences, minReferences: 20 });
defineConverterTests({
  converter: lsstConverter,
  skipFixtures: noFixtures,
  policies: () => ['LatissMapper', 'LsstCamMapper', 'LsstComCamMapper', 'ImsimMapper', 'PhosimMapper', 'Ts3Mapper', 'Ts8Mapper', 'UcdMapper'].map((mapperClass) => ({ mapperClass, searchPath: searchPath() })),
  references: latissReferences,
  minReferences: 3,
});
defineConverterTests({ converter: testConverter, skipFixtures: noFixtures, policies: () => [{ mapperClass: 'TestMapper', searchPath: searchPath() }] });
defineConverterTests({ converter: demoConverter, policies: () => [{ mapperClass: 'DemoMapper', searchPath: [demoPolicyDir()] }], references: demoReferences, minReferences: 20 });

describe('the converter conformance suite', () => {
  it('runs for every converter gen2to3 ships', () => {
    expect(CONVERTERS.map((c) => c.family).sort()).toEqual(['cfht', 'decam', 'demo', 'hsc', 'lsst', 'test']);
  });
});
