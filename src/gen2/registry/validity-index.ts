/**
 * An in-memory answer to one shape of calibration lookup, `SELECT DISTINCT <select> FROM t WHERE k1 = ? AND … AND
 * (? BETWEEN start AND end)`, built from one read of the table, for a registry that does not change while it
 * is open. It answers only where JavaScript provably gives SQLite's answer, and says "ask SQLite" otherwise:
 * - equality columns of INTEGER affinity holding only numbers, compared with number bindings (numeric
 *   equality), or of TEXT affinity holding only strings, compared with string bindings (byte equality);
 * - validity columns of TEXT affinity holding only strings, compared with a string binding; strings with a
 *   code unit ≥ U+D800 (where UTF-16 order and SQLite's UTF-8 byte order can differ) are not accepted;
 * - no `COLLATE` in the table definition (checked by the caller);
 * - at most one distinct row found: with two or more, the order SQLite returns them in (scan or index
 *   order) is SQLite's to give.
 */
import type { Gen2Value } from '../data-id.js';
import type { Gen2RegistryValue } from './registry-types.js';

/** The affinities the index understands (SQLite §3.1 rules on the declared type). */
export type IndexedAffinity = 'integer' | 'text';

/** `integer` or `text` when SQLite gives a declared column type that affinity, else undefined. */
export function indexedAffinity(declared: string): IndexedAffinity | undefined {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  return undefined;
}

const ORDER_MAY_DIFFER = /[\uD800-\uFFFF]/;

/** A stored value as the registry returns it (safe integers as numbers), or undefined when it is not one the index can hold. */
function plain(v: unknown): Gen2RegistryValue | undefined {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function keyPart(v: string | number): string {
  return typeof v === 'number' ? `n${String(v)}` : `s${v}`;
}

interface Entry {
  readonly select: readonly Gen2RegistryValue[];
  readonly start: string;
  readonly end: string;
}

/** One table's rows grouped by their equality values, for one query shape. */
export class ValidityIndex {
  private constructor(
    private readonly groups: ReadonlyMap<string, readonly Entry[]>,
    private readonly where: readonly IndexedAffinity[],
  ) {}

  /**
   * Builds the index from raw rows laid out as `[...select, ...where, start, end]` (values as read with safe
   * integers). @returns undefined when a value is one the index cannot compare exactly as SQLite does.
   */
  static build(rows: readonly (readonly unknown[])[], selectCount: number, where: readonly IndexedAffinity[]): ValidityIndex | undefined {
    const groups = new Map<string, Entry[]>();
    for (const raw of rows) {
      const select: Gen2RegistryValue[] = [];
      for (let i = 0; i < selectCount; i++) {
        const v = plain(raw[i]);
        if (v === undefined) return undefined;
        select.push(v);
      }
      const parts: string[] = [];
      let never = false;
      for (let j = 0; j < where.length; j++) {
        const v = plain(raw[selectCount + j]);
        if (v === undefined) return undefined;
        if (v === null) never = true; // NULL = ? is never true
        else if (where[j] === 'integer' ? typeof v !== 'number' : typeof v !== 'string') return undefined;
        else parts.push(keyPart(v));
      }
      const start = plain(raw[selectCount + where.length]);
      const end = plain(raw[selectCount + where.length + 1]);
      if (start === undefined || end === undefined || typeof start === 'number' || typeof end === 'number') return undefined;
      if ((start !== null && ORDER_MAY_DIFFER.test(start)) || (end !== null && ORDER_MAY_DIFFER.test(end))) return undefined;
      if (never || start === null || end === null) continue; // NULL bounds: BETWEEN is never true
      const key = parts.join('\u0000');
      const list = groups.get(key);
      const entry = { select, start, end };
      if (list) list.push(entry);
      else groups.set(key, [entry]);
    }
    return new ValidityIndex(groups, where);
  }

  /**
   * The distinct selected rows for the equality values (in the shape's order) and the range value, or
   * undefined when SQLite must answer (a binding of another type, or several rows).
   */
  lookup(where: readonly Gen2Value[], value: Gen2Value): (readonly Gen2RegistryValue[])[] | undefined {
    if (typeof value !== 'string' || ORDER_MAY_DIFFER.test(value) || where.length !== this.where.length) return undefined;
    const parts: string[] = [];
    for (let j = 0; j < where.length; j++) {
      const v = where[j]!;
      if (this.where[j] === 'integer' ? typeof v !== 'number' : typeof v !== 'string') return undefined;
      parts.push(keyPart(v));
    }
    let found: readonly Gen2RegistryValue[] | undefined;
    let foundKey: string | undefined;
    for (const e of this.groups.get(parts.join('\u0000')) ?? []) {
      if (!(value >= e.start && value <= e.end)) continue;
      const k = JSON.stringify(e.select);
      if (found === undefined) {
        found = e.select;
        foundKey = k;
      } else if (k !== foundKey) return undefined;
    }
    return found === undefined ? [] : [found];
  }
}
