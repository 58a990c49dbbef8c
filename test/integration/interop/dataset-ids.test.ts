import { expect, it } from 'vitest';
import { makeDatasetId, type DatasetIdGenMode } from '../../../src/gen3/ids/index.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';

// The real daf_butler DatasetIdFactory over random dataset types, runs and data IDs of the default universe.
const SCRIPT = `
import json, random, sys
from lsst.daf.butler import DatasetType, DimensionUniverse, DataCoordinate
from lsst.daf.butler._dataset_ref import DatasetIdFactory, DatasetIdGenEnum
u = DimensionUniverse()
rng = random.Random(int(sys.argv[1]))
shapes = [("instrument", "exposure", "detector"), ("instrument", "detector"), ("instrument", "detector", "physical_filter"),
          ("instrument", "visit", "detector"), ("skymap", "tract", "patch", "band"), ("instrument",), ("skymap",), ("instrument", "exposure")]
factory = DatasetIdFactory()
out = []
for i in range(200):
    dims = rng.choice(shapes)
    dt = DatasetType(rng.choice(["raw", "bias", "calexp", "deepCoadd", "rawUnicode", "a_b"]) + str(i % 7), dims, "StructuredDataDict", universe=u)
    values = {}
    for d in dt.dimensions.required:
        kind = u[d].primaryKey.getPythonType()
        values[d] = rng.randrange(0, 10**13) if kind is int else rng.choice(["HSC", "DummyCam", "d-r", "r", "hsc_rings_v1", "x y", "é/ü"])
    data_id = DataCoordinate.standardize(values, dimensions=dt.dimensions)
    run = rng.choice(["HSC/raw/all", "u/someone/run", "r", "a b/c,d=e"])
    mode = rng.choice(["DATAID_TYPE", "DATAID_TYPE_RUN"])
    uid = factory.makeDatasetId(run, dt, data_id, DatasetIdGenEnum[mode])
    out.append({"type": dt.name, "run": run, "mode": mode, "dataId": {k: v for k, v in data_id.required.items()}, "id": str(uid)})
print(json.dumps(out))
`;

interface Vector {
  type: string;
  run: string;
  mode: DatasetIdGenMode;
  dataId: Record<string, string | number>;
  id: string;
}

describeInterop('dataset IDs vs the real daf_butler DatasetIdFactory', () => {
  it('agrees on 200 random deterministic IDs', async () => {
    const vectors = await runPythonJson<Vector[]>(SCRIPT, ['20261125']);
    expect(vectors).toHaveLength(200);
    for (const v of vectors) {
      expect(makeDatasetId({ datasetType: v.type, run: v.run, requiredDataId: v.dataId }, v.mode), JSON.stringify(v)).toBe(v.id);
    }
  });
});
