import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUnits } from '../../../../ci_gen3/stages/run-units.js';
import { UnitLog } from '../../../../ci_gen3/stages/unit-log.js';
import type { SuiteStep } from '../../../../ci_gen3/suite/suite-schema.js';
import { runCommand } from '../../../../ci_gen3/steps/run-command.js';
import { runSideSteps, type RunSideStepsOptions, type StepTaskContext } from '../../../../ci_gen3/steps/run-side-steps.js';
import { stepResults } from '../../../../ci_gen3/steps/step-results.js';
import { stepResultSchema } from '../../../../src/results/results-schema.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const NODE = process.execPath;

function step(s: Partial<SuiteStep> & { name: string }): SuiteStep {
  return { pre: false, env: {}, ...s };
}

async function options(runDir: string, steps: SuiteStep[], extra: Partial<RunSideStepsOptions> = {}): Promise<RunSideStepsOptions> {
  const log = await UnitLog.open(path.join(runDir, 'units', 'run-gen2.jsonl'), 'sha256:test');
  return { side: 'gen2', steps, vars: { gen2Root: '/repo/DATA', rerun: 'ci' }, dataIds: [], runDir, runUnits: (units, o) => runUnits(log, units, o), ...extra };
}

const PRINT_ARGV = ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))'];

describe('external command steps', () => {
  it('a data ID value with shell syntax reaches the command as one argument and is not executed', async () => {
    const runDir = tmpDir();
    const evil = `1; touch ${path.join(runDir, 'pwned')}; rm -rf /`;
    const report = await runSideSteps(
      await options(runDir, [step({ name: 'show', command: [NODE, ...PRINT_ARGV, '{gen2Root}', '--id', 'visit={dataId.visit}', '$(touch pwned2)'] })], {
        dataIds: [{ visit: evil }],
      }),
    );
    expect(report.ok).toBe(true);
    const unit = report.steps[0]!.units[0]!;
    expect(JSON.parse(readFileSync(unit.logFile!, 'utf8'))).toEqual(['/repo/DATA', '--id', `visit=${evil}`, '$(touch pwned2)']);
    expect(unit.argv).toEqual([NODE, ...PRINT_ARGV, '/repo/DATA', '--id', `visit=${evil}`, '$(touch pwned2)']);
    expect(existsSync(path.join(runDir, 'pwned'))).toBe(false);
    expect(existsSync(path.join(runDir, 'pwned2'))).toBe(false);
  });

  it('{step} and {jobs} are filled in; a command without {dataId.*} runs once', async () => {
    const runDir = tmpDir();
    const report = await runSideSteps(await options(runDir, [step({ name: 'makeSkyMap', command: [NODE, ...PRINT_ARGV, '{step}', '-j', '{jobs}', '{rerun}'] })], { dataIds: [{ visit: 1 }, { visit: 2 }], jobs: 3 }));
    expect(report.steps[0]!.units.map((u) => u.key)).toEqual(['makeSkyMap']);
    expect(JSON.parse(readFileSync(report.steps[0]!.units[0]!.logFile!, 'utf8'))).toEqual(['makeSkyMap', '-j', '3', 'ci']);
  });

  it('a command that does not exist is a per-step failure, not a crash; later steps still run', async () => {
    const runDir = tmpDir();
    const report = await runSideSteps(await options(runDir, [step({ name: 'missing', command: ['no-such-command-gen2to3', '{gen2Root}'] }), step({ name: 'after', command: [NODE, '-e', ''] })]));
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['missing', 'failed'],
      ['after', 'completed'],
    ]);
    expect(report.steps[0]!.units[0]).toMatchObject({ status: 'failed', error: 'command not found: no-such-command-gen2to3' });
  });

  it('a unit failing on one data ID fails alone; the other units complete', async () => {
    const runDir = tmpDir();
    // Braces in a template are placeholders: literal ones are doubled.
    const script = "const v = process.argv[1]; if (v === '2') {{ console.error('bad visit ' + v); process.exit(3); }}";
    const report = await runSideSteps(await options(runDir, [step({ name: 'sfm', command: [NODE, '-e', script, '{dataId.visit}'] })], { dataIds: [{ visit: 1 }, { visit: 2 }, { visit: 3 }], jobs: 3 }));
    const units = report.steps[0]!.units;
    expect(units.map((u) => [u.key, u.status])).toEqual([
      ['sfm/visit=1', 'completed'],
      ['sfm/visit=2', 'failed'],
      ['sfm/visit=3', 'completed'],
    ]);
    expect(units[1]!.error).toMatch(/failed: exit code 3: bad visit 2$/);
    expect(report.steps[0]!.status).toBe('failed');
  });

  it('-j N runs units in parallel, after the pre step ran alone', async () => {
    const runDir = tmpDir();
    const trace = path.join(runDir, 'trace.jsonl');
    const recorder = path.join(runDir, 'record.cjs');
    writeFileSync(
      recorder,
      `const fs = require('fs'); const [label] = process.argv.slice(2);
       fs.appendFileSync(${JSON.stringify(trace)}, JSON.stringify({ label, at: Date.now(), edge: 'start' }) + '\\n');
       setTimeout(() => fs.appendFileSync(${JSON.stringify(trace)}, JSON.stringify({ label, at: Date.now(), edge: 'end' }) + '\\n'), 600);`,
    );
    const report = await runSideSteps(
      await options(runDir, [step({ name: 'sfm', command: [NODE, recorder, 'v{dataId.visit}'], pre: [NODE, recorder, 'pre'] })], {
        dataIds: [1, 2, 3, 4].map((visit) => ({ visit })),
        jobs: 2,
      }),
    );
    expect(report.ok).toBe(true);
    expect(report.steps[0]!.units.map((u) => u.key)).toEqual(['sfm/pre', 'sfm/visit=1', 'sfm/visit=2', 'sfm/visit=3', 'sfm/visit=4']);
    const events = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: string; at: number; edge: 'start' | 'end' });
    const preEnd = events.find((e) => e.label === 'pre' && e.edge === 'end')!.at;
    const unitStarts = events.filter((e) => e.label !== 'pre' && e.edge === 'start').map((e) => e.at);
    expect(unitStarts).toHaveLength(4);
    expect(Math.min(...unitStarts)).toBeGreaterThanOrEqual(preEnd);
    // Concurrency from the trace: 2 at a time, never more.
    let inFlight = 0;
    let max = 0;
    for (const e of events.filter((x) => x.label !== 'pre').sort((a, b) => a.at - b.at || (a.edge === 'end' ? -1 : 1))) {
      inFlight += e.edge === 'start' ? 1 : -1;
      max = Math.max(max, inFlight);
    }
    expect(max).toBe(2);
  });

  it('records wall, CPU and peak memory per unit (GNU time, and /proc polling without it)', async () => {
    const busy = [NODE, '-e', 'const a = Buffer.alloc(64 * 1024 * 1024, 1); const t = Date.now(); while (Date.now() - t < 300) {} process.stdout.write(String(a[0]))'];
    const withTime = await runCommand(busy, { cwd: tmpDir() });
    expect(withTime.ok).toBe(true);
    if (existsSync('/usr/bin/time')) expect(withTime.usage.method).toBe('gnu-time');
    expect(withTime.usage.wallSeconds).toBeGreaterThanOrEqual(0.25);
    expect(withTime.usage.cpuSeconds).toBeGreaterThan(0.05);
    expect(withTime.usage.peakMemoryBytes).toBeGreaterThan(64 * 1024 * 1024);

    const polled = await runCommand(busy, { cwd: tmpDir(), timeBinary: null });
    expect(polled.ok).toBe(true);
    expect(polled.usage.method).toBe('proc-poll');
    expect(polled.usage.wallSeconds).toBeGreaterThanOrEqual(0.25);
    if (existsSync('/proc/self/status')) {
      expect(polled.usage.cpuSeconds).toBeGreaterThan(0);
      expect(polled.usage.peakMemoryBytes).toBeGreaterThan(64 * 1024 * 1024);
    }
  });

  it('a command over its timeout is killed and its unit fails', async () => {
    const r = await runCommand([NODE, '-e', 'setTimeout(() => {}, 10000)'], { cwd: tmpDir(), timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, error: 'timed out after 200 ms' });
  });

  it('a re-run restores completed units from the unit log instead of re-running them', async () => {
    const runDir = tmpDir();
    const counter = path.join(runDir, 'count.txt');
    const cmd = step({ name: 'count', command: [NODE, '-e', `require('fs').appendFileSync(${JSON.stringify(counter)}, process.argv[1] + '\\n')`, '{dataId.visit}'] });
    const first = await runSideSteps(await options(runDir, [cmd], { dataIds: [{ visit: 1 }, { visit: 2 }] }));
    const second = await runSideSteps(await options(runDir, [cmd], { dataIds: [{ visit: 1 }, { visit: 2 }, { visit: 3 }] }));
    expect(first.steps[0]!.units.map((u) => u.status)).toEqual(['completed', 'completed']);
    expect(second.steps[0]!.units.map((u) => u.status)).toEqual(['restored', 'restored', 'completed']);
    expect(readFileSync(counter, 'utf8')).toBe('1\n2\n3\n');
    expect(second.steps[0]!.units[0]!.usage.wallSeconds).toBeGreaterThan(0);
  });
});

