import { SeededRandom } from '../../ci_gen3/demo/random.js';

/** A seeded uniform [0, 1) generator (the demo generator's mulberry32), for reproducible test and benchmark data. */
export function prng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
