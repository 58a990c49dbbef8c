import type { KeyHandler } from './key-handler.js';

/**
 * One data-ID translation rule (obs_base `TranslatorFactory.addRule`). The rule fires for a dataset
 * type when every key of `gen2Keys` is still unconsumed; firing removes its `consume` keys.
 * Instrument-scoped rules are those a converter declares; the defaults apply to any instrument.
 */
export interface TranslationRule {
  /** Short name used in messages and tests, e.g. `visit→exposure (raw)`. */
  readonly name: string;
  /** Dataset types the rule is limited to; undefined = any dataset type. */
  readonly datasetTypes?: readonly string[];
  /** Gen2 keys that must all be present and unconsumed. Empty = always fires. */
  readonly gen2Keys: readonly string[];
  /** Gen2 keys the rule consumes when it fires. */
  readonly consume: readonly string[];
  readonly handler: KeyHandler;
}

/** Builds a rule; `consume` defaults to `gen2Keys` as in the reference (`consume=True`). */
export function rule(name: string, gen2Keys: readonly string[], handler: KeyHandler, options: { consume?: readonly string[]; datasetTypes?: readonly string[] } = {}): TranslationRule {
  return Object.freeze({
    name,
    gen2Keys,
    consume: options.consume ?? gen2Keys,
    handler,
    ...(options.datasetTypes ? { datasetTypes: options.datasetTypes } : {}),
  });
}
