import type { InstrumentDeclaration } from '../instrument-declaration.js';
import { DataIdTranslator, selectRules } from './data-id-translator.js';
import { DEFAULT_TRANSLATION_RULES } from './default-rules.js';
import type { TranslationContext } from './translation-context.js';

/**
 * The translator of one dataset type of an instrument, given the Gen2 keys of its template (or of a
 * registry row): the instrument's rules, then the any-instrument defaults, in reference priority.
 */
export function makeTranslator(
  declaration: Pick<InstrumentDeclaration, 'instrument' | 'rules' | 'filters'>,
  datasetType: string,
  gen2Keys: Iterable<string>,
  context: Omit<TranslationContext, 'instrument' | 'filters'> = {},
): DataIdTranslator {
  const rules = selectRules(declaration.rules, DEFAULT_TRANSLATION_RULES, datasetType, gen2Keys);
  return new DataIdTranslator(datasetType, rules, { ...context, instrument: declaration.instrument, filters: declaration.filters });
}
