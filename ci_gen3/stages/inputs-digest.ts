import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** `sha256:<hex>` of the canonical JSON of `value` (object keys sorted, undefined dropped). */
export function inputsDigest(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical(value ?? null))).digest('hex')}`;
}
