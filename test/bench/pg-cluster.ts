/**
 * A private throw-away PostgreSQL cluster for the benchmarks (test/helpers/postgres.ts does the same
 * for vitest, but imports vitest, so it cannot be loaded by the plain-node bench runner): `initdb` +
 * `pg_ctl start` on 127.0.0.1 (fsync off), `btree_gist` in template1 so that every database created
 * afterwards has it (daf_butler requires it). As root, the server runs as the `postgres` user.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface BenchCluster {
  /** Admin URL without a database path (append `/<db>`). */
  readonly baseUrl: string;
  /** e.g. "PostgreSQL 15.x". */
  readonly version: string;
  /** Creates an empty database (with btree_gist) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

function pgBinDir(): string | undefined {
  const ok = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.GEN2TO3_PG_BINDIR) return ok(process.env.GEN2TO3_PG_BINDIR) ? process.env.GEN2TO3_PG_BINDIR : undefined;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).filter((x) => /^\d+$/.test(x)).sort((a, b) => Number(b) - Number(a))) {
      if (ok(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
    }
  }
  return (process.env.PATH ?? '').split(path.delimiter).find((d) => d && ok(d));
}

function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'gen2to3test']) {
    const r = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
    if (r.status === 0) {
      const f = r.stdout.trim().split(':');
      return { name, uid: Number(f[2]), gid: Number(f[3]) };
    }
  }
  throw new Error('running as root but there is no postgres (or gen2to3test) user to run the server as');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts a private cluster; `stop()` (also run on process exit) shuts it down and deletes it. */
export async function startBenchCluster(): Promise<BenchCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl): install postgresql or set GEN2TO3_PG_BINDIR');
  const user = serverUser();
  const run = (cmd: string, args: string[]) => {
    const [c, a] = user ? ['runuser', ['-u', user.name, '--', cmd, ...args]] : [cmd, args];
    return spawnSync(c, a, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  };
  const dir = mkdtempSync(path.join('/tmp', 'gen2to3-bench-pg-'));
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  const log = path.join(dir, 'server.log');
  const pwfile = path.join(dir, 'pw');
  const password = randomBytes(12).toString('hex');
  mkdirSync(sock);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  writeFileSync(log, '');
  if (user) for (const f of [dir, sock, pwfile, log]) chownSync(f, user.uid, user.gid);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    if (existsSync(path.join(data, 'postmaster.pid'))) run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    const init = run(path.join(bin, 'initdb'), ['-D', data, '-U', 'gen2to3', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    const port = await freePort();
    appendFileSync(
      path.join(data, 'postgresql.conf'),
      ['', "listen_addresses = '127.0.0.1'", `port = ${port}`, `unix_socket_directories = '${sock}'`, 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', "timezone = 'UTC'", 'shared_buffers = 512MB', ''].join('\n'),
    );
    const start = run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}`);
    const baseUrl = `postgresql://gen2to3:${password}@127.0.0.1:${port}`;
    await query(`${baseUrl}/template1`, 'CREATE EXTENSION IF NOT EXISTS btree_gist');
    const version = String((await query(`${baseUrl}/postgres`, 'SELECT version() AS v')).rows[0]?.v ?? '?').split(' on ')[0] ?? '?';
    return {
      baseUrl,
      version,
      async createDatabase(name) {
        await query(`${baseUrl}/postgres`, `CREATE DATABASE "${name}"`);
        return `${baseUrl}/${name}`;
      },
      stop,
    };
  } catch (e) {
    stop();
    throw e;
  }
}
