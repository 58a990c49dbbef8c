/** Numeric tolerance: `a` and `b` are equal when |a − b| ≤ atol + rtol·|b| (numpy/astropy form, asymmetric). */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Exact comparison; astropy `fitsdiff`'s defaults (`rtol = 0.0`, `atol = 0.0`). */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

/** The parity harness's pixel and catalog tolerance (afw `testUtils`: rtol 1e-5, atol 1e-8). */
export const PARITY_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-8 };

/** pex_config's float comparison (`numpy.allclose(rtol=1e-8, atol=1e-8)`). */
export const CONFIG_TOLERANCE: Tolerance = { rtol: 1e-8, atol: 1e-8 };

/**
 * True when two numbers are equal within `tolerance`. NaN equals NaN; infinities are equal only to the
 * same infinity (astropy `diff_values` semantics).
 */
export function isClose(a: number, b: number, tolerance: Tolerance): boolean {
  if (Number.isFinite(b)) return Math.abs(a - b) <= tolerance.atol + tolerance.rtol * Math.abs(b);
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return a === b;
}

/** Checks user-supplied tolerances; returns a problem description, or undefined when they are valid. */
export function toleranceProblem(tolerance: Tolerance): string | undefined {
  for (const [name, value] of Object.entries(tolerance)) {
    if (!Number.isFinite(value) || value < 0) return `${name} must be a finite number >= 0, not ${value}`;
  }
  return undefined;
}
