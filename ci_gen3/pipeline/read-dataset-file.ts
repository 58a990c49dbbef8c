import { readFileSync } from 'node:fs';
import { FileAccessError } from '../../src/errors.js';
import { readFitsSync } from '../../src/fits/fits-file.js';
import type { StoredDataset } from './neutral-butler.js';
import { timeTask } from './task-clock.js';

/**
 * Reads a located dataset file as its format says (the read counts as task time); both butlers use it.
 * The reads are synchronous, as the writes of `writeDatasetFile` are.
 * @throws FileAccessError when the file cannot be read; FitsError when a FITS file is not valid.
 */
export async function readDatasetFile(format: StoredDataset['format'], file: string): Promise<StoredDataset> {
  if (format === 'config') return { format: 'config', text: await timeTask(() => readText(file)), path: file };
  return { format: 'fits', fits: await timeTask(() => readFitsSync(file)), path: file };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new FileAccessError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
}
