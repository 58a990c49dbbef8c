import { demoPolicyDir } from '../../ci_gen3/demo/demo-instrument.js';
import { parsePolicySearchPath, resolvePolicySearchPath } from '../gen2/policy/index.js';

/**
 * The policy search path of a command: `--policy-path` entries (each may be `:`-separated), then
 * `GEN2TO3_POLICY_PATH`, then the policies gen2to3 ships (the demo instrument's).
 */
export function policySearchPath(option: readonly string[] | undefined): string[] {
  const explicit = (option ?? []).flatMap(parsePolicySearchPath);
  return [...new Set([...resolvePolicySearchPath(explicit), demoPolicyDir()])];
}

/** Commander collector for a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
