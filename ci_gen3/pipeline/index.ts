/**
 * The reference pipeline (ARCHITECTURE §7, issue #6 item 3(b)): ISR, detection and the per-visit
 * gather, written once against {@link NeutralButler} and run through a Gen2 and a Gen3 butler.
 */
export { PipelineDatasetNotFoundError, PipelineError, formatNeutralDataId } from './errors.js';
export type { DatasetContent, LookupOptions, NeutralButler, NeutralDataId, ObservationInfo, StoredDataset } from './neutral-butler.js';
export { Gen2NeutralButler, rerunRepositoryCfg, type Gen2NeutralButlerOptions } from './gen2-neutral-butler.js';
export { Gen3NeutralButler, type Gen3NeutralButlerOptions } from './gen3-neutral-butler.js';
export { PIPELINE_DATASET_TYPES, PIPELINE_DATASETS, pipelineDatasetType, type PipelineDatasetType } from './pipeline-datasets.js';
export { CONFIG_CLASSES, TASK_UNITS, configDump, referenceStepDataIds, referenceTaskDataIds, referenceTasks, type ReferenceTaskOptions } from './reference-pipeline.js';
export { DEFAULT_DETECT_CONFIG, DEFAULT_ISR_CONFIG, type DetectConfig, type IsrConfig } from './task-config.js';
export type { GatherOrder } from './tasks/visit-summary.js';
export { openReferenceButler, type OpenReferenceButlerOptions } from './open-reference-butler.js';
