/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured fields attached to a log event. */
export type LogFields = Record<string, unknown>;

/**
 * The logger library code receives. Events are short kebab-case names (`walk-finished`) with
 * structured fields; rendering is the sink's business. Library code never writes to the console.
 */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger whose events carry `channel` (e.g. `convert:walk`). */
  child(channel: string): Logger;
}

/** One emitted record, as a sink receives it. */
export interface LogRecord {
  level: Exclude<LogLevel, 'silent'>;
  event: string;
  channel: string | undefined;
  fields: LogFields;
}

/** Builds a {@link Logger} that forwards records at or above `level` to `sink`. */
export function createLogger(sink: (record: LogRecord) => void, level: LogLevel = 'info', channel?: string): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogRecord['level']) => (event: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(lvl) >= threshold) sink({ level: lvl, event, channel, fields });
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (name) => createLogger(sink, level, channel ? `${channel}:${name}` : name),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger(() => undefined, 'silent');

/** Parses a `--log-level` value. Returns undefined when it is not a level name. */
export function parseLogLevel(text: string): LogLevel | undefined {
  return (LOG_LEVELS as readonly string[]).includes(text) ? (text as LogLevel) : undefined;
}
