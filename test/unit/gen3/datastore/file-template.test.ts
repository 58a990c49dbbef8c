import { describe, expect, it } from 'vitest';
import {
  FileTemplate,
  FileTemplateError,
  FileTemplates,
  conformerFromUniverse,
  parseTemplate,
  pythonFormat,
  type TemplateRef,
} from '../../../../src/gen3/datastore/index.js';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';

// Tiny stand-in for the universe's conform(): the implied dimensions of the v8 elements used here.
const IMPLIED: Record<string, string[]> = {
  exposure: ['instrument', 'physical_filter', 'day_obs', 'group'],
  visit: ['instrument', 'physical_filter', 'day_obs'],
  physical_filter: ['instrument', 'band'],
  detector: ['instrument'],
  day_obs: ['instrument'],
  group: ['instrument'],
};
function conform(names: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (n: string): void => {
    if (out.has(n)) return;
    out.add(n);
    for (const m of IMPLIED[n] ?? []) add(m);
  };
  names.forEach(add);
  return [...out];
}

const RAW: TemplateRef = {
  datasetType: { name: 'raw', storageClass: 'Exposure', dimensions: { required: ['instrument', 'detector', 'exposure'], names: conform(['instrument', 'detector', 'exposure']) } },
  dataId: { instrument: 'DummyCam', detector: 1, exposure: 2020010200001, physical_filter: 'd-r', band: 'r', day_obs: 20200102, group: 'grp1' },
  records: {
    exposure: { obs_id: 'DC_O_20200102_000001', day_obs: 20200102 },
    detector: { full_name: 'R00_S01' },
    instrument: { name: 'DummyCam' },
    physical_filter: { band: 'r' },
    day_obs: { id: 20200102 },
    group: { name: 'grp1' },
  },
  run: 'DummyCam/raw/copy2',
  id: '385f6f2c-4451-5a96-855c-eae5fbef04b4',
};

const SUMMARY: TemplateRef = {
  datasetType: { name: 'visitSummary', storageClass: 'StructuredDataDict', dimensions: { required: ['instrument', 'exposure'], names: conform(['instrument', 'exposure']) } },
  dataId: { instrument: 'DummyCam', exposure: 2020010200001, physical_filter: 'd-r', band: 'r', day_obs: 20200102, group: 'grp1' },
  records: RAW.records,
  run: 'DummyCam/raw/all',
  id: '01a21338-1549-7500-8000-000000000000',
};

describe('default templates (README §8 observed paths)', () => {
  const templates = new FileTemplates(undefined, conform);

  it('raw uses the physical_filter+detector+exposure template', () => {
    expect(templates.format(RAW)).toBe('DummyCam/raw/copy2/raw/20200102/DC_O_20200102_000001/raw_DummyCam_d-r_DC_O_20200102_000001_R00_S01_DummyCam_raw_copy2');
    expect(templates.getTemplateWithMatch(RAW).key).not.toBe('default');
  });

  it('matches dimension keys through the real universe closure', () => {
    const viaUniverse = new FileTemplates(undefined, conformerFromUniverse(defaultUniverse()));
    const rawByRequired = { ...RAW, datasetType: { ...RAW.datasetType, dimensions: { ...RAW.datasetType.dimensions, names: [] } } };
    expect(viaUniverse.getTemplateWithMatch(rawByRequired).key).not.toBe('default');
    expect(viaUniverse.getTemplateWithMatch(SUMMARY).key).toBe('default');
  });

  it('visitSummary uses the default template', () => {
    expect(templates.format(SUMMARY)).toBe(
      'DummyCam/raw/all/visitSummary/20200102/r/d-r/DC_O_20200102_000001/visitSummary_DummyCam_r_d-r_DC_O_20200102_000001_DummyCam_raw_all',
    );
  });

  it('prefers instrument-qualified keys, then names, dimensions, storage classes, default', () => {
    const t = new FileTemplates(
      { default: '{run}/d/{datasetType}_{instrument}', raw: '{run}/name/{datasetType}_{instrument}', 'instrument<DummyCam>': { Exposure: '{run}/sc-dummy/{datasetType}_{instrument}' } },
      conform,
    );
    expect(t.format(RAW)).toBe('DummyCam_raw_copy2/sc-dummy/raw_DummyCam');
    expect(t.format({ ...RAW, dataId: { ...RAW.dataId, instrument: 'HSC' } })).toBe('DummyCam_raw_copy2/name/raw_HSC');
    expect(t.format(SUMMARY)).toBe('DummyCam_raw_all/d/visitSummary_DummyCam');
    // the matches are remembered per dataset type and instrument: asking again, or for another name or storage class, is not confused
    expect(t.format(RAW)).toBe('DummyCam_raw_copy2/sc-dummy/raw_DummyCam');
    const other = { ...RAW, dataId: { ...RAW.dataId, instrument: 'HSC' }, datasetType: { ...RAW.datasetType, name: 'other' } };
    expect(t.format(other)).toBe('DummyCam_raw_copy2/d/other_HSC');
    expect(t.format({ ...other, dataId: RAW.dataId })).toBe('DummyCam_raw_copy2/sc-dummy/other_DummyCam');
    expect(t.format({ ...other, dataId: RAW.dataId, datasetType: { ...other.datasetType, storageClass: 'ExposureF' } })).toBe('DummyCam_raw_copy2/d/other_DummyCam');
    expect(() => new FileTemplates({ default: false, raw: '{run}/{datasetType}_{visit}' }).getTemplate(SUMMARY)).toThrow(FileTemplateError);
  });
});

