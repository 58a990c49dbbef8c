import path from 'node:path';
import { UsageError } from '../../errors.js';
import { Gen2Butler } from '../../gen2/butler/gen2-butler.js';
import type { Gen2DataId } from '../../gen2/data-id.js';
import { fileDatasetTypes, type DatasetMapping } from '../../gen2/policy/index.js';
import { Gen2Template } from '../../gen2/templates/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree, type WalkResult, type WalkRules, type WalkTargetSpec } from '../../gen2/walker/index.js';
import { isoToTaiNs } from '../../gen3/time/index.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { calibCollectionName, calibRunName, rawRunName, REFCATS_RUN, SKYMAPS_RUN } from '../collection-names.js';
import { DEFAULT_CONVERSION_CONFIG, mergeConversionConfig, type ConversionConfig, type ConversionConfigOverrides } from '../conversion-config.js';
import type { Converter } from '../converter.js';
import { isDatasetTypeIncluded } from '../dataset-patterns.js';
import { DataIdTranslationError } from '../errors.js';
import { chooseFormatter } from '../formatters.js';
import type { InstrumentDeclaration } from '../instrument-declaration.js';
import { buildInstrumentRecords, type InstrumentRecords } from '../instrument-records.js';
import { findInstrumentBinding } from '../instrument-binding.js';
import { resolveReruns, type RerunSpec } from '../rerun-specs.js';
import { coaddOf, parseGen2Patch, skyMapGeometry, type SkyMapGeometry } from '../skymap-geometry.js';
import { SKYMAP_DATASET_TYPES } from '../translate/default-rules.js';
import { calibSpecialDatasetTypes, rerunSpecialDatasetTypes, rootSpecialDatasetTypes } from '../special-datasets.js';
import { chooseStorageClass } from '../storage-classes.js';
import { makeTranslator, translatorKeys, type DataIdTranslator, type Gen3DataId } from '../translate/index.js';
import {
  PLAN_FORMAT_VERSION,
  type ConversionPlan,
  type PlanSource,
  type PlannedCertification,
  type PlannedDataset,
  type PlannedDatasetType,
  type PlannedExposure,
  type PlannedFileOutcome,
  type PlannedSkyMap,
  type PlannedValidityIssue,
} from './plan-model.js';
import { CompactDatasets } from './compact-datasets.js';
import { gen2FileJoiner } from './gen2-file-path.js';
import { detectorsFromHeaders } from './header-detectors.js';
import { exposureFromGen2Row } from './plan-exposures.js';
import { planCollections } from './plan-collections.js';
import { repairValidity } from './validity-repair.js';

/** Inputs of {@link planConversion}. */
export interface PlanConversionOptions {
  /** The Gen2 root repository. */
  gen2Root: string;
  /** Calibration roots (`--calibs`); at most one is supported. Default: the root's calibration root when it has a `calibRegistry.sqlite3`. */
  calibRoots?: readonly string[];
  /** Reruns to convert, relative to the root (`rerun/ci_hsc`); `config.reruns` adds more and names them. Default none. */
  reruns?: readonly string[];
  /** The converter of the root's mapper family. */
  converter: Converter;
  /** User overrides, applied after the converter's. */
  config?: ConversionConfigOverrides;
  /** Policy search path. */
  policyPath: readonly string[];
  /** Convert Gen2 `defects` found in a calibration repository. Default is `false` (skipped as curated). */
  convertGen2Defects?: boolean;
  logger?: Logger;
}

interface TypeInfo {
  readonly name: string;
  readonly mapping: DatasetMapping;
  readonly template: Gen2Template;
  readonly storageClass: string | undefined;
  readonly noStorageReason: string | undefined;
  /** Several dataset types that would be converted share this template. */
  readonly ambiguous?: readonly string[];
}

interface SourceSpec {
  readonly source: PlanSource;
  readonly root: string;
  readonly types: readonly TypeInfo[];
  readonly special: ReadonlyMap<string, string>;
  readonly rules: WalkRules;
  /** RUN of this source's datasets (reruns), undefined for root and calib. */
  readonly run: string | undefined;
}

function inside(child: string, parent: string): string | undefined {
  const rel = path.relative(parent, child);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
}

const stripCompressed = (p: string) => p.replace(/\.(gz|fz)$/, '');

