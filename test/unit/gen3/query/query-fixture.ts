// A tiny hand-made set of dimension tables (a subset of universe v8's columns) in an in-memory SQLite
// database via knex + better-sqlite3, the same rows as plain records for the in-memory evaluator,
// and column mappers for the two queries the tests run: exposure records, and exposure × detector data IDs.
import knex from 'knex';
import type { Knex } from 'knex';
import type { QueryColumnMapper } from '../../../../src/gen3/query/column-mapper.js';
import { dimensionTableMapper } from '../../../../src/gen3/query/column-mapper.js';
import type { RowValue } from '../../../../src/gen3/query/evaluator.js';
import { universeV8 } from '../../../../src/gen3/query/universe-v8.js';

/** TAI nanoseconds of a UTC ISO time after 2017 (TAI - UTC = 37 s). */
export function tai(isoUtc: string): bigint {
  return (BigInt(Date.parse(`${isoUtc}Z`)) / 1000n + 37n) * 1_000_000_000n;
}

const S = 1_000_000_000n;

export const PHYSICAL_FILTERS = [
  { instrument: 'HSC', name: 'HSC-R', band: 'r' },
  { instrument: 'HSC', name: 'HSC-I', band: 'i' },
  { instrument: 'HSC', name: 'HSC-I2', band: 'i' },
  { instrument: 'LSSTCam-imSim', name: 'r_sim', band: 'r' },
];

export const DETECTORS = [
  { instrument: 'HSC', id: 0, full_name: '1_53', raft: null, purpose: 'SCIENCE' },
  { instrument: 'HSC', id: 9, full_name: '1_44', raft: null, purpose: 'SCIENCE' },
  { instrument: 'HSC', id: 10, full_name: '1_45', raft: null, purpose: 'SCIENCE' },
  { instrument: 'HSC', id: 11, full_name: '1_46', raft: null, purpose: 'SCIENCE' },
  { instrument: 'HSC', id: 16, full_name: '0_41', raft: null, purpose: 'SCIENCE' },
  { instrument: 'HSC', id: 50, full_name: '0_20', raft: null, purpose: 'FOCUS' },
  { instrument: 'LSSTCam-imSim', id: 10, full_name: 'R01_S01', raft: 'R01', purpose: 'SCIENCE' },
  { instrument: 'LSSTCam-imSim', id: 94, full_name: 'R22_S11', raft: 'R22', purpose: 'SCIENCE' },
];

interface ExposureRow {
  instrument: string;
  id: number;
  day_obs: number;
  group: string;
  physical_filter: string;
  obs_id: string;
  exposure_time: number | null;
  seq_num: number | null;
  observation_type: string;
  can_see_sky: number | null;
  timespan_begin: bigint | null;
  timespan_end: bigint | null;
}

function exposure(
  instrument: string,
  id: number,
  day_obs: number,
  physical_filter: string,
  seq_num: number | null,
  exposure_time: number | null,
  observation_type: string,
  can_see_sky: number | null,
  begin: bigint | null,
  seconds: bigint,
): ExposureRow {
  return {
    instrument,
    id,
    day_obs,
    group: `g${id}`,
    physical_filter,
    obs_id: `${instrument === 'HSC' ? 'HSCA' : 'LS_'}${id}`,
    exposure_time,
    seq_num,
    observation_type,
    can_see_sky,
    timespan_begin: begin,
    timespan_end: begin === null ? null : begin + seconds * S,
  };
}

export const EXPOSURES: ExposureRow[] = [
  exposure('HSC', 903332, 20180920, 'HSC-R', 63, 30, 'science', 1, tai('2018-09-20T10:00:00'), 30n),
  exposure('HSC', 903334, 20180920, 'HSC-R', 65, 30, 'science', 1, tai('2018-09-20T10:05:00'), 30n),
  exposure('HSC', 903336, 20180920, 'HSC-I', 66, 30, 'science', null, tai('2018-09-20T10:10:00'), 30n),
  exposure('HSC', 903338, 20180921, 'HSC-I2', null, 15, 'science', 1, tai('2018-09-21T10:00:00'), 15n),
  exposure('HSC', 903340, 20180921, 'HSC-I', 70, null, 'bias', 0, null, 0n),
  exposure('LSSTCam-imSim', 2020010200001, 20200102, 'r_sim', 1, 30, 'science', 1, 1577934245000000000n, 30n),
  exposure('LSSTCam-imSim', 2020010200002, 20200102, 'r_sim', 2, 30, 'science', 0, 1577934290000000000n, 30n),
];

/**
 * Creates the tables and rows: by default in a fresh in-memory SQLite database; with `config`, in that
 * (PostgreSQL) database, strings in the "C" collation so that they order as in SQLite and in memory.
 */
