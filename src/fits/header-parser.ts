import { BLOCK_SIZE, CARD_SIZE } from './block.js';
import { COMMENTARY_KEYWORDS, type Card } from './card.js';
import { parseCardImage, type ParsedCard } from './card-parser.js';
import { FitsError, type FitsLocation } from './errors.js';
import { BoundedMap } from '../cache/bounded-map.js';

/** Headers longer than this without an `END` card are rejected rather than read to the end of a huge file. */
export const MAX_HEADER_BLOCKS = 10_000;

interface LongString {
  first: Card & { value: string };
  segments: string[];
  images: string[];
  comments: string[];
}

/** Most parsed card images, bounded: emptied when full. */
const CARD_CACHE_LIMIT = 16_384;

/**
 * Parsed card images (valid cards and `END` only; their objects are never modified). Files of one
 * dataset type repeat most of their cards (structure, mask planes, units, and the same cards on both
 * sides of a comparison), so a hash lookup replaces most parses.
 */
const parsedCards = new BoundedMap<string, ParsedCard>(CARD_CACHE_LIMIT);

function parseCached(image: string): ParsedCard {
  const cached = parsedCards.get(image);
  if (cached) return cached;
  const parsed = parseCardImage(image);
  if (parsed.type !== 'error') parsedCards.set(image, parsed);
  return parsed;
}

/**
 * Reads header cards from consecutive 2880-byte blocks, joining `CONTINUE` long strings.
 * Errors carry the file, HDU index and the byte offset of the offending card.
 */
export class HeaderParser {
  readonly #location: Required<FitsLocation>;
  readonly #cards: Card[] = [];
  #long: LongString | undefined;
  #bytes = 0;
  #ended = false;

  /** @param location file, HDU index and byte offset where the header starts. */
  constructor(location: Required<FitsLocation>) {
    this.#location = location;
  }

  /**
   * Consumes the next block; returns true once the `END` card has been seen.
   * @throws FitsError for a short block, a malformed card or an over-long header.
   */
  push(block: Uint8Array): boolean {
    if (this.#ended) return true;
    if (block.length === 0) throw this.#error(this.#bytes, 'header has no END card before the end of the file');
    if (block.length < BLOCK_SIZE) {
      throw this.#error(this.#bytes, `truncated header: ${block.length} bytes where a 2880-byte block was expected`);
    }
    if (this.#bytes / BLOCK_SIZE >= MAX_HEADER_BLOCKS) {
      throw this.#error(this.#bytes, `header has no END card within ${MAX_HEADER_BLOCKS} blocks`);
    }
    const text = Buffer.from(block.buffer, block.byteOffset, BLOCK_SIZE).toString('latin1');
    for (let i = 0; i < BLOCK_SIZE; i += CARD_SIZE) {
      const parsed = parseCached(text.slice(i, i + CARD_SIZE));
      if (parsed.type === 'error') throw this.#error(this.#bytes + i, `bad header card: ${parsed.message}`);
      if (parsed.type === 'end') {
        this.#flushLongString();
        this.#ended = true;
        break;
      }
      this.#add(parsed.card);
    }
    this.#bytes += BLOCK_SIZE;
    return this.#ended;
  }

  /**
   * The cards read, in order.
   * @throws FitsError when no `END` card has been seen.
   */
  cards(): Card[] {
    if (!this.#ended) throw this.#error(this.#bytes, 'header has no END card before the end of the file');
    return this.#cards;
  }

  #add(card: Card): void {
    const long = this.#long;
    if (long && card.keyword === 'CONTINUE' && typeof card.value === 'string') {
      long.segments.push(card.value);
      long.images.push(card.raw ?? '');
      if (card.comment) long.comments.push(card.comment);
      if (!card.value.endsWith('&')) this.#flushLongString();
      return;
    }
    this.#flushLongString();
    if (typeof card.value === 'string' && card.value.endsWith('&') && card.keyword !== 'CONTINUE' && !COMMENTARY_KEYWORDS.has(card.keyword)) {
      this.#long = { first: card as LongString['first'], segments: [card.value], images: [card.raw ?? ''], comments: card.comment ? [card.comment] : [] };
      return;
    }
    this.#cards.push(card);
  }

  #flushLongString(): void {
    const long = this.#long;
    if (!long) return;
    this.#long = undefined;
    if (long.segments.length === 1) {
      this.#cards.push(long.first);
      return;
    }
    const value = long.segments.map((segment) => (segment.endsWith('&') ? segment.slice(0, -1) : segment)).join('');
    const { comment: _comment, ...first } = long.first;
    this.#cards.push({
      ...first,
      value,
      ...(long.comments.length > 0 ? { comment: long.comments.join(' ') } : {}),
      raw: long.images.join(''),
    });
  }

  #error(relativeOffset: number, message: string): FitsError {
    return new FitsError({ ...this.#location, offset: this.#location.offset + relativeOffset }, message);
  }
}
