/** Values callers may bind to `:name` (or bare `name`) in an expression. */

/** A point in time given as TAI nanoseconds (daf_butler's representation). */
export interface TaiTime {
  readonly tai: bigint;
}

/** A scalar bind value. `Date` and {@link TaiTime} are datetimes; `null` is SQL NULL. */
export type ScalarBindValue = string | number | bigint | boolean | Date | TaiTime | null;

/** A timespan bind value: [begin, end), `null` meaning unbounded. */
export interface TimespanBindValue {
  readonly begin: Date | TaiTime | null;
  readonly end: Date | TaiTime | null;
}

/** Anything that can be bound: a scalar, a timespan, or a list (only on the right of `IN`). */
export type BindValue = ScalarBindValue | TimespanBindValue | readonly ScalarBindValue[];

/** Bind values by name. */
export type BindValues = Readonly<Record<string, BindValue>>;

/** True for a {@link TaiTime}. */
export function isTaiTime(value: unknown): value is TaiTime {
  return typeof value === 'object' && value !== null && typeof (value as TaiTime).tai === 'bigint';
}

/** True for a {@link TimespanBindValue}. */
export function isTimespanBind(value: unknown): value is TimespanBindValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'begin' in value && 'end' in value;
}
