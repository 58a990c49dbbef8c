import type { Logger } from '../../log/logger.js';
import { DatabaseUrlError } from '../errors.js';
import type { Database } from './database.js';

/**
 * Opens the database a repository's `registry.db` names: `sqlite:///<path>` (with `<butlerRoot>`
 * replaced by `root`) or `postgresql://…`. The PostgreSQL engine is loaded only when used.
 * @throws DatabaseUrlError for other schemes.
 */
export async function openDatabase(url: string, options: { root?: string; logger?: Logger } = {}): Promise<Database> {
  if (url.startsWith('sqlite:///')) {
    const filename = url.slice('sqlite:///'.length).replace('<butlerRoot>', options.root ?? '.');
    const { openSqliteDatabase } = await import('./sqlite/sqlite-database.js');
    return openSqliteDatabase({ filename, ...(options.logger ? { logger: options.logger } : {}) });
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) {
    const { openPostgresDatabase } = await import('./postgres/postgres-database.js');
    return openPostgresDatabase({ url, ...(options.logger ? { logger: options.logger } : {}) });
  }
  throw new DatabaseUrlError(url, 'only sqlite:/// and postgresql:// URLs are supported');
}
