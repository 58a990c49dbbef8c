/**
 * The parity suite format (`ci_gen3/suites/*.yaml`, `formatVersion: 1`) as a zod schema; the types
 * are inferred from it. Documented for users in `ci_gen3/suites/README.md`. Cross-field rules that
 * need the whole suite (unique ids, known instruments, template placeholders) live in
 * {@link validateSuiteRules}; paths and `${ENV}` references are resolved by {@link loadSuite}.
 */
import { z } from 'zod';
import { STAGES } from '../../src/results/results-schema.js';
import { COMPARATORS, NUMERIC_COMPARATORS } from './comparators.js';
import { REFERENCE_TASKS } from './reference-tasks.js';

/** The suite format version this code reads. */
export const SUITE_FORMAT_VERSION = 1;

/** Gen3 transfer modes the conversion accepts. */
export const TRANSFER_MODES = ['direct', 'symlink', 'relsymlink', 'hardlink', 'copy', 'move', 'auto'] as const;

const name = z.string().min(1, { error: 'expected a non-empty string' });
const positiveInt = z.number().int({ error: 'expected an integer' }).positive({ error: 'expected a positive integer' });
const nonNegative = z.number().nonnegative({ error: 'expected a number ≥ 0' });
/** Milestone or ticket id, e.g. `DM-DAX-8`, `DM-30284`. */
const evidenceId = z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, { error: 'expected a milestone or ticket id such as DM-DAX-8' });
const dataId = z.record(z.string(), z.union([z.string(), z.number()]), { error: 'expected a data ID mapping, e.g. {visit: 1, ccd: 0}' });
const argvTemplate = z.array(z.string(), { error: 'expected a list of arguments (one string per argv element, no shell string)' }).min(1, { error: 'expected at least the command' });

/** Knobs of the demo Gen2 generator (`ci_gen3/demo`); all optional, generator defaults apply. */
export const demoInputsSchema = z.strictObject({
  seed: z.number().int().optional(),
  visits: positiveInt.optional(),
  detectors: positiveInt.max(8, { error: 'expected at most 8 detectors' }).optional(),
  width: positiveInt.optional(),
  height: positiveInt.optional(),
  visitsPerNight: positiveInt.optional(),
  startDate: z.iso.date({ error: 'expected a date YYYY-MM-DD' }).optional(),
  calibValidityDays: positiveInt.optional(),
});

/** One existing Gen2 repository: root, calib root and the reruns to convert and process. */
export const gen2InputSchema = z.strictObject({
  root: name,
  calibs: name.optional(),
  reruns: z.array(name).default([]),
  /** Instrument label of this repository in comparisons (must be one of `metadata.instruments`). */
  instrument: name.optional(),
});

/** Inputs: exactly one of `demo` (generator knobs) or `gen2` (one repository or a list). */
export const inputsSchema = z
  .strictObject({
    demo: demoInputsSchema.optional(),
    gen2: z.union([gen2InputSchema, z.array(gen2InputSchema).min(1, { error: 'expected at least one Gen2 repository' })]).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.demo === undefined && v.gen2 === undefined) ctx.addIssue({ code: 'custom', message: 'expected one of "demo" (generator knobs) or "gen2" (a Gen2 root)' });
    if (v.demo !== undefined && v.gen2 !== undefined) ctx.addIssue({ code: 'custom', message: 'give either "demo" or "gen2", not both' });
  })
  .transform((v) => ({ demo: v.demo, gen2: v.gen2 === undefined ? [] : Array.isArray(v.gen2) ? v.gen2 : [v.gen2] }));

/** How the Gen2 inputs are converted to Gen3. */
export const conversionSchema = z.strictObject({
  /** Converter families (`converters/<family>`); default: chosen from each repository's `_mapper`. */
  converters: z.array(name).default([]),
  /** A conversion config file (`gen2to3 convert --config`). */
  config: name.optional(),
  transfer: z.enum(TRANSFER_MODES, { error: `expected one of ${TRANSFER_MODES.join(', ')}` }).default('symlink'),
  /** Database URL; default a SQLite file in the Gen3 repository. */
  db: name.optional(),
});

