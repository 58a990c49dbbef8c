/**
 * The versioned parity results model (`results.json`, `formatVersion: 1`) as a zod schema; the
 * TypeScript types are inferred from it. The parity harness writes it, every renderer and the history
 * read it. A reader rejects another major version ({@link readResults}).
 */
import { z } from 'zod';
import { OUTCOMES } from './outcome.js';

/** The format version this code writes and reads. */
export const RESULTS_FORMAT_VERSION = 1;

const name = z.string().min(1, { error: 'expected a non-empty string' });
const count = z.number().int().nonnegative();
const finite = z.number().refine(Number.isFinite, { error: 'expected a finite number' });
const isoTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time, e.g. 2026-11-25T15:00:00Z' });

/** Harness stages, in order. */
export const STAGES = ['prepare', 'convert', 'conversion-parity', 'run-gen2', 'run-gen3', 'compare', 'report'] as const;

/** A data ID: dimension or Gen2 key → value. */
export const dataIdSchema = z.record(z.string(), z.union([z.string(), z.number()]), { error: 'expected a data ID mapping' });
export type DataId = z.infer<typeof dataIdSchema>;

/** Why a difference is expected, and where that is recorded. */
export const explanationSchema = z.object({
  reason: name,
  /** Ticket that records it (e.g. `DM-30284`), when there is one. */
  ticket: name.optional(),
});
export type Explanation = z.infer<typeof explanationSchema>;

/** A histogram: `counts[i]` values fell in `[edges[i], edges[i+1])`. */
export const histogramSchema = z
  .object({ edges: z.array(finite).min(2), counts: z.array(count) })
  .refine((h) => h.counts.length === h.edges.length - 1, { error: 'counts must have one entry fewer than edges' });
export type Histogram = z.infer<typeof histogramSchema>;

/** Pixel comparison of one image plane (image, variance) or of a whole image HDU. */
export const imageDiffSummarySchema = z.object({
  kind: z.literal('image'),
  /** HDU or plane compared, e.g. `image`, `variance`. */
  plane: name.optional(),
  compared: count,
  /** Pixels outside the tolerance. */
  differing: count,
  /** Pixels NaN/inf on one side only. */
  nonFiniteMismatch: count.default(0),
  maxAbs: finite,
  meanAbs: finite,
  medianAbs: finite,
  maxRel: finite.optional(),
  rtol: finite.optional(),
  atol: finite.optional(),
  /** Histogram of the pixel differences (Gen3 − Gen2). */
  histogram: histogramSchema.optional(),
  /** Per mask plane pixel counts, compared by plane name. */
  maskPlanes: z.array(z.object({ plane: name, gen2: count, gen3: count })).default([]),
});

/** One catalog magnitude-difference sample: a matched source's magnitude and Gen3 − Gen2 in mmag. */
export const magnitudeSampleSchema = z.tuple([finite, finite]);

/** Catalog comparison: matching, schema and per-column value differences. */
export const catalogDiffSummarySchema = z.object({
  kind: z.literal('catalog'),
  gen2Rows: count,
  gen3Rows: count,
  matched: count,
  matchBy: z.enum(['id', 'position']),
  matchRadiusArcsec: finite.optional(),
  /** afw schema comparison levels that differ, e.g. `EQUAL_DOCS`, or named column differences. */
  schemaDifferences: z.array(name).default([]),
  /** Columns whose values differ beyond tolerance, with the count of rows. */
  columnsOverTolerance: z.array(z.object({ column: name, rows: count, maxAbs: finite.optional() })).default([]),
  /** Magnitude differences per flux column: samples `[mag, Δmmag]` and their statistics. */
  magnitudeDifferences: z
    .array(
      z.object({
        column: name,
        samples: z.array(magnitudeSampleSchema),
        meanMmag: finite,
        medianMmag: finite,
        stdevMmag: finite,
        n: count,
      }),
    )
    .default([]),
});

