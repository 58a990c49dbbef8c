import type { TemplateValue } from './python-format-spec.js';

/** The dimensions of a dataset type, as names (daf_butler `DimensionGroup`). */
export interface TemplateDimensions {
  /** Required dimension names. */
  readonly required: readonly string[];
  /** All dimension names: required and implied. */
  readonly names: readonly string[];
}

/** What file templates need to know about a dataset type. */
export interface TemplateDatasetType {
  /** Full name; a component dataset type is `parent.component`. */
  readonly name: string;
  readonly dimensions: TemplateDimensions;
  /** Storage class name (template lookup key). */
  readonly storageClass: string;
  /** The parent's storage class for a component dataset type (template lookup key). */
  readonly parentStorageClass?: string;
}

/** A data-ID key value. */
export type DataIdKeyValue = string | number | bigint;

/**
 * Metadata of one dimension record (`exposure.obs_id`, `detector.full_name`…). Give every field of
 * the record, `null` for Python `None` (formatted as `None`, as daf_butler does); a missing key acts
 * like an unknown metadata field (an optional template field is then dropped). JS integer numbers
 * format as Python ints, so a float metadata value such as `30.0` formats as `30`.
 */
export type TemplateRecord = Readonly<Record<string, TemplateValue>>;

/** What a file template is formatted for: a resolved dataset reference (daf_butler `DatasetRef`). */
export interface TemplateRef {
  readonly datasetType: TemplateDatasetType;
  /** Data-ID values: the required dimensions, plus the implied ones when the data ID is full. */
  readonly dataId: Readonly<Record<string, DataIdKeyValue>>;
  /**
   * Dimension records by element name when the data ID is expanded (`hasRecords()`); `null` for an
   * element without a record. Needed by `dim.metadata` fields.
   */
  readonly records?: Readonly<Record<string, TemplateRecord | null>>;
  /** RUN collection name. */
  readonly run: string;
  /** Dataset ID (dashed UUID). */
  readonly id: string;
}

/** Splits `parent.component` at the first dot (daf_butler `DatasetType.splitDatasetTypeName`). */
export function splitDatasetTypeName(name: string): [string, string | undefined] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}

const SKYPIX = /^(htm|healpix)\d+$/;

/** The one sky-pixelisation dimension of a dimension set, aliased as `skypix` in templates; undefined when there is not exactly one. */
export function skypixAlias(dimensions: TemplateDimensions): string | undefined {
  const sky = dimensions.names.filter((n) => SKYPIX.test(n));
  return sky.length === 1 ? sky[0] : undefined;
}
