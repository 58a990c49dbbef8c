import { normalizeKeyword, type Card, type CardValue } from '../fits/card.js';
import type { FitsHeader } from '../fits/header.js';
import type { DiffBase, Pair } from './diff-value.js';
import { EXACT, isClose, type Tolerance } from './tolerance.js';
import { wildcardMatcher } from './wildcard.js';
import { BoundedMap } from '../cache/bounded-map.js';

/** Options of {@link diffHeaders}. */
export interface HeaderDiffOptions {
  /** Keywords (wildcards allowed) whose presence and values are not compared. Default is none. */
  readonly ignoreKeywords: readonly string[];
  /** Keywords (wildcards allowed) whose comments are not compared; `*` ignores every comment. Default is none. */
  readonly ignoreComments: readonly string[];
  /** Tolerance for real-valued keywords (both sides written as reals). Default is exact. */
  readonly tolerance: Tolerance;
  /** Trailing blanks of string values are not significant. Default is `true`. */
  readonly ignoreBlanks: boolean;
  /** Entirely blank cards are skipped. Default is `true`. */
  readonly ignoreBlankCards: boolean;
  /**
   * Different card counts are a difference even when the extra cards are ignored keywords: astropy's
   * `HeaderDiff` counts every non-blank card. Default is `false`.
   */
  readonly countAllCards: boolean;
  /**
   * Whether keywords present on one side only make the headers differ (astropy) or are only listed
   * (the parity harness, `docs/ci-parity.md` §5.2). Default is `'difference'`.
   */
  readonly oneSidedKeywords: 'difference' | 'informational';
}

/** Defaults of {@link HeaderDiffOptions}: astropy `HeaderDiff`'s. */
export const DEFAULT_HEADER_DIFF_OPTIONS: HeaderDiffOptions = {
  ignoreKeywords: [],
  ignoreComments: [],
  tolerance: EXACT,
  ignoreBlanks: true,
  ignoreBlankCards: true,
  countAllCards: false,
  oneSidedKeywords: 'difference',
};

/** A keyword found in one header only. */
export interface OneSidedKeyword {
  readonly keyword: string;
  /** The value of its first card. */
  readonly value: CardValue | undefined;
}

/** A value or comment that differs between two cards of the same keyword. */
export interface KeywordDifference extends Pair<CardValue | undefined> {
  readonly keyword: string;
  /** 1 for the first card of the keyword, 2 for its first duplicate, … */
  readonly occurrence: number;
}

/** A keyword that occurs a different number of times in each header. */
export interface DuplicateCountDifference extends Pair<number> {
  readonly keyword: string;
}

/** Differences between two headers, modelled on astropy's `HeaderDiff`. */
export interface HeaderDiff extends DiffBase<'header'> {
  /** Set when {@link HeaderDiffOptions.countAllCards} is on and the card counts differ. */
  readonly cardCounts?: Pair<number>;
  readonly onlyInA: readonly OneSidedKeyword[];
  readonly onlyInB: readonly OneSidedKeyword[];
  /** Whether {@link onlyInA}/{@link onlyInB} count as differences. */
  readonly oneSidedKeywords: HeaderDiffOptions['oneSidedKeywords'];
  readonly duplicateCounts: readonly DuplicateCountDifference[];
  readonly values: readonly KeywordDifference[];
  readonly comments: readonly KeywordDifference[];
  /** Keywords present in either header and skipped by the ignore rules, sorted. */
  readonly ignored: readonly string[];
}

interface KeywordCards {
  readonly keyword: string;
  readonly cards: Card[];
}

/**
 * Compares two headers: keywords of one side only, duplicate counts, values (reals within the
 * tolerance, strings without trailing blanks), comments. Keywords are compared in sorted order, as
 * astropy does; the order of cards is not compared.
 */
