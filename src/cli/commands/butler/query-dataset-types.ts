import type { Command } from 'commander';
import { renderButlerTable } from '../../../report/butler-table.js';
import type { CliContext } from '../../context.js';
import { collect, globRegExp, printJson, withRegistry } from './shared.js';

interface Opts {
  verbose?: boolean;
  collections?: string[];
  json?: boolean;
}

/** `butler query-dataset-types REPO [GLOB]...` */
export function registerQueryDatasetTypes(butler: Command, context: () => CliContext): void {
  butler
    .command('query-dataset-types')
    .description('list the dataset types whose names match the globs (daf_butler `butler query-dataset-types`)')
    .argument('<repo>', 'repository root')
    .argument('[glob...]', 'glob patterns or names; default every dataset type')
    .option('-v, --verbose', 'also show dimensions and storage class')
    .option('--collections <expr>', 'accepted for compatibility; does not constrain the listing', collect)
    .option('--json', 'print JSON (name, dimensions, storageClass, isCalibration) instead of a table')
    .action(async (repo: string, globs: string[], opts: Opts) => {
      const ctx = context();
      const patterns = (globs.length > 0 ? globs : ['*']).map(globRegExp);
      const rows = await withRegistry(repo, async (registry) => {
        const types = (await registry.queryDatasetTypes()).filter((t) => patterns.some((p) => p.test(t.name)));
        return types.map((t) => {
          const { required, implied } = registry.universe.closure(t.dimensions);
          return { name: t.name, dimensions: registry.universe.sort([...required, ...implied]), storageClass: t.storageClass, isCalibration: t.isCalibration };
        });
      });
      if (opts.json) {
        printJson(ctx, opts.verbose ? rows : rows.map((r) => ({ name: r.name })));
        return;
      }
      if (rows.length === 0) ctx.out('No results. Try --help for more information.');
      else if (opts.verbose) {
        ctx.out(
          renderButlerTable(
            [{ name: 'name', align: '<' }, { name: 'dimensions', align: '<' }, { name: 'storage class', align: '<' }],
            rows.map((r) => [r.name, `[${r.dimensions.map((d) => `'${d}'`).join(', ')}]`, r.storageClass]),
          ),
        );
      } else ctx.out(renderButlerTable([{ name: 'name', align: '<' }], rows.map((r) => [r.name])));
    });
}
