/**
 * Gaps and overlaps between consecutive calibration validity ranges, per detector tuple. Pure: the
 * registry reader feeds it rows. Times are Gen2 TEXT (`2013-05-07`, `2003-01-03T19:00:00`,
 * `1999-01-17T04:52:34.895201920`), read as UTC instants; a stored end date `2014-05-02` is the instant
 * `2014-05-02T00:00:00` (Gen2's TEXT comparison excludes later times of that day).
 */
import type { Gen2RegistryValue, Gen2Row, ValidityGroup, ValidityInvalidRange, ValidityPair, ValidityReport } from './registry-types.js';

const DAY_MS = 86_400_000;
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?Z?$/;

/**
 * Parses a Gen2 date/time string as UTC milliseconds (years before 1970 and far future allowed:
 * obs_lsst stores `1744-12-07` … `2292-07-05`).
 *
 * @returns the instant, or undefined when `text` is not such a date.
 */
export function parseGen2Time(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60) return undefined;
  return d.getTime();
}

/** One row fed to {@link computeValidityReport}: the group values (in `groupBy` order) and the range. */
export interface ValidityRow {
  readonly key: readonly Gen2RegistryValue[];
  readonly validStart: Gen2RegistryValue;
  readonly validEnd: Gen2RegistryValue;
  /** Undefined when the table has no calibDate column. */
  readonly calibDate?: Gen2RegistryValue;
}

function compareValues(a: Gen2RegistryValue, b: Gen2RegistryValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1; // SQLite order: numbers before text
  if (typeof b === 'number') return 1;
  return a < b ? -1 : 1;
}

function compareKeys(a: readonly Gen2RegistryValue[], b: readonly Gen2RegistryValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

function keyObject(groupBy: readonly string[], key: readonly Gen2RegistryValue[]): Gen2Row {
  const out: Gen2Row = {};
  groupBy.forEach((name, i) => Object.defineProperty(out, name, { value: key[i] ?? null, enumerable: true, writable: true, configurable: true }));
  return out;
}

interface ParsedRange {
  readonly row: ValidityRow;
  readonly startText: string;
  readonly endText: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Groups rows by detector tuple, sorts each group by validStart then calibDate, and reports consecutive
 * pairs that leave a gap or overlap.
 *
 * @param table - table name, echoed in the report.
 * @param groupBy - names of the key columns, matching `ValidityRow.key`.
 * @param rows - distinct ranges.
 */
export function computeValidityReport(table: string, groupBy: readonly string[], rows: readonly ValidityRow[]): ValidityReport {
  const invalid: ValidityInvalidRange[] = [];
  const groups = new Map<string, { key: readonly Gen2RegistryValue[]; ranges: ParsedRange[] }>();
  for (const row of rows) {
    const startText = typeof row.validStart === 'string' ? row.validStart : undefined;
    const endText = typeof row.validEnd === 'string' ? row.validEnd : undefined;
    const start = startText === undefined ? undefined : parseGen2Time(startText);
    const end = endText === undefined ? undefined : parseGen2Time(endText);
    let reason: string | undefined;
    if (startText === undefined || endText === undefined) reason = 'validStart/validEnd is not a text date';
    else if (start === undefined) reason = `validStart ${JSON.stringify(startText)} is not a date`;
    else if (end === undefined) reason = `validEnd ${JSON.stringify(endText)} is not a date`;
    else if (start > end) reason = 'validStart is after validEnd';
    if (reason !== undefined || startText === undefined || endText === undefined || start === undefined || end === undefined) {
      invalid.push({
        key: keyObject(groupBy, row.key),
        validStart: row.validStart,
        validEnd: row.validEnd,
        ...(row.calibDate !== undefined ? { calibDate: row.calibDate } : {}),
        reason: reason ?? 'invalid range',
      });
      continue;
    }
    const id = JSON.stringify(row.key);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key: row.key, ranges: [] }));
    group.ranges.push({ row, startText, endText, start, end });
  }

  const sortedGroups = [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
  const outGroups: ValidityGroup[] = [];
  const gaps: ValidityPair[] = [];
  const overlaps: ValidityPair[] = [];
  for (const group of sortedGroups) {
    const ranges = group.ranges.sort((a, b) => a.start - b.start || compareValues(a.row.calibDate ?? null, b.row.calibDate ?? null) || a.end - b.end);
    const key = keyObject(groupBy, group.key);
    const first = ranges[0]!;
    const last = ranges.reduce((acc, r) => (r.end > acc.end ? r : acc), first);
    outGroups.push({ key, ranges: ranges.length, validStart: first.startText, validEnd: last.endText });
    for (let i = 1; i < ranges.length; i++) {
      const prev = ranges[i - 1]!;
      const next = ranges[i]!;
      const diff = next.start - prev.end;
      if (diff === 0) continue;
      const pair: ValidityPair = {
        key,
        prevStart: prev.startText,
        prevEnd: prev.endText,
        nextStart: next.startText,
        nextEnd: next.endText,
        ...(prev.row.calibDate !== undefined ? { prevCalibDate: prev.row.calibDate } : {}),
        ...(next.row.calibDate !== undefined ? { nextCalibDate: next.row.calibDate } : {}),
        days: Math.abs(diff) / DAY_MS,
      };
      (diff > 0 ? gaps : overlaps).push(pair);
    }
  }
  return { table, groupBy: [...groupBy], groups: outGroups, gaps, overlaps, invalid };
}
