import path from 'node:path';

/** The comparators a dataset can go through. */
export type ComparatorKind =
  /** FITS images and exposures (parity tolerances, masks by plane name). */
  | 'fits-image'
  /** FITS masks (every integer image compared as a mask). */
  | 'fits-mask'
  /** FITS catalogs (afw schema, row matching). */
  | 'fits-catalog'
  /** Any other FITS file (parity rules, tables as catalogs when they carry `AFW_TYPE`). */
  | 'fits'
  /** pex_config Python dumps. */
  | 'config'
  /** YAML or JSON. */
  | 'structured'
  /** Anything else, line by line. */
  | 'text';

/** Storage classes (daf_butler names, Gen2 python types mapped the same way) and their comparators. */
const STORAGE_CLASS_RULES: readonly { readonly pattern: RegExp; readonly comparator: ComparatorKind }[] = [
  { pattern: /^Mask[A-Z]?$/, comparator: 'fits-mask' },
  { pattern: /^(?:Exposure|MaskedImage|Image|DecoratedImage)[A-Z]?$/, comparator: 'fits-image' },
  { pattern: /Catalog$/, comparator: 'fits-catalog' },
  { pattern: /^Config$/, comparator: 'config' },
  { pattern: /^(?:PropertySet|PropertyList|TaskMetadata|StructuredData(?:Dict|List)?|Packages)$/, comparator: 'structured' },
];

/** The comparator of a storage class, or undefined when the file itself must decide. */
export function comparatorForStorageClass(storageClass: string): ComparatorKind | undefined {
  const name = storageClass.trim().split('.').pop() ?? '';
  return STORAGE_CLASS_RULES.find((rule) => rule.pattern.test(name))?.comparator;
}

/**
 * The comparator for a file from its first bytes and name: FITS magic (`SIMPLE  =`) or gzip magic →
 * FITS; `.fits`/`.fit`/`.fz` → FITS; `.yaml`/`.yml`/`.json` → structured; `.py` → config; else text.
 */
export function comparatorForFile(file: string, head: Uint8Array): ComparatorKind {
  const magic = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 9)).toString('latin1');
  if (magic.startsWith('SIMPLE  =') || (head[0] === 0x1f && head[1] === 0x8b)) return 'fits';
  const name = path.basename(file).toLowerCase().replace(/\.gz$/, '');
  const extension = path.extname(name);
  if (['.fits', '.fit', '.fts', '.fz'].includes(extension)) return 'fits';
  if (['.yaml', '.yml', '.json'].includes(extension)) return 'structured';
  if (extension === '.py') return 'config';
  return 'text';
}
