/**
 * Which dataset types of a policy are files, and which names are virtual (gen2-format §3.6): derived
 * types the mapper adds for every mapping (`<dt>_filename`, `<dt>_md`, `<dt>_wcs`…), computed types
 * (`ignored*`, `Internal`, `None` storage), composites without a template and entries with an empty
 * template. Enumerating a repository must skip these.
 */
import type { DatasetMapping, MapperPolicy } from './mapper-policy.js';

/** Storages that never correspond to a file. `ignored:<x>` variants are matched by prefix. */
const NON_FILE_STORAGES: ReadonlySet<string> = new Set(['Internal', 'None']);

/** Names the mapper provides without any policy entry. */
const BUILTIN_VIRTUAL: ReadonlySet<string> = new Set(['camera', 'expIdInfo', 'skypolicy', 'ccdExposureId', 'ccdExposureId_bits']);

/** `deepCoaddId`, `dcrMergedCoaddId_bits`, … (computed by `bypass_` functions). */
const COADD_ID = /^\w*CoaddId(_bits)?$/;

/** Suffixes CameraMapper derives for every mapping, by the condition under which it adds them. */
const SUFFIXES_ALL = ['_filename'];
const SUFFIXES_FITS = ['_md', '_sub'];
const SUFFIXES_FITS_EXPOSURE = ['_wcs', '_header_wcs', '_photoCalib', '_visitInfo', '_filter', '_filterLabel', '_detector', '_bbox'];
const SUFFIXES_FITS_IMAGE = ['_bbox'];
const SUFFIXES_CATALOG = ['_md', '_len', '_schema'];

/**
 * True when a policy entry is backed by files: it has a real template and its storage is not `ignored*`,
 * `Internal` or `None`. An entry with a template but no storage (HSC `brighterFatterGain`, the
 * `*_verify_job` entries, written outside the butler) counts as file-backed: such files exist on disk and
 * must be classified, even though Gen2 could not read them.
 */
export function isFileBackedMapping(mapping: DatasetMapping): boolean {
  if (mapping.template === undefined) return false; // no template, '' or 'ignored' (incl. composites without one)
  const storage = mapping.storage;
  return storage === undefined || !(NON_FILE_STORAGES.has(storage) || storage.startsWith('ignored'));
}

function derivedSuffixes(mapping: DatasetMapping, policy: MapperPolicy): string[] {
  if (mapping.composite !== undefined) return []; // CameraMapper adds no derived types for composites
  const out = [...SUFFIXES_ALL];
  if (mapping.storage === 'FitsStorage') {
    out.push(...SUFFIXES_FITS);
    if (mapping.section === 'exposures') out.push(...SUFFIXES_FITS_EXPOSURE);
    if (mapping.section === 'images') out.push(...SUFFIXES_FITS_IMAGE);
  }
  if (mapping.storage === 'FitsCatalogStorage') {
    out.push('_md', '_len');
    if (!mapping.name.endsWith('_schema') && !policy.datasets.has(`${mapping.name}_schema`)) out.push('_schema');
  }
  return out.filter((s, i) => out.indexOf(s) === i);
}

/**
 * The mapping a derived name (`calexp_md`, `src_len`) comes from, with its suffix; undefined when `name`
 * is not derived from any mapping of the policy.
 */
export function derivedDatasetSource(name: string, policy: MapperPolicy): { source: DatasetMapping; suffix: string } | undefined {
  for (const suffix of new Set([...SUFFIXES_ALL, ...SUFFIXES_FITS, ...SUFFIXES_FITS_EXPOSURE, ...SUFFIXES_FITS_IMAGE, ...SUFFIXES_CATALOG])) {
    if (!name.endsWith(suffix) || name.length === suffix.length) continue;
    const source = policy.datasets.get(name.slice(0, -suffix.length));
    if (source !== undefined && derivedSuffixes(source, policy).includes(suffix)) return { source, suffix };
  }
  return undefined;
}

/**
 * True when `name` is something the mapper provides that is never a file of its own: a policy entry that is
 * not file-backed (see {@link isFileBackedMapping}), a derived name (`<dt>_filename`, `<dt>_md`, `<dt>_sub`,
 * exposure `<dt>_wcs`/`_visitInfo`/`_detector`…, catalog `<dt>_len`/`<dt>_schema`), a composite component
 * address (`raw.raw_amp`), or a built-in (`camera`, `expIdInfo`, `ccdExposureId`, `*CoaddId(_bits)`).
 * A name the policy does not know at all is not virtual (check `policy.datasets.has(name)` separately).
 */
export function isVirtualDataset(name: string, policy: MapperPolicy): boolean {
  const own = policy.datasets.get(name);
  if (own !== undefined) return !isFileBackedMapping(own);
  if (BUILTIN_VIRTUAL.has(name) || COADD_ID.test(name)) return true;
  const dot = name.indexOf('.');
  if (dot > 0) return policy.datasets.get(name.slice(0, dot))?.composite !== undefined;
  return derivedDatasetSource(name, policy) !== undefined;
}

/** The file-backed dataset types of a policy, in policy order. */
export function fileDatasetTypes(policy: MapperPolicy): DatasetMapping[] {
  return [...policy.datasets.values()].filter(isFileBackedMapping);
}
