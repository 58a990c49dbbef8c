import knex from 'knex';
import pg from 'pg';
import { DatabaseConnectionError, DatabaseUrlError } from '../../errors.js';
import type { Database } from '../database.js';
import { KnexDatabase } from '../knex-database.js';
import { knexLog } from '../knex-log.js';
import type { PostgresConfig } from './postgres-config.js';
import { postgresDialect } from './postgres-dialect.js';

/** Checks that `url` is a usable `postgresql://` URL. @throws DatabaseUrlError */
export function parsePostgresUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw new DatabaseUrlError(url, (e as Error).message);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') throw new DatabaseUrlError(url, `scheme ${parsed.protocol} is not postgresql:`);
  if (!parsed.hostname) throw new DatabaseUrlError(url, 'no host');
  if (parsed.pathname.length <= 1) throw new DatabaseUrlError(url, 'no database name');
  return parsed;
}

const INT8_OID = 20;

/** BIGINT as `bigint` (TAI nanoseconds exceed 2^53); everything else as node-postgres parses it. Per connection, not global. */
function typeParser(oid: number, format: string): (value: string) => unknown {
  if (oid === INT8_OID) return (value: string) => BigInt(value);
  return pg.types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text') as (value: string) => unknown;
}

/**
 * Connects to a PostgreSQL registry database and checks the `btree_gist` extension daf_butler
 * requires.
 * @throws DatabaseUrlError for a malformed URL; DatabaseConnectionError when the server cannot be
 * reached, refuses the login, or lacks `btree_gist`.
 */
export async function openPostgresDatabase(config: PostgresConfig): Promise<Database> {
  parsePostgresUrl(config.url);
  const k = knex({
    client: 'pg',
    connection: { connectionString: config.url, connectionTimeoutMillis: config.connectTimeoutMs ?? 10_000, types: { getTypeParser: typeParser } },
    pool: { min: 0, max: 4 },
    log: knexLog(config.logger),
    acquireConnectionTimeout: (config.connectTimeoutMs ?? 10_000) + 2_000,
  });
  let gist: unknown;
  try {
    gist = await k.raw("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'");
  } catch (e) {
    await k.destroy();
    throw new DatabaseConnectionError(config.url, (e as Error).message, { cause: e });
  }
  if ((gist as { rows: unknown[] }).rows.length === 0) {
    await k.destroy();
    throw new DatabaseConnectionError(config.url, 'the btree_gist extension is not enabled (daf_butler requires it: CREATE EXTENSION btree_gist)');
  }
  config.logger?.debug('database-opened', { dialect: 'postgresql' });
  return new KnexDatabase(k, postgresDialect);
}
