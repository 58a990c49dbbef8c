/**
 * The reference pipeline's tasks as in-process harness tasks (`InProcessTask`), written once against
 * {@link NeutralButler}: `isr` (per raw; the pre unit writes `isr_config`), `detect` (per visit ×
 * detector; the pre unit writes `detect_config`) and `visitSummary` (per visit, gathering every
 * detector). A failing unit throws a {@link PipelineError} naming the task and the data ID; the
 * other units are unaffected.
 */
import { Gen2to3Error } from '../../src/errors.js';
import type { InProcessTask, Side, StepTaskContext } from '../steps/run-side-steps.js';
import type { SuiteStep } from '../suite/suite-schema.js';
import { REFERENCE_TASKS, type ReferenceTaskName } from '../suite/reference-tasks.js';
import { catalogHdus, catalogTable, numericColumn } from './catalog-table.js';
import { formatNeutralDataId, PipelineError } from './errors.js';
import { maskedImageHdus, readMaskedImage, readPlainImage, type PlainImage } from './masked-image.js';
import type { LookupOptions, NeutralButler, NeutralDataId } from './neutral-butler.js';
import { DEFAULT_DETECT_CONFIG, DEFAULT_ISR_CONFIG, detectConfigFields, dumpConfig, isrConfigFields, type ConfigField, type DetectConfig, type IsrConfig } from './task-config.js';
import { detectSources } from './tasks/detect.js';
import { isrCorrect } from './tasks/isr.js';
import { timeTask } from './task-clock.js';
import { summarizeVisit, type DetectorSummaryInput, type GatherOrder } from './tasks/visit-summary.js';

/** Options of {@link referenceTasks}. */
export interface ReferenceTaskOptions {
  /** Overrides of the ISR config (a config change shows in `isr_config` and the outputs). */
  readonly isr?: Partial<IsrConfig>;
  readonly detect?: Partial<DetectConfig>;
  /** Row order of the gather (default `sorted`; `as-given`/`reversed` inject an input-order dependence). */
  readonly gatherOrder?: GatherOrder;
  /** Fault injection "a different flat chosen": look the flat up as if the exposure were this many days later. */
  readonly flatShiftDays?: number;
  /** Fault injection "a different flat chosen": use the flat of this physical filter. */
  readonly flatFilter?: string;
  /** Units the flat faults apply to (a unit matches when it has every key/value of one entry); default every unit. */
  readonly flatFaultDataIds?: readonly NeutralDataId[];
  /** Fault injection "a filter mapped to the wrong band" on this side: physical filter → band, over what the butler says. */
  readonly filterBands?: Readonly<Record<string, string>>;
}

/** Python class names of the task configs in the dumps. */
export const CONFIG_CLASSES = { isr: 'gen2to3.pipeline.isr.IsrConfig', detect: 'gen2to3.pipeline.detect.DetectConfig' } as const;

/** Config fields a Gen2 command-line driver adds to every task config (absent from Gen3 label configs). */
const GEN2_DRIVER_FIELDS: readonly ConfigField[] = [{ name: 'doWrite', type: 'bool', value: true, doc: 'Write the outputs (CmdLineTask driver).' }];

/** The config dump a side writes for a task. */
export function configDump(side: Side, task: 'isr' | 'detect', options: ReferenceTaskOptions = {}): string {
  const fields = task === 'isr' ? isrConfigFields({ ...DEFAULT_ISR_CONFIG, ...options.isr }) : detectConfigFields({ ...DEFAULT_DETECT_CONFIG, ...options.detect });
  return dumpConfig(CONFIG_CLASSES[task], side === 'gen2' ? [...fields, ...GEN2_DRIVER_FIELDS] : fields);
}

/**
 * Writes a task's config dataset, or checks the stored one is identical (a Gen2 CmdLineTask refused to
 * run against a different stored config; a resumed run finds its own).
 * @throws PipelineError when a different config is stored.
 */
