import type { Command } from 'commander';
import { CONVERTERS } from '../../../converters/index.js';
import { findInstrumentBinding } from '../../convert/converter.js';
import { inspectGen2Repository } from '../../gen2/inspect/inspect-repository.js';
import { renderInspectText } from '../../report/inspect-text.js';
import { collect, policySearchPath } from '../policy-path.js';
import type { CommandRegistrar } from './index.js';

interface InspectCliOptions {
  calibs?: string;
  policyPath?: string[];
  json?: boolean;
}

/** `gen2to3 inspect GEN2ROOT`. */
export const registerInspect: CommandRegistrar = (program: Command, context) => {
  program
    .command('inspect')
    .description('describe a Gen2 repository: mapper, parents, calib root, registries, datasets found, validity gaps/overlaps, unrecognized files')
    .argument('<gen2root>', 'Gen2 repository root (or rerun, or calib repository)')
    .option('--calibs <dir>', 'calibration root (overrides _mapperArgs.calibRoot and CALIB/)')
    .option('--policy-path <dirs>', 'directories searched for mapper policies (repeatable, ":"-separated; also GEN2TO3_POLICY_PATH)', collect)
    .option('--json', 'print the versioned JSON object instead of the summary')
    .action(async (root: string, opts: InspectCliOptions) => {
      const ctx = context();
      const report = await inspectGen2Repository(root, {
        policyPath: policySearchPath(opts.policyPath),
        ...(opts.calibs ? { calibRoot: opts.calibs } : {}),
        instrumentOf: (mapperClass) => findInstrumentBinding(CONVERTERS, mapperClass)?.instrument,
        logger: ctx.logger,
        progress: ctx.progress,
      });
      ctx.out(opts.json ? JSON.stringify(report, null, 2) : renderInspectText(report));
    });
};
