/**
 * Typed model of a daf_butler repository export document (`butler export` / `Butler.export`,
 * `transfers/_yaml.py`), normalised to export format 1.0.2. Names of record fields and data ID keys
 * are daf_butler's (snake_case); everything else is camelCase.
 *
 * Value mapping: YAML integers are `bigint` (Python `int`), YAML floats are `number` (Python `float`),
 * so that a written file keeps `30.0` and `30` apart. Tagged values are kept inert (never evaluated).
 */

/** The export format version this model represents and {@link writeExport} writes. */
export const EXPORT_FORMAT_VERSION = '1.0.2';

/** A time as daf_butler writes it: `!butler_time/tai/iso 'YYYY-MM-DD hh:mm:ss.fffffffff'` (TAI, astropy `iso`). */
export interface ExportTime {
  readonly kind: 'time';
  /** The ISO text in the TAI scale, e.g. `2020-01-02 03:04:05.123456789`. */
  readonly tai: string;
}

/** A sphgeom region, `!<lsst.sphgeom.ConvexPolygon> {encoded: <hex>}`, kept opaque. */
export interface ExportRegion {
  readonly kind: 'region';
  /** The tag without `!<…>`, e.g. `lsst.sphgeom.ConvexPolygon`. */
  readonly tag: string;
  /** Lower-case hex of sphgeom's binary encoding. */
  readonly encoded: string;
}

/** Bytes (`!!binary`, e.g. `skymap.hash`), as base64 without line breaks. */
export interface ExportBinary {
  readonly kind: 'binary';
  readonly base64: string;
}

/** A dimension record field value. */
export type ExportValue = string | bigint | number | boolean | null | ExportTime | ExportRegion | ExportBinary;

/** One dimension record: field name → value, in the order the file gives them. */
export type ExportRecord = Record<string, ExportValue>;

/** A data ID value: dimension primary keys are integers or strings. */
export type ExportDataIdValue = string | bigint;

/** A data ID: dimension name → value (exports write the required dimensions only). */
export type ExportDataId = Record<string, ExportDataIdValue>;

/** A timespan (`!lsst.daf.butler.Timespan`): `null` bounds are unbounded; `empty` is `Timespan.EMPTY`. */
export type ExportTimespan =
  | { readonly kind: 'timespan'; readonly begin: ExportTime | null; readonly end: ExportTime | null }
  | { readonly kind: 'empty' };

/** Collection types, as named in exports. */
export type ExportCollectionType = 'RUN' | 'TAGGED' | 'CHAINED' | 'CALIBRATION';

/** `type: dimension`: records of one dimension element. */
export interface DimensionItem {
  readonly type: 'dimension';
  readonly element: string;
  readonly records: ExportRecord[];
}

interface CollectionBase {
  readonly type: 'collection';
  readonly name: string;
  /** Written only when the collection has documentation. */
  readonly doc?: string;
}

/** A RUN collection. `host` and the timespan are null in everything daf_butler writes today. */
export interface RunCollectionItem extends CollectionBase {
  readonly collectionType: 'RUN';
  readonly host: string | null;
  readonly timespanBegin: ExportTime | null;
  readonly timespanEnd: ExportTime | null;
}

/** A CHAINED collection with its ordered children. */
export interface ChainedCollectionItem extends CollectionBase {
  readonly collectionType: 'CHAINED';
  readonly children: string[];
}

/** A TAGGED or CALIBRATION collection. */
export interface PlainCollectionItem extends CollectionBase {
  readonly collectionType: 'TAGGED' | 'CALIBRATION';
}

/** `type: collection`. */
export type CollectionItem = RunCollectionItem | ChainedCollectionItem | PlainCollectionItem;

/** `type: dataset_type`. `dimensions` is the full graph (required + implied). */
export interface DatasetTypeItem {
  readonly type: 'dataset_type';
  readonly name: string;
  readonly dimensions: string[];
  readonly storageClass: string;
  readonly isCalibration: boolean;
}

/** One file of a `dataset` item and the datasets stored in it (usually one). */
export interface ExportFileDataset {
  /** Dataset UUIDs (lower-case dashed), parallel to `dataIds`. */
  readonly datasetIds: string[];
  readonly dataIds: ExportDataId[];
  /** Relative to the export directory, or an absolute URI. */
  readonly path: string;
  /** Fully-qualified formatter class; absent in some old test files. */
  readonly formatter?: string;
}

/** `type: dataset`: datasets of one dataset type in one RUN. */
export interface DatasetItem {
  readonly type: 'dataset';
  readonly datasetType: string;
  readonly run: string;
  readonly records: ExportFileDataset[];
}

/** `type: associations` for a TAGGED collection. */
export interface TaggedAssociationsItem {
  readonly type: 'associations';
  readonly collection: string;
  readonly collectionType: 'TAGGED';
  readonly datasetIds: string[];
}

/** One validity range of a CALIBRATION collection. */
export interface ValidityRange {
  readonly timespan: ExportTimespan;
  readonly datasetIds: string[];
}

/** `type: associations` for a CALIBRATION collection. */
export interface CalibrationAssociationsItem {
  readonly type: 'associations';
  readonly collection: string;
  readonly collectionType: 'CALIBRATION';
  readonly validityRanges: ValidityRange[];
}

/** `type: associations`. */
export type AssociationsItem = TaggedAssociationsItem | CalibrationAssociationsItem;

/** One entry of the document's `data` list. */
export type ExportItem = DimensionItem | CollectionItem | DatasetTypeItem | DatasetItem | AssociationsItem;

/** A whole export document in format 1.0.2. */
export interface ExportDocument {
  /** Always `Butler Data Repository Export` in files daf_butler writes. */
  readonly description: string;
  /** The dimension universe version the records follow (0 when an old file gives none). */
  readonly universeVersion: number;
  /** The universe namespace (`daf_butler` when an old file gives none). */
  readonly universeNamespace: string;
  readonly data: ExportItem[];
}

/** What {@link parseExport} found about the file beyond the normalised document. */
export interface ExportOrigin {
  /** The file name used in messages. */
  readonly file: string;
  /** The `version` as written (`0`, `1.0.0`, `1.0.1`, `1.0.2`). */
  readonly formatVersion: string;
  /** Whether the file gave `universe_version` (older ones do not; 0 is then assumed, as daf_butler does). */
  readonly universeVersionGiven: boolean;
  /** Format migrations applied while normalising, one sentence each. */
  readonly formatMigrations: string[];
  /** Universe migrations the records need to fit universe v8 (see `migrateDimensionRecords`). */
  readonly pendingUniverseMigrations: string[];
}

/** Result of {@link parseExport}. */
export interface ParsedExport {
  readonly document: ExportDocument;
  readonly origin: ExportOrigin;
}
