import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../../../src/gen2/errors.js';
import { lookupMapper } from '../../../../src/gen2/mapper-catalog.js';
import { loadMapperPolicy, parsePolicyYaml, readPolicyYaml, type MapperPolicy } from '../../../../src/gen2/policy/index.js';
import { tmpDir, writeTree } from '../../../helpers/tmp-dir.js';

/** One temporary root per file (removed after the file); each test takes fresh subdirectories. */
const ROOT = tmpDir('gen2to3-policy-test-');
const fresh = (): string => mkdtempSync(path.join(ROOT, 'd-'));

const demo = lookupMapper('gen2to3.demo.DemoMapper')!;

/** Writes DemoMapper.yaml into a fresh directory and loads it (no obs_base for the demo instrument). */
function loadDemo(yaml: string): MapperPolicy {
  const dir = writeTree(fresh(), { 'DemoMapper.yaml': yaml });
  return loadMapperPolicy({ mapper: demo, searchPath: [dir] });
}

function demoError(yaml: string): PolicyError {
  const dir = writeTree(fresh(), { 'DemoMapper.yaml': yaml });
  try {
    loadMapperPolicy({ mapper: demo, searchPath: [dir] });
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    const e = err as PolicyError;
    expect(e.path).toBe(path.join(dir, 'DemoMapper.yaml'));
    expect(e.message.startsWith(`${e.path}: `)).toBe(true);
    return e;
  }
  throw new Error('expected a PolicyError');
}

const DEMO_POLICY = `
needCalibRegistry: true
levels:
  visit: ccd
defaultLevel: ccd
exposures:
  raw:
    template: raw/%(visit)07d/raw-%(visit)07d-%(ccd)03d.fits
    python: lsst.afw.image.DecoratedImageF
    tables: raw
calibrations:
  bias:
    template: BIAS/%(calibDate)s/bias-%(calibDate)s-%(ccd)03d.fits
    tables: bias
    reference: raw_visit
    refCols: [visit]
    columns: [ccd, taiObs]
    validRange: yes
datasets:
  src:
    template: src/src-%(visit)07d-%(ccd)03d.fits
    storage: FitsCatalogStorage
`;

