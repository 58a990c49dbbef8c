// `gen2to3 butler import / export / ingest-files` against the real daf_butler: the real fixture
// exports import (registry only) and list like daf_butler's own import of them; exports round-trip
// both ways with files; ingest-files writes what the real `butler ingest-files` writes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parseExport } from '../../../src/gen3/transfer/index.js';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { describeInterop, runButlerCli, runButlerCliMany, runPython, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const REAL_IMPORT = String.raw`import sys, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler
root = sys.argv[1]
Butler.makeRepo(root)
b = Butler.from_config(root, writeable=True)
for f in sys.argv[2:]:
    b.import_(filename=f, without_datastore=True)
`;

// A source repository with files: records, RUN/TAGGED/CALIBRATION/CHAINED collections, certified biases.
const SOURCE = String.raw`import os, sys, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler, DatasetType, DatasetRef, DatasetIdGenEnum, FileDataset, Timespan, CollectionType
import astropy.time
root, src = sys.argv[1], sys.argv[2]
Butler.makeRepo(root)
b = Butler.from_config(root, writeable=True)
r = b.registry
r.insertDimensionData("instrument", {"name": "Cam1", "visit_max": 1000, "exposure_max": 1000, "detector_max": 10, "class_name": "lsst.obs.x.Cam1"})
r.insertDimensionData("physical_filter", {"instrument": "Cam1", "name": "Cam1-G", "band": "g"})
r.insertDimensionData("detector", *[{"instrument": "Cam1", "id": i, "full_name": f"D{i}"} for i in range(3)])
summary = DatasetType("summary", ["instrument", "detector", "physical_filter"], "StructuredDataDict", universe=b.dimensions)
bias = DatasetType("bias", ["instrument", "detector"], "StructuredDataDict", universe=b.dimensions, isCalibration=True)
r.registerDatasetType(summary); r.registerDatasetType(bias)
v0 = astropy.time.Time("2020-01-01T00:00:00", scale="tai"); v1 = astropy.time.Time("2020-01-01T00:01:00", scale="tai")
r.insertDimensionData("day_obs", {"instrument": "Cam1", "id": 20200101})
r.insertDimensionData("group", {"instrument": "Cam1", "name": "g1"})
r.insertDimensionData("exposure", {"instrument": "Cam1", "id": 1, "physical_filter": "Cam1-G", "obs_id": "e1", "group": "g1", "day_obs": 20200101, "timespan": Timespan(v0, v1)})
r.insertDimensionData("visit_system", {"instrument": "Cam1", "id": 0, "name": "one-to-one"})
r.insertDimensionData("visit", {"instrument": "Cam1", "id": 1, "name": "v1", "physical_filter": "Cam1-G", "day_obs": 20200101, "timespan": Timespan(v0, v1)})
r.insertDimensionData("visit_definition", {"instrument": "Cam1", "exposure": 1, "visit": 1})
r.insertDimensionData("visit_system_membership", {"instrument": "Cam1", "visit_system": 0, "visit": 1})
r.insertDimensionData("visit_detector_region", *[{"instrument": "Cam1", "visit": 1, "detector": i} for i in range(3)])
calexp = DatasetType("calexp", ["instrument", "visit", "detector"], "StructuredDataDict", universe=b.dimensions)
r.registerDatasetType(calexp)
os.makedirs(src, exist_ok=True)
def ingest(dt, run, data_id, name):
    r.registerCollection(run, CollectionType.RUN)
    p = os.path.join(src, name)
    with open(p, "w") as f: f.write(f"name: {name}\n")
    ref = DatasetRef(dt, data_id, run=run, id_generation_mode=DatasetIdGenEnum.DATAID_TYPE_RUN)
    b.ingest(FileDataset(path=p, refs=[ref], formatter="lsst.daf.butler.formatters.yaml.YamlFormatter"), transfer="copy")
    return ref
s = [ingest(summary, "run/a", {"instrument": "Cam1", "detector": i, "physical_filter": "Cam1-G"}, f"s{i}.yaml") for i in range(3)]
c = [ingest(calexp, "run/a", {"instrument": "Cam1", "visit": 1, "detector": i}, f"c{i}.yaml") for i in range(2)]
bi = [ingest(bias, "calib/run", {"instrument": "Cam1", "detector": i}, f"b{i}.yaml") for i in range(2)]
r.registerCollection("tagged", CollectionType.TAGGED, doc="some tagged")
r.associate("tagged", s[:2])
r.registerCollection("calib", CollectionType.CALIBRATION)
t0 = astropy.time.Time("2020-01-01T00:00:00", scale="tai")
t1 = astropy.time.Time("2021-01-01T00:00:00", scale="tai")
r.certify("calib", bi, Timespan(t0, t1))
r.certify("calib", bi[:1], Timespan(t1, None))
r.registerCollection("chain", CollectionType.CHAINED)
r.setCollectionChain("chain", ["tagged", "run/a", "calib"])
`;

const REAL_EXPORT = String.raw`import sys, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler
root, out = sys.argv[1], sys.argv[2]
b = Butler.from_config(root)
refs = list(b.registry.queryDatasets(..., collections=["chain"]))
with b.export(directory=out, filename="export.yaml", transfer="copy") as e:
    e.saveDatasets(refs)
    for c in ["chain", "tagged", "run/a", "calib"]:
        e.saveCollection(c)
