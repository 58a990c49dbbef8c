/**
 * daf_butler's dimension universe version 8 (namespace `daf_butler`), as far as query expressions
 * need it: keys, required/implied dimensions, field types and governors (see `src/gen3/README.md` §5).
 * Skypix dimensions (`htm*`, `healpix*`) are not described.
 */
import type { FieldType, QueryElement, QueryUniverse } from './query-universe.js';

type Spec = Omit<QueryElement, 'name' | 'governor' | 'required' | 'implied' | 'fields'> & {
  readonly governor?: boolean;
  readonly required?: readonly string[];
  readonly implied?: readonly string[];
  readonly fields?: Readonly<Record<string, FieldType>>;
};

const ID = { name: 'id', type: 'int' } as const;
const NAME = { name: 'name', type: 'string' } as const;

const SPECS: Readonly<Record<string, Spec>> = {
  instrument: {
    key: NAME,
    governor: true,
    fields: { visit_max: 'int', visit_system: 'int', exposure_max: 'int', detector_max: 'int', class_name: 'string' },
  },
  band: { key: NAME, impliedBy: { element: 'physical_filter', field: 'band' } },
  // skymap.hash (bytes) is left out: no expression can usefully compare it.
  skymap: { key: NAME, governor: true, fields: { tract_max: 'int', patch_nx_max: 'int', patch_ny_max: 'int' } },
  ssp_hypothesis_table: { key: NAME },
  day_obs: { key: ID, required: ['instrument'], fields: { timespan: 'timespan' } },
  detector: {
    key: ID,
    required: ['instrument'],
    alternateKeys: ['full_name'],
    fields: { full_name: 'string', name_in_raft: 'string', raft: 'string', purpose: 'string' },
  },
  group: { key: NAME, required: ['instrument'] },
  physical_filter: { key: NAME, required: ['instrument'], implied: ['band'] },
  ssp_balanced_index: { key: ID, required: ['ssp_hypothesis_table'] },
  ssp_hypothesis_bundle: { key: ID, required: ['ssp_hypothesis_table'] },
  subfilter: { key: ID, required: ['band'] },
  tract: { key: ID, required: ['skymap'], fields: { region: 'region' } },
  visit_system: { key: ID, required: ['instrument'], fields: { name: 'string' }, alternateKeys: ['name'] },
  exposure: {
    key: ID,
    required: ['instrument'],
    alternateKeys: ['obs_id'],
    implied: ['day_obs', 'group', 'physical_filter'],
    fields: {
      obs_id: 'string',
      exposure_time: 'float',
      dark_time: 'float',
      observation_type: 'string',
      observation_reason: 'string',
      seq_num: 'int',
      seq_start: 'int',
      seq_end: 'int',
      target_name: 'string',
      science_program: 'string',
      tracking_ra: 'float',
      tracking_dec: 'float',
      sky_angle: 'float',
      azimuth: 'float',
      zenith_angle: 'float',
      has_simulated: 'bool',
      can_see_sky: 'bool',
      timespan: 'timespan',
    },
  },
  patch: { key: ID, required: ['skymap', 'tract'], fields: { cell_x: 'int', cell_y: 'int', region: 'region' } },
  visit: {
    key: ID,
    required: ['instrument'],
    alternateKeys: ['name'],
    implied: ['day_obs', 'physical_filter'],
    fields: {
      name: 'string',
      seq_num: 'int',
      exposure_time: 'float',
      target_name: 'string',
      observation_reason: 'string',
      science_program: 'string',
      azimuth: 'float',
      zenith_angle: 'float',
      region: 'region',
      timespan: 'timespan',
    },
  },
  visit_definition: { required: ['instrument', 'exposure', 'visit'] },
  visit_detector_region: { required: ['instrument', 'detector', 'visit'], fields: { region: 'region' } },
  visit_system_membership: { required: ['instrument', 'visit_system', 'visit'] },
};

/** daf_butler universe version 8, for query expressions. */
export const universeV8: QueryUniverse = {
  version: 8,
  elements: new Map(
    Object.entries(SPECS).map(([name, spec]): [string, QueryElement] => [
      name,
      { ...spec, name, governor: spec.governor ?? false, required: spec.required ?? [], implied: spec.implied ?? [], fields: spec.fields ?? {} },
    ]),
  ),
};
