/** One calibration's validity range as Gen2 `ingestCalibs.py` stored it (ISO dates, inclusive, TEXT-compared). */
export interface Gen2Validity {
  calibDate: string;
  validStart: string;
  validEnd: string;
}

/** Options of {@link computeGen2Validity}: `ingestCalibs.py --validity N` and its register config. */
export interface Gen2ValidityOptions {
  /** `--validity N`: days either side of calibDate. */
  validityDays: number;
  /** Table is in `validityUntilSuperseded` (defects, qe_curve, linearizer, crosstalk, bfk, photodiode). */
  untilSuperseded: boolean;
  /** `register.incrementValidEnd`. Default is `true`. */
  incrementValidEnd?: boolean;
}

const DAY_MS = 86_400_000;
const END_OF_UNIX_TIME = '2037-12-31';

function toDay(date: string): number {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
  return Math.round(ms / DAY_MS);
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Validity ranges for the calibrations of one detector tuple, exactly as `CalibsRegisterTask.fixSubsetValidity`
 * computed them: until superseded (last one until 2037-12-31), or `calibDate ± N` days with overlaps between
 * neighbours cut at the integer-day midpoint. Input dates may carry a time (`2013-01-31T00:00:00`); only the date counts.
 */
export function computeGen2Validity(calibDates: readonly string[], options: Gen2ValidityOptions): Gen2Validity[] {
  const byDay = new Map<number, string>();
  for (const d of calibDates) if (!byDay.has(toDay(d))) byDay.set(toDay(d), d);
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const ranges = days.map((d): [number, number] => (options.untilSuperseded ? [d, d] : [d - options.validityDays, d + options.validityDays]));
  if (options.untilSuperseded) {
    days.forEach((d, i) => {
      const next = days[i + 1];
      ranges[i]![1] = next === undefined ? toDay(END_OF_UNIX_TIME) : next - 1;
    });
  } else {
    const increment = options.incrementValidEnd ?? true;
    for (let i = 0; i + 1 < days.length; i++) {
      const mid = days[i]! + Math.floor((days[i + 1]! - days[i]!) / 2);
      if (ranges[i]![1] > mid) {
        ranges[i + 1]![0] = mid + 1;
        ranges[i]![1] = increment ? mid + 1 : mid;
      }
    }
  }
  return days.map((d, i) => ({ calibDate: byDay.get(d)!, validStart: fromDay(ranges[i]![0]), validEnd: fromDay(ranges[i]![1]) }));
}
