/** A token of the Python subset pex_config dumps are written in. */
export interface PyToken {
  readonly type: 'name' | 'number' | 'string' | 'op';
  /** The source text (strings with quotes and prefix). */
  readonly text: string;
  /** The decoded value of a string token. */
  readonly value?: string;
  /** One-based line of the token's start. */
  readonly line: number;
}

/** A logical line: tokens up to a newline outside brackets. */
export interface PyStatement {
  readonly line: number;
  readonly tokens: readonly PyToken[];
}

/** Thrown by the tokenizer and parser; callers add the file name. */
export class PySyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PySyntaxError';
  }
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJ]?/y;
const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;
const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '->', '(', ')', '[', ']', '{', '}', ',', ':', '.', '=', '+', '-', '*', '/', '%', '<', '>', '|', '&', '^', '~', '@', ';'];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

/** Splits Python source into logical lines of tokens (comments dropped, bracketed newlines joined). */
export function tokenizePython(source: string): PyStatement[] {
  const statements: PyStatement[] = [];
  let tokens: PyToken[] = [];
  let depth = 0;
  let line = 1;
  let i = 0;
  const flush = (): void => {
    if (tokens.length > 0) statements.push({ line: tokens[0]?.line ?? line, tokens });
    tokens = [];
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) flush();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    STRING_START.lastIndex = i;
    const stringStart = STRING_START.exec(source);
    if (stringStart) {
      const token = readString(source, i, stringStart[1] ?? '', stringStart[2] ?? "'", line);
      tokens.push(token.token);
      line += token.newlines;
      i = token.end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ type: 'name', text: name[0], line });
      i += name[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number && number[0] !== '.' && number[0] !== '') {
      tokens.push({ type: 'number', text: number[0], line });
      i += number[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (!op) throw new PySyntaxError(line, `unexpected character ${JSON.stringify(c)}`);
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    tokens.push({ type: 'op', text: op, line });
    i += op.length;
  }
  if (depth > 0) throw new PySyntaxError(line, 'unclosed bracket at the end of the file');
  flush();
  return statements;
}

function readString(source: string, start: number, prefix: string, quote: string, line: number): { token: PyToken; end: number; newlines: number } {
  const raw = /r/i.test(prefix);
  let i = start + prefix.length + quote.length;
  let value = '';
  let newlines = 0;
  for (;;) {
    if (i >= source.length) throw new PySyntaxError(line, 'unterminated string');
    if (source.startsWith(quote, i)) break;
    const c = source[i] as string;
    if (c === '\n') {
      if (quote.length === 1) throw new PySyntaxError(line, 'unterminated string');
      newlines++;
    }
    if (c === '\\' && i + 1 < source.length) {
      const next = source[i + 1] as string;
      if (raw) {
        value += c + next;
        i += 2;
        continue;
      }
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hex > 0) {
        const digits = source.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) throw new PySyntaxError(line, `bad \\${next} escape`);
        value += String.fromCodePoint(Number.parseInt(digits, 16));
        i += 2 + hex;
        continue;
      }
      if (next === '\n') newlines++;
      value += ESCAPES[next] ?? c + next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  const end = i + quote.length;
  return { token: { type: 'string', text: source.slice(start, end), value, line }, end, newlines };
}
