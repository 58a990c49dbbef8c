/** What the harness benchmark and its child process (`harness-run-worker.ts`) exchange. */

/** One run of the suite. */
export interface HarnessRunOptions {
  readonly suitePath: string;
  readonly outDir: string;
  readonly jobs: number;
  /** `--serial`: one stage after another (the only mode where "total − task intervals" measures the harness). */
  readonly serial: boolean;
}

/** What one run measured (seconds). */
export interface HarnessRunResult {
  readonly totalSeconds: number;
  readonly prepareSeconds: number;
  /** Union of the tasks' own compute intervals. */
  readonly computeSeconds: number;
  /** Total less prepare less task compute. */
  readonly overheadSeconds: number;
  readonly overheadFraction: number;
  readonly intervals: number;
  readonly pairs: number;
  readonly problems: readonly string[];
  /** Wall time of each stage that ran. */
  readonly stageSeconds: Readonly<Record<string, number>>;
  /** A stage's wall time less the task compute inside its window (meaningful with `serial`). */
  readonly stageOverheadSeconds: Readonly<Record<string, number>>;
  /** The step reports' per-unit wall times summed, per side. */
  readonly stepUnitSeconds: Readonly<Record<'gen2' | 'gen3', number>>;
}
