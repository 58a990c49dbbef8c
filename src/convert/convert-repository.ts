import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import path from 'node:path';
import { Gen2to3Error, isErrnoError, UsageError } from '../errors.js';
import { Registry } from '../gen3/registry/index.js';
import { Gen2Butler } from '../gen2/butler/gen2-butler.js';
import type { TransferMode } from '../gen3/datastore/index.js';
import { createRepository, openRepository, registryCommitted, SQLITE_REGISTRY_DB, type Repository } from '../gen3/repo/index.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { noProgress, type Progress } from '../log/progress.js';
import { applyPlan, type BatchStage } from './apply/apply-plan.js';
import type { ConversionReport } from './apply/conversion-report.js';
import { checkPlan } from './apply/check-plan.js';
import { acquireConversionLock, type ConversionLock } from './apply/conversion-lock.js';
import { ConversionTargetError } from './apply/errors.js';
import { RerunConfigError, rerunRelativePath } from './rerun-specs.js';
import type { ConversionConfigOverrides } from './conversion-config.js';
import type { Converter } from './converter.js';
import { planConversion } from './plan/plan-conversion.js';
import type { ConversionPlan } from './plan/plan-model.js';

/** Options of {@link convertRepository}. */
export interface ConvertRepositoryOptions {
  readonly gen2Root: string;
  /** Target Gen3 repository directory: created when it has no `butler.yaml`, added to otherwise. */
  readonly gen3Repo: string;
  /** The converters to choose from (by the Gen2 root's mapper class). */
  readonly converters: readonly Converter[];
  readonly policyPath: readonly string[];
  readonly calibRoots?: readonly string[];
  readonly reruns?: readonly string[];
  readonly config?: ConversionConfigOverrides;
  /** PostgreSQL URL for a new repository (default SQLite in the repository). */
  readonly db?: string;
  readonly transfer?: TransferMode;
  readonly batchSize?: number;
  /** Run the one-to-one define-visits step (before the datasets, which may need visits). Default `true`. */
  readonly defineVisits?: boolean;
  /** Convert Gen2 `defects` instead of skipping them as curated. */
  readonly convertGen2Defects?: boolean;
  /** Plan only: nothing is created or written. */
  readonly dryRun?: boolean;
  /** Checks the converted repository against the Gen2 one (`--verify`); its result goes to the report. */
  readonly verify?: (plan: ConversionPlan, repo: Repository) => Promise<unknown>;
  readonly onBatch?: (stage: BatchStage, index: number) => void | Promise<void>;
  readonly logger?: Logger;
  readonly progress?: Progress;
}

/** What {@link convertRepository} did. */
export interface ConvertRepositoryResult {
  readonly plan: ConversionPlan;
  /** Undefined for a dry run. */
  readonly report?: ConversionReport;
  /** True when the Gen3 repository was created by this call. */
  readonly created: boolean;
}

/** Present in the target while `convert` creates the repository (a partial repository after a kill). */
const CREATING_MARKER = '.gen2to3-convert-creating';

async function mapperClassOf(gen2Root: string, policyPath: readonly string[], calibRoot: string | undefined, logger: Logger): Promise<string> {
  const butler = await Gen2Butler.open(gen2Root, { policyPath, ...(calibRoot ? { calibRoot } : {}), logger });
  try {
    return butler.mapper.className;
  } finally {
    butler.close();
  }
}

/**
 * `gen2to3 convert`: plans the conversion of a Gen2 repository (root, calibration root, reruns),
 * creates the Gen3 repository when missing (SQLite, or the `db` server), applies the plan in
 * resumable batches, defines one-to-one visits, and optionally verifies.
 * @throws UsageError when no converter handles the repository's mapper, or a rerun lies outside the root.
 * @throws ConversionTargetError when the target cannot be created or written.
 * @throws the typed errors of {@link planConversion} and {@link applyPlan}.
 */
export async function convertRepository(options: ConvertRepositoryOptions): Promise<ConvertRepositoryResult> {
  const logger = options.logger ?? silentLogger;
  const gen2Root = path.resolve(options.gen2Root);
  const reruns = (options.reruns ?? []).map((r) => rerunRelativePath(gen2Root, r));
  const mapperClass = await mapperClassOf(gen2Root, options.policyPath, options.calibRoots?.[0], logger);
  const converter = options.converters.find((c) => c.instruments.some((i) => i.mapperClasses.includes(mapperClass) && i.instrument !== undefined));
  if (!converter) throw new UsageError(`no converter has a Gen3 instrument for the mapper ${mapperClass} of ${gen2Root}`);
  const plan = await planConversion({
    gen2Root,
    converter,
    policyPath: options.policyPath,
    ...(options.calibRoots ? { calibRoots: options.calibRoots } : {}),
    reruns,
    ...(options.config ? { config: options.config } : {}),
    ...(options.convertGen2Defects ? { convertGen2Defects: true } : {}),
    logger,
  });
  if (options.dryRun) return { plan, created: false };
  checkPlan(plan); // before the target is created: a bad plan leaves no trace

  const target = path.resolve(options.gen3Repo);
  let madeFrom: string | undefined;
  try {
    madeFrom = mkdirSync(target, { recursive: true });
  } catch (e) {
    if (isErrnoError(e)) throw new ConversionTargetError(target, `cannot create the Gen3 repository directory: ${e.message}`, { cause: e });
    throw e;
  }
  // One conversion at a time per repository (lock file; plus an advisory lock on a PostgreSQL registry).
  const db = options.db ?? registryDbOf(target);
  let lock: ConversionLock | undefined;
  let converted = false;
  try {
    lock = await acquireConversionLock(target, { ...(db ? { db } : {}), logger });
    const result = await convertLocked(options, plan, target, logger);
    converted = true;
    return result;
  } finally {
    await lock?.release();
    // refused before anything was written (unreachable database, unknown rerun parent): no empty directory is left either
    if (!converted) removeMadeDirectories(target, madeFrom);
  }
}

