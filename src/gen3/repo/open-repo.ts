import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Logger } from '../../log/logger.js';
import type { Database } from '../db/index.js';
import { openDatabase } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { defaultUniverse } from '../dimensions/index.js';
import { IncompatibleRepositoryError, RepositoryNotFoundError } from '../errors.js';
import { BUTLER_ATTRIBUTES } from '../schema/index.js';
import { SQLITE_REGISTRY_DB } from './butler-yaml.js';
import { SQLITE_FILE } from './create-repo.js';
import { MANAGERS } from './managers.js';

/** An open repository: its configuration, registry database and universe. */
export interface Repository {
  readonly root: string;
  /** `butler.yaml` as data. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly db: Database;
  readonly universe: DimensionUniverse;
  close(): Promise<void>;
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/**
 * The reasons the attributes of a repository are unsupported: manager classes other than
 * {@link MANAGERS}, versions with another major.minor, or another dimension universe.
 */
export function compatibilityProblems(attributes: ReadonlyMap<string, string>, universe: DimensionUniverse): string[] {
  const problems: string[] = [];
  for (const m of MANAGERS) {
    const cls = attributes.get(`config:registry.managers.${m.role}`);
    if (cls !== m.attributeClass) {
      problems.push(`${m.role} manager is ${cls ?? 'missing'} (supported: ${m.attributeClass})`);
      continue;
    }
    const version = attributes.get(`version:${cls}`);
    if (version === undefined || majorMinor(version) !== majorMinor(m.version)) problems.push(`${m.role} manager version ${version ?? 'missing'} (supported: ${m.version})`);
  }
  const dims = attributes.get('config:dimensions.json');
  try {
    const parsed = JSON.parse(dims ?? 'null') as { namespace?: string; version?: number } | null;
    if (parsed?.namespace !== universe.namespace || parsed.version !== universe.version) {
      problems.push(`dimension universe ${parsed?.namespace ?? '?'} v${parsed?.version ?? '?'} (supported: ${universe.namespace} v${universe.version})`);
    }
  } catch {
    problems.push('config:dimensions.json is not valid JSON');
  }
  return problems;
}

/**
 * Opens an existing repository and checks that gen2to3 supports it.
 * @throws RepositoryNotFoundError without a readable `butler.yaml`.
 * @throws IncompatibleRepositoryError for unsupported manager classes or versions, or universe.
 */
export async function openRepository(root: string, options: { logger?: Logger; universe?: DimensionUniverse } = {}): Promise<Repository> {
  const abs = path.resolve(root);
  const { config, registry } = readButlerYaml(abs);
  const universe = options.universe ?? defaultUniverse();
  const db = await openDatabase(registry.db, { root: abs, ...(options.logger ? { logger: options.logger } : {}) });
  try {
    const tables = await db.listTables();
    if (!tables.includes(BUTLER_ATTRIBUTES.name)) throw new IncompatibleRepositoryError(abs, ['the registry has no butler_attributes table']);
    const rows = await db.select(BUTLER_ATTRIBUTES.name);
    const attributes = new Map(rows.map((r) => [String(r.name), String(r.value)]));
    const problems = compatibilityProblems(attributes, universe);
    for (const m of MANAGERS) {
      const configured = registry.managers?.[m.role];
      if (configured !== undefined && configured !== m.configClass) problems.push(`butler.yaml names ${m.role} manager ${String(configured)}`);
    }
    if (problems.length > 0) throw new IncompatibleRepositoryError(abs, problems);
  } catch (e) {
    await db.close();
    throw e;
  }
  return { root: abs, config, db, universe, close: () => db.close() };
}

function readButlerYaml(abs: string): { config: Record<string, unknown>; registry: { db: string; managers?: Record<string, unknown> } } {
  let config: Record<string, unknown>;
  try {
    config = (YAML.parse(readFileSync(path.join(abs, 'butler.yaml'), 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw new RepositoryNotFoundError(abs, { cause: e });
  }
  const registry = (config.registry ?? {}) as { db?: unknown; managers?: Record<string, unknown> };
  if (typeof registry.db !== 'string') throw new IncompatibleRepositoryError(abs, ['butler.yaml has no registry.db']);
  return { config, registry: { ...registry, db: registry.db } };
}

/**
 * Whether the registry that `root`'s `butler.yaml` names holds its `butler_attributes` table, i.e. a
 * repository creation got as far as committing its tables (on PostgreSQL `butler.yaml` is written
 * inside the creating transaction, so it can exist for a registry that was never committed).
 * @throws RepositoryNotFoundError / IncompatibleRepositoryError for a missing or unusable `butler.yaml`.
 */
export async function registryCommitted(root: string, options: { logger?: Logger } = {}): Promise<boolean> {
  const abs = path.resolve(root);
  const { registry } = readButlerYaml(abs);
  if (registry.db === SQLITE_REGISTRY_DB && !existsSync(path.join(abs, SQLITE_FILE))) return false;
  const db = await openDatabase(registry.db, { root: abs, ...(options.logger ? { logger: options.logger } : {}) });
  try {
    return (await db.listTables()).includes(BUTLER_ATTRIBUTES.name);
  } finally {
    await db.close();
  }
}
