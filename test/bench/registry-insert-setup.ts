/** The repository contents both registry-insert workers start from (dimension records, `raw`, the RUN). */
import type { Registry } from '../../src/gen3/registry/index.js';
import { makeTimespan } from '../../src/gen3/time/index.js';
import { EXPOSURE0, INSTRUMENT, RUN, type WorkerOptions } from './registry-insert-shared.js';

/**
 * Inserts the DemoCam-like instrument, 2 physical filters, `opts.detectors` detectors and
 * ⌈n / detectors⌉ exposures (one group each, one day_obs), registers `raw(instrument, detector,
 * exposure)` and the RUN.
 */
export async function setUpInsertRepository(registry: Registry, opts: Pick<WorkerOptions, 'n' | 'detectors'>): Promise<void> {
  const nExposures = Math.ceil(opts.n / opts.detectors);
  const T0 = 1577934245000000000n;
  await registry.insertDimensionData({
    instrument: [{ name: INSTRUMENT, visit_max: 10 ** 8, visit_system: 0, exposure_max: 10 ** 14, detector_max: 1000, class_name: 'lsst.obs.demo.DemoCam' }],
    physical_filter: [
      { instrument: INSTRUMENT, name: 'demo-r', band: 'r' },
      { instrument: INSTRUMENT, name: 'demo-g', band: 'g' },
    ],
    detector: Array.from({ length: opts.detectors }, (_, d) => ({ instrument: INSTRUMENT, id: d, full_name: `D${String(d).padStart(3, '0')}`, purpose: 'SCIENCE' })),
    day_obs: [{ instrument: INSTRUMENT, id: 20200102 }],
  });
  for (let e0 = 0; e0 < nExposures; e0 += 5000) {
    const es = Array.from({ length: Math.min(5000, nExposures - e0) }, (_, k) => e0 + k);
    await registry.insertDimensionData({
      group: es.map((e) => ({ instrument: INSTRUMENT, name: `g${e}` })),
      exposure: es.map((e) => ({
        instrument: INSTRUMENT,
        id: EXPOSURE0 + e,
        day_obs: 20200102,
        group: `g${e}`,
        physical_filter: e % 2 === 0 ? 'demo-r' : 'demo-g',
        obs_id: `DM_O_${String(e).padStart(7, '0')}`,
        seq_num: e,
        exposure_time: 30,
        dark_time: 30.5,
        observation_type: 'science',
        timespan: makeTimespan(T0 + BigInt(e) * 60_000_000_000n, T0 + BigInt(e) * 60_000_000_000n + 30_000_000_000n),
      })),
    });
  }
  await registry.registerDatasetType({ name: 'raw', dimensions: ['instrument', 'detector', 'exposure'], storageClass: 'Exposure' });
  await registry.registerRun(RUN);
}