describe('in-process reference task steps', () => {
  it('call the injected task per data ID (pre first, without one); a throwing unit fails alone', async () => {
    const runDir = tmpDir();
    const seen: string[] = [];
    const isr = async (ctx: StepTaskContext): Promise<void> => {
      seen.push(ctx.dataId ? `${ctx.step}:${ctx.dataId.ccd}` : `${ctx.step}:pre`);
      if (ctx.dataId?.ccd === 1) throw new Error('no flat for ccd 1');
    };
    const report = await runSideSteps(
      await options(runDir, [step({ name: 'isr', task: 'isr', pre: true }), step({ name: 'detect', task: 'detect' })], {
        dataIds: [{ visit: 1, ccd: 0 }, { visit: 1, ccd: 1 }],
        tasks: { isr },
      }),
    );
    expect(seen).toEqual(['isr:pre', 'isr:0', 'isr:1']);
    expect(report.steps[0]!.units.map((u) => [u.key, u.status, u.usage.method])).toEqual([
      ['isr/pre', 'completed', 'in-process'],
      ['isr/ccd=0,visit=1', 'completed', 'in-process'],
      ['isr/ccd=1,visit=1', 'failed', 'in-process'],
    ]);
    expect(report.steps[0]!.units[2]!.error).toBe('no flat for ccd 1');
    expect(report.steps[1]!.units.map((u) => u.error)).toEqual(['no implementation for reference task detect', 'no implementation for reference task detect']);
  });

  it('a failing pre unit leaves the data-ID units not attempted', async () => {
    const report = await runSideSteps(
      await options(tmpDir(), [step({ name: 'isr', task: 'isr', pre: true })], {
        dataIds: [{ ccd: 0 }],
        tasks: { isr: async (ctx) => { if (!ctx.dataId) throw new Error('config clash'); } },
      }),
    );
    expect(report.steps[0]!.units.map((u) => [u.key, u.status, u.error])).toEqual([
      ['isr/pre', 'failed', 'config clash'],
      ['isr/ccd=0', 'not-attempted', 'the pre step failed'],
    ]);
  });
});

describe('stepResults', () => {
  it('folds both sides into the results model steps[] (sum CPU, max memory, quanta = data-ID units done)', async () => {
    const gen2 = await runSideSteps(await options(tmpDir(), [step({ name: 'isr', task: 'isr', pre: true })], { dataIds: [{ ccd: 0 }, { ccd: 1 }], tasks: { isr: async () => undefined } }));
    const gen3 = await runSideSteps({ ...(await options(tmpDir(), [step({ name: 'isr', task: 'isr' }), step({ name: 'extra', command: [NODE, '-e', ''] })], { dataIds: [{ ccd: 0 }, { ccd: 1 }], tasks: { isr: async () => undefined } })), side: 'gen3' });
    const steps = stepResults(gen2, gen3);
    expect(steps.map((s) => [s.step, s.gen2?.quanta, s.gen3?.quanta])).toEqual([
      ['isr', 2, 2],
      ['extra', undefined, 1],
    ]);
    for (const s of steps) expect(stepResultSchema.parse(s)).toEqual(s);
    expect(steps[1]!.gen3!.peakMemoryBytes).toBeGreaterThan(0);
  });
});