/**
 * Plans a conversion: walks the Gen2 root, calibration root and reruns with the mapper templates,
 * translates every file's data ID with the converter's rules, decides runs, collections and
 * calibration validity (with the reference repair rule), and accounts for every file (converted,
 * ignored, skipped with a reason, unrecognized). Reads the Gen2 repository; writes nothing.
 *
 * @throws UsageError when the converter has no Gen3 instrument for the repository's mapper, or more than one calibration root is given.
 * @throws Gen2RepositoryError, PolicyError, Gen2RegistryError for a bad Gen2 repository.
 * @example
 * ```ts
 * const plan = await planConversion({ gen2Root: 'DATA', converter: hscConverter, policyPath: ['/opt/lsst'] });
 * const text = renderPlanText(plan); // what `--dry-run` prints
 * ```
 */
export async function planConversion(options: PlanConversionOptions): Promise<ConversionPlan> {
  const logger = (options.logger ?? silentLogger).child('convert:plan');
  if ((options.calibRoots?.length ?? 0) > 1) throw new UsageError('at most one calibration root is supported (as butler convert)');
  const calibOption = options.calibRoots?.[0];
  const butler = await Gen2Butler.open(options.gen2Root, { policyPath: options.policyPath, ...(calibOption ? { calibRoot: calibOption } : {}), logger });
  try {
    const declaration = findInstrumentBinding([options.converter], butler.mapper.className);
    if (!declaration || declaration.instrument === undefined || declaration.instrumentClass === undefined) {
      throw new UsageError(`converter ${options.converter.family} has no Gen3 instrument for mapper ${butler.mapper.className}`);
    }
    const config = mergeConversionConfig(DEFAULT_CONVERSION_CONFIG, declaration.config, options.config);
    const plan = await new Planner(butler, declaration as InstrumentDeclaration & { instrument: string; instrumentClass: string }, config, options, calibOption !== undefined).run();
    logger.info('plan-finished', { instrument: plan.instrument, ...plan.totals });
    if (plan.unrecognized.length > 0) logger.warn('unrecognized-entries', { files: plan.totals.unrecognized, dirs: plan.unrecognized.map((u) => u.path) });
    const unrepaired = plan.validityIssues.filter((v) => !v.repaired);
    if (unrepaired.length > 0) logger.warn('validity-not-repaired', { count: unrepaired.length, overlaps: unrepaired.filter((v) => v.kind === 'overlap').length });
    return plan;
  } finally {
    butler.close();
  }
}

class Planner {
  private readonly datasets = new CompactDatasets();
  private readonly ignored: PlannedFileOutcome[] = [];
  private readonly skipped: PlannedFileOutcome[] = [];
  private readonly unrecognized: PlannedFileOutcome[] = [];
  private readonly translators = new Map<string, DataIdTranslator>();
  private readonly datasetTypes = new Map<string, PlannedDatasetType>();
  /** Gen2 raw registry row of each raw exposure (first row seen). */
  private readonly exposureRows = new Map<number, Gen2DataId>();
  private readonly runsBySource = new Map<PlanSource, Set<string>>();
  private files = 0;
  private readonly filesBySource = new Map<PlanSource, number>();
  private readonly instrument: string;
  private readonly skyMaps = new Map<string, SkyMapGeometry>();
  /** Skymaps some dataset (or a Gen2 `*Coadd_skyMap` file) uses. */
  private readonly usedSkyMaps = new Set<string>();
  /** The Gen2 `*Coadd_skyMap` file converted as `skyMap` of each skymap. */
  private readonly skyMapFiles = new Map<string, string>();
  private rerunSpecs: RerunSpec[] = [];

  constructor(
    private readonly butler: Gen2Butler,
    private readonly declaration: InstrumentDeclaration & { instrument: string; instrumentClass: string },
    private readonly config: ConversionConfig,
    private readonly options: PlanConversionOptions,
    private readonly calibGiven: boolean,
  ) {
    this.instrument = declaration.instrument;
    for (const [name, c] of Object.entries(config.skyMaps)) this.skyMaps.set(name, skyMapGeometry(name, c));
  }

