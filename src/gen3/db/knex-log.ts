import type { Knex } from 'knex';
import type { Logger } from '../../log/logger.js';
import { silentLogger } from '../../log/logger.js';

/** Routes knex's own messages (which it would print to the console) to `logger`. */
export function knexLog(logger: Logger = silentLogger): Knex.Config['log'] {
  const sql = logger.child('registry:sql');
  return {
    warn: (message: unknown) => sql.debug('knex-warning', { message: String(message) }),
    error: (message: unknown) => sql.debug('knex-error', { message: String(message) }),
    deprecate: (method: string, alternative: string) => sql.debug('knex-deprecation', { method, alternative }),
    debug: (message: unknown) => sql.debug('knex-debug', { message: String(message) }),
  };
}
