import type { MeasuredUsage } from './measured-usage.js';

/**
 * Runs an in-process task and measures it (`in-process` method of {@link MeasuredUsage}: wall,
 * `process.cpuUsage()` delta, process peak RSS). Rethrows the task's error with the usage attached
 * as `usage`.
 */
export async function measureInProcess(task: () => Promise<void>): Promise<MeasuredUsage> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const usage = (): MeasuredUsage => {
    const d = process.cpuUsage(cpu);
    return { wallSeconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (d.user + d.system) / 1e6, peakMemoryBytes: process.resourceUsage().maxRSS * 1024, method: 'in-process' };
  };
  try {
    await task();
  } catch (err) {
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { usage: usage() });
  }
  return usage();
}
