/** Conversion planning: pure apart from reading the Gen2 repository; what `--dry-run` prints. */
export * from './plan-model.js';
export { planConversion, type PlanConversionOptions } from './plan-conversion.js';
export { repairValidity, VALIDITY_REPAIR_LIMIT_NS, type ValidityDiscontinuity, type ValidityRange } from './validity-repair.js';
export { renderPlanText } from './render-plan-text.js';
export { parsePlan, serializePlan } from './plan-file.js';
