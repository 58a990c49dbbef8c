/** A group of header keywords that legitimately differ between two writes of the same data. */
export interface IgnoredKeywordGroup {
  /** Why these keywords are not compared. */
  readonly reason: string;
  /** Keywords or wildcard patterns (HIERARCH keywords without the `HIERARCH ` prefix). */
  readonly keywords: readonly string[];
}

/**
 * The keywords the parity comparators ignore, from `docs/ci-parity.md` §5.2. The tile-compression
 * keywords are listed one by one (the FITS tiled-image convention's `Z…` set) instead of `Z*`, which
 * would also hide real metadata such as `ZD` or `ZENITH`.
 */
export const PARITY_IGNORED_KEYWORD_GROUPS: readonly IgnoredKeywordGroup[] = [
  {
    reason: 'structure owned by cfitsio/astropy (afw src/fits.cc ignore list)',
    keywords: ['SIMPLE', 'BITPIX', 'NAXIS*', 'EXTEND', 'GCOUNT', 'PCOUNT', 'XTENSION', 'TFIELDS', 'BSCALE', 'BZERO', 'TZERO*', 'TSCAL*', 'DATASUM', 'CHECKSUM'],
  },
  {
    reason: 'tile compression (FITS tiled image convention)',
    keywords: [
      'ZIMAGE', 'ZCMPTYPE', 'ZBITPIX', 'ZNAXIS*', 'ZTILE*', 'ZNAME*', 'ZVAL*', 'ZMASKCMP', 'ZSIMPLE', 'ZTENSION', 'ZEXTEND',
      'ZBLOCKED', 'ZPCOUNT', 'ZGCOUNT', 'ZHECKSUM', 'ZDATASUM', 'ZQUANTIZ', 'ZDITHER0', 'ZBLANK', 'ZSCALE', 'ZZERO', 'ZTHEAP',
    ],
  },
  { reason: 'astro_metadata_translator header fix-up provenance', keywords: ['ASTRO METADATA*'] },
  { reason: 'Gen3 butler provenance (absent from Gen2 files)', keywords: ['LSST BUTLER*'] },
  { reason: 'afw archive bookkeeping (depends on the afw version)', keywords: ['AR_HDU', 'ARCHIVE_ID_*', 'EXPINFO_V'] },
  { reason: 'file creation date, written at processing time', keywords: ['DATE'] },
  { reason: 'mask plane bit numbers: process-global and order-dependent; the mask comparator remaps planes by name', keywords: ['MP_*'] },
];

/** {@link PARITY_IGNORED_KEYWORD_GROUPS} flattened. */
export const PARITY_IGNORED_KEYWORDS: readonly string[] = PARITY_IGNORED_KEYWORD_GROUPS.flatMap((group) => group.keywords);
