/**
 * One suite comparison over the outputs of both sides: data IDs paired by translation, counts
 * compared as sets (only-Gen2 / only-Gen3 listed), each pair through its comparator, expected
 * differences and config differences applied, the golden summary checked (or blessed).
 */
import { silentLogger, type Logger } from '../../src/log/logger.js';
import type { Comparison, ConfigDiff, DataId, PairResult } from '../../src/results/results-schema.js';
import { mapLimit } from '../../src/async/map-limit.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
import { comparePairFiles } from './compare-pair.js';
import { gen3Keys, pairingKey, pairingMapper } from './data-id-pairing.js';
import { configExplanation, expectedExplanation, matchExpectedDifference } from './explain.js';
import { checkGolden, goldenPairKey, type GoldenPair } from './golden.js';
import type { PairVerdict } from './pair-summaries.js';
import { dataIdText, type OutputFile, type SideOutputs } from './side-outputs.js';

/** Options of {@link compareComparison}. */
export interface CompareComparisonOptions {
  gen2: SideOutputs & { mapperClass?: string };
  gen3: SideOutputs;
  /**
   * Unexplained config differences of the run (from the config comparisons that explain this one):
   * a `different` pair of this comparison becomes `explained` by them.
   */
  explainingConfigs?: readonly ConfigDiff[];
  /** Rewrite the golden summary instead of checking it. */
  bless?: boolean;
  /** Pairs compared at once. Default is `1`. */
  jobs?: number;
  logger?: Logger;
}

