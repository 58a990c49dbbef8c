/**
 * The Gen2 implementation of {@link NeutralButler}: reads through src/gen2 (repository chain, mapper
 * policy templates, raw registry, calibration registry with validity ranges — the calibration a raw
 * needs is chosen by `Gen2Butler.locate` as CameraMapper did) and writes into an output rerun whose
 * `repositoryCfg.yaml` names the input repository as its parent, at the paths the mapper templates
 * give. Data IDs use Gen2 keys (`visit`, `ccd`, `filter`).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Gen2Butler } from '../../src/gen2/butler/gen2-butler.js';
import type { Gen2DataId } from '../../src/gen2/data-id.js';
import type { Gen2Repository } from '../../src/gen2/repository.js';
import { FitsHeader } from '../../src/fits/header.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { DEMO_INSTRUMENT } from '../demo/demo-instrument.js';
import { writeDatasetFile } from './atomic-write.js';
import { readDatasetFile } from './read-dataset-file.js';
import { timeTask } from './task-clock.js';
import { PipelineDatasetNotFoundError, PipelineError } from './errors.js';
import { neutralDataIdKey, type DatasetContent, type LookupOptions, type NeutralButler, type NeutralDataId, type ObservationInfo, type StoredDataset } from './neutral-butler.js';
import { withProvenance } from './provenance.js';
import { pipelineDatasetType, type PipelineDatasetType } from './pipeline-datasets.js';

/** Options of {@link Gen2NeutralButler.open}. */
export interface Gen2NeutralButlerOptions {
  /** The input Gen2 repository (a root or a rerun). */
  readonly root: string;
  /** The output rerun directory (created; its `repositoryCfg.yaml` is written). */
  readonly outputRerun: string;
  /** Policy search path (the demo policy directory for DemoCam). */
  readonly policyPath: readonly string[];
  /** Calibration root; default: the input repository's. */
  readonly calibRoot?: string;
  /** Physical filter → band, the instrument's filter definitions (Gen2 obs packages defined them in code). Default: the demo camera's. */
  readonly filterBands?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
}

/** The `repositoryCfg.yaml` of an output rerun: mapper, calibration root and the input as parent. */
export function rerunRepositoryCfg(mapper: string, parent: string, calibRoot: string | undefined): string {
  return [
    '!RepositoryCfg_v1',
    `_mapper: !!python/name:${mapper} ''`,
    ...(calibRoot ? ['_mapperArgs:', `  calibRoot: ${calibRoot}`] : ['_mapperArgs: {}']),
    '_parents:',
    `- ${parent}`,
    '_policy: null',
    '_root: null',
    'dirty: true',
    '',
  ].join('\n');
}

/** Reads Gen2 inputs and writes Gen2 outputs into a rerun. */
export class Gen2NeutralButler implements NeutralButler {
  readonly side = 'gen2' as const;

  private constructor(
    /** The Gen2 butler of the output rerun (reads search the rerun, then its parents). */
    readonly butler: Gen2Butler,
    readonly outputRoot: string,
    readonly logger: Logger,
    readonly filterBands: Readonly<Record<string, string>> = DEMO_INSTRUMENT.filters,
  ) {}

  get outputName(): string {
    return this.outputRoot;
  }

  /**
   * Creates (or reopens) the output rerun and opens it.
   * @throws PipelineError when the rerun exists with another `repositoryCfg.yaml`; Gen2 errors for a bad input repository.
   */
  static async open(options: Gen2NeutralButlerOptions): Promise<Gen2NeutralButler> {
    const logger = options.logger ?? silentLogger;
    const root = path.resolve(options.root);
    const out = path.resolve(options.outputRerun);
    const input = await Gen2Butler.open(root, { policyPath: options.policyPath, ...(options.calibRoot ? { calibRoot: options.calibRoot } : {}), logger });
    let cfg: string;
    try {
      const repo: Gen2Repository = input.repository;
      cfg = rerunRepositoryCfg(repo.mapper.dotted, repo.root, options.calibRoot ? path.resolve(options.calibRoot) : input.calib.root);
    } finally {
      input.close();
    }
    const cfgFile = path.join(out, 'repositoryCfg.yaml');
    if (existsSync(cfgFile)) {
      if (readFileSync(cfgFile, 'utf8') !== cfg) throw new PipelineError(`${cfgFile}: the output rerun exists with another configuration (parent or mapper differ)`);
    } else {
      mkdirSync(out, { recursive: true });
      writeDatasetFile(cfgFile, { format: 'config', text: cfg });
    }
    const butler = await Gen2Butler.open(out, { policyPath: options.policyPath, ...(options.calibRoot ? { calibRoot: options.calibRoot } : {}), logger });
    return new Gen2NeutralButler(butler, out, logger, options.filterBands ?? DEMO_INSTRUMENT.filters);
  }

