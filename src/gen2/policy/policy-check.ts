/**
 * Structural validation of policy documents before merging, so that every problem is reported against
 * the file that contains it, as `key.path: message` (style.md §9.11). Unknown keys are allowed (Gen2
 * ignored them); the singular typo `table:` is ignored.
 */
import { PolicyError } from '../errors.js';
import { POLICY_SECTIONS } from './mapper-policy.js';
import { isPlainMap, type PlainMap } from './policy-merge.js';

/** Words for a value's kind in messages: `a number (5)`, `a list`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (isPlainMap(value)) return 'a mapping';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return `a ${typeof value}`;
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

const ENTRY_STRING_KEYS = ['storage', 'python', 'persistable', 'level', 'obsTimeName', 'validStartName', 'validEndName', 'recipe', 'assembler', 'disassembler', 'description'] as const;
const ENTRY_LIST_KEYS = ['tables', 'columns', 'reference', 'refCols', 'metadataKey'] as const;
const ENTRY_BOOL_KEYS = ['validRange', 'filter', 'inputOnly'] as const;
const TOP_STRING_KEYS = ['camera', 'defects', 'calibRoot', 'registryPath', 'calibRegistryPath', 'defaultLevel'] as const;

/** True for a string or a list of strings (Gen2's `Policy.asArray` inputs). */
export function isStringOrStringList(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

function checkString(map: PlainMap, key: string, at: string, issues: string[], nullable = false): void {
  if (!Object.prototype.hasOwnProperty.call(map, key)) return;
  const v = map[key];
  if (typeof v === 'string' || (nullable && v === null)) return;
  issues.push(`${join(at, key)}: expected a string, found ${describeValue(v)}`);
}

function checkComposite(value: unknown, at: string, issues: string[]): void {
  if (!isPlainMap(value)) {
    issues.push(`${at}: expected a mapping of components, found ${describeValue(value)}`);
    return;
  }
  for (const [name, comp] of Object.entries(value)) {
    const cat = join(at, name);
    if (!isPlainMap(comp)) {
      issues.push(`${cat}: expected a mapping, found ${describeValue(comp)}`);
      continue;
    }
    if (typeof comp.datasetType !== 'string') issues.push(`${join(cat, 'datasetType')}: expected a string, found ${describeValue(comp.datasetType)}`);
    for (const key of ['setter', 'getter']) checkString(comp, key, cat, issues, true);
    for (const key of ['subset', 'inputOnly']) {
      if (key in comp && typeof comp[key] !== 'boolean') issues.push(`${join(cat, key)}: expected a boolean, found ${describeValue(comp[key])}`);
    }
  }
}

/** Checks one dataset entry; `at` is its key path (`datasets.calexp`). */
export function checkEntry(entry: unknown, at: string, issues: string[]): void {
  if (!isPlainMap(entry)) {
    issues.push(`${at}: expected a mapping, found ${describeValue(entry)}`);
    return;
  }
  checkString(entry, 'template', at, issues, true);
  for (const key of ENTRY_STRING_KEYS) checkString(entry, key, at, issues);
  for (const key of ENTRY_LIST_KEYS) {
    if (key in entry && !isStringOrStringList(entry[key])) {
      issues.push(`${join(at, key)}: expected a string or a list of strings, found ${describeValue(entry[key])}`);
    }
  }
  for (const key of ENTRY_BOOL_KEYS) {
    if (key in entry && typeof entry[key] !== 'boolean') issues.push(`${join(at, key)}: expected a boolean, found ${describeValue(entry[key])}`);
  }
  if ('composite' in entry) checkComposite(entry.composite, join(at, 'composite'), issues);
}

/** Checks a mapping of dataset entries (a camera section, or a whole obs_base section file when `at` is `''`). */
export function checkSection(section: unknown, at: string, issues: string[]): void {
  if (section === null || section === undefined) return; // `datasets:` with no value: no entries
  if (!isPlainMap(section)) {
    issues.push(`${at === '' ? '(top level)' : at}: expected a mapping of dataset types, found ${describeValue(section)}`);
    return;
  }
  for (const [name, entry] of Object.entries(section)) checkEntry(entry, join(at, name), issues);
}

/** Checks a camera policy or a repository `_policy` document (top-level keys and the four sections). */
export function checkPolicyDocument(doc: PlainMap, issues: string[]): void {
  for (const key of TOP_STRING_KEYS) checkString(doc, key, '', issues, true);
  if ('needCalibRegistry' in doc && typeof doc.needCalibRegistry !== 'boolean' && doc.needCalibRegistry !== null) {
    issues.push(`needCalibRegistry: expected a boolean, found ${describeValue(doc.needCalibRegistry)}`);
  }
  if ('levels' in doc && doc.levels !== null) {
    if (!isPlainMap(doc.levels)) issues.push(`levels: expected a mapping, found ${describeValue(doc.levels)}`);
    else {
      for (const [level, keys] of Object.entries(doc.levels)) {
        if (keys !== null && !isStringOrStringList(keys)) issues.push(`levels.${level}: expected a string or a list of strings, found ${describeValue(keys)}`);
      }
    }
  }
  if ('defaultSubLevels' in doc && doc.defaultSubLevels !== null) {
    if (!isPlainMap(doc.defaultSubLevels)) issues.push(`defaultSubLevels: expected a mapping, found ${describeValue(doc.defaultSubLevels)}`);
    else for (const key of Object.keys(doc.defaultSubLevels)) checkString(doc.defaultSubLevels, key, 'defaultSubLevels', issues, true);
  }
  for (const section of POLICY_SECTIONS) if (section in doc) checkSection(doc[section], section, issues);
}

/** Throws one PolicyError for all issues found in `file` (nothing when there are none). */
export function raiseIssues(file: string, issues: readonly string[]): void {
  if (issues.length === 0) return;
  const message = issues.length === 1 ? issues[0]! : `${issues.length} policy problems: ${issues.join('; ')}`;
  throw new PolicyError(file, message);
}

/**
 * Validates a whole document: it must be a mapping; then {@link checkPolicyDocument}.
 *
 * @param what - how to describe the top level in the message (`top level`, `_policy.data`).
 * @throws PolicyError naming `file` and every key path at fault.
 */
export function validatePolicyDocument(doc: unknown, file: string, what = 'top level'): PlainMap {
  if (!isPlainMap(doc)) {
    throw new PolicyError(file, `${what}: expected a mapping, found ${doc === undefined ? 'an empty document' : describeValue(doc)}`);
  }
  const issues: string[] = [];
  checkPolicyDocument(doc, issues);
  raiseIssues(file, issues);
  return doc;
}