  /** The configured skymap of a dataset type's coadd (root data falls back to `rootSkyMapName`). */
  private skyMapFor(datasetType: string, source: PlanSource): SkyMapGeometry | undefined {
    const coadd = datasetType.endsWith('Coadd_skyMap') ? datasetType.slice(0, -'Coadd_skyMap'.length) : coaddOf(datasetType);
    const matching = [...this.skyMaps.values()].filter((g) => g.coadds.includes(coadd));
    if (matching.length > 0) return matching[0];
    const fallback = source === 'root' && !datasetType.endsWith('Coadd_skyMap') ? this.config.rootSkyMapName : undefined;
    return fallback !== undefined ? this.skyMaps.get(fallback) : undefined;
  }

  async run(): Promise<ConversionPlan> {
    const { butler, config } = this;
    const root = butler.repository.root;
    const policy = butler.policy;
    const rawMapping = butler.mapper.rawMapping;
    const rawComponents = new Set(rawMapping === 'raw' ? [] : Object.values(policy.datasets.get('raw')?.composite ?? {}).map((c) => c.datasetType));
    // Identical templates of several dataset types (obs_base `BuilderDuplicateInputs`): when exactly one of
    // them would be converted, it wins; when several would, every matching file is skipped as ambiguous.
    const infos = (calib: boolean, special: ReadonlyMap<string, string>): TypeInfo[] => {
      const groups = new Map<string, TypeInfo[]>();
      const mappings = fileDatasetTypes(policy)
        .filter((m) => !rawComponents.has(m.name) && (m.section === 'calibrations') === calib)
        .sort((a, b) => Number(b.name === rawMapping) - Number(a.name === rawMapping));
      for (const m of mappings) {
        const name = m.name === rawMapping ? 'raw' : m.name;
        const template = Gen2Template.parse(config.datasetTemplateOverrides[name] ?? m.template!);
        const choice = chooseStorageClass({ ...m, name }, config.storageClasses);
        const list = groups.get(template.path) ?? [];
        list.push({ name, mapping: m, template, storageClass: choice.storageClass, noStorageReason: choice.storageClass === undefined ? choice.reason : undefined });
        groups.set(template.path, list);
      }
      const converted = (t: TypeInfo) => !special.has(t.name) && t.storageClass !== undefined && isDatasetTypeIncluded(t.name, config.datasetIncludePatterns, config.datasetIgnorePatterns);
      return [...groups.values()].map((list) => {
        if (list.length === 1) return list[0]!;
        const targets = list.filter(converted);
        if (targets.length === 1) return targets[0]!;
        if (targets.length === 0) return list[0]!;
        return { ...targets[0]!, ambiguous: targets.map((t) => t.name) };
      });
    };
    const ignore = config.fileIgnorePatterns.map((p) => ({ pattern: p, rule: `fileIgnorePatterns ${p}` }));
    const calibRoot = butler.calib.root;
    const hasCalib = this.calibGiven || butler.calib.registry !== undefined;
    const calibRel = inside(calibRoot, root);
    const curated = this.declaration.extraCuratedCalibrations ?? [];
    const special = (list: { datasetType: string; reason: string }[]) => new Map(list.map((s) => [s.datasetType, s.reason]));

    const rootSpecial = special(rootSpecialDatasetTypes(curated).filter((s) => s.datasetType !== 'raw'));
    const calibSpecial = special(calibSpecialDatasetTypes(curated).filter((s) => !(this.options.convertGen2Defects && s.datasetType === 'defects')));
    const sources: SourceSpec[] = [
      {
        source: 'root',
        root,
        types: infos(false, rootSpecial),
        special: rootSpecial,
        rules: {
          skipDirs: [
            ...DEFAULT_WALK_RULES.skipDirs.filter((r) => !(calibRoot === root && r.dir === 'CALIB')),
            ...(hasCalib && calibRel && calibRel !== 'CALIB' ? [{ dir: calibRel, reason: 'calibration repository (converted separately)' }] : []),
          ],
          ignore,
        },
        run: undefined,
      },
    ];
    if (hasCalib) sources.push({ source: 'calib', root: calibRoot, types: infos(true, calibSpecial), special: calibSpecial, rules: { skipDirs: [], ignore }, run: undefined });
    this.rerunSpecs = resolveReruns(this.instrument, root, this.options.reruns ?? [], config.reruns);
    for (const rerun of this.rerunSpecs) {
      const rerunSpecial = special(rerunSpecialDatasetTypes());
      sources.push({ source: `rerun:${rerun.path}`, root: path.resolve(root, rerun.path), types: infos(false, rerunSpecial), special: rerunSpecial, rules: { skipDirs: [], ignore }, run: rerun.runName });
    }

    const rawRows = this.rawRowsByPath(sources[0]!.types.find((t) => t.name === 'raw'));
    for (const s of sources) await this.planSource(s, rawRows);
    const refcatFiles = await this.planRefcats(root);
    this.dropDoubleCounts(hasCalib ? (calibRoot === path.join(root, 'CALIB') ? 'CALIB' : calibRel) : undefined, refcatFiles);
    const { certifications, validityIssues } = hasCalib ? this.planValidity(sources.find((s) => s.source === 'calib')!) : { certifications: [], validityIssues: [] };
    const convertedFiles = this.datasets.distinctPaths();
    const datasets = this.datasets.list();
    return {
      formatVersion: PLAN_FORMAT_VERSION,
      instrument: this.instrument,
      instrumentClass: this.declaration.instrumentClass,
      mapperClass: butler.mapper.className,
      gen2Root: root,
      calibRoots: hasCalib ? [calibRoot] : [],
      reruns: this.rerunSpecs.map((r) => r.path),
      rerunSpecs: this.rerunSpecs.map((r) => ({ path: r.path, runName: r.runName, ...(r.chainName !== undefined ? { chainName: r.chainName } : {}), parents: [...r.parents] })),
      instrumentRecords: this.instrumentRecords(rawRows),
      datasetTypes: [...this.datasetTypes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      collections: planCollections({ instrument: this.instrument, config, reruns: this.rerunSpecs, runsBySource: this.runsBySource, datasets }),
      datasets,
      certifications,
      exposures: this.exposures(),
      ...(this.usedSkyMaps.size > 0 ? { skyMaps: this.plannedSkyMaps() } : {}),
      validityIssues,
      ignored: this.ignored,
      skipped: this.skipped,
      unrecognized: this.unrecognized,
      totals: {
        files: this.files,
        convertedFiles,
        datasets: this.datasets.length,
        ignored: sum(this.ignored),
        skipped: sum(this.skipped),
        unrecognized: sum(this.unrecognized),
      },
    };
  }

  /** Files under directories the root walk skipped but another walk classified are counted once, by that walk. */
  private dropDoubleCounts(calibRel: string | undefined, refcatFiles: number): void {
    const rerunFiles = this.rerunSpecs.reduce((n, r) => n + (this.filesBySource.get(`rerun:${r.path}`) ?? 0), 0);
    for (let i = this.skipped.length - 1; i >= 0; i--) {
      const k = this.skipped[i]!;
      if (k.source !== 'root') continue;
      let minus = 0;
      if (calibRel !== undefined && k.path === calibRel) minus = k.count;
      else if (k.path === 'rerun' && rerunFiles > 0) minus = Math.min(rerunFiles, k.count);
      else if (k.path === 'ref_cats' && refcatFiles > 0) minus = Math.min(refcatFiles, k.count);
      if (minus === 0) continue;
      this.files -= minus;
      if (minus === k.count) this.skipped.splice(i, 1);
      else this.skipped[i] = { ...k, count: k.count - minus, reason: `${k.reason}; not listed for conversion` };
    }
  }

  /**
   * Reference catalogs listed in `config.refCats`: shards `ref_cats/<name>/<id>.fits` become dataset
   * type `<name>` (directory name verbatim), `{htm7: id}`, storage class SimpleCatalog, in RUN
   * `refcats/gen2` (only HTM depth 7, as the reference). `config.py` is ignored, other files skipped.
   * @returns the number of files walked.
   */
  private async planRefcats(root: string): Promise<number> {
    let files = 0;
    const template = Gen2Template.parse('%(pixel_id)d.fits');
    for (const name of this.config.refCats) {
      const dir = path.join(root, 'ref_cats', name);
      let walk: WalkResult;
      try {
        walk = await walkGen2Tree(dir, [{ datasetType: name, template }], { skipDirs: [], ignore: [{ pattern: 'config.py', rule: 'reference catalog config' }] });
      } catch {
        continue; // not present in this repository
      }
      files += walk.totals.files;
      const rel = (p: string) => `ref_cats/${name}/${p}`;
      for (const i of walk.ignored) this.ignored.push({ path: rel(i.relPath), source: 'root', reason: i.rule, count: i.count });
      for (const u of walk.unrecognized) this.skipped.push({ path: rel(u.dir), source: 'root', reason: `not a reference catalog shard: ${u.entries.join(', ')}`, count: u.count });
      for (const b of walk.broken) this.skipped.push({ path: rel(b.relPath), source: 'root', reason: `${b.problem}: ${b.detail}`, count: 1 });
      const type: TypeInfo = { name, mapping: { name } as DatasetMapping, template, storageClass: 'SimpleCatalog', noStorageReason: undefined };
      const translator = this.translator(type, undefined);
      const file = gen2FileJoiner(dir);
      for (const t of walk.targets) {
        const { dataId } = translator.translate(t.dataId);
        this.addDataset(type, translator, {
          datasetType: name,
          run: REFCATS_RUN,
          dataId,
          path: file(t.relPath),
          relPath: rel(t.relPath),
          source: 'root',
          formatter: chooseFormatter(name, 'SimpleCatalog', this.config.formatterClasses),
        });
      }
    }
    this.files += files;
    return files;
  }

  /** Gen2 raw registry rows by the relative path their data ID formats to (the reference lists raws through the registry). */
  private rawRowsByPath(raw: TypeInfo | undefined): Map<string, Gen2DataId[]> {
    const out = new Map<string, Gen2DataId[]>();
    if (!raw || !this.butler.repository.registry) return out;
    const registry = this.butler.rawRegistry();
    const table = raw.mapping.tables[0] ?? 'raw';
    if (!registry.hasTable(table)) return out;
    const columns = registry.columns(table).map((c) => c.name).filter((c) => c !== 'id');
    for (const row of registry.queryDistinct({ tables: [table], select: columns })) {
      const dataId = Object.fromEntries(Object.entries(row).filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined)) as Gen2DataId;
      let rel: string;
      try {
        rel = raw.template.format(dataId);
      } catch {
        continue;
      }
      const list = out.get(rel) ?? [];
      list.push(dataId);
      out.set(rel, list);
    }
    return out;
  }

