/** Detector id → name from a space-separated list of names for consecutive ids starting at `first`. */
export function consecutiveDetectorNames(names: string, first = 0): Record<number, string> {
  return Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n, i) => [first + i, n]));
}

/** Ids `first` … `last` inclusive. */
export function idRange(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
