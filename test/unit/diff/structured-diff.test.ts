import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StructuredDataError } from '../../../src/diff/errors.js';
import { parseStructuredData } from '../../../src/diff/structured-data.js';
import { diffStructured } from '../../../src/diff/structured-diff.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';

const sources = { a: 'a.yaml', b: 'b.yaml' };
const parse = (text: string) => parseStructuredData(text, 'test.yaml');

describe('diffStructured', () => {
  const a = parse('stats:\n  mean: 1.0\n  values: [1, 2, 3, 4]\n  name: bias\n  "x.y": 2\nnan: .nan\n');

  it('compares numbers within the tolerance and NaN as equal to NaN', () => {
    const b = parse('stats:\n  mean: 1.000001\n  values: [1, 2, 3, 4.00000001]\n  name: bias\n  "x.y": 2\nnan: .nan\n');
    expect(diffStructured(a, b, sources).identical).toBe(true);
    expect(diffStructured(a, b, sources, { tolerance: { rtol: 0, atol: 0 } }).differences.map((d) => d.path)).toEqual(['stats.mean', 'stats.values[3]']);
  });

  it('locates differences with paths like a.b[3] and quoted keys', () => {
    const b = parse('stats:\n  mean: 2.0\n  values: [1, 2, 3]\n  name: flat\n  "x.y": "2"\n  extra: true\nnan: .nan\n');
    const diff = diffStructured(a, b, sources);
    expect(diff.differences).toEqual([
      { path: 'stats.mean', change: 'changed', a: 1, b: 2 },
      { path: 'stats.values[3]', change: 'onlyInA', a: 4 },
      { path: 'stats.name', change: 'changed', a: 'bias', b: 'flat' },
      { path: 'stats["x.y"]', change: 'type', a: 2, b: '2' },
      { path: 'stats.extra', change: 'onlyInB', b: true },
    ]);
    expect(diff.summary).toBe('5 differences (stats.mean, stats.values[3], stats.name, …)');
  });

  it('ignores paths by wildcard and caps the listed differences', () => {
    const b = parse('stats:\n  mean: 2.0\n  values: [0, 0, 0, 0]\n  name: bias\n  "x.y": 2\nnan: .nan\n');
    expect(diffStructured(a, b, sources, { ignorePaths: ['stats.*'] }).identical).toBe(true);
    const capped = diffStructured(a, b, sources, { maxReported: 2 });
    expect(capped.differenceCount).toBe(5);
    expect(capped.differences).toHaveLength(2);
  });

  it('reads JSON too, and rejects malformed input with the file name', () => {
    expect(diffStructured(parse('{"a": [1, {"b": null}]}'), parse('{"a": [1, {"b": 0}]}'), sources).differences).toEqual([{ path: 'a[1].b', change: 'type', a: null, b: 0 }]);
    expect(() => parseStructuredData('a: [1, 2\n', 'broken.yaml')).toThrow(StructuredDataError);
    expect(() => parseStructuredData('a: [1, 2\n', 'broken.yaml')).toThrow(/^broken\.yaml: line \d+/);
  });
});

describeFixtures('task metadata (PropertySet YAML)', () => {
  const file = () => fixture('obs_lsst_gen2', 'data', 'input', 'phosim', 'processCcd_metadata', '00204595-i', 'R11', 'processCcdMetadata_00204595-i-R11-S11-det040.yaml');

  it('turns PropertySet/PropertyList lists into maps keyed by name, so diffs have named paths', () => {
    const text = readFileSync(file(), 'utf8');
    const a = parseStructuredData(text, file());
    expect(Object.keys(a as object)).toContain('processCcd:calibrate:deblend');
    const b = parseStructuredData(text.replace("[runStartUtc, String, '2018-12-11T17:51:12.280088', '']", "[runStartUtc, String, '2019-01-01T00:00:00', '']"), 'b.yaml');
    const diff = diffStructured(a, b, { a: file(), b: 'b.yaml' });
    expect(diff.differences).toEqual([{ path: '["processCcd:calibrate:deblend"].runStartUtc', change: 'changed', a: '2018-12-11T17:51:12.280088', b: '2019-01-01T00:00:00' }]);
    expect(diffStructured(a, b, { a: file(), b: 'b.yaml' }, { ignorePaths: ['*StartUtc'] }).identical).toBe(true);
  });
});
