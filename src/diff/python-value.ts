import { PySyntaxError, type PyToken } from './python-tokens.js';
import { isClose, type Tolerance } from './tolerance.js';

/** A Python list, tuple or set literal. */
export interface PySequence {
  readonly kind: 'list' | 'tuple' | 'set';
  readonly items: readonly PyValue[];
}

/** A Python dict literal, in source order. */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: readonly (readonly [PyValue, PyValue])[];
}

/** Anything that is not a literal (a name, a call, arithmetic): kept as normalised source text. */
export interface PyExpression {
  readonly kind: 'expr';
  readonly text: string;
}

/**
 * A value read from a Python literal: `None` → null, `True`/`False`, ints as bigint, floats as number
 * (`float('nan')`/`float('inf')` included), strings, containers, other expressions as text.
 */
export type PyValue = null | boolean | bigint | number | string | PySequence | PyDict | PyExpression;

const SPECIAL_FLOATS: Readonly<Record<string, number>> = { nan: Number.NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '-infinity': -Infinity };

/**
 * Parses the tokens of one expression. Literals become values; anything else becomes a
 * {@link PyExpression}, so a valid Python expression never fails.
 * @throws PySyntaxError for unbalanced or dangling syntax.
 */
export function parsePyExpression(tokens: readonly PyToken[], line: number): PyValue {
  if (tokens.length === 0) throw new PySyntaxError(line, 'missing value');
  return new ExpressionParser(tokens, line).parseTop();
}

class ExpressionParser {
  #pos = 0;

  constructor(
    private readonly tokens: readonly PyToken[],
    private readonly line: number,
  ) {}

