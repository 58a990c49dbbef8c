import type { Gen2DataId } from '../../gen2/data-id.js';
import { Gen2LookupError } from '../../gen2/errors.js';
import { AmbiguousCalibrationError, type Registry } from '../../gen3/registry/index.js';
import { isoToTaiNs, type Timespan } from '../../gen3/time/index.js';
import type { ProgressBar } from '../../log/progress.js';
import type { ConversionPlan, PlannedDataset } from '../plan/plan-model.js';
import type { Gen2Views } from './gen2-views.js';
import type { Gen3File } from './gen3-files.js';
import { sameFile, type SameFileResult } from './same-file.js';
import type { VerifyCalibrationCounts, VerifyMismatch } from './verify-report.js';

const strip = (p: string) => p.replace(/\.(gz|fz)$/, '');
const DETECTOR_KEYS = ['ccd', 'ccdnum', 'detector'];

/** A raw as both sides see it: its Gen2 registry row and its planned Gen3 dataset. */
interface RawPair {
  readonly gen2: Gen2DataId;
  readonly gen3: PlannedDataset;
}

/** Gen2 raw registry rows with a converted file, paired with the planned raw dataset. */
function rawPairs(plan: ConversionPlan, gen2: Gen2Views): RawPair[] {
  const butler = gen2.root;
  const planned = new Map<string, PlannedDataset[]>();
  for (const d of plan.datasets) {
    if (d.datasetType !== 'raw' || d.source !== 'root') continue;
    const k = strip(d.relPath);
    const list = planned.get(k) ?? [];
    list.push(d);
    planned.set(k, list);
  }
  if (planned.size === 0 || !butler.repository.registry) return [];
  const registry = butler.rawRegistry();
  const table = butler.mapping('raw').tables[0] ?? 'raw';
  if (!registry.hasTable(table)) return [];
  const template = butler.template('raw');
  const columns = registry.columns(table).map((c) => c.name).filter((c) => c !== 'id');
  const out: RawPair[] = [];
  for (const row of registry.queryDistinct({ tables: [table], select: columns })) {
    const id = Object.fromEntries(Object.entries(row).filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined)) as Gen2DataId;
    let loc;
    try {
      loc = template.formatWithHdu(id);
    } catch {
      continue;
    }
    const candidates = planned.get(strip(loc.path));
    if (!candidates) continue;
    const detector = DETECTOR_KEYS.map((k) => id[k]).find((v) => typeof v === 'number');
    const match =
      candidates.length === 1
        ? candidates[0]
        : (candidates.find((c) => loc.hdu !== undefined && c.hdu === loc.hdu) ?? candidates.find((c) => detector !== undefined && c.dataId.detector === detector));
    if (match) out.push({ gen2: id, gen3: match });
  }
  return out;
}

interface Exposure {
  readonly timespan: Timespan | undefined;
  readonly physicalFilter: string | undefined;
}

/**
 * Checks that, for every converted raw and every certified calibration dataset type, the Gen2
 * calibration lookup (`CalibrationMapping.lookup`: reference columns, validity range over the raw's
 * observation time) and Gen3's find-first lookup in the CALIBRATION collection (over the raw's
 * exposure timespan from the Gen3 exposure record, else its Gen2 observation time) find the same file.
 */
