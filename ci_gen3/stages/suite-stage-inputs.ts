import type { Suite } from '../suite/load-suite.js';
import type { StageName } from './stage-name.js';

/**
 * The part of a suite each stage depends on: what is digested into the stage's stamp, so that
 * editing a comparison re-runs `compare` but not the conversion. Dependencies' digests are added by
 * the runner, so a re-converted repository re-runs everything downstream. `extra` (options such as
 * `-j` are deliberately not included; pass what changes outputs, e.g. a stack version) is merged in.
 */
export function suiteStageInputs(suite: Suite, stage: StageName, extra: Readonly<Record<string, unknown>> = {}): unknown {
  const conversionComparisons = suite.comparisons.filter((c) => c.kind === 'conversion');
  const processingComparisons = suite.comparisons.filter((c) => c.kind === 'processing');
  const sections: Record<StageName, unknown> = {
    prepare: { inputs: suite.inputs },
    convert: { inputs: suite.inputs, conversion: suite.conversion },
    'conversion-parity': { comparisons: conversionComparisons },
    'run-gen2': { steps: suite.steps.gen2 },
    'run-gen3': { steps: suite.steps.gen3 },
    compare: { comparisons: processingComparisons },
    report: { name: suite.name, metadata: suite.metadata, comparisons: suite.comparisons.map((c) => c.id) },
  };
  return { section: sections[stage], ...extra };
}