describe('template language', () => {
  it('parses like string.Formatter().parse', () => {
    expect(parseTemplate('a{{b}}{x!r:>3}c')).toEqual([
      { literal: 'a{', fieldName: null, formatSpec: null, conversion: null },
      { literal: 'b}', fieldName: null, formatSpec: null, conversion: null },
      { literal: '', fieldName: 'x', formatSpec: '>3', conversion: 'r' },
      { literal: 'c', fieldName: null, formatSpec: null, conversion: null },
    ]);
    expect(parseTemplate('a}b')).toBe("Single '}' encountered in format string");
    expect(parseTemplate('{a')).toBe("expected '}' before end of string");
  });

  it('formats values like Python format()', () => {
    expect(pythonFormat(42, '08d')).toBe('00000042');
    expect(pythonFormat(255, '#x')).toBe('0xff');
    expect(pythonFormat(1234567, ',')).toBe('1,234,567');
    expect(pythonFormat(-5, '+05')).toBe('-0005');
    expect(pythonFormat('ab', '^6')).toBe('  ab  ');
    expect(pythonFormat('abcdef', '.3')).toBe('abc');
    expect(pythonFormat(2.5, '')).toBe('2.5');
    expect(pythonFormat(2.5, '.3f')).toBe('2.500');
    expect(pythonFormat(null, '')).toBe('None');
    expect(pythonFormat('x', 'd')).toBeUndefined();
  });

  it('drops optional fields with their literal unless it holds a slash; keeps run slashes with {run:/}', () => {
    const t = new FileTemplate('{run:/}/{datasetType}.{component:?}/{visit:?}/{datasetType}_{visit:?}_{detector:03d}_{run}');
    expect(t.format(RAW)).toBe('DummyCam/raw/copy2/raw/raw_001_DummyCam_raw_copy2');
  });

  it('sanitises values and the file name', () => {
    const t = new FileTemplate('{run:/}/{datasetType}/{exposure.obs_id}.{instrument}#{group}');
    const ref = { ...RAW, run: 'a b/c', dataId: { ...RAW.dataId, instrument: 'x:y', group: 'g/1' } };
    expect(t.format(ref)).toBe('a_b/c/raw/DC_O_20200102_000001_x_yHASHg_1');
  });

  it('needs records for dotted fields and a component field for components', () => {
    const t = new FileTemplate('{run}/{exposure.obs_id}_{detector}');
    expect(() => t.format({ ...RAW, records: undefined })).toThrow(/No metadata records/);
    const comp = { ...RAW, datasetType: { ...RAW.datasetType, name: 'raw.wcs' } };
    expect(() => t.format(comp)).toThrow(/Component 'wcs'/);
    expect(() => new FileTemplate('{run}/{visit}').format(RAW)).toThrow(/'visit' requested in template/);
  });

  it('validates templates and names them in errors', () => {
    expect(() => new FileTemplate('{datasetType}/{visit}')).toThrow(/Template '\{datasetType\}\/\{visit\}' is missing a mandatory field/);
    expect(() => new FileTemplate('{run}/{datasetType}')).toThrow(/does not seem to have any fields corresponding to dimensions/);
    expect(() => new FileTemplate('{run}/../{visit}')).toThrow(/jump to parent directory/);
    expect(() => new FileTemplate('{id}/{run}_{visit}')).toThrow(/ID is not part of the file name/);
    expect(() => new FileTemplate('{run}/{collection}')).toThrow(/'collection' is no longer supported/);
    const t = new FileTemplate('{run}/{datasetType}_{visit}');
    try {
      t.validate({ name: 'raw', dimensions: RAW.datasetType.dimensions });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FileTemplateError);
      expect((e as FileTemplateError).template).toBe('{run}/{datasetType}_{visit}');
      expect((e as Error).message).toMatch(/is not a subset of/);
    }
    const templates = new FileTemplates({ default: '{run}/{datasetType}_{visit}' }, conform);
    expect(() => templates.validateTemplates([RAW.datasetType, SUMMARY.datasetType])).toThrow(/^2 template validation failures/);
  });
});
