/**
 * Per-unit-of-work checkpoints of a stage: `units/<stage>.jsonl`, one JSON line per finished unit,
 * appended as soon as the unit finishes (one `write` per line). The first line records the stage's
 * inputs digest; opening the log with another digest starts it afresh. A line cut short by a killed
 * process is ignored, so a killed run resumes after the last completed unit.
 */
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAllSync } from '../../src/fs/write-all-sync.js';

/** One finished unit. The latest record of a unit wins. */
export interface UnitRecord {
  /** Unit key, unique within the stage, e.g. `isr/visit=1,ccd=0`. */
  unit: string;
  status: 'completed' | 'failed';
  finishedAt: string;
  /** What the unit produced that later code needs (resource usage, a summary). JSON only. */
  data?: unknown;
  error?: string;
}

interface Header {
  unitLog: 1;
  inputsDigest: string;
}

/** An append-only unit log. Appends are written in call order; safe to call from concurrent units. */
export class UnitLog {
  readonly #file: string;
  readonly #records = new Map<string, UnitRecord>();
  /** Descriptor the lines are appended through, opened on the first append (`O_APPEND`). */
  #fd: number | undefined;

  private constructor(file: string, records: readonly UnitRecord[]) {
    this.#file = file;
    for (const r of records) this.#records.set(r.unit, r);
  }

  /** Path of a stage's unit log under the run directory. */
  static pathFor(runDir: string, stage: string): string {
    return path.join(runDir, 'units', `${stage}.jsonl`);
  }

  /**
   * Opens (or creates) a log. When the file was written for another inputs digest, or `reset` is
   * true, it is started afresh.
   */
  static async open(file: string, inputsDigest: string, options: { reset?: boolean } = {}): Promise<UnitLog> {
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch {
      text = '';
    }
    const lines = text.split('\n');
    const header = UnitLog.#parse(lines[0] ?? '') as Partial<Header> | undefined;
    if (options.reset || header?.unitLog !== 1 || header.inputsDigest !== inputsDigest) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify({ unitLog: 1, inputsDigest } satisfies Header)}\n`);
      return new UnitLog(file, []);
    }
    const records = lines.slice(1).flatMap((l) => {
      const r = UnitLog.#parse(l) as UnitRecord | undefined;
      return r && typeof r.unit === 'string' && (r.status === 'completed' || r.status === 'failed') ? [r] : [];
    });
    return new UnitLog(file, records);
  }

  static #parse(line: string): unknown {
    if (!line.trim()) return undefined;
    try {
      return JSON.parse(line);
    } catch {
      return undefined; // a line cut short by a kill
    }
  }

  /** The log file. */
  get file(): string {
    return this.#file;
  }

  /** The latest record of each unit, in first-seen order. */
  get records(): UnitRecord[] {
    return [...this.#records.values()];
  }

  /** The record of a completed unit, else undefined (failed units are retried). */
  completed(unit: string): UnitRecord | undefined {
    const r = this.#records.get(unit);
    return r?.status === 'completed' ? r : undefined;
  }

  /**
   * Appends a record (a new line; the file is never rewritten). The line is handed to the OS before
   * this returns (one synchronous `write`: a unit log line is small, and a thread-pool round trip per
   * unit cost more than the write), so a killed process keeps every line appended before it died.
   */
  append(record: UnitRecord): Promise<void> {
    return this.appendAll([record]);
  }

  /** Appends records in order, in one `write` (e.g. the units of one checkpoint group). */
  appendAll(records: readonly UnitRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    // A line that was cut short has no trailing newline: start ours on a fresh line.
    const bytes = Buffer.from(records.map((r) => `\n${JSON.stringify(r)}\n`).join(''));
    for (const r of records) this.#records.set(r.unit, r);
    try {
      this.#fd ??= openSync(this.#file, 'a');
      writeAllSync(this.#fd, bytes);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Closes the file (a later append opens it again). */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
