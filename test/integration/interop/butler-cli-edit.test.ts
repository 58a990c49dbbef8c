// `gen2to3 butler register-dataset-type / collection-chain / certify-calibrations / remove-runs`
// against the real daf_butler CLI: the same commands on two copies of one repository (written by
// our Registry) print the same and leave the same collections, chains and datasets behind.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Registry } from '../../../src/gen3/registry/index.js';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { INSTRUMENT, populateDemo, rawDataIds } from '../../conformance/registry-suite.js';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { describeInterop, runButlerCli } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

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
    await r.registerCollection('tagged', 'TAGGED');
    await r.registerCollection('DemoCam/defaults', 'CHAINED');
    await r.setCollectionChain('DemoCam/defaults', ['DemoCam/raw/all', 'DemoCam/calib/a']);
  } finally {
    await repo.close();
  }
}

/** Runs one command on both copies; `REPO` in args is replaced by each root. */
async function both(theirsRoot: string, oursRoot: string, args: readonly string[]): Promise<{ theirs: string; ours: string; status: number }> {
  const theirs = await runButlerCli(args.map((a) => (a === 'REPO' ? theirsRoot : a)));
  const ours = runCli(['butler', ...args.map((a) => (a === 'REPO' ? oursRoot : a))]);
  expect(ours.stderr).toBe('');
  return { theirs, ours: ours.stdout, status: ours.status };
}

describeInterop('gen2to3 butler editing commands vs the real butler CLI', () => {
  const tmp = tmpDir('gen2to3-butler-edit-');
  const theirsRoot = path.join(tmp, 'theirs');
  const oursRoot = path.join(tmp, 'ours');
  beforeAll(async () => {
    ensureBuilt();
    await populate(theirsRoot);
    cpSync(theirsRoot, oursRoot, { recursive: true });
  });

  it('prints the same for each command and leaves the same repository', async () => {
    const steps: string[][] = [
      ['register-dataset-type', 'REPO', 'calexp', 'ExposureF', 'instrument', 'visit', 'detector'],
      ['register-dataset-type', 'REPO', 'calexp', 'ExposureF', 'instrument', 'visit', 'detector'],
      ['register-dataset-type', 'REPO', 'dark', 'ExposureF', 'instrument', 'detector', '--is-calibration'],
      ['collection-chain', 'REPO', 'chain', 'tagged,DemoCam/calib/a', 'DemoCam/raw/all'],
      ['collection-chain', 'REPO', 'chain', '--mode', 'extend', 'tagged'],
      ['collection-chain', 'REPO', 'chain', '--mode', 'prepend', 'DemoCam/raw/all'],
      ['collection-chain', 'REPO', '--mode', 'pop', 'chain', '--', '-1'],
      ['collection-chain', 'REPO', '--mode', 'pop', 'chain'],
      ['collection-chain', 'REPO', 'chain', '--mode', 'remove', 'DemoCam/calib/a'],
      ['collection-chain', 'REPO', 'flat', '--flatten', 'DemoCam/defaults', 'tagged', '--doc', 'flattened'],
      ['certify-calibrations', 'REPO', 'DemoCam/calib/a', 'DemoCam/calib', 'bias', '--begin-date', '2020-01-01T00:00:00', '--end-date', '2020-02-01T00:00:00'],
      ['certify-calibrations', 'REPO', 'DemoCam/calib/a', 'DemoCam/calib', 'bias', '--begin-date', '2020-03-01T00:00:00'],
      ['remove-runs', 'REPO', 'nothing*', '--no-confirm'],
      ['remove-runs', 'REPO', 'DemoCam/raw/*', '--no-confirm', '--force'],
    ];
    // daf_butler lists the parent chains a removed run is unlinked from in the order of an unordered query,
    // which differs between runs: compare that list as a set.
    const unlinkedAsSet = (text: string) =>
      text.replace(/(was removed and unlinked from )(.*)$/gm, (_m, head: string, list: string) => head + list.split(', ').sort().join(', '));
    for (const step of steps) {
      const { theirs, ours, status } = await both(theirsRoot, oursRoot, step);
      expect(status, step.join(' ')).toBe(0);
      expect(unlinkedAsSet(ours), step.join(' ')).toBe(unlinkedAsSet(theirs));
    }
    // The state, as the real CLI lists it (ids differ: compare everything but the id column).
    for (const args of [['query-collections', '--chains', 'TREE'], ['query-dataset-types', '-v'], ['query-datasets', '*', '--collections', '*']]) {
      const [command, ...rest] = args;
      const strip = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');
      expect(strip(await runButlerCli([command!, oursRoot, ...rest]))).toBe(strip(await runButlerCli([command!, theirsRoot, ...rest])));
    }
    // Certified ranges.
    const calibs = async (root: string) => (await runButlerCli(['query-datasets', root, 'bias', '--collections', 'DemoCam/calib', '--where', "instrument='DemoCam' AND detector=0"])).replace(/[0-9a-f-]{36}/g, 'ID');
    expect(await calibs(oursRoot)).toBe(await calibs(theirsRoot));
  });

  it('refuses like daf_butler: runs in chains without --force, pop out of range, a conflicting dataset type', async () => {
    await populate(path.join(tmp, 'other'));
    const root = path.join(tmp, 'other');
    const inChain = runCli(['butler', 'remove-runs', root, 'DemoCam/raw/all', '--no-confirm']);
    expect(inChain.status).toBe(1);
    expect(inChain.stdout).toContain('DemoCam/raw/all: must be unlinked from "DemoCam/defaults"');
    expect(runCli(['butler', 'collection-chain', root, '--mode', 'pop', 'DemoCam/defaults', '5']).status).toBe(2);
    expect(runCli(['butler', 'collection-chain', root, '--mode', 'remove', 'missing', 'tagged']).status).toBe(2);
    expect(runCli(['butler', 'register-dataset-type', root, 'raw', 'ExposureF', 'instrument', 'detector']).status).toBe(2);
    expect(runCli(['butler', 'certify-calibrations', root, 'tagged', 'DemoCam/calib', 'bias']).status).toBe(2);
    // --confirm reads the answer from standard input.
    const aborted = runCli(['butler', 'remove-runs', root, 'DemoCam/calib/a']);
    expect(aborted.stdout).toContain('The following RUN collections will be removed:');
    expect(aborted.stdout).toContain('Aborted.');
  });
});
