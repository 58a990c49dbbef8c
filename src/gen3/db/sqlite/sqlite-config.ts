import type { Logger } from '../../../log/logger.js';

/** How to open a SQLite registry database. */
export interface SqliteConfig {
  /** Database file, or `:memory:`. */
  readonly filename: string;
  /** Default: a silent logger. */
  readonly logger?: Logger;
}
