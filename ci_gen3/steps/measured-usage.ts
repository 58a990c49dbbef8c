/**
 * Resource usage measured for one unit of a step.
 *
 * What is measured, by method:
 * - `gnu-time` (external commands, `/usr/bin/time` present): `%e` wall, `%U + %S` user+system CPU
 *   and `%M` peak RSS of the command and the descendants it waited for (wait4 rusage).
 * - `proc-poll` (external commands, no GNU time): wall from spawn to exit; CPU and peak RSS from the
 *   last poll (every 50 ms) of `/proc/<pid>/stat` (utime+stime+cutime+cstime at 100 ticks/s) and
 *   `/proc/<pid>/status` `VmHWM` — lower bounds; zero on systems without `/proc`.
 * - `in-process` (built-in reference tasks): wall; `process.cpuUsage()` delta (process-wide, so
 *   concurrent in-process units inflate each other); `process.resourceUsage().maxRSS`, the
 *   process's peak so far (an upper bound for the unit).
 */
export interface MeasuredUsage {
  wallSeconds: number;
  cpuSeconds: number;
  peakMemoryBytes: number;
  method: 'gnu-time' | 'proc-poll' | 'in-process' | 'none';
}

/** Usage of something that did not run. */
export const NO_USAGE: MeasuredUsage = Object.freeze({ wallSeconds: 0, cpuSeconds: 0, peakMemoryBytes: 0, method: 'none' });
