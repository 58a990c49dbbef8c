import type { FitsHeader } from './header.js';

/** What an HDU holds, decided from its position, `XTENSION` and `ZIMAGE`. */
export type HduKind = 'primary' | 'image' | 'compressed-image' | 'bintable' | 'table' | 'unknown';

/** A rule of the HDU classification registry. */
export interface HduKindRule {
  readonly kind: Exclude<HduKind, 'unknown'>;
  matches(header: FitsHeader, index: number): boolean;
}

const xtension = (header: FitsHeader): string | undefined => header.getString('XTENSION')?.trim().toUpperCase();
const isBinTable = (header: FitsHeader): boolean => ['BINTABLE', 'A3DTABLE'].includes(xtension(header) ?? '');

/** Classification rules, tried in order; an HDU no rule matches is `unknown` and kept as raw bytes. */
export const HDU_KIND_RULES: readonly HduKindRule[] = [
  { kind: 'primary', matches: (_header, index) => index === 0 },
  { kind: 'image', matches: (header) => ['IMAGE', 'IUEIMAGE'].includes(xtension(header) ?? '') },
  { kind: 'compressed-image', matches: (header) => isBinTable(header) && header.get('ZIMAGE') === true },
  { kind: 'bintable', matches: isBinTable },
  { kind: 'table', matches: (header) => xtension(header) === 'TABLE' },
];

/** The kind of the HDU at `index` with this header. */
export function classifyHdu(header: FitsHeader, index: number): HduKind {
  return HDU_KIND_RULES.find((rule) => rule.matches(header, index))?.kind ?? 'unknown';
}
