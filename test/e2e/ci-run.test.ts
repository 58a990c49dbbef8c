import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';

describe('gen2to3 ci run (built CLI)', () => {
  beforeAll(() => ensureBuilt());

  it('runs a fault suite: exit 1, the problem named, results.json + reports + history written; --stage compare re-uses the run', () => {
    const out = tmpDir();
    const history = path.join(out, 'history.jsonl');
    const r = runCli(['ci', 'run', 'ci_gen3/suites/faults/nan-moved.yaml', '--out', out, '-j', '2', '--history', history]);
    expect(r.stderr).toContain('fault-injected'); // warnings go to stderr
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('suite fault-nan-moved: FAIL');
    expect(r.stdout).toContain('problem: calexp: 1 different');
    for (const f of ['results.json', 'results.md', 'results.html', 'results.xml']) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(readFileSync(history, 'utf8').trim().split('\n')).toHaveLength(1);
    // The rendered results are valid input for `gen2to3 report` (render only: exit 0).
    expect(runCli(['report', path.join(out, 'results.json'), '--format', 'md']).status).toBe(0);

    const json = runCli(['ci', 'run', 'ci_gen3/suites/faults/nan-moved.yaml', '--out', out, '--stage', 'compare', '--json']);
    expect(json.status).toBe(1);
    const results = JSON.parse(json.stdout) as { formatVersion: number; comparisons: { id: string; pairs: { outcome: string; gen2DataId?: Record<string, unknown> }[] }[] };
    expect(results.formatVersion).toBe(1);
    const calexp = results.comparisons.find((c) => c.id === 'calexp')!;
    expect(calexp.pairs.filter((p) => p.outcome === 'different').map((p) => p.gen2DataId)).toEqual([expect.objectContaining({ visit: 1002, ccd: 0 })]);
  }, 180_000);

  it('--serial runs one stage after another, with the same verdicts', () => {
    const out = tmpDir();
    const r = runCli(['ci', 'run', 'ci_gen3/suites/faults/nan-moved.yaml', '--out', out, '--serial', '--json']);
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as { stages: { stage: string; startedAt?: string; durationMs: number }[]; comparisons: { id: string; pairs: { outcome: string }[] }[] };
    const windows = results.stages.filter((s) => s.startedAt).map((s) => [Date.parse(s.startedAt!), Date.parse(s.startedAt!) + s.durationMs] as const);
    expect(windows).toHaveLength(6);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0], results.stages[i]!.stage).toBeGreaterThanOrEqual(windows[i - 1]![1]);
    expect(results.comparisons.find((c) => c.id === 'calexp')!.pairs.filter((p) => p.outcome === 'different')).toHaveLength(1);
  }, 180_000);

  it('exit 2 for a malformed suite, a bad --stage and an unknown option value', () => {
    const dir = tmpDir();
    const suite = path.join(dir, 'bad.yaml');
    writeFileSync(suite, 'formatVersion: 1\nname: b\nmetadata: { instruments: [DemoCam] }\ninputs: { demo: {}, gen2: { root: /x } }\n');
    const bad = runCli(['ci', 'run', suite, '--out', path.join(dir, 'o')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('give either "demo" or "gen2", not both');
    const stage = runCli(['ci', 'run', path.join(PROJECT_ROOT, 'ci_gen3/suites/demo.yaml'), '--stage', 'deploy']);
    expect(stage.status).toBe(2);
    expect(stage.stderr).toContain('--stage: unknown stage deploy');
    expect(runCli(['ci', 'run', path.join(PROJECT_ROOT, 'ci_gen3/suites/demo.yaml'), '-j', 'x']).status).toBe(2);
  });
});
