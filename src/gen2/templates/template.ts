import { formatDataId, type Gen2DataId, type Gen2Value } from '../data-id.js';
import { TemplateError } from '../errors.js';
import { buildTokenPattern, parseFieldText } from './field-pattern.js';
import { formatField } from './format-field.js';
import { fieldKeyType, type TemplateField, type TemplateKeyType, type TemplateToken } from './template-field.js';
import { tokenizeTemplate } from './tokenize-template.js';

/** The HDU a template selects: a data ID key (`[%(hdu)d]`) or a fixed index (`[0]`). */
export type TemplateHdu = { readonly key: string } | { readonly literal: number };

/** One `/`-separated element of a template path, for matching a directory tree level by level. */
export interface TemplateElement {
  /** The element's text when it has no fields (e.g. `corr`), otherwise undefined. */
  readonly literal: string | undefined;
  /**
   * Anchored regex for one path element. The last element also accepts a `.gz`/`.fz` suffix
   * when the template ends in `.fits`.
   */
  readonly regex: RegExp;
  /** Keys of the fields in this element, in order of first appearance. */
  readonly keys: readonly string[];
}

const HDU_SUFFIX = /\[([^[\]]*)\]$/;
const COMPRESSED_SUFFIX = String.raw`(?:\.gz|\.fz)?`;

/**
 * A Gen2 mapper path template: Python `%`-format text such as
 * `'%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits'`, optionally followed by an
 * HDU selector (`[%(hdu)d]`, `[0]`). Formats data IDs into relative paths with Python's semantics
 * and parses relative paths back into data IDs.
 *
 * @example
 * ```ts
 * const t = Gen2Template.parse('%(pointing)05d/%(filter)s/corr/CORR-%(visit)07d-%(ccd)03d.fits');
 * t.format({ pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }); // '01291/HSC-R/corr/CORR-0034648-051.fits'
 * t.match('01291/HSC-R/corr/CORR-0034648-051.fits'); // { pointing: 1291, filter: 'HSC-R', visit: 34648, ccd: 51 }
 * ```
 */
export class Gen2Template {
  /** Keys of every field in order of first appearance, including the HDU key. */
  readonly keys: ReadonlyMap<string, TemplateKeyType>;
  /** True when the template has a `%(calibDate)` field. */
  readonly isCalibration: boolean;
  /** The path's elements, split on `/`. */
  readonly elements: readonly TemplateElement[];
  /** Number of literal characters in the path: the more, the more specific the template. */
  readonly literalLength: number;
  /** True when the path ends in `.fits`, so `.gz` and `.fz` variants of it also match. */
  readonly acceptsCompressedSuffix: boolean;

  private readonly tokens: readonly TemplateToken[];
  private readonly pathRegex: RegExp;
  private readonly captures: readonly TemplateField[];

  private constructor(
    /** The template exactly as given. */
    readonly text: string,
    /** The template without its `[hdu]` suffix. */
    readonly path: string,
    /** The HDU selector, undefined when the template has none. */
    readonly hdu: TemplateHdu | undefined,
    tokens: TemplateToken[],
    hduField: TemplateField | undefined,
  ) {
    this.tokens = tokens;
    const keys = new Map<string, TemplateKeyType>();
    for (const token of hduField ? [...tokens, hduField] : tokens) {
      if (typeof token !== 'string' && !keys.has(token.key)) keys.set(token.key, fieldKeyType(token));
    }
    this.keys = keys;
    this.isCalibration = keys.has('calibDate');
    this.literalLength = tokens.reduce((n, t) => n + (typeof t === 'string' ? t.length : 0), 0);
    this.acceptsCompressedSuffix = path.endsWith('.fits');
    const suffix = this.acceptsCompressedSuffix ? COMPRESSED_SUFFIX : '';
    const whole = buildTokenPattern(tokens);
    this.pathRegex = new RegExp(`^${whole.source}${suffix}$`);
    this.captures = whole.captures;
    const split = splitElements(tokens);
    this.elements = split.map((elementTokens, i) => {
      const fields = elementTokens.filter((t): t is TemplateField => typeof t !== 'string');
      const last = i === split.length - 1;
      return {
        literal: fields.length === 0 ? elementTokens.join('') : undefined,
        regex: new RegExp(`^${buildTokenPattern(elementTokens).source}${last ? suffix : ''}$`),
        keys: [...new Set(fields.map((f) => f.key))],
      };
    });
  }

