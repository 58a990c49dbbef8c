import type { FieldSpec, ForeignKeySpec } from '../ddl/index.js';
import type { DimensionFieldConfig, DimensionUniverse } from '../dimensions/index.js';

/** A dimension metadata/key field declaration as a column. */
export function fieldFromConfig(field: DimensionFieldConfig, nullable: boolean, name = field.name): FieldSpec {
  const base = { name, nullable, ...(field.doc ? { doc: field.doc } : {}) };
  switch (field.type) {
    case 'string':
      return { ...base, type: 'string', ...(field.length !== undefined ? { length: field.length } : {}) };
    case 'int':
      return { ...base, type: 'int' };
    case 'float':
      return { ...base, type: 'float' };
    case 'bool':
      return { ...base, type: 'bool' };
    case 'hash':
      return { ...base, type: 'hash' };
  }
}

/** The column that holds dimension `name`'s value in another table (named after the dimension, typed as its primary key). */
export function dimensionColumn(universe: DimensionUniverse, name: string, nullable = false): FieldSpec {
  const key = universe.element(name).keys[0];
  if (!key) throw new Error(`dimension ${name} has no key`);
  return fieldFromConfig(key, nullable, name);
}

/** The primary-key columns of dimension `name`'s own table (required dimensions, then its key). */
export function dimensionTableKey(universe: DimensionUniverse, name: string): string[] {
  const element = universe.element(name);
  const key = element.keys[0];
  return element.required.map((d) => (d === name && key ? key.name : d));
}

/** The foreign key from a table holding dimension columns to dimension `name`'s table, or none for table-less dimensions. */
export function dimensionForeignKey(universe: DimensionUniverse, name: string): ForeignKeySpec | undefined {
  const element = universe.element(name);
  if (!element.hasTable) return undefined;
  return { table: name, source: element.required, target: dimensionTableKey(universe, name) };
}
