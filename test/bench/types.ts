/** What the runner gives a benchmark. */
export interface BenchContext {
  /** A fresh temporary directory for this benchmark, removed after it finishes. */
  readonly tmpDir: string;
  /** Size multiplier (`BENCH_SCALE`, default 1); benchmarks scale their inputs by it. */
  readonly scale: number;
  /** Progress lines for the terminal. */
  log(message: string): void;
}

/** A goal on one metric, e.g. `{ metric: 'ratio', op: '>=', value: 0.5 }`. */
export interface BenchTarget {
  readonly metric: string;
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** What a benchmark measured. */
export interface BenchResult {
  /** Our numbers, named with their unit (`walkFilesPerSecond`, `walkMs`). */
  readonly metrics: Readonly<Record<string, number>>;
  /** The same measurements for each peer tool it is compared with, by peer name. */
  readonly peers: Readonly<Record<string, Readonly<Record<string, number | string>>>>;
  readonly targets: readonly BenchTarget[];
  /** Free-form facts worth keeping next to the numbers (inputs, versions, caveats). */
  readonly notes?: readonly string[];
}

/** A registered benchmark; add it to the list in `run.ts`. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** A target with its outcome. */
export interface EvaluatedTarget extends BenchTarget {
  readonly actual: number | undefined;
  readonly pass: boolean;
}

/** One benchmark's entry in `results.json`. */
export interface BenchRun {
  readonly name: string;
  readonly description: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly peers: BenchResult['peers'];
  readonly targets: readonly EvaluatedTarget[];
  readonly notes: readonly string[];
  /** True when every target is met and the benchmark did not fail. */
  readonly pass: boolean;
  readonly durationMs: number;
  readonly error?: string;
}

/** `reports/bench/results.json`. */
export interface BenchReport {
  readonly formatVersion: 1;
  readonly createdAt: string;
  readonly machine: MachineInfo;
  readonly runs: readonly BenchRun[];
}

/** Where the numbers were measured. */
export interface MachineInfo {
  readonly platform: string;
  readonly release: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly uvThreadpoolSize: number;
}
