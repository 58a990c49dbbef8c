// The built-in universe description against the real daf_butler's default DimensionUniverse (v8).
import { beforeAll, describe, expect, it } from 'vitest';
import { dimensionClosure, elementsOf, governorOf } from '../../../../src/gen3/query/query-universe.js';
import { universeV8 } from '../../../../src/gen3/query/universe-v8.js';
import { describeInterop, runPythonJson } from '../../../helpers/python.js';

const SCRIPT = `
import json
from lsst.daf.butler import DimensionUniverse
u = DimensionUniverse()
out = {"version": u.version, "elements": {}}
for e in u.elements:
    if e.name.startswith(("htm", "healpix")):
        continue
    fields = {m.name: m.type for m in e.metadata_columns}
    fields.update({a.name: a.type for a in getattr(e, "alternate_keys", []) if a.type != "hash"})
    if e.temporal is not None:
        fields["timespan"] = "timespan"
    if e.spatial is not None:
        fields["region"] = "region"
    d = {
        "governor": e.name in u.governor_dimensions.names,
        "required": [x for x in e.required.names if x != e.name],
        "implied": list(e.implied.names),
        "fields": fields,
        "ownTable": e.has_own_table,
        "alternateKeys": sorted(a.name for a in getattr(e, "alternate_keys", []) if a.type != "hash"),
    }
    if e.name in u.dimensions.names:
        d["key"] = {"name": e.primary_key.name, "type": e.primary_key.type}
    out["elements"][e.name] = d
print(json.dumps(out))
`;

interface Dumped {
  version: number;
  elements: Record<
    string,
    { governor: boolean; required: string[]; implied: string[]; fields: Record<string, string>; ownTable: boolean; alternateKeys: string[]; key?: { name: string; type: string } }
  >;
}

describe('universeV8 helpers', () => {
  it('closes dimensions over required and implied ones', () => {
    expect([...dimensionClosure(universeV8, ['visit'])].sort()).toEqual(['band', 'day_obs', 'instrument', 'physical_filter', 'visit']);
    expect(elementsOf(universeV8, ['patch']).sort()).toEqual(['patch', 'skymap', 'tract']);
    expect(governorOf(universeV8, 'exposure')).toBe('instrument');
    expect(governorOf(universeV8, 'patch')).toBe('skymap');
    expect(governorOf(universeV8, 'instrument')).toBe('instrument');
    expect(governorOf(universeV8, 'band')).toBeUndefined();
    expect(governorOf(universeV8, 'subfilter')).toBeUndefined();
    expect(governorOf(universeV8, 'nope')).toBeUndefined();
  });
});

describeInterop('universeV8 matches daf_butler', () => {
  let real: Dumped;
  beforeAll(async () => {
    real = await runPythonJson<Dumped>(SCRIPT, [], { timeoutMs: 120_000 });
  }, 180_000);

  it('has the same elements, keys, dimensions, governors and field types', () => {
    expect(real.version).toBe(universeV8.version);
    const ours = Object.fromEntries(
      [...universeV8.elements.values()].map((e) => [
        e.name,
        {
          governor: e.governor,
          required: [...e.required].sort(),
          implied: [...e.implied].sort(),
          fields: e.fields,
          ownTable: e.impliedBy === undefined,
          alternateKeys: [...(e.alternateKeys ?? [])].sort(),
          ...(e.key ? { key: e.key } : {}),
        },
      ]),
    );
    const theirs = Object.fromEntries(
      Object.entries(real.elements).map(([name, e]) => [name, { ...e, required: [...e.required].sort(), implied: [...e.implied].sort() }]),
    );
    expect(ours).toEqual(theirs);
  });
});
