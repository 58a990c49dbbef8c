import path from 'node:path';
import { UserError } from '../errors.js';
import { guessRerunNames } from './collection-names.js';
import type { RerunConfig } from './conversion-config.js';

/** A rerun to convert, with its collection names decided (obs_base `Rerun` after `guessCollectionNames`). */
export interface RerunSpec {
  /** Path relative to the root, `/`-separated (`rerun/ci_hsc`). */
  readonly path: string;
  /** RUN of the rerun's datasets. */
  readonly runName: string;
  /** CHAINED collection of the rerun; undefined when only `runName` was configured. */
  readonly chainName: string | undefined;
  /** Collections appended to the chain, in order. */
  readonly parents: readonly string[];
}

/** A rerun directory is not inside the Gen2 root repository. */
export class RerunOutsideRootError extends UserError {
  readonly code = 'CONVERT_RERUN_OUTSIDE_ROOT';
  constructor(
    readonly rerun: string,
    readonly root: string,
  ) {
    super(`rerun ${rerun} is not inside the root repository ${root} (reruns are converted from directories under the root, e.g. rerun/<name>)`);
  }
}

/** The rerun configuration is inconsistent: an unknown parent, a parent cycle, two reruns with one name. */
export class RerunConfigError extends UserError {
  readonly code = 'CONVERT_RERUN_CONFIG';
}

/** `rerun` (absolute, or relative to `root`) as a `/`-separated path relative to `root`. @throws RerunOutsideRootError */
export function rerunRelativePath(root: string, rerun: string): string {
  const rel = path.isAbsolute(rerun) ? path.relative(root, rerun) : path.normalize(rerun);
  if (rel === '' || rel === '.' || rel.startsWith('..') || path.isAbsolute(rel)) throw new RerunOutsideRootError(rerun, root);
  return rel.split(path.sep).join('/');
}

/**
 * The reruns of a conversion: the `--reruns` paths (names guessed: `rerun/x` → `<INSTR>/runs/x`,
 * `rerun/private/<u>/x` → `u/<u>/x`) and the config's `reruns` entries (explicit `runName`,
 * `chainName`, `parents`; an entry with the same path as a `--reruns` path gives that rerun its names).
 * Rules of obs_base `Rerun`: only `chainName` → run `<chainName>/direct`; only `runName` → no chain.
 *
 * @param isKnownCollection - whether a parent that is not a rerun of this call exists (planned or in the target); default: every name is accepted.
 * @throws RerunOutsideRootError for a path outside the root.
 * @throws RerunConfigError for a parent that names no collection, a parent cycle between reruns, or two reruns with one RUN or chain name.
 */
export function resolveReruns(
  instrument: string,
  root: string,
  cliPaths: readonly string[],
  configured: readonly RerunConfig[],
  isKnownCollection: (name: string) => boolean = () => true,
): RerunSpec[] {
  const byPath = new Map<string, RerunConfig>();
  for (const c of configured) {
    if (typeof c.path !== 'string' || c.path === '') throw new RerunConfigError('every reruns entry needs a path');
    const rel = rerunRelativePath(root, c.path);
    if (byPath.has(rel)) throw new RerunConfigError(`rerun ${rel} is configured twice`);
    byPath.set(rel, c);
  }
  const order = [...new Set([...cliPaths.map((p) => rerunRelativePath(root, p)), ...byPath.keys()])];
  const specs = order.map((rel): RerunSpec => {
    const c = byPath.get(rel);
    const guessed = guessRerunNames(instrument, rel);
    let chainName: string | undefined = guessed.chainName;
    let runName = guessed.runName;
    if (c?.runName !== undefined) {
      runName = c.runName;
      chainName = c.chainName;
    } else if (c?.chainName !== undefined) {
      chainName = c.chainName;
      runName = `${c.chainName}/direct`;
    }
    const parents = [...(c?.parents ?? [])];
    if (parents.length > 0 && chainName === undefined) throw new RerunConfigError(`rerun ${rel} has parents but no chainName (parents are members of its chain)`);
    return { path: rel, runName, chainName, parents };
  });
  const names = new Map<string, string>();
  for (const s of specs) {
    for (const n of [s.runName, s.chainName]) {
      if (n === undefined) continue;
      const other = names.get(n);
      if (other !== undefined) throw new RerunConfigError(`reruns ${other} and ${s.path} both use the collection name ${n}`);
      names.set(n, s.path);
    }
  }
  const byChain = new Map(specs.filter((s) => s.chainName !== undefined).map((s) => [s.chainName!, s]));
  for (const s of specs) {
    for (const p of s.parents) {
      if (p === s.chainName || p === s.runName) throw new RerunConfigError(`rerun ${s.path} lists itself (${p}) as a parent`);
      if (!byChain.has(p) && !names.has(p) && !isKnownCollection(p)) {
        throw new RerunConfigError(`rerun ${s.path}: parent ${p} is neither a rerun of this conversion nor a collection of the conversion or the target repository`);
      }
    }
  }
  // Cycles among reruns of this call (A's chain contains B's, B's contains A's).
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: RerunSpec, trail: string[]): void => {
    const key = s.chainName!;
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new RerunConfigError(`rerun parents form a cycle: ${[...trail, key].join(' → ')}`);
    state.set(key, 'visiting');
    for (const p of s.parents) {
      const parent = byChain.get(p);
      if (parent) visit(parent, [...trail, key]);
    }
    state.set(key, 'done');
  };
  for (const s of byChain.values()) visit(s, []);
  return specs;
}

/**
 * The chain of each rerun with a chain: `[runName, …extra runs of the rerun, …parents]`, where a
 * parent that is a rerun of the same call is replaced by that rerun's (flattened) chain, as
 * `registerCollectionChain(..., flatten=True)` does. Duplicates keep their first place.
 */
export function rerunChains(specs: readonly RerunSpec[], extraRuns: (spec: RerunSpec) => readonly string[]): Map<string, string[]> {
  const byChain = new Map(specs.filter((s) => s.chainName !== undefined).map((s) => [s.chainName!, s]));
  const memo = new Map<string, string[]>();
  const chainOf = (s: RerunSpec): string[] => {
    const done = memo.get(s.chainName!);
    if (done) return done;
    const out: string[] = [s.runName, ...extraRuns(s)];
    for (const p of s.parents) {
      const parent = byChain.get(p);
      out.push(...(parent ? chainOf(parent) : [p]));
    }
    const unique = [...new Set(out)];
    memo.set(s.chainName!, unique);
    return unique;
  };
  return new Map([...byChain.values()].map((s) => [s.chainName!, chainOf(s)]));
}
