import type { DataId } from '../../src/results/results-schema.js';

/** One output dataset of one side: its data ID (Gen2 keys or Gen3 dimensions) and its file. */
export interface OutputFile {
  readonly dataId: DataId;
  /** Absolute path of the file. */
  readonly path: string;
}

/**
 * The outputs of one side, by dataset type (the side's own name). A dataset type absent from
 * `byType` has no outputs; one listed in `unknown` is not defined on that side at all.
 */
export interface SideOutputs {
  readonly side: 'gen2' | 'gen3';
  /** Where the outputs were read (rerun directory, repository + collections), for messages. */
  readonly location: string;
  readonly byType: ReadonlyMap<string, readonly OutputFile[]>;
  /** Requested dataset types the side does not define (Gen2 policy, Gen3 registry), with the reason. */
  readonly unknown: ReadonlyMap<string, string>;
}

/** `ccd=1,visit=2` (keys sorted, values as text): a stable key for a data ID. */
export function dataIdText(dataId: DataId): string {
  return Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${String(dataId[k])}`)
    .join(',');
}

/** True when every key of `pattern` has the same value (compared as text) in `dataId`. */
export function dataIdMatches(pattern: DataId, dataId: DataId | undefined): boolean {
  if (!dataId) return false;
  return Object.entries(pattern).every(([k, v]) => dataId[k] !== undefined && String(dataId[k]) === String(v));
}
