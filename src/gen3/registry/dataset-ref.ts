import type { DataId } from './data-id.js';

/** A dataset in the registry: id (dashed UUID), dataset type, RUN and required data ID. */
export interface DatasetRef {
  readonly id: string;
  readonly datasetType: string;
  readonly run: string;
  readonly dataId: DataId;
}
