import { promises as fs } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { isErrnoError, UserError } from '../../errors.js';
import { DatabaseConnectionError } from '../../gen3/errors.js';
import type { Logger } from '../../log/logger.js';

/** Lock file next to the repository's `butler.yaml` while a conversion writes to it. */
export const CONVERSION_LOCK_FILE = '.gen2to3-convert.lock';

/** Another conversion holds the repository's lock. */
export class ConversionLockedError extends UserError {
  readonly code = 'CONVERT_LOCKED';
  constructor(
    readonly repo: string,
    readonly holder: string,
  ) {
    super(`${repo} is being converted into by another process (${holder}); wait for it to finish (a killed conversion's lock is taken over automatically once its process is gone)`);
  }
}

/** A held conversion lock; `release` is idempotent. */
export interface ConversionLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isErrnoError(e, 'EPERM');
  }
}

async function readHolder(file: string): Promise<{ pid?: number; text: string } | undefined> {
  try {
    const text = await fs.readFile(file, 'utf8');
    try {
      const parsed = JSON.parse(text) as { pid?: unknown };
      return typeof parsed.pid === 'number' ? { pid: parsed.pid, text: text.trim() } : { text: text.trim() };
    } catch {
      return { text: text.trim() };
    }
  } catch (e) {
    if (isErrnoError(e, 'ENOENT')) return undefined;
    throw e;
  }
}

/**
 * Removes a stale lock file under a short-lived takeover mutex, only if it still holds `staleText`
 * (so a contender never removes the fresh lock another one just created).
 */
async function takeOver(file: string, staleText: string): Promise<void> {
  const mutex = `${file}.takeover`;
  try {
    await (await fs.open(mutex, 'wx')).close();
  } catch (e) {
    if (!isErrnoError(e, 'EEXIST')) throw e;
    const st = await fs.stat(mutex).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > 10_000) await fs.rm(mutex, { force: true }); // left by a killed contender
    await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  try {
    const now = await readHolder(file);
    if (now?.text === staleText) await fs.rm(file, { force: true });
  } finally {
    await fs.rm(mutex, { force: true });
  }
}

/** Creates the lock file exclusively, taking over a lock whose process is dead. @throws ConversionLockedError */
async function lockFile(root: string, logger: Logger): Promise<string> {
  const file = path.join(root, CONVERSION_LOCK_FILE);
  const body = `${JSON.stringify({ pid: process.pid, started: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const handle = await fs.open(file, 'wx');
      try {
        await handle.writeFile(body);
      } finally {
        await handle.close();
      }
      return file;
    } catch (e) {
      if (!isErrnoError(e, 'EEXIST')) throw e;
    }
    const holder = await readHolder(file);
    if (holder === undefined) continue; // released meanwhile
    if (holder.pid !== undefined && alive(holder.pid)) throw new ConversionLockedError(root, `pid ${holder.pid}, lock file ${file}`);
    if (holder.pid === undefined) {
      // Being written by its creator right now (empty), or unreadable: only an old one is stale.
      const age = Date.now() - (await fs.stat(file).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age < 5000) throw new ConversionLockedError(root, `lock file ${file}`);
    }
    logger.warn('stale-conversion-lock', { file, holder: holder.text });
    await takeOver(file, holder.text);
  }
  throw new ConversionLockedError(root, `lock file ${file} keeps changing`);
}

/**
 * Takes the exclusive conversion lock of a repository for the duration of an apply: a lock file
 * (`O_CREAT|O_EXCL`, holding the PID) next to `butler.yaml`, taken over when its PID is dead; on a
 * PostgreSQL registry additionally `pg_try_advisory_lock` keyed by the registry database, held
 * on its own connection (so two hosts converting into one database exclude each other too).
 * @throws ConversionLockedError when another live conversion holds either lock.
 * @throws DatabaseConnectionError when the PostgreSQL registry cannot be reached.
 */
export async function acquireConversionLock(root: string, options: { db?: string; logger: Logger }): Promise<ConversionLock> {
  const file = await lockFile(root, options.logger);
  let client: pg.Client | undefined;
  try {
    if (options.db !== undefined && /^postgres(ql)?:\/\//.test(options.db)) {
      client = new pg.Client({ connectionString: options.db });
      try {
        await client.connect();
      } catch (e) {
        throw new DatabaseConnectionError(options.db, (e as Error).message, { cause: e });
      }
      const url = new URL(options.db);
      const key = `gen2to3-convert:${url.host}${url.pathname}`; // the registry database, whatever path the repository is mounted at
      const res = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      if (!res.rows[0]?.locked) throw new ConversionLockedError(root, 'a PostgreSQL advisory lock held by another session');
    }
  } catch (e) {
    await client?.end().catch(() => undefined);
    await fs.rm(file, { force: true });
    throw e;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      if (client) await client.end().catch(() => undefined); // ending the session releases the advisory lock
      const holder = await readHolder(file);
      if (holder?.pid === process.pid) await fs.rm(file, { force: true });
    },
  };
}