  private translator(type: TypeInfo, skyMapName: string | undefined): DataIdTranslator {
    const key = `${type.name}\0${skyMapName ?? ''}`;
    let t = this.translators.get(key);
    if (!t) {
      const geometry = skyMapName ? this.skyMaps.get(skyMapName) : undefined;
      t = makeTranslator(this.declaration, type.name, translatorKeys(this.declaration, type.name, type.template), {
        ...(skyMapName ? { skyMapName } : {}),
        ...(geometry ? { patchNx: (tract: number) => geometry.grid(tract)?.nx } : {}),
      });
      this.translators.set(key, t);
      if (!this.translators.has(type.name)) this.translators.set(type.name, t);
    }
    return t;
  }

  /** The skymaps used, as plan data. */
  private plannedSkyMaps(): PlannedSkyMap[] {
    return [...this.usedSkyMaps].sort().map((name) => {
      const c = this.config.skyMaps[name]!;
      const g = this.skyMaps.get(name)!;
      return { name, hash: g.hash, tractMax: c.tractMax, patchNx: c.patchNx, patchNy: c.patchNy, ...(c.tracts ? { tracts: c.tracts } : {}) };
    });
  }

  /**
   * A Gen2 `<coadd>Coadd_skyMap` pickle: converted as dataset `skyMap` {skymap} into RUN `skymaps`
   * when a configured skymap has that coadd (the first such file wins), else skipped with the reason.
   */
  private planSkyMapFile(s: SourceSpec, relPath: string, datasetType: string, skip: (reason: string) => void): void {
    const g = this.skyMapFor(datasetType, s.source);
    const coadd = datasetType.slice(0, -'Coadd_skyMap'.length);
    if (!g) {
      skip(`Gen2 ${datasetType} found but no skyMaps entry of the config has coadds [${coadd}]: give its name and geometry (skyMaps.<name>: {tractMax, patchNx, patchNy, coadds: [${coadd}]})`);
      return;
    }
    const file = path.join(s.root, relPath);
    const first = this.skyMapFiles.get(g.name);
    if (first !== undefined) {
      skip(`skymap ${g.name} is already converted from ${first}`);
      return;
    }
    this.skyMapFiles.set(g.name, file);
    this.usedSkyMaps.add(g.name);
    const storageClass = 'SkyMap';
    if (!this.datasetTypes.has('skyMap')) this.datasetTypes.set('skyMap', { name: 'skyMap', dimensions: ['skymap'], storageClass, isCalibration: false });
    this.datasets.push({ datasetType: 'skyMap', run: SKYMAPS_RUN, dataId: { skymap: g.name }, path: file, relPath, source: s.source, formatter: chooseFormatter('skyMap', storageClass, this.config.formatterClasses) });
    const runs = this.runsBySource.get(s.source) ?? new Set<string>();
    runs.add(SKYMAPS_RUN);
    this.runsBySource.set(s.source, runs);
  }

