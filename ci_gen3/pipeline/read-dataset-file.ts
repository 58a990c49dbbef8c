import { readFileChecked } from '../../src/fs/read-file-checked.js';
import { readFitsSync } from '../../src/fits/fits-file.js';
import type { StoredDataset } from './neutral-butler.js';
import { timeTask } from './task-clock.js';

/**
 * Reads a located dataset file as its format says (the read counts as task time); both butlers use it.
 * The reads are synchronous, as the writes of `writeDatasetFile` are.
 * @throws FileAccessError when the file cannot be read; FitsError when a FITS file is not valid.
 */
export async function readDatasetFile(format: StoredDataset['format'], file: string): Promise<StoredDataset> {
  if (format === 'config') return { format: 'config', text: await timeTask(() => readFileChecked(file).toString('utf8')), path: file };
  return { format: 'fits', fits: await timeTask(() => readFitsSync(file)), path: file };
}
