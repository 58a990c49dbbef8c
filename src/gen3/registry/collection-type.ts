/** daf_butler's `CollectionType`. */
export type CollectionType = 'RUN' | 'TAGGED' | 'CHAINED' | 'CALIBRATION';

const CODES: Readonly<Record<CollectionType, number>> = { RUN: 1, TAGGED: 2, CHAINED: 3, CALIBRATION: 4 };

/** The `collection.type` value of a collection type (RUN=1, TAGGED=2, CHAINED=3, CALIBRATION=4). */
export function collectionTypeCode(type: CollectionType): number {
  return CODES[type];
}

/** The collection type stored as `code`. @throws Error for an unknown code. */
export function collectionTypeFromCode(code: unknown): CollectionType {
  const found = (Object.keys(CODES) as CollectionType[]).find((t) => CODES[t] === Number(code));
  if (!found) throw new Error(`unknown collection type code ${String(code)}`);
  return found;
}

/** True for the four collection type names. */
export function isCollectionType(value: unknown): value is CollectionType {
  return typeof value === 'string' && value in CODES;
}