/** Header comparison after the ignore rules. */
export const headerDiffSummarySchema = z.object({
  kind: z.literal('header'),
  differingKeys: z.array(z.object({ key: name, gen2: z.string(), gen3: z.string() })),
  onlyGen2: z.array(name).default([]),
  onlyGen3: z.array(name).default([]),
});

/** A free-text difference (bytes, metadata keys, anything without a structured summary). */
export const textDiffSummarySchema = z.object({ kind: z.literal('text'), lines: z.array(z.string()).min(1) });

/** The comparator's summary of one pair. */
export const diffSummarySchema = z.discriminatedUnion('kind', [imageDiffSummarySchema, catalogDiffSummarySchema, headerDiffSummarySchema, textDiffSummarySchema]);
export type DiffSummary = z.infer<typeof diffSummarySchema>;
export type ImageDiffSummary = z.infer<typeof imageDiffSummarySchema>;
export type CatalogDiffSummary = z.infer<typeof catalogDiffSummarySchema>;

/** One Gen2/Gen3 pair (or unpaired data ID) and its outcome. */
export const pairResultSchema = z
  .object({
    /** Gen2 data ID; absent for `only-gen3`. */
    gen2DataId: dataIdSchema.optional(),
    /** Gen3 data ID (translated); absent for `only-gen2`. */
    gen3DataId: dataIdSchema.optional(),
    outcome: z.enum(OUTCOMES),
    explanation: explanationSchema.optional(),
    /** The comparator's error, for `failed`. */
    error: z.string().optional(),
    summaries: z.array(diffSummarySchema).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.outcome === 'explained' && !p.explanation) ctx.addIssue({ code: 'custom', path: ['explanation'], message: 'an explained outcome needs an explanation {reason, ticket?}' });
    if (p.outcome === 'failed' && !p.error) ctx.addIssue({ code: 'custom', path: ['error'], message: 'a failed outcome needs the error' });
    if (p.outcome === 'explained') {
      // An explained missing data ID has one side only.
      if (!p.gen2DataId && !p.gen3DataId) ctx.addIssue({ code: 'custom', path: ['gen2DataId'], message: 'an explained pair needs at least one data ID' });
      return;
    }
    if (p.outcome !== 'only-gen3' && !p.gen2DataId) ctx.addIssue({ code: 'custom', path: ['gen2DataId'], message: `missing (required unless outcome is only-gen3)` });
    // A Gen2 data ID that cannot be translated fails without a Gen3 data ID.
    if (p.outcome !== 'only-gen2' && p.outcome !== 'failed' && !p.gen3DataId) ctx.addIssue({ code: 'custom', path: ['gen3DataId'], message: `missing (required unless outcome is only-gen2 or failed)` });
  });
export type PairResult = z.infer<typeof pairResultSchema>;

/** One config field that differs between the Gen2 and Gen3 runs. */
export const configDiffSchema = z.object({
  /** Task label (Gen3) or config dataset (Gen2), e.g. `calibrate`. */
  task: name,
  gen2Dataset: name.optional(),
  gen3Dataset: name.optional(),
  differences: z.array(
    z.object({
      path: name,
      change: z.enum(['changed', 'only-gen2', 'only-gen3']),
      gen2: z.string().optional(),
      gen3: z.string().optional(),
    }),
  ),
});
export type ConfigDiff = z.infer<typeof configDiffSchema>;

/** The check of a comparison's pair summaries against its blessed golden file. */
export const goldenCheckSchema = z.object({
  file: name,
  /** `matched`: same summaries; `changed`: see `changes` (the pairs concerned are `different`); `missing`: no golden yet; `blessed`: rewritten by `--bless`. */
  status: z.enum(['matched', 'changed', 'missing', 'blessed']),
  changes: z.array(z.string()).default([]),
});
export type GoldenCheck = z.infer<typeof goldenCheckSchema>;

