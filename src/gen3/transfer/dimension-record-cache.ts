import type { DimensionUniverse } from '../dimensions/index.js';
import type { Registry } from '../registry/index.js';
import { keyText } from '../registry/index.js';

/** A data ID with the implied values filled in, and the records it touched (by element name). */
export interface ExpandedDataId {
  readonly dataId: Record<string, string | number | bigint>;
  readonly records: Record<string, Record<string, unknown> | null>;
}

/**
 * Reads every record of an element once and answers lookups by data ID: expands data IDs to
 * their implied dimensions (as daf_butler's `expandDataId`) for file templates and exports.
 */
export class DimensionRecordCache {
  private readonly byElement = new Map<string, Map<string, Record<string, unknown>>>();

  constructor(
    private readonly registry: Registry,
    private readonly universe: DimensionUniverse = registry.universe,
  ) {}

  /** The column that holds dimension `d`'s value in the table of `element`. */
  column(element: string, d: string): string {
    return d === element ? (this.universe.element(element).keys[0]?.name ?? d) : d;
  }

  private async table(element: string): Promise<Map<string, Record<string, unknown>>> {
    let m = this.byElement.get(element);
    if (!m) {
      m = new Map();
      const e = this.universe.element(element);
      for (const r of await this.registry.queryDimensionRecords(element)) m.set(e.required.map((d) => keyText(r[this.column(element, d)])).join('\u0000'), r);
      this.byElement.set(element, m);
    }
    return m;
  }

  /** The record of `element` for the values in `dataId`, or undefined (also when a key is missing). */
  async record(element: string, dataId: Readonly<Record<string, unknown>>): Promise<Record<string, unknown> | undefined> {
    const e = this.universe.element(element);
    if (!e.hasTable) return undefined;
    if (e.required.some((d) => dataId[d] === undefined || dataId[d] === null)) return undefined;
    return (await this.table(element)).get(e.required.map((d) => keyText(dataId[d])).join('\u0000'));
  }

  /** All records of `element` (sorted by primary key). */
  async all(element: string): Promise<Record<string, unknown>[]> {
    return [...(await this.table(element)).values()];
  }

  /**
   * `dataId` over `dimensions` expanded to the implied dimensions (values read from the records of
   * the dimensions that imply them), with the records of every element with a table whose required
   * dimensions are all known.
   */
  async expand(dimensions: readonly string[], dataId: Readonly<Record<string, unknown>>): Promise<ExpandedDataId> {
    const { required, implied } = this.universe.closure(dimensions);
    const out: Record<string, string | number | bigint> = {};
    for (const d of required) out[d] = dataId[d] as string | number | bigint;
    const records: Record<string, Record<string, unknown> | null> = {};
    for (let changed = true; changed; ) {
      changed = false;
      for (const d of [...required, ...implied]) {
        if (out[d] === undefined || records[d] !== undefined) continue;
        const e = this.universe.element(d);
        if (!e.hasTable) continue;
        const rec = (await this.record(d, out)) ?? null;
        records[d] = rec;
        changed = true;
        if (rec) for (const i of e.implied) if (out[i] === undefined && rec[i] !== undefined && rec[i] !== null) out[i] = rec[i] as string | number | bigint;
      }
    }
    const known = new Set(Object.keys(out));
    for (const e of this.universe.elements) {
      if (!e.hasTable || records[e.name] !== undefined || known.has(e.name)) continue;
      if (e.kind === 'join' && e.required.every((d) => known.has(d))) records[e.name] = (await this.record(e.name, out)) ?? null;
    }
    return { dataId: out, records };
  }
}
