import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { demoConverter } from '../../../converters/demo/index.js';
import { hscConverter } from '../../../converters/hsc/index.js';
import { lsstConverter } from '../../../converters/lsst/index.js';
import { PlanFormatError } from '../../../src/convert/errors.js';
import { parsePlan, planConversion, renderPlanText, serializePlan, PLAN_FORMAT_VERSION, type ConversionPlan } from '../../../src/convert/plan/index.js';
import { UsageError } from '../../../src/errors.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('planConversion on the demo repository', () => {
  let demo: DemoGen2Summary;
  let plan: ConversionPlan;
  beforeAll(async () => {
    demo = await generateDemoGen2Repo({ outDir: path.join(tmpDir(), 'demo'), visits: 8, detectors: 4, width: 16, height: 16 });
    writeFileSync(path.join(demo.root, 'notes.txt'), 'clear skies\n');
    plan = await planConversion({ gen2Root: demo.root, reruns: ['rerun/demo'], converter: demoConverter, policyPath: [demoPolicyDir()], convertGen2Defects: true });
  });

  it('converts every raw into DemoCam/raw/all with the registry data ID', () => {
    const raws = plan.datasets.filter((d) => d.datasetType === 'raw');
    expect(raws).toHaveLength(demo.raws.length);
    for (const r of demo.raws) expect(raws).toContainEqual(expect.objectContaining({ run: 'DemoCam/raw/all', dataId: { instrument: 'DemoCam', exposure: r.visit, detector: r.ccd }, relPath: r.path }));
    // Rule order: the (instrument, raw) rule comes first, as in the reference.
    expect(plan.datasetTypes.find((t) => t.name === 'raw')).toEqual({ name: 'raw', dimensions: ['exposure', 'instrument', 'detector'], storageClass: 'Exposure', isCalibration: false });
  });

  it('puts calibrations in per-calibDate RUNs and certifies them with repaired validity', () => {
    const calibs = plan.datasets.filter((d) => d.source === 'calib');
    expect(calibs).toHaveLength(demo.calibrations.bias + demo.calibrations.flat + demo.calibrations.defects);
    const runs = new Set(calibs.filter((d) => d.datasetType !== 'defects').map((d) => d.run));
    expect(runs).toEqual(new Set(demo.calibDates.map((c) => `DemoCam/calib/${c.replaceAll('-', '')}T000000Z`)));
    expect(calibs.filter((d) => d.datasetType === 'flat').every((d) => typeof d.dataId.physical_filter === 'string')).toBe(true);
    expect(plan.certifications.length).toBe(calibs.length);
    expect(plan.certifications.every((c) => c.collection === 'DemoCam/calib' && BigInt(c.begin) < BigInt(c.end))).toBe(true);
    expect(demo.calibDates.length).toBeGreaterThan(1);
    const biasRanges = plan.certifications.filter((c) => c.datasetType === 'bias' && c.dataId.detector === 0).map((c) => [BigInt(c.begin), BigInt(c.end)] as const);
    expect(biasRanges).toHaveLength(demo.calibDates.length);
    expect(plan.validityIssues.every((v) => v.repaired || v.kind === 'gap')).toBe(true);
  });

  it('puts the rerun into its run and chain and builds the umbrella', () => {
    expect(plan.datasets.filter((d) => d.source === 'rerun:rerun/demo').map((d) => [d.datasetType, d.run])).toEqual([['demoIsr_config', 'DemoCam/runs/demo/direct']]);
    expect(plan.collections).toContainEqual({ name: 'DemoCam/runs/demo', type: 'CHAINED', children: ['DemoCam/runs/demo/direct'] });
    expect(plan.collections).toContainEqual({ name: 'DemoCam/defaults', type: 'CHAINED', children: ['DemoCam/raw/all', 'DemoCam/calib', 'skymaps'] });
    expect(plan.collections).toContainEqual({ name: 'DemoCam/calib', type: 'CALIBRATION' });
  });

  it('accounts for every file once', () => {
    const t = plan.totals;
    expect(t.files).toBe(demo.files + 1);
    expect(t.convertedFiles + t.ignored + t.skipped + t.unrecognized).toBe(t.files);
    expect(plan.unrecognized).toEqual([{ path: '.', source: 'root', reason: 'unrecognized entries: notes.txt', count: 1 }]);
  });

  it('skips Gen2 defects unless asked, and renders and round-trips the plan', async () => {
    const plain = await planConversion({ gen2Root: demo.root, converter: demoConverter, policyPath: [demoPolicyDir()] });
    expect(plain.datasets.some((d) => d.datasetType === 'defects')).toBe(false);
    expect(plain.skipped.filter((s) => s.reason.startsWith('curated calibration')).length).toBe(demo.calibrations.defects);
    const text = renderPlanText(plan);
    expect(text).toContain(`${demo.raws.length}  raw in DemoCam/raw/all`);
    expect(text).toContain('Files: ');
    expect(parsePlan(serializePlan(plan))).toEqual(plan);
    expect(plan.formatVersion).toBe(PLAN_FORMAT_VERSION);
    expect(() => parsePlan('{"formatVersion": 2}')).toThrow(PlanFormatError);
    await expect(planConversion({ gen2Root: demo.root, converter: hscConverter, policyPath: [demoPolicyDir()] })).rejects.toThrow(UsageError);
  });
});

