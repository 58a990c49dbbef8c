import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { dumpDatastoreFiles, dumpRegistry } from '../integration/convert/repo-dump.js';

beforeAll(() => ensureBuilt());

/** Datasets in the target's registry so far (0 before it exists). */
function datasetCount(target: string): number {
  const file = path.join(target, 'gen3.sqlite3');
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from dataset').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or locked by the writer
  }
}

/**
 * Starts `gen2to3 convert` with a pause at every batch stage, and SIGKILLs it `extraMs` after the
 * target holds at least `atLeast` datasets (or after `extraMs` when `atLeast` is 0).
 */
function convertAndKill(args: readonly string[], target: string, atLeast: number, extraMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, GEN2TO3_TEST_BATCH_PAUSE_MS: '80' }, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (timer === undefined && datasetCount(target) >= atLeast) timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
    }, 20);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describe('gen2to3 convert (built CLI)', () => {
  const tmp = tmpDir();
  const gen2 = path.join(tmp, 'gen2');
  const base = ['--reruns', 'rerun/demo', '--batch-size', '2'];

  beforeAll(() => {
    const gen = runCli(['generate-demo', gen2, '--visits', '4', '--detectors', '4', '--width', '16', '--height', '16']);
    expect(gen.status).toBe(0);
  });

  it('--dry-run prints the plan and writes nothing; --json and --report account for every file; exit 2 for bad input', () => {
    const target = path.join(tmp, 'dry');
    const dry = runCli(['convert', gen2, target, '--dry-run', ...base]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Conversion plan (format 1)');
    expect(dry.stdout).toContain('16  raw in DemoCam/raw/all');
    const dryJson = runCli(['convert', gen2, target, '--dry-run', '--json', ...base]);
    expect(dryJson.status).toBe(0);
    const plan = JSON.parse(dryJson.stdout) as { formatVersion: number; datasets: { datasetType: string }[] };
    expect(plan.formatVersion).toBe(1);
    expect(plan.datasets.filter((d) => d.datasetType === 'raw')).toHaveLength(16);
    expect(dryJson.stdout.endsWith('}\n')).toBe(true);
    const json = runCli(['convert', gen2, path.join(tmp, 'j'), '--json', '--report', path.join(tmp, 'report.json'), ...base]);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as { totals: { files: number; convertedFiles: number; ignored: number; skipped: number; unrecognized: number }; converted: { path: string }[]; datasets: { inserted: number }; visits: { defined: number } };
    expect(JSON.parse(readFileSync(path.join(tmp, 'report.json'), 'utf8'))).toEqual({ ...report, seconds: expect.any(Number) });
    const t = report.totals;
    expect(new Set(report.converted.map((c) => c.path)).size).toBe(t.convertedFiles);
    expect(t.convertedFiles + t.ignored + t.skipped + t.unrecognized).toBe(t.files);
    expect(report.datasets.inserted).toBe(29);
    expect(report.visits.defined).toBe(4);
    const bad = runCli(['convert', path.join(tmp, 'missing'), path.join(tmp, 'x')]);
    expect(bad.status).toBe(2);
    const outside = runCli(['convert', gen2, path.join(tmp, 'x'), '--reruns', '/etc']);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('[CONVERT_RERUN_OUTSIDE_ROOT]');
    const verified = runCli(['convert', gen2, path.join(tmp, 'j'), '--verify', ...base]);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Datasets: 0 inserted, 29 already present');
    expect(verified.stdout).toContain('Verify DemoCam: OK');
    const visits = runCli(['butler', 'define-visits', path.join(tmp, 'j'), 'DemoCam', '--json']);
    expect(visits.status).toBe(0);
    expect(JSON.parse(visits.stdout)).toEqual({ visitSystem: 'one-to-one', defined: 0, present: 4, skipped: 0 });
  });

  it.each([['auto (hard links)', 'auto'], ['copy', 'copy']])('a conversion SIGKILLed at several points and re-run gives exactly the repository of an uninterrupted one: --transfer %s', async (_label, transfer) => {
    const args = [...base, '--transfer', transfer];
    const reference = path.join(tmp, `reference-${transfer}`);
    const ok = runCli(['convert', gen2, reference, ...args]);
    expect(ok.status, ok.stderr).toBe(0);
    const want = await dumpRegistry(reference, ['ingest_date']);
    const wantFiles = dumpDatastoreFiles(reference);
    expect(Object.keys(wantFiles).filter((f) => f.endsWith('.fits')).length).toBe(28);

    const target = path.join(tmp, `killed-${transfer}`);
    let kills = 0;
    const partial: number[] = [];
    // First while creating/registering, then each time after some more datasets were committed, at
    // different offsets into the next batch (between its file transfers and its transaction, or in it).
    const first = await convertAndKill(['convert', gen2, target, ...args], target, 0, 700);
    if (first.killed) kills += 1;
    for (let i = 0; i < 8; i++) {
      const before = datasetCount(target);
      const r = await convertAndKill(['convert', gen2, target, ...args], target, before + 1, [0, 40, 90, 130][i % 4]!);
      partial.push(datasetCount(target));
      if (!r.killed) {
        expect(r.code).toBe(0);
        break;
      }
      kills += 1;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    // Kills landed mid-conversion: the repository held part of the datasets.
    expect(partial.filter((n) => n > 0 && n < 29).length).toBeGreaterThanOrEqual(2);
    const resumed = runCli(['convert', gen2, target, ...args]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(await dumpRegistry(target, ['ingest_date'])).toEqual(want);
    expect(dumpDatastoreFiles(target)).toEqual(wantFiles);
  }, 120_000);
});
