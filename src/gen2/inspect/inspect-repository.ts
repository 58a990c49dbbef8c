import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { silentLogger, type Logger } from '../../log/logger.js';
import { noProgress, type Progress } from '../../log/progress.js';
import { Gen2Butler } from '../butler/gen2-butler.js';
import { fileDatasetTypes } from '../policy/index.js';
import type { Gen2Registry } from '../registry/index.js';
import type { ValidityPair } from '../registry/registry-types.js';
import { isGen2Repository } from '../repository.js';
import { Gen2Template } from '../templates/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree, type WalkResult, type WalkRules, type WalkTargetSpec } from '../walker/index.js';

/** Version of the `inspect --json` object. Readers reject another major version. */
export const INSPECT_FORMAT_VERSION = 1;

/** Options of {@link inspectGen2Repository}. */
export interface InspectOptions {
  /** Policy search path. */
  policyPath: readonly string[];
  /** `--calibs DIR`. */
  calibRoot?: string;
  /** Gen3 instrument name of a Gen2 mapper class (from the converters), when there is one. */
  instrumentOf?: (mapperClass: string) => string | undefined;
  logger?: Logger;
  progress?: Progress;
}

/** Per-directory unrecognized entries, relative to the inspected root. */
export interface InspectUnrecognized {
  dir: string;
  entries: string[];
  count: number;
}

/** Validity-range findings of one calibration table. */
export interface InspectValidity {
  datasetType: string;
  table: string;
  /** Detector tuples (`filter`, detector key…) the table was grouped by. */
  groupBy: string[];
  groups: number;
  gaps: ValidityPair[];
  overlaps: ValidityPair[];
}

/** The `gen2to3 inspect` result. Serialised as-is by `--json`. */
export interface InspectReport {
  formatVersion: typeof INSPECT_FORMAT_VERSION;
  root: string;
  version: 'v1' | 'v2';
  mapper: { dotted: string; className: string; file: string };
  /** Gen3 instrument name, null when the mapper has none. */
  instrument: string | null;
  /** Policy files merged, in merge order. */
  policyFiles: string[];
  /** Repositories after this one in Gen2 read order. */
  parents: { root: string; version: 'v1' | 'v2' }[];
  missingParents: { recorded: string; file: string; reason: string }[];
  rerootedParents: { recorded: string; resolved: string; file: string }[];
  calibRoot: { root: string; source: string; registry: string | null; notFound: string[] };
  registries: { path: string; role: 'raw' | 'calib'; tables: Record<string, number> }[];
  /** File count per dataset type, over the root and the calibration root. */
  datasets: Record<string, number>;
  /** Reruns found under `rerun/`, each with its own dataset counts. */
  reruns: { path: string; datasets: Record<string, number>; unrecognized: number }[];
  unrecognized: InspectUnrecognized[];
  skipped: { path: string; reason: string; count: number }[];
  ignored: Record<string, number>;
  broken: { path: string; problem: string; detail: string }[];
  ambiguous: { path: string; chosen: string; candidates: string[] }[];
  validity: InspectValidity[];
  /** Python tags met in `repositoryCfg.yaml` files; `unexpected` ones were never acted upon. */
  pythonTags: { path: string; tag: string; unexpected: boolean }[];
  totals: { files: number; targets: number; skipped: number; ignored: number; unrecognized: number; broken: number };
}

function counts(map: ReadonlyMap<string, number>, into: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of map) into[k] = (into[k] ?? 0) + v;
  return into;
}

function inside(child: string, parent: string): string | undefined {
  const rel = path.relative(parent, child);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : undefined;
}

function findReruns(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const child = path.join(dir, name);
      try {
        if (!statSync(child).isDirectory()) continue;
      } catch {
        continue;
      }
      if (isGen2Repository(child)) out.push(child);
      else if (depth < 3) visit(child, depth + 1);
    }
  };
  visit(path.join(root, 'rerun'), 1);
  return out;
}

