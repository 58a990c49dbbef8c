import cliProgress from 'cli-progress';
import { createLogger, type LogLevel, type LogRecord, type Logger } from '../log/logger.js';
import { noProgress, type Progress } from '../log/progress.js';

/** What every command receives from the composition root. */
export interface CliContext {
  logger: Logger;
  progress: Progress;
  /** Where command output (tables, reports) goes; a newline is added when missing. */
  out: (text: string) => void;
  /** The same output, written as given (pieces of one large document). */
  write: (text: string) => void;
}

function formatRecord(record: LogRecord): string {
  const fields = Object.entries(record.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const channel = record.channel ? ` ${record.channel}` : '';
  return `${record.level.toUpperCase()}${channel}: ${record.event}${fields ? ` ${fields}` : ''}\n`;
}

function terminalProgress(stream: NodeJS.WriteStream): Progress {
  return {
    start(description, total) {
      const bar = new cliProgress.SingleBar(
        { format: `${description} [{bar}] {value}/{total} {eta_formatted}`, stream, clearOnComplete: true, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0);
      return {
        tick: (n = 1) => bar.increment(n),
        setTotal: (t) => bar.setTotal(t),
        done: () => bar.stop(),
      };
    },
  };
}

/** Builds the CLI context: logs to stderr, progress bars only when stderr is a TTY and not disabled. */
export function makeCliContext(options: { logLevel: LogLevel; progress: boolean }): CliContext {
  const logger = createLogger((r) => process.stderr.write(formatRecord(r)), options.logLevel);
  const progress = options.progress && process.stderr.isTTY ? terminalProgress(process.stderr) : noProgress;
  return { logger, progress, out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`), write: (text) => process.stdout.write(text) };
}
