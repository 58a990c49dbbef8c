/**
 * A float as PyYAML writes it: Python `repr(x).lower()`, with `.0` inserted before an exponent that
 * has no decimal point (`1.0e+16`), and `.inf`, `-.inf`, `.nan`.
 */
export function pythonFloatYaml(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp >= -4 && exp < 16) {
    // Python repr uses fixed notation for 1e-4 <= |x| < 1e16 (float_repr_style 'short', 'r' format).
    let text: string;
    if (exp < 0) text = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) text = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    else text = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    return sign + text;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}.0`;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${sign}${m}e${e}`;
}
