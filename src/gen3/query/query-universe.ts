/**
 * What the expression resolver needs to know about a dimension universe. An interface so that the
 * registry can supply it from the repository's `dimensions.json`; {@link universeV8} is a built-in
 * description of daf_butler's universe version 8.
 */

/** Types of scalar values in expressions. `datetime` is TAI nanoseconds. */
export type ScalarType = 'int' | 'float' | 'string' | 'bool' | 'datetime';
/** Types of element fields: scalars, plus whole timespans and regions. */
export type FieldType = ScalarType | 'timespan' | 'region';

/** One dimension element (a dimension such as `visit`, or a join element such as `visit_definition`). */
export interface QueryElement {
  /** Element name, e.g. `exposure`. */
  readonly name: string;
  /** Primary key of a dimension (`id`/int, `name`/string); absent for elements that are not dimensions. */
  readonly key?: { readonly name: string; readonly type: 'int' | 'string' };
  /** True for governor dimensions (`instrument`, `skymap`). */
  readonly governor: boolean;
  /** Required dimensions other than the element itself, e.g. `['instrument']` for `exposure`. */
  readonly required: readonly string[];
  /** Implied dimensions, e.g. `['day_obs', 'group', 'physical_filter']` for `exposure`. */
  readonly implied: readonly string[];
  /** Other fields: alternate keys, metadata, and `timespan`/`region` for temporal/spatial elements. */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Which of {@link fields} are alternate keys (`detector.full_name`, `exposure.obs_id`, `visit.name`). Default is none. */
  readonly alternateKeys?: readonly string[];
  /**
   * For a dimension without a table of its own (`band`): the element field that holds its value
   * (`{ element: 'physical_filter', field: 'band' }`).
   */
  readonly impliedBy?: { readonly element: string; readonly field: string };
}

/** A dimension universe as seen by query expressions. */
export interface QueryUniverse {
  /** Universe version (informational). */
  readonly version: number;
  /** All elements by name. */
  readonly elements: ReadonlyMap<string, QueryElement>;
}

/** The governor a dimension or element depends on (`exposure` → `instrument`), if any; a governor is its own. */
export function governorOf(universe: QueryUniverse, name: string): string | undefined {
  const element = universe.elements.get(name);
  if (element === undefined) return undefined;
  if (element.governor) return name;
  for (const dimension of dimensionClosure(universe, element.required)) {
    if (universe.elements.get(dimension)?.governor === true) return dimension;
  }
  return undefined;
}

/** The element's own dimensions plus required and implied ones, closed transitively. */
export function dimensionClosure(universe: QueryUniverse, names: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const stack = [...names];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (result.has(name)) continue;
    const element = universe.elements.get(name);
    if (element === undefined) continue;
    if (element.key !== undefined) result.add(name);
    stack.push(...element.required, ...element.implied);
  }
  return result;
}

/**
 * The elements a query over `dimensions` can see: those whose dimensions all lie in the closure of
 * `dimensions` (daf_butler's `DimensionGroup.elements`).
 */
export function elementsOf(universe: QueryUniverse, dimensions: Iterable<string>): string[] {
  const closure = dimensionClosure(universe, dimensions);
  return [...universe.elements.values()]
    .filter((e) => (e.key === undefined || closure.has(e.name)) && e.required.every((d) => closure.has(d)))
    .map((e) => e.name);
}
