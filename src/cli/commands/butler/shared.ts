import { UsageError } from '../../../errors.js';
import type { DimensionElement } from '../../../gen3/dimensions/index.js';
import { matches, recordLookup, requireGovernorConstraints, resolveExpression, universeV8, type BindValues, type Predicate } from '../../../gen3/query/index.js';
import { Registry } from '../../../gen3/registry/index.js';
import { openRepository, type Repository } from '../../../gen3/repo/index.js';
import { taiNsToIso, MAX_TAI_NS, MIN_TAI_NS, type Timespan } from '../../../gen3/time/index.js';
import { pyFloat } from '../../../report/butler-table.js';
import { writePrettyJson } from '../../../report/pretty-json.js';
import type { CliContext } from '../../context.js';

/** Opens `root`, runs `fn` with its registry, closes it. */
export async function withRegistry<T>(root: string, fn: (registry: Registry, repo: Repository) => Promise<T>): Promise<T> {
  const repo = await openRepository(root);
  try {
    return await fn(Registry.of(repo), repo);
  } finally {
    await repo.close();
  }
}

/** Collects repeated option values (`--bind a=1 --bind b=2`, `--collections a b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Splits comma-separated values as daf_butler's multiple-value options do. */
export function splitCommas(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** `--bind name=value`: value read as JSON when it parses (numbers, lists, strings in quotes), else as a string. */
export function parseBinds(values: readonly string[] | undefined): BindValues {
  const bind: Record<string, unknown> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--bind wants NAME=VALUE, got ${JSON.stringify(v)}`);
    const name = v.slice(0, eq).trim();
    const text = v.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    bind[name] = value;
  }
  return bind as BindValues;
}

/** The predicate of `--where` over `dimensions` (true for no expression). */
export function wherePredicate(registry: Registry, where: string | undefined, bind: BindValues, dimensions: readonly string[]): Predicate | undefined {
  if (where === undefined || where.trim() === '') return undefined;
  const universe = registry.universe;
  const { required, implied } = universe.closure(dimensions);
  const resolved = resolveExpression(where, { universe: universeForQuery(registry), bind, dimensions: [...required, ...implied] });
  // daf_butler refuses a dimension value used without its governor (no default data ID on the CLI).
  requireGovernorConstraints(resolved, universeForQuery(registry));
  return resolved.predicate;
}

// The registry's universe is daf_butler's version 8 (openRepository checks it), which the query module describes.
function universeForQuery(_registry: Registry): Parameters<typeof resolveExpression>[1]['universe'] {
  return universeV8;
}

/** True when `row` passes `predicate` (no predicate: always). */
export function rowMatches(predicate: Predicate | undefined, row: Parameters<typeof recordLookup>[0]): boolean {
  return predicate === undefined || matches(predicate, recordLookup(row));
}

function isTimespan(v: unknown): v is Timespan {
  return typeof v === 'object' && v !== null && 'begin' in v && 'end' in v;
}

/** daf_butler's `str(Timespan)`: `[begin, end)` in TAI, `-∞`/`∞` for unbounded. */
export function timespanText(t: Timespan | null | undefined): string {
  if (!t) return 'None';
  if (t.begin >= t.end) return '(empty)';
  const secs = (ns: bigint): string => taiNsToIso(ns - (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n), 'tai', { precision: 0 });
  const head = t.begin <= MIN_TAI_NS ? '(-∞, ' : `[${secs(t.begin)}, `;
  const tail = t.end >= MAX_TAI_NS ? '∞)' : `${secs(t.end)})`;
  return head + tail;
}

/** A table cell as Python prints the value (`None`, `True`, `30.0`). */
export function cellText(v: unknown, type?: string): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return type === 'float' ? pyFloat(v) : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (isTimespan(v)) return timespanText(v);
  return String(v);
}

/** A value as JSON (bigints as numbers when safe, else strings; timespans as TAI ns strings). */
export function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (isTimespan(v)) return { begin: v.begin.toString(), end: v.end.toString() };
  return v ?? null;
}

/** Prints `value` as indented JSON, streamed row by row (a query can return millions). */
export function printJson(ctx: CliContext, value: unknown): void {
  writePrettyJson(value, ctx.write, (v) => (typeof v === 'bigint' ? jsonValue(v) : v));
}

/** The type of `field` of `element` ('float', 'int', …). */
export function fieldType(element: DimensionElement, field: string): string | undefined {
  return [...element.keys, ...element.metadata].find((f) => f.name === field)?.type;
}

/** Glob (`*`, `?`) → RegExp. */
export function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** True when `s` has glob characters. */
export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/** Compares two cells: numbers numerically, everything else as strings. */
export function compareValues(a: unknown, b: unknown): number {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const x = BigInt(typeof a === 'number' ? Math.trunc(a) : a);
    const y = BigInt(typeof b === 'number' ? Math.trunc(b) : b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}
