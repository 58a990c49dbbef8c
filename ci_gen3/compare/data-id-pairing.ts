/**
 * How a Gen2 data ID becomes the Gen3 data ID it is paired with: the converters' translators (the
 * conversion's own code, `rule: translate`), identity (`same-keys`) or a key rename (`key-map`).
 */
import { CONVERTERS } from '../../converters/index.js';
import { findInstrumentBinding } from '../../src/convert/instrument-binding.js';
import type { InstrumentDeclaration } from '../../src/convert/instrument-declaration.js';
import { makeTranslator } from '../../src/convert/translate/index.js';
import type { Gen2DataId } from '../../src/gen2/data-id.js';
import type { DataId } from '../../src/results/results-schema.js';
import type { ResolvedComparison } from '../suite/load-suite.js';
import { dataIdText } from './side-outputs.js';

/** Maps a Gen2 data ID to its Gen3 data ID; throws (e.g. DataIdTranslationError) when it cannot. */
export type DataIdMapper = (gen2: DataId) => DataId;

/** The converter declaration of an instrument (by Gen3 name, else by the Gen2 mapper class). */
export function instrumentDeclaration(instrument: string, mapperClass?: string): InstrumentDeclaration | undefined {
  for (const c of CONVERTERS) {
    const d = c.instruments.find((i) => i.instrument === instrument);
    if (d) return d;
  }
  return mapperClass === undefined ? undefined : findInstrumentBinding(CONVERTERS, mapperClass);
}

/**
 * The data ID mapper of a comparison. For `translate` the translator is built as conversion builds it
 * (the instrument's rules, then the defaults, for the Gen2 dataset type and its template keys).
 * @returns an Error (to record on the comparison) when `translate` has no converter for the instrument.
 */
export function pairingMapper(c: Pick<ResolvedComparison, 'pairing' | 'instrument' | 'datasetType' | 'gen2DatasetType'>, gen2Keys: Iterable<string>, mapperClass?: string): DataIdMapper | Error {
  const pairing = c.pairing;
  if (pairing.rule === 'same-keys') return (d) => ({ ...d });
  if (pairing.rule === 'key-map') return (d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [pairing.keys[k] ?? k, v]));
  const declaration = instrumentDeclaration(c.instrument, mapperClass);
  if (!declaration?.instrument) return new Error(`no converter translates data IDs of instrument ${c.instrument}${mapperClass ? ` (mapper ${mapperClass})` : ''}; use pairing same-keys or key-map`);
  const skyMapName = declaration.config?.rootSkyMapName;
  const translator = makeTranslator(declaration, c.gen2DatasetType ?? c.datasetType, gen2Keys, skyMapName ? { skyMapName } : {});
  return (d) => translator.translate(d as Gen2DataId).dataId;
}

/** Keys of the Gen3 data IDs listed (the dataset type's required dimensions). */
export function gen3Keys(dataIds: readonly DataId[]): string[] {
  return [...new Set(dataIds.flatMap((d) => Object.keys(d)))];
}

/** The text key a translated data ID is paired by: its values on `keys` when it has them all (implied dimensions dropped), else the whole ID. */
export function pairingKey(dataId: DataId, keys: readonly string[]): string {
  if (keys.length && keys.every((k) => dataId[k] !== undefined)) return dataIdText(Object.fromEntries(keys.map((k) => [k, dataId[k]!])));
  return dataIdText(dataId);
}
