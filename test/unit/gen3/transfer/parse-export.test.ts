import { describe, expect, it } from 'vitest';
import { ExportFormatError, legacyDatasetIdToUuid, parseExport, uuid3 } from '../../../../src/gen3/transfer/index.js';

const HEADER = 'description: Butler Data Repository Export\nversion: 1.0.2\nuniverse_version: 8\nuniverse_namespace: daf_butler\n';

function issuesOf(text: string, file = 'x.yaml'): readonly string[] {
  try {
    parseExport(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ExportFormatError);
    const err = e as ExportFormatError;
    expect(err.code).toBe('GEN3_EXPORT_FORMAT');
    expect(err.file).toBe(file);
    expect(err.message.startsWith(`${file}: `)).toBe(true);
    return err.issues;
  }
  throw new Error('expected an ExportFormatError');
}

const DATASET = `${HEADER}data:
- type: dataset
  dataset_type: bias
  run: r
  records:
  - dataset_id:
    - !uuid 'e15ab039-bc8b-4135-87c5-90902a7c0b22'
    data_id:
    - instrument: Cam1
      detector: 1
    path: a.fits
    formatter: f.F
`;

describe('parseExport: malformed documents', () => {
  it('bad YAML', () => {
    expect(issuesOf('data: [\n  - a: b\n')[0]).toMatch(/^invalid YAML: /);
    expect(issuesOf('a: 1\na: 2\n')).toEqual(['invalid YAML: Map keys must be unique at line 2, column 1']);
  });

  it('a missing data list', () => {
    expect(issuesOf('version: 1.0.2\n')).toEqual(['data: missing (expected a list of items)']);
  });

  it('not a mapping', () => {
    expect(issuesOf('- 1\n- 2\n')).toEqual(['expected a mapping with description, version and data']);
  });

  it('unsupported major and newer minor versions', () => {
    expect(issuesOf('version: 2.0.0\ndata: []\n')).toEqual([
      'version: unsupported export format version 2.0.0 (major 2); gen2to3 reads export format 0 and 1.0.0 up to 1.0.x',
    ]);
    expect(issuesOf('version: 1.1.0\ndata: []\n')[0]).toMatch(/^version: unsupported export format version 1\.1\.0 \(newer minor version\)/);
    expect(issuesOf('version: 1.0\ndata: []\n')).toEqual(["version: expected a version string like '1.0.2' (or 0), got 1"]);
    expect(issuesOf('data: []\n')).toEqual(['version: missing (expected e.g. 1.0.2)']);
    expect(() => parseExport('version: 2.0.0\ndata: []\n', 'f.yaml')).toThrow('f.yaml: version: unsupported export format version 2.0.0');
  });

  it('accepts a newer patch of 1.0 (as daf_butler does)', () => {
    expect(parseExport('version: 1.0.7\ndata: []\n', 'x').origin.formatVersion).toBe('1.0.7');
  });

  it('unknown item type', () => {
    expect(issuesOf(`${HEADER}data:\n- type: dimension\n  element: instrument\n  records: []\n- type: bogus\n`)).toEqual([
      'data[1].type: unknown item type "bogus" (expected one of dimension, collection, run, dataset_type, dataset, associations)',
    ]);
  });

  it('bad UUID, named by its path', () => {
    const text = DATASET.replace("!uuid 'e15ab039-bc8b-4135-87c5-90902a7c0b22'", "!uuid 'not-a-uuid'");
    expect(issuesOf(text)).toEqual(['data[0].records[0].dataset_id[0]: expected a UUID']);
  });

  it('missing key and mismatched lists, all problems collected', () => {
    const text = `${DATASET.replace('    path: a.fits\n', '')}- type: collection\n  collection_type: CHAINED\n  name: c\n- type: dataset_type\n  name: t\n  storage_class: X\n`;
    const issues = issuesOf(text);
    expect(issues).toEqual([
      'data[0].records[0].path: missing (expected a string)',
      'data[1].children: a CHAINED collection needs children',
      'data[2].dimensions: missing (expected a list of dimension names)',
    ]);
    expect(() => parseExport(text, 'e.yaml')).toThrow(/^e\.yaml: 3 problems in export document:\n {2}e\.yaml: data\[0\]\.records\[0\]\.path: missing \(expected a string\)\n/);
    const twoIds = DATASET.replace('    data_id:\n', "    - !uuid '60c8a65c-7290-4c38-b1de-e3b1cdcf872d'\n    data_id:\n");
    expect(issuesOf(twoIds)).toEqual(['data[0].records[0].data_id: 1 data IDs for 2 dataset ids']);
  });

  it('unknown tags are rejected, not evaluated', () => {
    const text = `${HEADER}data:\n- type: dimension\n  element: visit\n  records:\n  - id: !!python/object:os.system 'rm -rf /'\n`;
    expect(issuesOf(text)).toEqual([
      'data[0].records[0].id: unsupported value with tag tag:yaml.org,2002:python/object:os.system (expected !butler_time/tai/iso, !<lsst.sphgeom.…> {encoded: <hex>})',
    ]);
  });

  it('bad time and timespan', () => {
    const text = `${HEADER}data:
- type: associations
  collection: c
  collection_type: CALIBRATION
  validity_ranges:
  - timespan: !lsst.daf.butler.Timespan
      begin: !butler_time/tai/iso 'yesterday'
      end: null
    dataset_ids: []
`;
    expect(issuesOf(text)).toEqual(['data[0].validity_ranges[0]: expected {timespan, dataset_ids} (or legacy {begin, end, dataset_ids})']);
  });
});

