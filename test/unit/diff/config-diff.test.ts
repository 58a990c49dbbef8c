import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../src/diff/config-diff.js';
import { parseConfigDump } from '../../../src/diff/config-dump.js';
import { ConfigDumpError } from '../../../src/diff/errors.js';
import { reprPyValue } from '../../../src/diff/python-value.js';
import { renderConfigDiffText } from '../../../src/report/dataset-diff-text.js';

const DUMP = String.raw`import lsst.meas.extensions.psfex.psfexPsfDeterminer
import lsst.pipe.tasks.processCcd
assert type(config)==lsst.pipe.tasks.processCcd.ProcessCcdConfig, 'config is of type %s.%s instead of lsst.pipe.tasks.processCcd.ProcessCcdConfig' % (type(config).__module__, type(config).__name__)
# Apply bias correction?
config.isr.doBias=True
config.isr.saturation=float('nan')
config.isr.gain=1.0
config.isr.fwhm=1.0
config.charImage.repair.cosmicray.nCrPixelMax=1000000
config.calibrate.photoCal.match.referenceSelection.magLimit.fluxField='i_flux'
config.calibrate.photoCal.colorterms.data={'hsc*': {'g': (0.1, -0.2)}}
config.charImage.measurement.plugins.names=['base_SdssCentroid', 'base_PsfFlux']
config.charImage.measurement.plugins['base_SdssCentroid'].binmax=16
config.charImage.measurement.plugins['base_GaussianFlux'].background=0.0
config.charImage.psfDeterminer.name='psfex'
config.charImage.psfDeterminer['psfex'].spatialOrder=2
config.charImage.psfDeterminer['pca'].spatialOrder=3
config.charImage.refObjLoader.retarget(target=lsst.meas.algorithms.LoadIndexedReferenceObjectsTask, ConfigClass=lsst.meas.algorithms.LoadIndexedReferenceObjectsConfig)
config.calibrate.astrometry.matcher.sourceFluxType='Ap'
config.calibrate.doWriteMatches=None
config.calibrate.badFlags=[
  'base_PixelFlags_flag_edge',
  'base_PixelFlags_flag_saturated',
]
root.legacy.value=-1e-05
`;

function withLines(replacements: Record<string, string>): string {
  return DUMP.split('\n')
    .map((line) => {
      const key = Object.keys(replacements).find((prefix) => line.startsWith(`${prefix}=`));
      return key === undefined ? line : `${key}=${replacements[key]}`;
    })
    .join('\n');
}

describe('parseConfigDump', () => {
  const dump = parseConfigDump(DUMP, 'processCcd.py');

  it('reads assignments as data, skipping imports, asserts and comments', () => {
    expect(dump.entries.get('isr.doBias')?.value).toBe(true);
    expect(dump.entries.get('isr.doBias')?.line).toBe(5);
    expect(dump.entries.get('charImage.repair.cosmicray.nCrPixelMax')?.value).toBe(1000000n);
    expect(Number.isNaN(dump.entries.get('isr.saturation')?.value)).toBe(true);
    expect(dump.entries.get('calibrate.doWriteMatches')?.value).toBeNull();
    expect(dump.entries.get('legacy.value')?.value).toBe(-1e-5);
    expect(dump.entries.has('lsst')).toBe(false);
  });

  it('keeps subscripts, containers spanning lines and method calls', () => {
    expect([...dump.entries.keys()]).toContain("charImage.measurement.plugins['base_SdssCentroid'].binmax");
    expect(reprPyValue(dump.entries.get('calibrate.badFlags')?.value ?? null)).toBe("['base_PixelFlags_flag_edge', 'base_PixelFlags_flag_saturated']");
    expect(reprPyValue(dump.entries.get('calibrate.photoCal.colorterms.data')?.value ?? null)).toBe("{'hsc*': {'g': (0.1, -0.2)}}");
    expect(reprPyValue(dump.entries.get('charImage.refObjLoader.retarget()')?.value ?? null)).toBe(
      '(target=lsst.meas.algorithms.LoadIndexedReferenceObjectsTask, ConfigClass=lsst.meas.algorithms.LoadIndexedReferenceObjectsConfig)',
    );
  });

  it('never executes anything and rejects statements it does not understand, with the line', () => {
    expect(() => parseConfigDump("config.a=1\nos.system('rm -rf /')\n", 'evil.py')).toThrow(ConfigDumpError);
    expect(() => parseConfigDump("config.a=1\nos.system('rm -rf /')\n", 'evil.py')).toThrow(/^evil\.py:2: expected an assignment to config/);
    expect(() => parseConfigDump('config.a=[1, 2\n', 'open.py')).toThrow(/open\.py:\d+: unclosed bracket/);
    expect(() => parseConfigDump("config.a='unterminated\n", 'quote.py')).toThrow(/quote\.py:1: unterminated string/);
  });
});

describe('diffConfigs', () => {
  const a = parseConfigDump(DUMP, 'a.py');

  it('finds identical dumps identical', () => {
    const diff = diffConfigs(a, parseConfigDump(DUMP, 'b.py'));
    expect(diff.identical).toBe(true);
    expect(diff.summary).toMatch(/^\d+ config fields identical$/);
  });

  it('treats floats within 1e-8 as equal and NaN as equal to NaN', () => {
    const b = parseConfigDump(withLines({ 'config.isr.gain': '1.000000001', 'config.isr.saturation': "float('nan')" }), 'b.py');
    expect(diffConfigs(a, b).identical).toBe(true);
    const c = parseConfigDump(withLines({ 'config.isr.gain': '1.0001' }), 'c.py');
    expect(diffConfigs(a, c).differences).toEqual([{ path: 'isr.gain', change: 'changed', a: 1, b: 1.0001, lineA: 7, lineB: 7 }]);
  });

  it('reports a changed field with its path, pex_config style', () => {
    const b = parseConfigDump(withLines({ 'config.calibrate.photoCal.match.referenceSelection.magLimit.fluxField': "'r_flux'", 'config.isr.fwhm': '1' }), 'b.py');
    const diff = diffConfigs(a, b);
    expect(diff.differences.map((d) => d.path)).toEqual(['calibrate.photoCal.match.referenceSelection.magLimit.fluxField']);
    expect(renderConfigDiffText(diff)).toContain("calibrate.photoCal.match.referenceSelection.magLimit.fluxField: 'i_flux' != 'r_flux'");
  });

  it('lists fields set on one side only', () => {
    const b = parseConfigDump(`${DUMP}config.isr.doDark=False\n`, 'b.py');
    expect(diffConfigs(a, b).differences).toEqual([{ path: 'isr.doDark', change: 'onlyInB', b: false, lineB: 26 }]);
  });

  it('compares only the registry entries both sides select', () => {
    const b = parseConfigDump(withLines({ "config.charImage.psfDeterminer['pca'].spatialOrder": '5' }), 'b.py');
    const diff = diffConfigs(a, b);
    expect(diff.identical).toBe(true);
    expect(diff.unselected).toContain("charImage.psfDeterminer['pca'].spatialOrder");
    const c = parseConfigDump(withLines({ "config.charImage.psfDeterminer['psfex'].spatialOrder": '5' }), 'c.py');
    expect(diffConfigs(a, c).differences.map((d) => d.path)).toEqual(["charImage.psfDeterminer['psfex'].spatialOrder"]);
  });

  it('ignores fields by wildcard', () => {
    const b = parseConfigDump(withLines({ 'config.isr.gain': '2.0' }), 'b.py');
    expect(diffConfigs(a, b, { ignoreFields: ['isr.*'] }).identical).toBe(true);
  });
});
