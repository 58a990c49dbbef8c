/**
 * The `conversion-parity` stage: for each converted input, `verifyConversion` reads every converted
 * dataset through the Gen2 Butler and the Gen3 repository (same file or identical bytes, same HDU) and
 * repeats every calibration lookup both ways; its report is mapped onto the suite's `kind: conversion`
 * comparisons (one pair per planned dataset, a mismatch making the pair `different`). Inputs that
 * could not be converted contribute their Gen2 files as `only-gen2` pairs (explained when the suite
 * expects it). Saved as `conversion-parity/comparisons.json`.
 */
import { readFile } from 'node:fs/promises';
import { parsePlan } from '../../src/convert/plan/plan-file.js';
import type { ConversionPlan } from '../../src/convert/plan/plan-model.js';
import { verifyConversion, type VerifyReport } from '../../src/convert/verify/index.js';
import { openRepository } from '../../src/gen3/repo/index.js';
import type { Comparison, DataId, PairResult } from '../../src/results/results-schema.js';
import { expectedExplanation, matchExpectedDifference } from '../compare/explain.js';
import { listGen2Outputs } from '../compare/gen2-outputs.js';
import { dataIdText } from '../compare/side-outputs.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
import { readConverted, readPrepared } from './convert-stage.js';
import type { StageDefinition } from './stage-definition.js';
import { suiteStageInputs } from './suite-stage-inputs.js';
import { runPaths, writeJsonFile, type ConvertedInput, type PreparedInput, type SuiteRunContext } from './suite-run-context.js';

function plainId(d: Readonly<Record<string, unknown>>): DataId {
  return Object.fromEntries(Object.entries(d).flatMap(([k, v]) => (typeof v === 'string' || typeof v === 'number' ? [[k, v]] : typeof v === 'bigint' ? [[k, Number(v)]] : [])));
}

function withExpected(c: ResolvedComparison, pair: PairResult, differingFields: string[]): PairResult {
  if (pair.outcome !== 'different' && pair.outcome !== 'only-gen2' && pair.outcome !== 'only-gen3') return pair;
  const e = matchExpectedDifference(c.expectedDifferences, { ...(pair.gen2DataId ? { gen2DataId: pair.gen2DataId } : {}), ...(pair.gen3DataId ? { gen3DataId: pair.gen3DataId } : {}), differingFields, unpaired: pair.outcome !== 'different' });
  return e ? { ...pair, outcome: 'explained', explanation: expectedExplanation(e) } : pair;
}

/** Gen2 data IDs of the planned files, by absolute path (from the walker, as conversion saw them). */
async function gen2IdsByPath(ctx: SuiteRunContext, input: PreparedInput, datasetTypes: readonly string[]): Promise<Map<string, DataId>> {
  const out = new Map<string, DataId>();
  for (const root of [input.root, ...(input.calibs ? [input.calibs] : [])]) {
    const listing = await listGen2Outputs({ root, datasetTypes, policyPath: ctx.policyPath, logger: ctx.logger }).catch(() => undefined);
    for (const files of listing?.byType.values() ?? []) for (const f of files) out.set(f.path, f.dataId);
  }
  return out;
}

/** Maps one converted input's verify report onto a conversion comparison. */
export function conversionPairs(c: ResolvedComparison, plan: ConversionPlan, report: VerifyReport, gen2Ids: ReadonlyMap<string, DataId>): PairResult[] {
  const mismatches = new Map<string, string[]>();
  for (const m of report.mismatches) {
    if (m.datasetType !== c.datasetType) continue;
    const key = `${m.kind}:${dataIdText(plainId(m.dataId))}:${m.kind === 'dataset' ? (m.run ?? '') : ''}`;
    mismatches.set(key, [...(mismatches.get(key) ?? []), `${m.reason} (Gen2 ${m.gen2Path ?? 'none'}, Gen3 ${m.gen3Path ?? 'none'})`]);
  }
  const pairs: PairResult[] = [];
  for (const d of plan.datasets) {
    if (d.datasetType !== c.datasetType) continue;
    const gen3DataId = plainId(d.dataId);
    const gen2DataId = gen2Ids.get(d.path) ?? { file: d.relPath };
    const reasons = mismatches.get(`dataset:${dataIdText(gen3DataId)}:${d.run}`);
    const pair: PairResult = reasons ? { gen2DataId, gen3DataId, outcome: 'different', summaries: [{ kind: 'text', lines: reasons }] } : { gen2DataId, gen3DataId, outcome: 'identical', summaries: [] };
    pairs.push(withExpected(c, pair, reasons ? ['file'] : []));
  }
  for (const m of report.mismatches) {
    if (m.kind !== 'calibration' || m.datasetType !== c.datasetType) continue;
    const gen3DataId = plainId(m.dataId);
    pairs.push(withExpected(c, { gen2DataId: plainId(m.gen2DataId ?? m.dataId), gen3DataId, outcome: 'different', summaries: [{ kind: 'text', lines: [`calibration lookup for the raw ${dataIdText(gen3DataId)}: ${m.reason} (Gen2 ${m.gen2Path ?? 'none'}, Gen3 ${m.gen3Path ?? 'none'})`] }] }, ['calibration lookup']));
  }
  return pairs;
}

