/** Constants and message types shared by the registry-insert benchmark and its worker. */
import path from 'node:path';

export const INSTRUMENT = 'DemoCam';
export const RUN = 'DemoCam/raw/all';
/** First exposure id; exposure e is EXPOSURE0 + e. */
export const EXPOSURE0 = 2020010200000;
/** A formatter class importable in the interop venv (daf_butler imports it on ingest); written on both sides. */
export const RAW_FORMATTER = 'lsst.daf.butler.formatters.json.JsonFormatter';

/** The file of raw (exposure, detector): `<filesDir>/<exposure>/<detector>.fits` (the Python side uses the same layout). */
export function rawFilePath(filesDir: string, exposure: number, detector: number): string {
  return path.join(filesDir, String(exposure), `${detector}.fits`);
}

/** What the worker is asked to do. */
export interface WorkerOptions {
  readonly label: string;
  /** Repository root (butler.yaml; the SQLite file when `db` is absent). */
  readonly root: string;
  /** PostgreSQL URL, or absent for SQLite. */
  readonly db?: string;
  readonly filesDir: string;
  readonly n: number;
  readonly detectors: number;
  readonly batch: number;
  readonly lookups: number;
}

/** What the worker measured. */
export interface WorkerResult {
  readonly label: string;
  readonly n: number;
  readonly batch: number;
  readonly setupMs: number;
  readonly insertMs: number;
  readonly datasetsPerSecond: number;
  readonly firstBatchMs: number;
  readonly lastBatchMs: number;
  readonly medianBatchMs: number;
  readonly lookupP50Ms: number;
  readonly lookupP95Ms: number;
  readonly lookupMisses: number;
  /** `process.resourceUsage().maxRSS` of the worker, MiB. */
  readonly maxRssMiB: number;
}
