/**
 * Governor constraints: extraction of the governor values (`instrument = 'HSC'`, `skymap IN ('a', 'b')`)
 * that hold for every row an expression selects, so callers can restrict collection summaries and
 * dimension lookups before querying; and daf_butler's rule that dimensions depending on a governor
 * are only used together with that governor.
 */
import { QuerySemanticError } from './errors.js';
import type { QueryUniverse } from './query-universe.js';
import { governorOf } from './query-universe.js';
import type { Predicate, ValueExpr } from './resolved.js';
import type { ResolvedExpression } from './resolver.js';

/** Allowed values per governor dimension, e.g. `{ instrument: ['HSC'] }`; absent governors are unconstrained. */
export type GovernorConstraints = Readonly<Record<string, readonly string[]>>;

/**
 * The governor values `predicate` restricts to: taken from top-level AND terms of the form
 * `governor = 'x'`, `governor IN ('x', ...)`, or an OR of those on one governor; several terms on
 * the same governor intersect.
 */
export function extractGovernorConstraints(predicate: Predicate, universe: QueryUniverse): GovernorConstraints {
  const result = new Map<string, Set<string>>();
  const terms = predicate.kind === 'and' ? predicate.operands : [predicate];
  for (const term of terms) {
    const found = termConstraint(term, universe);
    if (found === undefined) continue;
    const previous = result.get(found.governor);
    result.set(found.governor, previous === undefined ? found.values : new Set([...previous].filter((v) => found.values.has(v))));
  }
  return Object.fromEntries([...result].sort(([a], [b]) => a.localeCompare(b)).map(([g, values]) => [g, [...values].sort()]));
}

function governorColumn(v: ValueExpr, universe: QueryUniverse): string | undefined {
  if (v.kind !== 'column' || v.ref.kind !== 'dimension') return undefined;
  return universe.elements.get(v.ref.dimension)?.governor === true ? v.ref.dimension : undefined;
}

function stringLiteral(v: ValueExpr): string | undefined {
  return v.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

function termConstraint(term: Predicate, universe: QueryUniverse): { governor: string; values: Set<string> } | undefined {
  switch (term.kind) {
    case 'compare': {
      if (term.op !== '=') return undefined;
      for (const [col, lit] of [
        [term.lhs, term.rhs],
        [term.rhs, term.lhs],
      ] as const) {
        const governor = governorColumn(col, universe);
        const value = stringLiteral(lit);
        if (governor !== undefined && value !== undefined) return { governor, values: new Set([value]) };
      }
      return undefined;
    }
    case 'in': {
      const governor = governorColumn(term.operand, universe);
      if (governor === undefined || term.ranges.length > 0 || term.includesNull) return undefined;
      const values = term.values.map(stringLiteral);
      if (values.some((v) => v === undefined)) return undefined;
      return { governor, values: new Set(values as string[]) };
    }
    case 'or': {
      let governor: string | undefined;
      const values = new Set<string>();
      for (const operand of term.operands) {
        const c = termConstraint(operand, universe);
        if (c === undefined || (governor !== undefined && c.governor !== governor)) return undefined;
        governor = c.governor;
        for (const v of c.values) values.add(v);
      }
      return governor === undefined ? undefined : { governor, values };
    }
    default:
      return undefined;
  }
}

/** A reference in an expression whose governor the expression leaves unconstrained. */
export interface UnconstrainedGovernor {
  /** The governor dimension, e.g. `instrument`. */
  readonly governor: string;
  /** The first column reference that needs it (has a source span). */
  readonly reference: ValueExpr;
}

function* columnsOf(p: Predicate): Generator<ValueExpr> {
  const values = function* (v: ValueExpr): Generator<ValueExpr> {
    switch (v.kind) {
      case 'column':
        yield v;
        break;
      case 'negate':
        yield* values(v.operand);
        break;
      case 'arithmetic':
        yield* values(v.lhs);
        yield* values(v.rhs);
        break;
      case 'predicateValue':
        yield* columnsOf(v.predicate);
        break;
      case 'literal':
        break;
    }
  };
  switch (p.kind) {
    case 'and':
    case 'or':
      for (const o of p.operands) yield* columnsOf(o);
      break;
    case 'not':
      yield* columnsOf(p.operand);
      break;
    case 'compare':
      yield* values(p.lhs);
      yield* values(p.rhs);
      break;
    case 'isNull':
      if (p.operand.kind !== 'timespanColumn' && p.operand.kind !== 'timespanBounds') yield* values(p.operand);
      break;
    case 'isTrue':
      yield* values(p.operand);
      break;
    case 'in':
      yield* values(p.operand);
      for (const v of p.values) yield* values(v);
      break;
    case 'timeInTimespan':
      yield* values(p.time);
      break;
    case 'overlaps':
    case 'constant':
      break;
  }
}

/**
 * daf_butler's sanity rule: an expression that uses a dimension value (`exposure`, `day_obs`) or an
 * alternate key (`detector.full_name`) depending on a governor must also mention that governor
 * (`instrument = 'HSC'`, anywhere in the expression), unless the caller supplies it (`defaults`, e.g.
 * from a default data ID). Returns the governors that are missing, with the first reference needing each.
 */
export function unconstrainedGovernors(predicate: Predicate, universe: QueryUniverse, defaults: readonly string[] = []): UnconstrainedGovernor[] {
  const referenced = new Set<string>(defaults);
  const needed = new Map<string, ValueExpr>();
  for (const column of columnsOf(predicate)) {
    if (column.kind !== 'column') continue;
    const ref = column.ref;
    let owner: string | undefined;
    if (ref.kind === 'dimension') owner = ref.dimension;
    else if (ref.kind === 'field' && universe.elements.get(ref.element)?.alternateKeys?.includes(ref.field) === true) owner = ref.element;
    if (owner === undefined) continue;
    const governor = governorOf(universe, owner);
    if (governor === undefined) continue;
    if (governor === owner) referenced.add(governor);
    else if (!needed.has(governor)) needed.set(governor, column);
  }
  return [...needed].filter(([governor]) => !referenced.has(governor)).map(([governor, reference]) => ({ governor, reference }));
}

/**
 * Throw when {@link unconstrainedGovernors} finds a missing governor, as daf_butler's query system does.
 *
 * @throws {@link QuerySemanticError} at the first reference that needs the governor.
 */
export function requireGovernorConstraints(resolved: ResolvedExpression, universe: QueryUniverse, defaults: readonly string[] = []): void {
  const [missing] = unconstrainedGovernors(resolved.predicate, universe, defaults);
  if (missing === undefined) return;
  const { reference, governor } = missing;
  const source = resolved.text.slice(reference.start, reference.end);
  throw new QuerySemanticError(
    resolved.text,
    reference.start,
    `${source} depends on ${governor}, which the expression does not constrain (add ${governor} = '...' or give a default ${governor})`,
  );
}
