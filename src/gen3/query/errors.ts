/**
 * Errors raised while parsing and resolving daf_butler `--where` expressions. Both carry the
 * expression and the 0-based offset of the offending text, and say where it is in their message
 * (`syntax error at column 17: expected an expression after AND`).
 */
import { UserError } from '../../errors.js';

/** Where in an expression a problem is: 0-based offset plus 1-based line and column. */
export interface ExpressionPosition {
  /** 0-based character offset into the expression. */
  readonly offset: number;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column within {@link line}. */
  readonly column: number;
}

/** Compute the line/column of `offset` in `expression`. */
export function positionOf(expression: string, offset: number): ExpressionPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < expression.length; i++) {
    if (expression[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

function describePosition(expression: string, pos: ExpressionPosition): string {
  return expression.includes('\n') ? `line ${pos.line}, column ${pos.column}` : `column ${pos.column}`;
}

/** Base of the query expression errors: a user error located in the expression text. */
export abstract class QueryExpressionError extends UserError {
  /** Location of the problem. */
  readonly position: ExpressionPosition;

  constructor(
    kind: string,
    /** The full expression text. */
    readonly expression: string,
    offset: number,
    /** The problem, without the location prefix. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    const position = positionOf(expression, offset);
    super(`${kind} at ${describePosition(expression, position)}: ${detail}`, options);
    this.position = position;
  }
}

/** The expression is not well formed (tokenizer or parser). */
export class QuerySyntaxError extends QueryExpressionError {
  readonly code = 'GEN3_QUERY_SYNTAX';

  constructor(expression: string, offset: number, detail: string, options?: { cause?: unknown }) {
    super('syntax error', expression, offset, detail, options);
  }
}

/** The expression is well formed but meaningless for the universe: unknown names, type mismatches, bad binds. */
export class QuerySemanticError extends QueryExpressionError {
  readonly code = 'GEN3_QUERY_SEMANTIC';

  constructor(expression: string, offset: number, detail: string, options?: { cause?: unknown }) {
    super('error', expression, offset, detail, options);
  }
}
