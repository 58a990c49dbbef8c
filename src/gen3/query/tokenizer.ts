/**
 * Tokenizer for daf_butler's query expression language: identifiers with up to two dots,
 * `:bind` names, numbers, quoted strings, `T'...'` time literals, keywords and operators.
 */
import { QuerySyntaxError } from './errors.js';
import { KEYWORDS } from './tokens.js';
import type { Keyword, SymbolText, Token } from './tokens.js';

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_SYMBOLS: Readonly<Record<string, SymbolText>> = { '!=': '!=', '<>': '!=', '<=': '<=', '>=': '>=', '..': '..' };
const ONE_CHAR_SYMBOLS = new Set<string>(['(', ')', ',', ':', '=', '<', '>', '+', '-', '*', '/', '%']);
const KEYWORD_SET = new Set<string>(KEYWORDS);

/**
 * Split an expression into tokens; the last token is always `{ kind: 'end' }`.
 *
 * @throws {@link QuerySyntaxError} on an unexpected character or an unterminated string.
 */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = expression.length;
  const at = (k: number): string => expression[k] ?? '';

  while (i < n) {
    const c = at(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    // Time literal T'...' / t"..."
    if ((c === 'T' || c === 't') && (at(i + 1) === "'" || at(i + 1) === '"')) {
      const { value, end } = readQuoted(expression, i + 1);
      tokens.push({ kind: 'time', text: value, start, end });
      i = end;
      continue;
    }
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(expression, i);
      tokens.push({ kind: 'string', value, start, end });
      i = end;
      continue;
    }
    if (IDENT_START.test(c)) {
      i = readName(expression, i);
      let dots = 0;
      while (at(i) === '.' && IDENT_START.test(at(i + 1))) {
        dots++;
        if (dots > 2) throw new QuerySyntaxError(expression, i, 'identifiers have at most three dot-separated parts');
        i = readName(expression, i + 1);
      }
      const text = expression.slice(start, i);
      const upper = text.toUpperCase();
      if (dots === 0 && KEYWORD_SET.has(upper)) tokens.push({ kind: 'keyword', keyword: upper as Keyword, start, end: i });
      else tokens.push({ kind: 'identifier', name: text, start, end: i });
      continue;
    }
    if (c === ':' && IDENT_START.test(at(i + 1))) {
      i = readName(expression, i + 1);
      tokens.push({ kind: 'bind', name: expression.slice(start + 1, i), start, end: i });
      continue;
    }
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(at(i + 1)))) {
      i = readNumber(expression, i);
      tokens.push({ kind: 'number', text: expression.slice(start, i), start, end: i });
      continue;
    }
    if (expression.startsWith('==', i)) throw new QuerySyntaxError(expression, i, "use '=' for equality, not '=='");
    const two = TWO_CHAR_SYMBOLS[expression.slice(i, i + 2)];
    if (two !== undefined) {
      tokens.push({ kind: 'symbol', symbol: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_SYMBOLS.has(c)) {
      tokens.push({ kind: 'symbol', symbol: c as SymbolText, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '!') throw new QuerySyntaxError(expression, i, "unexpected character '!' (use NOT for negation, != for inequality)");
    throw new QuerySyntaxError(expression, i, `unexpected character '${c}'`);
  }
  tokens.push({ kind: 'end', start: n, end: n });
  return tokens;
}

function readName(expression: string, i: number): number {
  let k = i;
  while (k < expression.length && IDENT_PART.test(expression[k] ?? '')) k++;
  return k;
}

/** Digits with an optional fraction and exponent; a `.` directly followed by `.` is a range, not a fraction. */
function readNumber(expression: string, i: number): number {
  const at = (k: number): string => expression[k] ?? '';
  let k = i;
  while (DIGIT.test(at(k))) k++;
  if (at(k) === '.' && at(k + 1) !== '.') {
    k++;
    while (DIGIT.test(at(k))) k++;
  }
  if ((at(k) === 'e' || at(k) === 'E') && (DIGIT.test(at(k + 1)) || ((at(k + 1) === '+' || at(k + 1) === '-') && DIGIT.test(at(k + 2))))) {
    k += 2;
    while (DIGIT.test(at(k))) k++;
  }
  if (IDENT_START.test(at(k))) throw new QuerySyntaxError(expression, k, `unexpected character '${at(k)}' in number '${expression.slice(i, k + 1)}'`);
  return k;
}

/** A string quoted by `'` or `"`; the quote character doubled stands for itself. */
function readQuoted(expression: string, i: number): { value: string; end: number } {
  const quote = expression[i];
  let value = '';
  let k = i + 1;
  for (;;) {
    if (k >= expression.length) throw new QuerySyntaxError(expression, i, `unterminated string starting with ${quote}`);
    const c = expression[k];
    if (c === quote) {
      if (expression[k + 1] === quote) {
        value += quote;
        k += 2;
        continue;
      }
      return { value, end: k + 1 };
    }
    value += c;
    k++;
  }
}
