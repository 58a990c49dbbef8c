import { describe, expect, it } from 'vitest';
import { demoPolicyDir } from '../../../../ci_gen3/demo/demo-instrument.js';
import { catalogHdus, numericColumn } from '../../../../ci_gen3/pipeline/catalog-table.js';
import { MASK_PLANES, maskedImageHdus, readMaskedImage, type MaskedImage } from '../../../../ci_gen3/pipeline/masked-image.js';
import { PIPELINE_DATASET_TYPES } from '../../../../ci_gen3/pipeline/pipeline-datasets.js';
import { withProvenance } from '../../../../ci_gen3/pipeline/provenance.js';
import { configDump } from '../../../../ci_gen3/pipeline/reference-pipeline.js';
import { dumpConfig, pythonLiteral } from '../../../../ci_gen3/pipeline/task-config.js';
import { demoConverter } from '../../../../converters/demo/index.js';
import { chooseStorageClass, DEFAULT_STORAGE_CLASS_OVERRIDES } from '../../../../src/convert/storage-classes.js';
import { makeTranslator } from '../../../../src/convert/translate/index.js';
import { parseConfigDump } from '../../../../src/diff/config-dump.js';
import { readMaskPlanes } from '../../../../src/diff/mask-planes.js';
import { parseFits, writeFits } from '../../../../src/fits/fits-file.js';
import { FitsHeader } from '../../../../src/fits/header.js';
import { Gen2Template } from '../../../../src/gen2/templates/index.js';
import { lookupMapper } from '../../../../src/gen2/mapper-catalog.js';
import { loadMapperPolicy } from '../../../../src/gen2/policy/index.js';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';

describe('masked images', () => {
  const mi: MaskedImage = {
    width: 3,
    height: 2,
    image: Float32Array.from([1.5, -2, 0, 3.25, Number.NaN, 7]),
    mask: Int32Array.from([0, 2, 0, 32, 256, 0]),
    variance: Float32Array.from([1, 2, 3, 4, 5, 6]),
    metadata: [['EXPID', 1000, 'Exposure identifier'], ['FILTER', 'DEMO-G', 'Physical filter']],
  };

  it('are written as afw exposures (empty primary with metadata; IMAGE, MASK with MP_* planes, VARIANCE) and read back', () => {
    const fits = parseFits(writeFits(maskedImageHdus(mi)), 'calexp.fits');
    expect(fits.hdus.map((h) => h.header.getString('EXTTYPE') ?? null)).toEqual([null, 'IMAGE', 'MASK', 'VARIANCE']);
    expect(fits.hdus[0]!.header.getNumber('NAXIS')).toBe(0);
    expect(fits.hdus[2]!.header.getNumber('BITPIX')).toBe(32);
    expect(Object.fromEntries(readMaskPlanes(fits.hdus[2]!.header))).toEqual(MASK_PLANES);
    const back = readMaskedImage(fits);
    expect(Array.from(back.image)).toEqual(Array.from(mi.image));
    expect(Array.from(back.mask)).toEqual(Array.from(mi.mask));
    expect(Array.from(back.variance)).toEqual(Array.from(mi.variance));
    expect(back.metadata).toEqual(mi.metadata);
  });

  it('drop the butler provenance cards of an input when read (they are not carried to outputs)', () => {
    const cards = new FitsHeader().set('RUN', 'a/b').set('LSST BUTLER ID', 'x');
    const content = withProvenance({ format: 'fits', hdus: maskedImageHdus(mi) }, cards);
    if (content.format !== 'fits') throw new Error('fits expected');
    const fits = parseFits(writeFits(content.hdus));
    expect(fits.hdus[0]!.header.getString('RUN')).toBe('a/b');
    expect(readMaskedImage(fits).metadata).toEqual(mi.metadata);
  });

  it('reject files without the extensions', () => {
    expect(() => readMaskedImage(parseFits(writeFits([{ kind: 'image', data: new Float32Array(4), shape: [2, 2] }]), 'raw.fits'))).toThrow(/raw.fits: no IMAGE image extension/);
  });
});

