// The real daf_butler reads what our Registry writes (CLI listings, Butler.find_dataset), and our
// Registry reads what daf_butler writes, on SQLite and PostgreSQL.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { Registry, type DatasetRef } from '../../../src/gen3/registry/index.js';
import { makeTimespan } from '../../../src/gen3/time/index.js';
import { CALIB_START, INSTRUMENT, T0, fileRecord, populateDemo, rawDataIds } from '../../conformance/registry-suite.js';
import { describePostgres, freshDatabase } from '../../helpers/postgres.js';
import { describeInterop, runButlerCli, runPython, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

/** The tables `butler query-*` prints: header, a dash line giving the column widths, rows up to a blank line. */
function parseTables(text: string): Record<string, string>[][] {
  const lines = text.split('\n');
  const tables: Record<string, string>[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const dashes = lines[i] ?? '';
    if (!/^[- ]+$/.test(dashes) || !dashes.includes('-')) continue;
    const spans = [...dashes.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
    const cut = (line: string) => spans.map(([a, b]) => line.slice(a, b).trimEnd());
    const header = cut(lines[i - 1] ?? '').map((h) => h.trim());
    const rows: Record<string, string>[] = [];
    for (i += 1; i < lines.length && (lines[i] ?? '').trim() !== ''; i++) {
      const cells = cut(lines[i] ?? '');
      rows.push(Object.fromEntries(header.map((h, k) => [h, h === 'Name' ? (cells[k] ?? '') : (cells[k] ?? '').trim()])));
    }
    tables.push(rows);
  }
  return tables;
}

const FIND_BIAS = `
import sys, astropy.time
from lsst.daf.butler import Butler, Timespan
butler = Butler.from_config(sys.argv[1])
t = astropy.time.Time(sys.argv[3], scale="tai")
ref = butler.find_dataset("bias", {"instrument": "DemoCam", "detector": int(sys.argv[2])}, collections=sys.argv[4], timespan=Timespan(t, t + astropy.time.TimeDelta(1, format="sec")))
raw = butler.find_dataset("raw", {"instrument": "DemoCam", "detector": 0, "exposure": 2020010200001}, collections=sys.argv[4])
print(str(ref.id) if ref else "None", str(raw.id) if raw else "None")
`;

// daf_butler writes after us: a calibs row (PostgreSQL: the calibs sequence must be past our ids),
// and rejects an overlap with what we certified.
const CERTIFY_AFTER = `
import sys, astropy.time
from lsst.daf.butler import Butler, Timespan
from lsst.daf.butler.registry import ConflictingDefinitionError
butler = Butler.from_config(sys.argv[1], writeable=True)
reg = butler.registry
refs = list(reg.queryDatasets("bias", collections="DemoCam/calib/20200101T000000Z", findFirst=True))
ref0 = [r for r in refs if r.dataId["detector"] == 0]
t = lambda s: astropy.time.Time(s, scale="tai")
reg.certify("DemoCam/calib", ref0, Timespan(t("2019-01-01T00:00:00"), t("2019-06-01T00:00:00")))
try:
    reg.certify("DemoCam/calib", ref0, Timespan(t("2020-03-01T00:00:00"), None))
    print("overlap accepted")
except ConflictingDefinitionError:
    print("overlap rejected")
`;

const POPULATE = `
import json, sys
import astropy.time
from lsst.daf.butler import Butler, Config, DatasetType, Timespan, CollectionType
from lsst.daf.butler._dataset_ref import DatasetIdGenEnum
root = sys.argv[1]
Butler.makeRepo(root, config=Config(json.loads(sys.argv[2])) if len(sys.argv) > 2 else None)
butler = Butler.from_config(root, writeable=True)
reg = butler.registry
reg.insertDimensionData("instrument", {"name": "DemoCam", "visit_max": 1000000, "visit_system": 0, "exposure_max": 1000000, "detector_max": 100, "class_name": "lsst.obs.demo.DemoCam"})
reg.insertDimensionData("physical_filter", {"instrument": "DemoCam", "name": "demo-r", "band": "r"})
reg.insertDimensionData("detector", *[{"instrument": "DemoCam", "id": d, "full_name": f"R00_S0{d}"} for d in (0, 1)])
reg.insertDimensionData("day_obs", {"instrument": "DemoCam", "id": 20200102})
reg.insertDimensionData("group", {"instrument": "DemoCam", "name": "grp1"})
reg.insertDimensionData("exposure", {"instrument": "DemoCam", "id": 2020010200001, "day_obs": 20200102, "group": "grp1", "physical_filter": "demo-r", "obs_id": "DM_O_1"})
raw = DatasetType("raw", ("instrument", "exposure", "detector"), "Exposure", universe=butler.dimensions)
bias = DatasetType("bias", ("instrument", "detector"), "ExposureF", universe=butler.dimensions, isCalibration=True)
reg.registerDatasetType(raw); reg.registerDatasetType(bias)
reg.registerRun("DemoCam/raw/all"); reg.registerRun("DemoCam/calib/a"); reg.registerRun("DemoCam/calib/b")
reg.registerCollection("DemoCam/calib", CollectionType.CALIBRATION)
reg.registerCollection("DemoCam/defaults", CollectionType.CHAINED)
reg.setCollectionChain("DemoCam/defaults", ["DemoCam/raw/all", "DemoCam/calib"])
raws = reg.insertDatasets(raw, [{"instrument": "DemoCam", "exposure": 2020010200001, "detector": d} for d in (0, 1)], "DemoCam/raw/all", idGenerationMode=DatasetIdGenEnum.DATAID_TYPE_RUN)
ba = reg.insertDatasets(bias, [{"instrument": "DemoCam", "detector": d} for d in (0, 1)], "DemoCam/calib/a")
bb = reg.insertDatasets(bias, [{"instrument": "DemoCam", "detector": d} for d in (0, 1)], "DemoCam/calib/b")
t = lambda s: astropy.time.Time(s, scale="tai")
reg.certify("DemoCam/calib", ba, Timespan(t("2020-01-01T00:00:00"), t("2020-06-01T00:00:00")))
reg.certify("DemoCam/calib", bb, Timespan(t("2020-06-01T00:00:00"), None))
print(json.dumps({"raw": [str(r.id) for r in raws], "biasA": [str(r.id) for r in ba], "biasB": [str(r.id) for r in bb]}))
`;

/** Populates a repository with our Registry: DemoCam records, all four collection types, raws, certified biases, direct file records. */
async function populateWithOurs(root: string, db: string | undefined): Promise<{ raws: DatasetRef[]; biases: DatasetRef[] }> {
  await createRepository(root, db ? { db } : {});
  const repo = await openRepository(root);
  try {
    return await Registry.of(repo).transaction(async (r) => {
      await populateDemo(r);
      await r.registerRun('DemoCam/raw/all');
      await r.registerCollection('DemoCam/calib/20200101T000000Z', 'RUN', 'bias run');
      await r.registerCollection('DemoCam/calib', 'CALIBRATION');
      await r.registerCollection('DemoCam/tagged', 'TAGGED');
      await r.registerCollection('DemoCam/defaults', 'CHAINED');
      await r.setCollectionChain('DemoCam/defaults', ['DemoCam/raw/all', 'DemoCam/calib']);
      const raws = await r.insertDatasets('raw', 'DemoCam/raw/all', rawDataIds(), { idMode: 'DATAID_TYPE_RUN' });
      await r.insertFileRecords(raws.map((x) => fileRecord(x.id)));
      await r.associate('DemoCam/tagged', raws.slice(0, 2));
      const biases = await r.insertDatasets('bias', 'DemoCam/calib/20200101T000000Z', [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })), { idMode: 'DATAID_TYPE' });
      await r.certify('DemoCam/calib', biases, makeTimespan(CALIB_START, null));
      return { raws, biases };
    });
  } finally {
    await repo.close();
  }
}

