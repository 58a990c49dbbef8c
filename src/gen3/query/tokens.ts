/** Token kinds produced by {@link tokenize} for the daf_butler expression language. */

/** Reserved words; matched case-insensitively, stored upper-case. */
export const KEYWORDS = ['AND', 'OR', 'NOT', 'IN', 'OVERLAPS', 'NULL'] as const;
/** A reserved word. */
export type Keyword = (typeof KEYWORDS)[number];

/** Punctuation and operator symbols. `<>` is normalised to `!=`. */
export type SymbolText = '(' | ')' | ',' | '..' | ':' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** One lexical token; `start`/`end` are 0-based offsets into the expression (end exclusive). */
export type Token =
  | { readonly kind: 'identifier'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'bind'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'time'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'keyword'; readonly keyword: Keyword; readonly start: number; readonly end: number }
  | { readonly kind: 'symbol'; readonly symbol: SymbolText; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly start: number; readonly end: number };

/** Human-readable rendering of a token for error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'identifier':
      return `'${token.name}'`;
    case 'bind':
      return `':${token.name}'`;
    case 'number':
      return `'${token.text}'`;
    case 'string':
      return `string '${token.value}'`;
    case 'time':
      return `time literal T'${token.text}'`;
    case 'keyword':
      return token.keyword;
    case 'symbol':
      return `'${token.symbol}'`;
    case 'end':
      return 'end of expression';
  }
}
