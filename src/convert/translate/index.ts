/** Data-ID translation: a small declarative rule language (obs_base `translators.py`) and its pure engine. */
export type { KeyHandler } from './key-handler.js';
export { handlerDimension } from './key-handler.js';
export { rule, type TranslationRule } from './translation-rule.js';
export { DEFAULT_TRANSLATION_RULES, SKYMAP_DATASET_TYPES } from './default-rules.js';
export { genericInstrumentRules, type GenericInstrumentRuleOptions } from './generic-instrument-rules.js';
export type { TranslationContext } from './translation-context.js';
export { DataIdTranslator, selectRules, type Gen3DataId, type TranslatedDataId } from './data-id-translator.js';
export { makeTranslator } from './make-translator.js';
export { translatorKeys } from './translator-keys.js';