export async function verifyCalibrations(
  plan: ConversionPlan,
  registry: Registry,
  files: ReadonlyMap<string, readonly Gen3File[]>,
  gen2: Gen2Views,
  startBar: (total: number) => ProgressBar,
): Promise<{ counts: VerifyCalibrationCounts; mismatches: VerifyMismatch[] }> {
  const certified = new Map<string, string>();
  for (const c of plan.certifications) if (!certified.has(c.datasetType)) certified.set(c.datasetType, c.collection);
  const types = plan.datasetTypes.filter((t) => t.isCalibration && certified.has(t.name)).map((t) => t.name);
  const mismatches: VerifyMismatch[] = [];
  const counts = { raws: 0, datasetTypes: types, lookups: 0, matched: 0, bothMissing: 0, gen2Ambiguous: 0, byExposureTimespan: 0 };
  if (types.length === 0) return { counts, mismatches };
  const pairs = rawPairs(plan, gen2);
  counts.raws = pairs.length;
  const bar = startBar(pairs.length * types.length);
  const butler = gen2.root;
  const calibByPath = new Map<string, PlannedDataset[]>();
  for (const d of plan.datasets) {
    if (d.source !== 'calib') continue;
    const list = calibByPath.get(d.path) ?? [];
    list.push(d);
    calibByPath.set(d.path, list);
  }
  const filterBand = new Map(plan.instrumentRecords.physical_filter.map((f) => [f.name, f.band]));
  // The exposure records of each instrument, read once (one query, not one per raw).
  const exposureRecords = new Map<string, Promise<Map<string, Record<string, unknown>>>>();
  const recordsOf = (instrument: string): Promise<Map<string, Record<string, unknown>>> => {
    let p = exposureRecords.get(instrument);
    if (!p) {
      p = registry.queryDimensionRecords('exposure', { instrument }).then(
        (rows) => new Map(rows.map((r) => [String(r.id), r])),
        () => new Map(),
      );
      exposureRecords.set(instrument, p);
    }
    return p;
  };
  const exposures = new Map<string, Exposure>();
  const exposureOf = async (raw: PlannedDataset): Promise<Exposure> => {
    const key = `${String(raw.dataId.instrument)}|${String(raw.dataId.exposure)}`;
    let e = exposures.get(key);
    if (!e) {
      const record = raw.dataId.exposure !== undefined ? (await recordsOf(raw.dataId.instrument as string)).get(String(raw.dataId.exposure)) : undefined;
      const ts = record?.timespan as Timespan | null | undefined;
      e = { timespan: ts ?? undefined, physicalFilter: typeof record?.physical_filter === 'string' ? record.physical_filter : undefined };
      exposures.set(key, e);
    }
    return e;
  };
  // Many raws pick the same calibration: each (Gen2 file, Gen3 file) pair is compared once.
  const compared = new Map<string, Promise<SameFileResult>>();
  const sameCalibration = (a: string, b: string): Promise<SameFileResult> => {
    const key = `${a}\u0000${b}`;
    let p = compared.get(key);
    if (!p) compared.set(key, (p = sameFile(a, b)));
    return p;
  };
  const dimsOf = new Map<string, readonly string[]>();
  for (const t of types) dimsOf.set(t, (await registry.findDatasetType(t))?.dimensions ?? plan.datasetTypes.find((p) => p.name === t)!.dimensions);

  for (const pair of pairs) {
    const exposure = await exposureOf(pair.gen3);
    for (const type of types) {
      bar.tick();
      counts.lookups++;
      const base = { kind: 'calibration' as const, datasetType: type, dataId: pair.gen3.dataId, gen2DataId: pair.gen2 };
      // Gen2 side.
      let gen2Path: string | undefined;
      let gen2Problem: string | undefined;
      let ambiguous = false;
      try {
        gen2Path = butler.locate(type, { ...pair.gen2 }).path;
      } catch (e) {
        if (!(e instanceof Gen2LookupError)) throw e;
        ambiguous = /\d+ registry rows match/.test(e.message) && !/no registry row/.test(e.message);
        gen2Problem = e.message;
      }
      // Gen3 side: the raw's data ID and time.
      let timespan = exposure.timespan;
      if (timespan) counts.byExposureTimespan++;
      else {
        const column = butler.mapping(type).obsTimeName ?? butler.mapper.obsTimeColumn;
        const value = pair.gen2[column];
        if (value !== undefined) {
          const t = isoToTaiNs(String(value), 'tai');
          timespan = { begin: t, end: t + 1n };
        }
      }
      const gen2Planned = gen2Path ? calibByPath.get(gen2Path)?.find((d) => d.datasetType === type) : undefined;
      const physicalFilter = exposure.physicalFilter ?? (gen2Planned?.dataId.physical_filter as string | undefined) ?? (typeof pair.gen2.filter === 'string' && filterBand.has(pair.gen2.filter) ? pair.gen2.filter : undefined);
      const dims = dimsOf.get(type)!;
      const dataId: Record<string, unknown> = {};
      for (const d of dims) {
        if (d === 'physical_filter') dataId[d] = physicalFilter;
        else if (d === 'band') dataId[d] = physicalFilter !== undefined ? filterBand.get(physicalFilter) : gen2Planned?.dataId.band;
        else dataId[d] = pair.gen3.dataId[d] ?? gen2Planned?.dataId[d];
      }
      let gen3Path: string | undefined;
      let gen3Problem: string | undefined;
      if (!timespan) gen3Problem = 'no exposure timespan and no Gen2 observation time for the raw';
      else if (dims.some((d) => dataId[d] === undefined)) gen3Problem = `cannot form the Gen3 data ID (${dims.filter((d) => dataId[d] === undefined).join(', ')} unknown)`;
      else {
        try {
          const ref = await registry.findDataset(type, dataId, [certified.get(type)!], { timespan });
          if (ref) {
            gen3Path = files.get(ref.id)?.[0]?.path;
            if (!gen3Path) gen3Problem = `dataset ${ref.id} has no datastore record`;
          }
        } catch (e) {
          if (!(e instanceof AmbiguousCalibrationError)) throw e;
          gen3Problem = e.message;
        }
      }
      if (ambiguous) {
        counts.gen2Ambiguous++;
        continue;
      }
      if (gen2Path === undefined && gen3Path === undefined && gen3Problem === undefined) {
        counts.bothMissing++;
        continue;
      }
      if (gen2Path === undefined || gen3Path === undefined) {
        const reason = [gen2Path === undefined ? `Gen2 finds none (${gen2Problem ?? 'no file'})` : 'Gen2 finds one', gen3Path === undefined ? `Gen3 finds none${gen3Problem ? ` (${gen3Problem})` : ''}` : 'Gen3 finds one'].join('; ');
        mismatches.push({ ...base, gen2Path, gen3Path, reason });
        continue;
      }
      const same = await sameCalibration(gen2Path, gen3Path);
      if (same.same) counts.matched++;
      else mismatches.push({ ...base, gen2Path, gen3Path, reason: `different calibrations: ${same.reason}` });
    }
  }
  bar.done();
  return { counts, mismatches };
}