describe('parseExport: values and legacy forms', () => {
  it('resolves plain scalars as PyYAML (YAML 1.1) does', () => {
    const text = `${HEADER}data:
- type: dimension
  element: e
  records:
  - a: yes
    b: 'yes'
    c: y
    d: 0x1F
    e: 010
    f: 1_000
    g: 1.5e+3
    h: 1e5
    i: .inf
    j: ~
    k: 30.0
    l: 1:30
    m: 2020-01-02
`;
    const item = parseExport(text, 'x').document.data[0];
    expect(item).toEqual({
      type: 'dimension',
      element: 'e',
      records: [
        {
          a: true,
          b: 'yes',
          c: 'y',
          d: 31n,
          e: 8n,
          f: 1000n,
          g: 1500,
          h: '1e5',
          i: Infinity,
          j: null,
          k: 30,
          l: 90n,
          m: { kind: 'time', tai: '2020-01-02 00:00:37.000000000' },
        },
      ],
    });
  });

  it('converts the legacy forms daf_butler still reads', () => {
    const text = `version: 0
data:
- type: run
  name: r
- type: collection
  collection_type: CHAINED
  name: ch
  children:
  - r
  - [other, [bias]]
- type: dataset
  dataset_type: bias
  run: r
  records:
  - dataset_id: 7
    data_id: {instrument: Cam1, detector: 1}
    path: p
- type: associations
  collection: t
  collection_type: TAGGED
  dataset_ids: [7, !uuid 'E15AB039-BC8B-4135-87C5-90902A7C0B22']
- type: associations
  collection: cal
  collection_type: CALIBRATION
  validity_ranges:
  - begin: !butler_time/tai/iso '2020-01-01 00:00:00.000000000'
    end: null
    dataset_ids: [7]
  - timespan: !lsst.daf.butler.Timespan EMPTY
    dataset_ids: []
`;
    const { document, origin } = parseExport(text, 'old.yaml');
    const id7 = legacyDatasetIdToUuid(7n);
    expect(document).toEqual({
      description: 'Butler Data Repository Export',
      universeVersion: 0,
      universeNamespace: 'daf_butler',
      data: [
        { type: 'collection', collectionType: 'RUN', name: 'r', host: null, timespanBegin: null, timespanEnd: null },
        { type: 'collection', collectionType: 'CHAINED', name: 'ch', children: ['r', 'other'] },
        { type: 'dataset', datasetType: 'bias', run: 'r', records: [{ datasetIds: [id7], dataIds: [{ instrument: 'Cam1', detector: 1n }], path: 'p' }] },
        { type: 'associations', collection: 't', collectionType: 'TAGGED', datasetIds: [id7, 'e15ab039-bc8b-4135-87c5-90902a7c0b22'] },
        {
          type: 'associations',
          collection: 'cal',
          collectionType: 'CALIBRATION',
          validityRanges: [
            { timespan: { kind: 'timespan', begin: { kind: 'time', tai: '2020-01-01 00:00:00.000000000' }, end: null }, datasetIds: [id7] },
            { timespan: { kind: 'empty' }, datasetIds: [] },
          ],
        },
      ],
    });
    expect(origin.formatVersion).toBe('0');
    expect(origin.formatMigrations).toHaveLength(6);
  });

  it('uuid3 equals Python uuid.uuid3', () => {
    // python -c "import uuid; print(uuid.uuid3(uuid.NAMESPACE_DNS, 'python.org'))"
    expect(uuid3('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('6fa459ea-ee8a-3ca4-894e-db77e160355e');
    expect(legacyDatasetIdToUuid(1001n)).toBe('188654b3-16aa-39b4-833a-4bcd215d13d4');
  });
});

describe('ExportFormatError', () => {
  it('lists at most 50 problems in its message but keeps them all', () => {
    const items = Array.from({ length: 60 }, (_, i) => `- type: nope${i}\n`).join('');
    const issues = issuesOf(`version: 1.0.2\ndata:\n${items}`);
    expect(issues).toHaveLength(60);
    let message = '';
    try {
      parseExport(`version: 1.0.2\ndata:\n${items}`, 'many.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toHaveLength(52);
    expect(message.endsWith('… and 10 more')).toBe(true);
  });
});