  private async planSource(s: SourceSpec, rawRows: Map<string, Gen2DataId[]>): Promise<void> {
    const specs: WalkTargetSpec[] = s.types.map((t) => ({ datasetType: t.name, template: t.template }));
    const walk: WalkResult = await walkGen2Tree(s.root, specs, s.rules);
    this.files += walk.totals.files;
    this.filesBySource.set(s.source, walk.totals.files);
    const prefix = (rel: string) => (s.source === 'root' ? rel : `${s.source === 'calib' ? 'calib' : s.source}:${rel}`);
    for (const i of walk.ignored) this.ignored.push({ path: prefix(i.relPath), source: s.source, reason: i.rule, count: i.count });
    for (const k of walk.skipped) this.skipped.push({ path: prefix(k.relPath), source: s.source, reason: k.reason, count: k.count });
    for (const u of walk.unrecognized) this.unrecognized.push({ path: prefix(u.dir), source: s.source, reason: `unrecognized entries: ${u.entries.join(', ')}`, count: u.count });
    for (const b of walk.broken) this.skipped.push({ path: prefix(b.relPath), source: s.source, reason: `${b.problem}: ${b.detail}`, count: 1 });
    const byName = new Map(s.types.map((t) => [t.name, t]));
    const file = gen2FileJoiner(s.root);
    for (const target of walk.targets) {
      const type = byName.get(target.datasetType)!;
      const skip = (reason: string) => this.skipped.push({ path: prefix(target.relPath), source: s.source, reason, count: 1 });
      if (type.ambiguous) {
        skip(`ambiguous match: [${type.ambiguous.join(', ')}] share the template ${type.template.text}`);
        continue;
      }
      if (SKYMAP_DATASET_TYPES.includes(type.name) && s.source !== 'calib') {
        this.planSkyMapFile(s, target.relPath, type.name, (reason) => this.skipped.push({ path: prefix(target.relPath), source: s.source, reason, count: 1 }));
        continue;
      }
      const specialReason = s.special.get(type.name);
      if (specialReason) {
        skip(specialReason);
        continue;
      }
      if (!isDatasetTypeIncluded(type.name, this.config.datasetIncludePatterns, this.config.datasetIgnorePatterns)) {
        this.ignored.push({ path: prefix(target.relPath), source: s.source, reason: `datasetIgnorePatterns (${type.name})`, count: 1 });
        continue;
      }
      if (type.storageClass === undefined) {
        skip(type.noStorageReason!);
        continue;
      }
      const multi = this.declaration.multiExtension?.find((m) => m.datasetTypes.includes(type.name));
      let run: string | undefined;
      let gen2Ids: { id: Gen2DataId; hdu?: number }[] = [{ id: target.dataId }];
      if (multi?.detectorSource === 'header') {
        const perHdu = await detectorsFromHeaders(path.join(s.root, target.relPath), multi.headerKeyword ?? 'CCDNUM');
        if (typeof perHdu === 'string') {
          skip(`multi-extension file: ${perHdu}`);
          continue;
        }
        gen2Ids = perHdu.map((h) => ({ id: { ...target.dataId, [multi.detectorKey]: h.detector }, hdu: h.hdu }));
      }
      if (type.name === 'raw' && s.source === 'root') {
        const rows = rawRows.get(stripCompressed(target.relPath)) ?? rawRows.get(target.relPath);
        if (!rows) {
          skip('raw file not listed in the Gen2 registry');
          continue;
        }
        gen2Ids = rows.map((row) => {
          const hdu = multi?.hduKey !== undefined ? row[multi.hduKey] : undefined;
          return { id: { ...row, ...target.dataId }, ...(typeof hdu === 'number' ? { hdu } : {}) };
        });
        run = rawRunName(this.instrument);
      } else if (s.source === 'calib') {
        if (!type.template.isCalibration) {
          skip(`calibration template of ${type.name} has no calibDate`);
          continue;
        }
      } else {
        run = this.config.runsForced[type.name] ?? s.run ?? this.config.runs[type.name];
        if (run === undefined) {
          skip(`no run configured for root-repository dataset type ${type.name} (set config.runs)`);
          continue;
        }
      }
      const needsSkyMap = type.template.keys.has('tract');
      const skyMap = needsSkyMap ? this.skyMapFor(type.name, s.source) : undefined;
      if (needsSkyMap && !skyMap) {
        skip(`no skymap configured for ${type.name} (tract/patch data): add skyMaps.<name>: {tractMax, patchNx, patchNy, coadds: [${coaddOf(type.name)}]} to the --config file${s.source === 'root' ? ' (or rootSkyMapName naming one)' : ''}`);
        continue;
      }
      const translator = this.translator(type, skyMap?.name ?? this.config.rootSkyMapName);
      const seen = new Set<string>();
      try {
        for (const g of gen2Ids) {
          const { dataId, calibDate } = translator.translate(g.id);
          if (skyMap && g.id.patch !== undefined) {
            const p = parseGen2Patch(g.id.patch);
            const grid = skyMap.grid(Number(g.id.tract));
            if (p && grid && (p.x >= grid.nx || p.y >= grid.ny)) throw new DataIdTranslationError(type.name, g.id, `patch ${String(g.id.patch)} is outside the ${grid.nx}×${grid.ny} patch grid of tract ${String(g.id.tract)} of skymap ${skyMap.name}`);
          }
          if (skyMap) this.usedSkyMaps.add(skyMap.name);
          const key = JSON.stringify(dataId);
          if (seen.has(key)) continue;
          seen.add(key);
          const datasetRun = s.source === 'calib' ? calibRunName(this.instrument, calibDate!) : run!;
          if (type.name === 'raw' && s.source === 'root' && typeof dataId.exposure === 'number' && !this.exposureRows.has(dataId.exposure)) this.exposureRows.set(dataId.exposure, g.id);
          this.addDataset(type, translator, {
            datasetType: type.name,
            run: datasetRun,
            dataId,
            path: file(target.relPath),
            relPath: target.relPath,
            source: s.source,
            formatter: type.name === 'raw' && this.declaration.rawFormatter ? this.declaration.rawFormatter : chooseFormatter(type.name, type.storageClass, this.config.formatterClasses),
            ...(g.hdu !== undefined ? { hdu: g.hdu } : {}),
          });
        }
      } catch (err) {
        skip((err as Error).message);
      }
    }
  }

