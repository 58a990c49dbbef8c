// A real PostgreSQL server for the tests. test/global-setup.ts calls `setupTestPostgres()` once per
// vitest run: it uses GEN2TO3_TEST_PG_URL when set, else starts a private throw-away cluster from
// the installed server binaries, and hands the URL to the workers. Test files use
// `describePostgres`, `pgUrl()` and `freshDatabase()` / `freshSchema()` from here.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { envFlag } from './python.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/global-setup.ts: the test server's URL, or why there is none. */
    gen2to3Pg: PgStatus;
  }
}

/** What the global setup found: a server URL, or why there is none. */
export interface PgStatus {
  url?: string;
  reason?: string;
  /** 'env' = GEN2TO3_TEST_PG_URL, 'private' = a cluster started for this run. */
  source?: 'env' | 'private';
  /** e.g. "PostgreSQL 15.18 (Debian ...)". */
  version?: string;
}

/** GEN2TO3_REQUIRE_PG: PostgreSQL suites must run, and fail when no server is available. */
export const PG_REQUIRED = envFlag('GEN2TO3_REQUIRE_PG');

// ---------------------------------------------------------------------------------------------
// Worker side

function providedStatus(): PgStatus | undefined {
  try {
    return inject('gen2to3Pg');
  } catch {
    return undefined;
  }
}

function currentStatus(): PgStatus {
  const provided = providedStatus();
  if (provided) return provided;
  const url = process.env.GEN2TO3_TEST_PG_URL;
  return url ? { url, source: 'env' } : { reason: 'no global setup ran and GEN2TO3_TEST_PG_URL is not set' };
}

/** URL of the test server's scratch database, or undefined when there is no server. */
export function pgUrl(): string | undefined {
  return currentStatus().url;
}

/**
 * `describe` for suites that need PostgreSQL. Runs when a server is available; skipped when not —
 * except under GEN2TO3_REQUIRE_PG, where the suite is replaced by a failing test that says why.
 */
export function describePostgres(name: string, fn: () => void): void {
  const status = currentStatus();
  if (status.url) {
    describe(name, fn);
  } else if (PG_REQUIRED) {
    describe(name, () => {
      it('needs a PostgreSQL server (GEN2TO3_REQUIRE_PG is set)', () => {
        throw new Error(`GEN2TO3_REQUIRE_PG is set but no PostgreSQL server is available: ${status.reason ?? 'unknown reason'}`);
      });
    });
  } else {
    describe.skip(name, fn); // the global setup printed why
  }
}

/** Runs `fn` with a connected `pg` client, closing it afterwards. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function uniqueName(prefix: string, label: string): string {
  const clean = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30);
  return `${prefix}_${clean || 'test'}_${process.pid}_${randomBytes(4).toString('hex')}`.slice(0, 63);
}

/** A database created for one test file. */
export interface FreshDatabase {
  /** Its name (known at once; the database exists from `beforeAll` on). */
  readonly name: string;
  /** Connection URL (same server and credentials as {@link pgUrl}). */
  readonly url: string;
}

function serverUrl(): string {
  const url = pgUrl();
  if (!url) throw new Error('freshDatabase()/freshSchema() need a PostgreSQL server: call them inside describePostgres');
  return url;
}

/**
 * An isolated database for the calling test file (or describe block): `CREATE DATABASE` with the
 * `btree_gist` extension (daf_butler needs it) in `beforeAll`, `DROP DATABASE ... WITH (FORCE)` in
 * `afterAll`. Call it inside a `describePostgres` body.
 */
