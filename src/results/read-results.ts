import { readFile } from 'node:fs/promises';
import { FileAccessError } from '../errors.js';
import { ResultsFormatError } from './errors.js';
import { formatIssues } from './issue-path.js';
import { parityResultsSchema, RESULTS_FORMAT_VERSION, type ParityResults } from './results-schema.js';

/**
 * Validates a parsed `results.json` value.
 * @param value - the parsed JSON.
 * @param file - the name used in error messages.
 * @returns the results with defaults applied.
 * @throws ResultsFormatError when the major `formatVersion` differs or any field is invalid (all problems listed).
 */
export function parseResults(value: unknown, file: string): ParityResults {
  if (typeof value === 'object' && value !== null && 'formatVersion' in value) {
    const version = (value as { formatVersion: unknown }).formatVersion;
    if (typeof version === 'number' && Math.trunc(version) !== RESULTS_FORMAT_VERSION) {
      throw new ResultsFormatError(file, [`formatVersion: ${version} is not supported (this gen2to3 reads major version ${RESULTS_FORMAT_VERSION})`]);
    }
  }
  const parsed = parityResultsSchema.safeParse(value);
  if (!parsed.success) throw new ResultsFormatError(file, formatIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * Reads and validates a `results.json` file.
 * @throws FileAccessError when it cannot be read; ResultsFormatError when it is not valid JSON or not valid results.
 */
export async function readResults(file: string): Promise<ParityResults> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FileAccessError(file, 'cannot read results file', { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ResultsFormatError(file, [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`], { cause: err });
  }
  return parseResults(value, file);
}
