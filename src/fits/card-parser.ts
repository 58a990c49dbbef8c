import { COMMENTARY_KEYWORDS, type Card, type CardValue } from './card.js';

/** The outcome of parsing one 80-character card image. */
export type ParsedCard =
  | { readonly type: 'end' }
  | { readonly type: 'card'; readonly card: Card }
  | { readonly type: 'error'; readonly message: string };

interface ParsedValue {
  value: CardValue;
  comment: string | undefined;
  float: boolean;
}

const KEYWORD_FIELD = /^[A-Za-z0-9_-]* *$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[EeDd][+-]?\d+)?/;
const INTEGER = /^[+-]?\d+$/;
const CONTROL_CHARACTER = /[\x00-\x1f\x7f]/;
const VALUE_INDICATOR = '= ';

/**
 * Parses one card image (80 characters, bytes decoded as latin1). Follows the FITS 4.0 rules with the
 * leniency astropy has: lower-case keywords, a value indicator before column 9, `d`/`D` exponents,
 * `HIERARCH` keywords. A `CONTINUE` card parses as a card with keyword `CONTINUE`; joining long
 * strings is the header parser's job.
 */
export function parseCardImage(image: string): ParsedCard {
  const control = CONTROL_CHARACTER.exec(image);
  if (control) return error(`non-printable character 0x${image.charCodeAt(control.index).toString(16).padStart(2, '0')} in column ${control.index + 1}`);
  const field = image.slice(0, 8);
  if (field === 'END     ') return { type: 'end' };
  const upperField = field.trimEnd().toUpperCase();

  if (upperField === 'HIERARCH' && image[8] === ' ' && image.includes('=', 9)) return parseHierarch(image);
  if (upperField === 'CONTINUE') return parseContinue(image);
  if (COMMENTARY_KEYWORDS.has(upperField)) {
    if (!KEYWORD_FIELD.test(field)) return error(`invalid keyword ${JSON.stringify(field)}`);
    return card({ keyword: upperField, value: image.slice(8).trimEnd(), raw: image });
  }

  const indicator = image.indexOf(VALUE_INDICATOR);
  if (indicator >= 0 && indicator <= 8) {
    const keywordText = image.slice(0, indicator);
    if (!KEYWORD_FIELD.test(keywordText) || keywordText.trim() === '') return error(`invalid keyword ${JSON.stringify(keywordText)}`);
    const keyword = keywordText.trim().toUpperCase();
    const parsed = parseValueField(image.slice(indicator + VALUE_INDICATOR.length));
    if (typeof parsed === 'string') return error(`${keyword}: ${parsed}`);
    return card(withValue(keyword, parsed, image));
  }

  if (!KEYWORD_FIELD.test(field)) return error(`invalid keyword ${JSON.stringify(field)}`);
  const text = image.slice(8).trimEnd();
  return card(text === '' ? { keyword: upperField, raw: image } : { keyword: upperField, comment: text, raw: image });
}

function parseHierarch(image: string): ParsedCard {
  const equals = image.indexOf('=', 9);
  const keyword = image.slice(9, equals).trim();
  if (keyword === '') return error('HIERARCH card without a keyword');
  const parsed = parseValueField(image.slice(equals + 1));
  if (typeof parsed === 'string') return error(`HIERARCH ${keyword}: ${parsed}`);
  return card(withValue(keyword, parsed, image));
}

function parseContinue(image: string): ParsedCard {
  const parsed = parseValueField(image.slice(8));
  if (typeof parsed !== 'string' && typeof parsed.value === 'string') return card(withValue('CONTINUE', parsed, image));
  const text = image.slice(8).trimEnd();
  return card(text === '' ? { keyword: 'CONTINUE', raw: image } : { keyword: 'CONTINUE', comment: text, raw: image });
}

function withValue(keyword: string, parsed: ParsedValue, raw: string): Card {
  // Object literals instead of conditional spreads (a header parse builds thousands); same keys, same order.
  const { value, comment } = parsed;
  if (comment === undefined) return parsed.float ? { keyword, value, float: true, raw } : { keyword, value, raw };
  return parsed.float ? { keyword, value, comment, float: true, raw } : { keyword, value, comment, raw };
}

/**
 * Parses the value/comment field of a card (everything after the value indicator).
 * Returns an error message when it is not a valid value.
 */
export function parseValueField(field: string): ParsedValue | string {
  const text = field.trimStart();
  const start = field.length - text.length;
  if (text === '' || text.startsWith('/')) return { value: null, comment: parseComment(text), float: false };
  if (text.startsWith("'")) return parseString(field, start);
  if ((text[0] === 'T' || text[0] === 'F') && isEndOfValue(text, 1)) {
    return finish(text[0] === 'T', false, text.slice(1));
  }
  if (text.startsWith('(')) return parseComplex(text);
  const number = NUMBER.exec(text);
  if (number && isEndOfValue(text, number[0].length)) {
    const parsed = parseNumber(number[0]);
    return finish(parsed.value, parsed.float, text.slice(number[0].length));
  }
  return `unparsable value ${JSON.stringify(text.trimEnd())}`;
}

function parseString(field: string, start: number): ParsedValue | string {
  let value = '';
  let i = start + 1;
  for (;;) {
    const quote = field.indexOf("'", i);
    if (quote < 0) return `unterminated string ${JSON.stringify(field.slice(start).trimEnd())}`;
    value += field.slice(i, quote);
    if (field[quote + 1] === "'") {
      value += "'";
      i = quote + 2;
    } else {
      i = quote + 1;
      break;
    }
  }
  return finish(value.trimEnd(), false, field.slice(i));
}

function parseComplex(text: string): ParsedValue | string {
  const close = text.indexOf(')');
  const parts = close < 0 ? [] : text.slice(1, close).split(',');
  const [re, im] = parts.map((part) => part.trim());
  const valid = (part: string | undefined): part is string => part !== undefined && NUMBER.exec(part)?.[0] === part;
  if (parts.length !== 2 || !valid(re) || !valid(im)) return `unparsable complex value ${JSON.stringify(text.trimEnd())}`;
  return finish({ re: Number(parseNumber(re).value), im: Number(parseNumber(im).value) }, false, text.slice(close + 1));
}

function parseNumber(text: string): { value: number | bigint; float: boolean } {
  if (INTEGER.test(text)) {
    const big = BigInt(text.startsWith('+') ? text.slice(1) : text);
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
    return { value: safe ? Number(big) : big, float: false };
  }
  return { value: Number.parseFloat(text.replace(/[dD]/, 'E')), float: true };
}

function finish(value: CardValue, float: boolean, rest: string): ParsedValue | string {
  const trimmed = rest.trimStart();
  if (trimmed !== '' && !trimmed.startsWith('/')) return `unexpected text after the value: ${JSON.stringify(trimmed.trimEnd())}`;
  return { value, comment: parseComment(trimmed), float };
}

function parseComment(text: string): string | undefined {
  if (!text.startsWith('/')) return undefined;
  const comment = text.slice(1).trim();
  return comment === '' ? undefined : comment;
}

function isEndOfValue(text: string, index: number): boolean {
  const next = text[index];
  return next === undefined || next === ' ' || next === '/';
}

function card(value: Card): ParsedCard {
  return { type: 'card', card: value };
}

function error(message: string): ParsedCard {
  return { type: 'error', message };
}