export function diffHeaders(a: FitsHeader, b: FitsHeader, options: Partial<HeaderDiffOptions> = {}): HeaderDiff {
  const opts = Object.assign({}, DEFAULT_HEADER_DIFF_OPTIONS, options);
  const isIgnored = wildcardMatcher(opts.ignoreKeywords);
  const isCommentIgnored = wildcardMatcher(opts.ignoreComments);
  if (a === b) return sameHeader(a, opts, isIgnored);
  const cardsA = significantCards(a, opts);
  const cardsB = significantCards(b, opts);
  const groupsA = groupByKeyword(cardsA);
  const groupsB = groupByKeyword(cardsB);

  const ignored = [...new Set([...groupsA.keys(), ...groupsB.keys()].filter(isIgnored))].sort();
  const cardCounts = opts.countAllCards && cardsA.length !== cardsB.length ? { a: cardsA.length, b: cardsB.length } : undefined;
  const oneSided = (mine: Map<string, KeywordCards>, other: Map<string, KeywordCards>): OneSidedKeyword[] =>
    [...mine.entries()]
      .filter(([key]) => !other.has(key) && !isIgnored(key))
      .sort(([x], [y]) => compareStrings(x, y))
      .map(([, group]) => ({ keyword: group.keyword, value: group.cards[0]?.value }));

  const duplicateCounts: DuplicateCountDifference[] = [];
  const values: KeywordDifference[] = [];
  const comments: KeywordDifference[] = [];
  const common = [...groupsA.keys()].filter((key) => groupsB.has(key) && !isIgnored(key)).sort(compareStrings);
  for (const key of common) {
    const groupA = groupsA.get(key) as KeywordCards;
    const groupB = groupsB.get(key) as KeywordCards;
    if (groupA.cards.length !== groupB.cards.length) duplicateCounts.push({ keyword: groupA.keyword, a: groupA.cards.length, b: groupB.cards.length });
    const pairs = Math.min(groupA.cards.length, groupB.cards.length);
    for (let i = 0; i < pairs; i++) {
      const cardA = groupA.cards[i] as Card;
      const cardB = groupB.cards[i] as Card;
      if (!sameValue(cardA, cardB, opts)) values.push({ keyword: groupA.keyword, occurrence: i + 1, a: cardA.value, b: cardB.value });
      if (!isCommentIgnored(key) && (cardA.comment ?? '') !== (cardB.comment ?? '')) {
        comments.push({ keyword: groupA.keyword, occurrence: i + 1, a: cardA.comment, b: cardB.comment });
      }
    }
  }

  const diff = {
    ...(cardCounts ? { cardCounts } : {}),
    onlyInA: oneSided(groupsA, groupsB),
    onlyInB: oneSided(groupsB, groupsA),
    oneSidedKeywords: opts.oneSidedKeywords,
    duplicateCounts,
    values,
    comments,
    ignored,
  };
  const identical =
    !cardCounts &&
    duplicateCounts.length === 0 &&
    values.length === 0 &&
    comments.length === 0 &&
    (opts.oneSidedKeywords === 'informational' || (diff.onlyInA.length === 0 && diff.onlyInB.length === 0));
  return { kind: 'header', identical, summary: summarizeHeaderDiff(diff, identical), ...diff };
}

/**
 * {@link diffHeaders} of a header with itself: every value equals itself (a real within any
 * tolerance, ±inf included; header values are never NaN), so only the ignored keywords are listed.
 */
function sameHeader(header: FitsHeader, opts: HeaderDiffOptions, isIgnored: (key: string) => boolean): HeaderDiff {
  // Headers shared between files (parseFitsPair) are compared with themselves once per rule set (and revision).
  const rules = `${header.revision}\u0000${String(opts.ignoreBlankCards)}\u0000${opts.oneSidedKeywords}\u0000${listKey(opts.ignoreKeywords)}`;
  let known = sameHeaderDiffs.get(header);
  const diff = known?.get(rules);
  if (diff) return diff;
  if (!known) {
    known = new BoundedMap(16);
    sameHeaderDiffs.set(header, known);
  }
  const computed = compareWithItself(header, opts, isIgnored);
  known.set(rules, computed);
  return computed;
}

