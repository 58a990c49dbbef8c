/**
 * Time literals `T'time-string'` as daf_butler interprets them: `[format/]value[/scale]`, the
 * format guessed from the value when absent (a decimal number is `mjd`, `YYYY-MM-DD[ HH:MM[:SS]]`
 * is `iso`, with a `T` separator `isot`, `+YYYY-...` is `fits`, `YYYY:DDD[:HH:MM[:SS]]` is `yday`)
 * and the scale defaulting to `utc` for iso/isot/fits/yday/unix, `tt` for cxcsec and `tai` otherwise.
 * Values become daf_butler's representation: integer nanoseconds since 1970-01-01T00:00:00 TAI,
 * clamped to [0, 2100-01-01 TAI).
 */

import { daysFromCivil } from '../time/civil-date.js';
import { clampTaiNs, MAX_TAI_NS, MIN_TAI_NS } from '../time/tai-time.js';
import { taiMinusUtcNs } from '../time/tai-utc.js';

/** Smallest time daf_butler stores (1970-01-01 TAI), in TAI nanoseconds. */
export const TAI_MIN = MIN_TAI_NS;
/** Largest time daf_butler stores (2100-01-01 TAI), in TAI nanoseconds; also "unbounded end". */
export const TAI_MAX = MAX_TAI_NS;

/** Time formats accepted after `format/`. */
export const TIME_FORMATS = ['mjd', 'jd', 'unix', 'cxcsec', 'iso', 'isot', 'fits', 'yday'] as const;
/** Time scales accepted after `/scale`. */
export const TIME_SCALES = ['utc', 'tai', 'tt'] as const;

type TimeFormat = (typeof TIME_FORMATS)[number];
type TimeScale = (typeof TIME_SCALES)[number];

/** A parsed time literal. */
export interface ParsedTime {
  /** Nanoseconds since 1970-01-01T00:00:00 TAI (daf_butler's column representation). */
  readonly tai: bigint;
  /** Format used (given or guessed). */
  readonly format: TimeFormat;
  /** Scale used (given or defaulted). */
  readonly scale: TimeScale;
}

const NS_PER_SECOND = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_SECOND;
const MJD_UNIX_EPOCH = 40587n; // MJD of 1970-01-01
const TT_MINUS_TAI_NS = 32_184_000_000n;

/** 1972-01-01 UTC: before it UTC has no fixed offset to TAI. */
const UTC_FIXED_OFFSET_FROM = BigInt(daysFromCivil(1972, 1, 1)) * NS_PER_DAY;

