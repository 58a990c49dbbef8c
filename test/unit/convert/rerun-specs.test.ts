import { describe, expect, it } from 'vitest';
import { RerunConfigError, RerunOutsideRootError, rerunChains, resolveReruns } from '../../../src/convert/rerun-specs.js';

const ROOT = '/data/gen2';

describe('resolveReruns', () => {
  it('guesses names for --reruns paths (private → u/, shared → <INSTR>/runs) and takes explicit names from the config', () => {
    const specs = resolveReruns('HSC', ROOT, ['rerun/private/jdoe/w50', `${ROOT}/rerun/shared/RC2`], [
      { path: 'rerun/RC2/sfm', chainName: 'HSC/runs/RC2/w_2020_50/sfm' },
      { path: 'rerun/RC2/rest', chainName: 'HSC/runs/RC2/w_2020_50', parents: ['HSC/runs/RC2/w_2020_50/sfm', 'HSC/defaults'] },
      { path: 'rerun/only-run', runName: 'HSC/external' },
    ]);
    expect(specs).toEqual([
      { path: 'rerun/private/jdoe/w50', runName: 'u/jdoe/w50/direct', chainName: 'u/jdoe/w50', parents: [] },
      { path: 'rerun/shared/RC2', runName: 'HSC/runs/RC2/direct', chainName: 'HSC/runs/RC2', parents: [] },
      { path: 'rerun/RC2/sfm', runName: 'HSC/runs/RC2/w_2020_50/sfm/direct', chainName: 'HSC/runs/RC2/w_2020_50/sfm', parents: [] },
      { path: 'rerun/RC2/rest', runName: 'HSC/runs/RC2/w_2020_50/direct', chainName: 'HSC/runs/RC2/w_2020_50', parents: ['HSC/runs/RC2/w_2020_50/sfm', 'HSC/defaults'] },
      { path: 'rerun/only-run', runName: 'HSC/external', chainName: undefined, parents: [] },
    ]);
  });

  it('a --reruns path that the config names gets the config names (once)', () => {
    const specs = resolveReruns('HSC', ROOT, ['rerun/ci_hsc'], [{ path: `${ROOT}/rerun/ci_hsc`, chainName: 'HSC/runs/ci' }]);
    expect(specs).toEqual([{ path: 'rerun/ci_hsc', runName: 'HSC/runs/ci/direct', chainName: 'HSC/runs/ci', parents: [] }]);
  });

  it('refuses reruns outside the root, unknown parents, cycles, self-parents and shared names', () => {
    expect(() => resolveReruns('HSC', ROOT, ['/etc'], [])).toThrow(RerunOutsideRootError);
    expect(() => resolveReruns('HSC', ROOT, [], [{ path: '../x' }])).toThrow(RerunOutsideRootError);
    const unknown = (() => {
      try {
        resolveReruns('HSC', ROOT, [], [{ path: 'rerun/a', chainName: 'A', parents: ['nope'] }], (n) => n === 'HSC/defaults');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(unknown).toBeInstanceOf(RerunConfigError);
    expect((unknown as RerunConfigError).code).toBe('CONVERT_RERUN_CONFIG');
    expect((unknown as Error).message).toContain('parent nope');
    expect(() => resolveReruns('HSC', ROOT, [], [{ path: 'rerun/a', chainName: 'A', parents: ['HSC/defaults'] }], (n) => n === 'HSC/defaults')).not.toThrow();
    expect(() =>
      resolveReruns('HSC', ROOT, [], [
        { path: 'rerun/a', chainName: 'A', parents: ['B'] },
        { path: 'rerun/b', chainName: 'B', parents: ['C'] },
        { path: 'rerun/c', chainName: 'C', parents: ['A'] },
      ]),
    ).toThrow(/cycle: A → B → C → A/);
    expect(() => resolveReruns('HSC', ROOT, [], [{ path: 'rerun/a', chainName: 'A', parents: ['A'] }])).toThrow(/itself/);
    expect(() => resolveReruns('HSC', ROOT, ['rerun/x'], [{ path: 'rerun/y', chainName: 'HSC/runs/x' }])).toThrow(/both use the collection name HSC\/runs\/x/);
    expect(() => resolveReruns('HSC', ROOT, [], [{ path: 'rerun/a', runName: 'R', parents: ['HSC/defaults'] }])).toThrow(/no chainName/);
  });
});

describe('rerunChains', () => {
  it('puts the run first, then extra runs, then parents, flattening reruns of the same call', () => {
    const specs = resolveReruns('HSC', ROOT, [], [
      { path: 'rerun/sfm', chainName: 'S' },
      { path: 'rerun/rest', chainName: 'R', parents: ['S', 'HSC/defaults'] },
    ]);
    const chains = rerunChains(specs, (s) => (s.path === 'rerun/rest' ? ['skymaps'] : []));
    expect(chains.get('S')).toEqual(['S/direct']);
    expect(chains.get('R')).toEqual(['R/direct', 'skymaps', 'S/direct', 'HSC/defaults']);
  });
});
