/** Statistics of |a − b| over the values finite on both sides. */
export interface DifferenceStats {
  /** How many value pairs were finite on both sides. */
  readonly compared: number;
  readonly maxAbs: number;
  readonly meanAbs: number;
  readonly medianAbs: number;
  /** Largest |a − b| / |b| over the pairs with b ≠ 0 (0 when there is none). */
  readonly maxRel: number;
}

const EMPTY = new Float64Array(0);

/**
 * Collects absolute and relative differences, then summarises them. Only non-zero differences are
 * stored (for the median), so comparing nearly identical images costs little memory.
 */
export class DifferenceAccumulator {
  /** Allocated at the first non-zero difference: most comparisons of parity outputs have none. */
  #nonZero: Float64Array = EMPTY;
  readonly #initialCapacity: number;
  #nonZeroCount = 0;
  #zeros = 0;
  #sum = 0;
  #max = 0;
  #maxRel = 0;

  constructor(initialCapacity = 1024) {
    this.#initialCapacity = Math.max(16, initialCapacity);
  }

  /** Adds `count` pairs of equal finite values (|a − b| = 0) at once. */
  addZeros(count: number): void {
    this.#zeros += count;
  }

  /** Adds one pair; both values must be finite. */
  add(a: number, b: number): void {
    const absolute = Math.abs(a - b);
    if (absolute === 0) {
      this.#zeros++;
      return;
    }
    if (this.#nonZeroCount === this.#nonZero.length) this.#grow();
    this.#nonZero[this.#nonZeroCount++] = absolute;
    this.#sum += absolute;
    if (absolute > this.#max) this.#max = absolute;
    if (b !== 0) {
      const relative = absolute / Math.abs(b);
      if (relative > this.#maxRel) this.#maxRel = relative;
    }
  }

  /** The statistics, or undefined when no pair was added. */
  stats(): DifferenceStats | undefined {
    const compared = this.#zeros + this.#nonZeroCount;
    if (compared === 0) return undefined;
    return { compared, maxAbs: this.#max, meanAbs: this.#sum / compared, medianAbs: this.#median(compared), maxRel: this.#maxRel };
  }

  /** The median of the zeros and the stored non-zero values (all positive, so the zeros come first). */
  #median(count: number): number {
    const values = this.#nonZero.subarray(0, this.#nonZeroCount);
    const rank = (r: number): number => (r < this.#zeros ? 0 : select(values, r - this.#zeros));
    const upper = rank(count >> 1);
    if (count % 2 === 1) return upper;
    const lowerRank = (count >> 1) - 1;
    if (lowerRank < this.#zeros) return upper / 2;
    let lower = 0;
    for (let i = 0; i < lowerRank - this.#zeros + 1; i++) lower = Math.max(lower, values[i] as number);
    return (lower + upper) / 2;
  }

  #grow(): void {
    const bigger = new Float64Array(this.#nonZero.length === 0 ? this.#initialCapacity : this.#nonZero.length * 2);
    bigger.set(this.#nonZero);
    this.#nonZero = bigger;
  }
}

/** The median of `values` (reordered in place), by quickselect. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const upper = select(values, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}

/** Moves the k-th smallest value to index k (everything before it is ≤, after it ≥) and returns it. */
function select(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}
