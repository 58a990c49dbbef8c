import type { DimensionFieldConfig } from './dimension-config.js';

/** What an element is: a dimension with keys, a skypix level, or a join element (no keys). */
export type DimensionElementKind = 'dimension' | 'skypix' | 'join';

/** One element of a {@link DimensionUniverse}, with its dependencies resolved. */
export interface DimensionElement {
  readonly name: string;
  readonly kind: DimensionElementKind;
  /** Position in the universe's element order. */
  readonly index: number;
  /** Primary key first, then alternate keys (dimensions only). */
  readonly keys: readonly DimensionFieldConfig[];
  readonly metadata: readonly DimensionFieldConfig[];
  /** Direct `requires` of the configuration. */
  readonly directRequires: readonly string[];
  /** Direct `implies` of the configuration. */
  readonly directImplies: readonly string[];
  /** Every dimension whose value identifies a record (the element itself included for a dimension), universe order. */
  readonly required: readonly string[];
  /** Dimensions implied by this element (directly), universe order. */
  readonly implied: readonly string[];
  readonly governor: boolean;
  /** Whether records live in a table of their own (not `band`, not skypix levels). */
  readonly hasTable: boolean;
  /** Spatial family name from the topology, if spatial. */
  readonly spatialFamily?: string;
  /** Temporal family name from the topology, if temporal. */
  readonly temporalFamily?: string;
  /** For skypix levels: system and level. */
  readonly skypix?: { readonly system: string; readonly level: number };
  readonly doc?: string;
}
