import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { isErrnoError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { Gen2RepositoryError } from './errors.js';
import { readRepositoryCfg, type PythonTag, type RepositoryCfg } from './repository-cfg.js';

/** `v1`: old-style (no `repositoryCfg.yaml`); `v2`: has `repositoryCfg.yaml`. */
export type Gen2RepositoryVersion = 'v1' | 'v2';

/** Where the mapper class name came from. */
export interface MapperSource {
  /** Dotted class name as written, e.g. `lsst.obs.hsc.hscMapper.HscMapper`. */
  dotted: string;
  /** Final class name, e.g. `HscMapper`: the normalised identity. */
  className: string;
  /** The file it was read from (`_mapper` or `repositoryCfg.yaml`). */
  file: string;
}

/** A parent that could not be opened (stale absolute root, missing directory). */
export interface MissingParent {
  /** The parent as recorded (path string or nested cfg root). */
  recorded: string;
  /** The file that records it. */
  file: string;
  reason: string;
}

/** A stale absolute parent root that was re-rooted to an existing directory. */
export interface RerootedParent {
  recorded: string;
  resolved: string;
  file: string;
}

/** Options for {@link Gen2Repository.open}. */
export interface OpenGen2Options {
  logger?: Logger;
}

const MARKERS = ['registry.sqlite3', '_mapper', '_parent'] as const;
const CFG = 'repositoryCfg.yaml';

/** True when `dir` looks like a Gen2 repository (gen2-format §1.1). */
export function isGen2Repository(dir: string): boolean {
  return existsSync(path.join(dir, CFG)) || MARKERS.some((m) => existsSync(path.join(dir, m)));
}

function readMapperFile(file: string): MapperSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Gen2RepositoryError(file, 'cannot read _mapper', { cause: err });
  }
  const dotted = (text.split(/\r?\n/)[0] ?? '').trim();
  return mapperSource(dotted, file);
}

function mapperSource(dotted: string, file: string): MapperSource {
  const parts = dotted.split('.');
  if (parts.length < 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    throw new Gen2RepositoryError(file, `unqualified or invalid mapper name ${JSON.stringify(dotted)}`);
  }
  return { dotted, className: parts[parts.length - 1]!, file };
}

/** Candidates for a stale absolute root, nearest first: the directory holding `childRoot`, then ancestors with the same basename. */
function rerootCandidates(stale: string, childRoot: string): string[] {
  const out = [path.dirname(childRoot)];
  const base = path.basename(stale);
  for (let dir = path.dirname(childRoot); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (path.basename(dir) === base) out.push(dir);
  }
  return out;
}

/** Context shared while opening one repository graph (loop guard, collected problems). */
interface OpenState {
  logger: Logger;
  opened: Map<string, Gen2Repository>;
  /** realpaths on the current chain, for loop detection. */
  chain: string[];
}

/**
 * A Gen2 data repository: root, version, mapper, parents (v1 `_parent` chains or v2 cfg parents),
 * registry, and the flattened search order a Gen2 Butler uses for reads.
 */
export class Gen2Repository {
  /** Real path of the repository root. */
  readonly root: string;
  readonly version: Gen2RepositoryVersion;
  /** The parsed `repositoryCfg.yaml` (v2 only), or the nested cfg this repo was recorded by. */
  readonly cfg: RepositoryCfg | undefined;
  /** Direct parents, in search order. */
  readonly parents: readonly Gen2Repository[];
  /** Parents that could not be found. */
  readonly missingParents: readonly MissingParent[];
  /** Stale absolute parent roots that were re-rooted. */
  readonly rerootedParents: readonly RerootedParent[];
  /** The repository's own `registry.sqlite3`, if any. */
  readonly ownRegistry: string | undefined;
  readonly #mapper: MapperSource | undefined;

