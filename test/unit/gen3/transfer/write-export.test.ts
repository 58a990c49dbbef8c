import { describe, expect, it } from 'vitest';
import { parseExport, writeExport, type ExportDocument } from '../../../../src/gen3/transfer/index.js';
import { pythonFloatYaml } from '../../../../src/gen3/transfer/python-float.js';

function doc(data: ExportDocument['data']): ExportDocument {
  return { description: 'Butler Data Repository Export', universeVersion: 8, universeNamespace: 'daf_butler', data };
}

describe('writeExport', () => {
  it('writes 1.0.2 with the key order and tags daf_butler uses', () => {
    const text = writeExport(
      doc([
        { type: 'dimension', element: 'skymap', records: [{ name: 'sky1', hash: { kind: 'binary', base64: 'AQJhYmMBAmFiYw==' }, tract_max: 10n }] },
        {
          type: 'dimension',
          element: 'visit',
          records: [
            {
              instrument: 'Cam',
              id: 2020010200001n,
              name: '903334',
              exposure_time: 30,
              zenith_angle: 1e-5,
              region: { kind: 'region', tag: 'lsst.sphgeom.ConvexPolygon', encoded: '70ab' },
              datetime_begin: { kind: 'time', tai: '2020-01-02 03:04:05.123456789' },
              datetime_end: null,
            },
          ],
        },
        { type: 'collection', collectionType: 'RUN', name: 'Cam/runs/a', doc: "it's: here\nline 2", host: null, timespanBegin: null, timespanEnd: null },
        { type: 'collection', collectionType: 'CHAINED', name: 'chain', children: ['Cam/runs/a'] },
        { type: 'collection', collectionType: 'TAGGED', name: 'yes' },
        { type: 'dataset_type', name: 'bias', dimensions: ['instrument', 'detector'], storageClass: 'ExposureF', isCalibration: true },
        {
          type: 'dataset',
          datasetType: 'bias',
          run: 'Cam/runs/a',
          records: [{ datasetIds: ['01a21354-45a0-7a00-830d-7f726fe17080'], dataIds: [{ instrument: 'Cam', detector: 1n }], path: 'b.fits', formatter: 'f.F' }],
        },
        {
          type: 'associations',
          collection: 'cal',
          collectionType: 'CALIBRATION',
          validityRanges: [
            { timespan: { kind: 'timespan', begin: { kind: 'time', tai: '2020-01-01 00:00:00.000000000' }, end: null }, datasetIds: ['01a21354-45a0-7a00-830d-7f726fe17080'] },
            { timespan: { kind: 'empty' }, datasetIds: [] },
          ],
        },
        { type: 'associations', collection: 'yes', collectionType: 'TAGGED', datasetIds: ['01a21354-45a0-7a00-830d-7f726fe17080'] },
      ]),
    );
    expect(text).toBe(`description: Butler Data Repository Export
version: 1.0.2
universe_version: 8
universe_namespace: daf_butler
data:
- type: dimension
  element: skymap
  records:
  - name: sky1
    hash: !!binary |
      AQJhYmMBAmFiYw==
    tract_max: 10
- type: dimension
  element: visit
  records:
  - instrument: Cam
    id: 2020010200001
    name: '903334'
    exposure_time: 30.0
    zenith_angle: 1.0e-05
    region: !<lsst.sphgeom.ConvexPolygon>
      encoded: 70ab
    datetime_begin: !butler_time/tai/iso '2020-01-02 03:04:05.123456789'
    datetime_end: null
- type: collection
  collection_type: RUN
  name: Cam/runs/a
  doc: 'it''s: here

    line 2'
  host: null
  timespan_begin: null
  timespan_end: null
- type: collection
  collection_type: CHAINED
  name: chain
  children:
  - Cam/runs/a
- type: collection
  collection_type: TAGGED
  name: 'yes'
- type: dataset_type
  name: bias
  dimensions:
  - instrument
  - detector
  storage_class: ExposureF
  is_calibration: true
- type: dataset
  dataset_type: bias
  run: Cam/runs/a
  records:
  - dataset_id:
    - !uuid '01a21354-45a0-7a00-830d-7f726fe17080'
    data_id:
    - instrument: Cam
      detector: 1
    path: b.fits
    formatter: f.F
- type: associations
  collection: cal
  collection_type: CALIBRATION
  validity_ranges:
  - timespan: !lsst.daf.butler.Timespan
      begin: !butler_time/tai/iso '2020-01-01 00:00:00.000000000'
      end: null
    dataset_ids:
    - !uuid '01a21354-45a0-7a00-830d-7f726fe17080'
  - timespan: !lsst.daf.butler.Timespan 'EMPTY'
    dataset_ids: []
- type: associations
  collection: yes
  collection_type: TAGGED
  dataset_ids:
  - !uuid '01a21354-45a0-7a00-830d-7f726fe17080'
`.replace('  collection: yes\n', "  collection: 'yes'\n"));
    expect(parseExport(text, 'w.yaml').origin.formatMigrations).toEqual([]);
  });

  it('quotes strings PyYAML would not read back as strings, and escapes non-ASCII', () => {
    const values = ['true', 'null', '~', '1.5', '1_0', '2020-01-02', '', ' x', '- a', 'a: b', 'a #b', '#x', '!x', 'é', 'tab\there', 'a:b', 'a#b', 'R0/S1', '1e5', '12:30'];
    const text = writeExport(doc([{ type: 'dimension', element: 'e', records: [Object.fromEntries(values.map((v, i) => [`k${i}`, v]))] }]));
    const lines = text.split('\n').filter((l) => /^ {2}[- ] k\d+:/.test(l)).map((l) => l.replace(/^ {2}[- ] k\d+: /, ''));
    expect(lines).toEqual(["'true'", "'null'", "'~'", "'1.5'", "'1_0'", "'2020-01-02'", "''", "' x'", "'- a'", "'a: b'", "'a #b'", "'#x'", "'!x'", '"\\xE9"', '"tab\\there"', 'a:b', 'a#b', 'R0/S1', '1e5', "'12:30'"]);
    const back = parseExport(text, 'q.yaml').document.data[0];
    expect(back?.type === 'dimension' ? Object.values(back.records[0]!) : []).toEqual(values);
  });

  it('folds long plain scalars at 80 columns like PyYAML', () => {
    const long = `${'x'.repeat(70)} aaa bbb ccc ddd eee fff`;
    const text = writeExport(doc([{ type: 'dimension', element: 'e', records: [{ k22: long, k23: 'a'.repeat(90) }] }]));
    expect(text).toContain(`  - k22: ${'x'.repeat(70)} aaa\n      bbb ccc ddd eee fff\n    k23: ${'a'.repeat(90)}\n`);
    const back = parseExport(text, 'f.yaml').document.data[0];
    expect(back?.type === 'dimension' ? back.records[0]!.k22 : undefined).toBe(long);
  });

  it('writes floats as Python repr does', () => {
    const cases: [number, string][] = [
      [30, '30.0'],
      [338.01639166666666, '338.01639166666666'],
      [0.0001, '0.0001'],
      [1e-5, '1.0e-05'],
      [1.5e-5, '1.5e-05'],
      [1e16, '1.0e+16'],
      [9999999999999998, '9999999999999998.0'],
      [-2.5e-10, '-2.5e-10'],
      [0, '0.0'],
      [Infinity, '.inf'],
      [-Infinity, '-.inf'],
      [NaN, '.nan'],
    ];
    for (const [x, text] of cases) expect(pythonFloatYaml(x)).toBe(text);
  });
});