/** A key for a keyword list: an id for a frozen list (it cannot change), else its contents. */
function listKey(list: readonly string[]): string {
  if (!Object.isFrozen(list)) return `=${list.join('\u0000')}`;
  let id = frozenListIds.get(list);
  if (id === undefined) {
    id = nextListId++;
    frozenListIds.set(list, id);
  }
  return `#${id}`;
}

const frozenListIds = new WeakMap<readonly string[], number>();
let nextListId = 0;

/** {@link sameHeader}'s results by header and rule set; the diffs are never modified. */
const sameHeaderDiffs = new WeakMap<FitsHeader, BoundedMap<string, HeaderDiff>>();

function compareWithItself(header: FitsHeader, opts: HeaderDiffOptions, isIgnored: (key: string) => boolean): HeaderDiff {
  const keys = new Set<string>();
  for (const card of significantCards(header, opts)) keys.add(normalizeKeyword(card.keyword));
  const diff = { onlyInA: [], onlyInB: [], oneSidedKeywords: opts.oneSidedKeywords, duplicateCounts: [], values: [], comments: [], ignored: [...keys].filter(isIgnored).sort() };
  return { kind: 'header', identical: true, summary: summarizeHeaderDiff(diff, true), ...diff };
}

function significantCards(header: FitsHeader, opts: HeaderDiffOptions): Card[] {
  if (!opts.ignoreBlankCards) return [...header.cards];
  return header.cards.filter((card) => !(card.keyword.trim() === '' && (card.value === undefined || card.value === '') && card.comment === undefined));
}

function groupByKeyword(cards: readonly Card[]): Map<string, KeywordCards> {
  const groups = new Map<string, KeywordCards>();
  for (const card of cards) {
    const key = normalizeKeyword(card.keyword);
    const group = groups.get(key);
    if (group) group.cards.push(card);
    else groups.set(key, { keyword: card.keyword, cards: [card] });
  }
  return groups;
}

function sameValue(a: Card, b: Card, opts: HeaderDiffOptions): boolean {
  const x = a.value;
  const y = b.value;
  if (typeof x === 'string' && typeof y === 'string') return opts.ignoreBlanks ? x.trimEnd() === y.trimEnd() : x === y;
  if (typeof x === 'number' && typeof y === 'number') return isReal(a, x) && isReal(b, y) ? isClose(x, y, opts.tolerance) : x === y;
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) {
    return typeof x === 'bigint' && typeof y === 'bigint' ? x === y : Number(x) === Number(y);
  }
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) return x.re === y.re && x.im === y.im;
  return x === y;
}

/** A value written as a real (`30.0`), or any non-integral number of a header built in memory. */
function isReal(card: Card, value: number): boolean {
  return card.float === true || !Number.isInteger(value);
}

function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function summarizeHeaderDiff(diff: Omit<HeaderDiff, 'kind' | 'identical' | 'summary'>, identical: boolean): string {
  const names = (list: readonly { keyword: string }[]): string => {
    const unique = [...new Set(list.map((item) => item.keyword))];
    return unique.slice(0, 5).join(', ') + (unique.length > 5 ? `, … (${unique.length})` : '');
  };
  const parts: string[] = [];
  if (diff.cardCounts) parts.push(`card counts ${diff.cardCounts.a} vs ${diff.cardCounts.b}`);
  if (diff.values.length > 0) parts.push(`values differ: ${names(diff.values)}`);
  if (diff.comments.length > 0) parts.push(`comments differ: ${names(diff.comments)}`);
  if (diff.duplicateCounts.length > 0) parts.push(`duplicate counts differ: ${names(diff.duplicateCounts)}`);
  const note = diff.oneSidedKeywords === 'informational' ? ' (informational)' : '';
  if (diff.onlyInA.length > 0) parts.push(`only in a${note}: ${names(diff.onlyInA)}`);
  if (diff.onlyInB.length > 0) parts.push(`only in b${note}: ${names(diff.onlyInB)}`);
  if (parts.length === 0) return 'headers identical';
  return identical ? `headers identical; ${parts.join('; ')}` : parts.join('; ');
}
