import { readFileSync } from 'node:fs';
import { diffFitsFiles } from '../../diff/fits-diff.js';
import { ASTROPY_FITSDIFF_OPTIONS, type FitsDiffOptions } from '../../diff/fits-diff-options.js';
import { toleranceProblem } from '../../diff/tolerance.js';
import { ExitCode, UsageError } from '../../errors.js';
import { renderDiffJson } from '../../report/diff-json.js';
import { renderFitsDiffText } from '../../report/fits-diff-text.js';
import { collect } from '../policy-path.js';
import type { CommandRegistrar } from './index.js';

interface FitsdiffCliOptions {
  rtol: string;
  atol: string;
  ignoreKeywords?: string[];
  ignoreComments?: string[];
  ignoreHdus?: string[];
  ignoreFields?: string[];
  reportPixelLocDiffs: string;
  json?: boolean;
}

/** Default of `--report-pixel-loc-diffs` (astropy's `-n` defaults to 10). */
const REPORTED_VALUES = 50;

/**
 * `gen2to3 fitsdiff A B`: astropy `fitsdiff` semantics ({@link ASTROPY_FITSDIFF_OPTIONS}); exit 0 when
 * identical, 1 when different, 2 for bad input.
 */
export const registerFitsdiff: CommandRegistrar = (program, context, setExit) => {
  program
    .command('fitsdiff')
    .description('compare two FITS files (either may be gzip-compressed) as astropy fitsdiff does; exit 0 identical, 1 different, 2 bad input')
    .argument('<a>', 'first FITS file')
    .argument('<b>', 'second FITS file')
    .option('--rtol <R>', 'relative tolerance for floating-point pixels, table values and header reals', '0.0')
    .option('--atol <A>', 'absolute tolerance', '0.0')
    .option('--ignore-keywords <K,...>', 'header keywords not compared (wildcards allowed; @FILE: one per line; repeatable)', collect)
    .option('--ignore-comments <K,...>', 'header keywords whose comments are not compared (as --ignore-keywords)', collect)
    .option('--ignore-hdus <NAME,...>', 'HDUs (EXTNAME, PRIMARY; wildcards allowed) not compared', collect)
    .option('--ignore-fields <F,...>', 'table columns not compared (* for all)', collect)
    .option('--report-pixel-loc-diffs <N>', 'differing pixels / values listed per HDU (negative: all)', String(REPORTED_VALUES))
    .option('--json', 'print the diff value as JSON instead of the report')
    .action(async (a: string, b: string, opts: FitsdiffCliOptions) => {
      const ctx = context();
      const diff = await diffFitsFiles(a, b, fitsdiffOptions(opts));
      ctx.out(opts.json ? renderDiffJson(diff) : renderFitsDiffText(diff));
      setExit(diff.identical ? ExitCode.ok : ExitCode.differences);
    });
};

function fitsdiffOptions(opts: FitsdiffCliOptions): FitsDiffOptions {
  const tolerance = { rtol: number('--rtol', opts.rtol), atol: number('--atol', opts.atol) };
  const problem = toleranceProblem(tolerance);
  if (problem) throw new UsageError(problem);
  if (!/^-?\d+$/.test(opts.reportPixelLocDiffs.trim())) throw new UsageError(`--report-pixel-loc-diffs must be an integer, got ${JSON.stringify(opts.reportPixelLocDiffs)}`);
  return {
    ...ASTROPY_FITSDIFF_OPTIONS,
    tolerance,
    ignoreKeywords: names(opts.ignoreKeywords),
    ignoreComments: names(opts.ignoreComments),
    ignoreHdus: names(opts.ignoreHdus),
    ignoreFields: names(opts.ignoreFields),
    maxReportedValues: Number(opts.reportPixelLocDiffs),
  };
}

function number(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new UsageError(`${option} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

/** Comma-separated lists, or `@FILE` with one name per line (astropy's convention). */
function names(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => {
    if (!value.startsWith('@')) return value.split(',');
    const file = value.slice(1);
    try {
      return readFileSync(file, 'utf8').split('\n');
    } catch (err) {
      throw new UsageError(`cannot read the list ${file}: ${(err as Error).message}`, { cause: err });
    }
  })
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
