/**
 * Types of a loaded, merged and normalised Gen2 mapper policy (gen2-format.md §3). Only types here; the
 * loader is `load-mapper-policy.ts`.
 */
import type { MapperEntry } from '../mapper-catalog.js';

/** The four dataset sections of a mapper policy, in the order CameraMapper processes them. */
export const POLICY_SECTIONS = ['images', 'exposures', 'calibrations', 'datasets'] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

/** One component of a composite dataset (`composite:` in the policy, gen2-format §3.7). */
export interface CompositeComponent {
  /** The dataset type that holds the component. */
  readonly datasetType: string;
  /** The component is a subset over finer data IDs (e.g. `raw_amp` of `raw`). */
  readonly subset?: boolean;
  /** The component is only read, never written. */
  readonly inputOnly?: boolean;
  /** Name of the setter used by the assembler, when given. */
  readonly setter?: string;
  /** Name of the getter used by the disassembler, when given. */
  readonly getter?: string;
}

/** One dataset type of a mapper policy after merging and normalisation (gen2-format §3.3). */
export interface DatasetMapping {
  /** Dataset type name (`calexp`, `_raw`, `deepCoadd_skyMap`). */
  readonly name: string;
  /** Section the entry comes from. Calibration templates are relative to the calib root. */
  readonly section: PolicySection;
  /** Path template; undefined when the policy gives none, `''` (camera must supply) or `'ignored'`. */
  readonly template: string | undefined;
  /**
   * Storage type (`FitsStorage`, `PickleStorage`, `ignored`, `Internal`, `None`…). Undefined only for a
   * `datasets` entry that names none (Gen2 could neither read nor write it).
   */
  readonly storage: string | undefined;
  /** Python type, e.g. `lsst.afw.image.ExposureF`. */
  readonly python?: string;
  /** C++/persistable type name, e.g. `ExposureF`, `ignored`, `PurePythonClass`. */
  readonly persistable?: string;
  /** Camera level: `Ccd`, `Amp`, `Skytile`, `None`. */
  readonly level?: string;
  /** Registry tables for lookups, NATURAL JOINed (`tables:`; the singular typo `table:` is ignored). */
  readonly tables: readonly string[];
  /** Data-ID keys usable in WHERE / to fetch from `reference` (absent = no restriction). */
  readonly columns?: readonly string[];
  /** Calibrations: raw-registry tables used to fetch missing keys (`raw_visit`, `raw`). */
  readonly reference?: readonly string[];
  /** Calibrations: data-ID keys usable against `reference`. */
  readonly refCols?: readonly string[];
  /** Calibrations: add `(obsTime BETWEEN validStart AND validEnd)` to the calib lookup. Default is `false`. */
  readonly validRange: boolean;
  /** Observation-time column (calibrations default to `taiObs`; other sections only when given). */
  readonly obsTimeName?: string;
  /** Validity start column. Default is `validStart`. */
  readonly validStartName: string;
  /** Validity end column. Default is `validEnd`. */
  readonly validEndName: string;
  /** Calibrations: set the filter on the loaded exposure (`filter:`; does not affect paths). */
  readonly setFilter?: boolean;
  /** Composite components, keyed by component name; a composite has no file of its own unless templated. */
  readonly composite?: Readonly<Record<string, CompositeComponent>>;
  /** Composite assembler (dotted Python name). */
  readonly assembler?: string;
  /** Composite disassembler (dotted Python name). */
  readonly disassembler?: string;
  /** The dataset is only read, never written (`inputOnly:` at entry level). */
  readonly inputOnly?: boolean;
  /** FITS write recipe name (Gen2 uses `default` when absent). */
  readonly recipe?: string;
  /** Free-text description from the policy. */
  readonly description?: string;
  /** The merged entry as plain data (after obs_base and section defaults), for anything not normalised here. */
  readonly raw: unknown;
}

/** A merged, normalised mapper policy (camera policy < repository `_policy`; obs_base and section defaults underneath). */
export interface MapperPolicy {
  /** Final class name of the mapper (`HscMapper`). */
  readonly mapperClass: string;
  /** The catalog entry the policy was loaded for. */
  readonly mapper: MapperEntry;
  /**
   * Absolute paths of the files merged, in the order the loader merged them: camera policy files (first
   * occurrence wins among them), the repository policy source when given, then obs_base `exposures.yaml`
   * and `datasets.yaml` (merged under the camera sections).
   */
  readonly files: readonly string[];
  /** Whether the calibration registry is opened (`needCalibRegistry`). Default is `false`. */
  readonly needCalibRegistry: boolean;
  /** Policy `calibRoot` override (rare). */
  readonly calibRoot?: string;
  /** Policy `registryPath` override. */
  readonly registryPath?: string;
  /** Policy `calibRegistryPath` override. */
  readonly calibRegistryPath?: string;
  /** Camera geometry directory relative to the policy directory (`camera:`). */
  readonly camera?: string;
  /** Level → data-ID keys NOT relevant at that level (`levels:`; a string or list in YAML). */
  readonly levels: Readonly<Record<string, readonly string[]>>;
  /** Level used when `level=''` (`defaultLevel:`), undefined when the policy gives none. */
  readonly defaultLevel: string | undefined;
  /** `defaultSubLevels:` level → sub-level. */
  readonly defaultSubLevels: Readonly<Record<string, string>>;
  /** Every dataset type, in CameraMapper's order (sections images, exposures, calibrations, datasets). */
  readonly datasets: ReadonlyMap<string, DatasetMapping>;
  /** Non-fatal findings (unresolved YAML tags, kept as inert data), each naming its file. */
  readonly warnings: readonly string[];
  /** The merged top-level policy as plain data. */
  readonly raw: Readonly<Record<string, unknown>>;
}
