/**
 * Reading a policy YAML file the way PyYAML did, minus every unsafe feature: YAML 1.1 scalars as
 * PyYAML resolves them (`yes`/`on` booleans but `y`/`n` strings; sexagesimal and octal ints; dates),
 * duplicate keys allowed (last wins), and application tags such as
 * `!!python/object:…` or `!RepositoryCfg_v1` left unresolved — their nodes are kept as the plain
 * mapping/sequence/string they are, never evaluated. Alias expansion is bounded.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, type ScalarTag, type Tags, type YAMLError } from 'yaml';
import { isErrnoError } from '../../errors.js';
import { PolicyError } from '../errors.js';

/** Result of {@link readPolicyYaml}. */
export interface PolicyYaml {
  /** The document as plain data (undefined for an empty document). */
  readonly data: unknown;
  /** Non-fatal findings, each prefixed by the file (e.g. unresolved tags kept as inert data). */
  readonly warnings: readonly string[];
}

/** PyYAML's YAML 1.1 resolvers where the `yaml` package's 1.1 schema is more liberal. */
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/; // not y/Y: `filter: y` stays a string
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/; // not n/N
const PY_INT_DEC = /^[-+]?(?:0|[1-9][0-9_]*)$/; // `09` stays a string
const PY_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/; // `1e5` stays a string
const PY_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/;

function isScalarTag(tag: Tags[number]): tag is ScalarTag {
  return typeof tag === 'object' && 'test' in tag && tag.test instanceof RegExp;
}

/** Narrows the yaml-1.1 schema's implicit scalars to what PyYAML (`yaml.load`, which Gen2 used) resolves. */
function pyYamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (!isScalarTag(tag) || tag.test === undefined) return tag;
    if (tag.tag === 'tag:yaml.org,2002:bool') return { ...tag, test: tag.test.test('yes') ? PY_TRUE : PY_FALSE };
    if (tag.tag === 'tag:yaml.org,2002:int' && tag.format === undefined && tag.test.test('12')) return { ...tag, test: PY_INT_DEC };
    if (tag.tag === 'tag:yaml.org,2002:float' && tag.format === 'EXP') return { ...tag, test: PY_FLOAT_EXP };
    if (tag.tag === 'tag:yaml.org,2002:float' && tag.format === undefined && tag.test.test('1.5')) return { ...tag, test: PY_FLOAT };
    return tag;
  });
}

/** Upper bound on alias dereferences, against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 1000;

function firstLine(text: string): string {
  const cut = text.indexOf('\n');
  const line = cut < 0 ? text : text.slice(0, cut);
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function where(err: YAMLError): string {
  const pos = err.linePos?.[0];
  return pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
}

/**
 * Parses YAML text of a policy.
 *
 * @param text - the YAML source.
 * @param file - the file name used in messages.
 * @returns the plain data and the warnings.
 * @throws PolicyError naming the file, line and column for a syntax error.
 */
export function parsePolicyYaml(text: string, file: string): PolicyYaml {
  const doc = parseDocument(text, { schema: 'yaml-1.1', customTags: pyYamlTags, uniqueKeys: false, prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    throw new PolicyError(file, `YAML syntax error at ${where(err)}: ${firstLine(err.message)}`, { cause: err });
  }
  const warnings = doc.warnings.map((w) => `${file}: ${where(w)}: ${firstLine(w.message)} (kept as plain data)`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    throw new PolicyError(file, `YAML could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return { data: data ?? undefined, warnings };
}

/**
 * Reads and parses a policy YAML file.
 *
 * @throws PolicyError when the file cannot be read or is not valid YAML.
 */
export function readPolicyYaml(file: string): PolicyYaml {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const what = isErrnoError(cause, 'ENOENT') ? 'policy file does not exist' : isErrnoError(cause, 'EISDIR') ? 'is a directory, not a policy file' : 'policy file cannot be read';
    throw new PolicyError(file, what, { cause });
  }
  return parsePolicyYaml(text, file);
}
