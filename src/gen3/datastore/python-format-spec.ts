/**
 * Python's `format(value, spec)` (format-specification mini-language) for the value kinds a file
 * template can see: strings, integers, floats, booleans and `None`.
 */

import { BoundedMap } from '../../cache/bounded-map.js';

/** A value a template field can take: data-ID values, record metadata, run/dataset type names. */
export type TemplateValue = string | number | bigint | boolean | null;

interface Spec {
  fill: string;
  align: string | undefined;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | undefined;
  type: string;
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Parsed specs by text (templates use a handful). */
const parsedSpecs = new BoundedMap<string, Spec | undefined>(256);

/** {@link parseSpec}, memoised (a Spec is never modified). */
function parsedSpec(spec: string): Spec | undefined {
  if (parsedSpecs.has(spec)) return parsedSpecs.get(spec);
  const s = parseSpec(spec);
  parsedSpecs.set(spec, s);
  return s;
}

function parseSpec(spec: string): Spec | undefined {
  const m = SPEC.exec(spec);
  if (!m) return undefined;
  return {
    fill: m[1] ?? (m[6] ? '0' : ' '),
    align: m[2],
    sign: m[3] ?? '-',
    alt: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10] ?? '',
  };
}

function pad(body: string, prefix: string, spec: Spec, defaultAlign: string): string {
  const len = [...prefix].length + [...body].length;
  const n = Math.max(0, spec.width - len);
  const align = spec.align ?? defaultAlign;
  const fill = spec.fill.repeat(n);
  switch (align) {
    case '<':
      return prefix + body + fill;
    case '^': {
      const left = Math.floor(n / 2);
      return spec.fill.repeat(left) + prefix + body + spec.fill.repeat(n - left);
    }
    case '=':
      return prefix + fill + body;
    default:
      return fill + prefix + body;
  }
}

function group(digits: string, sep: string, size: number): string {
  if (!sep) return digits;
  let out = '';
  for (let i = digits.length; i > 0; i -= size) out = digits.slice(Math.max(0, i - size), i) + (out ? sep + out : '');
  return out;
}

function signOf(negative: boolean, spec: Spec): string {
  return negative ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

/** Integer presentation types: radix, `#` prefix, digits per `_` group. */
const INT_RADIX: Readonly<Record<string, readonly [number, string, number]>> = { '': [10, '', 3], d: [10, '', 3], n: [10, '', 3], b: [2, '0b', 4], o: [8, '0o', 4], x: [16, '0x', 4], X: [16, '0X', 4] };

function formatInt(value: bigint, spec: Spec): string | undefined {
  if (spec.precision !== undefined) return undefined;
  const neg = value < 0n;
  const abs = neg ? -value : value;
  if (spec.type === 'c') {
    if (value < 0n || value > 0x10ffffn || spec.sign !== '-' || spec.alt) return undefined;
    return pad(String.fromCodePoint(Number(value)), '', spec, '<');
  }
  const r = INT_RADIX[spec.type];
  if (!r) return undefined;
  let digits = abs.toString(r[0]);
  if (spec.type === 'X') digits = digits.toUpperCase();
  const prefix = signOf(neg, spec) + (spec.alt ? (spec.type === 'X' ? '0X' : r[1]) : '');
  if (spec.zero && !spec.align && spec.grouping) {
    // Python pads zeros inside the grouping.
    const width = Math.max(0, spec.width - prefix.length);
    let g = group(digits, spec.grouping, r[2]);
    while (g.length < width) {
      digits = '0' + digits;
      g = group(digits, spec.grouping, r[2]);
    }
    return prefix + g;
  }
  return pad(group(digits, spec.grouping, r[2]), prefix, spec, spec.zero ? '=' : '>');
}

function pythonExp(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python `repr(float)` (shortest round-trip digits; `.0` for integral values; exponent form outside 1e-4…1e16). */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 16) return pythonExp(x.toExponential());
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** `x.toExponential(p)` with Python's rounding (exact value, ties to even) and a two-digit exponent. */
function toExponentialHalfEven(x: number, p: number): string {
  if (!Number.isFinite(x)) return String(x);
  const exact = x.toExponential(Math.min(100, p + 30));
  const [mantissa = '', exponent = ''] = exact.split('e');
  const digits = mantissa.replace('.', '');
  const tail = digits.slice(1 + p);
  if (/^50*$/.test(tail) && Number(digits[p]) % 2 === 0) {
    const kept = p > 0 ? `${digits[0]}.${digits.slice(1, 1 + p)}` : `${digits[0]}`;
    return pythonExp(`${kept}e${exponent}`);
  }
  return pythonExp(x.toExponential(p));
}

/** `x.toFixed(p)` with Python's rounding (exact value, ties to even) and no exponent for large values. */
function toFixedHalfEven(x: number, p: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 1e21) return BigInt(x).toString() + (p > 0 ? `.${'0'.repeat(p)}` : '');
  const exact = x.toFixed(Math.min(100, p + 30));
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + p);
  if (!/^50*$/.test(tail)) return x.toFixed(p);
  const kept = exact.slice(0, dot + 1 + p).replace(/\.$/, '');
  const lastDigit = Number(kept.replace('.', '').slice(-1));
  if (lastDigit % 2 === 0) return kept;
  return x.toFixed(p); // odd: rounding away from the tie goes up, as toFixed does
}

