/**
 * `gen2to3 demo`, the main job on the embedded default: the demo parity suite end to end
 * (generate → convert → conversion parity → both pipelines → compare → report) in a fresh run
 * directory, its line appended to a run history seeded from the tracked `reports/history.jsonl`, and
 * the milestones dashboard evaluated with that history.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../src/log/logger.js';
import type { Progress } from '../../src/log/progress.js';
import { DASHBOARD_RENDERERS } from '../../src/report/dashboard-renderers.js';
import { writeTextFile } from '../../src/report/write-text-file.js';
import type { Dashboard } from '../../src/tracking/build-dashboard.js';
import { milestonesDashboard } from '../../src/tracking/milestones-dashboard.js';
import { runSuite, type RunSuiteResult } from '../run-suite.js';
import { harnessProjectRoot } from './demo-instrument.js';

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Run directory; removed and rewritten. */
  outDir: string;
  jobs: number;
  policyPath: readonly string[];
  logger: Logger;
  progress: Progress;
  /** Day the milestone gates are evaluated on (default today). */
  asOf?: string;
  /** Commit of the code that runs, recorded with the run. */
  commit?: string;
}

/** What the demo produced. */
export interface DemoResult {
  readonly outDir: string;
  readonly suite: RunSuiteResult;
  readonly dashboard: Dashboard;
  /** Every report file written (parity reports, then the dashboard). */
  readonly written: readonly string[];
}

/** Runs the demo suite and renders the milestones dashboard next to its reports. */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const root = harnessProjectRoot();
  const outDir = path.resolve(options.outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const history = path.join(outDir, 'history.jsonl');
  await copyFile(path.join(root, 'reports', 'history.jsonl'), history);
  const suite = await runSuite({
    suitePath: path.join(root, 'ci_gen3', 'suites', 'demo.yaml'),
    outDir,
    jobs: options.jobs,
    historyFile: history,
    policyPath: options.policyPath,
    projectRoot: root,
    ...(options.commit ? { commit: options.commit } : {}),
    logger: options.logger,
    progress: options.progress,
  });
  const dashboard = await milestonesDashboard({
    milestones: path.join(root, 'reports', 'milestones.yaml'),
    blockers: { yaml: path.join(root, 'reports', 'blockers.yaml') },
    history,
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    logger: options.logger,
  });
  const dashboardDir = path.join(outDir, 'milestones');
  const written = [...suite.written];
  for (const [name, render] of Object.entries(DASHBOARD_RENDERERS)) {
    const file = path.join(dashboardDir, name);
    await writeTextFile(file, render(dashboard));
    written.push(file);
  }
  return { outDir, suite, dashboard, written };
}