`;

const RECORDS = String.raw`import json, os, sqlite3, sys
db = sqlite3.connect(os.path.join(sys.argv[1], "gen3.sqlite3"))
db.row_factory = sqlite3.Row
print(json.dumps([dict(r) for r in db.execute("SELECT * FROM file_datastore_records ORDER BY dataset_id")]))
`;

function ours(args: string[], cwd?: string): string {
  const r = runCli(['butler', ...args], cwd ? { cwd } : {});
  if (r.status !== 0) throw new Error(`gen2to3 butler ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** What the real butler lists of a repository, with its root written as <root>. */
async function listing(root: string, showUri = false): Promise<string> {
  return (await listingParts(root, showUri)).join('\n');
}

/** query-collections, query-dataset-types -v and query-datasets output of the real butler, root as <root>. */
async function listingParts(root: string, showUri = false): Promise<string[]> {
  const parts = await runButlerCliMany([['query-collections', root], ['query-dataset-types', root, '-v'], ['query-datasets', root, '*', '--collections', '*', ...(showUri ? ['--show-uri'] : [])]]);
  return parts.map((p) => p.split(root).join('<root>'));
}

describeInterop('butler import/export/ingest-files vs the real daf_butler', () => {
  const dir = tmpDir('gen2to3-butler-transfer-');
  beforeAll(() => ensureBuilt());

  describeFixtures('real fixture exports (registry only, as daf_butler tests import them)', () => {
    const SETS: Record<string, string[]> = {
      'base + datasets': ['daf_butler/HEAD_78e7f290/registry_data/base.yaml', 'daf_butler/HEAD_78e7f290/registry_data/datasets.yaml'],
      'base + spatial': ['daf_butler/HEAD_78e7f290/registry_data/base.yaml', 'daf_butler/HEAD_78e7f290/registry_data/spatial.yaml'],
      'old base + datasets-uuid': ['daf_butler/2022-05_754112cb/tests/data/registry/base.yaml', 'daf_butler/2022-05_754112cb/tests/data/registry/datasets-uuid.yaml'],
      'hsc-rc2-subset': ['daf_butler/HEAD_78e7f290/tests/data/registry/hsc-rc2-subset.yaml'],
      'hsc-rc2-subset-v0': ['daf_butler/HEAD_78e7f290/registry_data/hsc-rc2-subset-v0.yaml'],
    };
    for (const [name, files] of Object.entries(SETS)) {
      it(`${name}: the real butler lists our import exactly as daf_butler's own import`, async () => {
        const slug = name.replace(/\W+/g, '-');
        const real = path.join(dir, `real-${slug}`);
        const mine = path.join(dir, `ours-${slug}`);
        await runPython(REAL_IMPORT, [real, ...files.map((f) => fixture(f))]);
        ours(['create', mine]);
        for (const f of files) ours(['import', mine, path.dirname(fixture(f)), '--export-file', path.basename(f), '--without-datastore']);
        const expected = await listingParts(real);
        expect(expected.join('\n')).toMatch(/\S+\s+\S+/);
        expect(await listingParts(mine)).toEqual(expected);
        // our own query-datasets prints the same as the real one
        const oursDs = ours(['query-datasets', mine, '*', '--collections', '*']).split(mine).join('<root>');
        expect(oursDs).toBe(expected[2]);
      }, 240_000);
    }
  });

  describeFixtures('testdata_jointcal (daf_butler cannot read it without obs_subaru formatters)', () => {
    it('imports registry-only; every dataset and collection of the document is listed', async () => {
      const file = fixture('testdata_jointcal/hsc/exports.yaml');
      const { document } = parseExport(readFileSync(file, 'utf8'), file);
      const mine = path.join(dir, 'jointcal');
      ours(['create', mine]);
      ours(['import', mine, path.dirname(file), '--export-file', path.basename(file), '--without-datastore']);
      const perType = new Map<string, number>();
      for (const i of document.data) if (i.type === 'dataset') perType.set(i.datasetType, (perType.get(i.datasetType) ?? 0) + i.records.reduce((n, r) => n + r.datasetIds.length, 0));
      expect(perType.size).toBeGreaterThan(0);
      const listed = JSON.parse(ours(['query-datasets', mine, '*', '--collections', '*', '--json'])) as unknown[];
      const rows = (Array.isArray(listed) ? listed : []).flatMap((t) => (Array.isArray(t) ? t : typeof t === 'object' && t !== null && 'rows' in t ? (t as { rows: unknown[] }).rows : [t]));
      expect(rows.length).toBe([...perType.values()].reduce((a, b) => a + b, 0));
      const colls = ours(['query-collections', mine, '--chains', 'NO-CHILDREN']);
      for (const i of document.data) if (i.type === 'collection') expect(colls).toContain(i.name);
      // a repeated import is a no-op, and a registry import with datastore needs the files
      ours(['import', mine, path.dirname(file), '--export-file', path.basename(file), '--without-datastore']);
      const again = runCli(['butler', 'import', mine, path.dirname(file), '--export-file', path.basename(file)]);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/GEN3_TRANSFER/);
    }, 120_000);
  });

  it('real Butler.export → our import (copy) → our export (copy) → real butler import: same listing with URIs everywhere', async () => {
    const src = path.join(dir, 'rt-src');
    await runPython(SOURCE, [src, path.join(dir, 'rt-files')]);
    const exp1 = path.join(dir, 'rt-export1');
    mkdirSync(exp1);
    await runPython(REAL_EXPORT, [src, exp1]);
    const expected = await listing(src, true);
    expect(expected).toContain('calib');

    const mine = path.join(dir, 'rt-our'); // same length as rt-src: URI column widths match
    ours(['create', mine]);
    ours(['import', mine, exp1, '-t', 'copy']);
    expect(await listing(mine, true)).toBe(expected);

    const exp2 = path.join(dir, 'rt-export2');
    mkdirSync(exp2);
    ours(['export', mine, exp2, '--collections', 'chain', '-t', 'copy']);
    const back = path.join(dir, 'rt-bck');
    await runButlerCli(['create', back]);
    await runButlerCli(['import', back, exp2, '-t', 'copy']);
    expect(await listing(back, true)).toBe(expected);
    // our export carries the same dimension records as daf_butler's (populated_by records included)
    const dims = (file: string) =>
      Object.fromEntries(
        parseExport(readFileSync(file, 'utf8'), file)
          .document.data.flatMap((i) => (i.type === 'dimension' ? [[i.element, JSON.stringify(i.records.map((r) => Object.fromEntries(Object.entries(r).sort())), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))] as const] : [])),
      );
    const realDims = dims(path.join(exp1, 'export.yaml'));
    expect(Object.keys(realDims)).toEqual(expect.arrayContaining(['visit_definition', 'visit_detector_region', 'visit_system_membership', 'exposure']));
    expect(dims(path.join(exp2, 'export.yaml'))).toEqual(realDims);
    // and the validity ranges survive both trips
    const calibs = (root: string) => runButlerCli(['query-datasets', root, 'bias', '--collections', 'calib']);
    expect(await calibs(back)).toBe(await calibs(src));
  }, 300_000);

  it('ingest-files: the same datasets, URIs and file_datastore_records rows as the real butler ingest-files', async () => {
    const files = path.join(dir, 'ing-files');
    mkdirSync(files, { recursive: true });
    for (const i of [0, 1, 2]) writeFileSync(path.join(files, `f${i}.yaml`), `v: ${i}\n`);
    const table = path.join(dir, 'table.ecsv');
    writeFileSync(table, '# %ECSV 1.0\n# ---\n# datatype:\n# - {name: file, datatype: string}\n# - {name: detector, datatype: int64}\n# schema: astropy-2.0\nfile detector\nf0.yaml 0\nf1.yaml 1\nf2.yaml 2\n');
    const roots = [path.join(dir, 'ing-real'), path.join(dir, 'ing-ours')]; // same length: same column widths
    for (const root of roots) {
      await runPython(
        String.raw`import sys, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler, DatasetType
Butler.makeRepo(sys.argv[1])
b = Butler.from_config(sys.argv[1], writeable=True)
b.registry.insertDimensionData("instrument", {"name": "Cam1", "visit_max": 10, "exposure_max": 10, "detector_max": 10, "class_name": "lsst.obs.x.Cam1"})
b.registry.insertDimensionData("detector", *[{"instrument": "Cam1", "id": i, "full_name": f"D{i}"} for i in range(3)])
b.registry.registerDatasetType(DatasetType("summary", ["instrument", "detector"], "StructuredDataDict", universe=b.dimensions))
`,
        [root],
      );
    }
    const args = (root: string) => [root, 'summary', 'ingested', table, '--data-id', 'instrument=Cam1', '--prefix', files, '--id-generation-mode', 'dataid_type_run', '-t', 'copy'];
    await runButlerCli(['ingest-files', ...args(roots[0] as string)]);
    ours(['ingest-files', ...args(roots[1] as string)]);
    const [real, mine] = roots as [string, string];
    expect(await listing(mine, true)).toBe(await listing(real, true));
    const recs = async (root: string) => runPythonJson<Record<string, unknown>[]>(RECORDS, [root]);
    const expectedRows = await recs(real);
    expect(expectedRows).toHaveLength(3);
    expect(await recs(mine)).toEqual(expectedRows);
  }, 240_000);
});
