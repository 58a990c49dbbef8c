/**
 * The written (raw) form of a dimension universe configuration, field for field as daf_butler's
 * `dimensions.yaml` spells it (snake_case keys). Key order in objects is significant: the
 * `config:dimensions.json` attribute is this object serialised in declaration order.
 */

/** A key or metadata field of an element. */
export interface DimensionFieldConfig {
  readonly name: string;
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'hash';
  readonly length?: number;
  readonly nbytes?: number;
  readonly nullable?: boolean;
  readonly doc?: string;
}

/** How daf_butler stores an element's records (kept verbatim for the serialised config). */
export interface DimensionStorageConfig {
  readonly cls: string;
  readonly nested?: { readonly cls: string; readonly view_of?: string };
}

/** One dimension element. */
export interface DimensionElementConfig {
  readonly doc?: string;
  readonly keys?: readonly DimensionFieldConfig[];
  readonly requires?: readonly string[];
  readonly implies?: readonly string[];
  readonly metadata?: readonly DimensionFieldConfig[];
  readonly governor?: boolean;
  readonly populated_by?: string;
  readonly always_join?: boolean;
  readonly storage?: DimensionStorageConfig;
}

/** A skypix system (`htm`, `healpix`). */
export interface SkyPixSystemConfig {
  readonly class: string;
  readonly max_level: number;
}

/** A data ID packer. */
export interface DimensionPackerConfig {
  readonly fixed: readonly string[];
  readonly dimensions: readonly string[];
  readonly cls: string;
}

/** A whole universe configuration (`version`, `namespace`, `skypix`, `elements`, `topology`, `packers`). */
export interface DimensionConfig {
  readonly version: number;
  readonly namespace: string;
  readonly skypix: { readonly common: string } & Readonly<Record<string, SkyPixSystemConfig | string>>;
  readonly elements: Readonly<Record<string, DimensionElementConfig>>;
  readonly topology: {
    readonly spatial: Readonly<Record<string, readonly string[]>>;
    readonly temporal: Readonly<Record<string, readonly string[]>>;
  };
  readonly packers: Readonly<Record<string, DimensionPackerConfig>>;
}
