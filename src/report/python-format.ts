import type { CardValue } from '../fits/card.js';

/**
 * A float as Python's `repr` (and numpy's `str`) prints it: the shortest digits that read back to the
 * same value (float32 precision when `single`), positional for 1e-4 ≤ |x| < 1e16, else scientific.
 */
export function formatPythonFloat(value: number, single = false): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const exponential = single ? shortestSingle(value) : value.toExponential();
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exponential);
  if (!match) return String(value);
  const [, sign = '', first = '', rest = '', exponentText = '0'] = match;
  const digits = first + rest;
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = rest === '' ? first : `${first}.${rest}`;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

function shortestSingle(value: number): string {
  for (let precision = 1; precision <= 9; precision++) {
    const text = value.toExponential(precision - 1);
    if (Math.fround(Number(text)) === value) return text;
  }
  return value.toExponential(8);
}

/** A number as Python prints it: integers plainly, other values with {@link formatPythonFloat}. */
export function formatPythonNumber(value: number | bigint, single = false): string {
  if (typeof value === 'bigint') return value.toString();
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : formatPythonFloat(value, single);
}

/** A header value as astropy's reports print it (`str()` of the Python value). */
export function formatHeaderValue(value: CardValue | undefined): string {
  if (value === undefined || value === null) return 'UNDEFINED';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return formatPythonNumber(value);
  return `(${formatPythonNumber(value.re)}${value.im < 0 ? '-' : '+'}${formatPythonNumber(Math.abs(value.im))}j)`;
}

/** Python `repr` of a header value (strings quoted), as in astropy's "Extra keyword" lines. */
export function reprHeaderValue(value: CardValue | undefined): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : formatHeaderValue(value);
}

/** A fraction as Python's `{:.2%}` prints it. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
