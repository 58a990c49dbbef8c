import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { beforeAll, expect, it } from 'vitest';
import { hscConverter } from '../../../converters/hsc/index.js';
import { planConversion, renderPlanText, type ConversionPlan } from '../../../src/convert/plan/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { JOINTCAL_HSC_CONFIG, jointcalHscTree } from '../../helpers/jointcal-hsc-tree.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

/** The runs of Gen2 data in the reference export (the rest are curated calibrations). */
const CONVERTED_RUNS = ['HSC/raw/all', 'HSC/testdata', 'refcats/gen2'];

interface ExportRecord {
  datasetType: string;
  run: string;
  dataId: Record<string, string | number>;
  path: string;
}

function exportRecords(file: string): ExportRecord[] {
  const doc = parseDocument(readFileSync(file, 'utf8'), { version: '1.1' }).toJS() as {
    data: { type: string; dataset_type?: string; run?: string; records?: { data_id: Record<string, string | number>[]; path: string }[] }[];
  };
  return doc.data.filter((d) => d.type === 'dataset').flatMap((d) => (d.records ?? []).map((r) => ({ datasetType: d.dataset_type!, run: d.run!, dataId: r.data_id[0]!, path: r.path })));
}

/**
 * testdata_jointcal/hsc is a processed Gen2 root repository whose reference conversion is exports.yaml.
 * Its files are LFS pointers, so the tree is rebuilt from GEN2_TREE_LISTING.txt (empty files; the real
 * `_mapper` and `registry.sqlite3`), leaving out the Gen3 datastore the reference wrote next to it.
 */
describeFixtures('planConversion on testdata_jointcal/hsc against the reference export', () => {
  let plan: ConversionPlan;
  let reference: ExportRecord[];
  beforeAll(async () => {
    const root = jointcalHscTree();
    plan = await planConversion({ gen2Root: root, converter: hscConverter, policyPath: [fixture()], config: JOINTCAL_HSC_CONFIG });
    reference = exportRecords(fixture('testdata_jointcal/hsc/exports.yaml')).filter((r) => CONVERTED_RUNS.includes(r.run));
  });

  it('plans exactly the raws, processed datasets and refcats the reference converted (run, data ID, path)', () => {
    const key = (d: { datasetType: string; run: string; dataId: object; path: string }) => JSON.stringify([d.datasetType, d.run, Object.entries(d.dataId).sort(), d.path]);
    const planned = new Set(plan.datasets.filter((d) => CONVERTED_RUNS.includes(d.run)).map((d) => key({ ...d, path: d.relPath })));
    const expected = new Set(reference.map(key));
    expect(reference.length).toBeGreaterThan(100);
    expect([...expected].filter((k) => !planned.has(k))).toEqual([]);
    expect([...planned].filter((k) => !expected.has(k))).toEqual([]);
  });

  it('builds the refcats chain, registers the reference storage classes and accounts for every file', () => {
    expect(plan.collections).toContainEqual({ name: 'refcats', type: 'CHAINED', children: ['refcats/gen2'] });
    const sc = Object.fromEntries(plan.datasetTypes.map((t) => [t.name, t.storageClass]));
    expect(sc).toMatchObject({ calexp: 'ExposureF', src: 'SourceCatalog', sourceTable_visit: 'DataFrame', src_schema: 'SourceCatalog', ps1_pv3_3pi_20170110: 'SimpleCatalog' });
    const text = renderPlanText(plan);
    expect(text).toContain('30  raw in HSC/raw/all');
    expect(text).toContain('no run configured for root-repository dataset type packages (set config.runs)');
    const t = plan.totals;
    expect(t.convertedFiles + t.ignored + t.skipped + t.unrecognized).toBe(t.files);
  });
});

describeFixtures('planConversion with templates shared by several dataset types', () => {
  const tree = () => {
    const root = path.join(tmpDir(), 'hsc-dup');
    mkdirSync(path.join(root, 'config'), { recursive: true });
    writeFileSync(path.join(root, '_mapper'), 'lsst.obs.hsc.HscMapper\n');
    writeFileSync(path.join(root, 'config', 'forcedPhotCoadd.py'), '');
    return root;
  };
  const runs = { deepCoadd_forced_config: 'HSC/x' };

  it('converts the one type that is not ignored (why HSC ignores *_forced_config variants)', async () => {
    const plan = await planConversion({ gen2Root: tree(), converter: hscConverter, policyPath: [fixture()], config: { runs } });
    expect(plan.datasets.map((d) => [d.datasetType, d.run, d.relPath])).toEqual([['deepCoadd_forced_config', 'HSC/x', 'config/forcedPhotCoadd.py']]);
  });

  it('skips the file as ambiguous when several types would be converted', async () => {
    const hsc = hscConverter.instruments[0]!;
    const converter = { ...hscConverter, instruments: [{ ...hsc, config: { ...hsc.config, datasetIgnorePatterns: [] } }] };
    const plan = await planConversion({ gen2Root: tree(), converter, policyPath: [fixture()], config: { runs } });
    expect(plan.datasets).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^ambiguous match: \[deepCoadd_forced_config, .*dcrCoadd_forced_config.*\] share the template config\/forcedPhotCoadd.py$/)]);
  });
});
