import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { writeAllSync } from '../../fs/write-all-sync.js';
import { writePrettyJson } from '../../report/pretty-json.js';
import type { ConversionReport } from './conversion-report.js';

/**
 * Writes `JSON.stringify(report, null, 2) + "\n"` to `file` — the same bytes — without building
 * that text as one string ({@link writePrettyJson}: a million-dataset report is ~440 MB of JSON;
 * memory stays at one chunk).
 * Written under a temporary name beside `file` and renamed: `file` is whole or untouched.
 * @throws the `fs` error when the file cannot be written (the caller wraps it).
 */
export function writeConversionReport(file: string, report: ConversionReport): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writePrettyJson(report, (text) => writeAllSync(fd, Buffer.from(text, 'utf8')));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
