import { civilFromDays, daysFromCivil } from './civil-date.js';
import { TimeError } from './errors.js';
import { taiNsToUtc, utcToTaiNs, type UtcInstant } from './tai-utc.js';

const NS = 1_000_000_000n;
const DAY_NS = 86_400n * NS;
/** MJD of 1970-01-01. */
const MJD_1970 = 40_587;

/** Smallest storable time: 1970-01-01T00:00:00 TAI (daf_butler `TimeConverter.min_nsec`). */
export const MIN_TAI_NS = 0n;
/** Largest storable time: 2100-01-01T00:00:00 TAI (`TimeConverter.max_nsec`). */
export const MAX_TAI_NS = 4_102_444_800_000_000_000n;

/** Time scales understood by the string and MJD conversions. */
export type TimeScale = 'tai' | 'utc';

/** Clamps to [{@link MIN_TAI_NS}, {@link MAX_TAI_NS}] as daf_butler's `astropy_to_nsec` does. */
export function clampTaiNs(ns: bigint): bigint {
  return ns < MIN_TAI_NS ? MIN_TAI_NS : ns > MAX_TAI_NS ? MAX_TAI_NS : ns;
}

/** True when `ns` lies in the storable range (no clamping needed). */
export function isStorableTaiNs(ns: bigint): boolean {
  return ns >= MIN_TAI_NS && ns <= MAX_TAI_NS;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z)?$/;

function fractionNs(digits: string | undefined): bigint {
  if (!digits) return 0n;
  const head = BigInt(digits.slice(0, 9).padEnd(9, '0'));
  return digits.length > 9 && Number(digits[9]) >= 5 ? head + 1n : head;
}

/** Parses `YYYY-MM-DD[(T| )hh:mm[:ss[.fff…]]][Z]` into calendar nanoseconds (86 400 s days) and whether the second is 60. */
function parseIso(text: string): UtcInstant {
  const m = ISO.exec(text.trim());
  if (!m) throw new TimeError(`not an ISO date/time: '${text}'`);
  const [y, mo, d, h = 0, mi = 0, s = 0] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h > 23 || mi > 59 || s > 60) {
    throw new TimeError(`invalid ISO date/time: '${text}'`);
  }
  const days = daysFromCivil(y!, mo!, d!);
  if (civilFromDays(days).day !== d) throw new TimeError(`invalid calendar date: '${text}'`);
  const ns = BigInt(days) * DAY_NS + BigInt(h * 3600 + mi * 60 + s) * NS + fractionNs(m[7]);
  return { ns, leap: s === 60 };
}

/** Options of the ISO parsers. */
export interface ParseTimeOptions {
  /** Clamp to the storable range (as daf_butler does, with a warning there). Default is `true`; `false` throws instead. */
  clamp?: boolean;
}

function finish(ns: bigint, text: string, opts: ParseTimeOptions): bigint {
  if (opts.clamp === false && !isStorableTaiNs(ns)) {
    throw new TimeError(`'${text}' is outside 1970-01-01T00:00:00 TAI … 2100-01-01T00:00:00 TAI`);
  }
  return clampTaiNs(ns);
}

/**
 * TAI nanoseconds of an ISO time string in `scale` (astropy `Time(text, scale=scale).tai` → daf_butler
 * integer nanoseconds). UTC handles leap seconds, including `23:59:60.x`, and the pre-1972 rate.
 * @throws TimeError for an unparsable string, or an out-of-range time with `clamp: false`.
 */
export function isoToTaiNs(text: string, scale: TimeScale, opts: ParseTimeOptions = {}): bigint {
  const cal = parseIso(text);
  if (scale === 'tai') {
    if (cal.leap) throw new TimeError(`second 60 does not exist in TAI: '${text}'`);
    return finish(cal.ns, text, opts);
  }
  return finish(utcToTaiNs(cal), text, opts);
}

/** Options of the ISO formatters. */
export interface FormatTimeOptions {
  /** Digits after the decimal point, 0–9 (rounded). Default is `9`. */
  precision?: number;
  /** Date/time separator: `'T'` (astropy `isot`) or `' '` (astropy `iso`). Default is `'T'`. */
  separator?: 'T' | ' ';
}

