import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputsDigest } from '../../../../ci_gen3/stages/inputs-digest.js';
import { buildRunResults, writeRunResults } from '../../../../ci_gen3/stages/run-results.js';
import { runStages } from '../../../../ci_gen3/stages/run-stages.js';
import { readSideStepsReport, sideStepsStage } from '../../../../ci_gen3/stages/side-steps-stage.js';
import { suiteStageInputs } from '../../../../ci_gen3/stages/suite-stage-inputs.js';
import { loadSuite } from '../../../../ci_gen3/suite/load-suite.js';
import type { InProcessTask } from '../../../../ci_gen3/steps/run-side-steps.js';
import { stepResults } from '../../../../ci_gen3/steps/step-results.js';
import { InternalError } from '../../../../src/errors.js';
import { readResults } from '../../../../src/results/read-results.js';
import { readHistory } from '../../../../src/tracking/history.js';
import { PROJECT_ROOT } from '../../../helpers/fixtures.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const DEMO = path.join(PROJECT_ROOT, 'ci_gen3/suites/demo.yaml');

describe('wiring the demo suite through the stage runner', () => {
  it('runs both sides as stages, saves their step reports and writes results.json, reports and history', async () => {
    const suite = await loadSuite(DEMO, { projectRoot: PROJECT_ROOT });
    const runDir = tmpDir();
    const calls: string[] = [];
    const task: InProcessTask = async (ctx) => void calls.push(`${ctx.side}:${ctx.step}:${ctx.dataId ? JSON.stringify(ctx.dataId) : 'pre'}`);
    const tasks = { isr: task, detect: task, visitSummary: task };
    const dataIds = (step: { task?: string }) => (step.task === 'visitSummary' ? [{ visit: 1 }] : [{ visit: 1, ccd: 0 }, { visit: 1, ccd: 1 }]);
    const done = async () => ({ status: 'completed' as const });
    const startedAt = new Date().toISOString();
    const report = await runStages({
      runDir,
      enabled: suite.stages,
      stages: {
        prepare: { inputs: suiteStageInputs(suite, 'prepare'), run: done },
        convert: { inputs: suiteStageInputs(suite, 'convert'), run: done },
        'conversion-parity': { inputs: suiteStageInputs(suite, 'conversion-parity'), run: done },
        'run-gen2': sideStepsStage({ side: 'gen2', steps: suite.steps.gen2, vars: {}, dataIds, tasks, jobs: 2, inputs: suiteStageInputs(suite, 'run-gen2') }),
        'run-gen3': sideStepsStage({ side: 'gen3', steps: suite.steps.gen3, vars: {}, dataIds, tasks, jobs: 2, inputs: suiteStageInputs(suite, 'run-gen3') }),
        compare: { inputs: suiteStageInputs(suite, 'compare'), run: done },
        report: done,
      },
    });
    expect(report.ok).toBe(true);
    // Gen2 isr and detect have a pre unit; Gen3 has none.
    expect(calls.filter((c) => c.startsWith('gen2:isr'))).toEqual(['gen2:isr:pre', 'gen2:isr:{"visit":1,"ccd":0}', 'gen2:isr:{"visit":1,"ccd":1}']);
    expect(calls.filter((c) => c.startsWith('gen3:isr'))).toHaveLength(2);

    const gen2 = await readSideStepsReport(runDir, 'gen2');
    const gen3 = await readSideStepsReport(runDir, 'gen3');
    const steps = stepResults(gen2, gen3);
    expect(steps.map((s) => [s.step, s.gen2?.quanta, s.gen3?.quanta])).toEqual([
      ['isr', 2, 2],
      ['detect', 2, 2],
      ['visitSummary', 1, 1],
    ]);
    const results = buildRunResults({ suite, startedAt, finishedAt: new Date().toISOString(), stages: report.stages, steps, comparisons: [] });
    const reportsDir = path.join(runDir, 'reports');
    const historyFile = path.join(runDir, 'history.jsonl');
    const written = await writeRunResults(results, { reportsDir, historyFile });
    expect(written.map((f) => path.relative(runDir, f))).toEqual(['reports/results.json', 'reports/results.md', 'reports/results.html', 'reports/results.xml', 'history.jsonl']);
    const back = await readResults(path.join(reportsDir, 'results.json'));
    expect(back.stages.map((s) => s.stage)).toEqual(['prepare', 'convert', 'conversion-parity', 'run-gen2', 'run-gen3', 'compare', 'report']);
    expect(back.steps).toEqual(steps);
    expect((await readHistory(historyFile)).map((h) => h.suite)).toEqual(['demo']);
    expect(readFileSync(path.join(reportsDir, 'results.md'), 'utf8')).toContain('demo');

    // A second run: every stage up to date, the saved step reports are still there for the report.
    const callsBefore = calls.length;
    const again = await runStages({
      runDir,
      enabled: suite.stages,
      stage: 'run-gen2',
      stages: { ...Object.fromEntries(suite.stages.map((s) => [s, done])), 'run-gen2': sideStepsStage({ side: 'gen2', steps: suite.steps.gen2, vars: {}, dataIds, tasks, inputs: suiteStageInputs(suite, 'run-gen2') }) },
    });
    expect(calls).toHaveLength(callsBefore);
    expect(again.stages.map((s) => s.status)).toEqual(['skipped']);
    expect(existsSync(path.join(runDir, 'steps', 'gen2.json'))).toBe(true);
  });

  it('stage inputs: editing a processing comparison changes compare, not the conversion', async () => {
    const suite = await loadSuite(DEMO, { projectRoot: PROJECT_ROOT });
    const first = suite.comparisons.findIndex((c) => c.kind === 'processing');
    const edited = { ...suite, comparisons: suite.comparisons.map((c, i) => (i === first ? { ...c, tolerances: { rtol: 1e-3 } } : c)) };
    expect(inputsDigest(suiteStageInputs(edited, 'convert'))).toBe(inputsDigest(suiteStageInputs(suite, 'convert')));
    expect(inputsDigest(suiteStageInputs(edited, 'run-gen2'))).toBe(inputsDigest(suiteStageInputs(suite, 'run-gen2')));
    expect(inputsDigest(suiteStageInputs(edited, 'compare'))).not.toBe(inputsDigest(suiteStageInputs(suite, 'compare')));
  });

  it('a failing side stage names the failed units; invalid results are an InternalError', async () => {
    const suite = await loadSuite(DEMO, { projectRoot: PROJECT_ROOT });
    const bad: InProcessTask = async (ctx) => {
      if (ctx.dataId?.ccd === 1) throw new Error('boom');
    };
    const report = await runStages({
      runDir: tmpDir(),
      stages: { 'run-gen3': sideStepsStage({ side: 'gen3', steps: suite.steps.gen3.slice(0, 1), vars: {}, dataIds: [{ ccd: 0 }, { ccd: 1 }], tasks: { isr: bad } }) },
    });
    expect(report.stages[0]).toMatchObject({ stage: 'run-gen3', status: 'failed', error: '1 unit(s) failed: isr/ccd=1 (boom)' });
    expect(() => buildRunResults({ suite: { ...suite, metadata: { ...suite.metadata, instruments: [] } }, startedAt: 'yesterday', stages: [], steps: [], comparisons: [] })).toThrow(InternalError);
  });
});
