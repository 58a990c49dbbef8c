/**
 * Test helper: a Gen3 repository converted from a demo Gen2 repository with `planConversion(...)`,
 * written either by the conversion itself (`applyPlan` + `defineVisits`, the default) or — to test
 * the pipeline independently of it — through the public Registry API (dimension records, dataset
 * types, RUN / CALIBRATION / CHAINED collections, datasets with `direct` file records,
 * certifications; exposure and one-to-one visit records from the Gen2 raw registry).
 */
import path from 'node:path';
import { demoPolicyDir } from '../../../../../ci_gen3/demo/demo-instrument.js';
import { demoConverter } from '../../../../../converters/demo/index.js';
import { applyPlan, defineVisits } from '../../../../../src/convert/apply/index.js';
import { planConversion } from '../../../../../src/convert/plan/index.js';
import type { ConversionPlan } from '../../../../../src/convert/plan/plan-model.js';
import { Gen2Registry } from '../../../../../src/gen2/registry/index.js';
import { fileUri, NULL_COMPONENT } from '../../../../../src/gen3/datastore/index.js';
import { DEFAULT_FORMATTERS } from '../../../../../src/convert/formatters.js';
import { Registry } from '../../../../../src/gen3/registry/registry.js';
import type { DatasetRef } from '../../../../../src/gen3/registry/dataset-ref.js';
import { createRepository, openRepository } from '../../../../../src/gen3/repo/index.js';
import { isoToTaiNs, makeTimespan } from '../../../../../src/gen3/time/index.js';

/** What {@link buildGen3DemoRepo} made. */
export interface Gen3DemoRepo {
  readonly root: string;
  readonly plan: ConversionPlan;
  readonly instrument: string;
}

/** Converts the demo Gen2 repository at `gen2Root` into a new Gen3 repository at `root`. */
export async function buildGen3DemoRepo(gen2Root: string, root: string, options: { via?: 'applyPlan' | 'registry'; visitDefinitions?: boolean } = {}): Promise<Gen3DemoRepo> {
  const plan = await planConversion({ gen2Root, converter: demoConverter, policyPath: [demoPolicyDir()] });
  await createRepository(root);
  const repo = await openRepository(root);
  try {
    if ((options.via ?? 'applyPlan') === 'applyPlan') {
      await applyPlan(plan, repo, { transfer: 'symlink' });
      if (options.visitDefinitions !== false) await defineVisits(repo, plan.instrument);
      return { root, plan, instrument: plan.instrument };
    }
    const registry = Registry.of(repo);
    const instrument = plan.instrument;
    const rec = plan.instrumentRecords;
    const raw = Gen2Registry.open(path.join(gen2Root, 'registry.sqlite3'));
    let rows;
    try {
      rows = raw.queryDistinct({ tables: ['raw_visit'], select: ['visit', 'filter', 'dateObs', 'taiObs'] });
    } finally {
      raw.close();
    }
    const expTime = 30;
    const exposures = rows.map((r) => {
      const begin = isoToTaiNs(String(r.taiObs), 'tai');
      const dayObs = Number(String(r.dateObs).replaceAll('-', ''));
      return { id: Number(r.visit), filter: String(r.filter), dayObs, timespan: makeTimespan(begin, begin + BigInt(expTime) * 1_000_000_000n) };
    });
    const dayObs = [...new Set(exposures.map((e) => e.dayObs))].sort();
    await registry.insertDimensionData({
      instrument: [{ ...rec.instrument }],
      detector: rec.detector.map((d) => ({ ...d })),
      physical_filter: rec.physical_filter.map((f) => ({ ...f })),
      day_obs: dayObs.map((id) => ({ instrument, id })),
      group: exposures.map((e) => ({ instrument, name: `G${e.id}` })),
      exposure: exposures.map((e) => ({
        instrument,
        id: e.id,
        obs_id: `DEMO_${e.id}`,
        physical_filter: e.filter,
        group: `G${e.id}`,
        day_obs: e.dayObs,
        exposure_time: expTime,
        observation_type: 'science',
        timespan: e.timespan,
      })),
      visit: exposures.map((e) => ({ instrument, id: e.id, name: `DEMO_${e.id}`, physical_filter: e.filter, day_obs: e.dayObs, exposure_time: expTime, timespan: e.timespan })),
      ...(options.visitDefinitions === false ? {} : { visit_definition: exposures.map((e) => ({ instrument, exposure: e.id, visit: e.id })) }),
    });
    for (const t of plan.datasetTypes) await registry.registerDatasetType({ name: t.name, dimensions: t.dimensions, storageClass: t.storageClass, isCalibration: t.isCalibration });
    for (const c of plan.collections) await registry.registerCollection(c.name, c.type);
    for (const c of plan.collections) if (c.type === 'CHAINED' && c.children) await registry.setCollectionChain(c.name, c.children);
    const refs = new Map<string, DatasetRef>();
    const key = (type: string, run: string, dataId: object) => `${type}|${run}|${JSON.stringify(Object.entries(dataId).sort())}`;
    const groups = new Map<string, (typeof plan.datasets)[number][]>();
    for (const d of plan.datasets) {
      const k = `${d.datasetType}|${d.run}`;
      groups.set(k, [...(groups.get(k) ?? []), d]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const type = plan.datasetTypes.find((t) => t.name === first.datasetType)!;
      const inserted = await registry.insertDatasets(first.datasetType, first.run, group.map((d) => d.dataId), { idMode: first.datasetType === 'raw' ? 'DATAID_TYPE_RUN' : 'UNIQUE' });
      inserted.forEach((ref, i) => refs.set(key(first.datasetType, first.run, group[i]!.dataId), ref));
      await registry.insertFileRecords(
        inserted.map((ref, i) => ({
          dataset_id: ref.id,
          path: fileUri(group[i]!.path),
          formatter: group[i]!.formatter ?? DEFAULT_FORMATTERS[type.storageClass] ?? 'lsst.daf.butler.formatters.file.FileFormatter',
          storage_class: type.storageClass,
          component: NULL_COMPONENT,
          checksum: null,
          file_size: -1,
        })),
      );
    }
    for (const c of plan.certifications) {
      const ref = refs.get(key(c.datasetType, c.run, c.dataId));
      if (!ref) throw new Error(`no dataset for certification ${c.datasetType} ${JSON.stringify(c.dataId)}`);
      await registry.certify(c.collection, [ref], makeTimespan(BigInt(c.begin), BigInt(c.end)));
    }
    return { root, plan, instrument };
  } finally {
    await repo.close();
  }
}
