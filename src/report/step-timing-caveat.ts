import type { StageResult } from '../results/results-schema.js';

/** Start and end (epoch milliseconds) of a stage that ran, from its `startedAt` and duration. */
function window(stages: readonly StageResult[], name: StageResult['stage']): [number, number] | undefined {
  const s = stages.find((x) => x.stage === name);
  if (!s?.startedAt || s.status === 'skipped') return undefined;
  const start = Date.parse(s.startedAt);
  return [start, start + s.durationMs];
}

/**
 * What the step timings of a run cannot tell apart: when its `run-gen2` and `run-gen3` stages ran at
 * the same time (`gen2to3 ci run` without `--serial`), in-process steps shared the process and each
 * side's times include the other's work. Undefined when the stages did not overlap.
 */
export function stepTimingCaveat(stages: readonly StageResult[]): string | undefined {
  const gen2 = window(stages, 'run-gen2');
  const gen3 = window(stages, 'run-gen3');
  if (!gen2 || !gen3 || gen2[0] >= gen3[1] || gen3[0] >= gen2[1]) return undefined;
  return 'The run-gen2 and run-gen3 stages overlapped: steps of the reference pipeline ran in one process, so their wall and CPU times include the other side\'s work, and external commands competed for the CPUs. gen2to3 ci run --serial times each side alone.';
}
