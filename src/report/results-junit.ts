import { totalOf } from '../results/outcome.js';
import type { ParityResults } from '../results/results-schema.js';
import type { ComparisonSummary, ResultsSummary } from '../results/summarize-results.js';
import { pairLines } from './diff-summary-lines.js';
import { escapeMarkup as x } from './escape-markup.js';
import { formatDataId } from './format-values.js';
import { OUTCOME_LABELS } from './outcome-style.js';

/** Options of {@link renderResultsJunit}. */
export interface JunitOptions {
  /** Pairs described in one failure's text; the rest are counted. Default is `200`. */
  readonly maxPairsPerFailure: number;
}

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

function testcase(suite: string, c: ComparisonSummary, maxPairs: number): { xml: string; failed: boolean; errored: boolean; skipped: boolean } {
  const { comparison, counts } = c;
  const classname = `gen2to3.${suite}.${comparison.instrument}`;
  const parts: string[] = [];
  const total = totalOf(counts);
  const skipped = total === 0;
  if (skipped) parts.push('<skipped message="no data IDs to compare"/>');
  if (comparison.error !== undefined) parts.push(`<error type="comparison-error" message="${x(comparison.error)}">${x(`${comparison.id}: ${comparison.error}`)}</error>`);
  const failedPairs = comparison.pairs.filter((p) => p.outcome === 'failed');
  for (const p of failedPairs.slice(0, maxPairs)) {
    parts.push(`<error type="comparator-error" message="${x(`${formatDataId(p.gen2DataId ?? p.gen3DataId)}: ${p.error ?? 'failed'}`)}">${x(pairLines(p).join('\n'))}</error>`);
  }
  const differing = comparison.pairs.filter((p) => p.outcome === 'different' || p.outcome === 'only-gen2' || p.outcome === 'only-gen3');
  if (differing.length) {
    const message = `${differing.length} of ${total} pairs: ${(['different', 'only-gen2', 'only-gen3'] as const).filter((o) => counts[o]).map((o) => `${counts[o]} ${OUTCOME_LABELS[o]}`).join(', ')}`;
    const text = differing
      .slice(0, maxPairs)
      .map((p) => `${OUTCOME_LABELS[p.outcome]}: Gen2 {${formatDataId(p.gen2DataId)}} Gen3 {${formatDataId(p.gen3DataId)}}\n${pairLines(p).map((l) => `  ${l}`).join('\n')}`)
      .join('\n');
    const more = differing.length > maxPairs ? `\n… and ${differing.length - maxPairs} more` : '';
    parts.push(`<failure type="parity-difference" message="${x(message)}">${x(text + more)}</failure>`);
  }
  const explained = comparison.pairs.filter((p) => p.outcome === 'explained');
  const out = [`pairs: ${Object.entries(counts).filter(([, n]) => n).map(([o, n]) => `${o}=${n}`).join(' ') || 'none'}`];
  for (const p of explained.slice(0, maxPairs)) out.push(`explained {${formatDataId(p.gen3DataId ?? p.gen2DataId)}}: ${p.explanation?.reason ?? ''}${p.explanation?.ticket ? ` (${p.explanation.ticket})` : ''}`);
  for (const d of comparison.configDiffs) for (const f of d.differences) out.push(`config ${d.task} ${f.path}: Gen2 ${f.gen2 ?? '—'} Gen3 ${f.gen3 ?? '—'}`);
  if (comparison.golden) out.push(`golden ${comparison.golden.file}: ${comparison.golden.status}`, ...comparison.golden.changes.map((ch) => `  ${ch}`));
  parts.push(`<system-out>${x(out.join('\n'))}</system-out>`);
  const name = `${comparison.kind}/${comparison.datasetType}`;
  return {
    xml: `    <testcase name="${x(name)}" classname="${x(classname)}" time="${seconds(comparison.durationMs)}" assertions="${total}">\n      ${parts.join('\n      ')}\n    </testcase>`,
    failed: differing.length > 0,
    errored: failedPairs.length > 0 || comparison.error !== undefined,
    skipped,
  };
}

/**
 * Renders parity results as JUnit XML (Jenkins junit-10 schema): one `<testsuite>` per instrument,
 * one `<testcase>` per comparison; unexplained differences and unpaired data IDs are a `<failure>`
 * whose text is the diff summary, comparator errors and comparisons that could not run (`error`) are
 * `<error>`s, empty comparisons `<skipped>`; golden checks go to `<system-out>`. Failed units and stages
 * (`failures[]`) form one more `<testsuite>` (`<suite>.failures`), one `<error>` testcase each.
 */
export function renderResultsJunit(results: ParityResults, summary: ResultsSummary, options: Partial<JunitOptions> = {}): string {
  const maxPairs = options.maxPairsPerFailure ?? 200;
  const suites: string[] = [];
  let all = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
  for (const instrument of results.instruments) {
    const cases = summary.comparisons.filter((c) => c.comparison.instrument === instrument);
    const rendered = cases.map((c) => testcase(results.suite.name, c, maxPairs));
    const ms = cases.reduce((t, c) => t + (c.comparison.durationMs ?? 0), 0);
    const s = { tests: cases.length, failures: rendered.filter((r) => r.failed).length, errors: rendered.filter((r) => r.errored && !r.failed).length, skipped: rendered.filter((r) => r.skipped).length, ms };
    all = { tests: all.tests + s.tests, failures: all.failures + s.failures, errors: all.errors + s.errors, skipped: all.skipped + s.skipped, ms: all.ms + ms };
    const props = [['suite', results.suite.name], ['instrument', instrument], ...(results.commit ? [['commit', results.commit]] : [])]
      .map(([k, v]) => `      <property name="${x(k ?? '')}" value="${x(v ?? '')}"/>`)
      .join('\n');
    suites.push(
      `  <testsuite name="${x(`${results.suite.name}.${instrument}`)}" package="gen2to3.${x(results.suite.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="${seconds(ms)}" timestamp="${new Date(results.startedAt).toISOString().slice(0, 19)}">\n` +
        `    <properties>\n${props}\n    </properties>\n${rendered.map((r) => r.xml).join('\n')}\n  </testsuite>`,
    );
  }
  if (results.failures.length) {
    // Failed units and stages: one testcase each, an <error> (the run did not complete them).
    const cases = results.failures.map((f) => {
      const name = f.unit ?? f.stage;
      const classname = `gen2to3.${results.suite.name}.${f.side ? `${f.stage}.${f.side}` : f.stage}`;
      const where = [f.stage, f.side, f.step, f.dataId ? `{${formatDataId(f.dataId)}}` : undefined].filter((v) => v !== undefined).join(' ');
      return `    <testcase name="${x(name)}" classname="${x(classname)}" time="0.000">\n      <error type="${f.unit ? 'unit-failure' : 'stage-failure'}" message="${x(f.error)}">${x(`${where}: ${f.error}`)}</error>\n    </testcase>`;
    });
    all = { ...all, tests: all.tests + cases.length, errors: all.errors + cases.length };
    suites.push(
      `  <testsuite name="${x(`${results.suite.name}.failures`)}" package="gen2to3.${x(results.suite.name)}" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0" time="0.000" timestamp="${new Date(results.startedAt).toISOString().slice(0, 19)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${x(`gen2to3 parity: ${results.suite.name}`)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" time="${seconds(all.ms)}">\n${suites.join('\n')}\n</testsuites>\n`
  );
}
