/**
 * Exact Python float formatting (`%e %f %g` and `repr(float)`), computed on the exact binary value
 * of the double with round-half-even, as CPython's `PyOS_double_to_string` does.
 */

/** A formatted float: the sign is separate so callers can apply flags and padding. */
export interface FormattedFloat {
  negative: boolean;
  body: string;
}

/** Formats `x` like Python's `%e %E %f %F %g %G` (precision defaults to 6). */
export function formatPythonFloat(x: number, conversion: string, precision: number | undefined, alternate: boolean): FormattedFloat {
  const upper = conversion === 'E' || conversion === 'F' || conversion === 'G';
  if (!Number.isFinite(x)) {
    const body = Number.isNaN(x) ? 'nan' : 'inf';
    return { negative: x === -Infinity, body: upper ? body.toUpperCase() : body };
  }
  const negative = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  const p = precision ?? 6;
  let body: string;
  switch (conversion.toLowerCase()) {
    case 'f':
      body = fixed(ax, p, alternate);
      break;
    case 'e':
      body = scientific(ax, p, alternate);
      break;
    default:
      body = general(ax, p, alternate);
  }
  return { negative, body: upper ? body.toUpperCase() : body };
}

/** Python's `repr(float)`: shortest round-tripping digits, fixed notation for 1e-4 <= |x| < 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const [mantissa = '0', exponent = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decimalPoint = Number(exponent) + 1;
  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
    if (decimalPoint >= digits.length) return `${sign}${digits}${'0'.repeat(decimalPoint - digits.length)}.0`;
    return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exponentText(decimalPoint - 1)}`;
}

interface Rational {
  num: bigint;
  den: bigint;
}

const view = new DataView(new ArrayBuffer(8));

function exactValue(x: number): Rational {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  return exp >= 0 ? { num: mantissa << BigInt(exp), den: 1n } : { num: mantissa, den: 1n << BigInt(-exp) };
}

function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = 2n * (num - q * den);
  if (twice > den || (twice === den && q % 2n === 1n)) return q + 1n;
  return q;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function fixed(ax: number, p: number, alternate: boolean): string {
  const { num, den } = exactValue(ax);
  const digits = roundHalfEven(num * pow10(p), den).toString().padStart(p + 1, '0');
  if (p === 0) return alternate ? `${digits}.` : digits;
  return `${digits.slice(0, -p)}.${digits.slice(-p)}`;
}

/** Significant digits (`p + 1` of them) and decimal exponent of `ax` rounded half-even. */
function scientificDigits(ax: number, p: number): { digits: string; exponent: number } {
  if (ax === 0) return { digits: '0'.repeat(p + 1), exponent: 0 };
  const { num, den } = exactValue(ax);
  let exponent = Math.floor(Math.log10(ax));
  const atLeast = (e: number): boolean => (e >= 0 ? num >= pow10(e) * den : num * pow10(-e) >= den);
  while (!atLeast(exponent)) exponent--;
  while (atLeast(exponent + 1)) exponent++;
  const shift = p - exponent;
  let n = shift >= 0 ? roundHalfEven(num * pow10(shift), den) : roundHalfEven(num, den * pow10(-shift));
  if (n === pow10(p + 1)) {
    n = pow10(p);
    exponent++;
  }
  return { digits: n.toString(), exponent };
}

function scientific(ax: number, p: number, alternate: boolean): string {
  const { digits, exponent } = scientificDigits(ax, p);
  const head = p > 0 ? `${digits[0]}.${digits.slice(1)}` : alternate ? `${digits}.` : digits;
  return `${head}e${exponentText(exponent)}`;
}

function general(ax: number, precision: number, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const { exponent } = scientificDigits(ax, p - 1);
  const text = exponent >= -4 && exponent < p ? fixed(ax, p - 1 - exponent, alternate) : scientific(ax, p - 1, alternate);
  if (alternate) return text;
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return e < 0 ? trimmed : trimmed + text.slice(e);
}

function exponentText(exponent: number): string {
  return `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
