import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Gen2Repository } from './repository.js';

/** How a calibration root was chosen (gen2-format §1.6, in priority order). */
export type CalibRootSource = 'option' | 'mapperArgs' | 'policy' | 'CALIB' | 'parent' | 'root';

/** The resolved calibration root of a repository. */
export interface CalibRoot {
  /** Directory the calibration templates are relative to. */
  root: string;
  source: CalibRootSource;
  /** `calibRegistry.sqlite3` in that directory, when present. */
  registry: string | undefined;
  /** Candidates that were recorded but do not exist (e.g. a stale absolute `_mapperArgs.calibRoot`). */
  notFound: string[];
}

/** Inputs to {@link resolveCalibRoot}. */
export interface CalibRootOptions {
  /** `--calibs DIR`, resolved against the current directory by the caller. */
  explicit?: string;
  /** The policy's `calibRoot`, relative to the repository root. */
  policyCalibRoot?: string;
  /** Mappers that look in `ROOT/CALIB` and parents (HSC, the LSST family). */
  searchesCalibDir: boolean;
  /** Policy `calibRegistryPath`, relative to the calib root. */
  calibRegistryPath?: string;
}

const CALIB_REGISTRY = 'calibRegistry.sqlite3';

function found(root: string, source: CalibRootSource, notFound: string[], registryPath?: string): CalibRoot {
  const registry = path.resolve(root, registryPath ?? CALIB_REGISTRY);
  return { root, source, registry: existsSync(registry) ? registry : undefined, notFound };
}

/** Resolves where a repository's calibrations live, exactly in the Gen2 CameraMapper's priority order. */
export function resolveCalibRoot(repo: Gen2Repository, options: CalibRootOptions): CalibRoot {
  const notFound: string[] = [];
  if (options.explicit) return found(path.resolve(options.explicit), 'option', notFound, options.calibRegistryPath);
  const recorded = repo.recordedCalibRoot;
  if (recorded) {
    if (existsSync(recorded.resolved)) return found(recorded.resolved, 'mapperArgs', notFound, options.calibRegistryPath);
    notFound.push(recorded.resolved);
  }
  if (options.policyCalibRoot) {
    const p = path.resolve(repo.root, options.policyCalibRoot);
    if (existsSync(p)) return found(p, 'policy', notFound, options.calibRegistryPath);
    notFound.push(p);
  }
  if (options.searchesCalibDir) {
    const own = path.join(repo.root, 'CALIB');
    if (existsSync(path.join(own, CALIB_REGISTRY))) return found(own, 'CALIB', notFound, options.calibRegistryPath);
    for (const parent of repo.searchOrder().slice(1)) {
      for (const candidate of [path.join(parent.root, 'CALIB'), parent.root]) {
        if (existsSync(path.join(candidate, CALIB_REGISTRY))) return found(candidate, 'parent', notFound, options.calibRegistryPath);
      }
    }
  }
  return found(repo.root, 'root', notFound, options.calibRegistryPath);
}