/** Removes the empty directories from `dir` up to `madeFrom`, the first one this call created (none when undefined). */
function removeMadeDirectories(dir: string, madeFrom: string | undefined): void {
  if (madeFrom === undefined) return;
  try {
    for (let d = dir; readdirSync(d).length === 0; d = path.dirname(d)) {
      rmdirSync(d);
      if (d === madeFrom || d === path.dirname(d)) break;
    }
  } catch {
    // best effort: the error being reported matters more
  }
}

async function convertLocked(options: ConvertRepositoryOptions, plan: ConversionPlan, target: string, logger: Logger): Promise<ConvertRepositoryResult> {
  const config = path.join(target, 'butler.yaml');
  const creating = path.join(target, CREATING_MARKER);
  let db = options.db;
  if (existsSync(creating) && existsSync(config)) {
    // Killed after butler.yaml was written: either after the creation committed (the marker is all that
    // is left to remove) or, on PostgreSQL, inside the creating transaction (butler.yaml names no registry).
    if (await registryCommitted(target, { logger: logger.child('gen3:repo') })) {
      rmSync(creating, { force: true });
    } else {
      const named = registryDbOf(target);
      if (named !== SQLITE_REGISTRY_DB) db ??= named;
      rmSync(config, { force: true });
    }
  }
  const created = !existsSync(config);
  if (created) {
    const planned = new Set(plan.collections.map((c) => c.name));
    const unknown = (plan.rerunSpecs ?? []).flatMap((r) => r.parents.filter((p) => !planned.has(p)).map((p) => ({ rerun: r.path, parent: p })))[0];
    if (unknown) throw new RerunConfigError(`rerun ${unknown.rerun}: parent ${unknown.parent} is not a collection of this conversion and the new repository ${target} has no collections; nothing was written`);
    // A conversion killed while creating the repository leaves its partial files; the marker says they are ours.
    if (existsSync(creating)) {
      const leftovers = readdirSync(target).filter((f) => /^gen3\.sqlite3(-journal|-wal|-shm)?$/.test(f) || /^\.?(gen3\.sqlite3|butler\.yaml)\.[0-9a-f]+\.tmp(-journal|-wal|-shm)?$/.test(f));
      for (const f of leftovers) rmSync(path.join(target, f), { force: true });
      if (leftovers.length > 0) logger.info('removed-partial-repository', { files: leftovers });
    }
    try {
      writeFileSync(creating, `${process.pid}\n`);
      await createRepository(target, { ...(db ? { db } : {}), logger: logger.child('gen3:repo') });
      rmSync(creating, { force: true });
    } catch (e) {
      rmSync(creating, { force: true }); // a creation that failed (rather than was killed) leaves nothing behind
      if (e instanceof Gen2to3Error) throw e;
      if (isErrnoError(e)) throw new ConversionTargetError(target, `cannot create the Gen3 repository: ${e.message}`, { cause: e });
      throw e;
    }
  }
  const repo = await openRepository(target, { logger: logger.child('gen3:repo') });
  try {
    await checkRerunParents(plan, repo);
    let report: ConversionReport;
    try {
      report = await applyPlan(plan, repo, {
        defineVisits: options.defineVisits ?? true,
        ...(options.transfer ? { transfer: options.transfer } : {}),
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
        logger,
        progress: options.progress ?? noProgress,
      });
    } catch (e) {
      if (!(e instanceof Gen2to3Error) && isErrnoError(e) && ['EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(e.code ?? '')) {
        throw new ConversionTargetError(target, `cannot write the Gen3 repository: ${e.message}`, { cause: e });
      }
      throw e;
    }
    if (options.verify) report = { ...report, verify: await options.verify(plan, repo) };
    return { plan, report, created };
  } finally {
    await repo.close();
  }
}

/** Every rerun parent is a rerun of the plan, a planned collection, or a collection of the target. @throws RerunConfigError */
async function checkRerunParents(plan: ConversionPlan, repo: Repository): Promise<void> {
  const planned = new Set(plan.collections.map((c) => c.name));
  const registry = Registry.of(repo);
  for (const spec of plan.rerunSpecs ?? []) {
    for (const parent of spec.parents) {
      if (planned.has(parent) || (await registry.findCollection(parent))) continue;
      throw new RerunConfigError(`rerun ${spec.path}: parent ${parent} is neither a collection of this conversion nor one of ${repo.root}; nothing was written`);
    }
  }
}

/** `registry.db` of an existing repository's `butler.yaml` (undefined when there is none or it cannot be read). */
function registryDbOf(root: string): string | undefined {
  try {
    const config = YAML.parse(readFileSync(path.join(root, 'butler.yaml'), 'utf8')) as { registry?: { db?: unknown } } | null;
    return typeof config?.registry?.db === 'string' ? config.registry.db : undefined;
  } catch {
    return undefined;
  }
}
