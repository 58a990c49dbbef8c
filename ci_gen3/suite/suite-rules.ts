/**
 * Cross-field rules of a parsed suite: unique ids and step names, known instruments, converters,
 * stage order, and argument templates (balanced braces, known placeholders, no data ID in `pre`).
 */
import { STAGES } from '../../src/results/results-schema.js';
import { formatIssuePath } from '../../src/results/issue-path.js';
import { DATA_ID_PREFIX, isKnownPlaceholder, templatePlaceholders, TEMPLATE_VARIABLES, usesDataId } from '../steps/arg-template.js';
import type { ParsedSuite, SuiteStep } from './suite-schema.js';

/** Options of {@link validateSuiteRules}. */
export interface SuiteRuleOptions {
  /** Converter families that exist; when given, `conversion.converters` must name them. */
  readonly knownConverters?: readonly string[];
}

function templateProblems(argv: readonly string[], at: readonly PropertyKey[], allowDataId: boolean): string[] {
  const out: string[] = [];
  argv.forEach((arg, i) => {
    let names: string[];
    try {
      names = templatePlaceholders(arg);
    } catch (err) {
      out.push(`${formatIssuePath([...at, i])}: ${(err as Error).message}`);
      return;
    }
    for (const n of names) {
      if (!isKnownPlaceholder(n)) out.push(`${formatIssuePath([...at, i])}: unknown placeholder {${n}} (known: ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(', ')}, {${DATA_ID_PREFIX}<key>})`);
      else if (!allowDataId && n.startsWith(DATA_ID_PREFIX)) out.push(`${formatIssuePath([...at, i])}: a pre command runs without a data ID; {${n}} is not available`);
    }
  });
  return out;
}

function stepProblems(steps: readonly SuiteStep[], side: 'gen2' | 'gen3'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    const at = ['steps', side, i] as const;
    if (seen.has(s.name)) out.push(`${formatIssuePath([...at, 'name'])}: duplicate step name ${s.name}`);
    seen.add(s.name);
    if (s.command) {
      const problems = templateProblems(s.command, [...at, 'command'], true);
      out.push(...problems);
      if (!problems.length && s.dataIds && !usesDataId(s.command)) out.push(`${formatIssuePath([...at, 'dataIds'])}: data IDs given but the command uses no {dataId.<key>} placeholder`);
    }
    if (Array.isArray(s.pre)) out.push(...templateProblems(s.pre, [...at, 'pre'], false));
  });
  return out;
}

/** Checks the rules; returns every problem as `dot.path: message` (empty when the suite is valid). */
export function validateSuiteRules(suite: ParsedSuite, options: SuiteRuleOptions = {}): string[] {
  const out: string[] = [];
  const instruments = suite.metadata.instruments;
  suite.inputs.gen2.forEach((g, i) => {
    if (g.instrument !== undefined && !instruments.includes(g.instrument)) out.push(`inputs.gen2[${i}].instrument: ${g.instrument} is not listed in metadata.instruments`);
  });
  if (options.knownConverters) {
    suite.conversion.converters.forEach((c, i) => {
      if (!options.knownConverters!.includes(c)) out.push(`conversion.converters[${i}]: unknown converter ${c} (known: ${options.knownConverters!.join(', ')})`);
    });
  }
  if (suite.stages) {
    const order = suite.stages.map((s) => STAGES.indexOf(s));
    if (new Set(order).size !== order.length) out.push('stages: a stage is listed twice');
    else if (order.some((o, i) => i > 0 && o < order[i - 1]!)) out.push(`stages: stages run in the fixed order ${STAGES.join(' → ')}`);
  }
  out.push(...stepProblems(suite.steps.gen2, 'gen2'), ...stepProblems(suite.steps.gen3, 'gen3'));
  const ids = new Set<string>();
  suite.comparisons.forEach((c, i) => {
    const id = c.id ?? `${c.kind}/${c.datasetType}`;
    if (ids.has(id)) out.push(`comparisons[${i}].id: duplicate comparison id ${id}${c.id ? '' : ' (default <kind>/<datasetType>; give an id)'}`);
    ids.add(id);
    if (c.instrument !== undefined && !instruments.includes(c.instrument)) out.push(`comparisons[${i}].instrument: ${c.instrument} is not listed in metadata.instruments`);
    if (c.instrument === undefined && instruments.length > 1) out.push(`comparisons[${i}].instrument: required when the suite has several instruments (${instruments.join(', ')})`);
  });
  const configIds = new Set(suite.comparisons.filter((c) => c.comparator === 'config').map((c) => c.id ?? `${c.kind}/${c.datasetType}`));
  suite.comparisons.forEach((c, i) => {
    (c.explainedByConfigs ?? []).forEach((id, j) => {
      if (!configIds.has(id)) out.push(`comparisons[${i}].explainedByConfigs[${j}]: ${id} is not the id of a config comparison${configIds.size ? ` (config comparisons: ${[...configIds].join(', ')})` : ''}`);
    });
  });
  const stepNames = { gen2: new Set(suite.steps.gen2.map((s) => s.name)), gen3: new Set(suite.steps.gen3.map((s) => s.name)) };
  suite.faults.forEach((f, i) => {
    if (f.kind === 'gather-order' && !stepNames[f.side].has(f.step)) out.push(`faults[${i}].step: the ${f.side} side has no step ${f.step}`);
  });
  return out;
}
