import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../../../src/gen2/errors.js';
import {
  findPolicyFile,
  locatePolicyFile,
  parsePolicySearchPath,
  policyFileCandidates,
  policySearchPathFromEnv,
  resolvePolicySearchPath,
} from '../../../../src/gen2/policy/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';
import { tmpDir, writeTree } from '../../../helpers/tmp-dir.js';

/** One temporary root per file (removed after the file); each test takes fresh subdirectories. */
const ROOT = tmpDir('gen2to3-policy-test-');
const fresh = (): string => mkdtempSync(path.join(ROOT, 'd-'));

describe('policy search path', () => {
  it('parses GEN2TO3_POLICY_PATH as a colon-separated list, dropping empty entries', () => {
    expect(parsePolicySearchPath('/a::/b/c: ')).toEqual(['/a', '/b/c']);
    expect(policySearchPathFromEnv({ GEN2TO3_POLICY_PATH: '/opt/obs_subaru:/opt/obs_base' })).toEqual(['/opt/obs_subaru', '/opt/obs_base']);
    expect(policySearchPathFromEnv({ GEN2TO3_POLICY_PATH: 'rel/dir' })).toEqual([path.resolve('rel/dir')]);
    expect(policySearchPathFromEnv({})).toEqual([]);
  });

  it('puts explicit --policy-path entries before the environment and drops duplicates', () => {
    expect(resolvePolicySearchPath(['/x', '/y'], { GEN2TO3_POLICY_PATH: '/y:/z' })).toEqual(['/x', '/y', '/z']);
    expect(resolvePolicySearchPath([], {})).toEqual([]);
    expect(resolvePolicySearchPath(undefined, { GEN2TO3_POLICY_PATH: '/z' })).toEqual(['/z']);
  });

  it('tries d/<file>, d/policy/<file>, d/<pkg>/policy/<file> in that order', () => {
    expect(policyFileCandidates('/d', 'obs_lsst', 'latiss/latissMapper.yaml')).toEqual([
      '/d/latiss/latissMapper.yaml',
      '/d/policy/latiss/latissMapper.yaml',
      '/d/obs_lsst/policy/latiss/latissMapper.yaml',
    ]);
  });

  it('finds a demo policy in a directory that holds DemoMapper.yaml, first hit wins', () => {
    const a = writeTree(fresh(), { 'DemoMapper.yaml': 'datasets: {}\n' });
    const b = writeTree(fresh(), { 'gen2to3_demo/policy/DemoMapper.yaml': 'datasets: {}\n', 'policy/other.yaml': 'x: 1\n' });
    expect(findPolicyFile('gen2to3_demo', 'DemoMapper.yaml', [a, b])).toBe(path.join(a, 'DemoMapper.yaml'));
    expect(findPolicyFile('gen2to3_demo', 'DemoMapper.yaml', [b, a])).toBe(path.join(b, 'gen2to3_demo/policy/DemoMapper.yaml'));
    expect(findPolicyFile('whatever', 'other.yaml', [b])).toBe(path.join(b, 'policy/other.yaml'));
    // a directory with the file's name is not a policy file
    const c = writeTree(fresh(), { 'DemoMapper.yaml/x': '' });
    expect(findPolicyFile('gen2to3_demo', 'DemoMapper.yaml', [c])).toBeUndefined();
  });

  it('reports a policy missing from the search path with a PolicyError naming <pkg>/policy/<file>', () => {
    const empty = fresh();
    expect(() => locatePolicyFile('obs_subaru', 'HscMapper.yaml', [empty])).toThrow(PolicyError);
    expect(() => locatePolicyFile('obs_subaru', 'HscMapper.yaml', [empty])).toThrow(
      `obs_subaru/policy/HscMapper.yaml: policy file not found on the policy search path (${empty}); tried <dir>/HscMapper.yaml, <dir>/policy/HscMapper.yaml and <dir>/obs_subaru/policy/HscMapper.yaml`,
    );
    expect(() => locatePolicyFile('obs_subaru', 'HscMapper.yaml', [])).toThrow(
      'obs_subaru/policy/HscMapper.yaml: policy file not found: the policy search path is empty (set --policy-path or GEN2TO3_POLICY_PATH)',
    );
    try {
      locatePolicyFile('obs_base', 'datasets.yaml', [empty]);
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).code).toBe('GEN2_POLICY');
      expect((err as PolicyError).path).toBe('obs_base/policy/datasets.yaml');
    }
  });
});

describeFixtures('policy search path over the fixtures', () => {
  it('finds obs package policies when the path points at the fixtures root', () => {
    const root = fixture();
    expect(locatePolicyFile('obs_subaru', 'HscMapper.yaml', [root])).toBe(fixture('obs_subaru/policy/HscMapper.yaml'));
    expect(locatePolicyFile('obs_base', 'datasets.yaml', [root])).toBe(fixture('obs_base/policy/datasets.yaml'));
    expect(locatePolicyFile('obs_lsst', 'latiss/latissMapper.yaml', [root])).toBe(fixture('obs_lsst/policy/latiss/latissMapper.yaml'));
  });

  it('also finds them from a package directory or its policy directory', () => {
    expect(locatePolicyFile('obs_subaru', 'HscMapper.yaml', [fixture('obs_subaru')])).toBe(fixture('obs_subaru/policy/HscMapper.yaml'));
    expect(locatePolicyFile('obs_subaru', 'HscMapper.yaml', [fixture('obs_subaru/policy')])).toBe(fixture('obs_subaru/policy/HscMapper.yaml'));
    expect(findPolicyFile('obs_subaru', 'HscMapper.yaml', [fixture('obs_decam')])).toBeUndefined();
  });
});
