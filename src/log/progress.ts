/** A progress bar for one long operation. */
export interface ProgressBar {
  /** Advance by `n` units (default 1). */
  tick(n?: number): void;
  /** Change the expected total (when it becomes known late). */
  setTotal(total: number): void;
  /** Finish the bar. */
  done(): void;
}

/**
 * Progress reporting, injected like the logger. Library code always calls `start`; bars are no-ops
 * unless the CLI installs a terminal implementation (only when stderr is a TTY).
 */
export interface Progress {
  start(description: string, total?: number): ProgressBar;
}

const noopBar: ProgressBar = { tick: () => undefined, setTotal: () => undefined, done: () => undefined };

/** Progress that shows nothing. */
export const noProgress: Progress = { start: () => noopBar };
