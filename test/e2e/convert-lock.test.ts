import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONVERSION_LOCK_FILE } from '../../src/convert/apply/conversion-lock.js';
import { CLI, ensureBuilt, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';

beforeAll(() => ensureBuilt());

function datasetCount(target: string): number {
  const db = new Database(path.join(target, 'gen3.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from dataset').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('gen2to3 convert: two conversions into one repository at once', () => {
  it('the second is refused with CONVERT_LOCKED (exit 2) while the first runs; the first finishes alone; the lock is gone after', async () => {
    const tmp = tmpDir();
    const gen2 = path.join(tmp, 'gen2');
    expect(runCli(['generate-demo', gen2, '--visits', '4', '--detectors', '4', '--width', '16', '--height', '16']).status).toBe(0);
    const target = path.join(tmp, 'gen3');
    const args = ['convert', gen2, target, '--reruns', 'rerun/demo', '--batch-size', '2'];
    const lockFile = path.join(target, CONVERSION_LOCK_FILE);
    const first = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, GEN2TO3_TEST_BATCH_PAUSE_MS: '150' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!existsSync(lockFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lockFile)).toBe(true);
    const second = runCli(args);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('[CONVERT_LOCKED]');
    expect(second.stderr).toContain(`pid ${first.pid}`);
    expect(await exited, firstErr).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
    expect(datasetCount(target)).toBe(29);
    const third = runCli([...args, '--json']);
    expect(third.status, third.stderr).toBe(0);
    expect((JSON.parse(third.stdout) as { datasets: { inserted: number; present: number } }).datasets).toMatchObject({ inserted: 0, present: 29 });
  }, 120_000);
});
