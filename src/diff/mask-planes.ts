import type { FitsHeader } from '../fits/header.js';

/** Prefix of afw's mask-plane keywords: `MP_<PLANE> = <bit index>`. */
export const MASK_PLANE_PREFIX = 'MP_';

/** The mask planes a header declares (`MP_*` keywords), by plane name. */
export function readMaskPlanes(header: FitsHeader): Map<string, number> {
  const planes = new Map<string, number>();
  for (const card of header.cards) {
    const keyword = card.keyword.toUpperCase();
    if (!keyword.startsWith(MASK_PLANE_PREFIX) || typeof card.value !== 'number') continue;
    if (Number.isInteger(card.value) && card.value >= 0 && card.value < 64) planes.set(keyword.slice(MASK_PLANE_PREFIX.length), card.value);
  }
  return planes;
}

/** True when a header describes an afw mask: `MP_*` keywords, or `EXTTYPE`/`EXTNAME` `MASK`. */
export function isMaskHeader(header: FitsHeader): boolean {
  if (header.getString('EXTTYPE')?.trim().toUpperCase() === 'MASK') return true;
  if (header.getString('EXTNAME')?.trim().toUpperCase() === 'MASK') return true;
  return header.cards.some((card) => card.keyword.toUpperCase().startsWith(MASK_PLANE_PREFIX));
}