/** A unit of work or stage that failed; the rest of the run completed. */
export const failureSchema = z.object({
  stage: z.enum(STAGES),
  /** `gen2` / `gen3` for a step unit. */
  side: z.enum(['gen2', 'gen3']).optional(),
  step: name.optional(),
  /** Unit key, e.g. `isr/ccd=1,visit=2`. */
  unit: name.optional(),
  dataId: dataIdSchema.optional(),
  error: z.string(),
});
export type Failure = z.infer<typeof failureSchema>;

/** All pairs of one dataset type for one instrument. */
export const comparisonSchema = z.object({
  /** Unique within the run, e.g. `processing/DemoCam/calexp`. */
  id: name,
  instrument: name,
  datasetType: name,
  /** Gen2 dataset type name when it differs (e.g. `deepCoadd_skyMap` for `skyMap`). */
  gen2DatasetType: name.optional(),
  kind: z.enum(['conversion', 'processing']),
  comparator: name,
  pairs: z.array(pairResultSchema),
  /** Config differences that may explain output differences. */
  configDiffs: z.array(configDiffSchema).default([]),
  /** Milestone and blocker ids this comparison is evidence for (e.g. `DM-DAX-12`). */
  evidenceFor: z.array(name).default([]),
  durationMs: finite.nonnegative().optional(),
  /** Why the comparison could not run at all (unknown dataset type, unreadable repository); counted as one failure. */
  error: z.string().optional(),
  /** The blessed golden summary check, when the comparison has a `golden:` file. */
  golden: goldenCheckSchema.optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/** Resource usage of one step on one side. */
export const resourceUsageSchema = z.object({
  wallSeconds: finite.nonnegative(),
  cpuSeconds: finite.nonnegative(),
  peakMemoryBytes: finite.nonnegative(),
  quanta: count.optional(),
});
export type ResourceUsage = z.infer<typeof resourceUsageSchema>;

/** A pipeline step (task label) run on each side. */
export const stepResultSchema = z.object({ step: name, gen2: resourceUsageSchema.optional(), gen3: resourceUsageSchema.optional() });
export type StepResult = z.infer<typeof stepResultSchema>;


/** One harness stage. */
export const stageResultSchema = z.object({
  stage: z.enum(STAGES),
  status: z.enum(['completed', 'failed', 'skipped', 'resumed']),
  startedAt: isoTime.optional(),
  durationMs: finite.nonnegative(),
  error: z.string().optional(),
});
export type StageResult = z.infer<typeof stageResultSchema>;

/** The whole `results.json`. */
export const parityResultsSchema = z
  .object({
    formatVersion: z.literal(RESULTS_FORMAT_VERSION, { error: `expected formatVersion ${RESULTS_FORMAT_VERSION}` }),
    suite: z.object({ name, file: z.string().optional(), description: z.string().optional() }),
    /** Source commit of gen2to3 (or of the suite) the run used. */
    commit: z.string().optional(),
    startedAt: isoTime,
    finishedAt: isoTime.optional(),
    instruments: z.array(name).min(1, { error: 'expected at least one instrument' }),
    stages: z.array(stageResultSchema).default([]),
    steps: z.array(stepResultSchema).default([]),
    comparisons: z.array(comparisonSchema),
    /** Failed stages and units (a step failing on one data ID, a command not found, …). */
    failures: z.array(failureSchema).default([]),
  })
  .superRefine((r, ctx) => {
    const ids = new Set<string>();
    r.comparisons.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['comparisons', i, 'id'], message: `duplicate comparison id ${c.id}` });
      ids.add(c.id);
      if (!r.instruments.includes(c.instrument)) ctx.addIssue({ code: 'custom', path: ['comparisons', i, 'instrument'], message: `${c.instrument} is not listed in instruments` });
    });
  });

/** Parity results as stored (after defaults are applied). */
export type ParityResults = z.infer<typeof parityResultsSchema>;
/** Parity results as a producer may write them (defaulted fields optional). */
export type ParityResultsInput = z.input<typeof parityResultsSchema>;
