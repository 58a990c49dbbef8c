import { daysFromCivil } from './civil-date.js';
import { LEAP_SECONDS } from './leap-seconds.js';

const NS = 1_000_000_000n;
const DAY_NS = 86_400n * NS;

/** A UTC instant as nanoseconds since 1970-01-01T00:00:00 UTC counting 86 400 s per day, plus whether it lies in an inserted (leap) second `23:59:60`, in which case `ns` counts into the next day. */
export interface UtcInstant {
  readonly ns: bigint;
  readonly leap: boolean;
}

interface Step {
  readonly startNs: bigint;
  readonly offsetNs: bigint;
}

const STEPS: readonly Step[] = LEAP_SECONDS.map(({ utcDate, taiMinusUtc }) => {
  const [y, m, d] = utcDate.split('-').map(Number) as [number, number, number];
  return { startNs: BigInt(daysFromCivil(y, m, d)) * DAY_NS, offsetNs: BigInt(taiMinusUtc) * NS };
});
const FIRST = STEPS[0] as Step;

/** Python/NumPy round-half-to-even of `num / den` (den > 0). */
function divRound(num: bigint, den: bigint): bigint {
  let q = num / den;
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const twice = 2n * r;
  if (twice > den || (twice === den && q % 2n !== 0n)) q += 1n;
  return q;
}

/**
 * Before 1972: TAI−UTC = 4.21317 s + (MJD − 39126) × 0.002592 s with MJD = 40587 + u/86400 s,
 * i.e. TAI = u × (1 + 3e-8) + 8.000082 s (u = UTC ns since 1970). Used for every date before 1972
 * (earlier times are before the TAI epoch and get clamped by callers).
 */
function rateOffsetNs(utcNs: bigint): bigint {
  return 8_000_082_000n + divRound(utcNs * 3n, 100_000_000n);
}

/** TAI−UTC in nanoseconds at UTC instant `utcNs` (not inside a leap second). */
export function taiMinusUtcNs(utcNs: bigint): bigint {
  if (utcNs < FIRST.startNs) return rateOffsetNs(utcNs);
  for (let i = STEPS.length - 1; i >= 0; i--) {
    const step = STEPS[i] as Step;
    if (utcNs >= step.startNs) return step.offsetNs;
  }
  return FIRST.offsetNs;
}

/** TAI nanoseconds (since 1970-01-01 TAI) of a UTC instant. */
export function utcToTaiNs(utc: UtcInstant): bigint {
  // Inside 23:59:60 the offset of the day before the step applies.
  const offset = utc.leap ? taiMinusUtcNs(utc.ns - NS) : taiMinusUtcNs(utc.ns);
  return utc.ns + offset;
}

/** The UTC instant of TAI nanoseconds; instants inside an inserted second come back with `leap`. */
export function taiNsToUtc(taiNs: bigint): UtcInstant {
  for (let i = STEPS.length - 1; i >= 0; i--) {
    const step = STEPS[i] as Step;
    if (taiNs >= step.startNs + step.offsetNs) return { ns: taiNs - step.offsetNs, leap: false };
    const before = i > 0 ? (STEPS[i - 1] as Step).offsetNs : rateOffsetNs(step.startNs);
    if (taiNs >= step.startNs + before) return { ns: taiNs - before, leap: true };
  }
  // TAI = u × 1.00003 + 8.000082 s  ⇒  u = (TAI − 8.000082 s) / (1 + 3e-8)
  return { ns: divRound((taiNs - 8_000_082_000n) * 100_000_000n, 100_000_003n), leap: false };
}
