import type { Command } from 'commander';
import { defineVisits } from '../../../convert/apply/define-visits.js';
import type { CliContext } from '../../context.js';
import { collect, splitCommas, withRegistry } from './shared.js';

interface Opts {
  collections?: string[];
  json?: boolean;
}

/** `butler define-visits REPO INSTRUMENT [--collections C…]`: one-to-one visits for the science exposures (obs_base's command of that name). */
export function registerDefineVisits(butler: Command, context: () => CliContext): void {
  butler
    .command('define-visits')
    .description('define one visit per science exposure (one-to-one visit system, obs_base `butler define-visits`); re-running changes nothing')
    .argument('<repo>', 'repository root')
    .argument('<instrument>', 'instrument name, e.g. HSC')
    .option('--collections <c>', 'only exposures of raws in these collections (repeatable, comma-separated)', collect)
    .option('--json', 'print the outcome as JSON')
    .action(async (repo: string, instrument: string, opts: Opts) => {
      const ctx = context();
      const collections = splitCommas(opts.collections);
      const outcome = await withRegistry(repo, (_registry, r) =>
        defineVisits(r, instrument, { ...(collections.length > 0 ? { collections } : {}), logger: ctx.logger }),
      );
      ctx.out(
        opts.json
          ? JSON.stringify(outcome, null, 2)
          : `${instrument}: ${outcome.defined} visit(s) defined, ${outcome.present} already defined (${outcome.visitSystem}); ${outcome.skipped} non-science exposure(s) without a visit`,
      );
    });
}
