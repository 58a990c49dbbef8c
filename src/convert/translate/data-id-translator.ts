import type { Gen2DataId, Gen2Value } from '../../gen2/data-id.js';
import { DataIdTranslationError } from '../errors.js';
import { bandToPhysical, physicalToBand } from '../filter-map.js';
import { handlerDimension, type KeyHandler } from './key-handler.js';
import type { TranslationContext } from './translation-context.js';
import type { TranslationRule } from './translation-rule.js';

/** A Gen3 data ID: dimension name → value. */
export type Gen3DataId = Record<string, string | number>;

/** The result of translating one Gen2 data ID. */
export interface TranslatedDataId {
  readonly dataId: Gen3DataId;
  /** The Gen2 `calibDate`, returned separately (it names the calibration RUN, it is not a dimension). */
  readonly calibDate: string | undefined;
}

function applies(r: TranslationRule, datasetType: string): boolean {
  return r.datasetTypes === undefined || r.datasetTypes.includes(datasetType);
}

/**
 * Chooses the rules that fire for a dataset type with the given Gen2 keys, in the reference
 * priority: (instrument, this type) → (instrument, any type) → (any, this type) → (any, any),
 * declaration order within each bucket.
 */
export function selectRules(instrumentRules: readonly TranslationRule[], defaultRules: readonly TranslationRule[], datasetType: string, gen2Keys: Iterable<string>): TranslationRule[] {
  const buckets = [
    instrumentRules.filter((r) => r.datasetTypes !== undefined && applies(r, datasetType)),
    instrumentRules.filter((r) => r.datasetTypes === undefined),
    defaultRules.filter((r) => r.datasetTypes !== undefined && applies(r, datasetType)),
    defaultRules.filter((r) => r.datasetTypes === undefined),
  ];
  const unconsumed = new Set(gen2Keys);
  const fired: TranslationRule[] = [];
  for (const bucket of buckets) {
    for (const r of bucket) {
      if (!r.gen2Keys.every((k) => unconsumed.has(k))) continue;
      fired.push(r);
      for (const k of r.consume) unconsumed.delete(k);
    }
  }
  return fired;
}

function toInt(value: Gen2Value): number | undefined {
  const n = typeof value === 'number' ? value : /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The translation of one dataset type's Gen2 data IDs to Gen3 data IDs (obs_base `Translator`):
 * the rules that fire for its template keys, fixed once, then applied to each data ID.
 */
export class DataIdTranslator {
  /** The Gen3 dimensions of the dataset type, in rule order, without duplicates. */
  readonly dimensions: readonly string[];

  constructor(
    readonly datasetType: string,
    /** The rules that fire, in order. */
    readonly rules: readonly TranslationRule[],
    private readonly context: TranslationContext,
  ) {
    this.dimensions = [...new Set(rules.map((r) => handlerDimension(r.handler)))];
  }

  /**
   * Translates a Gen2 data ID.
   * @param partial - skip rules whose keys are missing (directories, partial IDs). Default is `false`.
   * @throws DataIdTranslationError naming the dataset type and data ID on a missing key, a value
   *   of the wrong type, an unknown tract for `patch`, or a missing skymap or instrument.
   */
  translate(gen2: Gen2DataId, options: { partial?: boolean } = {}): TranslatedDataId {
    const out: Gen3DataId = {};
    for (const r of this.rules) {
      const missing = r.gen2Keys.filter((k) => gen2[k] === undefined);
      if (missing.length > 0) {
        if (options.partial) continue;
        throw new DataIdTranslationError(this.datasetType, gen2, `missing key ${missing.join(', ')} (rule ${r.name})`);
      }
      const value = this.value(r.handler, gen2, out, options.partial ?? false);
      if (value !== undefined) out[handlerDimension(r.handler)] = value;
    }
    const calibDate = gen2.calibDate;
    return { dataId: out, calibDate: calibDate === undefined ? undefined : String(calibDate) };
  }

  private fail(gen2: Gen2DataId, reason: string): never {
    throw new DataIdTranslationError(this.datasetType, gen2, reason);
  }

  private value(h: KeyHandler, gen2: Gen2DataId, out: Gen3DataId, partial: boolean): string | number | undefined {
    switch (h.kind) {
      case 'constant':
        return h.value;
      case 'instrument':
        return this.context.instrument ?? this.fail(gen2, 'the mapper has no Gen3 instrument');
      case 'skymap':
        return this.context.skyMapName ?? (partial ? undefined : this.fail(gen2, 'no skymap configured for tract/patch data'));
      case 'copy': {
        const raw = gen2[h.gen2Key]!;
        if (h.type === 'int') return toInt(raw) ?? this.fail(gen2, `${h.gen2Key}=${JSON.stringify(raw)} is not an integer`);
        const text = String(raw);
        if (h.filterMap === 'physical-to-band') return physicalToBand(this.context.filters, text);
        if (h.filterMap === 'band-to-physical') return bandToPhysical(this.context.filters, text);
        return text;
      }
      case 'patch-index': {
        const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(String(gen2.patch));
        if (!m) return this.fail(gen2, `patch ${JSON.stringify(gen2.patch)} is not "x,y"`);
        const tract = typeof out.tract === 'number' ? out.tract : toInt(gen2.tract ?? '');
        const nx = tract === undefined ? undefined : this.context.patchNx?.(tract);
        if (nx === undefined) return partial ? undefined : this.fail(gen2, `patches per row of tract ${String(gen2.tract)} unknown (no skymap geometry)`);
        return nx * Number(m[2]) + Number(m[1]);
      }
    }
  }
}