const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const ISO_RE = /^(\d{4,})-(\d{1,2})-(\d{1,2})(?:([ Tt])(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?$/;
const FITS_RE = /^\+(\d{4,})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d*)?))?$/;
const YDAY_RE = /^(\d{4,}):(\d{1,3})(?::(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?$/;

/**
 * Parse the text between the quotes of a `T'...'` literal.
 *
 * @returns the time in TAI nanoseconds with the format and scale used.
 * @throws Error with a short reason when the text is not a time daf_butler would accept.
 */
export function parseTimeString(text: string): ParsedTime {
  let body = text.trim().replace('+00:00', '');
  let format: TimeFormat | undefined;
  let scale: TimeScale | undefined;
  const parts = body.split('/');
  if (parts.length > 3) throw new Error(`time string "${text}" has too many '/' separators`);
  if (parts.length >= 2 && /^[A-Za-z]\w*$/.test(parts[0] ?? '')) {
    format = checkFormat(parts.shift() ?? '', text);
  }
  if (parts.length === 2) scale = checkScale(parts.pop() ?? '', text);
  if (parts.length !== 1) throw new Error(`time string "${text}" is not [format/]value[/scale]`);
  body = parts[0] ?? '';

  let calendarNs: bigint; // nanoseconds since 1970-01-01 on the clock of the scale
  if (NUMBER_RE.test(body) && (format === undefined || ['mjd', 'jd', 'unix', 'cxcsec'].includes(format))) {
    format ??= 'mjd';
    if (format === 'mjd') calendarNs = decimalTimes(body, NS_PER_DAY) - MJD_UNIX_EPOCH * NS_PER_DAY;
    else if (format === 'jd') calendarNs = decimalTimes(body, NS_PER_DAY) - (2_400_000n * NS_PER_DAY + NS_PER_DAY / 2n) - MJD_UNIX_EPOCH * NS_PER_DAY;
    else if (format === 'unix') calendarNs = decimalTimes(body, NS_PER_SECOND);
    else calendarNs = decimalTimes(body, NS_PER_SECOND) + BigInt(daysFromCivil(1998, 1, 1)) * NS_PER_DAY;
  } else {
    let m: RegExpExecArray | null;
    if ((m = ISO_RE.exec(body)) && (format === undefined || format === 'iso' || format === 'isot' || format === 'fits')) {
      format ??= m[4] === 'T' || m[4] === 't' ? 'isot' : 'iso';
      calendarNs = calendar(text, m[1], m[2], m[3], m[5], m[6], m[7]);
    } else if ((m = FITS_RE.exec(body)) && (format === undefined || format === 'fits')) {
      format = 'fits';
      calendarNs = calendar(text, m[1], m[2], m[3], m[4], m[5], m[6]);
    } else if ((m = YDAY_RE.exec(body)) && (format === undefined || format === 'yday')) {
      format = 'yday';
      const year = Number(m[1]);
      const doy = Number(m[2]);
      if (doy < 1 || doy > (isLeap(year) ? 366 : 365)) throw new Error(`time string "${text}" has day of year ${doy} out of range`);
      calendarNs = calendar(text, m[1], '1', '1', m[3], m[4], m[5]) + BigInt(doy - 1) * NS_PER_DAY;
    } else if (format !== undefined) {
      throw new Error(`time string "${text}" does not match format "${format}"`);
    } else {
      throw new Error(`time string "${text}" does not match known formats`);
    }
  }
  scale ??= format === 'cxcsec' ? 'tt' : ['iso', 'isot', 'fits', 'yday', 'unix'].includes(format) ? 'utc' : 'tai';
  return { tai: clampTai(toTai(calendarNs, scale, text)), format, scale };
}

/** Convert a JavaScript `Date` (UTC) to TAI nanoseconds. */
export function taiFromDate(date: Date): bigint {
  return clampTai(toTai(BigInt(date.getTime()) * 1_000_000n, 'utc', date.toISOString()));
}

/** Clamp to daf_butler's representable range [{@link TAI_MIN}, {@link TAI_MAX}]. */
export function clampTai(ns: bigint): bigint {
  return clampTaiNs(ns);
}

function checkFormat(value: string, text: string): TimeFormat {
  const f = value.toLowerCase();
  if (!(TIME_FORMATS as readonly string[]).includes(f)) throw new Error(`time string "${text}" specifies unknown time format "${value}"`);
  return f as TimeFormat;
}

function checkScale(value: string, text: string): TimeScale {
  const s = value.toLowerCase();
  if (!(TIME_SCALES as readonly string[]).includes(s)) throw new Error(`time string "${text}" specifies unsupported time scale "${value}"`);
  return s as TimeScale;
}

function toTai(ns: bigint, scale: TimeScale, text: string): bigint {
  if (scale === 'tai') return ns;
  if (scale === 'tt') return ns - TT_MINUS_TAI_NS;
  if (ns < UTC_FIXED_OFFSET_FROM) throw new Error(`UTC time "${text}" is before 1972, where UTC has no fixed offset to TAI`);
  return ns + taiMinusUtcNs(ns);
}

/** `text` (a decimal number) times `unit`, rounded to the nearest integer, exactly. */
function decimalTimes(text: string, unit: bigint): bigint {
  const negative = text.startsWith('-');
  const digits = text.replace(/^[-+]/, '');
  const [intPart = '', frac = ''] = digits.split('.');
  const scale = 10n ** BigInt(frac.length);
  const numerator = BigInt((intPart || '0') + frac) * unit;
  const value = (numerator + scale / 2n) / scale;
  return negative ? -value : value;
}

function calendar(text: string, y?: string, mo?: string, d?: string, h?: string, mi?: string, s?: string): bigint {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const [secInt = '0', secFrac = ''] = (s ?? '0').split('.');
  const second = Number(secInt);
  if (month < 1 || month > 12) throw new Error(`time string "${text}" has month ${month} out of range`);
  if (day < 1 || day > daysInMonth(year, month)) throw new Error(`time string "${text}" has day ${day} out of range`);
  if (hour > 23 || minute > 59 || second > 60) throw new Error(`time string "${text}" has a time of day out of range`);
  const fracNs = BigInt((secFrac + '000000000').slice(0, 9));
  return BigInt(daysFromCivil(year, month, day)) * NS_PER_DAY + BigInt(hour * 3600 + minute * 60 + second) * NS_PER_SECOND + fracNs;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

