/**
 * daf_persistence `Policy.update` / `Policy.merge` on plain data (gen2-format §3.1: "deep merge of
 * mappings; scalars/lists from the higher-priority side replace"). Inputs are never modified.
 */

/** A YAML mapping as plain data. */
export type PlainMap = Record<string, unknown>;

/** True for a plain mapping (not an array, Date or null). */
export function isPlainMap(value: unknown): value is PlainMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets an own enumerable property, also for the key `__proto__` (which plain assignment would not). */
export function setOwn(target: PlainMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Deep copy of plain data (mappings and arrays are copied; other values are shared, they are immutable). */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => deepCopy(v)) as T;
  if (isPlainMap(value)) {
    const out: PlainMap = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, deepCopy(v));
    return out as T;
  }
  return value;
}

/**
 * `Policy.update`: returns `base` updated by `over` — mappings are merged recursively, every other value
 * of `over` replaces. Key order follows `base`, with keys new in `over` appended (Python dict order).
 *
 * One deliberate deviation: where `base` holds a non-mapping and `over` a mapping, Python's `doUpdate`
 * keeps only the last key of `over` (a bug no real policy relies on); here `over`'s mapping replaces.
 */
export function policyUpdate(base: PlainMap, over: PlainMap): PlainMap {
  const out = deepCopy(base);
  for (const [k, v] of Object.entries(over)) {
    const cur = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    if (isPlainMap(v)) setOwn(out, k, isPlainMap(cur) ? policyUpdate(cur, v) : deepCopy(v));
    else setOwn(out, k, deepCopy(v));
  }
  return out;
}

/**
 * `Policy.merge`: returns `base` completed by `under` — keys of `base` win (recursively for mappings),
 * keys only in `under` are added. Implemented as Python does, `deepcopy(under).update(base)`, so the
 * key order is `under`'s followed by keys only in `base`.
 */
export function policyMerge(base: PlainMap, under: PlainMap): PlainMap {
  return policyUpdate(under, base);
}
