import { readFile } from 'node:fs/promises';
import { readFits } from '../../src/fits/fits-file.js';
import type { StoredDataset } from './neutral-butler.js';
import { timeTask } from './task-clock.js';

/** Reads a located dataset file as its format says (the read counts as task time); both butlers use it. */
export async function readDatasetFile(format: StoredDataset['format'], file: string): Promise<StoredDataset> {
  if (format === 'config') return { format: 'config', text: await timeTask(() => readFile(file, 'utf8')), path: file };
  return { format: 'fits', fits: await timeTask(() => readFits(file)), path: file };
}
