import { beforeAll, expect, it } from 'vitest';
import { hscConverter } from '../../../converters/hsc/index.js';
import { planConversion, type ConversionPlan } from '../../../src/convert/plan/index.js';
import { defaultUniverse } from '../../../src/gen3/dimensions/index.js';
import { describeFixtures, fixture } from '../../helpers/fixtures.js';
import { JOINTCAL_HSC_CONFIG, jointcalHscTree } from '../../helpers/jointcal-hsc-tree.js';
import { expectAppliedMatchesReference } from './apply-against-reference.js';
import { compareModels, explainDifferences, modelFromExport, modelFromPlan, type ExpectedDifference, type RepoModel } from './reference-model.js';

const CURATED = 'curated calibration written by the reference from obs_subaru / obs_subaru_data (Instrument.writeCuratedCalibrations); never fabricated by us (ARCHITECTURE §5)';
const PARTIAL_EXPORT = 'exports.yaml is the `butler export` of the datasets jointcal needs: it holds the RUN and CALIBRATION collections of those datasets and no CHAINED collection';

/**
 * Every way our conversion of testdata_jointcal/hsc (tree rebuilt from GEN2_TREE_LISTING.txt) may
 * differ from the reference export, and why. Dataset type dimensions are compared with implied
 * dimensions included (as an export lists them). Anything else fails, and so does a stale entry.
 */
const EXPECTED: readonly ExpectedDifference[] = [
  { aspect: 'collection', key: /^(refcats|HSC\/defaults)$/, ours: /^CHAINED/, reference: /missing/, why: PARTIAL_EXPORT },
  { aspect: 'collection', key: /^skymaps$/, ours: /^RUN$/, reference: /missing/, why: `${PARTIAL_EXPORT}; the converter's \`skymaps\` RUN holds no dataset here` },
  { aspect: 'collection', key: /^HSC\/calib\/unbounded$/, ours: /missing/, why: `RUN of the ${CURATED}` },
  {
    aspect: 'datasetType',
    key: /^(calexp|src|sourceTable_visit|visitSummary)$/,
    ours: /\(band, day_obs, (detector, )?instrument, physical_filter, visit\) /,
    reference: /\(band, (detector, )?instrument, physical_filter, visit, visit_system\) /,
    why: 'universe: in v8 `visit` implies `day_obs` and no longer `visit_system` (visit systems moved to visit_system_membership); the required dimensions agree',
  },
  {
    aspect: 'datasetType',
    key: /^raw$/,
    ours: /^\(band, day_obs, detector, exposure, group, instrument, physical_filter\) Exposure$/,
    reference: /^\(band, detector, exposure, instrument, physical_filter\) Exposure$/,
    why: 'universe: in v8 `exposure` also implies `day_obs` and `group` (dimensions added in universe v6); the required dimensions agree',
  },
  { aspect: 'datasetType', key: /^(camera|transmission_(atmosphere|filter|optics|sensor))$/, ours: /missing/, why: CURATED },
  { aspect: 'dataset', key: /^(camera|transmission_(atmosphere|filter|optics|sensor)) \| HSC\/calib\/unbounded \| /, ours: /missing/, why: CURATED },
  { aspect: 'validity', key: /^(camera|transmission_(atmosphere|filter|optics|sensor)) \| HSC\/calib \| .* \| 0 \| 4102444800000000000$/, ours: /missing/, why: `certification of a ${CURATED}` },
];

describeFixtures('conversion of testdata_jointcal/hsc against the reference export', () => {
  let plan: ConversionPlan;
  let ours: RepoModel;
  let reference: RepoModel;
  beforeAll(async () => {
    const root = jointcalHscTree();
    plan = await planConversion({ gen2Root: root, converter: hscConverter, policyPath: [fixture()], config: JOINTCAL_HSC_CONFIG });
    ours = modelFromPlan(plan, defaultUniverse(), 'all');
    reference = modelFromExport(fixture('testdata_jointcal/hsc/exports.yaml'));
  });

  it('plans the same collections, dataset types, datasets and validity ranges, up to the listed differences', () => {
    const differences = compareModels(ours, reference);
    const { unexplained, unused } = explainDifferences(differences, EXPECTED);
    expect(unexplained).toEqual([]);
    expect(unused.map((e) => e.why)).toEqual([]);
    // What must agree, stated positively: every Gen2 dataset the reference converted, with its run, data ID and path.
    const converted = [...reference.datasets].filter((k) => /\| (HSC\/raw\/all|HSC\/testdata|refcats\/gen2) \|/.test(k));
    expect(converted.length).toBeGreaterThan(100);
    for (const k of converted) expect(ours.datasets).toContain(k);
    expect([...ours.datasets].filter((k) => !reference.datasets.has(k))).toEqual([]);
  });

  it('writes a repository (applyPlan, direct) that matches the reference the same way, and verifies', async () => {
    await expectAppliedMatchesReference(plan, ours, reference, EXPECTED, { dimensions: 'all', policyPath: [fixture()] });
  });

});
