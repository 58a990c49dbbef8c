import path from 'node:path';
import { demoPolicyDir } from '../demo/demo-instrument.js';
import type { Side, StepTaskContext } from '../steps/run-side-steps.js';
import type { Logger } from '../../src/log/logger.js';
import { PipelineError } from './errors.js';
import { Gen2NeutralButler } from './gen2-neutral-butler.js';
import { Gen3NeutralButler } from './gen3-neutral-butler.js';
import type { NeutralButler } from './neutral-butler.js';

/** Options of {@link openReferenceButler}. */
export interface OpenReferenceButlerOptions {
  /** Gen2 policy search path. Default: the demo instrument's policy directory. */
  readonly policyPath?: readonly string[];
  /** Gen3 output RUN. Default: `<collection>/run`. */
  readonly outputRun?: string;
  readonly logger?: Logger;
}

/**
 * Opens a side's butler from the harness's run-level variables: Gen2 reads `{gen2Root}` (and
 * `{calibs}`) and writes the rerun `{rerun}` (relative to `<gen2Root>/rerun`, or absolute); Gen3
 * reads `{inputCollections}` (comma-separated) of `{gen3Repo}` for `{instrument}` and writes the RUN
 * `<collection>/run` chained as `{collection}`.
 * @throws PipelineError naming a missing variable.
 */
export async function openReferenceButler(side: Side, vars: StepTaskContext['vars'], options: OpenReferenceButlerOptions = {}): Promise<NeutralButler> {
  const need = (name: keyof StepTaskContext['vars']): string => {
    const v = vars[name];
    if (v === undefined || v === '') throw new PipelineError(`the ${side} reference pipeline needs {${name}}`);
    return v;
  };
  const logger = options.logger ? { logger: options.logger } : {};
  if (side === 'gen2') {
    const root = need('gen2Root');
    const rerun = need('rerun');
    return Gen2NeutralButler.open({
      root,
      outputRerun: path.isAbsolute(rerun) ? rerun : path.join(root, 'rerun', rerun),
      policyPath: options.policyPath ?? [demoPolicyDir()],
      ...(vars.calibs ? { calibRoot: vars.calibs } : {}),
      ...logger,
    });
  }
  const collection = need('collection');
  return Gen3NeutralButler.open({
    repo: need('gen3Repo'),
    instrument: need('instrument'),
    inputs: need('inputCollections')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c.length > 0),
    outputRun: options.outputRun ?? `${collection}/run`,
    outputChain: collection,
    ...logger,
  });
}
