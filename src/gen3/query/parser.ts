/**
 * Recursive-descent parser for daf_butler's query expression language. Precedence, loosest first:
 * `OR`, `AND`, `NOT`, comparisons (`= != <> < <= > >= OVERLAPS`, left-associative), `[NOT] IN (...)`,
 * `+ -`, `* / %`, unary `+ -`; the same order as daf_butler's grammar.
 */
import type { ArithmeticOperator, BinaryOperator, ComparisonOperator, ExpressionNode, RangeNode } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { parseTimeString } from './time-literal.js';
import { tokenize } from './tokenizer.js';
import { describeToken } from './tokens.js';
import type { Keyword, SymbolText, Token } from './tokens.js';

const COMPARISONS: readonly SymbolText[] = ['=', '!=', '<', '<=', '>', '>='];

/**
 * Parse a `--where` expression into a syntax tree.
 *
 * @param expression - the expression text; keywords are case-insensitive.
 * @returns the tree, or `undefined` for an empty (all-blank) expression, which constrains nothing.
 * @throws {@link QuerySyntaxError} naming the position of the first problem.
 *
 * @example
 * parseExpression("instrument='HSC' AND visit IN (903334, 903336) AND detector > 10");
 */
export function parseExpression(expression: string): ExpressionNode | undefined {
  const parser = new Parser(expression, tokenize(expression));
  return parser.parseAll();
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseAll(): ExpressionNode | undefined {
    if (this.peek().kind === 'end') return undefined;
    const expr = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      const hint = next.kind === 'symbol' && next.symbol === ')' ? 'unbalanced' : 'missing AND/OR or an operator before it?';
      this.fail(next, `unexpected ${describeToken(next)} after a complete expression (${hint})`);
    }
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private previous(): Token | undefined {
    return this.index > 0 ? this.tokens[this.index - 1] : undefined;
  }

  private isKeyword(keyword: Keyword, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'keyword' && t.keyword === keyword;
  }

  private isSymbol(symbol: SymbolText, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'symbol' && t.symbol === symbol;
  }

  private expectSymbol(symbol: SymbolText, what: string): Token {
    if (!this.isSymbol(symbol)) this.fail(this.peek(), `expected '${symbol}' ${what}, found ${describeToken(this.peek())}`);
    return this.advance();
  }

  private fail(token: Token, detail: string): never {
    throw new QuerySyntaxError(this.text, token.start, detail);
  }

  /** Error for a missing operand: names the token it should have followed. */
  private failMissingOperand(): never {
    const prev = this.previous();
    const found = this.peek();
    const after = prev === undefined ? '' : ` after ${describeToken(prev)}`;
    const but = found.kind === 'end' ? '' : `, found ${describeToken(found)}`;
    this.fail(found, `expected an expression${after}${but}`);
  }

  private parseOr(): ExpressionNode {
    let lhs = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.advance();
      const rhs = this.parseAnd();
      lhs = { kind: 'binary', op: 'OR', lhs, rhs, start: lhs.start, end: rhs.end };
    }
    return lhs;
  }

  private parseAnd(): ExpressionNode {
    let lhs = this.parseNot();
    while (this.isKeyword('AND')) {
      this.advance();
      const rhs = this.parseNot();
      lhs = { kind: 'binary', op: 'AND', lhs, rhs, start: lhs.start, end: rhs.end };
    }
    return lhs;
  }

  private parseNot(): ExpressionNode {
    if (this.isKeyword('NOT')) {
      const not = this.advance();
      const operand = this.parseNot();
      return { kind: 'unary', op: 'NOT', operand, start: not.start, end: operand.end };
    }
    return this.parseComparison();
  }

  private parseComparison(): ExpressionNode {
    let lhs = this.parsePredicate();
    for (;;) {
      const t = this.peek();
      let op: BinaryOperator | undefined;
      if (t.kind === 'symbol' && COMPARISONS.includes(t.symbol)) op = t.symbol as ComparisonOperator;
      else if (t.kind === 'keyword' && t.keyword === 'OVERLAPS') op = 'OVERLAPS';
      if (op === undefined) return lhs;
      this.advance();
      const rhs = this.parsePredicate();
      lhs = { kind: 'binary', op, lhs, rhs, start: lhs.start, end: rhs.end };
    }
  }

  private parsePredicate(): ExpressionNode {
    const operand = this.parseAdditive();
    let negated = false;
    if (this.isKeyword('NOT')) {
      if (!this.isKeyword('IN', 1)) this.fail(this.peek(1), `expected IN after NOT, found ${describeToken(this.peek(1))}`);
      this.advance();
      negated = true;
    }
    if (!this.isKeyword('IN')) return operand;
    this.advance();
    this.expectSymbol('(', 'after IN (the list of an IN operator is always parenthesised)');
    const items: ExpressionNode[] = [];
    if (this.isSymbol(')')) this.fail(this.peek(), 'an IN list needs at least one item');
    for (;;) {
      items.push(this.parseInItem());
      if (this.isSymbol(',')) {
        this.advance();
        continue;
      }
      const close = this.expectSymbol(')', 'or \',\' in the IN list');
      return { kind: 'in', operand, items, negated, start: operand.start, end: close.end };
    }
  }

  private parseInItem(): ExpressionNode {
    const first = this.peek();
    if (first.kind === 'number' || (first.kind === 'symbol' && (first.symbol === '-' || first.symbol === '+') && this.peek(1).kind === 'number')) {
      const start = this.parseSignedNumber();
      if (!this.isSymbol('..')) return start.node;
      this.advance();
      if (!(this.peek().kind === 'number' || this.isSymbol('-') || this.isSymbol('+'))) this.fail(this.peek(), "expected the integer end of a range after '..'");
      const stop = this.parseSignedNumber();
      let stride: number | undefined;
      let end = stop.node.end;
      if (this.isSymbol(':')) {
        this.advance();
        const t = this.peek();
        if (t.kind !== 'number') this.fail(t, "expected a positive integer stride after ':'");
        this.advance();
        stride = this.integerValue(t, t.text);
        if (stride <= 0) this.fail(t, `range stride must be a positive integer, not ${t.text}`);
        end = t.end;
      }
      const range: RangeNode = {
        kind: 'range',
        from: this.integerValue(first, start.node.text),
        to: this.integerValue(stop.token, stop.node.text),
        ...(stride === undefined ? {} : { stride }),
        start: start.node.start,
        end,
      };
      return range;
    }
    const item = this.parseUnary();
    const next = this.peek();
    const continues = next.kind === 'symbol' && ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>='].includes(next.symbol);
    if (continues || item.kind === 'unary' || item.kind === 'parens' || item.kind === 'tuple') {
      this.fail(first, 'IN list items must be literals, ranges or bind names, not expressions');
    }
    if (item.kind === 'identifier' && item.name.includes('.')) {
      this.fail(first, `IN list items must be literals, ranges or bind names, not columns ('${item.name}'); compare columns with = or OVERLAPS`);
    }
    return item;
  }

  private parseSignedNumber(): { node: { kind: 'number'; text: string; start: number; end: number }; token: Token } {
    let sign = '';
    const first = this.peek();
    if (first.kind === 'symbol' && (first.symbol === '-' || first.symbol === '+')) {
      sign = first.symbol === '-' ? '-' : '';
      this.advance();
    }
    const t = this.peek();
    if (t.kind !== 'number') this.fail(t, `expected a number, found ${describeToken(t)}`);
    this.advance();
    return { node: { kind: 'number', text: sign + t.text, start: first.start, end: t.end }, token: t };
  }

  private integerValue(token: Token, text: string): number {
    if (!/^[-+]?\d+$/.test(text)) this.fail(token, `range bounds and strides must be integers, not '${text}'`);
    const value = Number(text);
    if (!Number.isSafeInteger(value)) this.fail(token, `range bound ${text} is too large`);
    return value;
  }

  private parseAdditive(): ExpressionNode {
    let lhs = this.parseMultiplicative();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const op = (this.advance() as { symbol: ArithmeticOperator }).symbol;
      const rhs = this.parseMultiplicative();
      lhs = { kind: 'binary', op, lhs, rhs, start: lhs.start, end: rhs.end };
    }
    return lhs;
  }

  private parseMultiplicative(): ExpressionNode {
    let lhs = this.parseUnary();
    while (this.isSymbol('*') || this.isSymbol('/') || this.isSymbol('%')) {
      const op = (this.advance() as { symbol: ArithmeticOperator }).symbol;
      const rhs = this.parseUnary();
      lhs = { kind: 'binary', op, lhs, rhs, start: lhs.start, end: rhs.end };
    }
    return lhs;
  }

  private parseUnary(): ExpressionNode {
    if (this.isSymbol('-') || this.isSymbol('+')) {
      const t = this.advance() as { symbol: '-' | '+'; start: number };
      const operand = this.parseUnary();
      return { kind: 'unary', op: t.symbol, operand, start: t.start, end: operand.end };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ExpressionNode {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.advance();
        if (this.isSymbol('..')) this.fail(this.peek(), 'range literals (a..b) are only allowed inside IN (...)');
        return { kind: 'number', text: t.text, start: t.start, end: t.end };
      case 'string':
        this.advance();
        return { kind: 'string', value: t.value, start: t.start, end: t.end };
      case 'time': {
        this.advance();
        let tai: bigint;
        try {
          tai = parseTimeString(t.text).tai;
        } catch (e) {
          throw new QuerySyntaxError(this.text, t.start, `invalid time literal: ${(e as Error).message}`, { cause: e });
        }
        return { kind: 'time', text: t.text, tai, start: t.start, end: t.end };
      }
      case 'bind':
        this.advance();
        return { kind: 'bind', name: t.name, start: t.start, end: t.end };
      case 'identifier': {
        this.advance();
        if (!this.isSymbol('(')) return { kind: 'identifier', name: t.name, start: t.start, end: t.end };
        if (t.name.includes('.')) this.fail(this.peek(), `function names cannot contain dots ('${t.name}')`);
        this.advance();
        const args: ExpressionNode[] = [];
        if (!this.isSymbol(')')) {
          for (;;) {
            args.push(this.parseOr());
            if (!this.isSymbol(',')) break;
            this.advance();
          }
        }
        const close = this.expectSymbol(')', `to close the arguments of ${t.name}()`);
        return { kind: 'call', name: t.name, args, start: t.start, end: close.end };
      }
      case 'keyword':
        if (t.keyword === 'NULL') {
          this.advance();
          return { kind: 'null', start: t.start, end: t.end };
        }
        return this.failMissingOperand();
      case 'symbol':
        if (t.symbol === '(') return this.parseParenthesised();
        return this.failMissingOperand();
      case 'end':
        return this.failMissingOperand();
    }
  }

  private parseParenthesised(): ExpressionNode {
    const open = this.advance();
    if (this.isSymbol(')')) this.fail(this.peek(), 'empty parentheses');
    const first = this.parseOr();
    if (this.isSymbol(',')) {
      this.advance();
      const second = this.parseOr();
      if (this.isSymbol(',')) this.fail(this.peek(), 'tuples have exactly two items (begin, end)');
      const close = this.expectSymbol(')', 'to close the tuple');
      return { kind: 'tuple', items: [first, second], start: open.start, end: close.end };
    }
    if (!this.isSymbol(')')) {
      const t = this.peek();
      this.fail(t, `expected ')' to match '(' at column ${open.start + 1}, found ${describeToken(t)}`);
    }
    const close = this.advance();
    return { kind: 'parens', expr: first, start: open.start, end: close.end };
  }
}
