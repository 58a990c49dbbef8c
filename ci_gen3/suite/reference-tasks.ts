/**
 * Names of the built-in reference pipeline tasks a suite step may name with `task:` (ARCHITECTURE §7):
 * ISR-like calibration, detection, and the per-visit gather step. Implemented once, for both
 * generations, in `ci_gen3/pipeline/` (`referenceTasks(side, butler)`).
 */
export const REFERENCE_TASKS = ['isr', 'detect', 'visitSummary'] as const;
/** A built-in reference task name. */
export type ReferenceTaskName = (typeof REFERENCE_TASKS)[number];
