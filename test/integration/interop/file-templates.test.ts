import { expect, it } from 'vitest';
import { FileTemplate, FileTemplates, lookupKeyToString, pythonFormat, type TemplateRef } from '../../../src/gen3/datastore/index.js';
import { describeInterop, runPythonJson } from '../../helpers/python.js';

// Builds random expanded DatasetRefs with the default universe (no registry) and formats them with
// the real daf_butler FileTemplates (pinned default config) and FileTemplate (custom templates).
const SCRIPT = String.raw`import json, random, sys, uuid, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Config, DataCoordinate, DatasetRef, DatasetType, DimensionUniverse
from lsst.daf.butler.datastore.file_templates import FileTemplate, FileTemplates, FileTemplatesConfig

u = DimensionUniverse()
rng = random.Random(int(sys.argv[1]))
count = int(sys.argv[2])
custom = json.loads(sys.argv[3])
cfg = Config("resource://lsst.daf.butler/configs/datastores/fileDatastore.yaml")["datastore", "templates"].toDict()
templates = FileTemplates(FileTemplatesConfig(cfg), universe=u)
TYPES = [
    ("raw", ["instrument", "exposure", "detector"], "Exposure", None),
    ("postISRCCD", ["instrument", "exposure", "detector"], "ExposureF", None),
    ("calexp", ["instrument", "visit", "detector"], "ExposureF", None),
    ("calexp.wcs", ["instrument", "visit", "detector"], "Wcs", "ExposureF"),
    ("bias", ["instrument", "detector"], "ExposureF", None),
    ("flat", ["instrument", "detector", "physical_filter"], "ExposureF", None),
    ("deepCoadd", ["skymap", "tract", "patch", "band"], "ExposureF", None),
    ("visitSummary", ["instrument", "visit"], "StructuredDataDict", None),
    ("camera", ["instrument"], "StructuredDataDict", None),
    ("skyMap", ["skymap"], "StructuredDataDict", None),
    ("refcat", ["htm7"], "StructuredDataDict", None),
    ("guider", ["instrument", "group", "detector"], "StructuredDataDict", None),
    ("nightly", ["instrument", "day_obs"], "StructuredDataDict", None),
    ("ssp", ["ssp_hypothesis_table", "ssp_hypothesis_bundle", "ssp_balanced_index"], "StructuredDataDict", None),
    ("subfiltered", ["band", "subfilter", "skymap", "tract"], "StructuredDataDict", None),
]
STR = {
    "instrument": ["HSC", "DummyCam", "Lat Cam"], "physical_filter": ["HSC-R", "d-r", "g.1"], "band": ["r", "g", "N921"],
    "skymap": ["hsc_rings_v1", "sky/map"], "group": ["grp1", "2024-01-02T03:04:05.1", "a#b"], "ssp_hypothesis_table": ["tab1"],
    "obs_id": ["HSCA90333400", "DC_O_20200102_000001", "obs.1#2"], "full_name": ["1_36", "R00_S01", "R0/S1"],
    "name": ["v 1", "visit/903334", "903334"],
}
def value_for(dim, kind):
    if kind is int:
        if dim == "day_obs":
            return rng.choice([20200102, 20130617, 20241231])
        return rng.choice([0, 1, 16, 42, 903334, 2020010200001, rng.randrange(1, 10**6)])
    return rng.choice(STR.get(dim, ["x", "y z"]))

def jsonable(v):
    return v if isinstance(v, (str, int, float, bool)) or v is None else None

out = []
for i in range(count):
    name, dims, sc, parent_sc = rng.choice(TYPES)
    dt = DatasetType(name, dims, sc, parentStorageClass=parent_sc, universe=u)
    group = dt.dimensions
    values = {d: value_for(d, u[d].primaryKey.getPythonType()) for d in group.names}
    full = DataCoordinate.standardize(values, dimensions=group)
    records = {}
    for el in group.elements:
        element = u[el]
        if element.name in u.skypix_dimensions.names:
            records[el] = element.RecordClass(id=values[el], region=None)
            continue
        kw = {}
        for field in element.RecordClass.fields.names:
            if field in values and field != element.name:
                kw[field] = values[field]
            elif field in ("id", "name") and element.name in values and hasattr(element, "primaryKey") and element.primaryKey.name == field:
                kw[field] = values[element.name]
            elif field in ("timespan", "region"):
                kw[field] = None
            elif field in STR:
                kw[field] = rng.choice(STR[field])
            else:
                kw[field] = rng.choice([None, 1, 2.5, "m"]) if rng.random() < 0.3 else None
        if el in ("detector", "exposure") and rng.random() < 0.1:
            records[el] = None
            continue
        records[el] = element.RecordClass(**kw)
    try:
        expanded = full.expanded(records)
    except Exception as e:
        print(f"cannot expand {name} {values}: {e}", file=sys.stderr)
        raise
    run = rng.choice(["HSC/raw/all", "DummyCam/raw/copy2", "u/some one/run", "run"])
    ref = DatasetRef(dt, expanded, run=run, id=uuid.UUID(int=rng.getrandbits(128), version=4))
    entry = {
        "datasetType": {"name": dt.name, "required": list(group.required), "names": list(group.names), "storageClass": sc},
        "dataId": {k: v for k, v in expanded.mapping.items()},
        "records": {k: (None if r is None else {f: jsonable(getattr(r, f)) for f in r.fields.names}) for k, r in records.items()},
        "run": run, "id": str(ref.id), "results": [],
    }
    if parent_sc:
        entry["datasetType"]["parentStorageClass"] = parent_sc
    key, tmpl = templates.getTemplateWithMatch(ref)
    for t in [None] + custom:
        try:
            path = (tmpl if t is None else FileTemplate(t)).format(ref)
            entry["results"].append({"path": path})
        except Exception as e:
            entry["results"].append({"error": f"{type(e).__name__}: {e}"})
    entry["key"] = str(key)
    out.append(entry)
conformed = {k: list(u.conform([n for n in k.split("+") if n]).names) for k in cfg if "+" in k}
print(json.dumps({"refs": out, "conformed": conformed}))
`;