describe('catalogs', () => {
  it('are a binary table after an empty primary HDU', () => {
    const hdus = catalogHdus(
      {
        rows: 2,
        metadata: [['VISIT', 3, 'Visit']],
        columns: [
          { name: 'id', values: BigInt64Array.from([5n, 6n]) },
          { name: 'flux', values: Float64Array.from([1.25, 2.5]), unit: 'adu', doc: 'sum' },
          { name: 'flag', values: [true, false] },
          { name: 'filter', values: ['DEMO-G', 'DEMO-R'] },
        ],
      },
      'SOURCES',
    );
    const fits = parseFits(writeFits(hdus));
    expect(fits.hdus[1]!.header.getString('EXTNAME')).toBe('SOURCES');
    expect(fits.hdus[1]!.header.getString('TFORM1')).toBe('1K');
    expect(fits.hdus[1]!.header.getString('TUNIT2')).toBe('adu');
    expect(Array.from(numericColumn(fits, 'flux'))).toEqual([1.25, 2.5]);
    expect(Array.from(numericColumn(fits, 'id'))).toEqual([5, 6]);
  });
});

describe('config dumps', () => {
  it('are pex_config dumps that src/diff parses back to the same values', () => {
    const text = dumpConfig('a.b.C', [
      { name: 'doBias', type: 'bool', value: true, doc: 'Apply bias.' },
      { name: 'saturation', type: 'float', value: 65535, doc: 'Saturation.' },
      { name: 'background.binSize', type: 'int', value: 32, doc: 'Cells.' },
      { name: 'label', type: 'str', value: "it's", doc: 'A label.' },
    ]);
    expect(text.split('\n').slice(0, 3)).toEqual(['import a.b', "assert type(config)==a.b.C, 'config is of type %s.%s instead of a.b.C' % (type(config).__module__, type(config).__name__)", '# Apply bias.']);
    expect(text).toContain('config.saturation=65535.0\n');
    const dump = parseConfigDump(text);
    expect([...dump.entries.keys()]).toEqual(['doBias', 'saturation', 'background.binSize', 'label']);
    expect(JSON.stringify(dump.entries.get('label')?.value)).toContain("it's");
  });

  it('differ between the sides only by the Gen2 driver fields', () => {
    const gen2 = parseConfigDump(configDump('gen2', 'isr'));
    const gen3 = parseConfigDump(configDump('gen3', 'isr'));
    expect([...gen2.entries.keys()].filter((k) => !gen3.entries.has(k))).toEqual(['doWrite']);
    expect(configDump('gen3', 'isr', { isr: { saturation: 60000 } })).toContain('config.saturation=60000.0');
    expect(() => pythonLiteral({ name: 'n', type: 'int', value: 1.5, doc: '' })).toThrow(/n: 1.5 is not a int/);
  });
});

describe('pipeline dataset types', () => {
  const mapper = lookupMapper('gen2to3.demo.DemoMapper')!;
  const policy = loadMapperPolicy({ mapper, searchPath: [demoPolicyDir()] });
  const declaration = demoConverter.instruments[0]!;
  const universe = defaultUniverse();

  it('use the Gen3 dimensions and storage classes the demo converter and policy declare for their Gen2 types', () => {
    for (const t of PIPELINE_DATASET_TYPES) {
      const mapping = policy.datasets.get(t.gen2Name);
      expect(mapping, `${t.gen2Name} in DemoMapper.yaml`).toBeDefined();
      const keys = [...Gen2Template.parse(mapping!.template!).keys.keys()];
      const translator = makeTranslator(declaration, t.gen2Name, keys);
      expect(universe.sort(t.dimensions), t.name).toEqual(universe.sort(translator.dimensions));
      const choice = chooseStorageClass(mapping!, { ...DEFAULT_STORAGE_CLASS_OVERRIDES, ...declaration.config?.storageClasses });
      expect(choice.storageClass, t.name).toBe(t.storageClass);
      expect(mapping!.section === 'calibrations', t.name).toBe(t.isCalibration);
    }
  });
});
