import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  migrateDimensionRecords,
  parseExport,
  writeExport,
  type ExportDocument,
  type ExportValue,
} from '../../../src/gen3/transfer/index.js';
import { FIXTURES_ROOT, fixture } from '../../helpers/fixtures.js';
import { describeInterop, runButlerCli, runPython, runPythonJson } from '../../helpers/python.js';

// Builds a real repository (universe v8) with every kind of export item: dimension records with
// regions, binary hash and timespans; RUN/TAGGED/CALIBRATION/CHAINED collections with docs;
// StructuredDataDict datasets `put` into three runs; tag and certify associations. Then exports it.
const MAKE_REPO = String.raw`
import sys, warnings
warnings.simplefilter("ignore")
import astropy.time
from lsst.daf.butler import Butler, CollectionType, DatasetType, Timespan
from lsst.sphgeom import ConvexPolygon, LonLat, UnitVector3d
root, out = sys.argv[1], sys.argv[2]
Butler.makeRepo(root)
b = Butler(root, writeable=True)
r = b.registry
tai = lambda s: astropy.time.Time(s, scale="tai")
r.insertDimensionData("instrument", {"name": "DummyCam", "visit_max": 1000, "exposure_max": 100000, "detector_max": 4, "class_name": "lsst.obs.dummy.DummyCam"})
r.insertDimensionData("physical_filter", {"instrument": "DummyCam", "name": "d-r", "band": "r"}, {"instrument": "DummyCam", "name": "d-g", "band": "g"})
r.insertDimensionData("detector", *[{"instrument": "DummyCam", "id": i, "full_name": f"R0{i}", "raft": "R0", "name_in_raft": str(i), "purpose": "SCIENCE"} for i in (1, 2)])
span = Timespan(tai("2020-01-02T03:04:05.123456789"), tai("2020-01-02T03:05:05"))
r.insertDimensionData("day_obs", {"instrument": "DummyCam", "id": 20200102, "timespan": Timespan(tai("2020-01-02T00:00:00"), tai("2020-01-03T00:00:00"))})
r.insertDimensionData("group", {"instrument": "DummyCam", "name": "grp1"})
r.insertDimensionData("exposure", {"instrument": "DummyCam", "id": 2020010200001, "physical_filter": "d-r", "obs_id": "DC_O_1", "exposure_time": 30.0, "dark_time": 30.5, "observation_type": "science", "observation_reason": "science", "day_obs": 20200102, "seq_num": 1, "seq_start": 1, "seq_end": 1, "group": "grp1", "target_name": "field: one", "science_program": "prog", "tracking_ra": 10.5, "tracking_dec": -5.25, "sky_angle": 90.0, "azimuth": 1e-05, "zenith_angle": 30.0, "has_simulated": False, "can_see_sky": True, "timespan": span})
r.insertDimensionData("visit_system", {"instrument": "DummyCam", "id": 0, "name": "one-to-one"})
poly = ConvexPolygon([UnitVector3d(LonLat.fromDegrees(10, -5)), UnitVector3d(LonLat.fromDegrees(11, -5)), UnitVector3d(LonLat.fromDegrees(11, -4))])
r.insertDimensionData("visit", {"instrument": "DummyCam", "id": 2020010200001, "day_obs": 20200102, "physical_filter": "d-r", "name": "v1", "seq_num": 1, "exposure_time": 30.0, "target_name": "field", "observation_reason": "science", "science_program": "prog", "azimuth": 180.0, "zenith_angle": 30.0, "region": poly, "timespan": span})
r.insertDimensionData("visit_system_membership", {"instrument": "DummyCam", "visit_system": 0, "visit": 2020010200001})
r.insertDimensionData("skymap", {"name": "sky1", "hash": b"\x01\x02abc" * 8, "tract_max": 10, "patch_nx_max": 3, "patch_ny_max": 3})
r.insertDimensionData("tract", {"skymap": "sky1", "id": 3, "region": poly})
for run in ["DummyCam/runs/a", "DummyCam/calib/bias"]:
    r.registerRun(run)
r.registerCollection("DummyCam/tagged", CollectionType.TAGGED, doc="tagged things")
r.registerCollection("DummyCam/calib", CollectionType.CALIBRATION, doc="calibs: 'quoted' doc\nsecond line")
r.registerCollection("DummyCam/chain", CollectionType.CHAINED)
r.setCollectionChain("DummyCam/chain", ["DummyCam/runs/a", "DummyCam/calib"])
r.registerCollection("DummyCam/runs/b", CollectionType.RUN, doc="run b doc")
types = [
    DatasetType("visitSummary", ["instrument", "visit"], "StructuredDataDict", universe=b.dimensions),
    DatasetType("bias", ["instrument", "detector"], "StructuredDataDict", universe=b.dimensions, isCalibration=True),
    DatasetType("rawish", ["instrument", "exposure", "detector"], "StructuredDataDict", universe=b.dimensions),
    DatasetType("skyStuff", ["skymap", "tract", "band"], "StructuredDataDict", universe=b.dimensions),
]
for t in types:
    r.registerDatasetType(t)
summary = b.put({"a": 1}, types[0], instrument="DummyCam", visit=2020010200001, run="DummyCam/runs/a")
bias = [b.put({"det": i}, types[1], instrument="DummyCam", detector=i, run="DummyCam/calib/bias") for i in (1, 2)]
raws = [b.put({"det": i}, types[2], instrument="DummyCam", exposure=2020010200001, detector=i, run="DummyCam/runs/b") for i in (1, 2)]
b.put({"x": 1}, types[3], skymap="sky1", tract=3, band="r", run="DummyCam/runs/a")
r.associate("DummyCam/tagged", raws + [summary])
r.certify("DummyCam/calib", [bias[0]], Timespan(tai("2020-01-01T00:00:00"), None))
r.certify("DummyCam/calib", [bias[1]], Timespan(tai("2019-01-01T00:00:00"), tai("2019-06-01T00:00:00.5")))
with b.export(filename=out) as ex:
    for el in ["instrument", "physical_filter", "detector", "day_obs", "group", "exposure", "visit_system", "visit", "visit_system_membership", "skymap", "tract"]:
        ex.saveDimensionData(el, list(r.queryDimensionRecords(el)))
    for c in ["DummyCam/runs/a", "DummyCam/calib/bias", "DummyCam/runs/b", "DummyCam/tagged", "DummyCam/calib", "DummyCam/chain"]:
        ex.saveCollection(c)
    ex.saveDatasets(r.queryDatasets(..., collections=["DummyCam/runs/a", "DummyCam/calib/bias", "DummyCam/runs/b"]), elements=())
`;

