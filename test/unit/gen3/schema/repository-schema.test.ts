import { describe, expect, it } from 'vitest';
import { defaultUniverse } from '../../../../src/gen3/dimensions/index.js';
import { datasetCalibsTableSpec, datasetTagsTableSpec, elementTableSpec, repositoryTableSpecs } from '../../../../src/gen3/schema/index.js';

const universe = defaultUniverse();

describe('repository schema (universe v8)', () => {
  it('has the 48 tables of `butler create`, foreign-key targets first', () => {
    const specs = repositoryTableSpecs(universe);
    expect(specs).toHaveLength(48);
    const names = specs.map((s) => s.name);
    expect(new Set(names).size).toBe(48);
    expect(names).toEqual(
      expect.arrayContaining([
        'butler_attributes', 'opaque_meta', 'collection', 'run', 'collection_chain', 'collection_summary_dataset_type', 'collection_summary_instrument',
        'collection_summary_skymap', 'dataset_type', 'dimension_graph_key', 'dimension_graph_definition', 'dataset', 'dataset_location', 'dataset_location_trash',
        'ssp_balanced_index', 'visit_detector_region_skypix_overlap_summary', 'patch_visit_detector_region_overlap', 'tract_visit_overlap_summary',
      ]),
    );
    names.forEach((name, i) => {
      for (const fk of specs[i]!.foreignKeys ?? []) expect(names.indexOf(fk.table), `${name} → ${fk.table}`).toBeLessThan(i);
    });
  });

  it('derives element tables: required, key, implied, alternates, metadata, region, timespan', () => {
    const visit = elementTableSpec(universe, universe.element('visit'));
    expect(visit.fields.map((f) => f.name)).toEqual([
      'instrument', 'id', 'day_obs', 'physical_filter', 'name', 'seq_num', 'exposure_time', 'target_name', 'observation_reason', 'science_program', 'azimuth', 'zenith_angle', 'region', 'timespan',
    ]);
    expect(visit.primaryKey).toEqual(['instrument', 'id']);
    expect(visit.unique).toEqual([{ columns: ['instrument', 'name'] }]);
    expect(visit.foreignKeys?.map((f) => f.table)).toEqual(['instrument', 'day_obs', 'physical_filter']);
    const subfilter = elementTableSpec(universe, universe.element('subfilter'));
    expect(subfilter.foreignKeys).toEqual([]);
  });

  it('derives dataset_tags_K / dataset_calibs_K from required dimensions in universe order', () => {
    const tags = datasetTagsTableSpec(universe, 8, ['patch', 'band', 'tract', 'skymap']);
    expect(tags.name).toBe('dataset_tags_00000008');
    expect(tags.fields.map((f) => f.name)).toEqual(['dataset_type_id', 'dataset_id', 'collection_id', 'band', 'skymap', 'tract', 'patch']);
    expect(tags.foreignKeys?.map((f) => f.table)).toEqual([
      'dataset_type', 'dataset', 'collection', 'collection_summary_dataset_type', 'skymap', 'collection_summary_skymap', 'tract', 'patch',
    ]);
    const calibs = datasetCalibsTableSpec(universe, 2, ['instrument', 'detector']);
    expect(calibs.fields.map((f) => f.name)).toEqual(['id', 'dataset_type_id', 'dataset_id', 'collection_id', 'instrument', 'detector', 'timespan']);
    expect(calibs.indexes).toEqual([{ columns: ['dataset_type_id', 'collection_id', 'instrument', 'detector', 'timespan'] }]);
  });
});
