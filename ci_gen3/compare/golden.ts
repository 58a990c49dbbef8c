/**
 * Blessed golden summaries (suite `golden:`): the pair summaries of a comparison, written by
 * `--bless` and checked on every run. A change is a difference even within the tolerances, so
 * drift is noticed (the ci_cpp_gen3 workflow, documented in `ci_gen3/suites/README.md`).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeTextFile } from '../../src/report/write-text-file.js';
import { dataIdSchema, diffSummarySchema, type DataId, type DiffSummary, type GoldenCheck } from '../../src/results/results-schema.js';
import { GoldenFileError } from './compare-errors.js';
import { dataIdText } from './side-outputs.js';

/** The golden file format version. */
export const GOLDEN_FORMAT_VERSION = 1;

const goldenSchema = z.object({
  formatVersion: z.literal(GOLDEN_FORMAT_VERSION),
  comparison: z.string(),
  pairs: z.array(z.object({ gen2DataId: dataIdSchema.optional(), gen3DataId: dataIdSchema.optional(), outcome: z.string(), summaries: z.array(diffSummarySchema) })),
});

/** One pair as the golden file records it. */
export interface GoldenPair {
  gen2DataId?: DataId;
  gen3DataId?: DataId;
  outcome: string;
  summaries: DiffSummary[];
}

/** Relative tolerance of numbers in a golden comparison (summaries are deterministic; this absorbs printing). */
const GOLDEN_RTOL = 1e-9;

function keyOf(p: GoldenPair): string {
  return `${p.gen2DataId ? dataIdText(p.gen2DataId) : '-'} | ${p.gen3DataId ? dataIdText(p.gen3DataId) : '-'}`;
}

function changesBetween(old: unknown, now: unknown, at: string, out: string[]): void {
  if (typeof old === 'number' && typeof now === 'number') {
    if (!(old === now || Math.abs(old - now) <= GOLDEN_RTOL * Math.max(Math.abs(old), Math.abs(now)))) out.push(`${at}: ${old} → ${now}`);
    return;
  }
  if (Array.isArray(old) && Array.isArray(now)) {
    if (old.length !== now.length) out.push(`${at}: ${old.length} entries → ${now.length}`);
    for (let i = 0; i < Math.min(old.length, now.length); i++) changesBetween(old[i], now[i], `${at}[${i}]`, out);
    return;
  }
  if (old && now && typeof old === 'object' && typeof now === 'object') {
    const o = old as Record<string, unknown>;
    const n = now as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(o), ...Object.keys(n)])].sort()) changesBetween(o[k], n[k], `${at}.${k}`, out);
    return;
  }
  if (JSON.stringify(old) !== JSON.stringify(now)) out.push(`${at}: ${JSON.stringify(old) ?? 'absent'} → ${JSON.stringify(now) ?? 'absent'}`);
}

/** The result of a golden check: the check for the results, and the keys of the pairs that changed. */
export interface GoldenOutcome {
  check: GoldenCheck;
  changedPairs: Set<string>;
}

/** The key {@link checkGolden} uses for a pair (for marking the pairs that changed). */
export const goldenPairKey = keyOf;

/**
 * Checks `pairs` against the golden `file`, or rewrites it when `bless`.
 * @throws GoldenFileError when the file exists but is not a golden summary of `comparisonId`.
 */
export async function checkGolden(file: string, comparisonId: string, pairs: readonly GoldenPair[], options: { bless?: boolean } = {}): Promise<GoldenOutcome> {
  const current = [...pairs].map((p) => ({ ...p })).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  if (options.bless) {
    await writeTextFile(file, `${JSON.stringify({ formatVersion: GOLDEN_FORMAT_VERSION, comparison: comparisonId, pairs: current }, null, 2)}\n`);
    return { check: { file, status: 'blessed', changes: [] }, changedPairs: new Set() };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { check: { file, status: 'missing', changes: [`no golden summary yet: review the results, then bless with --stage compare --bless`] }, changedPairs: new Set() };
  }
  let parsed;
  try {
    parsed = goldenSchema.safeParse(JSON.parse(text));
  } catch (err) {
    throw new GoldenFileError(file, `not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!parsed.success) throw new GoldenFileError(file, `not a golden summary file (formatVersion ${GOLDEN_FORMAT_VERSION}): ${parsed.error.issues[0]?.message ?? ''}`);
  if (parsed.data.comparison !== comparisonId) throw new GoldenFileError(file, `is the golden summary of ${parsed.data.comparison}, not of ${comparisonId}`);
  const old = new Map(parsed.data.pairs.map((p) => [keyOf(p as GoldenPair), p]));
  const changes: string[] = [];
  const changedPairs = new Set<string>();
  for (const p of current) {
    const k = keyOf(p);
    const before = old.get(k);
    old.delete(k);
    const here: string[] = [];
    if (!before) here.push(`${k}: not in the golden summary`);
    else {
      if (before.outcome !== p.outcome) here.push(`${k}: outcome ${before.outcome} → ${p.outcome}`);
      changesBetween(before.summaries, p.summaries, `${k}: summaries`, here);
    }
    if (here.length) {
      changedPairs.add(k);
      changes.push(...here);
    }
  }
  for (const k of old.keys()) changes.push(`${k}: in the golden summary, not produced any more`);
  return { check: { file, status: changes.length ? 'changed' : 'matched', changes: changes.slice(0, 50) }, changedPairs };
}
