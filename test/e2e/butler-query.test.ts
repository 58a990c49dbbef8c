// `gen2to3 butler query-* / collection-chain / register-dataset-type / remove-runs` on a repository
// written by our Registry (no Python needed; the comparison with the real CLI is in
// test/integration/interop/butler-cli-*.test.ts).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../../src/gen3/registry/index.js';
import { createRepository, openRepository } from '../../src/gen3/repo/index.js';
import { pyCenter, renderButlerTable } from '../../src/report/butler-table.js';
import { INSTRUMENT, populateDemo, rawDataIds } from '../conformance/registry-suite.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp-dir.js';

beforeAll(() => ensureBuilt());

async function populate(root: string): Promise<void> {
  await createRepository(root, {});
  const repo = await openRepository(root);
  try {
    const r = Registry.of(repo);
    await populateDemo(r);
    await r.registerRun('DemoCam/raw/all');
    await r.insertDatasets('raw', 'DemoCam/raw/all', rawDataIds());
    await r.registerRun('DemoCam/calib/a');
    await r.insertDatasets('bias', 'DemoCam/calib/a', [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })));
    await r.registerCollection('DemoCam/defaults', 'CHAINED');
    await r.setCollectionChain('DemoCam/defaults', ['DemoCam/raw/all', 'DemoCam/calib/a']);
  } finally {
    await repo.close();
  }
}

describe('butler table rendering', () => {
  it('centres headers like Python str.center and keeps columns at least 3 wide', () => {
    expect(pyCenter('id', 3)).toBe(' id');
    expect(pyCenter('x', 3)).toBe(' x ');
    expect(pyCenter('Name', 17)).toBe('       Name      ');
    expect(renderButlerTable([{ name: 'x' }, { name: 'name', align: '<' }], [['0', 'ab']])).toBe(' x  name\n--- ----\n  0 ab  ');
  });
});

describe('gen2to3 butler query commands (built CLI)', () => {
  const root = path.join(tmpDir('gen2to3-butler-e2e-'), 'repo');
  beforeAll(() => populate(root));
  const butler = (...args: string[]) => runCli(['butler', args[0]!, root, ...args.slice(1)]);

  it('query-collections lists a TREE with indented children, --json as objects', () => {
    const r = butler('query-collections');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}DemoCam\/raw\/all +RUN/m);
    const json = JSON.parse(butler('query-collections', '--chains', 'FLATTEN', '--json').stdout) as { name: string }[];
    expect(json.map((c) => c.name)).toEqual(['DemoCam/raw/all', 'DemoCam/calib/a']);
  });

  it('query-datasets --where with --bind, lists and ranges', () => {
    const json = (args: string[]) => JSON.parse(butler('query-datasets', 'raw', '--collections', 'DemoCam/defaults', '--json', ...args).stdout) as { dataId: Record<string, unknown> }[];
    expect(json([]).length).toBe(4);
    expect(json(['--where', "instrument='DemoCam' AND exposure IN (2020010200001, 2020010200002) AND detector > 0"]).map((d) => d.dataId.exposure)).toEqual([2020010200001, 2020010200002]);
    expect(json(['--where', 'instrument=inst AND exposure.seq_num IN (:seqs) AND band=:b', '--bind', 'inst=DemoCam', '--bind', 'seqs=[1,2]', '--bind', 'b="g"']).map((d) => d.dataId.detector)).toEqual([0, 1]);
    expect(json(['--where', "instrument='DemoCam' AND day_obs=20200102 AND seq_num=1 AND detector=1"])).toEqual([
      expect.objectContaining({ dataId: { instrument: 'DemoCam', detector: 1, exposure: 2020010200001, band: 'r', day_obs: 20200102, group: 'grp1', physical_filter: 'demo-r' } }),
    ]);
  });

  it('query-datasets --find-first follows the chain; bad expressions exit 2', () => {
    const r = butler('query-datasets', '--collections', 'DemoCam/defaults', '--find-first');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\ntype {7}run {8}/);
    expect(butler('query-datasets', 'raw', '--where', 'detector >').status).toBe(2);
    expect(butler('query-datasets', 'raw', '--collections', 'DemoCam/*', '--find-first').status).toBe(2);
  });

  it('query-dimension-records and query-data-ids', () => {
    const records = butler('query-dimension-records', 'exposure', '--where', "instrument='DemoCam' AND seq_num=2");
    expect(records.stdout).toContain('[2020-01-02T03:05:05, 2020-01-02T03:05:35)');
    expect(records.stdout.trim().split('\n')).toHaveLength(3);
    const ids = JSON.parse(butler('query-data-ids', 'exposure', 'detector', '--json', '--order-by', '-detector', '--limit', '1').stdout) as Record<string, unknown>[];
    expect(ids).toEqual([{ instrument: 'DemoCam', detector: 1, exposure: 2020010200001, band: 'r', day_obs: 20200102, group: 'grp1', physical_filter: 'demo-r' }]);
    expect(butler('query-data-ids', 'detector', '--where', "instrument='DemoCam' AND detector=9").stdout).toBe('No results. Try --help for more information.\n');
  });

  it('collection-chain, register-dataset-type and remove-runs change the repository', () => {
    expect(butler('collection-chain', 'c', 'DemoCam/calib/a', 'DemoCam/raw/all').stdout).toBe('[DemoCam/calib/a, DemoCam/raw/all]\n');
    expect(butler('collection-chain', '--mode', 'pop', 'c').stdout).toBe('[DemoCam/raw/all]\n');
    expect(butler('register-dataset-type', 'calexp', 'ExposureF', 'instrument', 'visit', 'detector').stdout).toBe('Dataset type successfully registered.\n');
    expect(butler('query-dataset-types', 'calexp', '-v').stdout).toContain("['band', 'instrument', 'day_obs', 'detector', 'physical_filter', 'visit']");
    const removed = butler('remove-runs', 'DemoCam/calib/*', '--no-confirm', '--force');
    expect(removed.stdout).toContain('bias(2)');
    expect(butler('query-collections', '--chains', 'NO-CHILDREN', '--json').stdout).not.toContain('DemoCam/calib/a');
  });
});
