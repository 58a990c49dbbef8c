import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log/logger.js';
import { silentLogger } from '../../log/logger.js';
import type { Database } from '../db/index.js';
import { openDatabase } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { defaultUniverse } from '../dimensions/index.js';
import { isErrnoError } from '../../errors.js';
import { DatabaseUrlError, RepositoryExistsError } from '../errors.js';
import { BUTLER_ATTRIBUTES, FILE_DATASTORE_RECORDS, OPAQUE_META, repositoryTableSpecs } from '../schema/index.js';
import { butlerYaml, SQLITE_REGISTRY_DB } from './butler-yaml.js';
import { repositoryAttributes } from './repository-attributes.js';

/** Options of {@link createRepository}. */
export interface CreateRepositoryOptions {
  /** `postgresql://…` for a PostgreSQL registry (the database must exist, with `btree_gist`). Default: SQLite `gen3.sqlite3` in the repository. */
  readonly db?: string;
  /** Also create `file_datastore_records` and its `opaque_meta` row, which daf_butler otherwise adds on the first writeable open. Default is `false` (exactly what `butler create` makes). */
  readonly createDatastoreRecords?: boolean;
  /** Default: universe v8. */
  readonly universe?: DimensionUniverse;
  readonly logger?: Logger;
}

/** What {@link createRepository} made. */
export interface CreatedRepository {
  /** Absolute repository root. */
  readonly root: string;
  /** `<root>/butler.yaml`. */
  readonly configFile: string;
  /** `registry.db` as written to `butler.yaml`. */
  readonly db: string;
  /** Names of the tables created. */
  readonly tables: readonly string[];
}

/** The SQLite database file of a repository created without `db`. */
export const SQLITE_FILE = 'gen3.sqlite3';

/** The repository configuration file. */
export const CONFIG_FILE = 'butler.yaml';

async function populate(db: Database, universe: DimensionUniverse, withRecords: boolean): Promise<string[]> {
  const specs = [...repositoryTableSpecs(universe), ...(withRecords ? [FILE_DATASTORE_RECORDS] : [])];
  await db.createTables(specs);
  await db.insert(BUTLER_ATTRIBUTES, repositoryAttributes(universe));
  if (withRecords) await db.insert(OPAQUE_META, [{ table_name: FILE_DATASTORE_RECORDS.name }]);
  return specs.map((s) => s.name);
}

/** Moves `tmp` to `file` without ever replacing an existing `file` (hard link, then unlink). */
function publish(tmp: string, file: string, root: string): void {
  try {
    linkSync(tmp, file);
  } catch (e) {
    if (isErrnoError(e, 'EEXIST')) throw new RepositoryExistsError(root, `${path.basename(file)} appeared while creating`);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function writeConfig(file: string, text: string, root: string): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { flag: 'wx' });
  publish(tmp, file, root);
}

/**
 * Creates an empty Gen3 repository the pinned daf_butler opens without migration: `butler.yaml`,
 * the registry tables of `butler create` and its 13 `butler_attributes` rows. Atomic: on failure
 * nothing is left behind (SQLite: built in a temporary file, then renamed; PostgreSQL: one
 * transaction).
 *
 * @example
 * await createRepository('/data/repo');
 * await createRepository('/data/shared', { db: 'postgresql://user@host/butler' });
 * @throws RepositoryExistsError when `root` already holds `butler.yaml` or `gen3.sqlite3`, or the
 * PostgreSQL database already holds registry tables.
 * @throws DatabaseUrlError / DatabaseConnectionError for a bad or unreachable `db`.
 */
export async function createRepository(root: string, options: CreateRepositoryOptions = {}): Promise<CreatedRepository> {
  const abs = path.resolve(root);
  if (existsSync(path.join(abs, CONFIG_FILE))) throw new RepositoryExistsError(abs, `${CONFIG_FILE} exists`);
  if (options.db !== undefined && !/^postgres(ql)?:\/\//.test(options.db)) throw new DatabaseUrlError(options.db, 'only postgresql:// URLs can be given (SQLite is the default)');
  if (options.db === undefined && existsSync(path.join(abs, SQLITE_FILE))) throw new RepositoryExistsError(abs, `${SQLITE_FILE} exists`);
  const plan: Plan = {
    root: abs,
    configFile: path.join(abs, CONFIG_FILE),
    madeRoot: !existsSync(abs),
    universe: options.universe ?? defaultUniverse(),
    withRecords: options.createDatastoreRecords ?? false,
    logger: options.logger ?? silentLogger,
  };
  return options.db === undefined ? createSqlite(plan) : createPostgres(plan, options.db);
}

interface Plan {
  readonly root: string;
  readonly configFile: string;
  /** Whether the root directory is ours to remove on failure. */
  readonly madeRoot: boolean;
  readonly universe: DimensionUniverse;
  readonly withRecords: boolean;
  readonly logger: Logger;
}

function cleanupRoot(plan: Plan): void {
  if (plan.madeRoot) rmSync(plan.root, { recursive: true, force: true });
}

async function createSqlite(plan: Plan): Promise<CreatedRepository> {
  mkdirSync(plan.root, { recursive: true });
  const dbFile = path.join(plan.root, SQLITE_FILE);
  const tmp = path.join(plan.root, `.${SQLITE_FILE}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const db = await openDatabase(`sqlite:///${tmp}`, { logger: plan.logger });
    let tables: string[];
    try {
      tables = await db.transaction((trx) => populate(trx, plan.universe, plan.withRecords));
    } finally {
      await db.close();
    }
    publish(tmp, dbFile, plan.root);
    try {
      writeConfig(plan.configFile, butlerYaml(SQLITE_REGISTRY_DB), plan.root);
    } catch (e) {
      rmSync(dbFile, { force: true });
      throw e;
    }
    plan.logger.info('repository-created', { root: plan.root, dialect: 'sqlite', tables: tables.length });
    return { root: plan.root, configFile: plan.configFile, db: SQLITE_REGISTRY_DB, tables };
  } catch (e) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
    cleanupRoot(plan);
    throw e;
  }
}

async function createPostgres(plan: Plan, url: string): Promise<CreatedRepository> {
  const db = await openDatabase(url, { logger: plan.logger });
  let wroteConfig = false;
  try {
    if ((await db.listTables()).includes(BUTLER_ATTRIBUTES.name)) {
      throw new RepositoryExistsError(plan.root, 'the database already holds a registry (butler_attributes exists)');
    }
    // DDL is transactional in PostgreSQL: butler.yaml is written inside the transaction, so either
    // both exist afterwards or neither does.
    const tables = await db.transaction(async (trx) => {
      const created = await populate(trx, plan.universe, plan.withRecords);
      mkdirSync(plan.root, { recursive: true });
      writeConfig(plan.configFile, butlerYaml(url), plan.root);
      wroteConfig = true;
      return created;
    });
    plan.logger.info('repository-created', { root: plan.root, dialect: 'postgresql', tables: tables.length });
    return { root: plan.root, configFile: plan.configFile, db: url, tables };
  } catch (e) {
    if (wroteConfig) rmSync(plan.configFile, { force: true });
    cleanupRoot(plan);
    throw e;
  } finally {
    await db.close();
  }
}