/** Templates exercising format specs, alternates, records, escapes, `!r`, leading `/` and dots. */
const CUSTOM = [
  '{run:/}/{datasetType}/{visit:08d}/{detector:>4}_{instrument:.3}_{exposure.obs_id:?}_{run}',
  '{run}/{datasetType}.{component:?}/{tract:05d}/{patch:?}/{band:^5}/{id}',
  '{run:/}/{instrument:?}/{visit.name|exposure.obs_id:?}/{detector.full_name:?}/{datasetType}_{component:?}_{detector:x}_{run}',
  '{run:/}/{datasetType}/{day_obs|visit.day_obs|exposure.day_obs:?}/{skypix:?}/{datasetType}_{component:?}_{htm7:?}_{group|exposure:?}_{run}',
  '{run!r}/{datasetType}/{component:?}/{detector:+,d}_{visit.exposure_time:?}_{instrument.visit_max:?}_{detector.raft:?}',
  '/{run:/}/{{literal}}/{datasetType}/{instrument:?}/{component:?}{detector:?}_{physical_filter:?}.{band:?}#x',
  '{run:/}/{datasetType}{component:?}/{ssp_hypothesis_table:?}/{ssp_balanced_index:?}/{subfilter:03}_{tract:?}_{run:_<20}',
];

interface PyRef {
  datasetType: { name: string; required: string[]; names: string[]; storageClass: string; parentStorageClass?: string };
  dataId: Record<string, string | number>;
  records: Record<string, Record<string, string | number | boolean | null> | null>;
  run: string;
  id: string;
  results: ({ path: string } | { error: string })[];
  key: string;
}

