import { beforeAll, expect, it } from 'vitest';
import { lsstConverter } from '../../../converters/lsst/index.js';
import { planConversion, type ConversionPlan } from '../../../src/convert/plan/index.js';
import { defaultUniverse } from '../../../src/gen3/dimensions/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { expectAppliedMatchesReference } from './apply-against-reference.js';
import { compareModels, explainDifferences, modelFromPlan, modelFromReferenceSqlite, type ExpectedDifference, type RepoModel } from './reference-model.js';

const CURATED = 'curated calibration written by the reference from obs_lsst_data (Instrument.writeCuratedCalibrations); never fabricated by us (ARCHITECTURE §5)';

/**
 * Every way our conversion of obs_lsst's LATISS Gen2 test repository may differ from what obs_base's
 * `butler convert` wrote (obs_lsst_gen3_converted/.../gen3.sqlite3), and why. Anything else fails, and
 * so does an entry that no longer explains anything. The reference registry is universe v1; LATISS's
 * converted types (raw, bias) have the same required dimensions in v8, so no universe entry is needed.
 */
const EXPECTED: readonly ExpectedDifference[] = [
  { aspect: 'collection', key: /^LATISS\/calib\/unbounded$/, ours: /missing/, why: `camera RUN: ${CURATED}` },
  { aspect: 'collection', key: /^LATISS\/calib\/curated\/\d{8}T\d{6}Z$/, ours: /missing/, why: `defects RUNs: ${CURATED}` },
  { aspect: 'datasetType', key: /^(camera|defects)$/, ours: /missing/, why: CURATED },
  { aspect: 'dataset', key: /^camera \| LATISS\/calib\/unbounded \| instrument=LATISS \| /, ours: /missing/, why: CURATED },
  { aspect: 'dataset', key: /^defects \| LATISS\/calib\/curated\/\d{8}T\d{6}Z \| detector=0,instrument=LATISS \| /, ours: /missing/, why: CURATED },
  { aspect: 'validity', key: /^(camera|defects) \| LATISS\/calib \| /, ours: /missing/, why: `certification of a ${CURATED}` },
];

describeFixtures('conversion of obs_lsst LATISS against the reference converter output', () => {
  let plan: ConversionPlan;
  let ours: RepoModel;
  let reference: RepoModel;
  beforeAll(async () => {
    plan = await planConversion({ gen2Root: fixture('obs_lsst_gen2/data/input/latiss'), converter: lsstConverter, policyPath: [fixture()] });
    ours = modelFromPlan(plan, defaultUniverse(), 'required');
    reference = modelFromReferenceSqlite(fixture('obs_lsst_gen3_converted/data/input/latiss/gen3.sqlite3'));
  });

  it('reads a non-trivial reference', () => {
    expect(reference.datasets.size).toBe(5);
    expect(reference.validity.size).toBe(4);
    expect(reference.collections.get('LATISS/calib')).toEqual({ type: 'CALIBRATION' });
    expect(reference.datasetTypes.get('bias')).toEqual({ dimensions: ['detector', 'instrument'], storageClass: 'ExposureF', isCalibration: true });
  });

  it('plans the same collections, dataset types, datasets and validity ranges, up to the listed differences', () => {
    const differences = compareModels(ours, reference);
    const { unexplained, unused } = explainDifferences(differences, EXPECTED);
    expect(unexplained).toEqual([]);
    expect(unused.filter((e) => EXPECTED.includes(e)).map((e) => e.why)).toEqual([]);
    // What must agree, stated positively: the converted raw and bias, their runs, and the bias validity.
    for (const k of reference.datasets) if (/^(raw|bias) /.test(k)) expect(ours.datasets).toContain(k);
    for (const k of reference.validity) if (k.startsWith('bias ')) expect(ours.validity).toContain(k);
  });

  it('writes a repository (applyPlan, direct) that matches the reference the same way, and verifies', async () => {
    await expectAppliedMatchesReference(plan, ours, reference, EXPECTED, { dimensions: 'required', policyPath: [fixture()] });
  });

});
