import { TimeError } from './errors.js';
import { MAX_TAI_NS, MIN_TAI_NS, clampTaiNs } from './tai-time.js';

/** A half-open `[begin, end)` TAI-nanosecond interval as daf_butler stores it (`Timespan.nsec`). */
export interface Timespan {
  readonly begin: bigint;
  readonly end: bigint;
}

/** A timespan bound: TAI nanoseconds, `null` for unbounded, or `'empty'` (daf_butler `Timespan.EMPTY`). */
export type TimespanBound = bigint | null | 'empty';

/** The one empty timespan, normalised to `(max, min)` as daf_butler does. */
export const EMPTY_TIMESPAN: Timespan = Object.freeze({ begin: MAX_TAI_NS, end: MIN_TAI_NS });

/** Options of {@link makeTimespan}. */
export interface MakeTimespanOptions {
  /** When `begin == end`, extend `end` by 1 ns instead of making the timespan empty. Default is `true`. */
  padInstantaneous?: boolean;
}

/**
 * Builds a normalised timespan like daf_butler's `Timespan(begin, end)`: bounds clamped to
 * [0, 2100-01-01 TAI]; unbounded begin/end = min/max; `begin == end` padded to 1 ns (or empty);
 * `begin >= end` or an `'empty'` bound → {@link EMPTY_TIMESPAN}.
 * @throws TimeError for an instantaneous timespan at an infinite bound or within 1 ns of the maximum.
 */
export function makeTimespan(begin: TimespanBound, end: TimespanBound, opts: MakeTimespanOptions = {}): Timespan {
  const b = begin === null ? MIN_TAI_NS : begin === 'empty' ? MAX_TAI_NS : clampTaiNs(begin);
  let e = end === null ? MAX_TAI_NS : end === 'empty' ? MIN_TAI_NS : clampTaiNs(end);
  if (b === e) {
    if (b === MAX_TAI_NS || e === MIN_TAI_NS) throw new TimeError('infinite instantaneous timespans are not supported');
    if (opts.padInstantaneous ?? true) {
      e += 1n;
      if (e === MAX_TAI_NS) throw new TimeError(`cannot make a near-instantaneous timespan at ${b}: within 1 ns of the maximum time`);
    }
  }
  return b >= e ? EMPTY_TIMESPAN : { begin: b, end: e };
}

/** True for the empty timespan. */
export function isEmptyTimespan(ts: Timespan): boolean {
  return ts.begin >= ts.end;
}

const DAY_NS = 86_400_000_000_000n;

/**
 * The 24 h TAI timespan of an observing day `YYYYMMDD` (daf_butler `Timespan.from_day_obs`),
 * starting at TAI midnight plus `offsetSeconds`.
 */
export function timespanFromDayObs(dayObs: number, offsetSeconds = 0): Timespan {
  if (!Number.isInteger(dayObs) || dayObs < 1970_00_00 || dayObs > 1_0000_00_00) {
    throw new TimeError(`day_obs must be in form YYYYMMDD and be newer than 1970, not ${dayObs}`);
  }
  const y = Math.floor(dayObs / 10000);
  const m = Math.floor(dayObs / 100) % 100;
  const d = dayObs % 100;
  const start = BigInt(Date.UTC(y, m - 1, d)) * 1_000_000n + BigInt(Math.round(offsetSeconds * 1e9));
  return makeTimespan(start, start + DAY_NS);
}

/** SQLite columns `<name>_begin`/`<name>_end` (BIGINT); a NULL timespan gives NULLs. */
export function timespanToSqlite(ts: Timespan | null): { begin: bigint | null; end: bigint | null } {
  return ts === null ? { begin: null, end: null } : { begin: ts.begin, end: ts.end };
}

/** Reads SQLite `(begin, end)` columns back; both NULL → `null`. */
export function timespanFromSqlite(begin: bigint | number | null, end: bigint | number | null): Timespan | null {
  if (begin === null && end === null) return null;
  if (begin === null || end === null) throw new TimeError('a timespan has one NULL bound');
  const b = BigInt(begin);
  const e = BigInt(end);
  return b >= e ? EMPTY_TIMESPAN : { begin: b, end: e };
}

/** PostgreSQL `INT8RANGE` literal: min → no lower bound, max → no upper bound, empty → `empty` (canonical `[b,e)` form). */
export function timespanToPgRange(ts: Timespan): string {
  if (isEmptyTimespan(ts)) return 'empty';
  const lower = ts.begin === MIN_TAI_NS ? '(' : `[${ts.begin}`;
  const upper = ts.end === MAX_TAI_NS ? ')' : `${ts.end})`;
  return `${lower},${upper}`;
}

/** Parses a PostgreSQL `INT8RANGE` text value (`[b,e)`, `(,e)`, `[b,)`, `empty`) into a timespan. */
export function timespanFromPgRange(text: string): Timespan {
  const t = text.trim();
  if (t === 'empty') return EMPTY_TIMESPAN;
  const m = /^([[(])(-?\d*),(-?\d*)([\])])$/.exec(t);
  if (!m) throw new TimeError(`not an int8range: '${text}'`);
  let begin = m[2] ? BigInt(m[2]) : MIN_TAI_NS;
  let end = m[3] ? BigInt(m[3]) : MAX_TAI_NS;
  if (m[2] && m[1] === '(') begin += 1n;
  if (m[3] && m[4] === ']') end += 1n;
  return begin >= end ? EMPTY_TIMESPAN : { begin, end };
}