// What a repository holds, for comparing two repositories: dimension records, dataset types,
// collections (type, doc, chain children), datasets (id, run, data ID), tag and calibration associations.
const DUMP_REPO = String.raw`
import json, sys, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler, CollectionType
b = Butler(sys.argv[1])
r = b.registry
def plain(v):
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, bytes):
        return v.hex()
    if hasattr(v, "encode"):
        return v.encode().hex()
    return str(v)
out = {"dimensions": {}, "datasetTypes": {}, "collections": {}, "datasets": [], "associations": []}
for el in ["instrument", "physical_filter", "detector", "day_obs", "group", "exposure", "visit_system", "visit", "visit_definition", "visit_system_membership", "visit_detector_region", "skymap", "tract", "patch"]:
    recs = [{k: plain(v) for k, v in rec.toDict().items()} for rec in r.queryDimensionRecords(el)]
    out["dimensions"][el] = sorted(recs, key=lambda d: json.dumps(d, sort_keys=True))
for dt in r.queryDatasetTypes(...):
    out["datasetTypes"][dt.name] = [sorted(dt.dimensions.names), dt.storageClass_name, dt.isCalibration()]
for c in sorted(r.queryCollections(...)):
    t = r.getCollectionType(c)
    out["collections"][c] = [t.name, r.getCollectionDocumentation(c), list(r.getCollectionChain(c)) if t is CollectionType.CHAINED else None]
    if t in (CollectionType.TAGGED, CollectionType.CALIBRATION):
        for dt in r.queryDatasetTypes(...):
            for a in r.queryDatasetAssociations(dt, collections=[c]):
                out["associations"].append([c, str(a.ref.id), str(a.timespan)])
for ref in r.queryDatasets(..., collections=...):
    out["datasets"].append([ref.datasetType.name, ref.run, str(ref.id), {k: v for k, v in ref.dataId.required.items()}])
for k in ("datasets", "associations"):
    out[k].sort(key=lambda x: json.dumps(x, sort_keys=True))
print(json.dumps(out, sort_keys=True))
`;

