import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ConversionReport } from './conversion-report.js';

/** Text written per `writeSync` call. */
const CHUNK = 1 << 20;

/** Writes all of `text` (a write to a file may be partial). */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
}

const indented = (json: string, pad: string): string => json.replace(/\n/g, `\n${pad}`);

/**
 * Writes `JSON.stringify(report, null, 2) + "\n"` to `file` — the same bytes — without building
 * that text as one string: each top-level key and each array element is serialised on its own and
 * written in chunks. A million-dataset report is ~440 MB of JSON; memory stays at one chunk. Arrays and objects inside elements are serialised as usual.
 * Written under a temporary name beside `file` and renamed: `file` is whole or untouched.
 * @throws the `fs` error when the file cannot be written (the caller wraps it).
 */
export function writeConversionReport(file: string, report: ConversionReport): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeReport(tmp, report);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeReport(file: string, report: ConversionReport): void {
  const fd = openSync(file, 'wx');
  try {
    let pending = '';
    const emit = (text: string): void => {
      pending += text;
      if (pending.length >= CHUNK) {
        writeAll(fd, pending);
        pending = '';
      }
    };
    const keys = Object.keys(report).filter((k) => {
      const v: unknown = report[k as keyof ConversionReport];
      return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
    });
    emit(keys.length === 0 ? '{}' : '{\n');
    keys.forEach((key, k) => {
      const value: unknown = report[key as keyof ConversionReport];
      emit(`  ${JSON.stringify(key)}: `);
      if (Array.isArray(value) && value.length > 0) {
        emit('[\n');
        const list = value as readonly unknown[];
        for (let i = 0; i < list.length; i++) emit(`    ${indented(JSON.stringify(list[i] ?? null, null, 2), '    ')}${i + 1 < list.length ? ',' : ''}\n`);
        emit('  ]');
      } else {
        emit(indented(JSON.stringify(value, null, 2), '  '));
      }
      emit(k + 1 < keys.length ? ',\n' : '\n}');
    });
    emit('\n');
    writeAll(fd, pending);
  } finally {
    closeSync(fd);
  }
}
