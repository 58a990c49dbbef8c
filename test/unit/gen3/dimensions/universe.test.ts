import { describe, expect, it } from 'vitest';
import { DIMENSION_CONFIG_V8, DimensionUniverse, defaultUniverse, elementOrder } from '../../../../src/gen3/dimensions/index.js';

const universe = defaultUniverse();
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('universe v8', () => {
  it('orders elements as daf_butler does (src/gen3/README.md §5.1)', () => {
    expect(universe.elements.map((e) => e.name)).toEqual([
      'band', ...range('healpix', 17), ...range('htm', 24), 'instrument', 'skymap', 'ssp_hypothesis_table',
      'day_obs', 'detector', 'group', 'physical_filter', 'ssp_balanced_index', 'ssp_hypothesis_bundle', 'subfilter', 'tract', 'visit_system',
      'exposure', 'patch', 'visit', 'visit_definition', 'visit_detector_region', 'visit_system_membership',
    ]);
  });

  it('resolves required/implied dependencies, governors, tables, topology', () => {
    const exposure = universe.element('exposure');
    expect(exposure.required).toEqual(['instrument', 'exposure']);
    expect(exposure.implied).toEqual(['day_obs', 'group', 'physical_filter']);
    expect(exposure.temporalFamily).toBe('observation_timespans');
    expect(exposure.keys.map((k) => k.name)).toEqual(['id', 'obs_id']);
    expect(universe.element('visit_detector_region')).toMatchObject({ kind: 'join', required: ['instrument', 'detector', 'visit'], spatialFamily: 'observation_regions' });
    expect(universe.element('patch').required).toEqual(['skymap', 'tract', 'patch']);
    expect(universe.governors.map((g) => g.name)).toEqual(['instrument', 'skymap']);
    expect(universe.element('band').hasTable).toBe(false);
    expect(universe.skypixSystems).toEqual({ common: 'htm7', systems: { htm: { class: 'lsst.sphgeom.HtmPixelization', max_level: 24 }, healpix: { class: 'lsst.sphgeom.HealpixPixelization', max_level: 17 } } });
    expect(universe.packers.visit_detector?.dimensions).toEqual(['instrument', 'visit', 'detector']);
    expect(universe.element('htm7')).toMatchObject({ kind: 'skypix', hasTable: false, skypix: { system: 'htm', level: 7 } });
  });

  it('computes required/implied closures and the data ID expansion order', () => {
    expect(universe.closure(['exposure', 'detector'])).toEqual({ required: ['instrument', 'detector', 'exposure'], implied: ['band', 'day_obs', 'group', 'physical_filter'] });
    expect(universe.closure(['visit', 'physical_filter'])).toEqual({ required: ['instrument', 'physical_filter', 'visit'], implied: ['band', 'day_obs'] });
    expect(universe.closure(['patch', 'band'])).toEqual({ required: ['band', 'skymap', 'tract', 'patch'], implied: [] });
    expect(universe.dataIdExpansionOrder(['exposure'])).toEqual(['instrument', 'exposure', 'band', 'day_obs', 'group', 'physical_filter']);
    expect(universe.sort(['exposure', 'detector', 'instrument'])).toEqual(['instrument', 'detector', 'exposure']);
    expect(() => universe.element('nope')).toThrow(/no dimension element nope/);
  });

  it('serialises like Python json.dumps: separators, key order, top-level keys', () => {
    const text = universe.serialize();
    expect(text).toHaveLength(14729);
    expect(text.startsWith('{"version": 8, "namespace": "daf_butler", "skypix": {"common": "htm7", "htm": {"class": "lsst.sphgeom.HtmPixelization", "max_level": 24}')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['version', 'namespace', 'skypix', 'elements', 'topology', 'packers']);
    expect(JSON.parse(text)).toEqual(DIMENSION_CONFIG_V8);
  });

  it('rejects dependency cycles', () => {
    expect(() => elementOrder([{ name: 'a', dependencies: ['b'], emits: ['a'] }, { name: 'b', dependencies: ['a'], emits: ['b'] }])).toThrow(/unresolvable/);
    const tiny = new DimensionUniverse({ ...DIMENSION_CONFIG_V8, elements: { instrument: DIMENSION_CONFIG_V8.elements.instrument! } });
    expect(tiny.elements.filter((e) => e.kind !== 'skypix').map((e) => e.name)).toEqual(['instrument']);
  });
});