// Loads an export file as daf_butler's importer does (yaml.safe_load with daf_butler's and sphgeom's
// constructors) and prints a JSON form comparable with our model.
const LOAD_LIKE_DAF_BUTLER = String.raw`
import json, sys, warnings, datetime, base64, uuid
warnings.simplefilter("ignore")
import yaml, astropy.time
import lsst.daf.butler
from lsst.daf.butler import Timespan
from lsst.daf.butler.transfers._yaml import _refIntId2UUID
def tai(t):
    return astropy.time.Time(t.tai, precision=9).to_value("iso")
def val(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, datetime.datetime):
        return {"time": tai(astropy.time.Time(v, scale="utc"))}
    if isinstance(v, astropy.time.Time):
        return {"time": tai(v)}
    if isinstance(v, bytes):
        return {"binary": base64.b64encode(v).decode()}
    if isinstance(v, Timespan):
        return {"timespan": "EMPTY" if v.isEmpty() else [None if v.begin is None else tai(v.begin), None if v.end is None else tai(v.end)]}
    if isinstance(v, uuid.UUID):
        return str(v)
    return {"region": v.encode().hex()}
def did(x):
    return str(_refIntId2UUID[x]) if isinstance(x, int) else str(x)
def lst(x):
    return x if isinstance(x, list) else [x]
out = {}
for f in sys.argv[1:]:
    d = yaml.safe_load(open(f))
    items = []
    for it in d["data"]:
        t = it["type"]
        if t == "dimension":
            items.append([t, it["element"], [{k: val(v) for k, v in rec.items()} for rec in it["records"]]])
        elif t == "dataset":
            items.append([t, it["dataset_type"], it["run"], [[[did(i) for i in lst(r["dataset_id"])], [{k: val(v) for k, v in x.items()} for x in lst(r["data_id"])], r.get("path"), r.get("formatter")] for r in it["records"]]])
        elif t == "associations" and it["collection_type"] == "TAGGED":
            items.append([t, it["collection"], [did(i) for i in it["dataset_ids"]]])
        elif t == "associations":
            items.append([t, it["collection"], [[val(r["timespan"]) if "timespan" in r else val(Timespan(r["begin"], r["end"])), [did(i) for i in r["dataset_ids"]]] for r in it["validity_ranges"]]])
        else:
            items.append([t, it.get("name")])
    out[f] = items
print(json.dumps(out))
`;

function val(v: ExportValue | bigint): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v) };
  if (v.kind === 'time') return { time: v.tai };
  if (v.kind === 'binary') return { binary: v.base64 };
  return { region: v.encoded };
}

function tai(t: { tai: string } | null): string | null {
  return t === null ? null : t.tai;
}

/** Our model in the JSON form LOAD_LIKE_DAF_BUTLER prints. */
function asLoaded(doc: ExportDocument): unknown[] {
  return doc.data.map((i) => {
    switch (i.type) {
      case 'dimension':
        return [i.type, i.element, i.records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, val(v)])))];
      case 'dataset':
        return [
          i.type,
          i.datasetType,
          i.run,
          i.records.map((r) => [r.datasetIds, r.dataIds.map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, val(v)]))), r.path, r.formatter ?? null]),
        ];
      case 'associations':
        if (i.collectionType === 'TAGGED') return [i.type, i.collection, i.datasetIds];
        return [
          i.type,
          i.collection,
          i.validityRanges.map((r) => [{ timespan: r.timespan.kind === 'empty' ? 'EMPTY' : [tai(r.timespan.begin), tai(r.timespan.end)] }, r.datasetIds]),
        ];
      default:
        return [i.type, i.name];
    }
  });
}

const EXPORT_FIXTURES = [
  'daf_butler/HEAD_78e7f290/tests/data/registry/hsc-rc2-subset.yaml',
  'daf_butler/HEAD_78e7f290/registry_data/hsc-rc2-subset-v0.yaml',
  'daf_butler/HEAD_78e7f290/registry_data/datasets.yaml',
  'daf_butler/HEAD_78e7f290/registry_data/spatial.yaml',
  'daf_butler/HEAD_78e7f290/registry_data/base.yaml',
  'daf_butler/2022-05_754112cb/tests/data/registry/base.yaml',
  'daf_butler/2022-05_754112cb/tests/data/registry/datasets.yaml',
  'daf_butler/2022-05_754112cb/tests/data/registry/datasets-uuid.yaml',
  'daf_butler/2022-05_754112cb/tests/data/registry/hsc-rc2-subset.yaml',
  'daf_butler/2022-05_754112cb/tests/data/registry/spatial.yaml',
  'testdata_decam/repo/exports.yaml',
  'testdata_jointcal/hsc/exports.yaml',
];

