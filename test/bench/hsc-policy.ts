import { existsSync } from 'node:fs';
import path from 'node:path';
import { lookupMapper } from '../../src/gen2/mapper-catalog.js';
import { fileDatasetTypes, loadMapperPolicy } from '../../src/gen2/policy/index.js';
import { Gen2Template } from '../../src/gen2/templates/index.js';
import type { WalkTargetSpec } from '../../src/gen2/walker/index.js';

/**
 * Every non-calibration file template of the real merged HSC policy (obs_base under obs_subaru), read from
 * the shared fixtures (`GEN2TO3_FIXTURES`, default `../shared/fixtures` from the working directory).
 */
export function hscWalkTargets(): WalkTargetSpec[] {
  const fixtures = path.resolve(process.env.GEN2TO3_FIXTURES ?? path.join('..', 'shared', 'fixtures'));
  if (!existsSync(path.join(fixtures, 'obs_subaru'))) throw new Error(`the walk benchmark reads the HSC policy from ${fixtures}; set GEN2TO3_FIXTURES`);
  const policy = loadMapperPolicy({ mapper: lookupMapper('lsst.obs.hsc.HscMapper')!, searchPath: [fixtures] });
  return fileDatasetTypes(policy)
    .filter((m) => m.section !== 'calibrations')
    .map((m) => ({ datasetType: m.name, template: Gen2Template.parse(m.template!) }));
}
