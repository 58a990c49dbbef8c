import type { DimensionConfig } from './dimension-config.js';
import { pythonJsonDumps } from './python-json.js';

/** The `config:dimensions.json` attribute value daf_butler stores for `config`. */
export function serializeDimensionConfig(config: DimensionConfig): string {
  return pythonJsonDumps(config);
}
