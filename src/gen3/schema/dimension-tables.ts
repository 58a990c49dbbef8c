import type { FieldSpec, ForeignKeySpec, TableSpec } from '../ddl/index.js';
import type { DimensionElement, DimensionUniverse } from '../dimensions/index.js';
import { dimensionColumn, dimensionForeignKey, fieldFromConfig } from './dimension-columns.js';

const SKYPIX_SYSTEM: FieldSpec = { name: 'skypix_system', type: 'string', length: 16, nullable: false };
const SKYPIX_LEVEL: FieldSpec = { name: 'skypix_level', type: 'smallint', nullable: false };
const SKYPIX_INDEX: FieldSpec = { name: 'skypix_index', type: 'int', nullable: false };

function foreignKeys(universe: DimensionUniverse, dims: readonly string[]): ForeignKeySpec[] {
  return dims.flatMap((d) => {
    const fk = dimensionForeignKey(universe, d);
    return fk ? [fk] : [];
  });
}

/**
 * The table of one element: required dimensions, own key, implied dimensions, alternate keys,
 * metadata, region (spatial), timespan (temporal).
 */
export function elementTableSpec(universe: DimensionUniverse, element: DimensionElement): TableSpec {
  const [primary, ...alternates] = element.keys;
  const others = element.required.filter((d) => d !== element.name);
  const keyColumns = [...others, ...(primary ? [primary.name] : [])];
  const fields: FieldSpec[] = [
    ...others.map((d) => dimensionColumn(universe, d)),
    ...(primary ? [fieldFromConfig(primary, false)] : []),
    ...element.implied.map((d) => dimensionColumn(universe, d)),
    ...alternates.map((k) => fieldFromConfig(k, true)),
    ...element.metadata.map((m) => fieldFromConfig(m, true)),
    ...(element.spatialFamily ? [{ name: 'region', type: 'region', nullable: true } as const] : []),
    ...(element.temporalFamily ? [{ name: 'timespan', type: 'timespan', nullable: true } as const] : []),
  ];
  return {
    name: element.name,
    fields,
    primaryKey: keyColumns,
    unique: alternates.map((k) => ({ columns: [...others, k.name] })),
    foreignKeys: foreignKeys(universe, [...others, ...element.implied]),
    ...(element.doc ? { doc: element.doc } : {}),
  };
}

function governorsOf(universe: DimensionUniverse, element: DimensionElement): string[] {
  return element.required.filter((d) => universe.element(d).governor);
}

/** `<element>_skypix_overlap_summary` and `<element>_skypix_overlap` for a spatial element with a table. */
export function skypixOverlapTableSpecs(universe: DimensionUniverse, element: DimensionElement): [TableSpec, TableSpec] {
  const governors = governorsOf(universe, element);
  const summaryName = `${element.name}_skypix_overlap_summary`;
  const summary: TableSpec = {
    name: summaryName,
    fields: [SKYPIX_SYSTEM, SKYPIX_LEVEL, ...governors.map((g) => dimensionColumn(universe, g))],
    primaryKey: ['skypix_system', 'skypix_level', ...governors],
    foreignKeys: foreignKeys(universe, governors),
    doc: `Skypix systems and levels for which ${element.name} overlaps have been materialised.`,
  };
  const overlap: TableSpec = {
    name: `${element.name}_skypix_overlap`,
    fields: [SKYPIX_SYSTEM, SKYPIX_LEVEL, ...element.required.map((d) => dimensionColumn(universe, d)), SKYPIX_INDEX],
    primaryKey: ['skypix_system', 'skypix_level', ...element.required, 'skypix_index'],
    indexes: [{ columns: ['skypix_system', 'skypix_level', 'skypix_index', ...element.required] }],
    foreignKeys: [
      { table: summaryName, source: ['skypix_system', 'skypix_level', ...governors], target: ['skypix_system', 'skypix_level', ...governors], onDelete: 'CASCADE' },
      ...foreignKeys(universe, element.required),
    ],
    doc: `Overlaps between ${element.name} regions and skypix pixels.`,
  };
  return [summary, overlap];
}

/** `<a>_<b>_overlap_summary` and `<a>_<b>_overlap` for two spatial elements of different families (`a` < `b` by name). */
export function elementOverlapTableSpecs(universe: DimensionUniverse, a: DimensionElement, b: DimensionElement): [TableSpec, TableSpec] {
  const governors = universe.sort([...governorsOf(universe, a), ...governorsOf(universe, b)]);
  const ordered = [...governorsOf(universe, a), ...governorsOf(universe, b)].filter((g, i, all) => all.indexOf(g) === i);
  const rest = [...a.required, ...b.required].filter((d, i, all) => !governors.includes(d) && all.indexOf(d) === i);
  const dims = [...ordered, ...rest];
  const base = `${a.name}_${b.name}_overlap`;
  return [
    {
      name: `${base}_summary`,
      fields: ordered.map((g) => dimensionColumn(universe, g)),
      primaryKey: ordered,
      foreignKeys: foreignKeys(universe, ordered),
      doc: `Governor values for which ${a.name}/${b.name} overlaps have been materialised.`,
    },
    {
      name: base,
      fields: dims.map((d) => dimensionColumn(universe, d)),
      primaryKey: dims,
      foreignKeys: foreignKeys(universe, dims),
      doc: `Overlaps between ${a.name} and ${b.name} regions.`,
    },
  ];
}

/** Every dimension-related table of `universe`: element tables (universe order), then overlap tables. */
export function dimensionTableSpecs(universe: DimensionUniverse): TableSpec[] {
  const withTables = universe.elements.filter((e) => e.hasTable && e.kind !== 'skypix');
  const spatial = withTables.filter((e) => e.spatialFamily);
  const pairs: [DimensionElement, DimensionElement][] = [];
  for (const x of spatial) {
    for (const y of spatial) {
      if (x.spatialFamily !== y.spatialFamily && x.name < y.name) pairs.push([x, y]);
    }
  }
  return [
    ...withTables.map((e) => elementTableSpec(universe, e)),
    ...spatial.flatMap((e) => skypixOverlapTableSpecs(universe, e)),
    ...pairs.flatMap(([x, y]) => elementOverlapTableSpecs(universe, x, y)),
  ];
}
