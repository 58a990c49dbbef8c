import { readFileChecked } from '../fs/read-file-checked.js';
import { parseFitsPair } from '../fits/fits-file.js';
import { comparatorForFile, comparatorForStorageClass, type ComparatorKind } from './comparator-choice.js';
import { diffConfigs, type ConfigDiff, type ConfigDiffOptions } from './config-diff.js';
import { parseConfigDump } from './config-dump.js';
import { diffFits, type FitsDiff } from './fits-diff.js';
import { PARITY_FITS_OPTIONS, type FitsDiffOptions } from './fits-diff-options.js';
import { parseStructuredData } from './structured-data.js';
import { diffStructured, type StructuredDiff, type StructuredDiffOptions } from './structured-diff.js';
import { diffText, type TextDiff, type TextDiffOptions } from './text-diff.js';

/** What comparing two dataset files gives, by comparator. */
export type DatasetDiff = FitsDiff | ConfigDiff | StructuredDiff | TextDiff;

/** Options of {@link compareFiles}. */
export interface CompareFilesOptions {
  /** The dataset's storage class (`ExposureF`, `MaskX`, `SourceCatalog`, `Config`, `PropertySet`, …). */
  readonly storageClass?: string;
  /** Forces a comparator, whatever the storage class and file say. */
  readonly comparator?: ComparatorKind;
  /** Overrides of the FITS rules; the base is {@link PARITY_FITS_OPTIONS}. */
  readonly fits?: Partial<FitsDiffOptions>;
  readonly config?: Partial<ConfigDiffOptions>;
  readonly structured?: Partial<StructuredDiffOptions>;
  readonly text?: Partial<TextDiffOptions>;
}

/**
 * Compares two dataset files with the comparator their storage class names (ExposureF/ImageF/… →
 * FITS images, MaskX → masks, SourceCatalog/Catalog → catalogs, Config → pex_config dumps,
 * PropertySet/PropertyList/StructuredDataDict → YAML), else the one the first file's bytes and name
 * suggest (FITS or gzip magic, `.yaml`/`.json`, `.py`, text). FITS files use the parity rules.
 * @throws FileAccessError when a file cannot be read.
 * @throws FitsError, ConfigDumpError, StructuredDataError when a file cannot be parsed; each names the file.
 */
export async function compareFiles(fileA: string, fileB: string, options: CompareFilesOptions = {}): Promise<DatasetDiff> {
  // Synchronous reads: the comparison that follows is CPU-bound.
  const bytesA = readFileChecked(fileA);
  const bytesB = readFileChecked(fileB);
  return compareFileBytes(fileA, bytesA, fileB, bytesB, options);
}

/**
 * {@link compareFiles} on the files' bytes, already read. The diff may refer to the bytes (e.g. the
 * bytes of an unknown FITS extension), so they must stay unchanged while the diff is used.
 * @throws FitsError, ConfigDumpError, StructuredDataError like {@link compareFiles}.
 */
export function compareFileBytes(fileA: string, bytesA: Buffer, fileB: string, bytesB: Buffer, options: CompareFilesOptions = {}): DatasetDiff {
  const comparator = options.comparator ?? (options.storageClass === undefined ? undefined : comparatorForStorageClass(options.storageClass)) ?? comparatorForFile(fileA, bytesA);
  switch (comparator) {
    case 'fits':
    case 'fits-image':
    case 'fits-mask':
    case 'fits-catalog': {
      const rules: Partial<FitsDiffOptions> = comparator === 'fits-mask' ? { masks: 'all' } : comparator === 'fits-catalog' ? { tables: 'catalog' } : {};
      // HDUs with the same bytes in both files are parsed once and shared: the comparison only reads
      // them, finds what it would find in two copies, and skips comparing an HDU with itself.
      const [fitsA, fitsB] = parseFitsPair(bytesA, fileA, bytesB, fileB);
      return diffFits(fitsA, fitsB, Object.assign({}, PARITY_FITS_OPTIONS, rules, options.fits));
    }
    case 'config':
      return diffConfigs(parseConfigDump(text(bytesA), fileA), parseConfigDump(text(bytesB), fileB), options.config);
    case 'structured':
      return diffStructured(parseStructuredData(text(bytesA), fileA), parseStructuredData(text(bytesB), fileB), { a: fileA, b: fileB }, options.structured);
    case 'text':
      return diffText(text(bytesA), text(bytesB), { a: fileA, b: fileB }, options.text);
  }
}


function text(bytes: Buffer): string {
  return bytes.toString('utf8');
}