  private addDataset(type: TypeInfo, translator: DataIdTranslator, d: PlannedDataset): void {
    this.datasets.push(d);
    if (!this.datasetTypes.has(type.name)) {
      this.datasetTypes.set(type.name, { name: type.name, dimensions: translator.dimensions, storageClass: type.storageClass!, isCalibration: type.template.isCalibration });
    }
    const runs = this.runsBySource.get(d.source) ?? new Set<string>();
    runs.add(d.run);
    this.runsBySource.set(d.source, runs);
  }

  private planValidity(calib: SourceSpec): { certifications: PlannedCertification[]; validityIssues: PlannedValidityIssue[] } {
    const certifications: PlannedCertification[] = [];
    const validityIssues: PlannedValidityIssue[] = [];
    const calibDatasets = this.datasets.list().filter((d) => d.source === 'calib');
    if (calibDatasets.length === 0 || !this.butler.calib.registry) return { certifications, validityIssues };
    const registry = this.butler.calibRegistry();
    const collection = calibCollectionName(this.instrument);
    const ccdKey = this.config.ccdKey;
    // Validity dates repeat across detectors and filters: each text is converted once.
    const times = new Map<string, bigint>();
    const taiOf = (text: string): bigint => {
      let t = times.get(text);
      if (t === undefined) times.set(text, (t = isoToTaiNs(text, 'tai')));
      return t;
    };
    for (const type of calib.types) {
      const ofType = calibDatasets.filter((d) => d.datasetType === type.name);
      if (ofType.length === 0) continue;
      const table = type.mapping.tables[0];
      const translator = this.translators.get(type.name)!;
      if (!table || !registry.hasTable(table)) continue;
      if (![type.mapping.validStartName, type.mapping.validEndName, 'calibDate'].every((c) => registry.hasColumn(table, c))) continue; // legacy registry: no validity to certify
      const byKey = new Map(ofType.map((d) => [`${d.run}|${JSON.stringify(d.dataId)}`, d]));
      const ranges = new Map<string, { begin: bigint; end: bigint; dataset: PlannedDataset }[]>();
      const calibRuns = new Set<string>();
      for (const key of byKey.keys()) calibRuns.add(key.slice(0, key.indexOf('|')));
      const wantDetector = translator.dimensions.includes('detector') && registry.hasColumn(table, ccdKey);
      const wantFilter = (translator.dimensions.includes('physical_filter') || translator.dimensions.includes('band')) && registry.hasColumn(table, 'filter');
      const dates = registry.queryDistinct({ tables: [table], select: ['calibDate'] }).map((r) => String(r.calibDate));
      for (const calibDate of dates) {
        if (!calibRuns.has(calibRunName(this.instrument, calibDate))) continue;
        const select = [type.mapping.validStartName, type.mapping.validEndName, ...(wantDetector ? [ccdKey] : []), ...(wantFilter ? ['filter'] : [])];
        for (const row of registry.queryDistinct({ tables: [table], select, where: { calibDate } })) {
          const gen2: Gen2DataId = { calibDate };
          if (wantDetector) gen2[this.declaration.keys.detector] = row[ccdKey] as number;
          if (wantFilter) gen2.filter = row.filter as string;
          let dataId: Gen3DataId;
          try {
            dataId = translator.translate(gen2, { partial: true }).dataId;
          } catch {
            continue;
          }
          const dataset = byKey.get(`${calibRunName(this.instrument, calibDate)}|${JSON.stringify(dataId)}`);
          if (!dataset) continue; // a registry row with no file: debug-only in the reference
          const begin = taiOf(String(row[type.mapping.validStartName]));
          const end = taiOf(String(row[type.mapping.validEndName]));
          const group = `${JSON.stringify(dataId)}`;
          const list = ranges.get(group) ?? [];
          list.push({ begin, end, dataset });
          ranges.set(group, list);
        }
      }
      for (const list of ranges.values()) {
        const repaired = repairValidity(list);
        for (const r of repaired.ranges) {
          certifications.push({ collection, datasetType: type.name, dataId: r.dataset.dataId, run: r.dataset.run, begin: r.begin.toString(), end: r.end.toString() });
        }
        for (const d of repaired.discontinuities) {
          validityIssues.push({ datasetType: type.name, dataId: list[0]!.dataset.dataId, kind: d.kind, previousEnd: d.previousEnd.toString(), nextBegin: d.nextBegin.toString(), repaired: d.repaired });
        }
      }
    }
    return { certifications, validityIssues };
  }