export async function openFixtureDatabase(config?: Knex.Config): Promise<Knex> {
  const db = knex(config ?? { client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  const pg = config !== undefined;
  const str = (t: Knex.CreateTableBuilder, name: string, length?: number): Knex.ColumnBuilder =>
    t.specificType(name, `${length === undefined ? 'text' : `varchar(${length})`}${pg ? ' COLLATE "C"' : ''}`);
  await db.schema.createTable('physical_filter', (t) => {
    str(t, 'instrument', 32).notNullable();
    str(t, 'name', 32).notNullable();
    str(t, 'band', 32).notNullable();
    t.primary(['instrument', 'name']);
  });
  await db.schema.createTable('detector', (t) => {
    str(t, 'instrument', 32).notNullable();
    t.bigInteger('id').notNullable();
    str(t, 'full_name', 32);
    str(t, 'raft', 32);
    str(t, 'purpose', 32);
    t.primary(['instrument', 'id']);
  });
  await db.schema.createTable('exposure', (t) => {
    str(t, 'instrument', 32).notNullable();
    t.bigInteger('id').notNullable();
    t.bigInteger('day_obs').notNullable();
    str(t, 'group').notNullable();
    str(t, 'physical_filter', 32).notNullable();
    str(t, 'obs_id');
    t.double('exposure_time');
    t.bigInteger('seq_num');
    str(t, 'observation_type', 16);
    t.boolean('can_see_sky');
    t.bigInteger('timespan_begin');
    t.bigInteger('timespan_end');
    t.primary(['instrument', 'id']);
  });
  await db('physical_filter').insert(PHYSICAL_FILTERS);
  await db('detector').insert(DETECTORS);
  await db('exposure').insert(EXPOSURES.map((e) => ({ ...e, can_see_sky: e.can_see_sky === null ? null : e.can_see_sky === 1 })));
  return db;
}

const DIMENSION_COLUMNS: Readonly<Record<string, string>> = {
  instrument: 'exposure.instrument',
  exposure: 'exposure.id',
  day_obs: 'exposure.day_obs',
  group: 'exposure.group',
  physical_filter: 'exposure.physical_filter',
  band: 'physical_filter.band',
  detector: 'detector.id',
};

/** Maps dimension values to the columns of the exposure (× detector) join; fields as `element.field`. */
export const fixtureMapper: QueryColumnMapper = {
  column(ref) {
    if (ref.kind === 'dimension') {
      const column = DIMENSION_COLUMNS[ref.dimension];
      if (column === undefined) throw new Error(`dimension ${ref.dimension} is not in the fixture query`);
      return column;
    }
    return dimensionTableMapper(universeV8).column(ref);
  },
  timespan: (element) => dimensionTableMapper(universeV8).timespan(element),
};

/** `SELECT ... FROM exposure JOIN physical_filter [JOIN detector]`; rows identified as `exposure` or `exposure/detector`. */
export function fixtureQuery(db: Knex, withDetector: boolean): Knex.QueryBuilder {
  const q = db('exposure')
    .join('physical_filter', (j) => j.on('physical_filter.instrument', 'exposure.instrument').andOn('physical_filter.name', 'exposure.physical_filter'))
    .select({ e: 'exposure.id' });
  if (withDetector) void q.join('detector', 'detector.instrument', 'exposure.instrument').select({ d: 'detector.id' });
  return q;
}

/** The key a row of {@link fixtureQuery} is identified by. */
export function rowKey(row: { e: number | bigint | string; d?: number | bigint | string }): string {
  return row.d === undefined ? `${row.e}` : `${row.e}/${row.d}`;
}

/** The same rows as {@link fixtureQuery}, as records for `recordLookup`. */
export function fixtureRecords(withDetector: boolean): { key: string; record: Record<string, RowValue> }[] {
  const result: { key: string; record: Record<string, RowValue> }[] = [];
  for (const e of EXPOSURES) {
    const band = PHYSICAL_FILTERS.find((f) => f.instrument === e.instrument && f.name === e.physical_filter)?.band;
    const base: Record<string, RowValue> = {
      instrument: e.instrument,
      exposure: e.id,
      day_obs: e.day_obs,
      group: e.group,
      physical_filter: e.physical_filter,
      band,
      'exposure.obs_id': e.obs_id,
      'exposure.exposure_time': e.exposure_time,
      'exposure.seq_num': e.seq_num,
      'exposure.observation_type': e.observation_type,
      'exposure.can_see_sky': e.can_see_sky,
      'exposure.timespan.begin': e.timespan_begin,
      'exposure.timespan.end': e.timespan_end,
    };
    if (!withDetector) {
      result.push({ key: `${e.id}`, record: base });
      continue;
    }
    for (const d of DETECTORS.filter((x) => x.instrument === e.instrument)) {
      result.push({
        key: `${e.id}/${d.id}`,
        record: { ...base, detector: d.id, 'detector.full_name': d.full_name, 'detector.raft': d.raft, 'detector.purpose': d.purpose },
      });
    }
  }
  return result;
}
