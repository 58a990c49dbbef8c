import type { Logger } from '../../../log/logger.js';

/** How to open a PostgreSQL registry database. */
export interface PostgresConfig {
  /** `postgresql://user:password@host:port/database`. */
  readonly url: string;
  /** Default: a silent logger. */
  readonly logger?: Logger;
  /** Connection timeout in milliseconds. Default is 10000. */
  readonly connectTimeoutMs?: number;
}
