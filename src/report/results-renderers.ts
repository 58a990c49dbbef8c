import type { ParityResults } from '../results/results-schema.js';
import { summarizeResults, type ResultsSummary } from '../results/summarize-results.js';
import { renderResultsHtml } from './results-html.js';
import { renderResultsJson } from './results-json.js';
import { renderResultsJunit } from './results-junit.js';
import { renderResultsMarkdown } from './results-markdown.js';

/** Report formats of `gen2to3 report`. */
export const RESULTS_FORMATS = ['md', 'html', 'junit', 'json'] as const;
/** One report format. */
export type ResultsFormat = (typeof RESULTS_FORMATS)[number];

/** A renderer: results and their summary in, document text out. */
export type ResultsRenderer = (results: ParityResults, summary: ResultsSummary) => string;

/** The renderers by format name. */
export const RESULTS_RENDERERS: Readonly<Record<ResultsFormat, ResultsRenderer>> = {
  md: (r, s) => renderResultsMarkdown(r, s),
  html: (r, s) => renderResultsHtml(r, s),
  junit: (r, s) => renderResultsJunit(r, s),
  json: (r) => renderResultsJson(r),
};

/** File extension conventionally used for each format. */
export const RESULTS_EXTENSIONS: Readonly<Record<ResultsFormat, string>> = { md: '.md', html: '.html', junit: '.xml', json: '.json' };

/** True when `name` is a {@link ResultsFormat}. */
export function isResultsFormat(name: string): name is ResultsFormat {
  return (RESULTS_FORMATS as readonly string[]).includes(name);
}

/** Renders `results` in `format`. */
export function renderResults(results: ParityResults, format: ResultsFormat): string {
  return RESULTS_RENDERERS[format](results, summarizeResults(results));
}
