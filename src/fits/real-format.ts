import { FitsWriteError } from './errors.js';

/**
 * Formats a finite number as a FITS real the way astropy does (Python `repr`, upper-case `E`, at least
 * two exponent digits): `1.0`, `0.0001`, `-3.2E-05`, `1E+16`. The shortest text that parses back to
 * the same double is used, so values always round-trip; unlike astropy, texts longer than 20 characters
 * are not truncated (free-format values may extend past column 30).
 * @throws FitsWriteError for NaN and infinities, which FITS headers cannot represent.
 */
export function formatReal(value: number): string {
  if (!Number.isFinite(value)) throw new FitsWriteError(`${value} cannot be written as a FITS header value`);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = value < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const significand = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${significand}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent >= 0) {
    const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${integerPart}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