describeFixtures('planConversion on the obs_lsst LATISS repository', () => {
  it('plans what the reference converter produced: raw, bias RUN and clamped validity', async () => {
    const plan = await planConversion({ gen2Root: fixture('obs_lsst_gen2/data/input/latiss'), converter: lsstConverter, policyPath: [fixture()] });
    const db = new Database(fixture('obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3'), { readonly: true });
    const calib = db.prepare("select c.detector, c.timespan_begin as b, c.timespan_end as e from dataset_calibs_00000003 c join dataset_type t on t.id = c.dataset_type_id where t.name = 'bias'").get() as { detector: number; b: number | bigint; e: number | bigint };
    const raw = db.prepare('select instrument, detector, exposure from dataset_tags_00000001').get() as Record<string, string | number>;
    db.close();
    expect(plan.datasets.map((d) => [d.datasetType, d.run, d.dataId, d.relPath])).toEqual([
      ['raw', 'LATISS/raw/all', raw, 'raw/2018-09-20/3018092000065-det000.fits'],
      ['bias', 'LATISS/calib/20180921T000000Z', { instrument: 'LATISS', detector: calib.detector }, 'bias/2018-09-21/bias-det000_2018-09-21.fits'],
    ]);
    expect(plan.certifications).toEqual([{ collection: 'LATISS/calib', datasetType: 'bias', dataId: { instrument: 'LATISS', detector: 0 }, run: 'LATISS/calib/20180921T000000Z', begin: String(calib.b), end: String(calib.e) }]);
    expect(plan.datasetTypes.map((t) => [t.name, t.storageClass])).toEqual([
      ['bias', 'ExposureF'],
      ['raw', 'Exposure'],
    ]);
    expect(plan.collections.map((c) => c.name)).toEqual(['LATISS/raw/all', 'LATISS/calib', 'LATISS/calib/20180921T000000Z', 'skymaps', 'LATISS/defaults']);
    const filters = new Database(fixture('obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3'), { readonly: true });
    const allFilters = filters.prepare('select instrument, name, band from physical_filter order by name').all();
    const instrument = filters.prepare('select name, class_name, visit_max, exposure_max, detector_max from instrument').get();
    filters.close();
    expect([...plan.instrumentRecords.physical_filter].sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(allFilters);
    expect(plan.instrumentRecords.detector).toEqual([{ instrument: 'LATISS', id: 0, full_name: 'RXX_S00' }]);
    expect(plan.instrumentRecords.instrument).toEqual(instrument);
    expect(plan.totals.convertedFiles + plan.totals.ignored + plan.totals.skipped + plan.totals.unrecognized).toBe(plan.totals.files);
  });
});
