import type { DimensionElement } from '../dimensions/index.js';
import type { RowValue } from '../query/index.js';
import type { KeyValue, Registry } from '../registry/index.js';
import type { Timespan } from '../time/index.js';

/** A data ID with required and implied values (`null` when an implied value is not recorded). */
export type FullDataId = Readonly<Record<string, KeyValue | null>>;

/** An expanded data ID: values in `keys` order (required then implied, universe order) and a row for `--where`. */
export interface ExpandedDataId {
  readonly keys: readonly string[];
  readonly values: FullDataId;
  /** Keyed as {@link recordLookup} expects (`visit`, `exposure.seq_num`, `exposure.timespan.begin`, `visit.day_obs`). */
  readonly row: Readonly<Record<string, RowValue>>;
  /** The record of each element of the data ID (those with tables). */
  readonly records: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

function isTimespan(v: unknown): v is Timespan {
  return typeof v === 'object' && v !== null && 'begin' in v && 'end' in v && typeof (v as Timespan).begin === 'bigint';
}

function rowValue(v: unknown): RowValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return BigInt(a) === BigInt(b);
  return false;
}

/**
 * In-memory access to the dimension records of a registry for the CLI queries: records are read
 * once per element, data IDs are expanded (implied values, every element record) and joined.
 * Meant for the repository sizes the CLI lists (every record of an element is loaded).
 */
export class DimensionRows {
  private readonly cache = new Map<string, Promise<Record<string, unknown>[]>>();

  constructor(readonly registry: Registry) {}

  /** Every record of `element` (sorted by primary key). */
  records(element: string): Promise<Record<string, unknown>[]> {
    let p = this.cache.get(element);
    if (!p) {
      p = this.registry.queryDimensionRecords(element);
      this.cache.set(element, p);
    }
    return p;
  }

  /** The column of `element`'s record holding the value of dimension `dimension`. */
  columnOf(element: DimensionElement, dimension: string): string {
    return dimension === element.name ? (element.keys[0]?.name ?? dimension) : dimension;
  }

  private async findRecord(element: DimensionElement, values: FullDataId): Promise<Record<string, unknown> | undefined> {
    const rows = await this.records(element.name);
    return rows.find((r) => element.required.every((d) => same(r[this.columnOf(element, d)], values[d])));
  }

  /** Expands a data ID holding (at least) the required values of `dimensions`. */
  async expand(dimensions: readonly string[], dataId: Readonly<Record<string, unknown>>): Promise<ExpandedDataId> {
    const universe = this.registry.universe;
    const { required, implied } = universe.closure(dimensions);
    const values: Record<string, KeyValue | null> = {};
    for (const d of required) values[d] = (dataId[d] ?? null) as KeyValue | null;
    const records = new Map<string, Readonly<Record<string, unknown>>>();
    const all = new Set([...required, ...implied]);
    // Implied values come from the records of the dimensions implying them (universe order reaches implying ones first).
    // Repeated until nothing changes: an implied value (physical_filter) may imply further ones (band).
    for (let changed = true; changed; ) {
      changed = false;
      for (const name of universe.sort(all)) {
        const element = universe.element(name);
        if (records.has(name) || !element.hasTable || !element.required.every((d) => values[d] !== undefined && values[d] !== null)) continue;
        const record = await this.findRecord(element, values);
        if (!record) continue;
        records.set(name, record);
        changed = true;
        for (const i of element.implied) if (all.has(i) && (values[i] === undefined || values[i] === null)) values[i] = (record[i] ?? null) as KeyValue | null;
      }
    }
    for (const d of implied) if (values[d] === undefined) values[d] = null;
    // Other elements whose dimensions are all present (join/relationship elements).
    for (const element of universe.elements) {
      if (records.has(element.name) || all.has(element.name) || !element.hasTable) continue;
      if (!element.required.every((d) => all.has(d)) || element.required.length === 0) continue;
      const record = await this.findRecord(element, values);
      if (record) records.set(element.name, record);
    }
    const row: Record<string, RowValue> = {};
    for (const [d, v] of Object.entries(values)) row[d] = rowValue(v);
    for (const [name, record] of records) {
      const element = universe.element(name);
      for (const [field, v] of Object.entries(record)) {
        if (isTimespan(v)) {
          row[`${name}.${field}.begin`] = v.begin;
          row[`${name}.${field}.end`] = v.end;
        } else row[`${name}.${field}`] = rowValue(v);
      }
      for (const d of [...element.required, ...element.implied]) row[`${name}.${d}`] = rowValue(record[this.columnOf(element, d)]);
    }
    return { keys: [...required, ...implied], values, row, records };
  }

  /**
   * Data IDs over the required closure of `dimensions` that have records: the natural join of the
   * tables of those dimensions (relationship tables such as `visit_definition` are not consulted).
   */
  async joinDataIds(dimensions: readonly string[]): Promise<Record<string, KeyValue>[]> {
    const universe = this.registry.universe;
    const { required } = universe.closure(dimensions);
    let partial: Record<string, KeyValue>[] = [{}];
    for (const d of required) {
      const element = universe.element(d);
      if (!element.hasTable) throw new Error(`dimension ${d} has no table to enumerate its values`);
      const rows = await this.records(d);
      const next: Record<string, KeyValue>[] = [];
      for (const p of partial) {
        for (const r of rows) {
          if (!element.required.every((k) => k === d || same(p[k], r[this.columnOf(element, k)]))) continue;
          next.push({ ...p, [d]: r[this.columnOf(element, d)] as KeyValue });
        }
      }
      partial = next;
    }
    return partial;
  }
}
