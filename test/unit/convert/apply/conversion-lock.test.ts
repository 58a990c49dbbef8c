import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireConversionLock, CONVERSION_LOCK_FILE, ConversionLockedError } from '../../../../src/convert/apply/conversion-lock.js';
import { silentLogger } from '../../../../src/log/logger.js';
import { describePostgres, pgUrl } from '../../../helpers/postgres.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

/** The PID of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('acquireConversionLock (lock file)', () => {
  it('is exclusive while held, names the holder, and is free again after release', async () => {
    const root = tmpDir();
    const lock = await acquireConversionLock(root, { logger: silentLogger });
    const file = path.join(root, CONVERSION_LOCK_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    const err = await acquireConversionLock(root, { logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConversionLockedError);
    expect((err as ConversionLockedError).code).toBe('CONVERT_LOCKED');
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    await lock.release();
    await lock.release();
    expect(existsSync(file)).toBe(false);
    const again = await acquireConversionLock(root, { logger: silentLogger });
    await again.release();
  });

  it('takes over the lock of a dead process (a killed conversion), but not a fresh empty one', async () => {
    const root = tmpDir();
    const file = path.join(root, CONVERSION_LOCK_FILE);
    writeFileSync(file, `${JSON.stringify({ pid: deadPid(), started: '2026-01-01T00:00:00Z' })}\n`);
    const lock = await acquireConversionLock(root, { logger: silentLogger });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    writeFileSync(file, '');
    await expect(acquireConversionLock(root, { logger: silentLogger })).rejects.toThrow(ConversionLockedError);
  });

  it('only one of many concurrent contenders for a stale lock wins', async () => {
    const root = tmpDir();
    writeFileSync(path.join(root, CONVERSION_LOCK_FILE), `${JSON.stringify({ pid: deadPid() })}\n`);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireConversionLock(root, { logger: silentLogger })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof ConversionLockedError)).toBe(true);
    await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });
});

describePostgres('acquireConversionLock (PostgreSQL advisory lock)', () => {
  it('excludes a second conversion into the same registry database even from another repository path', async () => {
    const db = pgUrl()!;
    const first = await acquireConversionLock(tmpDir(), { db, logger: silentLogger });
    const otherRoot = tmpDir();
    const err = await acquireConversionLock(otherRoot, { db, logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConversionLockedError);
    expect((err as Error).message).toContain('advisory lock');
    expect(existsSync(path.join(otherRoot, CONVERSION_LOCK_FILE))).toBe(false);
    await first.release();
    const second = await acquireConversionLock(otherRoot, { db, logger: silentLogger });
    await second.release();
  });
});
