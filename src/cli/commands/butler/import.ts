import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FileAccessError, UsageError } from '../../../errors.js';
import { isTransferMode, type TransferMode } from '../../../gen3/datastore/index.js';
import { importRepository } from '../../../gen3/transfer/import-repository.js';
import { parseExport } from '../../../gen3/transfer/index.js';
import type { CliContext } from '../../context.js';
import { collect, splitCommas, withRegistry } from './shared.js';

interface Opts {
  transfer: string;
  exportFile?: string;
  skipDimensions?: string[];
  trackFileAttrs?: boolean;
  withoutDatastore?: boolean;
  optionsFile?: string;
}

/** Transfer modes of daf_butler's `-t/--transfer` option. */
export const CLI_TRANSFER_MODES = ['auto', 'link', 'symlink', 'hardlink', 'copy', 'move', 'relsymlink', 'direct'] as const;

/** `-t/--transfer` value, case-insensitive as click's Choice. @throws UsageError */
export function parseTransferOption(value: string, allowed: readonly string[] = CLI_TRANSFER_MODES): TransferMode {
  const v = value.toLowerCase();
  if (!allowed.includes(v) || !isTransferMode(v)) throw new UsageError(`Invalid value for '-t' / '--transfer': '${value}' is not one of ${allowed.map((m) => `'${m}'`).join(', ')}.`);
  return v;
}

/** daf_butler's export-file lookup: absolute as given; relative: in DIRECTORY when there, else the working directory. */
export function resolveExportFile(directory: string, exportFile: string | undefined): string {
  const name = exportFile ?? 'export.yaml';
  if (path.isAbsolute(name)) {
    if (!existsSync(name)) throw new FileAccessError(name, 'export file does not exist');
    return name;
  }
  const inDir = path.resolve(directory, name);
  if (existsSync(inDir)) return inDir;
  if (existsSync(name)) return path.resolve(name);
  throw new FileAccessError(name, `Export file could not be found in ${path.resolve(name)} or ${inDir}.`);
}

/** `butler import REPO DIRECTORY` */
export function registerImport(butler: Command, context: () => CliContext): void {
  butler
    .command('import')
    .description('import an export document (and its files) into a repository (daf_butler `butler import`); all or nothing')
    .argument('<repo>', 'repository root (must exist)')
    .argument('<directory>', 'folder containing the dataset files (relative paths of the export are taken from it)')
    .option('-t, --transfer <mode>', 'auto | link | symlink | hardlink | copy | move | relsymlink | direct', 'auto')
    .option('--export-file <file>', 'the export document; a relative name is looked up in DIRECTORY, then the working directory (default export.yaml)')
    .option('-s, --skip-dimensions <elements>', 'dimension elements whose records are not imported (repeatable, comma-separated)', collect)
    .option('--track-file-attrs', 'record file sizes in the datastore records (default)')
    .option('--no-track-file-attrs', 'record file size -1')
    .option('--without-datastore', 'gen2to3 extension (Butler.import_(without_datastore=True)): registry only, no files and no datastore records')
    .option('-@, --options-file <uri>', 'not supported by gen2to3 (rejected)')
    .action(async (repo: string, directory: string, opts: Opts) => {
      const ctx = context();
      if (opts.optionsFile !== undefined) throw new UsageError('--options-file is not supported by gen2to3; give the options on the command line');
      const transfer = parseTransferOption(opts.transfer);
      const file = resolveExportFile(directory, opts.exportFile);
      const { document, origin } = parseExport(readFileSync(file, 'utf8'), file);
      for (const m of origin.formatMigrations) ctx.logger.info('import.format-migration', { file, migration: m });
      const summary = await withRegistry(repo, (registry, r) =>
        importRepository(registry, r.root, document, {
          directory: path.resolve(directory),
          transfer,
          skipDimensions: splitCommas(opts.skipDimensions),
          recordValidationInfo: opts.trackFileAttrs !== false,
          withoutDatastore: opts.withoutDatastore === true,
          logger: ctx.logger.child('gen3:import'),
        }),
      );
      ctx.logger.info('import.done', { ...summary });
    });
}
