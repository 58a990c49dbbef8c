/**
 * Reads a YAML document the way PyYAML's `SafeLoader` (YAML 1.1) sees it, but without evaluating
 * application tags: `!uuid`, `!butler_time/…`, `!lsst.daf.butler.Timespan`, `!<lsst.sphgeom.…>`
 * stay inert {@link YamlTagged} values.
 */
import { Alias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

/** A value under an application tag, never evaluated. */
export class YamlTagged {
  constructor(
    /** The tag as resolved by the YAML parser: `!uuid`, `lsst.sphgeom.ConvexPolygon` (for `!<…>`)… */
    readonly tag: string,
    readonly value: YamlValue,
  ) {}
}

/** A YAML 1.1 implicit timestamp (PyYAML gives a `datetime`), kept as its text. */
export class YamlTimestamp {
  constructor(readonly text: string) {}
}

/** `!!binary` data as base64 without whitespace. */
export class YamlBinary {
  constructor(readonly base64: string) {}
}

/** A YAML value: integers are `bigint`, floats `number`. */
export type YamlValue =
  | string
  | bigint
  | number
  | boolean
  | null
  | YamlValue[]
  | { [key: string]: YamlValue }
  | YamlTagged
  | YamlTimestamp
  | YamlBinary;

// PyYAML's implicit resolvers (yaml/resolver.py), YAML 1.1.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

const STD = 'tag:yaml.org,2002:';

/** The type PyYAML's resolver gives an unquoted scalar: `str`, `bool`, `int`, `float`, `null` or `timestamp`. */
export function implicitType(text: string): 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' {
  if (BOOL.test(text)) return 'bool';
  if (FLOAT.test(text)) return 'float';
  if (INT.test(text)) return 'int';
  if (NULL.test(text)) return 'null';
  if (TIMESTAMP.test(text)) return 'timestamp';
  return 'str';
}

function sexagesimal(text: string): { sign: number; parts: string[] } {
  const sign = text.startsWith('-') ? -1 : 1;
  return { sign, parts: text.replace(/^[-+]/, '').split(':') };
}

/** Python `int` of a YAML 1.1 integer literal (PyYAML `construct_yaml_int`). */
export function parseYamlInt(raw: string): bigint {
  const text = raw.replace(/_/g, '');
  const neg = text.startsWith('-');
  const body = text.replace(/^[-+]/, '');
  let value: bigint;
  if (body === '0') value = 0n;
  else if (body.startsWith('0b')) value = BigInt(body);
  else if (body.startsWith('0x')) value = BigInt(body);
  else if (body.startsWith('0')) value = BigInt(`0o${body.slice(1)}`);
  else if (body.includes(':')) value = sexagesimal(body).parts.reduce((acc, p) => acc * 60n + BigInt(p), 0n);
  else value = BigInt(body);
  return neg ? -value : value;
}

/** Python `float` of a YAML 1.1 float literal (PyYAML `construct_yaml_float`). */
export function parseYamlFloat(raw: string): number {
  const text = raw.replace(/_/g, '').toLowerCase();
  if (text === '.nan') return NaN;
  const { sign, parts } = sexagesimal(text);
  if (parts[0] === '.inf') return sign * Infinity;
  if (parts.length > 1) return sign * parts.reduce((acc, p) => acc * 60 + Number(p), 0);
  return sign * Number(parts[0]);
}

function resolveScalar(text: string, tag: string | undefined, plain: boolean, at: string, issues: string[]): YamlValue {
  const kind = tag === undefined || tag === '!' ? (plain && tag === undefined ? implicitType(text) : 'str') : undefined;
  switch (kind ?? tag) {
    case 'str':
    case `${STD}str`:
      return text;
    case 'bool':
    case `${STD}bool`:
      if (!BOOL.test(text)) break;
      return /^(?:yes|true|on)$/i.test(text);
    case 'int':
    case `${STD}int`:
      if (!INT.test(text)) break;
      return parseYamlInt(text);
    case 'float':
    case `${STD}float`:
      if (!FLOAT.test(text) && !INT.test(text)) break;
      return parseYamlFloat(text);
    case 'null':
    case `${STD}null`:
      return null;
    case 'timestamp':
    case `${STD}timestamp`:
      return new YamlTimestamp(text);
    case `${STD}binary`:
      return new YamlBinary(text.replace(/\s+/g, ''));
    default:
      return new YamlTagged(tag ?? '', text);
  }
  issues.push(`${at}: '${text}' is not a valid ${tag}`);
  return text;
}

/** Appends a key or index to a `dot.path[3]` path. */
export function joinPath(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  return at === '' ? key : `${at}.${key}`;
}

function convert(node: unknown, doc: Document, at: string, issues: string[], depth: number): YamlValue {
  if (depth > 200) {
    issues.push(`${at}: nesting too deep`);
    return null;
  }
  if (node instanceof Alias) return convert(node.resolve(doc), doc, at, issues, depth + 1);
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const text = typeof node.value === 'string' ? node.value : String(node.value);
    return resolveScalar(text, node.tag, node.type === 'PLAIN', at, issues);
  }
  if (isMap(node)) {
    const out: Record<string, YamlValue> = {};
    for (const pair of node.items) {
      const k = convert(pair.key, doc, at, issues, depth + 1);
      const key = typeof k === 'string' || typeof k === 'bigint' || typeof k === 'number' || typeof k === 'boolean' ? String(k) : k === null ? 'null' : '?';
      out[key] = convert(pair.value, doc, joinPath(at, key), issues, depth + 1);
    }
    const tag = node.tag;
    if (tag === undefined || tag === `${STD}map`) return out;
    return new YamlTagged(tag, out);
  }
  if (isSeq(node)) {
    const out = node.items.map((item, i) => convert(item, doc, joinPath(at, i), issues, depth + 1));
    const tag = node.tag;
    if (tag === undefined || tag === `${STD}seq`) return out;
    return new YamlTagged(tag, out);
  }
  issues.push(`${at}: unsupported YAML node`);
  return null;
}

/** Result of {@link readYamlTree}. */
export interface YamlTreeResult {
  value: YamlValue;
  /** YAML syntax errors and value problems, as `path: message` (empty path for syntax errors). */
  issues: string[];
  /** True when the text is not well-formed YAML (then `value` is meaningless). */
  syntaxError: boolean;
}

/** Parses one YAML document into {@link YamlValue}s with PyYAML's YAML 1.1 resolution and inert tags. */
export function readYamlTree(text: string): YamlTreeResult {
  const doc = parseDocument(text, { schema: 'failsafe', version: '1.1', uniqueKeys: true, logLevel: 'silent', prettyErrors: true });
  if (doc.errors.length > 0) {
    return { value: null, issues: doc.errors.map((e) => `invalid YAML: ${(e.message.split('\n')[0] ?? e.code).replace(/:$/, '')}`), syntaxError: true };
  }
  const issues: string[] = [];
  const value = convert(doc.contents as Node | null, doc, '', issues, 0);
  return { value, issues, syntaxError: false };
}
