/**
 * Prints a syntax tree back to expression text in a canonical spelling (upper-case keywords,
 * single-quoted strings, single spaces), adding parentheses only where precedence needs them,
 * so that `parseExpression(printExpression(tree))` gives back the same tree.
 */
import type { BinaryOperator, ExpressionNode } from './ast.js';

const Prec = { Or: 1, And: 2, Not: 3, Comparison: 4, In: 5, Additive: 6, Multiplicative: 7, Unary: 8 } as const;
type Prec = (typeof Prec)[keyof typeof Prec];

function binaryPrecedence(op: BinaryOperator): Prec {
  switch (op) {
    case 'OR':
      return Prec.Or;
    case 'AND':
      return Prec.And;
    case '+':
    case '-':
      return Prec.Additive;
    case '*':
    case '/':
    case '%':
      return Prec.Multiplicative;
    default:
      return Prec.Comparison;
  }
}

/** Render `node` as expression text. */
export function printExpression(node: ExpressionNode): string {
  return print(node, 0);
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function print(node: ExpressionNode, minPrec: number): string {
  let prec: number;
  let text: string;
  switch (node.kind) {
    case 'identifier':
      return node.name;
    case 'bind':
      return `:${node.name}`;
    case 'number':
      return node.text;
    case 'string':
      return quote(node.value);
    case 'time':
      return `T${quote(node.text)}`;
    case 'null':
      return 'NULL';
    case 'range':
      return `${node.from}..${node.to}${node.stride === undefined ? '' : `:${node.stride}`}`;
    case 'parens':
      return `(${print(node.expr, 0)})`;
    case 'tuple':
      return `(${print(node.items[0], 0)}, ${print(node.items[1], 0)})`;
    case 'call':
      return `${node.name}(${node.args.map((a) => print(a, 0)).join(', ')})`;
    case 'unary':
      if (node.op === 'NOT') {
        prec = Prec.Not;
        text = `NOT ${print(node.operand, Prec.Not)}`;
      } else {
        prec = Prec.Unary;
        text = `${node.op}${print(node.operand, Prec.Unary)}`;
      }
      break;
    case 'in':
      prec = Prec.In;
      text = `${print(node.operand, Prec.Additive)} ${node.negated ? 'NOT IN' : 'IN'} (${node.items.map((i) => print(i, 0)).join(', ')})`;
      break;
    case 'binary':
      prec = binaryPrecedence(node.op);
      text = `${print(node.lhs, prec)} ${node.op} ${print(node.rhs, prec === Prec.Comparison ? Prec.In : prec + 1)}`;
      break;
  }
  return prec < minPrec ? `(${text})` : text;
}
