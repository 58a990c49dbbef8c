import { CARD_SIZE } from './block.js';
import { COMMENTARY_KEYWORDS, STANDARD_KEYWORD, isComplex, type Card, type CardValue } from './card.js';
import { FitsWriteError } from './errors.js';
import { formatReal } from './real-format.js';

const VALUE_WIDTH = 20;
const LONG_STRING_WIDTH = 67;
const LONG_COMMENT_WIDTH = 64;
const COMMENTARY_WIDTH = CARD_SIZE - 8;

/**
 * The card images (a multiple of 80 characters) of `card`: its `raw` text when present, otherwise
 * formatted like astropy (fixed format for short values, `CONTINUE` cards for long strings, several
 * cards for long commentary text, `HIERARCH` for keywords that are not standard). A comment that does
 * not fit is truncated, as astropy does.
 * @throws FitsWriteError when the card cannot be represented.
 */
export function formatCard(card: Card): string {
  if (card.raw !== undefined) return card.raw;
  const keyword = card.keyword;
  if (COMMENTARY_KEYWORDS.has(keyword)) return formatCommentary(keyword, card.value ?? '');
  if (keyword === 'CONTINUE') return pad(`CONTINUE  ${formatValue(card.value ?? '', false)}`);
  if (card.value === undefined) return formatCommentary(keyword, card.comment ?? '');

  const hierarch = !STANDARD_KEYWORD.test(keyword);
  const value = hierarch ? formatValue(card.value, card.float === true).trim() : formatValue(card.value, card.float === true);
  let head = hierarch ? `HIERARCH ${keyword} ` : keyword.padEnd(8);
  if (hierarch && `${head}= ${value}`.length === CARD_SIZE + 1) head = head.trimEnd();
  const bare = `${head}= ${value}`;
  const image = card.comment ? `${bare} / ${card.comment}` : bare;
  if (image.length <= CARD_SIZE) return pad(image);
  if (typeof card.value === 'string' && value.length > CARD_SIZE - head.length - 2) {
    return formatLongString(head, card.value, card.comment);
  }
  if (bare.length > CARD_SIZE) throw new FitsWriteError(`header card ${keyword} is too long to fit in 80 characters`);
  return image.slice(0, CARD_SIZE);
}

/** Formats a value in fixed format (strings left-aligned from column 11, others right-aligned to column 30). */
export function formatValue(value: CardValue, float: boolean): string {
  if (typeof value === 'string') {
    if (value === '') return "''";
    return `'${escapeString(value).padEnd(8)}'`.padEnd(VALUE_WIDTH);
  }
  if (typeof value === 'boolean') return (value ? 'T' : 'F').padStart(VALUE_WIDTH);
  if (typeof value === 'bigint') return value.toString().padStart(VALUE_WIDTH);
  if (typeof value === 'number') {
    const integral = Number.isSafeInteger(value) && !float && !Object.is(value, -0);
    return (integral ? String(value) : formatReal(value)).padStart(VALUE_WIDTH);
  }
  if (isComplex(value)) return `(${formatReal(value.re)}, ${formatReal(value.im)})`.padStart(VALUE_WIDTH);
  return '';
}

function formatLongString(head: string, value: string, comment: string | undefined): string {
  const firstWidth = LONG_STRING_WIDTH + 10 - (head.length + 2);
  if (firstWidth < 1) throw new FitsWriteError(`header keyword ${head.trim()} is too long for a long-string value`);
  const chunks = splitEscaped(escapeString(value), LONG_STRING_WIDTH, firstWidth);
  const images = chunks.map((chunk, i) => {
    const last = i === chunks.length - 1 && !comment;
    return pad(`${i === 0 ? `${head}= ` : 'CONTINUE  '}'${chunk}${last ? '' : '&'}'`);
  });
  if (comment) {
    const words = splitWords(comment, LONG_COMMENT_WIDTH);
    words.forEach((word, i) => images.push(pad(`CONTINUE  '${i === words.length - 1 ? '' : '&'}' / ${word}`)));
  }
  return images.join('');
}

function formatCommentary(keyword: string, text: CardValue): string {
  if (typeof text !== 'string') throw new FitsWriteError(`${keyword || 'blank keyword'} cards carry text, not ${typeof text}`);
  if (text.length <= COMMENTARY_WIDTH) return pad(`${keyword.padEnd(8)}${text}`);
  const images: string[] = [];
  for (let i = 0; i < text.length; i += COMMENTARY_WIDTH) images.push(pad(`${keyword.padEnd(8)}${text.slice(i, i + COMMENTARY_WIDTH)}`));
  return images.join('');
}

/**
 * Splits an escaped string into pieces of at most `width` characters (`firstWidth` for the first),
 * never between the two quotes of an escaped `''`, preferring to break after a space.
 */
function splitEscaped(text: string, width: number, firstWidth: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    const limit = chunks.length === 0 ? firstWidth : width;
    let end = Math.min(start + limit, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end - 1);
      if (space > start) end = space + 1;
      else if (endsInsideQuotePair(text, start, end)) end -= 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks.length > 0 ? chunks : [''];
}

function endsInsideQuotePair(text: string, start: number, end: number): boolean {
  let quotes = 0;
  for (let i = end - 1; i >= start && text[i] === "'"; i--) quotes++;
  return quotes % 2 === 1;
}

function splitWords(text: string, width: number): string[] {
  const words: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + width, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end - 1);
      if (space > start) end = space + 1;
    }
    words.push(text.slice(start, end));
    start = end;
  }
  return words;
}

function escapeString(value: string): string {
  return value.replaceAll("'", "''");
}

function pad(image: string): string {
  return image.padEnd(CARD_SIZE);
}
