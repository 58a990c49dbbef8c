import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../ci_gen3/demo/demo-instrument.js';
import { generateDemoGen2Repo, type DemoGen2Summary } from '../../../ci_gen3/demo/generate-gen2-repo.js';
import { demoConverter } from '../../../converters/demo/index.js';
import { convertRepository } from '../../../src/convert/convert-repository.js';
import { loadGen3Files } from '../../../src/convert/verify/gen3-files.js';
import { verifyConversion, type VerifyReport } from '../../../src/convert/verify/index.js';
import { openRepository } from '../../../src/gen3/repo/index.js';
import { Registry } from '../../../src/gen3/registry/index.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('convert then verify (demo repository)', () => {
  let demo: DemoGen2Summary;
  let work: string;
  const policyPath = [demoPolicyDir()];
  beforeAll(async () => {
    work = tmpDir();
    demo = await generateDemoGen2Repo({ outDir: path.join(work, 'gen2'), visits: 4, detectors: 2, width: 16, height: 16 });
  });

  for (const transfer of ['direct', 'symlink', 'copy'] as const) {
    it(`a ${transfer} conversion verifies: every dataset and every calibration lookup agree`, async () => {
      const result = await convertRepository({
        gen2Root: demo.root,
        gen3Repo: path.join(work, transfer),
        converters: [demoConverter],
        policyPath,
        reruns: ['rerun/demo'],
        transfer,
        verify: (plan, repo) => verifyConversion(plan, repo, { policyPath }),
      });
      const report = result.report!.verify as VerifyReport;
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.datasets.checked).toBe(result.plan.datasets.length);
      expect(report.datasets.checked).toBeGreaterThan(demo.raws.length);
      if (transfer === 'copy') expect(report.datasets.sameBytes).toBe(report.datasets.checked);
      else expect(report.datasets.sameInode).toBe(report.datasets.checked);
      expect(report.calibrations.raws).toBe(demo.raws.length);
      expect(report.calibrations.matched).toBe(report.calibrations.lookups);
      expect(report.calibrations.byExposureTimespan).toBe(report.calibrations.lookups);
    });
  }

  it('reports a copied file changed after the conversion', async () => {
    const gen3 = path.join(work, 'copy');
    const result = await convertRepository({ gen2Root: demo.root, gen3Repo: gen3, converters: [demoConverter], policyPath, reruns: ['rerun/demo'], transfer: 'copy' });
    const repo = await openRepository(gen3);
    try {
      const raw = result.plan.datasets.find((d) => d.datasetType === 'raw')!;
      const ref = (await Registry.of(repo).queryDatasets('raw', ['DemoCam/raw/all'])).find((r) => r.dataId.exposure === raw.dataId.exposure && r.dataId.detector === raw.dataId.detector)!;
      const file = (await loadGen3Files(repo)).get(ref.id)![0]!.path;
      appendFileSync(file, 'x');
      const report = await verifyConversion(result.plan, repo, { policyPath });
      expect(report.mismatches).toEqual([expect.objectContaining({ kind: 'dataset', datasetType: 'raw', dataId: raw.dataId, gen2Path: raw.path, gen3Path: file })]);
      expect(report.mismatches[0]!.reason).toMatch(/different sizes/);
    } finally {
      await repo.close();
    }
  });
});