async function writeConfig(butler: NeutralButler, datasetType: string, text: string): Promise<void> {
  if (await butler.exists(datasetType, {})) {
    const stored = await butler.get(datasetType, {});
    if (stored.format === 'config' && stored.text === text) return;
    throw new PipelineError(`${datasetType} in ${butler.outputName} differs from this run's config (${stored.path}); use a new output`);
  }
  await butler.put(datasetType, {}, { format: 'config', text });
}

async function plainImage(butler: NeutralButler, datasetType: string, dataId: NeutralDataId, options: LookupOptions = {}): Promise<PlainImage> {
  const d = await butler.get(datasetType, dataId, options);
  if (d.format !== 'fits') throw new PipelineError(`${datasetType} is not a FITS dataset`);
  const fits = d.fits;
  return timeTask(() => readPlainImage(fits));
}

async function fitsOf(butler: NeutralButler, datasetType: string, dataId: NeutralDataId) {
  const d = await butler.get(datasetType, dataId);
  if (d.format !== 'fits') throw new PipelineError(`${datasetType} is not a FITS dataset`);
  return d.fits;
}

/** The flat lookup options of a unit: the flat faults when they apply to it. */
function flatLookup(dataId: NeutralDataId, options: ReferenceTaskOptions): LookupOptions {
  const applies = !options.flatFaultDataIds || options.flatFaultDataIds.some((want) => Object.entries(want).every(([k, v]) => String(dataId[k]) === String(v)));
  if (!applies) return {};
  return { ...(options.flatShiftDays ? { calibrationShiftDays: options.flatShiftDays } : {}), ...(options.flatFilter ? { physicalFilter: options.flatFilter } : {}) };
}

/** Runs `fn` as one unit of work of `butler` (given the butler to work through), turning any failure into an error naming the task and the unit. */
async function unit(task: string, ctx: StepTaskContext, butler: NeutralButler, fn: (butler: NeutralButler) => Promise<void>): Promise<void> {
  try {
    await (butler.unitOfWork ? butler.unitOfWork(fn) : fn(butler));
  } catch (err) {
    const where = ctx.dataId ? formatNeutralDataId(ctx.dataId) : '(pre)';
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof Gen2to3Error && message.startsWith(`${task} `)) throw err;
    throw new PipelineError(`${task} ${where}: ${message}`, { cause: err });
  }
}

/**
 * The in-process implementations of the reference tasks for one side.
 * @example
 * ```ts
 * const butler = await Gen2NeutralButler.open({ root, outputRerun, policyPath });
 * await runSideSteps({ side: 'gen2', steps, tasks: referenceTasks('gen2', butler), dataIds: (s) => stepUnits(s) , … });
 * ```
 */
