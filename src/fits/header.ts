import { BLOCK_SIZE, CARD_SIZE, paddedSize } from './block.js';
import { COMMENTARY_KEYWORDS, STANDARD_KEYWORD, normalizeKeyword, type Card, type CardValue } from './card.js';
import { formatCard } from './card-formatter.js';
import { FitsWriteError } from './errors.js';
import { HeaderParser } from './header-parser.js';

/** Options of {@link FitsHeader.set}. */
export interface SetCardOptions {
  /** Write an integral number as a real (`30.0` rather than `30`). Default is `false`. */
  float?: boolean;
}

const END_CARD = 'END'.padEnd(CARD_SIZE);
const RESERVED_KEYWORDS = new Set(['END', 'CONTINUE', 'HIERARCH']);

/**
 * A FITS header: an ordered list of cards. Lookups are case-insensitive and accept HIERARCH keywords
 * with or without the `HIERARCH ` prefix; when a keyword occurs more than once the first card wins.
 * Cards read from a file keep their text and are written back byte for byte unless replaced.
 */
export class FitsHeader {
  #cards: Card[];
  /** Normalized keyword → index of its first card; built on the first lookup, dropped on any change. */
  #first: Map<string, number> | undefined;
  #revision = 0;

  constructor(cards: Iterable<Card> = []) {
    this.#cards = [...cards];
  }

  /**
   * Parses a header from its bytes (whole 2880-byte blocks, the last containing `END`).
   * @param source names the data in error messages.
   * @throws FitsError when a card is malformed, `END` is missing or the bytes are not whole blocks.
   */
  static parse(bytes: Uint8Array, source = '<buffer>'): FitsHeader {
    const parser = new HeaderParser({ file: source, hdu: 0, offset: 0 });
    for (let offset = 0; offset < bytes.length; offset += BLOCK_SIZE) {
      if (parser.push(bytes.subarray(offset, offset + BLOCK_SIZE))) break;
    }
    return new FitsHeader(parser.cards());
  }

  /** The cards in order, without the `END` card. */
  get cards(): readonly Card[] {
    return this.#cards;
  }

  /** True when a card with this keyword exists. */
  has(key: string): boolean {
    return this.#indexOf(key) >= 0;
  }

  /** The value of the first card with this keyword (`null` for an undefined value), or undefined when absent. */
  get(key: string): CardValue | undefined {
    return this.#cards[this.#indexOf(key)]?.value;
  }

  /** The values of every card with this keyword, e.g. all `HISTORY` texts. */
  getAll(key: string): CardValue[] {
    const wanted = normalizeKeyword(key);
    return this.#cards.filter((card) => normalizeKeyword(card.keyword) === wanted && card.value !== undefined).map((card) => card.value as CardValue);
  }

  /** The first card with this keyword. */
  getCard(key: string): Card | undefined {
    return this.#cards[this.#indexOf(key)];
  }

  /** The value as a number when it is an integer or real (bigints converted, possibly losing precision). */
  getNumber(key: string): number | undefined {
    const value = this.get(key);
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    return undefined;
  }

  /** The value when it is a string. */
  getString(key: string): string | undefined {
    const value = this.get(key);
    return typeof value === 'string' ? value : undefined;
  }

  /** The value when it is a logical. */
  getBoolean(key: string): boolean | undefined {
    const value = this.get(key);
    return typeof value === 'boolean' ? value : undefined;
  }

  /**
   * Sets a keyword: replaces the first card with this keyword in place (keeping its comment unless a new
   * one is given), or appends a card. `COMMENT`, `HISTORY` and blank keywords always append. Keywords
   * that are not standard (longer than 8 characters, other characters) become HIERARCH cards.
   * @throws FitsWriteError for reserved keywords or values a header cannot hold (NaN, non-ASCII text).
   */
  set(key: string, value: CardValue, comment?: string, options: SetCardOptions = {}): this {
    const keyword = checkedKeyword(key);
    if (COMMENTARY_KEYWORDS.has(keyword)) return this.append(keyword, value);
    const index = this.#indexOf(keyword);
    const previous = this.#cards[index];
    const card = checkedCard({
      keyword: previous?.keyword ?? keyword,
      value,
      ...(comment !== undefined ? { comment } : previous?.comment !== undefined ? { comment: previous.comment } : {}),
      ...(options.float ? { float: true } : {}),
    });
    if (previous) this.#cards[index] = card;
    else this.#cards.push(card);
    this.#changed();
    return this;
  }

  /**
   * Appends a card even when the keyword already exists (commentary cards, deliberate duplicates).
   * @throws FitsWriteError like {@link FitsHeader.set}.
   */
  append(key: string, value?: CardValue, comment?: string): this {
    const keyword = checkedKeyword(key);
    this.#changed();
    this.#cards.push(
      checkedCard({
        keyword,
        ...(value !== undefined ? { value } : {}),
        ...(comment !== undefined ? { comment } : {}),
      }),
    );
    return this;
  }

  /** Removes every card with this keyword; returns how many were removed. */
  delete(key: string): number {
    const wanted = normalizeKeyword(key);
    const before = this.#cards.length;
    this.#cards = this.#cards.filter((card) => normalizeKeyword(card.keyword) !== wanted);
    this.#changed();
    return before - this.#cards.length;
  }

  /** A copy that can be modified independently. */
  clone(): FitsHeader {
    return new FitsHeader(this.#cards);
  }

  /**
   * The header as FITS bytes: the cards, an `END` card, space padding to a multiple of 2880 bytes.
   * @throws FitsWriteError when a card cannot be formatted.
   */
  toBuffer(): Buffer {
    const text = this.#cards.map(formatCard).join('') + END_CARD;
    const buffer = Buffer.alloc(paddedSize(text.length), ' ');
    buffer.write(text, 'latin1');
    return buffer;
  }

  /** Counts the changes made to the header (`set`, `append`, `delete`): what was derived from it at another revision is stale. */
  get revision(): number {
    return this.#revision;
  }

  #changed(): void {
    this.#first = undefined;
    this.#revision++;
  }

  #indexOf(key: string): number {
    if (this.#first === undefined) {
      const first = new Map<string, number>();
      this.#cards.forEach((card, i) => {
        const k = normalizeKeyword(card.keyword);
        if (!first.has(k)) first.set(k, i);
      });
      this.#first = first;
    }
    return this.#first.get(normalizeKeyword(key)) ?? -1;
  }
}

function checkedKeyword(key: string): string {
  const keyword = normalizeKeyword(key);
  if (RESERVED_KEYWORDS.has(keyword)) throw new FitsWriteError(`${keyword} cannot be set as a header keyword`);
  if (!STANDARD_KEYWORD.test(keyword) && !/^[ -<>-~]+$/.test(keyword)) {
    throw new FitsWriteError(`invalid header keyword ${JSON.stringify(key)}`);
  }
  return STANDARD_KEYWORD.test(keyword) ? keyword : key.trim().replace(/^HIERARCH\s+/i, '');
}

function checkedCard(card: Card): Card {
  if (card.value === undefined && !STANDARD_KEYWORD.test(card.keyword)) {
    throw new FitsWriteError(`header card ${card.keyword}: a HIERARCH keyword needs a value`);
  }
  for (const text of [card.comment, typeof card.value === 'string' ? card.value : undefined]) {
    if (text !== undefined && !/^[ -~]*$/.test(text)) {
      throw new FitsWriteError(`header card ${card.keyword}: text must be printable ASCII: ${JSON.stringify(text)}`);
    }
  }
  formatCard(card);
  return card;
}
