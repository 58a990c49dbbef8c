/**
 * What every comparator returns: plain data (no methods, no printing), serialisable as JSON once
 * non-finite numbers and bigints are encoded (see `src/report/diff-json.ts`).
 */
export interface DiffBase<K extends string> {
  /** Discriminates the comparator that produced the value. */
  readonly kind: K;
  /** True when no difference remains after the tolerances and ignore rules. */
  readonly identical: boolean;
  /** One line for logs and tables, e.g. `12 of 4096 pixels differ (0.29%)`. */
  readonly summary: string;
}

/** Both sides of a value that differs. */
export interface Pair<T> {
  readonly a: T;
  readonly b: T;
}
