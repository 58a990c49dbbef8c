/**
 * Folds the step reports of both sides into the results model's `steps[]`: per step and side,
 * `wallSeconds` = the step's wall clock in this invocation plus the recorded wall time of units
 * restored from an earlier run; `cpuSeconds` = sum over units; `peakMemoryBytes` = max over units;
 * `quanta` = data-ID units that completed (now or earlier).
 */
import type { ResourceUsage, StepResult } from '../../src/results/results-schema.js';
import type { SideStepsReport, StepReport } from './run-side-steps.js';

function usageOf(step: StepReport): ResourceUsage {
  const restoredWall = step.units.filter((u) => u.status === 'restored').reduce((s, u) => s + u.usage.wallSeconds, 0);
  return {
    wallSeconds: step.elapsedSeconds + restoredWall,
    cpuSeconds: step.units.reduce((s, u) => s + u.usage.cpuSeconds, 0),
    peakMemoryBytes: step.units.reduce((m, u) => Math.max(m, u.usage.peakMemoryBytes), 0),
    quanta: step.units.filter((u) => !u.pre && (u.status === 'completed' || u.status === 'restored')).length,
  };
}

/** The results model's `steps[]` from the reports of the Gen2 and Gen3 sides (either may be absent). */
export function stepResults(gen2: SideStepsReport | undefined, gen3: SideStepsReport | undefined): StepResult[] {
  const byName = new Map<string, StepResult>();
  for (const side of [gen2, gen3]) {
    for (const s of side?.steps ?? []) {
      const entry = byName.get(s.step) ?? { step: s.step };
      entry[s.side] = usageOf(s);
      byName.set(s.step, entry);
    }
  }
  return [...byName.values()];
}
