/**
 * What every stage of a suite run shares: the suite, the run directory and its layout, options
 * (`-j`, `--bless`), the policy search path, logger and progress; and the small JSON files stages
 * hand to each other (`prepared.json`, `convert/inputs.json`), written atomically.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../src/log/logger.js';
import type { Progress } from '../../src/log/progress.js';
import type { Suite } from '../suite/load-suite.js';

/** A suite run in progress. */
export interface SuiteRunContext {
  readonly suite: Suite;
  /** The run directory (stamps, unit logs, outputs, reports). */
  readonly runDir: string;
  readonly policyPath: readonly string[];
  readonly jobs: number;
  readonly bless: boolean;
  readonly logger: Logger;
  readonly progress: Progress;
}

/** One Gen2 input as prepared: paths checked, instrument label known. */
export interface PreparedInput {
  root: string;
  calibs?: string;
  reruns: string[];
  /** Label of the input in comparisons. */
  instrument: string;
  mapperClass: string;
}

/** What the prepare stage hands on. */
export interface PreparedInputs {
  formatVersion: 1;
  inputs: PreparedInput[];
  /** Demo generator summary, when the inputs are the demo. */
  demo?: { root: string; raws: number; seed: number };
}

/** One input after the convert stage. */
export interface ConvertedInput {
  index: number;
  root: string;
  instrument: string;
  /** `not-convertible`: the mapper has no Gen3 instrument (e.g. obs_test); its datasets stay Gen2-only. */
  status: 'converted' | 'not-convertible';
  reason?: string;
  /** Serialised conversion plan (converted inputs). */
  planFile?: string;
  /** The Gen3 instrument name (converted inputs). */
  gen3Instrument?: string;
}

/** Run directory layout. */
export const runPaths = {
  prepared: (runDir: string) => path.join(runDir, 'prepared.json'),
  demoRoot: (runDir: string) => path.join(runDir, 'gen2'),
  gen3Repo: (runDir: string) => path.join(runDir, 'gen3'),
  converted: (runDir: string) => path.join(runDir, 'convert', 'inputs.json'),
  plan: (runDir: string, index: number) => path.join(runDir, 'convert', `plan-${index}.json`),
  conversionParity: (runDir: string) => path.join(runDir, 'conversion-parity', 'comparisons.json'),
  verifyReport: (runDir: string, index: number) => path.join(runDir, 'conversion-parity', `verify-${index}.json`),
  gen2Output: (runDir: string) => path.join(runDir, 'gen2-output'),
  compare: (runDir: string) => path.join(runDir, 'compare', 'comparisons.json'),
  reports: (runDir: string) => path.join(runDir, 'reports'),
};

/** Gen3 output collections of the processing run of `instrument`. */
export function gen3OutputCollections(instrument: string, suiteName: string): { run: string; chain: string; inputs: string[] } {
  return { run: `${instrument}/runs/parity/${suiteName}/run`, chain: `${instrument}/runs/parity/${suiteName}`, inputs: [`${instrument}/raw/all`, `${instrument}/calib`] };
}

/** Writes JSON atomically (temporary file + rename). */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Reads a JSON file a stage wrote; undefined when it does not exist. */
export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