  private constructor(init: {
    root: string;
    version: Gen2RepositoryVersion;
    cfg: RepositoryCfg | undefined;
    parents: Gen2Repository[];
    missingParents: MissingParent[];
    rerootedParents: RerootedParent[];
    mapper: MapperSource | undefined;
  }) {
    this.root = init.root;
    this.version = init.version;
    this.cfg = init.cfg;
    this.parents = init.parents;
    this.missingParents = init.missingParents;
    this.rerootedParents = init.rerootedParents;
    this.#mapper = init.mapper;
    const registry = path.join(this.root, 'registry.sqlite3');
    this.ownRegistry = existsSync(registry) ? registry : undefined;
  }

  /**
   * Opens the repository at `root` and, recursively, its parents.
   * @throws Gen2RepositoryError when `root` is not a Gen2 repository, a `_parent` chain loops,
   * `repositoryCfg.yaml` is malformed, or no mapper can be found.
   */
  static async open(root: string, options: OpenGen2Options = {}): Promise<Gen2Repository> {
    const state: OpenState = { logger: options.logger ?? silentLogger, opened: new Map(), chain: [] };
    const repo = await Gen2Repository.#open(root, undefined, state);
    if (!repo.mapper) throw new Gen2RepositoryError(root, 'no mapper');
    return repo;
  }

  static async #open(root: string, nestedCfg: RepositoryCfg | undefined, state: OpenState): Promise<Gen2Repository> {
    let real: string;
    try {
      real = realpathSync(root);
      if (!statSync(real).isDirectory()) throw new Gen2RepositoryError(root, 'not a directory');
    } catch (err) {
      if (err instanceof Gen2RepositoryError) throw err;
      throw new Gen2RepositoryError(root, isErrnoError(err, 'ENOENT') ? 'repository directory does not exist' : 'cannot access repository directory', { cause: err });
    }
    if (state.chain.includes(real)) {
      throw new Gen2RepositoryError(root, `parent loop: ${[...state.chain, real].join(' -> ')}`);
    }
    const known = state.opened.get(real);
    if (known) return known;

    const cfgFile = path.join(real, CFG);
    const version: Gen2RepositoryVersion = existsSync(cfgFile) ? 'v2' : 'v1';
    if (version === 'v1' && !nestedCfg && !MARKERS.some((m) => existsSync(path.join(real, m)))) {
      throw new Gen2RepositoryError(root, 'not a Gen2 repository: no repositoryCfg.yaml, registry.sqlite3, _mapper or _parent');
    }
    const cfg = version === 'v2' ? await readRepositoryCfg(cfgFile) : nestedCfg;
    for (const tag of cfg?.pythonTags ?? []) {
      if (tag.unexpected) state.logger.warn('unexpected-python-tag', { file: cfg?.file, path: tag.path, tag: tag.tag });
    }

    state.chain.push(real);
    const parents: Gen2Repository[] = [];
    const missingParents: MissingParent[] = [];
    const rerootedParents: RerootedParent[] = [];
    try {
      if (version === 'v2' && cfg) {
        for (const parent of cfg.parents) {
          const opened = await Gen2Repository.#openCfgParent(parent, real, cfg.file, state, missingParents, rerootedParents);
          if (opened && !parents.includes(opened)) parents.push(opened);
        }
      } else {
        const link = path.join(real, '_parent');
        if (existsSync(link) || isSymlink(link)) {
          const target = parentLinkTarget(link);
          if (target === undefined) {
            missingParents.push({ recorded: readLinkText(link), file: link, reason: 'dangling _parent symlink' });
          } else {
            parents.push(await Gen2Repository.#open(target, undefined, state));
          }
        }
      }
    } finally {
      state.chain.pop();
    }

    let mapper: MapperSource | undefined;
    const mapperFile = path.join(real, '_mapper');
    if (cfg?.mapper) mapper = mapperSource(cfg.mapper, cfg.file);
    else if (existsSync(mapperFile)) mapper = readMapperFile(mapperFile);

    const repo = new Gen2Repository({ root: real, version, cfg, parents, missingParents, rerootedParents, mapper });
    state.opened.set(real, repo);
    return repo;
  }

