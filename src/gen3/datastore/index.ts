export { FileTemplateError, TransferError } from './errors.js';
export { pythonFloatRepr, pythonFormat, type TemplateValue } from './python-format-spec.js';
export { parseTemplate, type TemplatePart } from './template-parser.js';
export {
  skypixAlias,
  splitDatasetTypeName,
  type DataIdKeyValue,
  type TemplateDatasetType,
  type TemplateDimensions,
  type TemplateRecord,
  type TemplateRef,
} from './template-ref.js';
export { FileTemplate, type FieldGroups, type TemplateValidationTarget } from './file-template.js';
export { DEFAULT_FILE_TEMPLATES } from './default-templates.js';
export {
  FileTemplates,
  conformerFromUniverse,
  lookupKeyToString,
  type DimensionClosureSource,
  type DimensionConformer, type FileTemplatesConfig, type LookupKey } from './file-templates.js';
export { fileExtension, fileUri, fileUriToPath, pathInRoot } from './file-uri.js';
export { fileChecksum } from './checksum.js';
export {
  DEFAULT_DATASTORE_NAME,
  FILE_DATASTORE_RECORDS_TABLE,
  NULL_COMPONENT,
  datasetLocationRow,
  rowForEngine,
  type DatasetLocationRow,
  type FileDatastoreRecord,
} from './datastore-records.js';
export { TRANSFER_MODES, isTransferMode, resolveTransferMode, type FileOperation, type TransferMode } from './transfer-mode.js';
export { planTransfer, planTransfers, type PlanTransferOptions, type TransferPlan, type TransferPlanSet, type TransferRequest } from './transfer-plan.js';
export { TransferBatch, applyTransfer, ingestFiles, type TransferBatchOptions } from './transfer-batch.js';
