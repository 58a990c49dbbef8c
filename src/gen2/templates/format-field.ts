import type { Gen2Value } from '../data-id.js';
import { TemplateError } from '../errors.js';
import { formatPythonFloat, pythonFloatRepr } from './python-float.js';
import type { TemplateField } from './template-field.js';

/**
 * Formats one value like Python's `'%(key)…' % {key: value}`. Numbers with an integral value are
 * Python ints (so `%s` of 5 is `5`, not `5.0`); other numbers are Python floats.
 *
 * @param template - the template text, named in errors.
 * @throws TemplateError where Python raises (e.g. `%d` of a string, `%x` of a non-integer).
 */
export function formatField(field: TemplateField, value: Gen2Value, template: string): string {
  const fail = (reason: string): never => {
    throw new TemplateError(template, `cannot format ${field.key}=${JSON.stringify(value)} with ${field.text}: ${reason}`);
  };
  switch (field.conversion) {
    case 'd':
    case 'i':
    case 'u': {
      if (typeof value !== 'number') return fail(`%${field.conversion} format: a real number is required, not str`);
      if (!Number.isFinite(value)) return fail(`cannot convert float ${pythonFloatRepr(value)} to integer`);
      return formatInteger(field, BigInt(Math.trunc(value)), 10, '');
    }
    case 'o':
    case 'x':
    case 'X': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return fail(`%${field.conversion} format: an integer is required, not ${typeof value === 'number' ? 'float' : 'str'}`);
      }
      const base = field.conversion === 'o' ? 8 : 16;
      const prefix = field.alternate ? `0${field.conversion === 'o' ? 'o' : field.conversion}` : '';
      const text = formatInteger(field, BigInt(value), base, prefix);
      return field.conversion === 'X' ? text.toUpperCase() : text;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (typeof value !== 'number') return fail('must be real number, not str');
      const { negative, body } = formatPythonFloat(value, field.conversion, field.precision, field.alternate);
      return pad(field, negative ? '-' : field.sign, '', body, true);
    }
    case 'c': {
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) return fail('%c requires int or char');
        if (value < 0 || value > 0x10ffff) return fail('%c arg not in range(0x110000)');
        return pad(field, '', '', String.fromCodePoint(value), false);
      }
      if (codePointLength(value) !== 1) return fail('%c requires int or char');
      return pad(field, '', '', value, false);
    }
    case 'r':
    case 's': {
      let text = field.conversion === 's' ? pythonStr(value) : pythonRepr(value);
      if (field.precision !== undefined) text = truncateCodePoints(text, field.precision);
      return pad(field, '', '', text, false);
    }
  }
}

/** Python's `str()` of a data ID value. */
export function pythonStr(value: Gen2Value): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return BigInt(value).toString();
  return pythonFloatRepr(value);
}

/** Python's `repr()` of a data ID value. */
export function pythonRepr(value: Gen2Value): string {
  if (typeof value === 'number') return pythonStr(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function formatInteger(field: TemplateField, value: bigint, base: number, prefix: string): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(base);
  if (field.precision !== undefined && digits.length < field.precision) digits = digits.padStart(field.precision, '0');
  return pad(field, negative ? '-' : field.sign, prefix, digits, true);
}

function pad(field: TemplateField, sign: string, prefix: string, body: string, numeric: boolean): string {
  const text = sign + prefix + body;
  const fill = field.width - codePointLength(text);
  if (fill <= 0) return text;
  if (field.leftAdjust) return text + ' '.repeat(fill);
  if (numeric && field.zeroPad) return sign + prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + text;
}

const SURROGATE = /[\ud800-\udfff]/;

function codePointLength(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}

function truncateCodePoints(text: string, n: number): string {
  return SURROGATE.test(text) ? [...text].slice(0, n).join('') : text.slice(0, n);
}