describe('loadMapperPolicy on a self-written (demo) policy', () => {
  it('applies section defaults but no obs_base datasets', () => {
    const p = loadDemo(DEMO_POLICY);
    expect(p.files).toHaveLength(1);
    expect(p.files[0]!.endsWith('DemoMapper.yaml')).toBe(true);
    expect([...p.datasets.keys()]).toEqual(['raw', 'bias', 'src']);
    expect(p.datasets.get('raw')).toMatchObject({ storage: 'FitsStorage', tables: ['raw'], validRange: false });
    // YAML 1.1 as PyYAML: `yes` is true
    expect(p.datasets.get('bias')).toMatchObject({
      storage: 'FitsStorage',
      obsTimeName: 'taiObs',
      validStartName: 'validStart',
      validEndName: 'validEnd',
      setFilter: false,
      validRange: true,
      reference: ['raw_visit'],
      refCols: ['visit'],
      columns: ['ccd', 'taiObs'],
    });
    expect(p.datasets.get('src')).toMatchObject({ storage: 'FitsCatalogStorage', section: 'datasets' });
    expect(p.levels).toEqual({ visit: ['ccd'] });
    expect(p.needCalibRegistry).toBe(true);
  });

  it('keeps !!python/... and other application tags as inert data, with a warning', () => {
    const p = loadDemo(`exposures:
  raw: !!python/object:os.system
    template: raw/%(visit)d.fits
  calexp: {template: !!python/name:os.system '', python: !Evil calexp}
`);
    expect(p.datasets.get('raw')?.template).toBe('raw/%(visit)d.fits');
    // '' → undefined, the tag is not resolved
    expect(p.datasets.get('calexp')?.template).toBeUndefined();
    expect(p.datasets.get('calexp')?.python).toBe('calexp');
    expect(p.warnings).toHaveLength(3);
    expect(p.warnings[0]).toMatch(/DemoMapper\.yaml: line 2, column 8: Unresolved tag: tag:yaml\.org,2002:python\/object:os\.system \(kept as plain data\)$/);
  });

  it('reports YAML syntax errors with the file, line and column', () => {
    const e = demoError('exposures:\n  raw:\n    template: [unclosed\n  calexp: {template: a}\n');
    expect(e.message).toMatch(/DemoMapper\.yaml: YAML syntax error at line \d+, column \d+: /);
    const e2 = demoError('a: 1\n b: 2\n');
    expect(e2.message).toMatch(/YAML syntax error at line 1, column 4: /);
    expect(e2.cause).toBeDefined();
  });

  it('reports values of the wrong type with the key path', () => {
    expect(demoError('datasets:\n  calexp:\n    template: 5\n').message).toMatch(/: datasets\.calexp\.template: expected a string, found a number \(5\)$/);
    expect(demoError('exposures:\n  raw:\n    tables: {a: 1}\n').message).toMatch(/: exposures\.raw\.tables: expected a string or a list of strings, found a mapping$/);
    expect(demoError('calibrations:\n  bias:\n    validRange: "true"\n').message).toMatch(/: calibrations\.bias\.validRange: expected a boolean, found a string \("true"\)$/);
    expect(demoError('exposures:\n  raw: raw.fits\n').message).toMatch(/: exposures\.raw: expected a mapping, found a string \("raw\.fits"\)$/);
    expect(demoError('exposures: [raw]\n').message).toMatch(/: exposures: expected a mapping of dataset types, found a list$/);
    expect(demoError('levels:\n  visit: [ccd, 3]\n').message).toMatch(/: levels\.visit: expected a string or a list of strings, found a list$/);
    expect(demoError('needCalibRegistry: maybe\n').message).toMatch(/: needCalibRegistry: expected a boolean, found a string \("maybe"\)$/);
    expect(demoError('exposures:\n  raw:\n    composite:\n      a: {subset: true}\n').message).toMatch(/: exposures\.raw\.composite\.a\.datasetType: expected a string, found null$/);
  });

  it('collects every problem of a file into one error', () => {
    const e = demoError('datasets:\n  calexp:\n    template: 5\n    storage: [FitsStorage]\n');
    expect(e.message).toMatch(/: 2 policy problems: datasets\.calexp\.template: expected a string, found a number \(5\); datasets\.calexp\.storage: expected a string, found a list$/);
  });

  it('rejects a document that is not a mapping, or empty', () => {
    expect(demoError('- a\n- b\n').message).toMatch(/: top level: expected a mapping, found a list$/);
    expect(demoError('').message).toMatch(/: top level: expected a mapping, found an empty document$/);
    expect(demoError('# only a comment\n').message).toMatch(/: top level: expected a mapping, found an empty document$/);
  });

  it('accepts null sections and unknown keys; ignores the singular `table:`', () => {
    const p = loadDemo('datasets:\nexposures:\n  raw:\n    template: r.fits\n    table: raw\n    somethingNew: 1\n');
    expect(p.datasets.get('raw')).toMatchObject({ template: 'r.fits', tables: [] });
    expect((p.datasets.get('raw')?.raw as Record<string, unknown>).somethingNew).toBe(1);
  });

  it('reports a missing demo policy', () => {
    const dir = fresh();
    expect(() => loadMapperPolicy({ mapper: demo, searchPath: [dir] })).toThrow(/^gen2to3_demo\/policy\/DemoMapper\.yaml: policy file not found on the policy search path/);
  });
});

describe('policy YAML reading', () => {
  it('names the file for unreadable paths', () => {
    const dir = fresh();
    expect(() => readPolicyYaml(path.join(dir, 'nope.yaml'))).toThrow(new PolicyError(path.join(dir, 'nope.yaml'), 'policy file does not exist'));
    expect(() => readPolicyYaml(dir)).toThrow(PolicyError);
  });

  it('bounds alias expansion', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    expect(() => parsePolicyYaml(lines.join('\n'), 'bomb.yaml')).toThrow(/^bomb\.yaml: YAML could not be loaded: /);
  });

  it('lets the last of duplicate keys win, as PyYAML', () => {
    expect(parsePolicyYaml('a: 1\na: 2\n', 'x.yaml').data).toEqual({ a: 2 });
  });
});

describe('YAML 1.1 scalars as PyYAML resolves them', () => {
  it('keeps y/n, 09 and 1e5 as strings; reads yes/on, octal, sexagesimal, signed exponents and dates', () => {
    const { data } = parsePolicyYaml('a: y\nb: n\nc: Y\nd: yes\ne: On\nf: off\ng: 09\nh: 017\ni: 1:20\nj: 1e5\nk: 1.0e+5\nl: .5\nm: 12\nn: NONE\no: None\np: ~\nq: 2013-11-03\nr: 1_000\n', 'x.yaml');
    expect(data).toEqual({ a: 'y', b: 'n', c: 'Y', d: true, e: true, f: false, g: '09', h: 15, i: 80, j: '1e5', k: 100000, l: 0.5, m: 12, n: 'NONE', o: 'None', p: null, q: new Date(Date.UTC(2013, 10, 3)), r: 1000 });
  });
});
