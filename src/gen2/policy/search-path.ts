/**
 * The policy search path: the directories in which `<package>/policy/<file>` is looked for (e.g. the obs
 * packages of an LSST install, or the fixtures root). Set with `--policy-path` and/or the
 * `GEN2TO3_POLICY_PATH` environment variable (colon-separated, like `PATH`).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { PolicyError } from '../errors.js';

/** Name of the environment variable holding the policy search path. */
export const POLICY_PATH_ENV = 'GEN2TO3_POLICY_PATH';

/** Splits a `PATH`-like list (`:`-separated on POSIX) into directories; empty entries are dropped. */
export function parsePolicySearchPath(text: string): string[] {
  return text
    .split(path.delimiter)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The search path from the environment.
 *
 * @param env - the environment. Default is `process.env`.
 * @returns the directories of `GEN2TO3_POLICY_PATH` (resolved to absolute paths), or `[]` when unset.
 */
export function policySearchPathFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const text = env[POLICY_PATH_ENV];
  return text === undefined ? [] : parsePolicySearchPath(text).map((d) => path.resolve(d));
}

/**
 * The effective search path: the explicit directories (`--policy-path`, in the order given) followed by
 * those of `GEN2TO3_POLICY_PATH`; relative entries are resolved against the current directory and
 * duplicates dropped (first occurrence kept).
 *
 * @param explicit - directories given on the command line or by the caller. Default is `[]`.
 * @param env - the environment. Default is `process.env`.
 */
export function resolvePolicySearchPath(explicit: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  const all = [...explicit.map((d) => path.resolve(d)), ...policySearchPathFromEnv(env)];
  return [...new Set(all)];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Candidate locations of `<pkg>/policy/<file>` in one search directory `d`, in the order tried:
 * `d/<file>`, `d/policy/<file>`, `d/<pkg>/policy/<file>`.
 */
export function policyFileCandidates(dir: string, packageName: string, file: string): string[] {
  return [path.join(dir, file), path.join(dir, 'policy', file), path.join(dir, packageName, 'policy', file)];
}

/**
 * Finds `<pkg>/policy/<file>` on the search path (first hit wins).
 *
 * @param packageName - package owning the file, e.g. `obs_subaru`.
 * @param file - path relative to the package's `policy/` directory, e.g. `latiss/latissMapper.yaml`.
 * @param searchPath - directories to search, in order.
 * @returns the absolute path, or undefined when no candidate exists.
 */
export function findPolicyFile(packageName: string, file: string, searchPath: readonly string[]): string | undefined {
  for (const dir of searchPath) {
    for (const candidate of policyFileCandidates(path.resolve(dir), packageName, file)) {
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Like {@link findPolicyFile}, but a missing file is an error.
 *
 * @throws PolicyError naming `<pkg>/policy/<file>` and the directories searched.
 */
export function locatePolicyFile(packageName: string, file: string, searchPath: readonly string[]): string {
  const found = findPolicyFile(packageName, file, searchPath);
  if (found !== undefined) return found;
  const wanted = `${packageName}/policy/${file}`;
  if (searchPath.length === 0) {
    throw new PolicyError(wanted, `policy file not found: the policy search path is empty (set --policy-path or ${POLICY_PATH_ENV})`);
  }
  throw new PolicyError(wanted, `policy file not found on the policy search path (${searchPath.join(path.delimiter)}); tried <dir>/${file}, <dir>/policy/${file} and <dir>/${packageName}/policy/${file}`);
}
