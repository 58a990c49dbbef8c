import path from 'node:path';
import { expect } from 'vitest';
import { applyPlan } from '../../../src/convert/apply/index.js';
import type { ConversionPlan } from '../../../src/convert/plan/index.js';
import { verifyConversion } from '../../../src/convert/verify/index.js';
import { createRepository, openRepository } from '../../../src/gen3/repo/index.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { compareModels, explainDifferences, modelFromRepo, type ExpectedDifference, type RepoModel } from './reference-model.js';

/**
 * Applies `plan` (`direct`) to a new repository and checks it the way the plan was checked: the same
 * differences from `reference`, all explained by `expected` and each of those still used; the same
 * datasets and validity ranges as the plan's own model `planned`; `verifyConversion` finds every
 * dataset and no mismatch.
 */
export async function expectAppliedMatchesReference(
  plan: ConversionPlan,
  planned: RepoModel,
  reference: RepoModel,
  expected: readonly ExpectedDifference[],
  options: { readonly dimensions: 'required' | 'all'; readonly policyPath: readonly string[] },
): Promise<void> {
  const root = path.join(tmpDir(), 'gen3');
  await createRepository(root);
  const repo = await openRepository(root);
  try {
    await applyPlan(plan, repo, { transfer: 'direct' });
    const applied = await modelFromRepo(repo, plan.gen2Root, options.dimensions);
    const { unexplained, unused } = explainDifferences(compareModels(applied, reference), expected);
    expect(unexplained).toEqual([]);
    expect(unused.filter((e) => expected.includes(e)).map((e) => e.why)).toEqual([]);
    expect(applied.datasets).toEqual(planned.datasets);
    expect(applied.validity).toEqual(planned.validity);
    const report = await verifyConversion(plan, repo, { policyPath: [...options.policyPath] });
    expect(report.mismatches).toEqual([]);
    expect(report.datasets.matched).toBe(plan.datasets.length);
  } finally {
    await repo.close();
  }
}
