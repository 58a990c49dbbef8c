import { ConfigDumpError } from './errors.js';
import { PySyntaxError, tokenizePython, type PyToken } from './python-tokens.js';
import { parsePyExpression, reprPyValue, type PyValue } from './python-value.js';

/** One field setting of a pex_config dump. */
export interface ConfigEntry {
  /** The field path without the root name: `isr.doBias`, `measurement.plugins['base_SdssCentroid'].binmax`. */
  readonly path: string;
  readonly value: PyValue;
  /** One-based line of the (last) assignment. */
  readonly line: number;
}

/** A pex_config Python dump read as data: the fields it sets, in first-assignment order. */
export interface ConfigDump {
  readonly source: string;
  readonly entries: ReadonlyMap<string, ConfigEntry>;
}

/** Root names of the config object in dumps: `config` (current pex_config) and `root` (older). */
const ROOTS = new Set(['config', 'root']);
const IGNORED_STATEMENTS = new Set(['import', 'from', 'assert']);

/**
 * Parses a pex_config dump (`config.a.b=VALUE` lines) without executing it: `import`, `from … import`
 * and `assert` statements and comments are skipped; `config.x.retarget(…)` and other method calls are
 * kept as entries `x.retarget()` whose value is the argument list. A later assignment to the same
 * field replaces an earlier one, as executing the file would.
 * @param source names the dump in errors.
 * @throws ConfigDumpError for a statement that is not one of these forms.
 */
export function parseConfigDump(text: string, source = '<config>'): ConfigDump {
  const entries = new Map<string, ConfigEntry>();
  try {
    for (const statement of tokenizePython(text)) {
      const [first] = statement.tokens;
      if (!first || (first.type === 'name' && IGNORED_STATEMENTS.has(first.text))) continue;
      const entry = parseStatement(statement.tokens, statement.line);
      entries.delete(entry.path);
      entries.set(entry.path, entry);
    }
  } catch (err) {
    if (err instanceof PySyntaxError) throw new ConfigDumpError(source, err.line, err.message);
    throw err;
  }
  return { source, entries };
}

function parseStatement(tokens: readonly PyToken[], line: number): ConfigEntry {
  const [root] = tokens;
  if (root?.type !== 'name' || !ROOTS.has(root.text)) {
    throw new PySyntaxError(line, `expected an assignment to config.<field>, found ${JSON.stringify(tokens.map((t) => t.text).join(' ').slice(0, 60))}`);
  }
  const segments: string[] = [];
  let i = 1;
  while (i < tokens.length) {
    const token = tokens[i] as PyToken;
    if (token.type === 'op' && token.text === '.') {
      const name = tokens[i + 1];
      if (name?.type !== 'name') throw new PySyntaxError(line, 'expected a field name after "."');
      segments.push(`.${name.text}`);
      i += 2;
    } else if (token.type === 'op' && token.text === '[') {
      const close = matchingBracket(tokens, i, line);
      segments.push(`[${reprPyValue(parsePyExpression(tokens.slice(i + 1, close), line))}]`);
      i = close + 1;
    } else break;
  }
  const operator = tokens[i];
  if (segments.length === 0 || !operator || operator.type !== 'op') throw new PySyntaxError(line, 'expected "=" or a method call after the field path');
  if (operator.text === '=') return { path: joinPath(segments), value: parsePyExpression(tokens.slice(i + 1), line), line };
  const last = segments[segments.length - 1] ?? '';
  if (operator.text === '(' && last.startsWith('.')) {
    const close = matchingBracket(tokens, i, line);
    if (close !== tokens.length - 1) throw new PySyntaxError(line, 'unexpected text after the method call');
    const inner = tokens.slice(i + 1, close);
    const args: PyValue = inner.length === 0 ? { kind: 'tuple', items: [] } : parsePyExpression([{ type: 'op', text: '(', line }, ...inner, { type: 'op', text: ',', line }, { type: 'op', text: ')', line }], line);
    return { path: `${joinPath(segments)}()`, value: args, line };
  }
  throw new PySyntaxError(line, `expected "=" after config${segments.join('')}, found ${JSON.stringify(operator.text)}`);
}

function joinPath(segments: readonly string[]): string {
  return segments.join('').replace(/^\./, '');
}

function matchingBracket(tokens: readonly PyToken[], open: number, line: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i] as PyToken;
    if (token.type !== 'op') continue;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text) && --depth === 0) return i;
  }
  throw new PySyntaxError(line, 'unclosed bracket');
}
