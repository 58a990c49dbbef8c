import type { ConversionConfigOverrides } from './conversion-config.js';
import type { FilterMap } from './filter-map.js';
import type { Gen2KeyNames } from './gen2-keys.js';
import type { InstrumentBinding } from './instrument-binding.js';
import type { MultiExtensionDeclaration } from './multi-extension.js';
import type { TranslationRule } from './translate/translation-rule.js';

/**
 * Everything the engine needs to convert one instrument's Gen2 data, as plain data: its binding,
 * Gen2 keys, instrument-scoped translation rules (the obs package's `makeDataIdTranslatorFactory`),
 * filters, config overrides (`config/convertRepo.py`) and special cases.
 */
export interface InstrumentDeclaration extends InstrumentBinding {
  /** Gen2 detector / exposure / visit keys. */
  readonly keys: Gen2KeyNames;
  /** Instrument-scoped rules in declaration order (usually `genericInstrumentRules(...)` then extras). */
  readonly rules: readonly TranslationRule[];
  /** Physical filters and their bands. */
  readonly filters: FilterMap;
  /** Detector ids the instrument has (Gen3 `detector` records); names by id when known. */
  readonly detectors: { readonly ids: readonly number[]; readonly names?: Readonly<Record<number, string>> };
  /** Gen3 formatter of raws (instrument-specific in the reference). */
  readonly rawFormatter?: string;
  /** `visit_max`, `exposure_max`, `detector_max` of the Gen3 instrument record, when known. */
  readonly limits?: { readonly visitMax: number; readonly exposureMax: number; readonly detectorMax: number };
  /** Overrides of the conversion config (obs package `config/convertRepo.py`). */
  readonly config?: ConversionConfigOverrides;
  /** Instrument-specific curated calibrations (HSC `bfKernel`, `transmission_*`, `yBackground`). */
  readonly extraCuratedCalibrations?: readonly string[];
  /** Files holding one dataset per HDU (DECam). */
  readonly multiExtension?: readonly MultiExtensionDeclaration[];
}
