import { blake2bHex } from './blake2b.js';

/** PostgreSQL's identifier limit (NAMEDATALEN − 1). */
export const POSTGRES_MAX_NAME_LENGTH = 63;

/**
 * daf_butler's PostgreSQL name shrinking: a name longer than `maxLength` becomes its first
 * `maxLength − 9` characters, `_`, and the 8-hex-digit BLAKE2b (digest size 4) of the full name.
 */
export function shrinkName(name: string, maxLength = POSTGRES_MAX_NAME_LENGTH): string {
  if (name.length <= maxLength) return name;
  return `${name.slice(0, maxLength - 9)}_${blake2bHex(name, 4)}`;
}