  static async #openCfgParent(
    parent: string | RepositoryCfg,
    childRoot: string,
    file: string,
    state: OpenState,
    missing: MissingParent[],
    rerooted: RerootedParent[],
  ): Promise<Gen2Repository | undefined> {
    const recorded = typeof parent === 'string' ? parent : (parent.root ?? '');
    if (!recorded) {
      missing.push({ recorded: '(null _root)', file, reason: 'nested parent cfg has no _root' });
      return undefined;
    }
    const resolved = path.isAbsolute(recorded) ? recorded : path.resolve(childRoot, recorded);
    const nested = typeof parent === 'string' ? undefined : parent;
    if (existsSync(resolved)) return Gen2Repository.#open(resolved, nested, state);
    if (path.isAbsolute(recorded)) {
      for (const candidate of rerootCandidates(recorded, childRoot)) {
        if (isGen2Repository(candidate) && realpathSync(candidate) !== childRoot) {
          state.logger.info('parent-rerooted', { file, recorded, resolved: candidate });
          rerooted.push({ recorded, resolved: candidate, file });
          return Gen2Repository.#open(candidate, nested, state);
        }
      }
    }
    state.logger.warn('parent-missing', { file, recorded });
    missing.push({ recorded, file, reason: 'parent repository not found' });
    return undefined;
  }

  /**
   * The mapper: this repository's own (`repositoryCfg.yaml` `_mapper` or `_mapper` file), else the
   * first parent's in search order.
   * @throws Gen2RepositoryError when neither this repository nor any parent names a mapper.
   */
  get mapper(): MapperSource {
    const owner = this.searchOrder().find((r) => r.#mapper !== undefined);
    const found = owner === undefined ? undefined : owner.#mapper;
    if (!found) throw new Gen2RepositoryError(this.root, 'no mapper: neither this repository nor its parents have a _mapper');
    return found;
  }

  /** Depth-first list of this repository followed by its parents (duplicates skipped): the Gen2 read order. */
  searchOrder(): Gen2Repository[] {
    const out: Gen2Repository[] = [];
    const visit = (repo: Gen2Repository) => {
      if (out.includes(repo)) return;
      out.push(repo);
      for (const p of repo.parents) visit(p);
    };
    visit(this);
    return out;
  }

  /** The raw registry this repository answers metadata queries from: its own, else the first parent's. */
  get registry(): string | undefined {
    return this.searchOrder().find((r) => r.ownRegistry)?.ownRegistry;
  }

  /** The per-repository policy override (`_policy.data`) of the first repository in search order that has one. */
  get policyOverride(): Record<string, unknown> | undefined {
    return this.searchOrder().find((r) => r.cfg?.policy)?.cfg?.policy ?? undefined;
  }

  /** `_mapperArgs.calibRoot` of the first repository in search order that records one, resolved against that root. */
  get recordedCalibRoot(): { recorded: string; resolved: string; file: string } | undefined {
    for (const repo of this.searchOrder()) {
      const value = repo.cfg?.mapperArgs?.calibRoot;
      if (typeof value === 'string' && repo.cfg) {
        return { recorded: value, resolved: path.resolve(repo.root, value), file: repo.cfg.file };
      }
    }
    return undefined;
  }

  /** Python tags found in this repository's cfg and its parents'. */
  get pythonTags(): PythonTag[] {
    return this.searchOrder().flatMap((r) => (r.version === 'v2' ? (r.cfg?.pythonTags ?? []) : []));
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function readLinkText(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return p;
  }
}

/** The directory a `_parent` entry designates: a symlink's target, or the `_parent` directory itself. */
function parentLinkTarget(link: string): string | undefined {
  try {
    return realpathSync(link);
  } catch (err) {
    if (isErrnoError(err, 'ELOOP')) throw new Gen2RepositoryError(link, 'symlink loop in _parent', { cause: err });
    return undefined;
  }
}
