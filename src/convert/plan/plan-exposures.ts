import type { Gen2DataId } from '../../gen2/data-id.js';
import { isoToTaiNs } from '../../gen3/time/index.js';
import type { PlannedExposure } from './plan-model.js';

function str(row: Gen2DataId, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = row[k];
    if (v !== undefined && v !== null && String(v) !== '') return String(v);
  }
  return undefined;
}

function num(row: Gen2DataId, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** `YYYY-MM-DD…` → `YYYYMMDD`, or undefined. */
function dayObsOf(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(\d{4})-?(\d{2})-?(\d{2})/.exec(text);
  return m ? Number(`${m[1]}${m[2]}${m[3]}`) : undefined;
}

/**
 * The Gen3 `exposure` record of a raw from its Gen2 raw registry row (the columns obs packages
 * write: `dayObs`/`seqNum`/`expGroup`/`obsid`/`imageType`/`object` for obs_lsst, `taiObs`/`dateObs`/
 * `expTime`/`field` for HSC-like cameras). Fields the registry lacks fall back as documented in
 * src/convert/README.md: obs_id and group = the exposure id, seq_num = the exposure id, observation type
 * `science`, dark time = exposure time. The timespan starts at `taiObs` (else a `dateObs` with a time,
 * both read as TAI) and lasts `expTime` seconds; without a time it is left out.
 */
export function exposureFromGen2Row(row: Gen2DataId, exposureId: number, physicalFilter: string): PlannedExposure {
  const start = str(row, 'taiObs', 'dateObs', 'date');
  const hasTime = start !== undefined && /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(start);
  const expTime = num(row, 'expTime', 'exptime');
  let begin: bigint | undefined;
  if (hasTime) {
    try {
      begin = isoToTaiNs(start.replace(' ', 'T'), 'tai');
    } catch {
      begin = undefined;
    }
  }
  const end = begin !== undefined ? begin + BigInt(Math.round((expTime ?? 0) * 1e9)) : undefined;
  const dayObs = dayObsOf(str(row, 'dayObs')) ?? dayObsOf(str(row, 'dateObs', 'date', 'taiObs')) ?? 19700101;
  const imageType = str(row, 'imageType', 'imagetype', 'obstype');
  return {
    id: exposureId,
    obs_id: str(row, 'obsid', 'obsId', 'frameId') ?? String(exposureId),
    physical_filter: physicalFilter,
    day_obs: dayObs,
    group: str(row, 'expGroup', 'group') ?? String(exposureId),
    exposure_time: expTime ?? null,
    dark_time: num(row, 'darkTime', 'darktime') ?? expTime ?? null,
    observation_type: imageType?.toLowerCase() ?? 'science',
    observation_reason: 'unknown',
    seq_num: num(row, 'seqNum') ?? exposureId,
    target_name: str(row, 'object', 'field') ?? null,
    science_program: str(row, 'proposal', 'propId') ?? 'unknown',
    begin: begin !== undefined && end !== undefined && end > begin ? begin.toString() : null,
    end: begin !== undefined && end !== undefined && end > begin ? end.toString() : null,
  };
}
