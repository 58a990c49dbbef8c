/** The value type a template key takes: from its `%` conversion character. */
export type TemplateKeyType = 'int' | 'float' | 'str';

/** A Python `%` conversion character supported in templates. */
export type Conversion = 'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'c' | 'r' | 's';

/** Key type of every supported conversion character. */
export const CONVERSION_KEY_TYPES: Readonly<Record<Conversion, TemplateKeyType>> = {
  d: 'int',
  i: 'int',
  u: 'int',
  o: 'int',
  x: 'int',
  X: 'int',
  e: 'float',
  E: 'float',
  f: 'float',
  F: 'float',
  g: 'float',
  G: 'float',
  c: 'str',
  r: 'str',
  s: 'str',
};

/** One `%(key)<flags><width>[.precision]<conv>` field of a template. */
export interface TemplateField {
  readonly key: string;
  /** `-` flag: pad on the right. */
  readonly leftAdjust: boolean;
  /** `0` flag: pad numbers with zeros (ignored with `-` and for `c r s`). */
  readonly zeroPad: boolean;
  /** `#` flag: alternate form (`0x`/`0o` prefixes, kept decimal point). */
  readonly alternate: boolean;
  /** Sign of non-negative numbers: `+` flag, space flag, or nothing. */
  readonly sign: '' | '+' | ' ';
  /** Minimum width; 0 when absent. */
  readonly width: number;
  readonly precision: number | undefined;
  readonly conversion: Conversion;
  /** The field exactly as written, e.g. `%(visit)07d`. */
  readonly text: string;
}

/** A parsed template: literal text and fields in order (`%%` already unescaped). */
export type TemplateToken = string | TemplateField;

/** Key type of a field. */
export function fieldKeyType(field: TemplateField): TemplateKeyType {
  return CONVERSION_KEY_TYPES[field.conversion];
}
