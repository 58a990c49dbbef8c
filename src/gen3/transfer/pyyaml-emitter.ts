/**
 * A small block-style YAML emitter reproducing what PyYAML's `yaml.dump(..., sort_keys=False)`
 * writes for export documents: indentless sequences inside mappings, 2-space indentation, plain
 * scalars where PyYAML's resolver would read them back as strings, single quotes otherwise (always
 * for tagged scalars), double quotes with escapes for non-ASCII/non-printable text, folding of long
 * plain/single-quoted text at 80 columns.
 */
import { implicitType } from './yaml-tree.js';

/** A node to emit. `tag` is the full tag text (`!uuid`, `!<lsst.sphgeom.ConvexPolygon>`, `!!binary`). */
export type EmitNode =
  | { readonly kind: 'string'; readonly value: string; readonly tag?: string }
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string; readonly tag?: string }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, EmitNode])[]; readonly tag?: string }
  | { readonly kind: 'seq'; readonly items: readonly EmitNode[] };

const WIDTH = 80;
const INDICATOR_START = new Set('#,[]{}&*!|>\'"%@`');

function isSpecial(ch: string): boolean {
  return !(ch === '\n' || (ch >= ' ' && ch <= '~'));
}

/** Whether PyYAML would write `text` as a plain scalar in block context (untagged). */
function plainAllowed(text: string): boolean {
  if (text === '' || implicitType(text) !== 'str') return false;
  if (text.startsWith('---') || text.startsWith('...')) return false;
  if (/^\s|\s$/.test(text) || text.includes('\n')) return false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (isSpecial(ch)) return false;
    const next = text[i + 1];
    const followedBySpace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      if (INDICATOR_START.has(ch)) return false;
      if ((ch === '?' || ch === ':' || ch === '-') && followedBySpace) return false;
    } else {
      if (ch === ':' && followedBySpace) return false;
      if (ch === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) return false;
    }
  }
  return true;
}

function singleAllowed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (isSpecial(ch)) return false;
    if (ch === ' ' && text[i + 1] === '\n') return false;
    if (ch === '\n' && text[i + 1] === ' ') return false;
  }
  return true;
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += `\\${esc}`;
    else if (!isSpecial(ch)) out += ch;
    else {
      const code = ch.codePointAt(0) ?? 0;
      out += code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : code <= 0xffff ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** Writes `words` separated by single spaces, breaking (newline + indent) at a single space once past the width. */
function folded(text: string, column: number, indent: number): string {
  let out = '';
  let col = column;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' && text[i - 1] !== ' ' && text[i + 1] !== ' ' && i > 0 && i < text.length - 1 && col > WIDTH) {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
    } else {
      out += ch;
      col += 1;
    }
    i += 1;
  }
  return out;
}

function singleQuoted(text: string, column: number, indent: number): string {
  let out = "'";
  let col = column + 1;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    if (n > 0) {
      out += `\n\n${' '.repeat(indent)}`;
      col = indent;
    }
    const body = folded(line.replace(/'/g, "''"), col, indent);
    out += body;
    const last = body.lastIndexOf('\n');
    col = last < 0 ? col + body.length : body.length - last - 1;
  });
  return `${out}'`;
}

/** The scalar text (with tag) of a string node written at `column`, continuation lines at `indent`. */
function stringScalar(node: Extract<EmitNode, { kind: 'string' }>, column: number, indent: number): string {
  const prefix = node.tag ? `${node.tag} ` : '';
  const start = column + prefix.length;
  const text = node.value;
  if (!node.tag && plainAllowed(text)) return prefix + folded(text, start, indent);
  if (singleAllowed(text)) return prefix + singleQuoted(text, start, indent);
  return prefix + doubleQuoted(text);
}

function isEmptyCollection(node: EmitNode): boolean {
  return (node.kind === 'map' && node.entries.length === 0 && !node.tag) || (node.kind === 'seq' && node.items.length === 0);
}

function emptyText(node: EmitNode): string {
  return node.kind === 'map' ? '{}' : '[]';
}

/** Lines of `value` written as the value of a mapping key at `indent` (text continues after `key:`). */
function afterKey(value: EmitNode, indent: number, column: number, out: string[]): void {
  if (isEmptyCollection(value)) {
    out[out.length - 1] += ` ${emptyText(value)}`;
    return;
  }
  switch (value.kind) {
    case 'string':
      out[out.length - 1] += ` ${stringScalar(value, column + 1, indent + 2)}`;
      return;
    case 'raw':
      out[out.length - 1] += ` ${value.text}`;
      return;
    case 'literal':
      out[out.length - 1] += ` ${value.tag ? `${value.tag} ` : ''}|`;
      for (const line of value.text.replace(/\n$/, '').split('\n')) out.push(`${' '.repeat(indent + 2)}${line}`);
      return;
    case 'map':
      if (value.tag) out[out.length - 1] += ` ${value.tag}`;
      mapping(value, indent + 2, out, false);
      return;
    case 'seq':
      sequence(value, indent, out, false);
      return;
  }
}

/** A mapping key (simple key context: never folded). */
function keyText(key: string): string {
  if (plainAllowed(key)) return key;
  return singleAllowed(key) && !key.includes('\n') ? `'${key.replace(/'/g, "''")}'` : doubleQuoted(key);
}

function mapping(node: Extract<EmitNode, { kind: 'map' }>, indent: number, out: string[], inline: boolean): void {
  node.entries.forEach(([key, value], i) => {
    const head = `${keyText(key)}:`;
    if (inline && i === 0) out[out.length - 1] += head;
    else out.push(`${' '.repeat(indent)}${head}`);
    afterKey(value, indent, (out[out.length - 1] ?? '').length, out);
  });
}

function sequence(node: Extract<EmitNode, { kind: 'seq' }>, indent: number, out: string[], inline: boolean): void {
  node.items.forEach((item, i) => {
    const head = '- ';
    if (inline && i === 0) out[out.length - 1] += head;
    else out.push(`${' '.repeat(indent)}${head}`);
    const column = (out[out.length - 1] ?? '').length;
    if (isEmptyCollection(item)) out[out.length - 1] += emptyText(item);
    else if (item.kind === 'map' && !item.tag) mapping(item, indent + 2, out, true);
    else if (item.kind === 'seq') sequence(item, indent + 2, out, true);
    else if (item.kind === 'string') out[out.length - 1] += stringScalar(item, column, indent + 2);
    else if (item.kind === 'raw') out[out.length - 1] += item.text;
    else {
      // Tagged mapping or literal as a sequence item: not produced for exports; write it after the dash.
      out[out.length - 1] = out[out.length - 1]!.trimEnd();
      afterKey(item, indent, column - 1, out);
    }
  });
}

/** Emits a top-level mapping as PyYAML's `yaml.dump(data, sort_keys=False)` would (ends with a newline). */
export function emitYaml(root: Extract<EmitNode, { kind: 'map' }>): string {
  const out: string[] = [];
  mapping(root, 0, out, false);
  return `${out.join('\n')}\n`;
}