describeInterop('export format vs the real daf_butler export/import', () => {
  let tmp: string;
  let source: string;
  let exportText: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'gen2to3-export-'));
    source = path.join(tmp, 'source');
    await runPython(MAKE_REPO, [source, path.join(tmp, 'export.yaml')], { timeoutMs: 300_000 });
    exportText = readFileSync(path.join(tmp, 'export.yaml'), 'utf8');
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('parses a real 1.0.2 export (universe 8) and writes it back byte for byte', () => {
    const { document, origin } = parseExport(exportText, 'export.yaml');
    expect(origin).toMatchObject({ formatVersion: '1.0.2', formatMigrations: [], pendingUniverseMigrations: [] });
    expect(document.universeVersion).toBe(8);
    expect(document.data.map((i) => i.type)).toEqual([
      ...Array<string>(11).fill('dimension'),
      ...Array<string>(6).fill('collection'),
      ...Array<string>(8).fill('').map((_, k) => (k % 2 === 0 ? 'dataset_type' : 'dataset')),
      'associations',
      'associations',
    ]);
    const written = writeExport(document);
    expect(written).toBe(exportText);
    expect(parseExport(written, 'ours.yaml').document).toEqual(document);
  });

  it('butler import of our written text into a fresh repository gives the same repository', async () => {
    const { document } = parseExport(exportText, 'export.yaml');
    const ours = path.join(tmp, 'ours.yaml');
    writeFileSync(ours, writeExport(document));
    const target = path.join(tmp, 'target');
    await runButlerCli(['create', target]);
    await runButlerCli(['import', target, source, '--export-file', ours, '--transfer', 'copy'], { timeoutMs: 300_000 });
    const [a, b] = await Promise.all([runPythonJson(DUMP_REPO, [source]), runPythonJson(DUMP_REPO, [target])]);
    expect(b).toEqual(a);
    const list = (repo: string) => runButlerCli(['query-datasets', repo, '*', '--collections', '*'], { env: { PYTHONWARNINGS: 'ignore' } });
    const [la, lb] = await Promise.all([list(source), list(target)]);
    expect(lb).toBe(la);
    expect(la).toContain('visitSummary DummyCam/runs/a');
  });

  it.skipIf(FIXTURES_ROOT === undefined)('reads every fixture export the way daf_butler’s importer loads it', async () => {
    const files = EXPORT_FIXTURES.map((f) => fixture(f));
    const loaded = await runPythonJson<Record<string, unknown[]>>(LOAD_LIKE_DAF_BUTLER, files, { timeoutMs: 300_000 });
    for (const file of files) {
      const ours = asLoaded(parseExport(readFileSync(file, 'utf8'), file).document);
      const theirs = (loaded[file] ?? []).map((item) => {
        const it = item as unknown[];
        // legacy `run` items are RUN collections in our model
        return it[0] === 'run' ? ['collection', it[1]] : it;
      });
      expect(ours, file).toEqual(theirs);
    }
  });

  it.skipIf(FIXTURES_ROOT === undefined)(
    'migrateDimensionRecords gives the records daf_butler’s importer makes from old universes',
    async () => {
      // (spatial.yaml of 2022 is universe 0 too, but needs base.yaml's instrument first.)
      for (const rel of ['daf_butler/HEAD_78e7f290/registry_data/hsc-rc2-subset-v0.yaml', 'testdata_jointcal/hsc/exports.yaml']) {
        const { document } = parseExport(readFileSync(fixture(rel), 'utf8'), rel);
        // Datasets need importable formatters (lsst.obs.*), so compare dimension records, collections and dataset types.
        const registryOnly = { ...document, data: document.data.filter((i) => i.type !== 'dataset' && i.type !== 'associations') };
        const migrated = migrateDimensionRecords(registryOnly);
        expect(migrated.applied.length, rel).toBeGreaterThan(0);
        const dir = mkdtempSync(path.join(tmp, 'migrate-'));
        writeFileSync(path.join(dir, 'old.yaml'), writeExport(registryOnly)); // old universe: daf_butler migrates
        writeFileSync(path.join(dir, 'new.yaml'), writeExport(migrated.document)); // universe 8: we migrated
        await Promise.all(
          ['old', 'new'].map(async (name) => {
            await runButlerCli(['create', path.join(dir, name)]);
            await runButlerCli(['import', path.join(dir, name), dir, '--export-file', path.join(dir, `${name}.yaml`)], { timeoutMs: 300_000 });
          }),
        );
        const [a, b] = await Promise.all([runPythonJson(DUMP_REPO, [path.join(dir, 'old')]), runPythonJson(DUMP_REPO, [path.join(dir, 'new')])]);
        expect(b, rel).toEqual(a);
      }
    },
    600_000,
  );
});
