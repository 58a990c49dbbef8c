import type { FitsHeader } from '../../src/fits/header.js';
import type { DatasetContent } from './neutral-butler.js';

/**
 * The content with the butler's provenance cards appended to the primary header of FITS data
 * (Gen2: `RERUN`; Gen3: `RUN` and the `LSST BUTLER *` cards daf_butler writes). Config dumps are
 * returned unchanged.
 */
export function withProvenance(content: DatasetContent, cards: FitsHeader): DatasetContent {
  if (content.format !== 'fits') return content;
  const [primary, ...rest] = content.hdus;
  if (!primary || primary.kind === 'bintable') return content;
  const header = primary.header ? primary.header.clone() : cards.clone();
  if (primary.header) for (const card of cards.cards) if (card.value !== undefined) header.set(card.keyword, card.value, card.comment);
  return { format: 'fits', hdus: [Object.assign({}, primary, { header }), ...rest] };
}

/** True for the header keywords a butler writes about itself (not carried from an input to an output). */
export function isProvenanceKeyword(keyword: string): boolean {
  const k = keyword.toUpperCase().replace(/^HIERARCH\s+/, '');
  return k === 'RUN' || k === 'RERUN' || k.startsWith('LSST BUTLER');
}