/** One step of one side: a built-in reference task or an external command. */
export const stepSchema = z
  .strictObject({
    /** Unique within the side; the key of `steps[]` in the results. */
    name,
    /** A built-in reference task (`isr`, `detect`, `visitSummary`). */
    task: z.enum(REFERENCE_TASKS, { error: `expected a reference task: ${REFERENCE_TASKS.join(', ')}` }).optional(),
    /** An external command: argv templates, one element per argument. */
    command: argvTemplate.optional(),
    /**
     * Run once, alone, before the per-data-ID units: `true` for a task step (the task without a
     * data ID), an argv template for a command step. Serialises the first writes of shared per-run datasets
     * (configs, schemas, versions), like ci_hsc_gen2's pre* steps.
     */
    pre: z.union([z.boolean(), argvTemplate]).default(false),
    /** Data IDs of the units; default the run's data IDs when the step uses `{dataId.*}`. */
    dataIds: z.array(dataId).optional(),
    /** Extra environment variables for external commands. */
    env: z.record(z.string(), z.string()).default({}),
    timeoutSeconds: z.number().positive().optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.task === undefined) === (s.command === undefined)) ctx.addIssue({ code: 'custom', message: 'expected exactly one of "task" or "command"' });
    if (s.task !== undefined && Array.isArray(s.pre)) ctx.addIssue({ code: 'custom', path: ['pre'], message: 'a task step takes pre: true, not a command' });
    if (s.command !== undefined && s.pre === true) ctx.addIssue({ code: 'custom', path: ['pre'], message: 'a command step takes the pre command as a list of arguments (e.g. the command without --id)' });
  });

/** Steps of each side, in order. Units of one step run in parallel (`-j`). */
export const stepsSchema = z.strictObject({ gen2: z.array(stepSchema).default([]), gen3: z.array(stepSchema).default([]) });

/** Numeric tolerances: |a − b| ≤ atol + rtol·|b|. */
export const tolerancesSchema = z.strictObject({ rtol: nonNegative.optional(), atol: nonNegative.optional() });

/** How catalog rows are matched. */
export const matchSchema = z.discriminatedUnion(
  'by',
  [z.strictObject({ by: z.literal('id'), column: name.default('id') }), z.strictObject({ by: z.literal('position'), radiusArcsec: z.number().positive({ error: 'expected a positive radius' }) })],
  { error: 'expected {by: id} or {by: position, radiusArcsec: R}' },
);

/** How Gen2 data IDs are paired with Gen3 data IDs. */
export const pairingSchema = z.discriminatedUnion(
  'rule',
  [
    /** Translate with the converters' translators (the conversion's own code). */
    z.strictObject({ rule: z.literal('translate') }),
    /** Keys and values are the same on both sides. */
    z.strictObject({ rule: z.literal('same-keys') }),
    /** Rename Gen2 keys to Gen3 dimensions, values unchanged. */
    z.strictObject({ rule: z.literal('key-map'), keys: z.record(z.string(), name) }),
  ],
  { error: 'expected {rule: translate}, {rule: same-keys} or {rule: key-map, keys: {...}}' },
);

/** A difference that is expected, with its reason. */
export const expectedDifferenceSchema = z.strictObject({
  reason: name,
  /** Ticket recording it, e.g. `DM-30284`. */
  ticket: evidenceId.optional(),
  /** Gen2 data IDs it applies to (a subset of keys matches); default every pair. */
  dataIds: z.array(dataId).optional(),
  /** Header keys, catalog columns or config fields it covers; default the whole pair. */
  fields: z.array(name).optional(),
});

/** One comparison: a dataset type, its comparator and pairing. */
export const comparisonSchema = z
  .strictObject({
    /** Unique within the suite; default `<kind>/<datasetType>`. */
    id: name.optional(),
    kind: z.enum(['conversion', 'processing'], { error: 'expected conversion or processing' }).default('processing'),
    datasetType: name,
    /** Gen2 name when it differs (e.g. `deepCoadd_skyMap`). */
    gen2DatasetType: name.optional(),
    /** Default: the suite's only instrument. */
    instrument: name.optional(),
    comparator: z.enum(COMPARATORS, { error: `expected a comparator: ${COMPARATORS.join(', ')}` }),
    tolerances: tolerancesSchema.optional(),
    match: matchSchema.optional(),
    pairing: pairingSchema.default({ rule: 'translate' }),
    /** Header keys to ignore in addition to the built-in rules (wildcards allowed). */
    ignoreKeywords: z.array(name).default([]),
    expectedDifferences: z.array(expectedDifferenceSchema).default([]),
    /** Blessed golden summary file (written by `--bless`). */
    golden: name.optional(),
    /**
     * Ids of the `config` comparisons whose (unexplained) differences explain this comparison's
     * differences; default every config comparison of the same instrument; `[]` for none.
     */
    explainedByConfigs: z.array(name).optional(),
    /** Milestone/blocker ids; default `metadata.evidenceFor`. */
    evidenceFor: z.array(evidenceId).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.tolerances && !NUMERIC_COMPARATORS.includes(c.comparator)) ctx.addIssue({ code: 'custom', path: ['tolerances'], message: `the ${c.comparator} comparator takes no tolerances (only ${NUMERIC_COMPARATORS.join(', ')})` });
    if (c.match && c.comparator !== 'catalog') ctx.addIssue({ code: 'custom', path: ['match'], message: 'match applies to the catalog comparator only' });
    if (c.comparator === 'catalog' && !c.match) ctx.addIssue({ code: 'custom', path: ['match'], message: 'the catalog comparator needs match: {by: id} or {by: position, radiusArcsec: R}' });
  });

