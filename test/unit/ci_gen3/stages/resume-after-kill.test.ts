import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const CHILD = path.join(PROJECT_ROOT, 'test/unit/ci_gen3/stages/fixtures/unit-stage-child.ts');

function runChild(runDir: string, delayMs: number): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, runDir, String(delayMs)], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return { status: r.status, stdout: r.stdout };
}

function completedUnits(runDir: string): string[] {
  const file = path.join(runDir, 'units', 'run-gen2.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .flatMap((l) => {
      try {
        const r = JSON.parse(l) as { unit: string; status: string };
        return r.status === 'completed' ? [r.unit] : [];
      } catch {
        return [];
      }
    });
}

function outputs(runDir: string): Record<string, string> {
  const out = path.join(runDir, 'out');
  return Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
}

describe('a stage killed with SIGKILL resumes after its last completed unit', () => {
  it('the resumed run re-executes only unfinished units and its outputs equal an uninterrupted run', async () => {
    const reference = tmpDir();
    expect(runChild(reference, 0).stdout.trim()).toBe('[["prepare","completed"],["run-gen2","completed"],["report","completed"]]');

    const killed = tmpDir();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, killed, '150'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 30_000;
    while (completedUnits(killed).length < 6 && Date.now() < deadline) await sleep(20);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const before = completedUnits(killed);
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(before.length).toBeLessThan(20);
    expect(existsSync(path.join(killed, 'stamps', 'prepare.json'))).toBe(true);
    expect(existsSync(path.join(killed, 'stamps', 'run-gen2.json'))).toBe(false);
    expect(existsSync(path.join(killed, 'out', 'summary.json'))).toBe(false);

    const resumed = runChild(killed, 0);
    // prepare is up to date (skipped), run-gen2 resumed from its unit log.
    expect(resumed.stdout.trim()).toBe('[["prepare","skipped"],["run-gen2","resumed"],["report","completed"]]');
    const executions = readFileSync(path.join(killed, 'executions.log'), 'utf8').trim().split('\n');
    const count = new Map<string, number>();
    for (const e of executions) count.set(e, (count.get(e) ?? 0) + 1);
    // Units completed before the kill ran once; at most the two in flight (-j 2) ran twice.
    for (const u of before) expect(count.get(u)).toBe(1);
    expect(count.size).toBe(20);
    expect(executions.length - 20).toBeLessThanOrEqual(2);

    expect(outputs(killed)).toEqual(outputs(reference));
    expect(JSON.parse(outputs(killed)['summary.json']!)).toHaveLength(20);
  });
});
