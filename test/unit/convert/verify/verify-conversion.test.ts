import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../../ci_gen3/demo/generate-gen2-repo.js';
import { demoConverter } from '../../../../converters/demo/index.js';
import { lsstConverter } from '../../../../converters/lsst/index.js';
import { planConversion, type ConversionPlan, type PlannedDataset } from '../../../../src/convert/plan/index.js';
import { verifyConversion } from '../../../../src/convert/verify/index.js';
import { renderVerifyText } from '../../../../src/report/verify-text.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { populateFromPlan } from './populate-from-plan.js';

describe('verifyConversion on the demo repository', () => {
  let demo: DemoGen2Summary;
  let plan: ConversionPlan;
  let work: string;
  const policyPath = [demoPolicyDir()];
  beforeAll(async () => {
    work = tmpDir();
    demo = await generateDemoGen2Repo({ outDir: path.join(work, 'demo'), visits: 6, detectors: 2, width: 16, height: 16 });
    plan = await planConversion({ gen2Root: demo.root, reruns: ['rerun/demo'], converter: demoConverter, policyPath });
  });

  it('agrees on every dataset and every calibration lookup for a direct conversion', async () => {
    const repo = await populateFromPlan(plan, path.join(work, 'direct'), 'direct');
    try {
      const report = await verifyConversion(plan, repo, { policyPath });
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.datasets).toMatchObject({ checked: plan.datasets.length, matched: plan.datasets.length, sameInode: plan.datasets.length, sameBytes: 0 });
      // Every raw is looked up for bias and flat, and each finds a calibration on both sides.
      expect(report.calibrations.raws).toBe(demo.raws.length);
      expect([...report.calibrations.datasetTypes].sort()).toEqual(['bias', 'flat']);
      expect(report.calibrations.lookups).toBe(demo.raws.length * 2);
      expect(report.calibrations.matched).toBe(report.calibrations.lookups);
      expect(report.calibrations.byExposureTimespan).toBe(plan.exposures ? report.calibrations.lookups : 0);
      expect(renderVerifyText(report)).toContain('Verify DemoCam: OK');
    } finally {
      await repo.close();
    }
  });

  it('finds identical bytes in a copied repository and the same inode through symlinks', async () => {
    const copy = await populateFromPlan(plan, path.join(work, 'copy'), 'copy');
    const link = await populateFromPlan(plan, path.join(work, 'symlink'), 'symlink');
    try {
      const a = await verifyConversion(plan, copy, { policyPath, jobs: 2 });
      expect(a.ok).toBe(true);
      expect(a.datasets.sameBytes).toBe(plan.datasets.length);
      const b = await verifyConversion(plan, link, { policyPath });
      expect(b.ok).toBe(true);
      expect(b.datasets.sameInode).toBe(plan.datasets.length);
    } finally {
      await copy.close();
      await link.close();
    }
  });

  /** plan.datasets makes its items on read (compact plan): compare datasets by value, not identity. */
  const sameDataset = (a: PlannedDataset, b: PlannedDataset): boolean => a.path === b.path && a.datasetType === b.datasetType && JSON.stringify(a.dataId) === JSON.stringify(b.dataId);

  it('reports a swapped file with both paths', async () => {
    const raws = plan.datasets.filter((d) => d.datasetType === 'raw');
    const victim = raws[0]!;
    const other = raws.find((d) => d.dataId.exposure !== victim.dataId.exposure)!;
    const repo = await populateFromPlan(plan, path.join(work, 'swapped'), 'direct', { fileFor: (d) => (sameDataset(d, victim) ? other.path : d.path) });
    try {
      const report = await verifyConversion(plan, repo, { policyPath });
      expect(report.ok).toBe(false);
      expect(report.mismatches).toHaveLength(1);
      expect(report.mismatches[0]).toMatchObject({ kind: 'dataset', datasetType: 'raw', dataId: victim.dataId, run: 'DemoCam/raw/all', gen2Path: victim.path, gen3Path: other.path });
      expect(report.mismatches[0]!.reason).toMatch(/different bytes|different sizes/);
      expect(report.datasets.matched).toBe(plan.datasets.length - 1);
      const text = renderVerifyText(report);
      expect(text).toContain('1 mismatch');
      expect(text).toContain(other.path);
    } finally {
      await repo.close();
    }
  });

  it('reports calibration lookups that disagree when a calibration is certified with a shifted range', async () => {
    const target = plan.certifications.find((c) => c.datasetType === 'bias' && c.dataId.detector === 0)!;
    const earliest = plan.certifications.filter((c) => c.datasetType === 'bias' && c.dataId.detector === 0).every((c) => BigInt(c.begin) >= BigInt(target.begin));
    expect(earliest).toBe(true);
    const day = 86_400_000_000_000n;
    const length = BigInt(target.end) - BigInt(target.begin);
    const repo = await populateFromPlan(plan, path.join(work, 'shifted'), 'direct', {
      certification: (c) => (c === target ? { ...c, begin: (BigInt(c.begin) - length - day).toString(), end: (BigInt(c.begin) - day).toString() } : c),
    });
    try {
      const report = await verifyConversion(plan, repo, { policyPath });
      expect(report.ok).toBe(false);
      expect(report.datasets.matched).toBe(plan.datasets.length);
      const bad = report.mismatches.filter((m) => m.kind === 'calibration');
      expect(bad.length).toBeGreaterThan(0);
      expect(report.mismatches).toEqual(bad);
      for (const m of bad) {
        expect(m.datasetType).toBe('bias');
        expect(m.dataId.detector).toBe(0);
        expect(m.gen2Path).toBeDefined();
        expect(m.gen3Path).toBeUndefined();
        expect(m.reason).toContain('Gen3 finds none');
      }
      expect(renderVerifyText(report)).toContain('Calibration lookup mismatches:');
    } finally {
      await repo.close();
    }
  });

  it('reports datasets missing from the Gen3 repository', async () => {
    const partial: ConversionPlan = { ...plan, datasets: plan.datasets.filter((d) => d.source !== 'rerun:rerun/demo'), collections: plan.collections.filter((c) => !c.name.startsWith('DemoCam/runs')) };
    const repo = await populateFromPlan(partial, path.join(work, 'partial'), 'direct');
    try {
      const report = await verifyConversion(plan, repo, { policyPath });
      const missing = report.mismatches.filter((m) => m.kind === 'dataset');
      expect(missing.map((m) => m.datasetType)).toEqual(plan.datasets.filter((d) => d.source === 'rerun:rerun/demo').map((d) => d.datasetType));
      expect(missing.every((m) => m.gen3Path === undefined && /not registered|does not exist|no .* with this data ID/.test(m.reason))).toBe(true);
    } finally {
      await repo.close();
    }
  });
});