function formatFloat(value: number, spec: Spec): string | undefined {
  const neg = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let body: string;
  const p = spec.precision ?? 6;
  switch (spec.type) {
    case 'f':
    case 'F':
      body = toFixedHalfEven(abs, p);
      break;
    case 'e':
    case 'E':
      body = toExponentialHalfEven(abs, p);
      break;
    case '%':
      body = `${toFixedHalfEven(abs * 100, p)}%`;
      break;
    case 'g':
    case 'G':
    case 'n': {
      const prec = p === 0 ? 1 : p;
      // The exponent after rounding to `prec` significant digits decides fixed vs exponent form.
      const exp = abs === 0 || !Number.isFinite(abs) ? 0 : Number(toExponentialHalfEven(abs, prec - 1).split('e')[1]);
      body = exp < -4 || exp >= prec ? toExponentialHalfEven(abs, prec - 1) : toFixedHalfEven(abs, Math.max(0, prec - 1 - exp));
      if (!spec.alt) body = body.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
      break;
    }
    case '':
      if (spec.precision === undefined) {
        body = pythonFloatRepr(abs);
      } else {
        // 'g' that must show a '.0': when that would exceed the precision, Python switches to exponent form.
        body = formatFloat(abs, { ...spec, type: 'g', width: 0, sign: '-', grouping: '' }) ?? '';
        if (!/[.e]/.test(body) && Number.isFinite(abs)) {
          const digits = body.replace(/^0+/, '').length;
          body = digits >= Math.max(1, spec.precision) ? toExponentialHalfEven(abs, Math.max(0, spec.precision - 1)).replace(/\.?0+e/, 'e') : `${body}.0`;
        }
      }
      break;
    default:
      return undefined;
  }
  if (spec.type === 'E' || spec.type === 'G' || spec.type === 'F') body = body.toUpperCase();
  if (spec.grouping) {
    const [int = '', rest = ''] = body.split(/(?=[.eE%])/u).length > 1 ? [body.replace(/[.eE%].*$/u, ''), body.slice(body.search(/[.eE%]/u))] : [body, ''];
    body = group(int, spec.grouping, 3) + rest;
  }
  return pad(body, signOf(neg, spec), spec, spec.zero ? '=' : '>');
}

/**
 * `format(value, spec)` as Python does it. Returns `undefined` when Python would raise
 * (e.g. `'d'` for a string, a non-empty spec for `None`); callers turn that into an error.
 * Integers are JS integer numbers or bigints; other numbers are Python floats.
 */
export function pythonFormat(value: TemplateValue, spec: string): string | undefined {
  if (value === null) return spec === '' ? 'None' : undefined;
  if (spec === '') {
    // str(value) for the common cases
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'bigint' || Number.isSafeInteger(value)) return value.toString();
  }
  const s = parsedSpec(spec);
  if (!s) return undefined;
  if (typeof value === 'string') {
    if (s.type !== '' && s.type !== 's') return undefined;
    if (s.align === '=' || s.sign !== '-' || s.alt || s.grouping) return undefined;
    const body = s.precision !== undefined ? [...value].slice(0, s.precision).join('') : value;
    return pad(body, '', s, '<');
  }
  const asInt = typeof value === 'bigint' ? value : typeof value === 'boolean' ? BigInt(value ? 1 : 0) : Number.isInteger(value) ? BigInt(value) : undefined;
  if (asInt !== undefined && ['', 'b', 'c', 'd', 'n', 'o', 'x', 'X'].includes(s.type)) return formatInt(asInt, s);
  if (s.type === 's') return undefined;
  return formatFloat(Number(value), s);
}
