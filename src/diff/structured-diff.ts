import type { DiffBase } from './diff-value.js';
import type { StructuredValue } from './structured-data.js';
import { isClose, PARITY_TOLERANCE, type Tolerance } from './tolerance.js';
import { wildcardMatcher } from './wildcard.js';

/** Options of {@link diffStructured}. */
export interface StructuredDiffOptions {
  /** Tolerance for numbers. Default is the parity tolerance (rtol 1e-5, atol 1e-8). */
  readonly tolerance: Tolerance;
  /** Paths (wildcards, case-sensitive) not compared, e.g. `*.*StartUtc`. Default is none. */
  readonly ignorePaths: readonly string[];
  /** How many differences to list; negative for all. The count is always complete. Default is 100. */
  readonly maxReported: number;
}

/** Defaults of {@link StructuredDiffOptions}. */
export const DEFAULT_STRUCTURED_DIFF_OPTIONS: StructuredDiffOptions = { tolerance: PARITY_TOLERANCE, ignorePaths: [], maxReported: 100 };

/** One difference, located by a path such as `a.b[3]` or `stats["x.y"]`. */
export interface StructuredDifference {
  readonly path: string;
  /** `changed`: different values of one type; `type`: different types; `onlyIn*`: key or list item on one side. */
  readonly change: 'changed' | 'type' | 'onlyInA' | 'onlyInB';
  readonly a?: StructuredValue;
  readonly b?: StructuredValue;
}

/** Differences between two YAML/JSON documents. */
export interface StructuredDiff extends DiffBase<'structured'> {
  readonly a: string;
  readonly b: string;
  /** Scalar values compared on both sides. */
  readonly compared: number;
  readonly differenceCount: number;
  /** The first differences in document order, at most `maxReported`. */
  readonly differences: readonly StructuredDifference[];
}

/**
 * Compares two parsed documents structurally: maps by key, lists by position, numbers within the
 * tolerance (NaN equals NaN), other scalars exactly, different types as differences.
 */
export function diffStructured(a: StructuredValue, b: StructuredValue, sources: { a: string; b: string }, options: Partial<StructuredDiffOptions> = {}): StructuredDiff {
  const opts = Object.assign({}, DEFAULT_STRUCTURED_DIFF_OPTIONS, options);
  const isIgnored = wildcardMatcher(opts.ignorePaths, { caseInsensitive: false });
  const limit = opts.maxReported < 0 ? Infinity : opts.maxReported;
  const differences: StructuredDifference[] = [];
  let count = 0;
  let compared = 0;
  const report = (difference: StructuredDifference): void => {
    count++;
    if (differences.length < limit) differences.push(difference);
  };
  const walk = (x: StructuredValue, y: StructuredValue, path: string): void => {
    if (path !== '' && isIgnored(path)) return;
    const typeX = typeOf(x);
    const typeY = typeOf(y);
    if (typeX !== typeY) {
      report({ path, change: 'type', a: x, b: y });
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const itemPath = `${path}[${i}]`;
        if (isIgnored(itemPath)) continue;
        if (i >= y.length) report({ path: itemPath, change: 'onlyInA', a: x[i] as StructuredValue });
        else if (i >= x.length) report({ path: itemPath, change: 'onlyInB', b: y[i] as StructuredValue });
        else walk(x[i] as StructuredValue, y[i] as StructuredValue, itemPath);
      }
      return;
    }
    if (typeX === 'map') {
      const mapX = x as { [key: string]: StructuredValue };
      const mapY = y as { [key: string]: StructuredValue };
      for (const key of new Set([...Object.keys(mapX), ...Object.keys(mapY)])) {
        const keyPath = joinKey(path, key);
        if (isIgnored(keyPath)) continue;
        if (!Object.hasOwn(mapY, key)) report({ path: keyPath, change: 'onlyInA', a: mapX[key] as StructuredValue });
        else if (!Object.hasOwn(mapX, key)) report({ path: keyPath, change: 'onlyInB', b: mapY[key] as StructuredValue });
        else walk(mapX[key] as StructuredValue, mapY[key] as StructuredValue, keyPath);
      }
      return;
    }
    compared++;
    const same = typeof x === 'number' && typeof y === 'number' ? isClose(x, y, opts.tolerance) : x === y;
    if (!same) report({ path, change: 'changed', a: x, b: y });
  };
  walk(a, b, '');
  const summary =
    count === 0
      ? `${compared} values identical`
      : `${count} difference${count === 1 ? '' : 's'} (${differences.slice(0, 3).map((d) => d.path || '(root)').join(', ')}${count > 3 ? ', …' : ''})`;
  return { kind: 'structured', identical: count === 0, summary, a: sources.a, b: sources.b, compared, differenceCount: count, differences };
}

function typeOf(value: StructuredValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'map' : typeof value;
}

/** `a.b` for identifier-like keys, `a["x.y"]` otherwise. */
export function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}
