import { lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import {
  TransferBatch,
  fileChecksum,
  datasetLocationRow,
  fileUri,
  planTransfers,
  rowForEngine,
  type FileDatastoreRecord,
  type TransferMode,
} from '../../../src/gen3/datastore/index.js';
import { makeDatasetId } from '../../../src/gen3/ids/index.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

// The real daf_butler ingests one YAML file per transfer mode (own RUN, own detector) into a fresh
// SQLite repo; we plan and apply the same transfers into another root and compare the
// file_datastore_records / dataset_location rows and what lands on disk.
const SCRIPT = String.raw`import json, os, sqlite3, sys, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler, DataCoordinate, DatasetIdGenEnum, DatasetRef, DatasetType, FileDataset
from lsst.daf.butler.registry import CollectionType

root, src_dir = sys.argv[1], sys.argv[2]
modes = json.loads(sys.argv[3])
Butler.makeRepo(root)
butler = Butler.from_config(root, writeable=True)
reg = butler.registry
reg.insertDimensionData("instrument", {"name": "DummyCam", "visit_max": 1000, "exposure_max": 1000, "detector_max": 100, "class_name": "lsst.obs.dummy.DummyCam"})
dt = DatasetType("summary", ["instrument", "detector"], "StructuredDataDict", universe=butler.dimensions)
reg.registerDatasetType(dt)
out = []
for i, mode in enumerate(modes):
    reg.insertDimensionData("detector", {"instrument": "DummyCam", "id": i, "full_name": f"R0{i}_S0{i}"})
    run = f"DummyCam/ingest/{mode}"
    reg.registerCollection(run, CollectionType.RUN)
    data_id = DataCoordinate.standardize({"instrument": "DummyCam", "detector": i}, universe=butler.dimensions)
    ref = DatasetRef(dt, data_id, run=run, id_generation_mode=DatasetIdGenEnum.DATAID_TYPE_RUN)
    path = os.path.join(src_dir, f"{mode}.yaml")
    transfer = mode
    if mode == "auto-inside":
        transfer = "auto"
        path = os.path.join(root, "external", "inside.yaml")
    butler.ingest(FileDataset(path=path, refs=[ref], formatter="lsst.daf.butler.formatters.yaml.YamlFormatter"), transfer=transfer)
    out.append({"mode": mode, "run": run, "detector": i, "id": str(ref.id), "full_name": f"R0{i}_S0{i}"})
db = sqlite3.connect(os.path.join(root, "gen3.sqlite3"))
db.row_factory = sqlite3.Row
records = [dict(r) for r in db.execute("SELECT * FROM file_datastore_records ORDER BY dataset_id")]
locations = [dict(r) for r in db.execute("SELECT * FROM dataset_location ORDER BY dataset_id")]
print(json.dumps({"datasets": out, "records": records, "locations": locations}))
`;

const MODES = ['copy', 'move', 'symlink', 'relsymlink', 'hardlink', 'link', 'auto', 'direct', 'auto-inside'] as const;

interface PyOut {
  datasets: { mode: string; run: string; detector: number; id: string; full_name: string }[];
  records: FileDatastoreRecord[];
  locations: { datastore_name: string; dataset_id: string }[];
}

function makeTree(dir: string): { root: string; src: string } {
  const root = path.join(dir, 'repo');
  const src = path.join(dir, 'src');
  mkdirSync(path.join(root, 'external'), { recursive: true });
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(root, 'external', 'inside.yaml'), 'a: inside\n');
  for (const m of MODES) writeFileSync(path.join(src, `${m}.yaml`), `a: ${m}\n`);
  return { root, src };
}

function describeFile(file: string, prefix: string): string {
  const st = lstatSync(file);
  if (st.isSymbolicLink()) return `symlink -> ${readlinkSync(file).replace(prefix, '<dir>')}`;
  return `file nlink=${st.nlink} size=${st.size}`;
}

describeInterop('transfers and datastore records vs the real daf_butler ingest', () => {
  it('writes the same rows and files for every transfer mode', async () => {
    const base = tmpDir('gen2to3-ingest-');
    const py = makeTree(path.join(base, 'py'));
    const ts = makeTree(path.join(base, 'ts'));
    const out = await runPythonJson<PyOut>(SCRIPT, [py.root, py.src, JSON.stringify(MODES)], { timeoutMs: 300_000 });

    const records: FileDatastoreRecord[] = [];
    for (const d of out.datasets) {
      const id = makeDatasetId({ datasetType: 'summary', run: d.run, requiredDataId: { instrument: 'DummyCam', detector: d.detector } }, 'DATAID_TYPE_RUN');
      expect(id).toBe(d.id);
      const inside = d.mode === 'auto-inside';
      const { plans } = planTransfers(
        [
          {
            source: inside ? path.join(ts.root, 'external', 'inside.yaml') : path.join(ts.src, `${d.mode}.yaml`),
            formatter: 'lsst.daf.butler.formatters.yaml.YamlFormatter',
            ref: {
              datasetType: { name: 'summary', storageClass: 'StructuredDataDict', dimensions: { required: ['instrument', 'detector'], names: ['instrument', 'detector'] } },
              dataId: { instrument: 'DummyCam', detector: d.detector },
              records: { instrument: { name: 'DummyCam' }, detector: { instrument: 'DummyCam', id: d.detector, full_name: d.full_name } },
              run: d.run,
              id,
            },
          },
        ],
        { root: ts.root, mode: (inside ? 'auto' : d.mode) as TransferMode },
      );
      const batch = new TransferBatch();
      records.push(...(await batch.applyAll(plans)));
      await batch.commit();
    }
    const ours = records
      .map((r) => rowForEngine(r, 'sqlite'))
      .map((r) => ({ ...r, path: r.path.replace(fileUri(ts.src), fileUri(py.src)) }))
      .sort((a, b) => a.dataset_id.localeCompare(b.dataset_id));
    expect(ours).toEqual(out.records);
    expect(records.map((r) => rowForEngine(datasetLocationRow(r.dataset_id), 'sqlite')).sort((a, b) => a.dataset_id.localeCompare(b.dataset_id))).toEqual(out.locations);

    for (const r of out.records) {
      if (r.path.startsWith('file://')) continue;
      expect(describeFile(path.join(ts.root, r.path), path.dirname(ts.root)), r.path).toBe(describeFile(path.join(py.root, r.path), path.dirname(py.root)));
    }
    for (const m of MODES.filter((x) => x !== 'auto-inside')) {
      let exists = true;
      try {
        lstatSync(path.join(ts.src, `${m}.yaml`));
      } catch {
        exists = false;
      }
      expect(exists, m).toBe(m !== 'move');
    }
  });

  it('computes the checksum daf_butler computes when checksums are enabled', async () => {
    const dir = tmpDir('gen2to3-checksum-');
    const file = path.join(dir, 'data.bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7) % 256)));
    const theirs = await runPythonJson<string>(
      'import json, sys\nfrom lsst.resources import ResourcePath\nfrom lsst.daf.butler.datastores.fileDatastore import FileDatastore\nprint(json.dumps(FileDatastore.computeChecksum(ResourcePath(sys.argv[1]))))',
      [file],
    );
    expect(await fileChecksum(file)).toBe(theirs);
  });
});
