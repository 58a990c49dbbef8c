import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isErrnoError } from '../../errors.js';

/** File in the repository root that exists while a conversion is running (left behind by a killed one). */
export const CONVERSION_MARKER = '.gen2to3-convert-in-progress';

/** Names `TransferBatch` gives files it has not committed yet (temporary copies and kept-aside replaced files). */
const STRAY = /^\..+\.(transfer-tmp|replaced)-[0-9a-f]{12}$/;

async function removeStrays(dir: string, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isErrnoError(e, 'ENOENT')) return;
    throw e;
  }
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await removeStrays(p, found);
    else if (STRAY.test(entry.name)) {
      await fs.rm(p, { force: true });
      found.push(p);
    }
  }
}

/**
 * Marks a conversion as running in `root`. When a previous conversion was killed (the marker is
 * still there), first removes the uncommitted temporary files its last batch may have left (every
 * committed file is referenced by the registry; an uncommitted one is transferred again).
 * @returns the paths removed.
 */
export async function beginConversion(root: string): Promise<string[]> {
  const marker = path.join(root, CONVERSION_MARKER);
  const removed: string[] = [];
  let resumed = false;
  try {
    await fs.access(marker);
    resumed = true;
  } catch {
    resumed = false;
  }
  if (resumed) await removeStrays(root, removed);
  await fs.writeFile(marker, `${JSON.stringify({ pid: process.pid, started: new Date().toISOString() })}\n`);
  return removed;
}

/** Removes the running-conversion marker. */
export async function endConversion(root: string): Promise<void> {
  await fs.rm(path.join(root, CONVERSION_MARKER), { force: true });
}
