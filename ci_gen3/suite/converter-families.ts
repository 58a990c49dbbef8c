import { CONVERTERS } from '../../converters/index.js';

/** Converter families gen2to3 ships (`converters/<family>`), the names `conversion.converters` may use. */
export function converterFamilies(): string[] {
  return CONVERTERS.map((c) => c.family);
}
