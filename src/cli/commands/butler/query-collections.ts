import type { Command } from 'commander';
import { Option } from 'commander';
import type { ChainsMode, CollectionType } from '../../../gen3/registry/index.js';
import { renderButlerTable } from '../../../report/butler-table.js';
import type { CliContext } from '../../context.js';
import { collect, printJson, withRegistry } from './shared.js';

interface Opts {
  collectionType?: string[];
  chains: string;
  json?: boolean;
}

/** `butler query-collections REPO [GLOB]...` */
export function registerQueryCollections(butler: Command, context: () => CliContext): void {
  butler
    .command('query-collections')
    .description('list the collections whose names match the globs (daf_butler `butler query-collections`)')
    .argument('<repo>', 'repository root')
    .argument('[glob...]', 'glob patterns (* and ?) or names; default every collection')
    .option('--collection-type <type>', 'only list collections of this type (run, tagged, chained, calibration); repeatable', collect)
    .addOption(new Option('--chains <mode>', 'TREE lists children below each CHAINED collection, FLATTEN replaces CHAINED collections by their members, NO-CHILDREN lists CHAINED collections unexpanded').default('TREE'))
    .option('--json', 'print JSON (name, type, depth) instead of a table')
    .action(async (repo: string, globs: string[], opts: Opts) => {
      const ctx = context();
      const chains = opts.chains.toUpperCase();
      if (!['TREE', 'FLATTEN', 'NO-CHILDREN'].includes(chains)) {
        const { UsageError } = await import('../../../errors.js');
        throw new UsageError(`--chains ${opts.chains}: supported are TREE, FLATTEN, NO-CHILDREN`);
      }
      const types = opts.collectionType?.flatMap((t) => t.split(',')).map((t) => t.trim().toUpperCase() as CollectionType);
      const listing = await withRegistry(repo, (registry) =>
        registry.queryCollections({
          ...(globs.length > 0 ? { patterns: globs } : {}),
          ...(types ? { types } : {}),
          chains: chains as ChainsMode,
        }),
      );
      if (opts.json) {
        printJson(ctx, listing.map((c) => ({ name: c.name, type: c.type, ...(chains === 'TREE' ? { depth: c.depth } : {}) })));
        return;
      }
      if (listing.length > 0) ctx.out(renderButlerTable([{ name: 'Name', align: '<' }, { name: 'Type', align: '<' }], listing.map((c) => [`${'  '.repeat(c.depth)}${c.name}`, c.type])));
    });
}
