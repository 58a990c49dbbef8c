import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { StructuredDataError } from './errors.js';

/** A parsed YAML/JSON value. */
export type StructuredValue = null | boolean | number | string | StructuredValue[] | { [key: string]: StructuredValue };

/** Tags of daf_base property containers, written as lists of `[name, type, value, comment]`. */
const PROPERTY_CONTAINER = /^(?:tag:yaml\.org,2002:)?lsst\.daf\.base\.Property(?:Set|List)$/;

/**
 * Parses YAML (or JSON, which is YAML) as plain data. Custom tags are kept inert; daf_base
 * `PropertySet`/`PropertyList` lists (`[name, type, value, comment]` items) become maps of name → value,
 * so that metadata files diff by key rather than by list position.
 * @param source names the file in errors.
 * @throws StructuredDataError when the text is not valid YAML/JSON.
 */
export function parseStructuredData(text: string, source = '<data>'): StructuredValue {
  const document = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
  const [error] = document.errors;
  if (error) throw new StructuredDataError(source, `line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0] ?? error.message}`, { cause: error });
  return document.contents ? toValue(document.contents as YamlNode, document) : null;
}

function toValue(node: YamlNode, document: Document): StructuredValue {
  if (isAlias(node)) {
    const target = node.resolve(document);
    return target ? toValue(target as YamlNode, document) : null;
  }
  if (isScalar(node)) return scalarValue(node.value);
  if (isSeq(node)) {
    const items = node.items.map((item) => (item === null || item === undefined ? null : toValue(item as YamlNode, document)));
    return node.tag && PROPERTY_CONTAINER.test(node.tag) ? propertyContainer(items) : items;
  }
  if (isMap(node)) {
    const object: { [key: string]: StructuredValue } = {};
    for (const pair of node.items) {
      const key = pair.key === null || pair.key === undefined ? 'null' : keyText(pair.key as YamlNode, document);
      object[key] = pair.value === null || pair.value === undefined ? null : toValue(pair.value as YamlNode, document);
    }
    return object;
  }
  return null;
}

function keyText(node: YamlNode, document: Document): string {
  const value = toValue(node, document);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function scalarValue(value: unknown): StructuredValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function propertyContainer(items: readonly StructuredValue[]): StructuredValue {
  const entries = items.map((item) => (Array.isArray(item) && item.length >= 3 && typeof item[0] === 'string' ? item : undefined));
  if (entries.some((entry) => entry === undefined)) return [...items];
  const object: { [key: string]: StructuredValue } = {};
  for (const entry of entries as StructuredValue[][]) object[entry[0] as string] = entry[2] ?? null;
  return object;
}