  parseTop(): PyValue {
    const value = this.#parseTupleOrValue(() => this.#atEnd());
    if (!this.#atEnd()) return expression(this.tokens);
    return value;
  }

  #parseTupleOrValue(atStop: () => boolean): PyValue {
    const first = this.#parseValue();
    if (!this.#peekOp(',')) return first;
    const items = [first];
    while (this.#peekOp(',')) {
      this.#pos++;
      if (atStop()) break;
      items.push(this.#parseValue());
    }
    return { kind: 'tuple', items };
  }

  #parseValue(): PyValue {
    const start = this.#pos;
    const value = this.#parseUnary();
    if (this.#atEnd() || this.#peekAnyOp([',', ')', ']', '}', ':'])) return value;
    this.#skipExpression();
    return expression(this.tokens.slice(start, this.#pos));
  }

  #parseUnary(): PyValue {
    const start = this.#pos;
    const token = this.#peek();
    if (token?.type === 'op' && (token.text === '-' || token.text === '+')) {
      this.#pos++;
      const operand = this.#parseUnary();
      if (typeof operand === 'number' || typeof operand === 'bigint') return token.text === '-' ? -operand : operand;
      return expression(this.tokens.slice(start, this.#pos));
    }
    return this.#parsePrimary();
  }

  #parsePrimary(): PyValue {
    const token = this.#next();
    switch (token.type) {
      case 'number':
        return parseNumber(token.text);
      case 'string': {
        let text = token.value ?? '';
        while (this.#peek()?.type === 'string') text += this.#next().value ?? '';
        return text;
      }
      case 'name':
        return this.#parseName(token);
      case 'op':
        if (token.text === '[') return { kind: 'list', items: this.#parseItems(']') };
        if (token.text === '(') return this.#parseParenthesised();
        if (token.text === '{') return this.#parseBraces();
    }
    throw new PySyntaxError(token.line, `unexpected ${JSON.stringify(token.text)}`);
  }

  #parseName(token: PyToken): PyValue {
    const start = this.#pos - 1;
    if (token.text === 'None') return null;
    if (token.text === 'True') return true;
    if (token.text === 'False') return false;
    while (this.#peekOp('.') || this.#peekOp('(') || this.#peekOp('[')) {
      const op = this.#next();
      if (op.text === '.') {
        if (this.#next().type !== 'name') throw new PySyntaxError(op.line, 'expected a name after "."');
      } else this.#skipBracket(op.text === '(' ? ')' : ']');
    }
    const chain = this.tokens.slice(start, this.#pos);
    const special = floatCall(chain);
    return special ?? expression(chain);
  }

  #parseParenthesised(): PyValue {
    if (this.#peekOp(')')) {
      this.#pos++;
      return { kind: 'tuple', items: [] };
    }
    const value = this.#parseTupleOrValue(() => this.#peekOp(')'));
    this.#expect(')');
    return value;
  }

  #parseBraces(): PyValue {
    if (this.#peekOp('}')) {
      this.#pos++;
      return { kind: 'dict', entries: [] };
    }
    const first = this.#parseValue();
    if (!this.#peekOp(':')) {
      const items = [first];
      while (this.#peekOp(',')) {
        this.#pos++;
        if (this.#peekOp('}')) break;
        items.push(this.#parseValue());
      }
      this.#expect('}');
      return { kind: 'set', items };
    }
    const entries: [PyValue, PyValue][] = [];
    let key = first;
    for (;;) {
      this.#expect(':');
      entries.push([key, this.#parseValue()]);
      if (!this.#peekOp(',')) break;
      this.#pos++;
      if (this.#peekOp('}')) break;
      key = this.#parseValue();
    }
    this.#expect('}');
    return { kind: 'dict', entries };
  }

  #parseItems(close: string): PyValue[] {
    const items: PyValue[] = [];
    while (!this.#peekOp(close)) {
      items.push(this.#parseValue());
      if (!this.#peekOp(',')) break;
      this.#pos++;
    }
    this.#expect(close);
    return items;
  }

  #skipBracket(close: string): void {
    let depth = 1;
    while (depth > 0) {
      const token = this.#next();
      if (token.type !== 'op') continue;
      if ('([{'.includes(token.text)) depth++;
      else if (')]}'.includes(token.text)) depth--;
      if (depth === 0 && token.text !== close) throw new PySyntaxError(token.line, `expected ${JSON.stringify(close)}, found ${JSON.stringify(token.text)}`);
    }
  }

  /** Skips to the end of the current value: the next `,` `)` `]` `}` `:` at depth 0. */
  #skipExpression(): void {
    while (!this.#atEnd() && !this.#peekAnyOp([',', ')', ']', '}', ':'])) {
      const token = this.#next();
      if (token.type === 'op' && '([{'.includes(token.text)) this.#skipBracket(token.text === '(' ? ')' : token.text === '[' ? ']' : '}');
    }
  }

  #expect(op: string): void {
    const token = this.#next();
    if (token.type !== 'op' || token.text !== op) throw new PySyntaxError(token.line, `expected ${JSON.stringify(op)}, found ${JSON.stringify(token.text)}`);
  }

  #peek(): PyToken | undefined {
    return this.tokens[this.#pos];
  }

  #peekOp(op: string): boolean {
    const token = this.#peek();
    return token?.type === 'op' && token.text === op;
  }

  #peekAnyOp(ops: readonly string[]): boolean {
    const token = this.#peek();
    return token?.type === 'op' && ops.includes(token.text);
  }

  #next(): PyToken {
    const token = this.tokens[this.#pos++];
    if (!token) throw new PySyntaxError(this.tokens[this.tokens.length - 1]?.line ?? this.line, 'unexpected end of the statement');
    return token;
  }

  #atEnd(): boolean {
    return this.#pos >= this.tokens.length;
  }
}

function parseNumber(text: string): PyValue {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return { kind: 'expr', text: clean };
  if (/^0[xXoObB]/.test(clean)) return BigInt(clean);
  if (/^\d+$/.test(clean)) return BigInt(clean);
  return Number(clean);
}

/** `float('nan')`, `float('inf')`, `float('-inf')` as numbers. */
function floatCall(chain: readonly PyToken[]): number | undefined {
  const [name, open, argument, close] = chain;
  if (chain.length !== 4 || name?.text !== 'float' || open?.text !== '(' || close?.text !== ')' || argument?.type !== 'string') return undefined;
  return SPECIAL_FLOATS[(argument.value ?? '').trim().toLowerCase()];
}

function expression(tokens: readonly PyToken[]): PyExpression {
  let text = '';
  let previous: PyToken | undefined;
  for (const token of tokens) {
    const wordLike = (t: PyToken | undefined): boolean => t !== undefined && (t.type === 'name' || t.type === 'number');
    if (wordLike(previous) && wordLike(token)) text += ' ';
    text += token.text;
    previous = token;
  }
  return { kind: 'expr', text };
}

/** Python `repr` of a value, as pex_config's comparison messages print it. */
export function reprPyValue(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return reprFloat(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  switch (value.kind) {
    case 'list':
      return `[${value.items.map(reprPyValue).join(', ')}]`;
    case 'tuple':
      return value.items.length === 1 ? `(${reprPyValue(value.items[0] as PyValue)},)` : `(${value.items.map(reprPyValue).join(', ')})`;
    case 'set':
      return `{${value.items.map(reprPyValue).join(', ')}}`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${reprPyValue(k)}: ${reprPyValue(v)}`).join(', ')}}`;
    case 'expr':
      return value.text;
  }
}

function reprFloat(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "float('-inf')";
  const text = String(value);
  return /[.eE]/.test(text) ? text.replace(/e([+-])(\d)$/, 'e$10$2') : `${text}.0`;
}

/**
 * Equality of parsed values as pex_config compares fields: floats within `tolerance` (NaN equals NaN),
 * ints exactly, an int equal to the same float, containers element by element, expressions by text.
 */
export function pyValuesEqual(a: PyValue, b: PyValue, tolerance: Tolerance): boolean {
  if (typeof a === 'number' && typeof b === 'number') return isClose(a, b, tolerance);
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return typeof a === 'bigint' && typeof b === 'bigint' ? a === b : Number(a) === Number(b);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'expr' && b.kind === 'expr') return a.text === b.text;
  if (a.kind === 'dict' && b.kind === 'dict') {
    if (a.entries.length !== b.entries.length) return false;
    return a.entries.every(([key, value]) => {
      const match = b.entries.find(([otherKey]) => pyValuesEqual(key, otherKey, { rtol: 0, atol: 0 }));
      return match !== undefined && pyValuesEqual(value, match[1], tolerance);
    });
  }
  if ((a.kind === 'list' || a.kind === 'tuple' || a.kind === 'set') && a.kind === b.kind) {
    const itemsB = (b as PySequence).items;
    return a.items.length === itemsB.length && a.items.every((item, i) => pyValuesEqual(item, itemsB[i] as PyValue, tolerance));
  }
  return false;
}