export function freshDatabase(label = 'db'): FreshDatabase {
  const base = serverUrl();
  const name = uniqueName('t', label);
  const url = withDatabase(base, name);
  beforeAll(async () => {
    await withPgClient(base, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    try {
      await withPgClient(url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS btree_gist'));
    } catch (e) {
      throw new Error(`cannot enable btree_gist in ${name} (daf_butler requires it): ${(e as Error).message}`);
    }
  });
  afterAll(async () => {
    await withPgClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  });
  return { name, url };
}

/** A schema created for one test file inside the shared scratch database. */
export interface FreshSchema {
  /** Schema name (daf_butler: `registry.namespace`; knex: `searchPath`). */
  readonly schema: string;
  /** URL of the shared scratch database (the schema lives there). */
  readonly url: string;
}

/** A schema of its own in the shared scratch database: created in `beforeAll`, dropped (CASCADE) in `afterAll`. */
export function freshSchema(label = 'schema'): FreshSchema {
  const url = serverUrl();
  const schema = uniqueName('s', label);
  beforeAll(async () => {
    await withPgClient(url, (c) => c.query(`CREATE SCHEMA ${quoteIdent(schema)}`));
  });
  afterAll(async () => {
    await withPgClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`));
  });
  return { schema, url };
}

// ---------------------------------------------------------------------------------------------
// Global-setup side

/** What `setupTestPostgres` returns to the global setup. */
export interface TestPostgres {
  status: PgStatus;
  teardown(): Promise<void>;
}

/** Directory holding initdb/pg_ctl: GEN2TO3_PG_BINDIR, the newest /usr/lib/postgresql/N/bin, or PATH. */
export function findPgBinDir(): string | undefined {
  const ok = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'));
  const fromEnv = process.env.GEN2TO3_PG_BINDIR;
  if (fromEnv) return ok(fromEnv) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      if (ok(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
    }
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && ok(dir)) return dir;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function lookupUser(name: string): OsUser | undefined {
  const r = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const f = r.stdout.trim().split(':');
  return { name, uid: Number(f[2]), gid: Number(f[3]) };
}

/** initdb refuses to run as root: as root, use the `postgres` system user, or create `gen2to3test`. */
function serverUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookupUser('postgres') ?? lookupUser('gen2to3test');
  if (existing) return existing;
  const r = spawnSync(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'gen2to3test'],
    { encoding: 'utf8' },
  );
  const created = lookupUser('gen2to3test');
  if (!created) throw new Error(`cannot create the system user gen2to3test for PostgreSQL: ${r.stderr || r.error?.message}`);
  return created;
}

function runAs(user: OsUser | undefined, command: string, args: string[], timeoutMs = 120_000) {
  const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
}

function fileTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function serverVersion(url: string): Promise<string> {
  return withPgClient(url, async (c) => {
    const r = await c.query<{ version: string }>('SELECT version() AS version');
    return r.rows[0]?.version ?? '?';
  });
}

/** Starts a private cluster; throws with initdb/server output on failure. */
async function startPrivateCluster(binDir: string): Promise<{ url: string; teardown: () => Promise<void> }> {
  const user = serverUser();
  let base = os.tmpdir();
  let dir = mkdtempSync(path.join(base, 'gen2to3-pg-'));
  if (user) {
    chownSync(dir, user.uid, user.gid);
    if (runAs(user, 'test', ['-w', dir]).status !== 0 && base !== '/tmp') {
      rmSync(dir, { recursive: true, force: true }); // TMPDIR not reachable for the server user
      base = '/tmp';
      dir = mkdtempSync(path.join(base, 'gen2to3-pg-'));
      chownSync(dir, user.uid, user.gid);
    }
  }
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  const log = path.join(dir, 'server.log');
  const pwfile = path.join(dir, 'pw');
  const password = randomBytes(12).toString('hex');
  const superuser = 'gen2to3';
  mkdirSync(sock);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  writeFileSync(log, '');
  if (user) for (const f of [sock, pwfile, log]) chownSync(f, user.uid, user.gid);

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      runAs(user, path.join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 60_000);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // If vitest dies without running teardown, don't leave a server behind.
  process.once('exit', stopSync);
  try {
    const init = runAs(user, path.join(binDir, 'initdb'), [
      '-D', data, '-U', superuser, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout || init.error?.message}`);
    rmSync(pwfile, { force: true });
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      // Later settings win, so appending overrides the defaults initdb wrote.
      appendFileSync(
        path.join(data, 'postgresql.conf'),
        [
          '',
          '# gen2to3 private test cluster',
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${sock}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 200',
          "timezone = 'UTC'",
          '',
        ].join('\n'),
      );
      const start = runAs(user, path.join(binDir, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start'], 90_000);
      if (start.status === 0) {
        const admin = `postgresql://${superuser}:${password}@127.0.0.1:${port}`;
        // Every database created from now on gets btree_gist (daf_butler refuses to connect without it).
        await withPgClient(`${admin}/template1`, (c) => c.query('CREATE EXTENSION IF NOT EXISTS btree_gist'));
        await withPgClient(`${admin}/postgres`, (c) => c.query('CREATE DATABASE gen2to3test'));
        return {
          url: `${admin}/gen2to3test`,
          teardown: async () => {
            process.removeListener('exit', stopSync);
            stopped = true;
            runAs(user, path.join(binDir, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop'], 90_000);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      lastError = `pg_ctl start failed (port ${port}):\n${start.stderr || start.stdout}\n${fileTail(log)}`;
    }
    throw new Error(lastError);
  } catch (e) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw e;
  }
}

/**
 * Called once by the global setup: GEN2TO3_TEST_PG_URL if set (checked by connecting), else a
 * private cluster from the installed server binaries (unless GEN2TO3_PG=0). Never throws: when
 * there is no server, `status.reason` says why (describePostgres turns that into a failure under
 * GEN2TO3_REQUIRE_PG, a skip otherwise).
 */
export async function setupTestPostgres(): Promise<TestPostgres> {
  const none = async () => undefined;
  const external = process.env.GEN2TO3_TEST_PG_URL;
  if (external) {
    try {
      return { status: { url: external, source: 'env', version: await serverVersion(external) }, teardown: none };
    } catch (e) {
      return { status: { reason: `cannot connect to GEN2TO3_TEST_PG_URL: ${(e as Error).message}` }, teardown: none };
    }
  }
  const disabled = process.env.GEN2TO3_PG;
  if (disabled !== undefined && !envFlag('GEN2TO3_PG')) {
    return { status: { reason: `GEN2TO3_PG=${disabled} disables the private test cluster` }, teardown: none };
  }
  const binDir = findPgBinDir();
  if (!binDir) {
    return {
      status: {
        reason:
          'no PostgreSQL server binaries (initdb, pg_ctl) in GEN2TO3_PG_BINDIR, /usr/lib/postgresql/*/bin or PATH; ' +
          'install them (apt-get install postgresql) or set GEN2TO3_TEST_PG_URL',
      },
      teardown: none,
    };
  }
  try {
    const cluster = await startPrivateCluster(binDir);
    let version: string;
    try {
      version = await serverVersion(cluster.url);
    } catch (e) {
      await cluster.teardown();
      throw e;
    }
    return { status: { url: cluster.url, source: 'private', version }, teardown: cluster.teardown };
  } catch (e) {
    return { status: { reason: `cannot start a private PostgreSQL cluster from ${binDir}: ${(e as Error).message}` }, teardown: none };
  }
}

/** The URL with its password masked, for logs. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable URL>';
  }
}
