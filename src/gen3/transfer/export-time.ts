import { isoToTaiNs, taiNsToIso } from '../time/index.js';
import type { ExportTime } from './export-model.js';

/** An {@link ExportTime} from TAI nanoseconds, formatted as daf_butler writes times (astropy `iso`, 9 digits). */
export function exportTimeFromTaiNs(ns: bigint): ExportTime {
  return { kind: 'time', tai: taiNsToIso(ns, 'tai', { separator: ' ', precision: 9 }) };
}

/** TAI nanoseconds of an {@link ExportTime}, clamped to daf_butler's storable range as on insert. */
export function exportTimeToTaiNs(time: ExportTime): bigint {
  return isoToTaiNs(time.tai, 'tai');
}

const NATIVE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(\.\d*)?(?:[ \t]*(Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;

/**
 * Converts a native YAML 1.1 timestamp of an old export (PyYAML `datetime`, which daf_butler reads as
 * UTC) into the TAI {@link ExportTime} daf_butler would write for it.
 */
export function exportTimeFromUtcTimestamp(text: string): ExportTime {
  const m = NATIVE.exec(text.trim());
  if (!m) throw new RangeError(`not a YAML timestamp: '${text}'`);
  const p2 = (s: string | undefined): string => (s ?? '0').padStart(2, '0');
  const iso = `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${m[7] && m[7] !== '.' ? m[7] : ''}`;
  let ns = isoToTaiNs(iso, 'utc', { clamp: false });
  const tz = m[8];
  if (tz && tz !== 'Z') {
    const [h, mi] = tz.slice(1).split(':');
    const offset = BigInt(Number(h) * 3600 + Number(mi ?? 0) * 60) * 1_000_000_000n;
    ns = tz.startsWith('-') ? ns + offset : ns - offset;
  }
  return exportTimeFromTaiNs(ns);
}