  /** Exposure records of the raws, from their Gen2 registry rows (physical filter through the filter aliases). */
  private exposures(): PlannedExposure[] {
    const defs = this.declaration.filters.definitions;
    return [...this.exposureRows]
      .sort(([a], [b]) => a - b)
      .map(([id, row]) => {
        const f = typeof row.filter === 'string' ? row.filter : 'unknown';
        return exposureFromGen2Row(row, id, defs.find((d) => d.gen2Aliases?.includes(f))?.physicalFilter ?? f);
      });
  }

  /** Registration records: the declaration's detectors and filters plus those the datasets and the raw registry show. */
  private instrumentRecords(rawRows: Map<string, Gen2DataId[]>): InstrumentRecords {
    const detectors = new Set<number>();
    const filters = new Set<string>();
    for (const d of this.datasets.list()) {
      if (typeof d.dataId.detector === 'number') detectors.add(d.dataId.detector);
      if (typeof d.dataId.physical_filter === 'string') filters.add(d.dataId.physical_filter);
    }
    const defs = this.declaration.filters.definitions;
    for (const rows of rawRows.values()) {
      for (const row of rows) {
        const f = row.filter;
        if (typeof f === 'string') filters.add(defs.find((d) => d.gen2Aliases?.includes(f))?.physicalFilter ?? f);
      }
    }
    return buildInstrumentRecords(this.declaration, { detectors, physicalFilters: filters })!;
  }

}

function sum(list: readonly PlannedFileOutcome[]): number {
  return list.reduce((n, o) => n + o.count, 0);
}
