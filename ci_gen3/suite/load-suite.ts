/**
 * Loads a parity suite: YAML → schema → cross-field rules → `${ENV}` expansion and path
 * resolution → existence checks. Every problem is collected and raised once as a {@link SuiteError}
 * (`suite.yaml: comparisons[2].tolerances.rtol: expected a number`).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { formatIssuePath } from '../../src/results/issue-path.js';
import type { StageName } from '../stages/stage-name.js';
import { ALL_STAGES } from '../stages/stage-name.js';
import { converterFamilies } from './converter-families.js';
import { expandEnv } from './expand-env.js';
import { SuiteError } from './suite-error.js';
import { formatSuiteIssues, suiteErrorMap } from './suite-issues.js';
import { validateSuiteRules } from './suite-rules.js';
import { suiteSchema, type ParsedSuite, type SuiteComparison } from './suite-schema.js';

/** A comparison with its defaults resolved. */
export type ResolvedComparison = SuiteComparison & { id: string; instrument: string; evidenceFor: string[] };

/** A loaded suite: defaults applied, paths absolute, stages explicit. */
export type Suite = Omit<ParsedSuite, 'comparisons' | 'stages'> & {
  /** Absolute path of the suite file. */
  file: string;
  /** Stages the suite runs, in harness order. */
  stages: StageName[];
  comparisons: ResolvedComparison[];
};

/** Options of {@link parseSuite} and {@link loadSuite}. */
export interface LoadSuiteOptions {
  /** Base of relative paths in the suite. Default is `process.cwd()` (the project root when run from it). */
  projectRoot?: string;
  /** Environment for `${NAME}` references. Default is `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Check that Gen2 roots, calib roots and the conversion config exist. Default is `true`. */
  checkPaths?: boolean;
  /** Converter families `conversion.converters` may name. Default: the families gen2to3 ships. */
  knownConverters?: readonly string[];
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}
async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

function resolveSuite(parsed: ParsedSuite, file: string, options: LoadSuiteOptions, problems: string[], gen2Path: (i: number) => PropertyKey[]): Suite {
  const root = path.resolve(options.projectRoot ?? process.cwd());
  const env = options.env ?? process.env;
  const resolvePath = (value: string, at: readonly PropertyKey[]): string => {
    const { value: expanded, missing } = expandEnv(value, env);
    for (const m of missing) problems.push(`${formatIssuePath(at)}: environment variable ${m} is not set (write \${${m}:-default} to give a default)`);
    return path.resolve(root, expanded);
  };
  const instruments = parsed.metadata.instruments;
  return {
    ...parsed,
    file,
    stages: parsed.stages ?? [...ALL_STAGES],
    inputs: {
      demo: parsed.inputs.demo,
      gen2: parsed.inputs.gen2.map((g, i) => ({
        ...g,
        root: resolvePath(g.root, [...gen2Path(i), 'root']),
        ...(g.calibs !== undefined ? { calibs: resolvePath(g.calibs, [...gen2Path(i), 'calibs']) } : {}),
      })),
    },
    policyPath: parsed.policyPath.map((p, i) => resolvePath(p, ['policyPath', i])),
    conversion: { ...parsed.conversion, ...(parsed.conversion.config !== undefined ? { config: resolvePath(parsed.conversion.config, ['conversion', 'config']) } : {}) },
    comparisons: parsed.comparisons.map((c, i) => ({
      ...c,
      id: c.id ?? `${c.kind}/${c.datasetType}`,
      instrument: c.instrument ?? instruments[0]!,
      evidenceFor: c.evidenceFor ?? parsed.metadata.evidenceFor,
      ...(c.golden !== undefined ? { golden: resolvePath(c.golden, ['comparisons', i, 'golden']) } : {}),
    })),
  };
}

async function pathProblems(suite: Suite, gen2Path: (i: number) => PropertyKey[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, g] of suite.inputs.gen2.entries()) {
    if (!(await isDirectory(g.root))) out.push(`${formatIssuePath([...gen2Path(i), 'root'])}: Gen2 root directory not found: ${g.root}`);
    if (g.calibs !== undefined && !(await isDirectory(g.calibs))) out.push(`${formatIssuePath([...gen2Path(i), 'calibs'])}: calib root directory not found: ${g.calibs}`);
  }
  if (suite.conversion.config !== undefined && !(await isFile(suite.conversion.config))) out.push(`conversion.config: file not found: ${suite.conversion.config}`);
  return out;
}

/**
 * Parses suite text. `file` names the suite in messages and is resolved to an absolute path.
 * @throws SuiteError with every problem found.
 */
export async function parseSuite(text: string, file: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new SuiteError(
      file,
      doc.errors.map((e) => `${e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : ''}YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`),
    );
  }
  const raw: unknown = doc.toJS();
  const parsed = suiteSchema.safeParse(raw, { error: suiteErrorMap });
  if (!parsed.success) throw new SuiteError(file, formatSuiteIssues(parsed.error.issues));
  // Name a single `gen2:` mapping as written (`inputs.gen2.root`), a list by index.
  const gen2IsList = Array.isArray((raw as { inputs?: { gen2?: unknown } }).inputs?.gen2);
  const gen2Path = (i: number): PropertyKey[] => (gen2IsList ? ['inputs', 'gen2', i] : ['inputs', 'gen2']);
  const problems = validateSuiteRules(parsed.data, { knownConverters: options.knownConverters ?? converterFamilies() });
  const suite = resolveSuite(parsed.data, path.resolve(file), options, problems, gen2Path);
  if (!problems.length && options.checkPaths !== false) problems.push(...(await pathProblems(suite, gen2Path)));
  if (problems.length) throw new SuiteError(file, problems);
  return suite;
}

/**
 * Reads and parses a suite file.
 * @throws SuiteError when the file cannot be read or is invalid.
 */
export async function loadSuite(file: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SuiteError(file, [`cannot read the suite: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`], { cause: err });
  }
  return parseSuite(text, file, options);
}