interface PlannedPair {
  key: string;
  gen2?: OutputFile;
  gen3?: OutputFile;
  gen3DataId?: DataId;
  error?: string;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function planPairs(gen2: readonly OutputFile[], gen3: readonly OutputFile[], mapper: (d: DataId) => DataId, instrument: string): PlannedPair[] {
  const keys = gen3Keys(gen3.map((f) => f.dataId));
  // same-keys / key-map IDs carry no instrument: the comparison's is added when the Gen3 IDs have one.
  const withInstrument = (d: DataId): DataId => (keys.includes('instrument') && d.instrument === undefined ? { instrument, ...d } : d);
  const byKey = new Map<string, PlannedPair>();
  const failed: PlannedPair[] = [];
  for (const f of gen3) byKey.set(pairingKey(f.dataId, keys), { key: pairingKey(f.dataId, keys), gen3: f, gen3DataId: f.dataId });
  for (const f of gen2) {
    let translated: DataId;
    try {
      translated = withInstrument(mapper(f.dataId));
    } catch (err) {
      failed.push({ key: `gen2:${dataIdText(f.dataId)}`, gen2: f, error: `cannot translate the Gen2 data ID: ${errorText(err)}` });
      continue;
    }
    const key = pairingKey(translated, keys);
    const existing = byKey.get(key);
    if (existing && !existing.gen2) existing.gen2 = f;
    else if (existing) failed.push({ key: `gen2:${dataIdText(f.dataId)}`, gen2: f, gen3DataId: translated, error: `two Gen2 files translate to the same Gen3 data ID ${key}: ${existing.gen2!.path} and ${f.path}` });
    else byKey.set(key, { key, gen2: f, gen3DataId: translated });
  }
  return [...byKey.values(), ...failed].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Compares one dataset type of both sides. Never throws for a bad pair (recorded as `failed`) or an
 * unknown dataset type (recorded as the comparison's `error`).
 */
export async function compareComparison(c: ResolvedComparison, options: CompareComparisonOptions): Promise<Comparison> {
  const logger = options.logger ?? silentLogger;
  const started = process.hrtime.bigint();
  const gen2Type = c.gen2DatasetType ?? c.datasetType;
  const base: Comparison = {
    id: c.id,
    instrument: c.instrument,
    datasetType: c.datasetType,
    ...(c.gen2DatasetType !== undefined ? { gen2DatasetType: c.gen2DatasetType } : {}),
    kind: c.kind,
    comparator: c.comparator,
    pairs: [],
    configDiffs: [],
    evidenceFor: [...c.evidenceFor],
  };
  const duration = (): number => Number(process.hrtime.bigint() - started) / 1e6;
  const gen2Unknown = options.gen2.unknown.get(gen2Type);
  if (gen2Unknown !== undefined) return { ...base, error: `unknown dataset type ${gen2Type}: ${gen2Unknown}`, durationMs: duration() };
  const gen2Files = options.gen2.byType.get(gen2Type) ?? [];
  const gen3Files = options.gen3.byType.get(c.datasetType) ?? [];
  if (options.gen3.unknown.has(c.datasetType) && !gen2Files.length) return { ...base, error: `unknown dataset type ${c.datasetType}: ${options.gen3.unknown.get(c.datasetType)!}`, durationMs: duration() };

  const mapper = pairingMapper(c, new Set(gen2Files.flatMap((f) => Object.keys(f.dataId))), options.gen2.mapperClass);
  if (mapper instanceof Error) return { ...base, error: mapper.message, durationMs: duration() };
  const planned = planPairs(gen2Files, gen3Files, mapper, c.instrument);

  const explainingConfigs = (options.explainingConfigs ?? []).filter((d) => d.differences.length > 0);
  const byConfig = c.comparator === 'config' ? undefined : configExplanation(explainingConfigs);
  let explainedByConfig = false;
  const verdicts = new Map<string, PairVerdict>();

  // a pair is read and compared without a pause (comparePairFiles); results are placed by index, so
  // the order never depends on timing
  const pairs = await mapLimit(planned, options.jobs ?? 1, async (p): Promise<PairResult> => {
    const ids: Pick<PairResult, 'gen2DataId' | 'gen3DataId'> = {};
    if (p.gen2) ids.gen2DataId = p.gen2.dataId;
    if (p.gen3DataId) ids.gen3DataId = p.gen3DataId;
    // Object.assign rather than `{ ...ids, … }`: Node 20 builds such a literal on a slow runtime path (a few µs per pair).
    const pairResult = (rest: Omit<PairResult, 'gen2DataId' | 'gen3DataId'>): PairResult => Object.assign({}, ids, rest);
    if (p.error !== undefined) return pairResult({ outcome: 'failed', error: p.error, summaries: [] });
    if (!p.gen2 || !p.gen3) {
      const outcome = p.gen2 ? 'only-gen2' : 'only-gen3';
      const expected = matchExpectedDifference(c.expectedDifferences, { ...ids, differingFields: [], unpaired: true });
      return expected ? pairResult({ outcome: 'explained', explanation: expectedExplanation(expected), summaries: [{ kind: 'text', lines: [`${outcome}: ${p.gen2?.path ?? p.gen3?.path ?? ''}`] }] }) : pairResult({ outcome, summaries: [] });
    }
    let verdict: PairVerdict;
    try {
      verdict = await comparePairFiles(c, p.gen2.path, p.gen3.path);
    } catch (err) {
      logger.warn('pair-compare-failed', { comparison: c.id, dataId: dataIdText(p.gen2.dataId), error: errorText(err) });
      return pairResult({ outcome: 'failed', error: errorText(err), summaries: [] });
    }
    verdicts.set(p.key, verdict);
    if (verdict.outcome !== 'different') return pairResult({ outcome: verdict.outcome, summaries: verdict.summaries });
    const expected = matchExpectedDifference(c.expectedDifferences, { ...ids, differingFields: verdict.differingFields, unpaired: false });
    if (expected) return pairResult({ outcome: 'explained', explanation: expectedExplanation(expected), summaries: verdict.summaries });
    if (byConfig) {
      explainedByConfig = true;
      return pairResult({ outcome: 'explained', explanation: byConfig, summaries: verdict.summaries });
    }
    return pairResult({ outcome: 'different', summaries: verdict.summaries });
  });

  const result: Comparison = { ...base, pairs };
  if (c.comparator === 'config') {
    // A config comparison records its unexplained differences: they explain the output differences of the run.
    pairs.forEach((pair, i) => {
      const v = verdicts.get(planned[i]!.key);
      if (pair.outcome === 'different' && v?.configDifferences?.length) {
        result.configDiffs.push({ task: c.datasetType, gen2Dataset: gen2Type, gen3Dataset: c.datasetType, differences: v.configDifferences });
      }
    });
  } else if (explainedByConfig) result.configDiffs.push(...explainingConfigs);

  if (c.golden !== undefined) {
    const goldenPair = (p: PairResult): GoldenPair => ({ ...(p.gen2DataId ? { gen2DataId: p.gen2DataId } : {}), ...(p.gen3DataId ? { gen3DataId: p.gen3DataId } : {}), outcome: p.outcome, summaries: p.summaries });
    const compared = pairs.filter((p) => p.gen2DataId && p.gen3DataId && p.outcome !== 'failed');
    const golden = await checkGolden(c.golden, c.id, compared.map(goldenPair), { bless: options.bless === true });
    result.golden = golden.check;
    for (const p of compared) {
      const key = goldenPairKey(goldenPair(p));
      if (!golden.changedPairs.has(key) || (p.outcome !== 'identical' && p.outcome !== 'within-tolerance')) continue;
      // Within the tolerances but not what was blessed: drift is a difference.
      p.outcome = 'different';
      p.summaries = [...p.summaries, { kind: 'text', lines: ['the summary differs from the blessed golden summary', ...golden.check.changes.filter((x) => x.startsWith(`${key}:`)).slice(0, 10)] }];
    }
  }
  result.durationMs = duration();
  logger.info('comparison-finished', { comparison: c.id, pairs: pairs.length, different: pairs.filter((p) => p.outcome === 'different').length });
  return result;
}
