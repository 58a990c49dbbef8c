/**
 * Assembles and writes the run's `results.json` (the versioned model of `src/results/`): the suite,
 * the stage timings from {@link runStages}, the per-step usage of both sides and the comparisons;
 * renders the requested report formats next to it and appends the run to the history.
 */
import path from 'node:path';
import { InternalError } from '../../src/errors.js';
import { renderResults, RESULTS_EXTENSIONS, type ResultsFormat } from '../../src/report/results-renderers.js';
import { writeTextFile } from '../../src/report/write-text-file.js';
import { formatIssues } from '../../src/results/issue-path.js';
import { parityResultsSchema, RESULTS_FORMAT_VERSION, type ParityResults, type ParityResultsInput, type StageResult, type StepResult } from '../../src/results/results-schema.js';
import { appendHistory } from '../../src/tracking/history.js';
import type { Suite } from '../suite/load-suite.js';

/** What a run produced. */
export interface RunResultsInput {
  suite: Pick<Suite, 'name' | 'file' | 'description' | 'metadata'>;
  startedAt: string;
  finishedAt?: string;
  commit?: string;
  stages: readonly StageResult[];
  steps: readonly StepResult[];
  comparisons: ParityResultsInput['comparisons'];
}

/**
 * Builds validated results. @throws InternalError when the harness produced an invalid model
 * (a bug: the issues are listed).
 */
export function buildRunResults(input: RunResultsInput): ParityResults {
  const value: ParityResultsInput = {
    formatVersion: RESULTS_FORMAT_VERSION,
    suite: { name: input.suite.name, file: input.suite.file, ...(input.suite.description !== undefined ? { description: input.suite.description } : {}) },
    ...(input.commit !== undefined ? { commit: input.commit } : {}),
    startedAt: input.startedAt,
    ...(input.finishedAt !== undefined ? { finishedAt: input.finishedAt } : {}),
    instruments: [...input.suite.metadata.instruments],
    stages: [...input.stages],
    steps: [...input.steps],
    comparisons: input.comparisons,
  };
  const parsed = parityResultsSchema.safeParse(value);
  if (!parsed.success) throw new InternalError(`the harness built invalid results: ${formatIssues(parsed.error.issues).join('; ')}`);
  return parsed.data;
}

/** Where {@link writeRunResults} writes. */
export interface WriteRunResultsOptions {
  /** Directory of `results.json` and the rendered reports (`results.md`, `results.html`, …). */
  reportsDir: string;
  /** Report formats besides `results.json`. Default is `['md', 'html', 'junit']`. */
  formats?: readonly ResultsFormat[];
  /** History file to append to (e.g. `reports/history.jsonl`); none when undefined. */
  historyFile?: string;
}

/**
 * Writes `results.json` and the rendered reports atomically and appends the history line.
 * @returns the files written.
 * @throws FileAccessError when a file cannot be written.
 */
export async function writeRunResults(results: ParityResults, options: WriteRunResultsOptions): Promise<string[]> {
  const written: string[] = [];
  const write = async (file: string, text: string): Promise<void> => {
    await writeTextFile(file, text);
    written.push(file);
  };
  await write(path.join(options.reportsDir, 'results.json'), renderResults(results, 'json'));
  for (const format of options.formats ?? ['md', 'html', 'junit']) {
    if (format !== 'json') await write(path.join(options.reportsDir, `results${RESULTS_EXTENSIONS[format]}`), renderResults(results, format));
  }
  if (options.historyFile !== undefined) {
    await appendHistory(options.historyFile, results);
    written.push(options.historyFile);
  }
  return written;
}