/**
 * Everything `gen2to3 inspect` reports about a Gen2 repository: mapper and Gen3 instrument, parent chain,
 * calibration root, registries with row counts, dataset types found by walking the templates, unrecognized
 * entries per directory, and validity-range gaps/overlaps per calibration table.
 * @throws Gen2RepositoryError, UnknownMapperError, PolicyError, Gen2RegistryError for bad input.
 */
export async function inspectGen2Repository(root: string, options: InspectOptions): Promise<InspectReport> {
  const logger = options.logger ?? silentLogger;
  const progress = options.progress ?? noProgress;
  const butler = await Gen2Butler.open(root, { policyPath: options.policyPath, ...(options.calibRoot ? { calibRoot: options.calibRoot } : {}), logger });
  try {
    const repo = butler.repository;
    const policy = butler.policy;
    const rawMapping = butler.mapper.rawMapping;
    // When `raw` is a composite served by another mapping (obs_lsst `_raw`), its components are views of the same file.
    const rawComponents = new Set(rawMapping === 'raw' ? [] : Object.values(policy.datasets.get('raw')?.composite ?? {}).map((c) => c.datasetType));
    const mappings = fileDatasetTypes(policy)
      .filter((m) => !rawComponents.has(m.name))
      .sort((a, b) => Number(b.name === rawMapping) - Number(a.name === rawMapping));
    const specs = (section: 'calib' | 'other'): WalkTargetSpec[] => {
      const seen = new Set<string>();
      const out: WalkTargetSpec[] = [];
      for (const m of mappings) {
        if ((m.section === 'calibrations') !== (section === 'calib')) continue;
        const template = Gen2Template.parse(m.template!);
        if (seen.has(template.path)) continue; // composite components addressing the same file (obs_lsst raw_hdu, raw_amp)
        seen.add(template.path);
        out.push({ datasetType: m.name === rawMapping ? 'raw' : m.name, template });
      }
      return out;
    };
    const calib = butler.calib;
    const calibIsRoot = calib.root === repo.root;
    const calibRel = inside(calib.root, repo.root);
    const rootRules: WalkRules = {
      skipDirs: [
        ...DEFAULT_WALK_RULES.skipDirs.filter((r) => !(calibIsRoot && r.dir === 'CALIB')),
        ...(calibRel && calibRel !== 'CALIB' ? [{ dir: calibRel, reason: 'calibration repository (walked with calibration templates)' }] : []),
      ],
      ignore: DEFAULT_WALK_RULES.ignore,
    };
    const walkOptions = { logger: logger.child('inspect:walk'), progress };
    const rootWalk = await walkGen2Tree(repo.root, calibIsRoot ? [...specs('other'), ...specs('calib')] : specs('other'), rootRules, walkOptions);
    const walks: { prefix: string; result: WalkResult }[] = [{ prefix: '', result: rootWalk }];
    if (!calibIsRoot && calib.registry) {
      const calibWalk = await walkGen2Tree(calib.root, specs('calib'), { skipDirs: [], ignore: DEFAULT_WALK_RULES.ignore }, walkOptions);
      walks.push({ prefix: calibRel ?? calib.root, result: calibWalk });
    }

    const reruns: InspectReport['reruns'] = [];
    for (const rerunRoot of findReruns(repo.root)) {
      const walk = await walkGen2Tree(rerunRoot, specs('other'), { skipDirs: [], ignore: DEFAULT_WALK_RULES.ignore }, walkOptions);
      reruns.push({ path: path.relative(repo.root, rerunRoot), datasets: counts(walk.countsByDatasetType), unrecognized: walk.totals.unrecognized });
    }

    const registries: InspectReport['registries'] = [];
    const registryFiles: [string, 'raw' | 'calib'][] = [];
    if (repo.registry) registryFiles.push([repo.registry, 'raw']);
    if (calib.registry) registryFiles.push([calib.registry, 'calib']);
    for (const [file, role] of registryFiles) {
      const reg = role === 'raw' ? butler.rawRegistry() : butler.calibRegistry();
      registries.push({ path: file, role, tables: Object.fromEntries(reg.tables().map((t) => [t.name, t.rowCount])) });
    }

    const validity: InspectValidity[] = [];
    if (calib.registry) validity.push(...calibValidity(butler, butler.calibRegistry()));

    const prefixed = (prefix: string, rel: string) => (prefix ? (rel === '.' ? prefix : path.join(prefix, rel)) : rel);
    const ignored: Record<string, number> = {};
    for (const { result } of walks) for (const i of result.ignored) ignored[i.rule] = (ignored[i.rule] ?? 0) + i.count;
    const sum = (f: (w: WalkResult) => number) => walks.reduce((n, w) => n + f(w.result), 0);
    const skipped = walks.flatMap(({ prefix, result }) => result.skipped.map((s) => ({ path: prefixed(prefix, s.relPath), reason: s.reason, count: s.count })));
    // The calibration root, when inside the root, is skipped there and walked on its own: count it once.
    const calibSkip = calibRel ? skipped.find((s) => s.path === calibRel) : undefined;
    const skippedFiles = sum((w) => w.totals.skipped) - (calibSkip && walks.length > 1 ? calibSkip.count : 0);
    return {
      formatVersion: INSPECT_FORMAT_VERSION,
      root: repo.root,
      version: repo.version,
      mapper: { ...repo.mapper },
      instrument: options.instrumentOf?.(repo.mapper.className) ?? null,
      policyFiles: [...policy.files],
      parents: repo.searchOrder().slice(1).map((p) => ({ root: p.root, version: p.version })),
      missingParents: repo.searchOrder().flatMap((r) => r.missingParents.map((m) => ({ ...m }))),
      rerootedParents: repo.searchOrder().flatMap((r) => r.rerootedParents.map((m) => ({ ...m }))),
      calibRoot: { root: calib.root, source: calib.source, registry: calib.registry ?? null, notFound: calib.notFound },
      registries,
      datasets: walks.reduce((acc, w) => counts(w.result.countsByDatasetType, acc), {} as Record<string, number>),
      reruns,
      unrecognized: walks.flatMap(({ prefix, result }) => result.unrecognized.map((u) => ({ dir: prefixed(prefix, u.dir), entries: [...u.entries], count: u.count }))),
      skipped: calibSkip && walks.length > 1 ? skipped.filter((s) => s !== calibSkip) : skipped,
      ignored,
      broken: walks.flatMap(({ prefix, result }) => result.broken.map((b) => ({ path: prefixed(prefix, b.relPath), problem: b.problem, detail: b.detail }))),
      ambiguous: walks.flatMap(({ prefix, result }) => result.ambiguities.map((a) => ({ path: prefixed(prefix, a.relPath), chosen: a.chosen, candidates: [...a.candidates] }))),
      validity,
      pythonTags: repo.pythonTags.map((t) => ({ ...t })),
      totals: {
        files: sum((w) => w.totals.files) - (calibSkip && walks.length > 1 ? calibSkip.count : 0),
        targets: sum((w) => w.totals.targets),
        skipped: skippedFiles,
        ignored: sum((w) => w.totals.ignored),
        unrecognized: sum((w) => w.totals.unrecognized),
        broken: sum((w) => w.totals.broken),
      },
    };
  } finally {
    butler.close();
  }
}

function calibValidity(butler: Gen2Butler, registry: Gen2Registry): InspectValidity[] {
  const out: InspectValidity[] = [];
  const byTable = new Map<string, string>();
  for (const m of butler.policy.datasets.values()) {
    if (m.section === 'calibrations' && m.template && m.tables[0]) byTable.set(m.tables[0], byTable.get(m.tables[0]) ?? m.name);
  }
  for (const table of registry.calibTables()) {
    if (table.rowCount === 0) continue;
    const report = registry.validityReport(table.name);
    out.push({ datasetType: byTable.get(table.name) ?? table.name, table: table.name, groupBy: [...report.groupBy], groups: report.groups.length, gaps: [...report.gaps], overlaps: [...report.overlaps] });
  }
  return out;
}

