import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { isResultsFormat, renderResults, RESULTS_EXTENSIONS, RESULTS_FORMATS, type ResultsFormat } from '../../report/results-renderers.js';
import { writeTextFile } from '../../report/write-text-file.js';
import { readResults } from '../../results/read-results.js';
import type { CommandRegistrar } from './index.js';

interface ReportCliOptions {
  format?: string;
  out?: string;
}

function formatFor(opts: ReportCliOptions): ResultsFormat {
  if (opts.format !== undefined) {
    if (!isResultsFormat(opts.format)) throw new UsageError(`--format: ${opts.format} is not one of ${RESULTS_FORMATS.join(', ')}`);
    return opts.format;
  }
  const ext = opts.out ? path.extname(opts.out).toLowerCase() : '';
  const byExt = RESULTS_FORMATS.find((f) => RESULTS_EXTENSIONS[f] === ext || (f === 'html' && ext === '.htm'));
  return byExt ?? 'md';
}

/** `gen2to3 report RESULTS`. */
export const registerReport: CommandRegistrar = (program: Command, context) => {
  program
    .command('report')
    .description('render a parity results.json as Markdown, self-contained HTML, JUnit XML or JSON')
    .argument('<results>', 'results.json written by the parity harness')
    .option('--format <format>', `${RESULTS_FORMATS.join('|')} (default: from --out's extension, else md)`)
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .action(async (file: string, opts: ReportCliOptions) => {
      const ctx = context();
      const format = formatFor(opts);
      const results = await readResults(file);
      const text = renderResults(results, format);
      if (opts.out) {
        await writeTextFile(opts.out, text);
        ctx.logger.info('report-written', { file: opts.out, format });
      } else ctx.out(text);
    });
};
