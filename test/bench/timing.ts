/** The fastest of several runs and what the last run returned. */
export interface Timed<T> {
  readonly bestMs: number;
  readonly allMs: readonly number[];
  readonly value: T;
}

type Contenders = Record<string, () => Promise<unknown>>;

/**
 * Times `contenders` round-robin (a, b, a, b, …) for `rounds` rounds, so that cache warm-up and
 * machine noise hit each the same way; keeps the best time of each.
 */
export async function bestOfInterleaved<C extends Contenders>(rounds: number, contenders: C): Promise<{ [K in keyof C]: Timed<Awaited<ReturnType<C[K]>>> }> {
  const results: Record<string, { bestMs: number; allMs: number[]; value: unknown }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [key, run] of Object.entries(contenders)) {
      const started = performance.now();
      const value = await run();
      const ms = performance.now() - started;
      const entry = (results[key] ??= { bestMs: Infinity, allMs: [], value });
      entry.allMs.push(ms);
      entry.bestMs = Math.min(entry.bestMs, ms);
      entry.value = value;
    }
  }
  return results as { [K in keyof C]: Timed<Awaited<ReturnType<C[K]>>> };
}

/** The `p`th percentile (nearest rank) of ascending `sorted`; the median is the lower middle of an even count. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}