function defineDirection(label: string, forwardDb: () => string | undefined, reverseDb: () => string | undefined): void {
  it(`${label}: daf_butler lists and finds exactly what our Registry wrote`, async () => {
    const root = path.join(tmpDir('gen2to3-registry-interop-'), 'repo');
    const { raws, biases } = await populateWithOurs(root, forwardDb());
    const repo = await openRepository(root);
    const ours = Registry.of(repo);
    try {
      const [collections] = parseTables(await runButlerCli(['query-collections', root]));
      const expected = await ours.queryCollections({ chains: 'TREE' });
      expect(collections?.map((c) => [c.Name, c.Type])).toEqual(expected.map((c) => [`${'  '.repeat(c.depth)}${c.name}`, c.type]));

      for (const [chains, patterns] of [['FLATTEN', ['*']], ['NO-CHILDREN', ['*']], ['FLATTEN', ['DemoCam/defaults']], ['TREE', ['DemoCam/d*']]] as const) {
        const [listed] = parseTables(await runButlerCli(['query-collections', root, '--chains', chains, ...patterns]));
        const ourList = await ours.queryCollections({ chains, patterns });
        // daf_butler orders FLATTEN / NO-CHILDREN listings by an unordered SELECT (differs between engines): compare as sets there
        const rows = (list: string[][]) => (chains === 'TREE' ? list : [...list].sort());
        expect(rows(listed?.map((c) => [c.Name ?? '', c.Type ?? '']) ?? []), `${chains} ${patterns.join(' ')}`).toEqual(rows(ourList.map((c) => [`${'  '.repeat(c.depth)}${c.name}`, c.type])));
      }

      const [types] = parseTables(await runButlerCli(['query-dataset-types', root]));
      expect(types?.map((t) => t.name)).toEqual((await ours.queryDatasetTypes()).map((t) => t.name));

      const listed = parseTables(await runButlerCli(['query-datasets', root, '*', '--collections', '*'])).flat();
      const all = (await ours.queryCollections({ chains: 'NO-CHILDREN' })).map((c) => c.name);
      const ourDatasets = [...(await ours.queryDatasets('raw', all)), ...(await ours.queryDatasets('bias', all))];
      expect(listed.map((d) => `${d.type} ${d.run} ${d.id}`).sort()).toEqual(ourDatasets.map((d) => `${d.datasetType} ${d.run} ${d.id}`).sort());
      expect(listed.filter((d) => d.type === 'raw').map((d) => [d.id, d.detector, d.exposure, d.physical_filter])).toEqual(
        expect.arrayContaining(raws.map((r) => [r.id, String(r.dataId.detector), String(r.dataId.exposure), r.dataId.exposure === 2020010200001 ? 'demo-r' : 'demo-g'])),
      );

      const [exposures] = parseTables(await runButlerCli(['query-dimension-records', root, 'exposure']));
      const ourExposures = await ours.queryDimensionRecords('exposure');
      expect(exposures?.map((e) => [e.instrument, e.id, e.obs_id, e.group, e.physical_filter, e['timespan (TAI)']])).toEqual(
        ourExposures.map((e, i) => [e.instrument, String(e.id), e.obs_id, e.group, e.physical_filter, `[2020-01-02T03:0${4 + i}:05, 2020-01-02T03:0${4 + i}:35)`]),
      );

      const [bias, raw] = (await runPython(FIND_BIAS, [root, '1', '2020-01-02T03:04:05', 'DemoCam/defaults'])).trim().split(' ');
      expect(bias).toBe(biases[1]?.id);
      expect(raw).toBe(raws[0]?.id);
      const [before] = (await runPython(FIND_BIAS, [root, '1', '2019-12-31T00:00:00', 'DemoCam/defaults'])).trim().split(' ');
      expect(before).toBe('None');
      const mine = await ours.findDataset('bias', { instrument: INSTRUMENT, detector: 1 }, 'DemoCam/defaults', { timespan: makeTimespan(T0, T0 + 1_000_000_000n) });
      expect(mine?.id).toBe(bias);

      expect((await runPython(CERTIFY_AFTER, [root])).trim()).toBe('overlap rejected');
      const calibs = await repo.db.select('dataset_calibs_00000002');
      expect(calibs.map((c) => Number(c.id)).sort()).toEqual([1, 2, 3]);
      expect((await ours.findDataset('bias', { instrument: INSTRUMENT, detector: 0 }, 'DemoCam/calib', { timespan: makeTimespan(1554076800000000000n, null) }))?.id).toBe(biases[0]?.id);

      // daf_butler keeps writing after us (ids drawn past ours: PostgreSQL sequences / SQLite rowids)
      await runButlerCli(['register-dataset-type', root, 'calexp', 'ExposureF', 'instrument', 'visit', 'detector']);
      const calexp = await ours.findDatasetType('calexp');
      expect([calexp?.id, calexp?.dimensionsKey, calexp?.dimensions]).toEqual([4, 4, ['instrument', 'detector', 'visit']]);
    } finally {
      await repo.close();
    }
  }, 180_000);

  it(`${label}: our Registry reads a repository daf_butler populated`, async () => {
    const root = path.join(tmpDir('gen2to3-registry-reverse-'), 'repo');
    const url = reverseDb();
    const ids = await runPythonJson<{ raw: string[]; biasA: string[]; biasB: string[] }>(POPULATE, [root, ...(url ? [JSON.stringify({ registry: { db: url } })] : [])]);
    const repo = await openRepository(root);
    try {
      const ours = Registry.of(repo);
      for (const detector of [0, 1]) {
        const raw = await ours.findDataset('raw', { instrument: INSTRUMENT, exposure: 2020010200001, detector }, 'DemoCam/defaults');
        expect(raw).toEqual({ id: ids.raw[detector], datasetType: 'raw', run: 'DemoCam/raw/all', dataId: { instrument: INSTRUMENT, detector, exposure: 2020010200001 } });
        const feb = makeTimespan(1580515200000000000n, 1580515200000000001n); // 2020-02-01 TAI
        const jul = makeTimespan(1593561600000000000n, 1593561600000000001n); // 2020-07-01 TAI
        expect((await ours.findDataset('bias', { instrument: INSTRUMENT, detector }, 'DemoCam/defaults', { timespan: feb }))?.id).toBe(ids.biasA[detector]);
        expect((await ours.findDataset('bias', { instrument: INSTRUMENT, detector }, 'DemoCam/defaults', { timespan: jul }))?.id).toBe(ids.biasB[detector]);
        expect(await ours.findDataset('bias', { instrument: INSTRUMENT, detector }, 'DemoCam/defaults')).toBeUndefined();
      }
      expect((await ours.queryDatasets('raw', 'DemoCam/defaults', { findFirst: true })).map((r) => r.id)).toEqual(ids.raw);
      expect((await ours.queryDatasets('bias', 'DemoCam/calib')).map((r) => r.id).sort()).toEqual([...ids.biasA, ...ids.biasB].sort());
      expect((await ours.queryCollections({ patterns: ['DemoCam/defaults'], chains: 'FLATTEN' })).map((c) => c.name)).toEqual(['DemoCam/raw/all', 'DemoCam/calib']);
      expect((await ours.queryDatasetTypes()).map((t) => [t.name, t.dimensions, t.isCalibration])).toEqual([
        ['bias', ['instrument', 'detector'], true],
        ['raw', ['instrument', 'detector', 'exposure'], false],
      ]);
      // and we can keep writing into it: daf_butler's sequences/rowids stay consistent
      await ours.registerRun('DemoCam/raw/more');
      const more = await ours.insertDatasets('raw', 'DemoCam/raw/more', [{ instrument: INSTRUMENT, exposure: 2020010200001, detector: 0 }], { idMode: 'DATAID_TYPE_RUN' });
      expect((await ours.queryDatasets('raw', ['DemoCam/raw/more'])).map((r) => r.id)).toEqual(more.map((r) => r.id));
    } finally {
      await repo.close();
    }
  }, 120_000);
}

describeInterop('Registry ⇄ real daf_butler', () => {
  describe('SQLite', () => {
    defineDirection('sqlite', () => undefined, () => undefined);
  });
  describePostgres('PostgreSQL', () => {
    const forward = freshDatabase('registry_interop');
    const reverse = freshDatabase('registry_reverse');
    defineDirection('postgresql', () => forward.url, () => reverse.url);
  });
});