describeFixtures('verifyConversion on the obs_lsst LATISS repository', () => {
  it('agrees on the raw and its bias lookup, and catches a bias certified too late', async () => {
    const policyPath = [fixture()];
    const plan = await planConversion({ gen2Root: fixture('obs_lsst_gen2/data/input/latiss'), converter: lsstConverter, policyPath });
    const work = tmpDir();
    const repo = await populateFromPlan(plan, path.join(work, 'good'), 'symlink');
    try {
      const report = await verifyConversion(plan, repo, { policyPath });
      expect(report.mismatches).toEqual([]);
      expect(report.datasets.checked).toBe(plan.datasets.length);
      expect(report.datasets.sameInode).toBe(plan.datasets.length);
      expect(report.calibrations.raws).toBe(plan.datasets.filter((d) => d.datasetType === 'raw').length);
      expect(report.calibrations.datasetTypes).toContain('bias');
      expect(report.calibrations.matched).toBeGreaterThan(0);
    } finally {
      await repo.close();
    }
    const bias = plan.certifications.find((c) => c.datasetType === 'bias')!;
    const late = await populateFromPlan(plan, path.join(work, 'late'), 'direct', {
      certification: (c) => (c === bias ? { ...c, begin: (BigInt(c.end) - 1n).toString() } : c),
    });
    try {
      const report = await verifyConversion(plan, late, { policyPath });
      expect(report.mismatches.map((m) => [m.kind, m.datasetType])).toContainEqual(['calibration', 'bias']);
    } finally {
      await late.close();
    }
  });
});