function formatCalendar(ns: bigint, leap: boolean, opts: FormatTimeOptions): string {
  const precision = opts.precision ?? 9;
  if (!Number.isInteger(precision) || precision < 0 || precision > 9) throw new TimeError(`precision must be 0–9, got ${precision}`);
  const unit = 10n ** BigInt(9 - precision);
  let t = ns;
  if (unit > 1n) {
    const q = t / unit;
    const r = t - q * unit;
    t = (2n * r >= unit ? q + 1n : q) * unit;
  }
  if (leap) t -= NS; // show as 23:59:60 of the previous day
  let days = t / DAY_NS;
  let rest = t - days * DAY_NS;
  if (rest < 0n) {
    days -= 1n;
    rest += DAY_NS;
  }
  const { year, month, day } = civilFromDays(Number(days));
  const secOfDay = Number(rest / NS);
  const frac = rest % NS;
  const hh = Math.floor(secOfDay / 3600);
  const mm = Math.floor((secOfDay % 3600) / 60);
  const ss = (secOfDay % 60) + (leap ? 1 : 0);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const date = `${String(year).padStart(4, '0')}-${p2(month)}-${p2(day)}`;
  const fracText = precision > 0 ? `.${frac.toString().padStart(9, '0').slice(0, precision)}` : '';
  return `${date}${opts.separator ?? 'T'}${p2(hh)}:${p2(mm)}:${p2(ss)}${fracText}`;
}

/** ISO string of TAI nanoseconds in `scale` (astropy `isot`/`iso` with `precision` digits). */
export function taiNsToIso(ns: bigint, scale: TimeScale, opts: FormatTimeOptions = {}): string {
  if (scale === 'tai') return formatCalendar(ns, false, opts);
  const utc = taiNsToUtc(ns);
  return formatCalendar(utc.ns, utc.leap, opts);
}

/** Modified Julian Date of TAI nanoseconds in `scale` (UTC: a leap-second day is 86 401 s long, as in ERFA). */
export function taiNsToMjd(ns: bigint, scale: TimeScale = 'tai'): number {
  if (scale === 'tai') {
    const days = ns / DAY_NS;
    return MJD_1970 + Number(days) + Number(ns - days * DAY_NS) / Number(DAY_NS);
  }
  const utc = taiNsToUtc(ns);
  const t = utc.leap ? utc.ns - NS : utc.ns;
  let days = t / DAY_NS;
  let rest = t - days * DAY_NS + (utc.leap ? NS : 0n);
  if (rest < 0n) {
    days -= 1n;
    rest += DAY_NS;
  }
  const dayStart = days * DAY_NS;
  const length = utcToTaiNs({ ns: dayStart + DAY_NS, leap: false }) - utcToTaiNs({ ns: dayStart, leap: false });
  const dayLength = length > DAY_NS + NS / 2n && length <= DAY_NS + NS ? length : DAY_NS;
  return MJD_1970 + Number(days) + Number(rest) / Number(dayLength);
}

/** TAI nanoseconds of an MJD in `scale`, rounded to the nanosecond and clamped. */
export function mjdToTaiNs(mjd: number, scale: TimeScale = 'tai'): bigint {
  if (!Number.isFinite(mjd)) throw new TimeError(`not a finite MJD: ${mjd}`);
  const day = Math.floor(mjd);
  const frac = mjd - day;
  const dayStart = BigInt(day - MJD_1970) * DAY_NS;
  if (scale === 'tai') return clampTaiNs(dayStart + BigInt(Math.round(frac * Number(DAY_NS))));
  const begin = utcToTaiNs({ ns: dayStart, leap: false });
  const length = utcToTaiNs({ ns: dayStart + DAY_NS, leap: false }) - begin;
  if (length > DAY_NS + NS / 2n && length <= DAY_NS + NS) {
    return clampTaiNs(begin + BigInt(Math.round(frac * Number(length)))); // a day with a leap second
  }
  return clampTaiNs(utcToTaiNs({ ns: dayStart + BigInt(Math.round(frac * Number(DAY_NS))), leap: false }));
}

/** TAI nanoseconds of a JavaScript/Unix UTC time in milliseconds (Unix time has no leap seconds). */
export function unixMsToTaiNs(unixMs: number): bigint {
  return clampTaiNs(utcToTaiNs({ ns: BigInt(Math.round(unixMs)) * 1_000_000n, leap: false }));
}

/** "Now" as TAI nanoseconds (what daf_butler writes to `dataset.ingest_date`). */
export function nowTaiNs(now: () => number = Date.now): bigint {
  return unixMsToTaiNs(now());
}
