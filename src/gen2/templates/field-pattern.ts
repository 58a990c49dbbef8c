import type { Gen2Value } from '../data-id.js';
import type { TemplateField, TemplateToken } from './template-field.js';

/** A regular-expression source for a token sequence and the fields its capture groups hold. */
export interface TokenPattern {
  source: string;
  /** Capture group `i + 1` holds `captures[i]`. */
  captures: TemplateField[];
}

const FLOAT_BODY = String.raw`(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0*(?:inf|nan|INF|NAN))`;

/**
 * Builds the source of a regex matching what Python's `%` formatting of `tokens` can produce, one
 * capture group per field. Widths are minimums (`%(visit)07d` matches any run of digits);
 * `%(patch)s` matches `\d+,\d+`; string fields never span a `/`. A string field repeated with the
 * same spec becomes a backreference, so repeated keys agree even where greedy matching would split
 * the text differently.
 */
export function buildTokenPattern(tokens: readonly TemplateToken[]): TokenPattern {
  const captures: TemplateField[] = [];
  const backrefs = new Map<string, number>();
  let source = '';
  for (const token of tokens) {
    if (typeof token === 'string') {
      source += escapeRegex(token);
      continue;
    }
    const isString = token.conversion === 's' || token.conversion === 'c' || token.conversion === 'r';
    const previous = isString ? backrefs.get(token.text) : undefined;
    let group: string;
    if (previous !== undefined) {
      group = `\\${previous}`;
    } else {
      captures.push(token);
      if (isString) backrefs.set(token.text, captures.length);
      group = `(${fieldBody(token)})`;
    }
    const padded = token.width > 1 && (token.leftAdjust || isString || !token.zeroPad);
    source += !padded ? group : token.leftAdjust ? `${group} *` : ` *${group}`;
  }
  return { source, captures };
}

/** Parses text captured by the field's group (so already in the field's format) into a data ID value. */
export function parseFieldText(field: TemplateField, captured: string): Gen2Value {
  const text = field.width > 1 ? captured.trim() : captured;
  switch (field.conversion) {
    case 'd':
    case 'i':
    case 'u':
      return Number(text);
    case 'o':
    case 'x':
    case 'X': {
      const negative = text.startsWith('-');
      let digits = /^[-+ ]/.test(text) ? text.slice(1) : text;
      if (field.alternate) digits = digits.slice(2);
      const value = Number.parseInt(digits, field.conversion === 'o' ? 8 : 16);
      return negative ? -value : value;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (/nan/i.test(text)) return NaN;
      if (/inf/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
      return Number(text);
    }
    case 'r':
      return text.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_m, esc: string) => unescapeRepr(esc));
    case 'c':
    case 's':
      return text;
  }
}

/** Escapes regex metacharacters in literal text. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function fieldBody(field: TemplateField): string {
  const sign = field.sign === '+' ? '[-+]' : field.sign === ' ' ? '[- ]' : '-?';
  switch (field.conversion) {
    case 'd':
    case 'i':
    case 'u':
      return `${sign}\\d+`;
    case 'o':
      return `${sign}${field.alternate ? '0o' : ''}[0-7]+`;
    case 'x':
      return `${sign}${field.alternate ? '0x' : ''}[0-9a-f]+`;
    case 'X':
      return `${sign}${field.alternate ? '0X' : ''}[0-9A-F]+`;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return `${sign}${FLOAT_BODY}`;
    case 'c':
      return '[^/]';
    case 'r':
      return `'[^/]*'|"[^/]*"`;
    case 's':
      return field.key === 'patch' ? String.raw`\d+,\d+` : '[^/]+';
  }
}

function unescapeRepr(esc: string): string {
  if (esc.length === 3) return String.fromCharCode(Number.parseInt(esc.slice(1), 16));
  return esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 't' ? '\t' : esc;
}
