import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  migrateDimensionRecords,
  parseExport,
  pendingUniverseMigrations,
  UniverseMigrationError,
  type DimensionItem,
  type ExportDocument,
} from '../../../../src/gen3/transfer/index.js';
import { describeFixtures, fixture } from '../../../helpers/fixtures.js';

const OLD_HEADER = 'description: Butler Data Repository Export\nversion: 0\n';
const T = (tai: string) => `!butler_time/tai/iso '${tai}'`;

const OLD = `${OLD_HEADER}data:
- type: dimension
  element: instrument
  records:
  - {name: Cam, visit_max: 10, exposure_max: 10, detector_max: 4, class_name: x.Cam}
- type: dimension
  element: exposure
  records:
  - instrument: Cam
    id: 5
    physical_filter: f
    day_obs: 20200101
    group_name: g5
    group_id: 5
    datetime_begin: ${T('2020-01-02 03:00:00.000000000')}
  - instrument: Cam
    id: 6
    physical_filter: f
    day_obs: 20200102
    group_name: g5
    group_id: 5
- type: dimension
  element: visit
  records:
  - instrument: Cam
    id: 5
    physical_filter: f
    visit_system: 0
    seeing: null
    datetime_begin: ${T('2020-01-02 03:00:00.000000000')}
    datetime_end: ${T('2020-01-02 03:01:00.000000000')}
- type: dataset_type
  name: calexp
  dimensions: [band, instrument, detector, physical_filter, visit_system, visit]
  storage_class: ExposureF
  is_calibration: false
`;

function element(doc: ExportDocument, name: string): DimensionItem | undefined {
  return doc.data.find((i): i is DimensionItem => i.type === 'dimension' && i.element === name);
}

describe('migrateDimensionRecords', () => {
  it('applies the universe 0 → 8 steps of daf_butler’s importer', () => {
    const { document } = parseExport(OLD, 'old.yaml');
    expect(pendingUniverseMigrations(document)).toHaveLength(6);
    const { document: migrated, applied, warnings } = migrateDimensionRecords(document);
    expect(migrated.universeVersion).toBe(8);
    expect(applied).toHaveLength(6);
    expect(warnings).toEqual(['day_obs records without timespans (no day_obs offset known for instrument(s): Cam)']);
    expect(migrated.data.map((i) => (i.type === 'dimension' ? i.element : i.type))).toEqual([
      'instrument',
      'group',
      'day_obs',
      'exposure',
      'visit',
      'visit_system_membership',
      'dataset_type',
    ]);
    expect(element(migrated, 'group')!.records).toEqual([{ instrument: 'Cam', name: 'g5' }]);
    expect(element(migrated, 'exposure')!.records[0]).toEqual({
      instrument: 'Cam',
      id: 5n,
      physical_filter: 'f',
      day_obs: 20200101n,
      group: 'g5',
      datetime_begin: { kind: 'time', tai: '2020-01-02 03:00:00.000000000' },
    });
    expect(element(migrated, 'visit')!.records[0]).toEqual({
      instrument: 'Cam',
      id: 5n,
      physical_filter: 'f',
      datetime_begin: { kind: 'time', tai: '2020-01-02 03:00:00.000000000' },
      datetime_end: { kind: 'time', tai: '2020-01-02 03:01:00.000000000' },
      day_obs: 20200102n,
    });
    expect(element(migrated, 'visit_system_membership')!.records).toEqual([{ instrument: 'Cam', visit_system: 0n, visit: 5n }]);
    expect(element(migrated, 'day_obs')!.records).toEqual([
      { instrument: 'Cam', id: 20200101n },
      { instrument: 'Cam', id: 20200102n },
    ]);
    const dt = migrated.data.find((i) => i.type === 'dataset_type');
    expect(dt).toMatchObject({ dimensions: ['band', 'instrument', 'detector', 'physical_filter', 'visit'] });
    expect(pendingUniverseMigrations(migrated)).toEqual([]);
    // the input is not modified
    expect(element(document, 'exposure')!.records[0]).toHaveProperty('group_name', 'g5');
  });

  it('uses a known day_obs offset for visit day_obs and day_obs timespans', () => {
    const { document } = parseExport(OLD, 'old.yaml');
    const { document: migrated, warnings } = migrateDimensionRecords(document, 0, { dayObsOffsetSeconds: (instrument, cls) => (instrument === 'Cam' && cls === 'x.Cam' ? 12 * 3600 : undefined) });
    expect(warnings).toEqual([]);
    expect(element(migrated, 'visit')!.records[0]!.day_obs).toBe(20200101n); // 03:00 TAI minus 12 h
    expect(element(migrated, 'day_obs')!.records[0]).toEqual({
      instrument: 'Cam',
      id: 20200101n,
      datetime_begin: { kind: 'time', tai: '2020-01-01 12:00:00.000000000' },
      datetime_end: { kind: 'time', tai: '2020-01-02 12:00:00.000000000' },
    });
  });

  it('leaves current universes and other namespaces alone; needs datetime_begin to derive day_obs', () => {
    const { document } = parseExport(OLD, 'old.yaml');
    expect(migrateDimensionRecords({ ...document, universeVersion: 8 }).applied).toEqual([]);
    expect(migrateDimensionRecords({ ...document, universeNamespace: 'other' }).document).toMatchObject({ universeNamespace: 'other', universeVersion: 0 });
    const broken = parseExport(OLD.replace(/ {4}seeing: null\n {4}datetime_begin: .*\n/, '    seeing: null\n'), 'b.yaml').document;
    expect(() => migrateDimensionRecords(broken)).toThrow(UniverseMigrationError);
    // from universe 2: only the universe 6 steps
    const v2 = migrateDimensionRecords({ ...document, universeVersion: 2 });
    expect(v2.applied).toEqual(['exposure.group_name/group_id replaced by exposure.group, with group records', 'day_obs records created from exposure/visit day_obs values']);
  });
});

describeFixtures('migrateDimensionRecords on real exports', () => {
  it('testdata_jointcal (universe 0): 10 exposures → 10 group records, 2 day_obs, 10 memberships', () => {
    const { document } = parseExport(readFileSync(fixture('testdata_jointcal/hsc/exports.yaml'), 'utf8'), 'jointcal');
    const { document: migrated } = migrateDimensionRecords(document);
    const counts = Object.fromEntries(migrated.data.flatMap((i) => (i.type === 'dimension' ? [[i.element, i.records.length]] : [])));
    expect(counts).toMatchObject({ exposure: 10, visit: 10, group: 10, visit_system_membership: 10 });
    expect(element(migrated, 'day_obs')!.records.map((r) => r.id)).toEqual([...new Set(element(document, 'exposure')!.records.map((r) => r.day_obs))].sort());
    expect(element(migrated, 'visit')!.records.every((r) => !('visit_system' in r))).toBe(true);
  });
});
