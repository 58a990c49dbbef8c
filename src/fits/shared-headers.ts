import { BLOCK_SIZE, CARD_SIZE } from './block.js';
import type { FitsHeader } from './header.js';
import { MAX_HEADER_BLOCKS } from './header-parser.js';
import { BoundedMap } from '../cache/bounded-map.js';

/** A header found in a stream, and where the data unit after it starts. */
export interface ScannedHeader {
  readonly header: FitsHeader;
  readonly dataOffset: number;
}

/** Most headers kept, bounded: emptied when full. */
const SHARED_HEADER_LIMIT = 1024;

const END_CARD = Buffer.from('END     ', 'latin1');

/**
 * Parsed headers shared by their bytes: a header whose cards (up to its `END` card) were
 * parsed before is the same {@link FitsHeader} object, with its keyword index already built. Files of
 * one dataset type repeat their extension headers exactly. For read-only use (comparisons): a header
 * obtained here must never be modified.
 */
export class SharedHeaders {
  readonly #byText = new BoundedMap<string, FitsHeader>(SHARED_HEADER_LIMIT);

  /**
   * The header starting at `offset`: the shared one when these bytes were seen before, else what
   * `parse` finds (which also reports malformed headers), remembered for next time.
   */
  get(buffer: Buffer, offset: number, parse: () => ScannedHeader): ScannedHeader {
    const endCard = endCardOf(buffer, offset);
    if (endCard === undefined) return parse();
    // The cards up to END decide the header (the rest of its last block is never read).
    const text = buffer.toString('latin1', offset, endCard + CARD_SIZE);
    const end = offset + Math.ceil((endCard + CARD_SIZE - offset) / BLOCK_SIZE) * BLOCK_SIZE;
    const known = this.#byText.get(text);
    if (known) return { header: known, dataOffset: end };
    const parsed = parse();
    if (parsed.dataOffset === end) this.#byText.set(text, parsed.header);
    return parsed;
  }
}

/** Where the first `END` card after `offset` is, in a whole block within the limits; undefined when there is none. */
function endCardOf(buffer: Buffer, offset: number): number | undefined {
  for (let block = offset, count = 0; block + BLOCK_SIZE <= buffer.length && count < MAX_HEADER_BLOCKS; block += BLOCK_SIZE, count++) {
    for (let card = block; card < block + BLOCK_SIZE; card += CARD_SIZE) {
      if (buffer[card] === 0x45 && END_CARD.compare(buffer, card, card + END_CARD.length) === 0) return card;
    }
  }
  return undefined;
}
