/** Runs async operations with at most `limit` in flight; the rest wait in FIFO order. */
export type Limiter = <T>(operation: () => Promise<T>) => Promise<T>;

/** Creates a {@link Limiter}. A finishing operation hands its slot straight to the next waiter. */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  let waiting: (() => void)[] = [];
  let head = 0;
  const next = (): (() => void) | undefined => {
    if (head === waiting.length) return undefined;
    const resolve = waiting[head++];
    if (head === waiting.length || (head > 1024 && head * 2 > waiting.length)) {
      waiting = waiting.slice(head);
      head = 0;
    }
    return resolve;
  };
  return async <T>(operation: () => Promise<T>): Promise<T> => {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await operation();
    } finally {
      const resume = next();
      if (resume) resume();
      else active--;
    }
  };
}