function tryFormat(fn: () => string): { path: string } | { error: string } {
  try {
    return { path: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describeInterop('file templates vs the real daf_butler FileTemplate/FileTemplates', () => {
  it('formats the same paths for random expanded refs, default and custom templates', async () => {
    const { refs, conformed } = await runPythonJson<{ refs: PyRef[]; conformed: Record<string, string[]> }>(SCRIPT, ['4300', '80', JSON.stringify(CUSTOM)], {
      timeoutMs: 300_000,
    });
    expect(refs).toHaveLength(80);
    const byKey = new Map(Object.entries(conformed).map(([k, v]) => [k.split('+').filter(Boolean).sort().join('+'), v]));
    const templates = new FileTemplates(undefined, (names) => byKey.get([...names].sort().join('+')) ?? names);
    const custom = CUSTOM.map((t) => new FileTemplate(t));
    const mismatches: string[] = [];
    let compared = 0;
    for (const py of refs) {
      const ref: TemplateRef = {
        datasetType: { ...py.datasetType, dimensions: { required: py.datasetType.required, names: py.datasetType.names } },
        dataId: py.dataId,
        records: py.records,
        run: py.run,
        id: py.id,
      };
      const match = templates.getTemplateWithMatch(ref);
      const ourKey = match.key === 'default' ? 'default' : lookupKeyToString(match.key);
      const pyKey = py.key.includes('+') ? py.key.split('+').sort().join('+') : py.key;
      if (ourKey !== pyKey) mismatches.push(`${py.datasetType.name}: key ${ourKey} vs ${pyKey}`);
      const ours = [tryFormat(() => match.template.format(ref)), ...custom.map((t) => tryFormat(() => t.format(ref)))];
      ours.forEach((o, i) => {
        const theirs = py.results[i];
        compared++;
        if (theirs && 'path' in theirs ? !('path' in o) || o.path !== theirs.path : 'path' in o) {
          mismatches.push(`${py.datasetType.name} ${JSON.stringify(py.dataId)} run=${py.run} template ${i}: ours ${JSON.stringify(o)} vs ${JSON.stringify(theirs)}`);
        }
      });
    }
    expect(compared).toBe(80 * (CUSTOM.length + 1));
    expect(mismatches).toEqual([]);
    // Both sides must have produced paths, not only matching errors.
    expect(refs.flatMap((r) => r.results).filter((r) => 'path' in r).length).toBeGreaterThan(250);
  });

  it('formats values like Python format() for the specs templates use', async () => {
    const values: (string | number)[] = [0, 5, -5, 42, 903334, 2 ** 40, -(2 ** 33), 'ab', 'HSC-R', '', 'ünï', 2.5, -0.001, 1e20, 123.456, 1e-7, 0.125, 0.375, 1234.5, 12.3456, 9.9996, 0.000099996];
    const specs = ['', '08d', '>6', '<6', '^7', '*^9', '+d', ' d', 'x', '#X', 'o', 'b', '#b', ',', '_', '05', '<05', '.3', '.2f', 'e', '.3g', '%', '10.4f', '=+8', '#010x', 's', '_x', '012,d', 'c', 'n', 'G', '.0f', '+.1e', '-^11.2f', '08.3f'];
    const script = 'import json, sys\nvals, specs = json.loads(sys.argv[1]), json.loads(sys.argv[2])\nout = []\nfor v in vals:\n  for s in specs:\n    try: out.append(format(v, s))\n    except Exception: out.append(None)\nprint(json.dumps(out))';
    const theirs = await runPythonJson<(string | null)[]>(script, [JSON.stringify(values), JSON.stringify(specs)]);
    const bad: string[] = [];
    let k = 0;
    for (const v of values) {
      for (const spec of specs) {
        const ours = pythonFormat(v, spec) ?? null;
        const expected = theirs[k++];
        if (ours !== expected) bad.push(`format(${JSON.stringify(v)}, '${spec}'): ours ${JSON.stringify(ours)} python ${JSON.stringify(expected)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
