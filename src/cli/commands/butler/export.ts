import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { DimensionRows } from '../../../gen3/cli-support/dimension-rows.js';
import type { DatasetRef, DatasetTypeRecord } from '../../../gen3/registry/index.js';
import { exportRepository, type ExportTransfer } from '../../../gen3/transfer/export-repository.js';
import type { CliContext } from '../../context.js';
import { collect, parseBinds, rowMatches, splitCommas, wherePredicate, withRegistry } from './shared.js';

interface Opts {
  collections?: string[];
  datasetTypes?: string[];
  exportFile?: string;
  transfer?: string;
  where?: string;
  bind?: string[];
}

const EXPORT_TRANSFERS = ['auto', 'copy', 'link', 'symlink', 'hardlink', 'relsymlink', 'direct'];

/** `--transfer` of an export: `auto` is lsst-resources' local default `link`; `move` is refused as daf_butler does. */
function exportTransfer(value: string | undefined): ExportTransfer | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'move') throw new UsageError('Can not export by moving files out of datastore.');
  if (!EXPORT_TRANSFERS.includes(v)) throw new UsageError(`Invalid value for '-t' / '--transfer': '${value}' is not one of ${EXPORT_TRANSFERS.map((m) => `'${m}'`).join(', ')}.`);
  return v === 'auto' ? 'link' : (v as ExportTransfer);
}

/** `butler export REPO DIRECTORY --collections … [--dataset-types …] [--transfer MODE]` (Butler.export; daf_butler has no CLI for it). */
export function registerExport(butler: Command, context: () => CliContext): void {
  butler
    .command('export')
    .description('export datasets, their dimension records, collections and file paths as a daf_butler export document (Butler.export); `butler import` reads it')
    .argument('<repo>', 'repository root')
    .argument('<directory>', 'export directory (must exist); the document and transferred files go there')
    .requiredOption('--collections <names>', 'collections to export (repeatable, comma-separated); CHAINED ones with all their children', collect)
    .option('--dataset-types <names>', 'dataset type names or globs (repeatable, comma-separated; default all)', collect)
    .option('--export-file <name>', 'document name inside DIRECTORY (default export.yaml)')
    .option('-t, --transfer <mode>', 'copy | link | symlink | hardlink | relsymlink | direct | auto (= link); default: record the datastore paths as they are')
    .option('--where <expr>', "only datasets whose data ID matches this daf_butler expression (e.g. \"instrument='HSC' AND detector IN (1, 2)\")")
    .option('--bind <name=value>', 'bind values for --where (repeatable)', collect)
    .action(async (repo: string, directory: string, opts: Opts) => {
      const ctx = context();
      const transfer = exportTransfer(opts.transfer);
      const bind = parseBinds(opts.bind);
      const plan = await withRegistry(repo, (registry, r) => {
        const rows = new DimensionRows(registry);
        const predicates = new Map<string, ReturnType<typeof wherePredicate>>();
        const filter = async (type: DatasetTypeRecord, ref: DatasetRef): Promise<boolean> => {
          if (!predicates.has(type.name)) predicates.set(type.name, wherePredicate(registry, opts.where, bind, type.dimensions));
          return rowMatches(predicates.get(type.name), (await rows.expand(type.dimensions, ref.dataId)).row);
        };
        return exportRepository(registry, r.root, {
          collections: splitCommas(opts.collections),
          datasetTypes: splitCommas(opts.datasetTypes),
          directory,
          ...(transfer !== undefined ? { transfer } : {}),
          ...(opts.exportFile !== undefined ? { exportFile: opts.exportFile } : {}),
          ...(opts.where !== undefined && opts.where.trim() !== '' ? { filter } : {}),
        });
      });
      const datasets = plan.document.data.reduce((n, i) => n + (i.type === 'dataset' ? i.records.length : 0), 0);
      ctx.logger.info('export.done', { datasets, files: plan.files.length });
    });
}
