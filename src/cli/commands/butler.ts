import type { Command } from 'commander';
import { redactUrl } from '../../gen3/errors.js';
import { createRepository } from '../../gen3/repo/index.js';
import { registerDefineVisits } from './butler/define-visits.js';
import { registerEditCommands } from './butler/edit-commands.js';
import { registerExport } from './butler/export.js';
import { registerImport } from './butler/import.js';
import { registerIngestFiles } from './butler/ingest-files.js';
import { registerQueryCollections } from './butler/query-collections.js';
import { registerQueryDatasetTypes } from './butler/query-dataset-types.js';
import { registerQueryDatasets } from './butler/query-datasets.js';
import { registerQueryDimensions } from './butler/query-dimensions.js';
import type { CommandRegistrar } from './index.js';

interface CreateCliOptions {
  db?: string;
  datastoreRecords?: boolean;
}

/** `gen2to3 butler …`: Gen3 repository commands with daf_butler's names, options and tables. */
export const registerButler: CommandRegistrar = (program: Command, context, setExit) => {
  const butler = program.command('butler').description('Gen3 (daf_butler) repository commands');
  butler
    .command('create')
    .description('create an empty Gen3 repository, exactly as daf_butler\'s `butler create` does (SQLite by default)')
    .argument('<repo>', 'repository root directory (created if missing; must not hold a repository)')
    .option('--db <url>', 'postgresql://user:password@host:port/database for a PostgreSQL registry (the database must exist and have btree_gist); the URL is written to butler.yaml verbatim')
    .option('--datastore-records', 'also create file_datastore_records, which daf_butler otherwise adds on the first writeable open')
    .action(async (repo: string, opts: CreateCliOptions) => {
      const ctx = context();
      const created = await createRepository(repo, {
        ...(opts.db !== undefined ? { db: opts.db } : {}),
        ...(opts.datastoreRecords ? { createDatastoreRecords: true } : {}),
        logger: ctx.logger.child('gen3:repo'),
      });
      ctx.out(`created ${created.root} (${created.tables.length} tables, registry ${redactUrl(created.db)})`);
    });
  registerQueryCollections(butler, context);
  registerQueryDatasetTypes(butler, context);
  registerQueryDatasets(butler, context);
  registerQueryDimensions(butler, context);
  registerEditCommands(butler, context, setExit);
  registerDefineVisits(butler, context);
  registerImport(butler, context);
  registerExport(butler, context);
  registerIngestFiles(butler, context);
};