/** Builds the stage. */
export function conversionParityStage(ctx: SuiteRunContext): StageDefinition {
  const comparisons = ctx.suite.comparisons.filter((c) => c.kind === 'conversion');
  return {
    inputs: suiteStageInputs(ctx.suite, 'conversion-parity'),
    run: async (stage) => {
      const prepared = await readPrepared(ctx.runDir);
      const converted = await readConverted(ctx.runDir);
      const byIndex = new Map<number, ConvertedInput>(converted.map((c) => [c.index, c]));
      const results = new Map<string, Comparison>(
        comparisons.map((c) => [c.id, { id: c.id, instrument: c.instrument, datasetType: c.datasetType, ...(c.gen2DatasetType ? { gen2DatasetType: c.gen2DatasetType } : {}), kind: 'conversion', comparator: c.comparator, pairs: [], configDiffs: [], evidenceFor: [...c.evidenceFor] }]),
      );
      const outcomes = await stage.runUnits<{ comparisons: Record<string, PairResult[]>; ok: boolean }>(
        prepared.inputs.map((input, index) => ({
          key: `input-${index}`,
          run: async () => {
            const mine = comparisons.filter((c) => c.instrument === input.instrument);
            const types = mine.map((c) => c.gen2DatasetType ?? c.datasetType);
            const gen2Ids = await gen2IdsByPath(ctx, input, types);
            const conv = byIndex.get(index);
            const out: Record<string, PairResult[]> = {};
            if (!conv || conv.status !== 'converted') {
              // Not converted: every Gen2 file of the compared types is Gen2-only.
              const listing = new Map<string, DataId[]>();
              for (const root of [input.root, ...(input.calibs ? [input.calibs] : [])]) {
                const l = await listGen2Outputs({ root, datasetTypes: types, policyPath: ctx.policyPath, logger: stage.logger }).catch(() => undefined);
                for (const [t, files] of l?.byType ?? []) {
                  const ids = listing.get(t) ?? [];
                  for (const f of files) ids.push(f.dataId);
                  listing.set(t, ids);
                }
              }
              for (const c of mine) out[c.id] = (listing.get(c.gen2DatasetType ?? c.datasetType) ?? []).map((gen2DataId) => withExpected(c, { gen2DataId, outcome: 'only-gen2', summaries: [{ kind: 'text', lines: [conv?.reason ?? 'the input was not converted'] }] }, []));
              return { comparisons: out, ok: true };
            }
            const plan = parsePlan(await readFile(conv.planFile!, 'utf8'));
            const repo = await openRepository(runPaths.gen3Repo(ctx.runDir), { logger: stage.logger });
            let report: VerifyReport;
            try {
              report = await verifyConversion(plan, repo, { policyPath: ctx.policyPath, jobs: ctx.jobs, logger: stage.logger, progress: ctx.progress });
            } finally {
              await repo.close();
            }
            await writeJsonFile(runPaths.verifyReport(ctx.runDir, index), report);
            for (const c of mine) out[c.id] = conversionPairs(c, plan, report, gen2Ids);
            return { comparisons: out, ok: report.ok };
          },
        })),
        { jobs: 1 },
      );
      for (const o of outcomes) {
        if (o.status === 'failed') continue;
        for (const [id, pairs] of Object.entries(o.data.comparisons)) results.get(id)?.pairs.push(...pairs);
      }
      await writeJsonFile(runPaths.conversionParity(ctx.runDir), [...results.values()]);
      const failed = outcomes.filter((o) => o.status === 'failed');
      if (failed.length) return { status: 'failed', error: failed.map((f) => `${f.key}: ${f.status === 'failed' ? f.error : ''}`).join('; ') };
      return { status: 'completed' };
    },
  };
}
