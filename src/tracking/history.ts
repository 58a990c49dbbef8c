import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FileAccessError, isErrnoError } from '../errors.js';
import { formatIssues } from '../results/issue-path.js';
import { OUTCOMES, type OutcomeCounts } from '../results/outcome.js';
import type { ParityResults } from '../results/results-schema.js';
import { summarizeResults } from '../results/summarize-results.js';
import { TrackingInputError } from './errors.js';

/** The format version of one history line. */
export const HISTORY_FORMAT_VERSION = 1;

const count = z.number().int().nonnegative();
const countsSchema = z.object(Object.fromEntries(OUTCOMES.map((o) => [o, count.default(0)])) as Record<(typeof OUTCOMES)[number], z.ZodDefault<typeof count>>);

/** One line of `reports/history.jsonl`: one harness run. */
export const historyEntrySchema = z.object({
  formatVersion: z.literal(HISTORY_FORMAT_VERSION, { error: `expected formatVersion ${HISTORY_FORMAT_VERSION}` }),
  when: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }),
  suite: z.string().min(1),
  commit: z.string().optional(),
  counts: countsSchema,
  comparisons: z
    .array(z.object({ instrument: z.string(), datasetType: z.string(), kind: z.enum(['conversion', 'processing']), counts: countsSchema }))
    .default([]),
  /** Counts per milestone/blocker id the run's comparisons are evidence for. */
  evidence: z.array(z.object({ id: z.string(), counts: countsSchema })).default([]),
});
/** One history line. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Builds the history line of a run. `when` defaults to the run's `finishedAt`, else `startedAt`. */
export function historyEntryFromResults(results: ParityResults, options: { when?: string; commit?: string } = {}): HistoryEntry {
  const summary = summarizeResults(results);
  const commit = options.commit ?? results.commit;
  const pick = (c: OutcomeCounts): OutcomeCounts => ({ ...c });
  return {
    formatVersion: HISTORY_FORMAT_VERSION,
    when: options.when ?? results.finishedAt ?? results.startedAt,
    suite: results.suite.name,
    ...(commit ? { commit } : {}),
    counts: pick(summary.totals),
    comparisons: summary.comparisons.map((c) => ({ instrument: c.comparison.instrument, datasetType: c.comparison.datasetType, kind: c.comparison.kind, counts: pick(c.counts) })),
    evidence: summary.evidence.map((e) => ({ id: e.id, counts: pick(e.counts) })),
  };
}

/**
 * Appends one line for a harness run to `file` (created with its directory when missing). Called by
 * the parity harness after every run.
 * @returns the entry written.
 * @throws FileAccessError when the file cannot be written.
 */
export async function appendHistory(file: string, results: ParityResults, options: { when?: string; commit?: string } = {}): Promise<HistoryEntry> {
  const entry = historyEntryFromResults(results, options);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // One write of one line: concurrent appenders (O_APPEND) cannot interleave within it.
    await appendFile(file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', flag: 'a' });
  } catch (err) {
    throw new FileAccessError(file, 'cannot append to the history', { cause: err });
  }
  return entry;
}

/** Parses history.jsonl text; blank lines are skipped. @throws TrackingInputError naming `file:line` and the path. */
export function parseHistory(text: string, file: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${file}:${i + 1}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const parsed = historyEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    else problems.push(...formatIssues(parsed.error.issues).map((m) => `${file}:${i + 1}: ${m}`));
  });
  if (problems.length) throw new TrackingInputError(problems);
  return entries.sort((a, b) => Date.parse(a.when) - Date.parse(b.when));
}

/** Reads history.jsonl, oldest run first; a missing file is an empty history. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isErrnoError(err, 'ENOENT')) return [];
    throw new FileAccessError(file, 'cannot read the history', { cause: err });
  }
  return parseHistory(text, file);
}