  /**
   * Parses a template.
   *
   * @throws TemplateError when the text is empty, malformed Python `%` format, has an HDU suffix
   *   that is neither `[N]` nor a single integer field, is an absolute path or has a `..` element.
   */
  static parse(text: string): Gen2Template {
    let path = text;
    let hdu: TemplateHdu | undefined;
    let hduField: TemplateField | undefined;
    const bracket = HDU_SUFFIX.exec(text);
    if (bracket) {
      const inner = bracket[1] ?? '';
      path = text.slice(0, bracket.index);
      if (/^\d+$/.test(inner)) {
        hdu = { literal: Number(inner) };
      } else {
        const [only, ...rest] = tokenizeTemplate(inner, text);
        if (only === undefined || typeof only === 'string' || rest.length > 0 || fieldKeyType(only) !== 'int') {
          throw new TemplateError(text, `unsupported HDU suffix [${inner}]; expected [N] or [%(key)d]`);
        }
        hdu = { key: only.key };
        hduField = only;
      }
    }
    if (path === '') throw new TemplateError(text, 'empty path');
    if (path.startsWith('/')) throw new TemplateError(text, 'absolute path; templates must be relative to the repository root');
    const tokens = tokenizeTemplate(path, text);
    for (const element of splitElements(tokens)) {
      if (element.length === 1 && element[0] === '..') throw new TemplateError(text, "'..' path element");
    }
    return new Gen2Template(text, path, hdu, tokens, hduField);
  }

  /**
   * Formats the path (without the HDU suffix) for a data ID, with Python `%` semantics.
   *
   * @throws TemplateError when a key is missing, a value has the wrong type for its conversion
   *   (e.g. `%d` of `'5'`), or the result is empty, absolute or escapes the root through `..`.
   */
  format(dataId: Gen2DataId): string {
    let out = '';
    for (const token of this.tokens) out += typeof token === 'string' ? token : formatField(token, this.valueOf(dataId, token.key), this.text);
    this.checkRelative(out, dataId);
    return out;
  }

  /**
   * Formats the path and resolves the HDU: the literal index, the data ID's value of the HDU key,
   * or undefined when the template has no HDU suffix.
   *
   * @throws TemplateError as {@link Gen2Template.format}, or when the HDU key is missing or not a number.
   */
  formatWithHdu(dataId: Gen2DataId): { path: string; hdu: number | undefined } {
    const path = this.format(dataId);
    if (this.hdu === undefined) return { path, hdu: undefined };
    if ('literal' in this.hdu) return { path, hdu: this.hdu.literal };
    const value = this.valueOf(dataId, this.hdu.key);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TemplateError(this.text, `HDU key ${this.hdu.key}=${JSON.stringify(value)} is not a number`);
    }
    return { path, hdu: Math.trunc(value) };
  }

  /**
   * Parses a relative path back into a data ID (the HDU key cannot be recovered and is absent).
   * Integer fields accept any number of digits; repeated keys must agree. When the template ends
   * in `.fits`, the path may carry an extra `.gz` or `.fz`.
   *
   * @returns the data ID, or undefined when the path does not match.
   */
  match(relPath: string): Gen2DataId | undefined {
    const m = this.pathRegex.exec(relPath);
    if (!m) return undefined;
    const dataId: Gen2DataId = {};
    for (let i = 0; i < this.captures.length; i++) {
      const field = this.captures[i] as TemplateField;
      const value = parseFieldText(field, m[i + 1] ?? '');
      const previous = Object.hasOwn(dataId, field.key) ? dataId[field.key] : undefined;
      if (previous === undefined) dataId[field.key] = value;
      else if (!sameValue(previous, value)) return undefined;
    }
    return dataId;
  }

  /** The template text. */
  toString(): string {
    return this.text;
  }

  private valueOf(dataId: Gen2DataId, key: string): Gen2Value {
    const value = Object.hasOwn(dataId, key) ? dataId[key] : undefined;
    if (value === undefined) throw new TemplateError(this.text, `data ID {${formatDataId(dataId)}} has no key ${key}`);
    return value;
  }

  private checkRelative(path: string, dataId: Gen2DataId): void {
    const fail = (why: string): never => {
      throw new TemplateError(this.text, `data ID {${formatDataId(dataId)}} formats to ${JSON.stringify(path)}, ${why}`);
    };
    if (path === '') fail('an empty path');
    if (path.startsWith('/')) fail('an absolute path');
    if (path.includes('\0')) fail('which contains a NUL character');
    let depth = 0;
    for (const part of path.split('/')) {
      if (part === '..') {
        if (--depth < 0) fail('which escapes the repository root');
      } else if (part !== '' && part !== '.') {
        depth++;
      }
    }
  }
}

function splitElements(tokens: readonly TemplateToken[]): TemplateToken[][] {
  const elements: TemplateToken[][] = [[]];
  for (const token of tokens) {
    if (typeof token !== 'string') {
      (elements[elements.length - 1] as TemplateToken[]).push(token);
      continue;
    }
    token.split('/').forEach((piece, i) => {
      if (i > 0) elements.push([]);
      if (piece) (elements[elements.length - 1] as TemplateToken[]).push(piece);
    });
  }
  return elements;
}

function sameValue(a: Gen2Value, b: Gen2Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  return String(a) === String(b);
}
