import type { ConfigDump, ConfigEntry } from './config-dump.js';
import type { DiffBase } from './diff-value.js';
import { pyValuesEqual, type PyValue } from './python-value.js';
import { CONFIG_TOLERANCE, type Tolerance } from './tolerance.js';
import { wildcardMatcher } from './wildcard.js';

/** Options of {@link diffConfigs}. */
export interface ConfigDiffOptions {
  /** Float tolerance. Default is pex_config's (`rtol = atol = 1e-8`). */
  readonly tolerance: Tolerance;
  /** Field paths (wildcards, case-sensitive) not compared, e.g. `connections.*`. Default is none. */
  readonly ignoreFields: readonly string[];
}

/** Defaults of {@link ConfigDiffOptions}. */
export const DEFAULT_CONFIG_DIFF_OPTIONS: ConfigDiffOptions = { tolerance: CONFIG_TOLERANCE, ignoreFields: [] };

/** One field that differs. */
export interface ConfigFieldDifference {
  readonly path: string;
  readonly change: 'changed' | 'onlyInA' | 'onlyInB';
  readonly a?: PyValue;
  readonly b?: PyValue;
  readonly lineA?: number;
  readonly lineB?: number;
}

/** Differences between two pex_config dumps, field by field. */
export interface ConfigDiff extends DiffBase<'config'> {
  readonly a: string;
  readonly b: string;
  /** Fields compared (set on both sides, not ignored, not an unselected registry entry). */
  readonly compared: number;
  readonly differences: readonly ConfigFieldDifference[];
  /**
   * Fields under a registry/choice field (`x['name'].…`) whose name is not selected (`x.name`,
   * `x.names`) on both sides: pex_config compares only the sub-configs both select.
   */
  readonly unselected: readonly string[];
}

/**
 * Compares two pex_config dumps field by field (pex_config `comparison.py` semantics: floats within
 * 1e-8, NaN == NaN, ints, strings, None and booleans exactly, containers element by element, only
 * the selected entries of registry and choice fields).
 */
export function diffConfigs(a: ConfigDump, b: ConfigDump, options: Partial<ConfigDiffOptions> = {}): ConfigDiff {
  const opts = Object.assign({}, DEFAULT_CONFIG_DIFF_OPTIONS, options);
  const isIgnored = wildcardMatcher(opts.ignoreFields, { caseInsensitive: false });
  const selectedA = selections(a);
  const selectedB = selections(b);
  const unselected: string[] = [];
  const differences: ConfigFieldDifference[] = [];
  let compared = 0;
  const paths = [...new Set([...a.entries.keys(), ...b.entries.keys()])];
  for (const path of paths) {
    if (isIgnored(path)) continue;
    if (!isSelected(path, selectedA, selectedB)) {
      unselected.push(path);
      continue;
    }
    const entryA = a.entries.get(path);
    const entryB = b.entries.get(path);
    if (entryA && entryB) {
      compared++;
      if (!pyValuesEqual(entryA.value, entryB.value, opts.tolerance)) differences.push({ path, change: 'changed', a: entryA.value, b: entryB.value, lineA: entryA.line, lineB: entryB.line });
    } else if (entryA) differences.push(oneSided(path, 'onlyInA', entryA));
    else if (entryB) differences.push(oneSided(path, 'onlyInB', entryB));
  }
  const identical = differences.length === 0;
  const changed = differences.filter((d) => d.change === 'changed').length;
  const summary = identical
    ? `${compared} config fields identical`
    : `${changed} of ${compared} config fields differ, ${differences.length - changed} set on one side only (${differences.slice(0, 3).map((d) => d.path).join(', ')}${differences.length > 3 ? ', …' : ''})`;
  return { kind: 'config', identical, summary, a: a.source, b: b.source, compared, differences, unselected };
}

function oneSided(path: string, change: 'onlyInA' | 'onlyInB', entry: ConfigEntry): ConfigFieldDifference {
  return change === 'onlyInA' ? { path, change, a: entry.value, lineA: entry.line } : { path, change, b: entry.value, lineB: entry.line };
}

/** Registry/choice field prefix → the names its `.name` / `.names` select. */
function selections(dump: ConfigDump): Map<string, Set<string>> {
  const selected = new Map<string, Set<string>>();
  for (const [path, entry] of dump.entries) {
    const match = /^(.*)\.(name|names)$/.exec(path);
    if (!match?.[1]) continue;
    const names = selectedNames(entry.value);
    if (names) selected.set(match[1], names);
  }
  return selected;
}

function selectedNames(value: PyValue): Set<string> | undefined {
  if (typeof value === 'string') return new Set([value]);
  if (value === null) return new Set();
  if (typeof value === 'object' && (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set')) {
    return new Set(value.items.filter((item): item is string => typeof item === 'string'));
  }
  return undefined;
}

/** False when the path is under `prefix['key']` of a registry/choice field and a side does not select `key`. */
function isSelected(path: string, selectedA: Map<string, Set<string>>, selectedB: Map<string, Set<string>>): boolean {
  for (const match of path.matchAll(/\[('(?:[^'\\]|\\.)*')\]/g)) {
    const prefix = path.slice(0, match.index);
    const key = match[1]?.slice(1, -1).replace(/\\(.)/g, '$1') ?? '';
    const inA = selectedA.get(prefix);
    const inB = selectedB.get(prefix);
    if (!inA && !inB) continue;
    if (!(inA?.has(key) ?? true) || !(inB?.has(key) ?? true)) return false;
  }
  return true;
}
