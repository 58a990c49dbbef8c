// `gen2to3 butler export / import / ingest-files` through the built CLI: a round trip between two
// repositories with files, and usage/bad-input errors (exit code 2, typed codes, nothing written).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, type CliRun } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp-dir.js';

beforeAll(() => ensureBuilt());

const DOC = `description: Butler Data Repository Export
version: 1.0.2
universe_version: 8
universe_namespace: daf_butler
data:
- type: dimension
  element: instrument
  records:
  - name: Cam1
    visit_max: 1024
    exposure_max: 512
    detector_max: 4
    class_name: lsst.pipe.base.Instrument
- type: dimension
  element: detector
  records:
  - instrument: Cam1
    id: 1
    full_name: Aa
  - instrument: Cam1
    id: 2
    full_name: Ab
- type: collection
  collection_type: RUN
  name: run/a
  host: null
  timespan_begin: null
  timespan_end: null
- type: dataset_type
  name: summary
  dimensions:
  - instrument
  - detector
  storage_class: StructuredDataDict
  is_calibration: false
- type: dataset
  dataset_type: summary
  run: run/a
  records:
  - dataset_id:
    - !uuid '11111111-1111-4111-8111-111111111111'
    data_id:
    - instrument: Cam1
      detector: 1
    path: files/s1.yaml
    formatter: lsst.daf.butler.formatters.yaml.YamlFormatter
  - dataset_id:
    - !uuid '22222222-2222-4222-8222-222222222222'
    data_id:
    - instrument: Cam1
      detector: 2
    path: files/s2.yaml
    formatter: lsst.daf.butler.formatters.yaml.YamlFormatter
`;

function butler(...args: string[]): CliRun {
  return runCli(['butler', ...args]);
}

function ok(run: CliRun): string {
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  return run.stdout;
}

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

describe('gen2to3 butler import / export / ingest-files', () => {
  const dir = tmpDir('gen2to3-e2e-transfer-');
  const src = path.join(dir, 'export');
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');

  beforeAll(() => {
    mkdirSync(path.join(src, 'files'), { recursive: true });
    writeFileSync(path.join(src, 'files', 's1.yaml'), 'v: 1\n');
    writeFileSync(path.join(src, 'files', 's2.yaml'), 'v: 2\n');
    writeFileSync(path.join(src, 'export.yaml'), DOC);
    writeFileSync(path.join(src, 'bad.yaml'), 'data: [unclosed\n');
    writeFileSync(path.join(src, 'missing.yaml'), DOC.replace('files/s2.yaml', 'files/gone.yaml'));
  });

  it('imports with files, exports them again and imports the export into another repository', () => {
    ok(butler('create', a));
    ok(butler('import', a, src, '-t', 'copy'));
    const listed = ok(butler('query-datasets', a, 'summary', '--collections', 'run/a', '--show-uri'));
    expect(listed).toContain('11111111-1111-4111-8111-111111111111');
    expect(listed).toContain(`file://${a}/run/a/summary/summary_Cam1_Aa_run_a.yaml`);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    ok(butler('export', a, out, '--collections', 'run/a', '--dataset-types', 'sum*', '-t', 'copy'));
    expect(files(out)).toEqual(['export.yaml', 'run/a/summary/summary_Cam1_Aa_run_a.yaml', 'run/a/summary/summary_Cam1_Ab_run_a.yaml']);
    // --where keeps the matching datasets only
    const one = path.join(dir, 'one');
    mkdirSync(one);
    ok(butler('export', a, one, '--collections', 'run/a', '--where', "instrument='Cam1' AND detector=2"));
    const doc = readFileSync(path.join(one, 'export.yaml'), 'utf8');
    expect(doc).toContain('22222222-2222-4222-8222-222222222222');
    expect(doc).not.toContain('11111111-1111-4111-8111-111111111111');
    expect(doc).toContain('path: run/a/summary/summary_Cam1_Ab_run_a.yaml');
    ok(butler('create', b));
    ok(butler('import', b, out, '-t', 'hardlink'));
    expect(ok(butler('query-datasets', b, 'summary', '--collections', 'run/a', '--show-uri')).split(b).join('<r>')).toBe(listed.split(a).join('<r>'));
  });

  it('ingest-files reads a CSV table with --data-id and --prefix', () => {
    const table = path.join(dir, 'table.csv');
    writeFileSync(table, 'file,detector\ns1.yaml,1\ns2.yaml,2\n');
    ok(butler('ingest-files', a, 'summary', 'ingested', table, '--data-id', 'instrument=Cam1', '--prefix', path.join(src, 'files'), '-t', 'copy', '--id-generation-mode', 'DATAID_TYPE_RUN'));
    const listed = ok(butler('query-datasets', a, 'summary', '--collections', 'ingested', '--show-uri'));
    expect(listed).toContain(`file://${a}/ingested/summary/summary_Cam1_Aa_ingested.yaml`);
    expect(existsSync(path.join(a, 'ingested/summary/summary_Cam1_Ab_ingested.yaml'))).toBe(true);
  });

  it('rejects bad input and unsupported options with exit code 2 and changes nothing', () => {
    const c = path.join(dir, 'c');
    ok(butler('create', c));
    const before = [ok(butler('query-collections', c)), files(c)];
    const cases: [string[], RegExp][] = [
      [['import', c, src, '--export-file', 'bad.yaml'], /GEN3_EXPORT_FORMAT/],
      [['import', c, src, '--export-file', 'missing.yaml', '-t', 'copy'], /GEN3_TRANSFER/],
      [['import', c, src, '--export-file', 'nowhere.yaml'], /FILE_ACCESS/],
      [['import', c, src, '-t', 'teleport'], /USAGE/],
      [['import', c, src, '--options-file', 'o.yaml'], /USAGE/],
      [['export', c, src, '--collections', 'x'], /GEN3_MISSING_COLLECTION/],
      [['export', c, src, '--collections', 'x', '-t', 'move'], /USAGE/],
      [['export', c, path.join(dir, 'no-such-dir'), '--collections', 'x'], /GEN3_EXPORT_REPOSITORY/],
      [['ingest-files', c, 'summary', 'r', path.join(dir, 'table.csv'), '--id-generation-mode', 'random'], /USAGE/],
      [['ingest-files', c, 'summary', 'r', path.join(dir, 'table.csv'), '--data-id', 'nodim=1'], /GEN3_INGEST_TABLE/],
      [['ingest-files', c, 'summary', 'r', path.join(dir, 'table.csv')], /GEN3_MISSING_DATASET_TYPE/],
    ];
    for (const [args, code] of cases) {
      const r = butler(...args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(code);
    }
    expect([ok(butler('query-collections', c)), files(c)]).toEqual(before);
  });
});
