import type { DataId } from '../results/results-schema.js';

/** `visit=903334 detector=10`, keys in the order given; `—` for none. */
export function formatDataId(dataId: DataId | undefined): string {
  if (!dataId) return '—';
  const entries = Object.entries(dataId);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(' ') : '{}';
}

/** Bytes with a binary unit: `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** Seconds, `12.3 s` or `4 min 5 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** A number for tables: integers with separators, others with up to 4 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e-3 && abs < 1e6 ? Number(value.toPrecision(4)).toString() : value.toExponential(3);
}
