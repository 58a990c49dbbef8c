/**
 * Expected differences (suite `expectedDifferences`) and config explanations: which differing
 * pairs are `explained`, and by what.
 */
import type { ConfigDiff, DataId, Explanation } from '../../src/results/results-schema.js';
import { wildcardMatcher } from '../../src/diff/wildcard.js';
import type { ExpectedDifference } from '../suite/suite-schema.js';
import { dataIdMatches } from './side-outputs.js';

/** True when `field` (a header key, column, config path such as `isr.doFlat`) is covered by `pattern` (exact, last path component, or wildcard). */
export function fieldCovered(pattern: string, field: string): boolean {
  if (pattern === field) return true;
  const bare = field.includes(':') ? field.slice(field.lastIndexOf(':') + 1) : field;
  if (bare === pattern || bare.endsWith(`.${pattern}`)) return true;
  return wildcardMatcher([pattern], { caseInsensitive: false })(bare);
}

/**
 * The expected difference that explains a pair, if any: its `dataIds` (when given) must match the
 * pair's Gen2 data ID (or the Gen3 one for an `only-gen3` pair) on the keys they name, and its `fields`
 * (when given) must cover every differing field — a pair with a difference outside the listed fields
 * stays `different`. Expected differences with `fields` never explain a missing data ID.
 */
export function matchExpectedDifference(expected: readonly ExpectedDifference[], pair: { gen2DataId?: DataId; gen3DataId?: DataId; differingFields: readonly string[]; unpaired: boolean }): ExpectedDifference | undefined {
  return expected.find((e) => {
    if (e.dataIds && !e.dataIds.some((d) => dataIdMatches(d, pair.gen2DataId) || (!pair.gen2DataId && dataIdMatches(d, pair.gen3DataId)))) return false;
    if (e.fields) {
      if (pair.unpaired || !pair.differingFields.length) return false;
      return pair.differingFields.every((f) => e.fields!.some((p) => fieldCovered(p, f)));
    }
    return true;
  });
}

/** The explanation recorded for an expected difference. */
export function expectedExplanation(e: ExpectedDifference): Explanation {
  return { reason: e.reason, ...(e.ticket !== undefined ? { ticket: e.ticket } : {}) };
}

/** The explanation of an output difference by config differences that are themselves unexplained. */
export function configExplanation(diffs: readonly ConfigDiff[]): Explanation | undefined {
  const fields = diffs.flatMap((d) => d.differences.map((f) => `${d.task}: ${f.path}${f.change === 'changed' ? ` ${f.gen2 ?? ''} != ${f.gen3 ?? ''}` : ` (${f.change})`}`));
  if (!fields.length) return undefined;
  const shown = fields.slice(0, 3).join('; ');
  return { reason: `explained by a config difference: ${shown}${fields.length > 3 ? `; … ${fields.length - 3} more` : ''}` };
}
