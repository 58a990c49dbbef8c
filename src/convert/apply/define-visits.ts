import { Registry, type DimensionRecord } from '../../gen3/registry/index.js';
import type { Repository } from '../../gen3/repo/index.js';
import { UsageError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import type { VisitsOutcome } from './conversion-report.js';

/** obs_base's one-to-one visit system: id 0, name `one-to-one`. */
export const ONE_TO_ONE_VISIT_SYSTEM = { id: 0, name: 'one-to-one' } as const;

/** Options of {@link defineVisits}. */
export interface DefineVisitsOptions {
  /** Only exposures of `raw` datasets in these collections (default: every exposure of the instrument). */
  readonly collections?: readonly string[];
  /** Raw dataset type name. Default `raw`. */
  readonly rawDatasetType?: string;
  readonly logger?: Logger;
}

/** The one-to-one `visit` record of an `exposure` record (obs_base `_GroupExposuresOneToOneTask`: visit id = exposure id, name = obs_id). */
export function visitOfExposure(exposure: Readonly<Record<string, unknown>>): DimensionRecord {
  return {
    instrument: exposure.instrument,
    id: exposure.id,
    name: exposure.obs_id,
    physical_filter: exposure.physical_filter,
    day_obs: exposure.day_obs,
    seq_num: exposure.seq_num ?? null,
    exposure_time: exposure.exposure_time ?? null,
    target_name: exposure.target_name ?? null,
    observation_reason: exposure.observation_reason ?? null,
    science_program: exposure.science_program ?? null,
    azimuth: exposure.azimuth ?? null,
    zenith_angle: exposure.zenith_angle ?? null,
    region: null,
    timespan: exposure.timespan ?? null,
  };
}

/**
 * `define-visits` with the one-to-one visit system (obs_base `DefineVisitsTask` with
 * `groupExposures: one-to-one`): one visit per science exposure, written as `visit_system`,
 * `visit`, `visit_definition` and `visit_system_membership` records, insert-or-verify-identical
 * (re-running changes nothing), in one transaction. Non-science exposures (`observation_type` other
 * than `science`) get no visit, as in obs_base. Visit regions and `visit_detector_region` are not
 * computed (that needs the camera geometry and raw WCS): see src/convert/README.md.
 * @throws UsageError when the instrument is not registered.
 */
export async function defineVisits(repo: Repository, instrument: string, options: DefineVisitsOptions = {}): Promise<VisitsOutcome> {
  const logger = (options.logger ?? silentLogger).child('convert:define-visits');
  const registry = Registry.of(repo);
  const known = await registry.queryDimensionRecords('instrument', { instrument });
  if (known.length === 0) throw new UsageError(`instrument ${instrument} is not registered in ${repo.root}`);
  let exposures = await registry.queryDimensionRecords('exposure', { instrument });
  if (options.collections && options.collections.length > 0) {
    const raws = await registry.queryDatasets(options.rawDatasetType ?? 'raw', options.collections);
    const ids = new Set(raws.filter((r) => r.dataId.instrument === instrument).map((r) => String(r.dataId.exposure)));
    exposures = exposures.filter((e) => ids.has(String(e.id)));
  }
  const science = exposures.filter((e) => e.observation_type === 'science');
  const skipped = exposures.length - science.length;
  if (science.length === 0) {
    logger.info('no-science-exposures', { instrument, skipped });
    return { visitSystem: ONE_TO_ONE_VISIT_SYSTEM.name, defined: 0, present: 0, skipped };
  }
  const defined = await registry.transaction(async (r) => {
    await r.syncDimensionRecords('visit_system', [{ instrument, ...ONE_TO_ONE_VISIT_SYSTEM }]);
    const n = await r.syncDimensionRecords('visit', science.map(visitOfExposure));
    await r.syncDimensionRecords('visit_definition', science.map((e) => ({ instrument, exposure: e.id, visit: e.id })));
    await r.syncDimensionRecords('visit_system_membership', science.map((e) => ({ instrument, visit: e.id, visit_system: ONE_TO_ONE_VISIT_SYSTEM.id })));
    return n;
  });
  logger.info('visits-defined', { instrument, defined, present: science.length - defined, skipped });
  return { visitSystem: ONE_TO_ONE_VISIT_SYSTEM.name, defined, present: science.length - defined, skipped };
}
