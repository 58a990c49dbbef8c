import { STAGES } from '../../src/results/results-schema.js';

/** The harness stages in their fixed order (`prepare → … → report`), as in the results model. */
export const ALL_STAGES = STAGES;
/** One harness stage name. */
export type StageName = (typeof STAGES)[number];

/** Stages a stage needs completed before it can run; a failed or missing one blocks it. */
export const STAGE_DEPENDENCIES: Readonly<Record<StageName, readonly StageName[]>> = {
  prepare: [],
  convert: ['prepare'],
  'conversion-parity': ['convert'],
  'run-gen2': ['prepare'],
  'run-gen3': ['convert'],
  compare: ['run-gen2', 'run-gen3'],
  report: [],
};

/** True when `name` is a stage name. */
export function isStageName(name: string): name is StageName {
  return (ALL_STAGES as readonly string[]).includes(name);
}
