/**
 * The datasets of the reference pipeline, by their neutral (Gen3) names, with what each generation
 * calls and stores them as. Gen3 dimensions and storage classes are those the demo converter and the
 * demo mapper policy declare for the Gen2 dataset type (checked by a unit test), so the harness can
 * pair outputs by translating Gen2 data IDs exactly as conversion does.
 */

/** How a dataset is stored: FITS (images, masked images, catalogs) or a pex_config Python dump. */
export type PipelineDatasetFormat = 'fits' | 'config';

/** One dataset type the pipeline reads or writes. */
export interface PipelineDatasetType {
  /** Gen3 name (the name tasks use). */
  readonly name: string;
  /** Gen2 name in the mapper policy. */
  readonly gen2Name: string;
  /** Gen3 required dimensions (without the ones the universe adds, e.g. `band`). */
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  readonly format: PipelineDatasetFormat;
  readonly isCalibration: boolean;
  /** Written by the pipeline (false: an input). */
  readonly output: boolean;
}

const exposureLevel = ['instrument', 'visit', 'detector'] as const;

/** Every dataset type of the reference pipeline, inputs first. */
export const PIPELINE_DATASET_TYPES: readonly PipelineDatasetType[] = [
  { name: 'raw', gen2Name: 'raw', dimensions: ['instrument', 'exposure', 'detector'], storageClass: 'Exposure', format: 'fits', isCalibration: false, output: false },
  { name: 'bias', gen2Name: 'bias', dimensions: ['instrument', 'detector'], storageClass: 'ExposureF', format: 'fits', isCalibration: true, output: false },
  { name: 'flat', gen2Name: 'flat', dimensions: ['instrument', 'detector', 'physical_filter'], storageClass: 'ExposureF', format: 'fits', isCalibration: true, output: false },
  { name: 'postISRCCD', gen2Name: 'postISRCCD', dimensions: exposureLevel, storageClass: 'ExposureF', format: 'fits', isCalibration: false, output: true },
  { name: 'calexp', gen2Name: 'calexp', dimensions: exposureLevel, storageClass: 'ExposureF', format: 'fits', isCalibration: false, output: true },
  { name: 'src', gen2Name: 'src', dimensions: exposureLevel, storageClass: 'SourceCatalog', format: 'fits', isCalibration: false, output: true },
  { name: 'visitSummary', gen2Name: 'visitSummary', dimensions: ['instrument', 'visit'], storageClass: 'ExposureCatalog', format: 'fits', isCalibration: false, output: true },
  { name: 'isr_config', gen2Name: 'demoIsr_config', dimensions: [], storageClass: 'Config', format: 'config', isCalibration: false, output: true },
  { name: 'detect_config', gen2Name: 'demoDetect_config', dimensions: [], storageClass: 'Config', format: 'config', isCalibration: false, output: true },
];

/** The pipeline dataset types by Gen3 name. */
export const PIPELINE_DATASETS: ReadonlyMap<string, PipelineDatasetType> = new Map(PIPELINE_DATASET_TYPES.map((d) => [d.name, d]));

/** A pipeline dataset type by (Gen3) name, or undefined. */
export function pipelineDatasetType(name: string): PipelineDatasetType | undefined {
  return PIPELINE_DATASETS.get(name);
}
