/**
 * Serialises a diff value as JSON. Non-finite numbers become the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` (JSON has no literal for them) and bigints become decimal strings.
 */
export function renderDiffJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
      return item;
    },
    2,
  );
}