  #type(name: string): PipelineDatasetType {
    const t = pipelineDatasetType(name);
    if (!t) throw new PipelineError(`unknown pipeline dataset type ${name}`);
    return t;
  }

  #id(dataId: NeutralDataId): Gen2DataId {
    return { ...dataId };
  }

  /** Observations by data ID: the raw registry does not change while the butler is open. */
  readonly #described = new Map<string, ObservationInfo>();
  /** Output paths by dataset type and data ID (the raw registry completing the ID does not change while the butler is open). */
  readonly #outputPaths = new Map<string, string>();
  /** Files this butler wrote, by dataset type and data ID: the output rerun is searched first, so a lookup finds them there. */
  readonly #written = new Map<string, string>();

  async describe(dataId: NeutralDataId): Promise<ObservationInfo> {
    const key = neutralDataIdKey(dataId);
    const known = this.#described.get(key);
    if (known) return known;
    const info = this.#describe(dataId);
    this.#described.set(key, info);
    return info;
  }

  #describe(dataId: NeutralDataId): ObservationInfo {
    const id = this.butler.completeDataId('raw', this.#id(dataId));
    const visit = Number(id.visit);
    const ccd = Number(id.ccd);
    if (!Number.isInteger(visit) || !Number.isInteger(ccd) || typeof id.filter !== 'string') throw new PipelineError(`raw ${JSON.stringify(dataId)}: the registry gives no visit, ccd and filter`);
    const band = Object.hasOwn(this.filterBands, id.filter) ? this.filterBands[id.filter] : undefined;
    return { visit, exposure: visit, detector: ccd, physicalFilter: id.filter, ...(band !== undefined ? { band } : {}) };
  }

  /**
   * The data ID of a calibration lookup with the options applied: `taiObs` from `raw_visit`, shifted
   * by whole days (Gen2 compares it as text), and the filter replaced.
   */
  #calibId(dataId: NeutralDataId, options: LookupOptions): Gen2DataId {
    const rows = this.butler.rawRegistry().queryDistinct({ tables: ['raw_visit'], select: ['taiObs'], where: { visit: Number(dataId.visit) } });
    const taiObs = rows.length === 1 ? String(rows[0]!.taiObs) : undefined;
    const t = taiObs === undefined ? Number.NaN : Date.parse(`${taiObs}Z`);
    if (Number.isNaN(t)) throw new PipelineError(`visit ${String(dataId.visit)}: no taiObs in raw_visit for the calibration lookup`);
    const shifted = new Date(t + (options.calibrationShiftDays ?? 0) * 86_400_000).toISOString().slice(0, taiObs!.length);
    return { ...dataId, taiObs: shifted, ...(options.physicalFilter ? { filter: options.physicalFilter } : {}) };
  }

  async locate(datasetType: string, dataId: NeutralDataId, options: LookupOptions = {}): Promise<string> {
    const t = this.#type(datasetType);
    const written = t.output ? this.#written.get(`${t.name}|${neutralDataIdKey(dataId)}`) : undefined;
    if (written !== undefined && existsSync(written)) return written;
    try {
      const altered = t.isCalibration && ((options.calibrationShiftDays ?? 0) !== 0 || options.physicalFilter !== undefined);
      return this.butler.locate(t.gen2Name, altered ? this.#calibId(dataId, options) : this.#id(dataId)).path;
    } catch (err) {
      throw new PipelineDatasetNotFoundError(t.gen2Name, dataId, (err as Error).message, { cause: err });
    }
  }

  async exists(datasetType: string, dataId: NeutralDataId): Promise<boolean> {
    try {
      await this.locate(datasetType, dataId);
      return true;
    } catch (err) {
      if (err instanceof PipelineDatasetNotFoundError) return false;
      throw err;
    }
  }

  async get(datasetType: string, dataId: NeutralDataId, options: LookupOptions = {}): Promise<StoredDataset> {
    const t = this.#type(datasetType);
    return readDatasetFile(t.format, await this.locate(datasetType, dataId, options));
  }

  /** The path an output would be written to: the mapper template in the output rerun. */
  outputPath(datasetType: string, dataId: NeutralDataId): string {
    const t = this.#type(datasetType);
    const key = `${t.name}|${neutralDataIdKey(dataId)}`;
    const known = this.#outputPaths.get(key);
    if (known !== undefined) return known;
    const id = this.butler.completeDataId(t.gen2Name, this.#id(dataId));
    const file = path.join(this.outputRoot, this.butler.template(t.gen2Name).format(id));
    this.#outputPaths.set(key, file);
    return file;
  }

  async put(datasetType: string, dataId: NeutralDataId, content: DatasetContent): Promise<void> {
    const t = this.#type(datasetType);
    if (!t.output) throw new PipelineError(`${datasetType} is an input; the pipeline does not write it`);
    if (content.format !== t.format) throw new PipelineError(`${datasetType} is stored as ${t.format}, not ${content.format}`);
    const file = this.outputPath(datasetType, dataId);
    const cards = new FitsHeader().set('RERUN', path.basename(this.outputRoot), 'Gen2 output rerun');
    await timeTask(() => writeDatasetFile(file, withProvenance(content, cards)));
    this.#written.set(`${t.name}|${neutralDataIdKey(dataId)}`, file);
    this.logger.debug('gen2-put', { datasetType: t.gen2Name, file });
  }

  async queryVisit(datasetType: string, visit: number): Promise<NeutralDataId[]> {
    const rows = this.butler.rawRegistry().queryDistinct({ tables: ['raw'], select: ['visit', 'ccd'], where: { visit } });
    const out: NeutralDataId[] = [];
    for (const r of rows) {
      const id = { visit: Number(r.visit), ccd: Number(r.ccd) };
      if (await this.exists(datasetType, id)) out.push(id);
    }
    return out;
  }

  async unitDataIds(kind: 'raw' | 'visit-detector' | 'visit'): Promise<NeutralDataId[]> {
    const registry = this.butler.rawRegistry();
    if (kind === 'visit') {
      return registry
        .queryDistinct({ tables: ['raw'], select: ['visit'] })
        .map((r) => ({ visit: Number(r.visit) }))
        .sort((a, b) => a.visit - b.visit);
    }
    return registry
      .queryDistinct({ tables: ['raw'], select: ['visit', 'ccd'] })
      .map((r) => ({ visit: Number(r.visit), ccd: Number(r.ccd) }))
      .sort((a, b) => a.visit - b.visit || a.ccd - b.ccd);
  }

  async close(): Promise<void> {
    this.butler.close();
  }
}
