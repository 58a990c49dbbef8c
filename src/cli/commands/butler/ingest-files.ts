import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../../../errors.js';
import { DEFAULT_FORMATTERS } from '../../../convert/formatters.js';
import { ingestFilesFromTable, parseDataIdPairs } from '../../../gen3/datastore/ingest-files.js';
import { readIngestTable } from '../../../gen3/datastore/ingest-files-table.js';
import type { DatasetIdGenMode } from '../../../gen3/ids/index.js';
import type { CliContext } from '../../context.js';
import { parseTransferOption } from './import.js';
import { collect, splitCommas, withRegistry } from './shared.js';

interface Opts {
  formatter?: string;
  idGenerationMode: string;
  dataId?: string[];
  prefix?: string;
  trackFileAttrs?: boolean;
  transfer: string;
  optionsFile?: string;
}

const ID_MODES: Readonly<Record<string, DatasetIdGenMode>> = { unique: 'UNIQUE', dataid_type: 'DATAID_TYPE', dataid_type_run: 'DATAID_TYPE_RUN' };

/** `butler ingest-files REPO DATASET_TYPE RUN TABLE_FILE` */
export function registerIngestFiles(butler: Command, context: () => CliContext): void {
  butler
    .command('ingest-files')
    .description('ingest files listed in a table (ECSV or CSV: file, dimension columns…) as datasets of one type in RUN (daf_butler `butler ingest-files`); dimension records must exist')
    .argument('<repo>', 'repository root')
    .argument('<dataset-type>', 'registered dataset type of every file')
    .argument('<run>', 'RUN collection (registered when missing)')
    .argument('<table-file>', 'ECSV (typed) or CSV table; first column the file path/URI, the others data ID values')
    .option('--formatter <class>', 'formatter class recorded for every file (default: the datastore default for the storage class)')
    .option('--id-generation-mode <mode>', 'unique | dataid_type | dataid_type_run', 'unique')
    .option('--data-id <k=v>', 'data ID value fixed for every file, overriding table columns (repeatable, comma-separated)', collect)
    .option('--prefix <dir>', 'base of relative paths in the table (default the working directory)')
    .option('--track-file-attrs', 'record file sizes (default)')
    .option('--no-track-file-attrs', 'record file size -1')
    .option('-t, --transfer <mode>', 'auto | link | symlink | hardlink | copy | move | relsymlink | direct', 'auto')
    .option('-@, --options-file <uri>', 'not supported by gen2to3 (rejected)')
    .action(async (repo: string, datasetType: string, run: string, tableFile: string, opts: Opts) => {
      const ctx = context();
      if (opts.optionsFile !== undefined) throw new UsageError('--options-file is not supported by gen2to3; give the options on the command line');
      const idMode = ID_MODES[opts.idGenerationMode.toLowerCase()];
      if (!idMode) throw new UsageError(`Invalid value for '--id-generation-mode': '${opts.idGenerationMode}' is not one of 'unique', 'dataid_type', 'dataid_type_run'.`);
      const transfer = parseTransferOption(opts.transfer);
      const table = readIngestTable(readFileSync(tableFile, 'utf8'), tableFile);
      const result = await withRegistry(repo, (registry, r) =>
        ingestFilesFromTable(registry, r.root, table, {
          datasetType,
          run,
          dataId: parseDataIdPairs(splitCommas(opts.dataId), registry.universe),
          ...(opts.formatter ? { formatter: opts.formatter } : {}),
          defaultFormatter: (storageClass) => DEFAULT_FORMATTERS[storageClass],
          idMode,
          ...(opts.prefix ? { prefix: opts.prefix } : {}),
          transfer,
          recordValidationInfo: opts.trackFileAttrs !== false,
          tableFile,
        }),
      );
      ctx.logger.info('ingest-files.done', { datasets: result.refs.length, files: result.files });
    });
}
