import { BoundedMap } from '../cache/bounded-map.js';

/** A FITS complex value `(re, im)`. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/**
 * A header value: string, logical, integer (`bigint` outside the safe integer range), real, complex, or
 * `null` for a keyword present with an undefined value (`KEY     =` followed by nothing or a comment).
 * Commentary cards (`COMMENT`, `HISTORY`, blank keyword) carry their text as a string value.
 */
export type CardValue = string | boolean | number | bigint | Complex | null;

/** One logical header card. A long string spread over `CONTINUE` cards is a single card. */
export interface Card {
  /** Keyword, upper case for standard keywords; HIERARCH keywords without the `HIERARCH ` prefix. */
  readonly keyword: string;
  readonly value?: CardValue;
  readonly comment?: string;
  /** The card images as read (a multiple of 80 characters); written back verbatim when present. */
  readonly raw?: string;
  /** Written as a real even when the number is integral (e.g. `30.0`). */
  readonly float?: boolean;
}

/** Keywords whose cards carry free text instead of a value. */
export const COMMENTARY_KEYWORDS: ReadonlySet<string> = new Set(['COMMENT', 'HISTORY', '']);

/** True when `value` is a {@link Complex}. */
export function isComplex(value: CardValue | undefined): value is Complex {
  return typeof value === 'object' && value !== null;
}

/** Keywords the standard allows in the 8-character keyword field. */
export const STANDARD_KEYWORD = /^[A-Z0-9_-]{0,8}$/;

/** Keywords already normalized (headers and comparisons look up the same few hundred keywords). */
const normalizedKeywords = new BoundedMap<string, string>(4096);

/** Lookup form of a keyword: upper case, without a `HIERARCH ` prefix. */
export function normalizeKeyword(key: string): string {
  let normalized = normalizedKeywords.get(key);
  if (normalized === undefined) {
    const upper = key.trim().toUpperCase();
    normalized = upper.startsWith('HIERARCH ') ? upper.slice('HIERARCH '.length).trim() : upper;
    normalizedKeywords.set(key, normalized);
  }
  return normalized;
}

/** A card value as text for messages: strings quoted, complex as `(re, im)`, `null` as `(undefined)`. */
export function describeValue(value: CardValue | undefined): string {
  if (value === undefined || value === null) return '(undefined)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (isComplex(value)) return `(${value.re}, ${value.im})`;
  return String(value);
}
