// `gen2to3 butler query-*` against the real daf_butler `butler query-*` on the same repository
// (written by our Registry): identical standard output, and --json carrying the same rows.
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { NULL_COMPONENT } from '../../../src/gen3/datastore/index.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { makeTimespan } from '../../../src/gen3/time/index.js';
import { CALIB_START, INSTRUMENT, populateDemo, rawDataIds } from '../../conformance/registry-suite.js';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { describeInterop, runButlerCli } from '../../helpers/python.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

/** The tables `butler query-*` prints: header, a dash line giving the column widths, rows up to a blank line. */
function parseTables(text: string): Record<string, string>[][] {
  const lines = text.split('\n');
  const tables: Record<string, string>[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const dashes = lines[i] ?? '';
    if (!/^[- ]+$/.test(dashes) || !dashes.includes('-')) continue;
    const spans = [...dashes.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
    const cut = (line: string) => spans.map(([a, b]) => line.slice(a, b).trim());
    const header = cut(lines[i - 1] ?? '');
    const rows: Record<string, string>[] = [];
    for (i += 1; i < lines.length && (lines[i] ?? '').trim() !== ''; i++) {
      const cells = cut(lines[i] ?? '');
      rows.push(Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
    }
    tables.push(rows);
  }
  return tables;
}

/** A JSON value as the table prints it. */
function asCell(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

async function populate(root: string): Promise<void> {
  await createRepository(root, { createDatastoreRecords: true });
  const repo = await openRepository(root);
  try {
    const r = Registry.of(repo);
    await populateDemo(r);
    await r.registerRun('DemoCam/raw/all');
    const raws = await r.insertDatasets('raw', 'DemoCam/raw/all', rawDataIds());
    await r.insertFileRecords(
      raws.map((ref, k) => ({ dataset_id: ref.id, path: `DemoCam/raw/all/raw/raw_${k}.fits`, formatter: 'lsst.obs.demo.RawFormatter', storage_class: 'Exposure', component: NULL_COMPONENT, checksum: null, file_size: 5760 })),
    );
    await r.registerRun('DemoCam/calib/a');
    const biases = await r.insertDatasets('bias', 'DemoCam/calib/a', [0, 1].map((detector) => ({ instrument: INSTRUMENT, detector })));
    await r.registerRun('DemoCam/calib/b');
    await r.insertDatasets('bias', 'DemoCam/calib/b', [{ instrument: INSTRUMENT, detector: 1 }]);
    await r.registerCollection('DemoCam/calib', 'CALIBRATION');
    await r.certify('DemoCam/calib', biases, makeTimespan(CALIB_START, null));
    await r.registerCollection('tagged', 'TAGGED');
    await r.associate('tagged', raws.slice(0, 2));
    await r.registerCollection('DemoCam/defaults', 'CHAINED');
    await r.setCollectionChain('DemoCam/defaults', ['DemoCam/raw/all', 'DemoCam/calib/b', 'DemoCam/calib/a']);
    await r.registerCollection('outer', 'CHAINED');
    await r.setCollectionChain('outer', ['tagged', 'DemoCam/defaults']);
  } finally {
    await repo.close();
  }
}

const CASES: readonly (readonly string[])[] = [
  ['query-collections'],
  ['query-collections', '--chains', 'FLATTEN'],
  ['query-collections', '--chains', 'NO-CHILDREN'],
  ['query-collections', 'DemoCam/*'],
  ['query-collections', '--collection-type', 'run', '--collection-type', 'chained'],
  ['query-collections', 'nothing*'],
  ['query-dataset-types'],
  ['query-dataset-types', '-v'],
  ['query-dataset-types', 'b*'],
  ['query-dataset-types', 'nothing'],
  ['query-datasets', '*', '--collections', '*'],
  ['query-datasets', 'raw', '--collections', 'tagged'],
  ['query-datasets', 'raw', '--collections', 'DemoCam/defaults', '--where', "instrument='DemoCam' AND exposure.seq_num=2"],
  ['query-datasets', 'raw', '--collections', '*', '--where', "instrument='DemoCam' AND exposure IN (2020010200001, 2020010200003) AND detector > 0"],
  ['query-datasets', 'raw', '--collections', '*', '--where', "instrument='DemoCam' AND day_obs=20200102 AND seq_num=1"],
  ['query-datasets', 'raw', '--collections', '*', '--where', "instrument='DemoCam' AND band='g'"],
  ['query-datasets', 'raw', '--collections', '*', '--where', "instrument='DemoCam' AND exposure.timespan OVERLAPS T'2020-01-02T03:05:10/tai'"],
  ['query-datasets', 'bias', '--collections', 'DemoCam/calib', '--find-first'],
  ['query-datasets', '*', '--collections', 'outer', '--find-first'],
  ['query-datasets', 'bias', '--collections', 'DemoCam/calib/a,DemoCam/calib/b', '--find-first'],
  ['query-datasets', 'raw', '--collections', 'DemoCam/raw/all', '--show-uri'],
  ['query-dimension-records', 'exposure'],
  ['query-dimension-records', 'detector'],
  ['query-dimension-records', 'day_obs'],
  ['query-dimension-records', 'instrument'],
  ['query-dimension-records', 'physical_filter', '--where', "instrument='DemoCam' AND band='r'"],
  ['query-dimension-records', 'detector', '--where', "instrument='DemoCam' AND detector=7"],
  ['query-dimension-records', 'exposure', '--where', "instrument='DemoCam' AND seq_num > 1"],
  ['query-dimension-records', 'detector', '--datasets', 'bias', '--collections', 'DemoCam/calib/b'],
  ['query-data-ids', 'exposure', 'detector'],
  ['query-data-ids', 'detector'],
  ['query-data-ids', 'exposure', 'detector', '--where', "instrument='DemoCam' AND exposure.seq_num=2 AND detector=1"],
  ['query-data-ids', 'exposure', '--where', "instrument='DemoCam' AND physical_filter='demo-r'"],
  ['query-data-ids', 'detector', '--datasets', 'bias', '--collections', 'DemoCam/calib/b'],
];

describeInterop('gen2to3 butler query-* vs the real butler CLI', () => {
  const root = path.join(tmpDir('gen2to3-butler-cli-'), 'repo');
  beforeAll(async () => {
    ensureBuilt();
    await populate(root);
  });

  it.each(CASES.map((c) => [c.join(' '), c] as const))('%s: same standard output', async (_name, args) => {
    const [command, ...rest] = args;
    const theirs = await runButlerCli([command!, root, ...rest]);
    const ours = runCli(['butler', command!, root, ...rest]);
    expect(ours.stderr).toBe('');
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(theirs);
  });

  it('--json carries the rows of the tables', async () => {
    const same = async (args: string[], toRows: (json: unknown) => Record<string, string>[]) => {
      const [command, ...rest] = args;
      const tables = parseTables(await runButlerCli([command!, root, ...rest]));
      const ours = runCli(['butler', command!, root, ...rest, '--json']);
      expect(ours.status, ours.stderr).toBe(0);
      expect(toRows(JSON.parse(ours.stdout))).toEqual(tables.flat());
    };
    const flat = (json: unknown) => (json as Record<string, unknown>[]).map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, asCell(v)])));
    await same(['query-collections', '--chains', 'NO-CHILDREN'], (j) => (j as { name: string; type: string }[]).map((c) => ({ Name: c.name, Type: c.type })));
    await same(['query-dataset-types'], flat);
    await same(['query-data-ids', 'exposure', 'detector'], flat);
    await same(['query-dimension-records', 'detector'], flat);
    await same(['query-datasets', 'raw', '--collections', '*', '--show-uri'], (j) =>
      (j as { type: string; run: string; id: string; dataId: Record<string, unknown>; uri?: string }[]).map((d) => ({
        type: d.type,
        run: d.run,
        id: d.id,
        ...Object.fromEntries(Object.entries(d.dataId).map(([k, v]) => [k, asCell(v)])),
        URI: asCell(d.uri ?? null),
      })),
    );
  });

  it('errors where daf_butler refuses: an ungoverned dimension in --where, wildcards with --find-first, no datasets of one named type', async () => {
    for (const args of [
      ['query-dimension-records', root, 'detector', '--where', 'detector > 0'],
      ['query-datasets', root, 'raw', '--collections', 'DemoCam/*', '--find-first'],
      ['query-datasets', root, 'raw', '--collections', 'tagged', '--where', "instrument='DemoCam' AND detector=7"],
      ['query-datasets', root, 'flat', '--collections', '*'],
    ]) {
      await expect(runButlerCli(args)).rejects.toThrow();
      const ours = runCli(['butler', ...args]);
      expect(ours.status).toBe(2);
      expect(ours.stdout).toBe('');
    }
  });
});
