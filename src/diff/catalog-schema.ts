import type { FitsHeader } from '../fits/header.js';
import type { Pair } from './diff-value.js';
import type { ColumnView, TableView } from './table-view.js';

/** A field of an afw table schema as read from FITS: a column, or one bit of the packed flag column. */
export interface SchemaField {
  readonly name: string;
  /** `TFORMn` (canonical), or `Flag` for a bit of the flag column. */
  readonly format: string;
  readonly unit: string;
  /** `TDOCn`, else the `TTYPEn` comment; for flags the `TFLAGn` comment. */
  readonly doc: string;
  readonly column: ColumnView;
  /** The bit of a flag field within its column (zero-based). */
  readonly bit?: number;
}

/** A catalog's schema: fields in order, and afw aliases (`ALIAS = 'alias:target'`). */
export interface CatalogSchema {
  readonly fields: readonly SchemaField[];
  readonly aliases: ReadonlyMap<string, string>;
}

/** A field attribute that differs. */
export interface FieldAttributeDifference extends Pair<string> {
  readonly field: string;
}

/**
 * Schema comparison at afw's levels (`Schema.h` ComparisonFlags): `equalKeys` (same fields, formats and
 * order, i.e. the same layout), `equalNames` (same names in order), `equalDocs`, `equalUnits`,
 * `equalFields` (all four), `equalAliases`, `identical` (everything).
 */
export interface SchemaDiff {
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
  readonly formats: readonly FieldAttributeDifference[];
  readonly units: readonly FieldAttributeDifference[];
  readonly docs: readonly FieldAttributeDifference[];
  readonly aliases: readonly FieldAttributeDifference[];
  readonly levels: {
    readonly equalKeys: boolean;
    readonly equalNames: boolean;
    readonly equalDocs: boolean;
    readonly equalUnits: boolean;
    readonly equalFields: boolean;
    readonly equalAliases: boolean;
    readonly identical: boolean;
  };
}

/**
 * Reads the schema of an afw catalog HDU as afw's `FitsSchemaInputMapper` does: docs from `TDOCn` (else
 * the `TTYPEn` comment), the bit column `FLAGCOL` expanded into the flags named by `TFLAGn` (docs from
 * `TFDOCn`, else the `TFLAGn` comment), aliases from `ALIAS = 'alias:target'` cards.
 */
export function readCatalogSchema(view: TableView, header: FitsHeader): CatalogSchema {
  const fields: SchemaField[] = [];
  const flagNames = flagKeywords(header);
  const flagColumn = header.getNumber('FLAGCOL') ?? (flagNames.length > 0 ? view.columns.find((column) => /^\d*X$/.test(column.format))?.number : undefined);
  for (const column of view.columns) {
    if (column.number === flagColumn) {
      for (const flag of flagNames) fields.push({ name: flag.name, format: 'Flag', unit: '', doc: flag.doc, column, bit: flag.bit });
      continue;
    }
    const doc = header.getString(`TDOC${column.number}`) ?? header.getCard(`TTYPE${column.number}`)?.comment ?? '';
    fields.push({ name: column.name, format: column.format, unit: column.unit?.trim() ?? '', doc: doc.trim(), column });
  }
  const aliases = new Map<string, string>();
  for (const value of header.getAll('ALIAS')) {
    if (typeof value !== 'string') continue;
    const [alias, target] = value.split(':');
    if (alias !== undefined && target !== undefined) aliases.set(alias.trim(), target.trim());
  }
  return { fields, aliases };
}

/** Compares two schemas field by field, by name. */
export function diffSchemas(a: CatalogSchema, b: CatalogSchema): SchemaDiff {
  const byName = (schema: CatalogSchema): Map<string, SchemaField> => new Map(schema.fields.map((field) => [field.name, field]));
  const fieldsA = byName(a);
  const fieldsB = byName(b);
  const onlyInA = a.fields.filter((field) => !fieldsB.has(field.name)).map((field) => field.name);
  const onlyInB = b.fields.filter((field) => !fieldsA.has(field.name)).map((field) => field.name);
  const formats: FieldAttributeDifference[] = [];
  const units: FieldAttributeDifference[] = [];
  const docs: FieldAttributeDifference[] = [];
  for (const fieldA of a.fields) {
    const fieldB = fieldsB.get(fieldA.name);
    if (!fieldB) continue;
    if (fieldA.format !== fieldB.format) formats.push({ field: fieldA.name, a: fieldA.format, b: fieldB.format });
    if (fieldA.unit !== fieldB.unit) units.push({ field: fieldA.name, a: fieldA.unit, b: fieldB.unit });
    if (fieldA.doc !== fieldB.doc) docs.push({ field: fieldA.name, a: fieldA.doc, b: fieldB.doc });
  }
  const aliases: FieldAttributeDifference[] = [];
  for (const name of new Set([...a.aliases.keys(), ...b.aliases.keys()])) {
    const targetA = a.aliases.get(name) ?? '';
    const targetB = b.aliases.get(name) ?? '';
    if (targetA !== targetB) aliases.push({ field: name, a: targetA, b: targetB });
  }
  const sameSet = onlyInA.length === 0 && onlyInB.length === 0;
  const equalNames = sameSet && a.fields.every((field, i) => field.name === b.fields[i]?.name);
  const equalKeys = equalNames && formats.length === 0;
  const equalDocs = sameSet && docs.length === 0;
  const equalUnits = sameSet && units.length === 0;
  const equalFields = equalKeys && equalDocs && equalUnits;
  const equalAliases = aliases.length === 0;
  return {
    onlyInA,
    onlyInB,
    formats,
    units,
    docs,
    aliases,
    levels: { equalKeys, equalNames, equalDocs, equalUnits, equalFields, equalAliases, identical: equalFields && equalAliases },
  };
}

/** `TFLAGn = 'name' / doc`: the name of bit n (one-based) of the flag column. */
function flagKeywords(header: FitsHeader): { name: string; doc: string; bit: number }[] {
  const flags: { name: string; doc: string; bit: number }[] = [];
  for (const card of header.cards) {
    const match = /^TFLAG(\d+)$/.exec(card.keyword.toUpperCase());
    if (!match || typeof card.value !== 'string') continue;
    const doc = header.getString(`TFDOC${match[1]}`) ?? card.comment ?? '';
    flags.push({ name: card.value.trim(), doc: doc.trim(), bit: Number(match[1]) - 1 });
  }
  return flags.sort((x, y) => x.bit - y.bit);
}
