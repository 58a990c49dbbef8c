import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConversionConfigFile } from '../../../../src/convert/apply/index.js';
import { ConfigError } from '../../../../src/errors.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('readConversionConfigFile', () => {
  const dir = tmpDir();
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('reads the honoured ConvertRepoConfig fields from YAML', () => {
    expect(readConversionConfigFile(file('ok.yaml', 'runs:\n  jointcal_wcs: HSC/external\ndatasetIgnorePatterns: [a*]\nccdKey: ccdnum\ndoMakeUmbrellaCollection: false\n'))).toEqual({
      runs: { jointcal_wcs: 'HSC/external' },
      datasetIgnorePatterns: ['a*'],
      ccdKey: 'ccdnum',
      doMakeUmbrellaCollection: false,
    });
    expect(readConversionConfigFile(file('empty.yaml', ''))).toEqual({});
  });

  it('refuses unknown fields, wrong shapes and Python config files', () => {
    expect(() => readConversionConfigFile(file('u.yaml', 'bogus: 1\n'))).toThrow(ConfigError);
    expect(() => readConversionConfigFile(file('s.yaml', 'runs: [a]\n'))).toThrow(/runs must map/);
    expect(() => readConversionConfigFile(file('l.yaml', 'refCats: x\n'))).toThrow(/list of strings/);
    expect(() => readConversionConfigFile(file('p.py', 'config.runs["x"] = "y"\n'))).toThrow(ConfigError);
    expect(() => readConversionConfigFile(path.join(dir, 'missing.yaml'))).toThrow(ConfigError);
  });

  it('reads skyMaps and reruns, and refuses malformed ones with the field named', () => {
    const yaml = [
      'skyMaps:',
      '  discrete/ci_hsc: {tractMax: 1, patchNx: 16, patchNy: 16, coadds: [deep], sha1: ' + "'" + 'ab'.repeat(20) + "'}",
      'reruns:',
      '  - {path: rerun/ci_hsc, chainName: HSC/runs/ci_hsc, parents: [HSC/defaults]}',
      '  - {path: rerun/other, runName: HSC/external}',
      '',
    ].join('\n');
    expect(readConversionConfigFile(file('sm.yaml', yaml))).toEqual({
      skyMaps: { 'discrete/ci_hsc': { tractMax: 1, patchNx: 16, patchNy: 16, coadds: ['deep'], sha1: 'ab'.repeat(20) } },
      reruns: [
        { path: 'rerun/ci_hsc', chainName: 'HSC/runs/ci_hsc', parents: ['HSC/defaults'] },
        { path: 'rerun/other', runName: 'HSC/external' },
      ],
    });
    expect(() => readConversionConfigFile(file('sm1.yaml', 'skyMaps:\n  s: {patchNx: 2, patchNy: 2}\n'))).toThrow(/skyMaps.s.tractMax must be a positive integer/);
    expect(() => readConversionConfigFile(file('sm2.yaml', 'skyMaps: [a]\n'))).toThrow(/skyMaps must map/);
    expect(() => readConversionConfigFile(file('r1.yaml', 'reruns: {path: x}\n'))).toThrow(/reruns must be a list/);
    expect(() => readConversionConfigFile(file('r2.yaml', 'reruns: [{chainName: A}]\n'))).toThrow(/reruns\[0\].path/);
    expect(() => readConversionConfigFile(file('r3.yaml', 'reruns: [{path: x, parent: [A]}]\n'))).toThrow(/unknown field parent/);
    expect(() => readConversionConfigFile(file('r4.yaml', 'reruns: [{path: x, parents: A}]\n'))).toThrow(/parents must be a list/);
  });
});
