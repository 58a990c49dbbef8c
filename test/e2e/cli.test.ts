import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { describeFixtures, fixture, FIXTURES_ROOT } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp-dir.js';

beforeAll(() => ensureBuilt());

describe('gen2to3 CLI (built)', () => {
  const tmp = tmpDir();

  it('--help lists every command; each command has its own --help', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    const commands = ['inspect', 'convert', 'demo', 'generate-demo', 'fitsdiff', 'butler', 'report', 'milestones', 'ci'];
    for (const c of commands) expect(help.stdout).toContain(c);
    expect(help.stdout).toContain('--log-level');
    for (const c of commands) {
      const sub = runCli([c, '--help']);
      expect(sub.status, c).toBe(0);
      expect(sub.stdout).toContain(`Usage: gen2to3 ${c}`);
    }
  });

  it('generate-demo then inspect --json gives the versioned object', () => {
    const out = path.join(tmp, 'demo');
    const gen = runCli(['generate-demo', out, '--visits', '2', '--detectors', '2', '--width', '16', '--height', '16', '--seed', '3']);
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    expect(gen.stdout).toMatch(/^wrote .*demo: 4 raws, 2 bias, 4 flat, 2 defects, rerun rerun\/demo \(\d+ files\)\n$/);
    const r = runCli(['inspect', out, '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      formatVersion: 1,
      mapper: { dotted: 'gen2to3.demo.DemoMapper', className: 'DemoMapper' },
      instrument: 'DemoCam',
      datasets: { raw: 4, bias: 2, flat: 4, defects: 2 },
      parents: [],
      unrecognized: [],
    });
    for (const key of ['calibRoot', 'registries', 'validity']) expect(report).toHaveProperty(key);
  });

  it('exit code 2 and a message naming the file for bad input', () => {
    const notRepo = path.join(tmp, 'plain');
    const r = runCli(['inspect', notRepo]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`gen2to3: error [GEN2_REPOSITORY]: ${notRepo}: repository directory does not exist`);
    const usage = runCli(['inspect']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("missing required argument 'gen2root'");
    const knob = runCli(['generate-demo', path.join(tmp, 'k'), '--detectors', 'lots']);
    expect(knob.status).toBe(2);
    expect(knob.stderr).toContain('--detectors must be an integer, got "lots"');
  });
});

describeFixtures('gen2to3 inspect on real repositories (built CLI)', () => {
  it('reads policies from GEN2TO3_POLICY_PATH and names the instrument', () => {
    const r = runCli(['inspect', fixture('obs_lsst_gen2/data/input/latiss')], { env: { GEN2TO3_POLICY_PATH: FIXTURES_ROOT } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('instrument:  LATISS');
    expect(r.stdout).toContain('mapper:      lsst.obs.lsst.latiss.LatissMapper');
  });

  it('an unknown mapper exits 2 naming the _mapper file', () => {
    const r = runCli(['inspect', fixture('daf_persistence/tests/root'), '--policy-path', FIXTURES_ROOT ?? '']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`[GEN2_UNKNOWN_MAPPER]: ${fixture('daf_persistence/tests/root/_parent/_mapper')}: unknown mapper pickleMapper.PickleMapper`);
  });
});