/** Which side a fault is injected on. */
const side = z.enum(['gen2', 'gen3'], { error: 'expected gen2 or gen3' });

/**
 * A fault injected on one side, to prove the harness catches what real parity testing caught
 * (`ci_gen3/suites/faults/`). Faults are handed to the reference pipeline of that side
 * (`referenceTasks(side, butler, {faults})`); the compare stage must then report the right kind of
 * difference on the right dataset type and data ID.
 */
export const faultSchema = z.discriminatedUnion(
  'kind',
  [
    /** A calibration validity boundary moved by `days` on one side (raws near the boundary pick another calib). */
    z.strictObject({ kind: z.literal('calib-validity-shift'), side, datasetType: z.enum(['bias', 'flat']), days: z.number().int().refine((d) => d !== 0, { error: 'expected a non-zero number of days' }) }),
    /** ISR on one side uses a different flat (e.g. of another filter) for the given data IDs (default all). */
    z.strictObject({ kind: z.literal('flat-choice'), side, useFilter: name.optional(), dataIds: z.array(dataId).optional() }),
    /** A physical filter mapped to the wrong band on one side. */
    z.strictObject({ kind: z.literal('filter-band'), side, physicalFilter: name, band: name }),
    /** The gather step of one side reads its inputs in reverse order (an order-dependent algorithm). */
    z.strictObject({ kind: z.literal('gather-order'), side, step: name.default('visitSummary') }),
    /** A task config field changed on one side (and written to that side's config dataset). */
    z.strictObject({ kind: z.literal('config'), side, task: z.enum(REFERENCE_TASKS), field: name, value: z.union([z.string(), z.number(), z.boolean()]) }),
    /** An output of one side not written for the given data ID. */
    z.strictObject({ kind: z.literal('drop-output'), side, datasetType: name, dataId }),
    /** A NaN pixel of one output moved (pixel `[x, y]`, zero-based) on one side. */
    z.strictObject({
      kind: z.literal('nan-move'),
      side,
      datasetType: name,
      dataId,
      from: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
      to: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
    }),
  ],
  { error: 'expected a fault kind: calib-validity-shift, flat-choice, filter-band, gather-order, config, drop-output, nan-move' },
);

/** Suite metadata: instruments and the milestones/blockers it provides evidence for. */
export const metadataSchema = z.strictObject({
  instruments: z.array(name).min(1, { error: 'expected at least one instrument' }),
  evidenceFor: z.array(evidenceId).default([]),
  owner: name.optional(),
});

/** A whole suite file. */
export const suiteSchema = z.strictObject({
  formatVersion: z.literal(SUITE_FORMAT_VERSION, { error: `expected formatVersion: ${SUITE_FORMAT_VERSION}` }),
  name,
  description: z.string().optional(),
  metadata: metadataSchema,
  inputs: inputsSchema,
  conversion: conversionSchema.default({ converters: [], transfer: 'symlink' }),
  /** Mapper policy search path entries (obs packages, their `policy/` directories, or a directory holding them), searched before the harness's. */
  policyPath: z.array(name).default([]),
  /** Stages this suite runs, a subset of the harness stages in their fixed order; default all. */
  stages: z.array(z.enum(STAGES, { error: `expected a stage: ${STAGES.join(', ')}` })).optional(),
  steps: stepsSchema.default({ gen2: [], gen3: [] }),
  comparisons: z.array(comparisonSchema).default([]),
  /** Faults injected on one side (fault-injection suites). */
  faults: z.array(faultSchema).default([]),
});

/** A suite as written (defaults optional). */
export type SuiteInput = z.input<typeof suiteSchema>;
/** A parsed suite (defaults applied, before path resolution). */
export type ParsedSuite = z.output<typeof suiteSchema>;
/** One step. */
export type SuiteStep = z.output<typeof stepSchema>;
/** One comparison as parsed. */
export type SuiteComparison = z.output<typeof comparisonSchema>;
/** One Gen2 input repository. */
export type Gen2Input = z.output<typeof gen2InputSchema>;
/** Demo generator knobs. */
export type DemoInputs = z.output<typeof demoInputsSchema>;
/** An expected difference. */
export type ExpectedDifference = z.output<typeof expectedDifferenceSchema>;
/** A fault to inject. */
export type SuiteFault = z.output<typeof faultSchema>;
