export { TimeError } from './errors.js';
export { LEAP_SECONDS, type LeapSecondStep } from './leap-seconds.js';
export { taiMinusUtcNs, taiNsToUtc, utcToTaiNs, type UtcInstant } from './tai-utc.js';
export {
  MAX_TAI_NS,
  MIN_TAI_NS,
  clampTaiNs,
  isStorableTaiNs,
  isoToTaiNs,
  mjdToTaiNs,
  nowTaiNs,
  taiNsToIso,
  taiNsToMjd,
  unixMsToTaiNs,
  type FormatTimeOptions,
  type ParseTimeOptions,
  type TimeScale,
} from './tai-time.js';
export {
  EMPTY_TIMESPAN,
  isEmptyTimespan,
  makeTimespan,
  timespanFromDayObs,
  timespanFromPgRange,
  timespanFromSqlite,
  timespanToPgRange,
  timespanToSqlite,
  type MakeTimespanOptions,
  type Timespan,
  type TimespanBound,
} from './timespan.js';