export function referenceTasks(side: Side, butler: NeutralButler, options: ReferenceTaskOptions = {}): Record<ReferenceTaskName, InProcessTask> {
  if (butler.side !== side) throw new PipelineError(`referenceTasks(${side}) was given a ${butler.side} butler`);
  const isrConfig: IsrConfig = { ...DEFAULT_ISR_CONFIG, ...options.isr };
  const detectConfig: DetectConfig = { ...DEFAULT_DETECT_CONFIG, ...options.detect };
  // Each config is written (or checked) once per butler: by the pre unit when the step has one, else by
  // the first data unit (later units wait for it, so parallel units never race on the first write).
  const configs = new Map<string, Promise<void>>();
  const ensureConfig = (b: NeutralButler, datasetType: string, text: string): Promise<void> => {
    let p = configs.get(datasetType);
    if (!p) {
      p = writeConfig(b, datasetType, text);
      configs.set(datasetType, p);
      p.catch(() => configs.delete(datasetType));
    }
    return p;
  };
  const check = (ctx: StepTaskContext) => {
    if (ctx.side !== side) throw new PipelineError(`a ${side} reference task was run for the ${ctx.side} side`);
  };
  return {
    isr: (ctx) =>
      unit('isr', ctx, butler, async (b) => {
        check(ctx);
        await ensureConfig(b, 'isr_config', configDump(side, 'isr', options));
        if (!ctx.dataId) return;
        const raw = await plainImage(b, 'raw', ctx.dataId);
        const bias = isrConfig.doBias ? await plainImage(b, 'bias', ctx.dataId) : undefined;
        const flat = isrConfig.doFlat ? await plainImage(b, 'flat', ctx.dataId, flatLookup(ctx.dataId, options)) : undefined;
        const hdus = await timeTask(() => maskedImageHdus(isrCorrect(raw, { ...(bias ? { bias } : {}), ...(flat ? { flat } : {}) }, isrConfig)));
        await b.put('postISRCCD', ctx.dataId, { format: 'fits', hdus });
      }),
    detect: (ctx) =>
      unit('detect', ctx, butler, async (b) => {
        check(ctx);
        await ensureConfig(b, 'detect_config', configDump(side, 'detect', options));
        if (!ctx.dataId) return;
        const obs = await b.describe(ctx.dataId);
        const postIsrFits = await fitsOf(b, 'postISRCCD', ctx.dataId);
        const { calexp, src } = await timeTask(() => {
          const result = detectSources(readMaskedImage(postIsrFits), detectConfig, obs);
          return { calexp: maskedImageHdus(result.calexp), src: catalogHdus(result.sources, 'SOURCES') };
        });
        await b.put('calexp', ctx.dataId, { format: 'fits', hdus: calexp });
        await b.put('src', ctx.dataId, { format: 'fits', hdus: src });
      }),
    visitSummary: (ctx) =>
      unit('visitSummary', ctx, butler, async (b) => {
        check(ctx);
        if (!ctx.dataId) return;
        const visit = Number(ctx.dataId.visit);
        if (!Number.isInteger(visit)) throw new PipelineError('the data ID has no integer visit');
        const ids = await b.queryVisit('calexp', visit);
        if (ids.length === 0) throw new PipelineError(`no calexp of visit ${visit} in ${b.outputName}`);
        const inputs: DetectorSummaryInput[] = [];
        for (const id of ids) {
          const described = await b.describe(id);
          const band = options.filterBands && Object.hasOwn(options.filterBands, described.physicalFilter) ? options.filterBands[described.physicalFilter] : undefined;
          const obs = band !== undefined ? { ...described, band } : described;
          const calexp = await fitsOf(b, 'calexp', id);
          const bg = calexp.hdus[0]?.header.getNumber('BGMEAN');
          if (bg === undefined) throw new PipelineError(`calexp ${formatNeutralDataId(id)} has no BGMEAN`);
          const src = await fitsOf(b, 'src', id);
          inputs.push(
            await timeTask(() => {
              catalogTable(src);
              return { obs, backgroundMean: bg, sourceFluxes: numericColumn(src, 'flux'), centroidX: numericColumn(src, 'centroid_x'), centroidY: numericColumn(src, 'centroid_y') };
            }),
          );
        }
        const hdus = await timeTask(() => catalogHdus(summarizeVisit(visit, inputs, options.gatherOrder ?? 'sorted'), 'VISITSUMMARY'));
        await b.put('visitSummary', ctx.dataId, { format: 'fits', hdus });
      }),
  };
}

/** What kind of unit each reference task runs per. */
export const TASK_UNITS: Readonly<Record<ReferenceTaskName, 'raw' | 'visit-detector' | 'visit'>> = { isr: 'raw', detect: 'visit-detector', visitSummary: 'visit' };

/** The unit data IDs of a reference task from the side's own registry (for the harness's `dataIds`). */
export function referenceTaskDataIds(butler: NeutralButler, task: ReferenceTaskName): Promise<NeutralDataId[]> {
  return butler.unitDataIds(TASK_UNITS[task]);
}

/**
 * Every reference task's unit data IDs, listed once from the side's registry, as the synchronous
 * `dataIds(step)` function `runSideSteps` takes (steps that name no task get none).
 */
export async function referenceStepDataIds(butler: NeutralButler): Promise<(step: Pick<SuiteStep, 'task'>) => NeutralDataId[]> {
  const ids = new Map<ReferenceTaskName, NeutralDataId[]>();
  for (const task of REFERENCE_TASKS) ids.set(task, await referenceTaskDataIds(butler, task));
  return (step) => (step.task ? [...(ids.get(step.task) ?? [])] : []);
}
