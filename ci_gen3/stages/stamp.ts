/**
 * Stage stamps: `stamps/<stage>.json` under the run directory, written atomically when a stage
 * finishes (completed or failed). A stage whose stamp says `completed` with the same inputs digest
 * is up to date and is skipped.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ALL_STAGES, type StageName } from './stage-name.js';

/** Format version of a stamp file. */
export const STAMP_FORMAT_VERSION = 1;

/** The stamp file contents. */
export const stampSchema = z.object({
  formatVersion: z.literal(STAMP_FORMAT_VERSION),
  stage: z.enum(ALL_STAGES),
  finishedAt: z.string(),
  inputsDigest: z.string(),
  outcome: z.object({ status: z.enum(['completed', 'failed']), error: z.string().optional(), units: z.object({ completed: z.number(), failed: z.number() }).optional() }),
  durationMs: z.number().nonnegative(),
});
/** One stage stamp. */
export type Stamp = z.infer<typeof stampSchema>;

/** Path of a stage's stamp. */
export function stampPath(runDir: string, stage: StageName): string {
  return path.join(runDir, 'stamps', `${stage}.json`);
}

/** Reads a stamp; a missing or unreadable (e.g. half-written by an old version) stamp is `undefined`. */
export async function readStamp(runDir: string, stage: StageName): Promise<Stamp | undefined> {
  try {
    const parsed = stampSchema.safeParse(JSON.parse(await readFile(stampPath(runDir, stage), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a stamp atomically (temporary file + rename). */
export async function writeStamp(runDir: string, stamp: Stamp): Promise<void> {
  const file = stampPath(runDir, stamp.stage);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(stamp, null, 2)}\n`);
  await rename(tmp, file);
}

/** Removes a stamp (when the stage is invalidated). */
export async function removeStamp(runDir: string, stage: StageName): Promise<void> {
  await rm(stampPath(runDir, stage), { force: true });
}
