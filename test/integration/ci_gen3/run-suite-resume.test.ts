import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, runCli } from '../../helpers/cli.js';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const SUITE = `formatVersion: 1
name: resume
metadata: { instruments: [DemoCam] }
inputs:
  demo: { seed: 3, visits: 3, detectors: 2, width: 48, height: 48, visitsPerNight: 1 }
conversion: { converters: [demo] }
steps:
  gen2:
    - { name: isr, task: isr, pre: true }
    - { name: detect, task: detect, pre: true }
    - { name: visitSummary, task: visitSummary }
  gen3:
    - { name: isr, task: isr }
    - { name: detect, task: detect }
    - { name: visitSummary, task: visitSummary }
comparisons:
  - { id: flat, kind: conversion, datasetType: flat, comparator: bytes }
  - { id: postISRCCD, datasetType: postISRCCD, comparator: image }
  - { id: calexp, datasetType: calexp, comparator: image }
  - { id: src, datasetType: src, comparator: catalog, match: { by: id } }
  - { id: visitSummary, datasetType: visitSummary, comparator: catalog, match: { by: id } }
`;

interface Results {
  comparisons: { durationMs?: number }[];
  steps: { step: string; gen2?: { quanta?: number }; gen3?: { quanta?: number } }[];
  stages: { stage: string; status: string }[];
}

function stableParts(out: string): unknown {
  const r = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  return {
    comparisons: r.comparisons.map(({ durationMs: _d, ...c }) => c),
    quanta: r.steps.map((s) => [s.step, s.gen2?.quanta, s.gen3?.quanta]),
    stages: r.stages.map((s) => [s.stage, s.status === 'resumed' ? 'completed' : s.status]),
  };
}

/** Starts `ci run`, SIGKILLs it as soon as `stage` has started (its unit log exists). */
async function killDuring(suite: string, out: string, stage: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'ci', 'run', suite, '--out', out, '-j', '2', '--log-level', 'silent'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
  const marker = path.join(out, 'units', `${stage}.jsonl`);
  const deadline = Date.now() + 60_000;
  let done = false;
  void exited.then(() => (done = true));
  while (!existsSync(marker) && !done && Date.now() < deadline) await sleep(5);
  child.kill('SIGKILL');
  await exited;
}

describe('gen2to3 ci run killed during each stage and restarted', () => {
  beforeAll(() => ensureBuilt());

  it('gives the same results.json as an uninterrupted run', async () => {
    const dir = tmpDir();
    const suite = path.join(dir, 'resume.yaml');
    writeFileSync(suite, SUITE);
    const reference = path.join(dir, 'reference');
    expect(runCli(['ci', 'run', suite, '--out', reference, '-j', '2']).status).toBe(0);
    const expected = stableParts(reference);
    let midStage = 0;
    for (const stage of ['prepare', 'convert', 'conversion-parity', 'run-gen2', 'run-gen3', 'compare']) {
      const out = path.join(dir, `killed-${stage}`);
      await killDuring(suite, out, stage);
      // Killed before the stage's stamp was written: the restart has to resume it.
      if (!existsSync(path.join(out, 'stamps', `${stage}.json`))) midStage++;
      const resumed = runCli(['ci', 'run', suite, '--out', out, '-j', '2']);
      expect(resumed.status, `${stage}: ${resumed.stdout}${resumed.stderr}`).toBe(0);
      expect(stableParts(out), `killed during ${stage}`).toEqual(expected);
    }
    expect(midStage).toBeGreaterThanOrEqual(4);
  }, 300_000);
});
