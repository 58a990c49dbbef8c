import type { Dirent } from 'node:fs';
import path from 'node:path';
import { FileAccessError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { noProgress, type Progress, type ProgressBar } from '../../log/progress.js';
import type { Gen2DataId } from '../data-id.js';
import { WalkRuleError } from '../errors.js';
import { BasenameMatcher } from './basename-matcher.js';
import { compileTarget, type CompiledTarget, type ElementTest } from './compiled-target.js';
import { createLimiter } from './concurrency-limiter.js';
import { countFiles, type CountContext } from './count-files.js';
import { readdirEntries, realPath, statPath } from './fs-async.js';
import { resolveSymlinks, type ResolvedLink } from './resolve-symlink.js';
import type {
  WalkAmbiguity,
  WalkBroken,
  WalkIgnored,
  WalkResult,
  WalkSkipped,
  WalkTarget,
  WalkTotals,
  WalkUnrecognized,
} from './walk-result.js';
import type { SkipDirRule, WalkRules, WalkTargetSpec } from './walk-rules.js';

/** Injected services and tuning of {@link walkGen2Tree}. */
export interface WalkOptions {
  /** Receives `walk-started`, `walk-finished` and one warning per kind of problem. Default is silent. */
  logger?: Logger;
  /** Ticks once per directory read, by its number of entries. Default shows nothing. */
  progress?: Progress;
  /** Directories read at once, and symlinks of one directory followed at once. Default is `64`. */
  concurrency?: number;
}

interface WalkContext extends CountContext {
  readonly targets: readonly CompiledTarget[];
  readonly skipDirs: ReadonlyMap<string, SkipDirRule>;
  readonly ignore: BasenameMatcher;
  readonly bar: ProgressBar;
}

interface DirJob {
  readonly abs: string;
  /** Relative to the root, `''` for the root itself. */
  readonly rel: string;
  readonly real: string;
  /** Number of path elements in `rel`. */
  readonly depth: number;
  /** Targets whose first `depth` elements match `rel`. */
  readonly alive: readonly CompiledTarget[];
}

interface DirNode {
  targets?: WalkTarget[];
  ambiguities?: WalkAmbiguity[];
  skipped?: { relPath: string; reason: string; count: number }[];
  ignored?: WalkIgnored[];
  unrecognized?: { dir: string; entries: string[]; count: number };
  broken?: WalkBroken[];
  children: DirNode[];
}

/**
 * Walks a Gen2 repository directory and classifies every entry, the way obs_base's `repoWalker`
 * does: each file is a target of one dataset type (its path matches the type's template), inside
 * a skipped directory, ignored by rule, unrecognized, or broken (dangling symlink, symlink loop,
 * unreadable directory). Subdirectories that no template can match at their depth are not walked
 * but counted, and reported as unrecognized. Symlinks are followed; directory symlinks that point
 * to an ancestor are reported as loops.
 *
 * @param root - the repository root.
 * @param targets - dataset types and their templates.
 * @param rules - skipped directories and ignore rules (see {@link DEFAULT_WALK_RULES}).
 * @returns every entry, classified, in depth-first order with names sorted; totals add up.
 * @throws FileAccessError when `root` is not a readable directory.
 * @throws WalkRuleError when a skipped directory is not a relative path inside the root.
 *
 * @example
 * ```ts
 * const result = await walkGen2Tree('/data/hsc', [{ datasetType: 'calexp', template: Gen2Template.parse(t) }], DEFAULT_WALK_RULES);
 * result.totals; // { files: 1234, targets: 1000, skipped: 200, ignored: 4, unrecognized: 30, broken: 0, ... }
 * ```
 */
export async function walkGen2Tree(root: string, targets: readonly WalkTargetSpec[], rules: WalkRules, options: WalkOptions = {}): Promise<WalkResult> {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  const abs = path.resolve(root);
  const real = await rootRealPath(abs);
  const bar = (options.progress ?? noProgress).start(`walking ${root}`);
  const ctx: WalkContext = {
    limit: createLimiter(options.concurrency ?? 64),
    linkConcurrency: options.concurrency ?? 64,
    directories: 0,
    targets: targets.map(compileTarget),
    skipDirs: skipDirMap(rules.skipDirs),
    ignore: new BasenameMatcher(rules.ignore),
    bar,
  };
  logger.debug('walk-started', { root: abs, targets: targets.length });
  let node: DirNode;
  try {
    node = await walkDir(ctx, { abs, rel: '', real, depth: 0, alive: ctx.targets });
  } finally {
    bar.done();
  }
  const result = assemble(abs, node, ctx.directories);
  report(logger, result, performance.now() - started);
  return result;
}

async function rootRealPath(abs: string): Promise<string> {
  try {
    const stat = await statPath(abs);
    if (!stat.isDirectory()) throw new FileAccessError(abs, 'not a directory');
    return await realPath(abs);
  } catch (err) {
    if (err instanceof FileAccessError) throw err;
    throw new FileAccessError(abs, `cannot read directory: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function skipDirMap(rules: readonly SkipDirRule[]): Map<string, SkipDirRule> {
  const map = new Map<string, SkipDirRule>();
  for (const rule of rules) {
    const dir = rule.dir.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (dir === '' || dir === '.') throw new WalkRuleError(rule.dir, 'skipping the root itself');
    if (path.isAbsolute(dir)) throw new WalkRuleError(rule.dir, 'must be relative to the repository root');
    if (dir.split('/').some((part) => part === '..' || part === '.' || part === '')) throw new WalkRuleError(rule.dir, 'must be a normalised path inside the root');
    if (!map.has(dir)) map.set(dir, { dir, reason: rule.reason });
  }
  return map;
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function walkDir(ctx: WalkContext, job: DirJob): Promise<DirNode> {
  const node: DirNode = { children: [] };
  let dirents: Dirent[];
  try {
    dirents = await ctx.limit(() => readdirEntries(job.abs));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (job.rel === '') throw new FileAccessError(job.abs, `cannot read directory: ${detail}`, { cause: err });
    node.broken = [{ relPath: job.rel, problem: 'unreadable', detail }];
    return node;
  }
  ctx.directories++;
  ctx.bar.tick(dirents.length);
  dirents.sort(byName);
  const links = await resolveLinks(ctx, job, dirents);
  const fileCandidates = job.alive.filter((t) => t.depth === job.depth + 1);
  const dirCandidates = job.alive.filter((t) => t.depth > job.depth + 1);
  const prefix = job.rel ? `${job.rel}/` : '';
  const counting: Promise<unknown>[] = [];
  const children: Promise<DirNode>[] = [];
  const unrecognized: string[] = [];
  let unrecognizedCount = 0;

  for (let i = 0; i < dirents.length; i++) {
    const dirent = dirents[i] as Dirent;
    const name = dirent.name;
    const ignoreRule = ctx.ignore.match(name);
    if (ignoreRule) {
      (node.ignored ??= []).push({ relPath: prefix + name, rule: ignoreRule.rule, count: 1 });
      continue;
    }
    let childReal: string | undefined;
    if (dirent.isDirectory()) {
      childReal = `${job.real}/${name}`;
    } else if (dirent.isSymbolicLink()) {
      const link = links?.[i] as ResolvedLink;
      if (link.kind === 'broken') {
        (node.broken ??= []).push({ relPath: prefix + name, problem: link.problem, detail: link.detail });
        continue;
      }
      if (link.kind === 'directory') childReal = link.real;
    }

    if (childReal === undefined) {
      if (!classifyFile(node, fileCandidates, prefix, name)) {
        unrecognized.push(name);
        unrecognizedCount++;
      }
      continue;
    }
    const rel = prefix + name;
    const childAbs = `${job.abs}/${name}`;
    const skip = ctx.skipDirs.get(rel);
    if (skip) {
      const entry = { relPath: rel, reason: skip.reason, count: 0 };
      (node.skipped ??= []).push(entry);
      counting.push(countFiles(childAbs, childReal, ctx).then((n) => (entry.count = n)));
      continue;
    }
    const alive = dirCandidates.filter((t) => (t.tests[job.depth] as ElementTest)(name));
    if (alive.length > 0) {
      children.push(walkDir(ctx, { abs: childAbs, rel, real: childReal, depth: job.depth + 1, alive }));
    } else {
      unrecognized.push(`${name}/`);
      counting.push(countFiles(childAbs, childReal, ctx).then((n) => (unrecognizedCount += n)));
    }
  }
  await Promise.all(counting);
  node.children = await Promise.all(children);
  if (unrecognized.length > 0) node.unrecognized = { dir: job.rel || '.', entries: unrecognized, count: unrecognizedCount };
  return node;
}

/** The symlinks among `dirents` resolved, by dirent index; undefined when there are none. */
async function resolveLinks(ctx: WalkContext, job: DirJob, dirents: Dirent[]): Promise<(ResolvedLink | undefined)[] | undefined> {
  const indices: number[] = [];
  dirents.forEach((d, i) => {
    if (d.isSymbolicLink() && !ctx.ignore.match(d.name)) indices.push(i);
  });
  if (indices.length === 0) return undefined;
  const resolved = await resolveSymlinks(
    job.abs,
    job.real,
    indices.map((i) => (dirents[i] as Dirent).name),
    ctx.linkConcurrency,
  );
  const byIndex = new Array<ResolvedLink | undefined>(dirents.length);
  indices.forEach((direntIndex, i) => (byIndex[direntIndex] = resolved[i]));
  return byIndex;
}

/** Adds the file to the node's targets when a template matches; false when none does. */
function classifyFile(node: DirNode, candidates: readonly CompiledTarget[], prefix: string, name: string): boolean {
  let best: CompiledTarget | undefined;
  let bestId: Gen2DataId | undefined;
  let matched: CompiledTarget[] | undefined;
  let relPath: string | undefined;
  for (const target of candidates) {
    if (!(target.tests[target.depth - 1] as ElementTest)(name)) continue;
    relPath ??= prefix + name;
    const dataId = target.spec.template.match(relPath);
    if (!dataId) continue;
    if (best === undefined) {
      best = target;
      bestId = dataId;
      continue;
    }
    (matched ??= [best]).push(target);
    if (target.literalLength > best.literalLength) {
      best = target;
      bestId = dataId;
    }
  }
  if (best === undefined || bestId === undefined || relPath === undefined) return false;
  const template = best.spec.template;
  const compressedSuffix = template.acceptsCompressedSuffix && !name.endsWith('.fits') ? (name.endsWith('.gz') ? '.gz' : '.fz') : undefined;
  (node.targets ??= []).push({ datasetType: best.spec.datasetType, dataId: bestId, relPath, hdu: template.hdu, compressedSuffix });
  if (matched) {
    (node.ambiguities ??= []).push({ relPath, chosen: best.spec.datasetType, candidates: matched.map((t) => t.spec.datasetType) });
  }
  return true;
}

function assemble(root: string, top: DirNode, directories: number): WalkResult {
  const targets: WalkTarget[] = [];
  const ambiguities: WalkAmbiguity[] = [];
  const skipped: WalkSkipped[] = [];
  const ignored: WalkIgnored[] = [];
  const unrecognized: WalkUnrecognized[] = [];
  const broken: WalkBroken[] = [];
  const stack: DirNode[] = [top];
  while (stack.length > 0) {
    const node = stack.pop() as DirNode;
    if (node.targets) for (const t of node.targets) targets.push(t);
    if (node.ambiguities) ambiguities.push(...node.ambiguities);
    if (node.skipped) skipped.push(...node.skipped);
    if (node.ignored) ignored.push(...node.ignored);
    if (node.unrecognized) unrecognized.push(node.unrecognized);
    if (node.broken) broken.push(...node.broken);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DirNode);
  }
  const countsByDatasetType = new Map<string, number>();
  for (const t of targets) countsByDatasetType.set(t.datasetType, (countsByDatasetType.get(t.datasetType) ?? 0) + 1);
  const sum = (items: readonly { count: number }[]): number => items.reduce((n, item) => n + item.count, 0);
  const counts = {
    targets: targets.length,
    skipped: sum(skipped),
    ignored: sum(ignored),
    unrecognized: sum(unrecognized),
    broken: broken.length,
  };
  const totals: WalkTotals = {
    files: counts.targets + counts.skipped + counts.ignored + counts.unrecognized + counts.broken,
    ...counts,
    ambiguous: ambiguities.length,
    directories,
  };
  return { root, targets, skipped, ignored, unrecognized, broken, ambiguities, countsByDatasetType, totals };
}

const EXAMPLES = 5;

function report(logger: Logger, result: WalkResult, ms: number): void {
  const { totals } = result;
  logger.info('walk-finished', { root: result.root, ...totals, ms: Math.round(ms) });
  if (totals.unrecognized > 0) {
    logger.warn('walk-unrecognized', {
      root: result.root,
      files: totals.unrecognized,
      directories: result.unrecognized.length,
      examples: result.unrecognized.slice(0, EXAMPLES).map((u) => `${u.dir}: ${u.entries.slice(0, EXAMPLES).join(', ')}${u.entries.length > EXAMPLES ? ', …' : ''}`),
    });
  }
  if (totals.ambiguous > 0) {
    logger.warn('walk-ambiguous', {
      root: result.root,
      files: totals.ambiguous,
      examples: result.ambiguities.slice(0, EXAMPLES).map((a) => `${a.relPath}: ${a.candidates.join(' | ')} -> ${a.chosen}`),
    });
  }
  if (totals.broken > 0) {
    logger.warn('walk-broken', {
      root: result.root,
      entries: totals.broken,
      examples: result.broken.slice(0, EXAMPLES).map((b) => `${b.relPath}: ${b.problem} (${b.detail})`),
    });
  }
}
